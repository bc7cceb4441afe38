"""An ID card's QR code applied to an interview (core/card_fill.py): through the normal
answer path, the old address converted with its note, a split commune left to choose,
answers given otherwise kept and disagreements named by question."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import CARD_HUNG_BLANK as HUNG
from conftest import CARD_TUYET as TUYET

import dvc_cli
from dvc_cli.core import card_fill
from dvc_cli.core.vn import id_card

TODAY = dt.date(2026, 12, 1)
# an old ward split in four (Phường Điện Biên, quận Ba Đình)
DUNG_SPLIT = (
    "001195012345||Nguyễn Thị Dung|15081995|Nữ|Số 3 phố Lê Trực, Phường Điện Biên, "
    "Quận Ba Đình, Hà Nội|10052021"
)


def _interview(pid: str, answers: dict | None = None) -> dvc_cli.Interview:
    return dvc_cli.Interview(dvc_cli.load_procedure(pid), answers or {}, today=TODAY)


def test_the_card_fills_the_applicant_block_with_the_address_converted() -> None:
    interview = _interview("single-status")
    done = card_fill.apply_card(interview, id_card.parse(TUYET, TODAY))
    assert done.role == "applicant" and not (done.conflicts or done.refused or done.to_choose)
    answers = interview.export()
    assert {k: answers[k] for k in done.filled} == {
        "full_name": "Trương Thị Ánh Tuyết",
        "birth_date": "21/04/1996",
        "gender": "nu",
        "id_type": "the_can_cuoc",
        "id_number": "038196004521",
        "id_issue_date": "12/07/2024",
        "id_issuer": "Bộ Công an",
        "residence_address": "Số 15 ngõ 4",
        "residence_province": "Tỉnh Thanh Hóa",
        "residence_commune": "Phường Hạc Thành",
    }
    assert interview.note_for("residence_commune") == (
        "Phường Trường Thi (cũ, TP Thanh Hóa) → Phường Hạc Thành, tỉnh Thanh Hóa"
    )
    # what the card lacks is asked
    assert interview.next_question().id == "ethnicity"


def test_a_cccd_gets_its_type_and_issuer_and_a_split_commune_is_left_to_choose() -> None:
    interview = _interview("single-status")
    done = card_fill.apply_card(interview, id_card.parse(DUNG_SPLIT, TODAY))
    assert done.to_choose == ["residence_commune"]
    assert interview.value("id_type") == "cccd"
    assert interview.value("id_issuer") == "Cục Cảnh sát quản lý hành chính về trật tự xã hội"
    assert interview.value("residence_address") == "Số 3 phố Lê Trực"
    error = interview.error_for("residence_commune")
    assert error is not None and "nay thuộc 4 xã/phường" in error.message
    assert {label.split(" — ")[0] for _value, label in error.choices} == {
        "Phường Ba Đình",
        "Phường Hoàn Kiếm",
        "Phường Ô Chợ Dừa",
        "Phường Văn Miếu - Quốc Tử Giám",
    }


def test_answers_given_otherwise_win_and_disagreements_are_named() -> None:
    given = {"birth_date": "22/04/1996", "residence_province": "Hà Nội", "id_number": None}
    interview = _interview("single-status", given)
    done = card_fill.apply_card(interview, id_card.parse(TUYET, TODAY))
    assert done.conflicts == ["birth_date", "residence_province"]
    assert interview.value("birth_date") == dt.date(1996, 4, 22)
    assert interview.value("residence_province") == "Thành phố Hà Nội"
    # the card's street and commune are of another province: not given
    assert not interview.is_given("residence_address")
    assert not interview.is_given("residence_commune")
    assert "id_number" not in done.filled  # given (blank) in the file: the file's answer


def test_the_same_values_written_otherwise_are_no_conflict() -> None:
    given = {"full_name": "TRƯƠNG THỊ ÁNH TUYẾT", "birth_date": "21/4/1996", "gender": "Nữ"}
    interview = _interview("single-status", given)
    done = card_fill.apply_card(interview, id_card.parse(TUYET, TODAY))
    assert done.conflicts == []


def test_both_marriage_parties_and_a_card_the_rules_refuse() -> None:
    interview = _interview("marriage-registration")
    bride = card_fill.apply_card(interview, id_card.parse(TUYET, TODAY), "bride")
    groom = card_fill.apply_card(interview, id_card.parse(HUNG, TODAY), "groom")
    assert "bride_id_number" in bride.filled and "groom_id_number" in groom.filled
    assert interview.value("groom_residence_commune") == "Phường Hoàn Kiếm"
    assert interview.value("groom_id_type") == "the_can_cuoc"
    # the woman's card scanned for the man: his block's own rule refuses the number
    again = _interview("marriage-registration")
    done = card_fill.apply_card(again, id_card.parse(TUYET, TODAY), "groom")
    assert [e.question for e in done.refused] == ["groom_id_number"]
    assert "giới tính nữ" in done.refused[0].message


def test_a_requester_s_address_is_one_line_as_written_today() -> None:
    interview = _interview("death-registration", {"requester_same_residence": False})
    done = card_fill.apply_card(interview, id_card.parse(TUYET, TODAY), "declarant")
    assert done.filled == ["requester_name", "requester_id_number", "requester_residence"]
    assert interview.value("requester_residence") == (
        "Số 15 ngõ 4, Phường Hạc Thành, Tỉnh Thanh Hóa"
    )
    assert "Phường Hạc Thành" in done.notes["requester_residence"]


def test_the_deceased_s_card_says_there_was_one() -> None:
    interview = _interview("death-registration", {"has_id": False})
    done = card_fill.apply_card(interview, id_card.parse(HUNG, TODAY), "deceased", replace=True)
    assert interview.value("has_id") is True and "id_number" in done.filled


def test_an_unknown_role_names_the_roles() -> None:
    with pytest.raises(dvc_cli.UsageError, match="có: bride, groom"):
        card_fill.apply_card(_interview("marriage-registration"), id_card.parse(TUYET, TODAY), "bo")
