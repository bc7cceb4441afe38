"""The VNI and TCVN3 tables on real names and places, transcribed separately from the tables
(the names and communes desks see most): each converts to the Unicode spelling."""

from __future__ import annotations

import pytest

from dvc_cli.core.legacy_text import convert, from_tcvn3, from_vni

VNI = {
    "Nguyeãn": "Nguyễn", "Hoaøng": "Hoàng", "Thò": "Thị", "Tröông": "Trương",
    "Phöôøng": "Phường", "Haïc Thaønh": "Hạc Thành", "Thanh Hoùa": "Thanh Hóa",
    "Ñöôøng": "Đường", "Leâ Hoaøn": "Lê Hoàn", "AÙnh Tuyeát": "Ánh Tuyết", "Duõng": "Dũng",
    "Quyønh": "Quỳnh", "Ngoïc": "Ngọc", "Thuûy": "Thủy", "Löïc": "Lực", "Ñaëng": "Đặng",
    "Vuõ": "Vũ", "Baéc Ninh": "Bắc Ninh", "Haø Noäi": "Hà Nội", "Quaûng Ngaõi": "Quảng Ngãi",
    "Khaùnh": "Khánh", "Ñieän Bieân": "Điện Biên", "Hueá": "Huế", "Tröôøng Thi": "Trường Thi",
    "Hoà Chí Minh": "Hồ Chí Minh", "Ñoàng Thaùp": "Đồng Tháp", "Kyø Anh": "Kỳ Anh",
    "nhöõng": "những", "Nöôùc": "Nước", "Möôøi": "Mười", "Naêng": "Năng", "Huyønh": "Huỳnh",
    "Traàn": "Trần", "Phaïm": "Phạm", "Buøi": "Bùi", "Ñoã": "Đỗ", "Ngoâ": "Ngô",
    "Döông": "Dương", "ñaát": "đất", "Ñaék Laék": "Đắk Lắk", "Caø Mau": "Cà Mau",
    "Soùc Traêng": "Sóc Trăng",
}  # fmt: skip
TCVN3 = {
    "NguyÔn": "Nguyễn", "Sè": "Số", "®­êng": "đường", "ThÞ": "Thị", "Hoµng": "Hoàng",
    "Tr­¬ng": "Trương", "Ph­êng": "Phường", "H¹c Thµnh": "Hạc Thành", "Thanh Hãa": "Thanh Hóa",
    "Lª Hoµn": "Lê Hoàn", "Dòng": "Dũng", "Quúnh": "Quỳnh", "Ngäc": "Ngọc", "Thñy": "Thủy",
    "Lùc": "Lực", "§Æng": "Đặng", "Vò": "Vũ", "B¾c Ninh": "Bắc Ninh", "Hµ Néi": "Hà Nội",
    "Qu¶ng Ng·i": "Quảng Ngãi", "Kh¸nh": "Khánh", "§iÖn Biªn": "Điện Biên", "HuÕ": "Huế",
    "Tr­êng Thi": "Trường Thi", "Hå ChÝ Minh": "Hồ Chí Minh", "§ång Th¸p": "Đồng Tháp",
    "nh÷ng": "những", "N­íc": "Nước", "N¨ng": "Năng", "TrÇn": "Trần", "Ph¹m": "Phạm",
    "Bïi": "Bùi", "§ç": "Đỗ", "Ng«": "Ngô", "D­¬ng": "Dương", "®Êt": "đất",
    "§¾k L¾k": "Đắk Lắk", "Cµ Mau": "Cà Mau", "Sãc Tr¨ng": "Sóc Trăng", "Mü": "Mỹ",
    "B¶y": "Bảy", "NhÉn": "Nhẫn", "NghÜa": "Nghĩa", "Tr¹i": "Trại",
}  # fmt: skip


@pytest.mark.parametrize(("legacy", "unicode"), VNI.items())
def test_vni_words(legacy, unicode):
    assert from_vni(legacy) == unicode


@pytest.mark.parametrize(("legacy", "unicode"), TCVN3.items())
def test_tcvn3_words(legacy, unicode):
    assert from_tcvn3(legacy) == unicode


def test_whole_names_are_recognised_and_unicode_is_left_alone():
    assert convert("Nguyeãn Thò Dung").text == "Nguyễn Thị Dung"
    assert convert("NguyÔn ThÞ Dung").text == "Nguyễn Thị Dung"
    for text in ("Trương Thị Ánh Tuyết", "Phường Hạc Thành", "Số 27 phố Lê Hoàn"):
        assert convert(text) is None
