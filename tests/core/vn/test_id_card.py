"""The QR payload of CCCD and thẻ căn cước read into a typed result (core/vn/id_card.py).

Payloads are synthetic, with consistent ID numbers: 038 (Thanh Hóa), digit 4 by gender and
century (0 man / 1 woman, 1900s), digits 5-6 the year of birth.
"""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from conftest import CARD_ADDRESS as ADDRESS
from conftest import CARD_DUNG as DUNG
from conftest import CARD_HUNG as HUNG
from conftest import CARD_TUYET as TUYET
from hypothesis import given, settings
from hypothesis import strategies as st

from dvc_cli.core.vn import id_card

# 2024 thẻ căn cước, 7 fields with the old CMND
# 2021 chip CCCD, 6 fields (no CMND slot)
# 2024 card, 11 fields: four trailing ones, two with the parents' names
TODAY = dt.date(2026, 12, 1)


def test_seven_fields_with_the_old_id() -> None:
    card = id_card.parse(TUYET, TODAY)
    assert (card.number, card.old_number, card.name) == (
        "038196004521",
        "186543210",
        "Trương Thị Ánh Tuyết",
    )
    assert (card.birth_date, card.gender, card.issue_date) == (
        dt.date(1996, 4, 21),
        "nu",
        dt.date(2024, 7, 12),
    )
    assert card.address == ADDRESS and card.fields == 7 and card.extra == ()
    assert card.card_type == "the_can_cuoc" and card.issuer == "Bộ Công an"
    assert card.type_label == "Thẻ căn cước" and card.warnings() == []


def test_six_fields_and_a_cccd_before_july_2024() -> None:
    card = id_card.parse(DUNG, TODAY)
    assert card.old_number == "" and card.fields == 6 and card.name == "Nguyễn Thị Dung"
    assert card.card_type == "cccd" and card.type_label == "Căn cước công dân"
    assert card.issuer == "Cục Cảnh sát quản lý hành chính về trật tự xã hội"


def test_eleven_fields_of_a_2024_card() -> None:
    card = id_card.parse(HUNG, TODAY)
    assert card.fields == 11 and card.gender == "nam"
    assert card.extra == ("", "Lê Văn Minh", "Phạm Thị Lan", "")


@pytest.mark.parametrize(
    "wrapped",
    [
        "\ufeff" + TUYET,  # a leading BOM
        TUYET + "\r\n",  # the scanner's Enter as CRLF
        TUYET + "\r",
        unicodedata.normalize("NFD", TUYET),  # decomposed marks
    ],
)
def test_bom_line_ends_and_nfd(wrapped: str) -> None:
    card = id_card.parse(wrapped, TODAY)
    assert card.name == "Trương Thị Ánh Tuyết" and card.address == ADDRESS
    assert unicodedata.is_normalized("NFC", card.name + card.address)


def test_the_day_the_card_type_changes() -> None:
    before = id_card.parse(TUYET.replace("12072024", "30062024"), TODAY)
    on = id_card.parse(TUYET.replace("12072024", "01072024"), TODAY)
    assert (before.card_type, on.card_type) == ("cccd", "the_can_cuoc")


def test_a_card_dated_before_the_chip_cards_has_no_issuer() -> None:
    card = id_card.parse(DUNG.replace("10052021", "10052019"), TODAY)
    assert card.issuer is None
    assert "không suy ra được nơi cấp" in card.warnings()[0]


def test_eleven_fields_dated_before_the_2024_card_is_warned() -> None:
    card = id_card.parse(HUNG.replace("20082024", "20082023"), TODAY)
    assert "11 trường" in card.warnings()[0]


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        ("Nguyễn Thị Dung", "có 1 trường"),
        ("https://dichvucong.gov.vn", "có 1 trường"),
        ("00020101021138570010A000000727|0|1|2|3|4|5|6", "có 8 trường"),
        (TUYET.replace("038196004521", "3819600452"), "12 chữ số"),
        (TUYET.replace("186543210", "18654"), "CMND 9 chữ số"),
        (TUYET.replace("21041996", "21/04/1996"), "8 chữ số"),
        (TUYET.replace("|Nữ|", "|Khác|"), "Nam hay Nữ"),
    ],
)
def test_not_an_id_card(payload: str, reason: str) -> None:
    with pytest.raises(id_card.NotIdCard) as caught:
        id_card.parse(payload, TODAY)
    message = str(caught.value)
    assert message.startswith("không phải mã QR của thẻ căn cước/CCCD") and reason in message
    assert caught.value.exit_code == 2


@pytest.mark.parametrize(
    ("payload", "what"),
    [
        # a scanner typing through a US keyboard: the marks are lost
        (
            "038196004521|186543210|Truong Thi Anh Tuyet|21041996|Nu|"
            "So 15 ngo 4, Truong Thi, Thanh Hoa, Thanh Hoa|12072024",
            "mất dấu tiếng Việt",
        ),
        (
            "001092012345||Le Van Hung|03091992|Nam|So 5 pho Hang Bac, Hoan Kiem, Ha Noi|20082024",
            "mất dấu tiếng Việt",
        ),
        # ... or replaced by '?'
        (f"038195001234|Nguy?n Th? Dung|15081995|N?|{ADDRESS}|10052021", "dấu '?'"),
        # UTF-8 read as Windows-1252
        (f"038195001234|Nguyá»…n Thá»‹ Dung|15081995|Ná»¯|{ADDRESS}|10052021", "Windows-1252"),
        # TCVN3
        (f"038195001234|NguyÔn ThÞ Dung|15081995|N÷|{ADDRESS}|10052021", "TCVN3"),
        # the ữ of Nữ dropped, the rest intact
        (f"038195001234|Nguyễn Thị Dung|15081995|N|{ADDRESS}|10052021", "giới tính đọc ra 'N'"),
        # the digits through a French keyboard
        ("à(ç&éè-àà'é&||Nguyễn Thị Dung|15081995|Nữ|X|10052021", "bàn phím kiểu Pháp"),
    ],
)
def test_mangled_text_is_refused_with_what_to_change(payload: str, what: str) -> None:
    with pytest.raises(id_card.CardMangled) as caught:
        id_card.parse(payload, TODAY)
    message = str(caught.value)
    assert what in message and "Unicode (UTF-8)" in message and "quét lại" in message
    assert "Dung" not in message and "Tuyet" not in message  # no value repeated


def test_the_id_number_must_agree_with_gender_and_birth_year() -> None:
    with pytest.raises(id_card.CardError, match="giới tính"):
        id_card.parse(TUYET.replace("|Nữ|", "|Nam|"), TODAY)
    with pytest.raises(id_card.CardError, match="năm sinh"):
        id_card.parse(TUYET.replace("21041996", "21041997"), TODAY)


def test_dates_must_be_real_and_in_order() -> None:
    with pytest.raises(id_card.CardError, match="không có thật"):
        id_card.parse(TUYET.replace("21041996", "31021996"), TODAY)
    with pytest.raises(id_card.CardError, match="tương lai"):
        id_card.parse(TUYET.replace("12072024", "12072027"), TODAY)
    with pytest.raises(id_card.CardError, match="2016"):
        id_card.parse(TUYET.replace("12072024", "12072015"), TODAY)


@pytest.mark.parametrize(
    "typed",
    [
        "Nguyễn Thị Dung",
        "038196004521",
        "21/04/1996",
        ADDRESS,
        "a|b",
        "Số 1 | ngõ 2",
        "x|y|z|w|v|u",  # six fields, but not digits first
    ],
)
def test_ordinary_answers_do_not_look_like_a_card(typed: str) -> None:
    assert not id_card.looks_like_card(typed)


def test_payloads_look_like_a_card() -> None:
    for payload in (TUYET, DUNG, HUNG, "\ufeff" + TUYET + "\r\n"):
        assert id_card.looks_like_card(payload)


# -- never a crash ----------------------------------------------------------------------------
_FIELD = st.one_of(
    st.text(max_size=20),
    st.sampled_from(["", "038196004521", "186543210", "Nữ", "Nam", "21041996", ADDRESS]),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_FIELD, min_size=1, max_size=12), st.sampled_from(["", "\ufeff"]))
def test_any_text_is_a_card_or_a_card_error(fields: list[str], bom: str) -> None:
    try:
        card = id_card.parse(bom + "|".join(fields), TODAY)
    except id_card.CardError:
        return
    assert card.fields in id_card.LAYOUTS and len(card.number) == 12


@settings(max_examples=300, deadline=None)
@given(st.text().filter(lambda t: "|" not in t))
def test_text_without_bars_never_looks_like_a_card(text: str) -> None:
    assert not id_card.looks_like_card(text)
