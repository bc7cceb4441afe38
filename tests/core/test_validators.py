"""Validators and the administrative map, one rule at a time."""

from __future__ import annotations

import datetime as dt

import pytest

from dvc_cli.core.schema import Question
from dvc_cli.core.validators import parse, parse_date
from dvc_cli.core.vn import admin_map, citizen_id
from dvc_cli.errors import AnswerError
from dvc_cli.privacy import mask_id
from dvc_cli.text import fold, nfc, slug

TODAY = dt.date(2026, 11, 23)


def q(**kw):
    return Question(id="x", label="X", **kw)


def test_fold_is_accent_and_case_insensitive():
    assert fold("Độc Thân") == fold("doc than") == "doc than"
    assert fold("Trương Thị Ánh Tuyết") == "truong thi anh tuyet"
    assert slug("../../Nguyễn Thị Dung") == "nguyen-thi-dung"
    assert nfc("Tuye\u0302\u0301t") == "Tuyết"


def test_fold_drops_every_combining_character_and_collapses_whitespace():
    """fold drops combining characters through a table filled as they are met and joins
    words with str.split: the same as dropping unicodedata.combining() ones one by one and a
    regular expression's \\s+, for every character of the BMP (met twice: the table's
    second look too)."""
    import re
    import unicodedata

    def by_definition(text: str) -> str:
        decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
        stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        return re.sub(r"\s+", " ", stripped.lower().replace("_", " ")).strip()

    for _ in range(2):
        for code in range(0x10000):
            if 0xD800 <= code < 0xE000:
                continue
            text = f" Đặng{chr(code)}x_{chr(code)}Ửng\u0301 "
            assert fold(text) == by_definition(text), hex(code)


def test_names():
    assert parse(q(type="name"), "  Trương   Thị Ánh Tuyết ", {}, TODAY) == "Trương Thị Ánh Tuyết"
    assert parse(q(type="name"), "H'Hen Niê", {}, TODAY) == "H'Hen Niê"
    for bad in ("../../x", "Dung 2", "=cmd()"):
        with pytest.raises(AnswerError):
            parse(q(type="name"), bad, {}, TODAY)


def test_dates():
    assert parse_date("5/3/2020") == dt.date(2020, 3, 5)
    assert str(parse_date("05/03/2020")) == "05/03/2020"
    with pytest.raises(ValueError, match="không phải ngày có thật"):
        parse_date("29/02/2023")
    with pytest.raises(ValueError, match="ngày/tháng/năm"):
        parse_date("March 5")
    with pytest.raises(AnswerError, match="tương lai"):
        parse(q(type="date"), "24/11/2026", {}, TODAY)
    with pytest.raises(AnswerError, match="phải đủ 18 tuổi"):
        parse(q(type="date", min_age=18), "24/11/2008", {}, TODAY)
    assert parse(q(type="date", min_age=18), "23/11/2008", {}, TODAY) == dt.date(2008, 11, 23)


@pytest.mark.parametrize(
    ("number", "gender", "year", "ok"),
    [
        ("001190012345", "nu", 1990, True),
        ("079075001234", "nam", 1975, True),
        ("038303001234", "nu", 2003, True),
        ("038303001234", "nam", 2003, False),  # 3 = female born 2000s
        ("038103001234", "nu", 2003, False),  # 1 = 1900s
        ("038196004521", "nu", 1995, False),  # year digits
        ("000190012345", "nu", 1990, False),  # no province 000
        ("03819600452", "nu", 1996, False),  # 11 digits
        ("038 196 004 521", "nu", 1996, True),  # spaces are dropped
    ],
)
def test_citizen_id(number, gender, year, ok):
    message = citizen_id.check(citizen_id.normalise(number), gender=gender, birth_year=year)
    assert (message is None) == ok, message
    assert number.replace(" ", "")[-6:] not in (message or "")


def test_citizen_id_mask_and_old_cmnd():
    assert mask_id("038196004521") == "0381******21"
    assert "CMND" in citizen_id.check("123456789")


def test_phone():
    phone = q(type="phone")
    assert parse(phone, "+84 912 345 678", {}, TODAY) == "0912345678"
    assert parse(phone, "0386.123.456", {}, TODAY) == "0386123456"
    for bad in ("0212345678", "091234567", "abc"):
        with pytest.raises(AnswerError):
            parse(phone, bad, {}, TODAY)


def test_choice_and_boolean():
    choice = q(type="choice", choices=[{"value": "da_ly_hon", "label": "Đã ly hôn"}])
    assert parse(choice, "DA LY HON", {}, TODAY) == "da_ly_hon"
    assert parse(choice, "đã ly hôn", {}, TODAY) == "da_ly_hon"
    with pytest.raises(AnswerError, match="không phải lựa chọn hợp lệ"):
        parse(choice, "góa", {}, TODAY)
    boolean = q(type="boolean")
    assert parse(boolean, "Có", {}, TODAY) is True
    assert parse(boolean, "khong", {}, TODAY) is False


def test_map_has_34_provinces_and_3321_communes():
    assert len(admin_map.provinces()) == 34
    assert len(admin_map.all_communes()) == 3321


def test_province_and_commune_lookup():
    thanh_hoa = admin_map.find_province("thanh hoa")
    assert thanh_hoa.name == "Tỉnh Thanh Hóa"
    assert admin_map.find_province("TP HCM").name == "Thành phố Hồ Chí Minh"
    assert admin_map.find_commune("hac thanh", thanh_hoa).name == "Phường Hạc Thành"
    assert admin_map.find_commune("Phường Hạc Thành", thanh_hoa).name == "Phường Hạc Thành"
    # An old province is converted, and says so
    merged = admin_map.resolve_province("Nam Định")
    assert merged.unit.name == "Tỉnh Ninh Bình"
    assert merged.notice() == "Tỉnh Nam Định (cũ) → Tỉnh Ninh Bình"
    # A name found neither now nor before 2025 in the province: where else it is
    with pytest.raises(admin_map.LookupError_, match=r"Phường Hoàn Kiếm \(Thành phố Hà Nội\)"):
        admin_map.find_commune("Hoàn Kiếm", thanh_hoa)


def test_commune_question_needs_its_province():
    commune = q(type="commune", province_question="prov")
    assert parse(commune, "hoan kiem", {"prov": "Thành phố Hà Nội"}, TODAY) == "Phường Hoàn Kiếm"
    with pytest.raises(AnswerError, match="không có xã/phường"):
        parse(commune, "hoan kiem", {"prov": "Thanh Hóa"}, TODAY)
