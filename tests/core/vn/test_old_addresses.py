"""Real pre-01/07/2025 addresses (old_addresses.yaml) read into today's units: by the address
line parser, by the commune answer of an interview, and end to end by `dvc fill`.

The expected answers were checked against the official table and an independent converter
(see the YAML's header), not copied from dvc's output.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from conftest import SINGLE, pdf_text

from dvc_cli import Interview, load_procedure
from dvc_cli.core.vn.address_line import parse_address, parts
from dvc_cli.core.vn.admin_map import Ambiguous, LookupError_

CASES = yaml.safe_load((Path(__file__).with_name("old_addresses.yaml")).read_text("utf-8"))["cases"]
TODAY = dt.date(2026, 12, 1)


def _params(cases=CASES):
    return [
        pytest.param(
            case,
            id=case["line"],
            marks=[pytest.mark.xfail(reason=case["xfail"], strict=True)] if "xfail" in case else [],
        )
        for case in cases
    ]


def test_the_corpus_covers_what_issue_11_asks():
    assert len(CASES) >= 35
    assert all(case.get("note") for case in CASES)
    lines = [case["line"] for case in CASES]
    assert len(set(lines)) == len(lines)
    splits = [c for c in CASES if c.get("candidates") and c.get("old")]
    shared = [c for c in CASES if c.get("candidates") and not c.get("old")]
    assert len(splits) >= 5 and len(shared) >= 2
    provinces = {c["province"] for c in CASES}
    assert len(provinces) >= 10
    old_provinces = {c["old"][0] for c in CASES if c.get("old")}
    assert {"Tỉnh Hà Giang", "Tỉnh Nam Định", "Tỉnh Hà Nam", "Tỉnh Bình Dương"} <= old_provinces
    assert {"Tỉnh Bà Rịa - Vũng Tàu", "Tỉnh Quảng Nam"} <= old_provinces
    assert any("Hà Tây" in line for line in lines) and any("Thừa Thiên" in line for line in lines)
    assert any(line.isascii() for line in lines)  # typed without accents
    assert sum(bool(c.get("street")) for c in CASES) >= 3


@pytest.mark.parametrize("case", _params())
def test_parse_address(case):
    line = case["line"]
    if case.get("error"):
        with pytest.raises(LookupError_) as caught:
            parse_address(line)
        assert case["error"] in str(caught.value)
        if case.get("candidates"):
            assert isinstance(caught.value, Ambiguous)
            assert sorted(caught.value.choices) == sorted(case["candidates"])
            assert len(caught.value.labels) == len(caught.value.choices)
        else:
            assert not isinstance(caught.value, Ambiguous)
        return
    address = parse_address(line)
    assert address.commune.name == case["commune"]
    assert address.province.unit.name == case["province"]
    assert address.street == case.get("street", "")
    notice = address.notice()
    assert notice is not None, "an old address must say what it was converted from"
    assert case["old"][-1] in notice and case["commune"] in notice
    expected = [case["street"]] if case.get("street") else []
    assert address.current_text() == ", ".join([*expected, case["commune"], case["province"]])


def _interview(case) -> tuple[Interview, str]:
    """single-status answered with the line's last part as the province and the line, less its
    street (left to residence_address as the form asks), as the commune: pasted from a card."""
    pieces = parts(case["line"])
    units = pieces[len(parts(case.get("street", ""))) :]
    answers = {"residence_province": units[-1], "residence_commune": ", ".join(units)}
    interview = Interview(load_procedure("single-status"), answers, today=TODAY)
    return interview, answers["residence_commune"]


@pytest.mark.parametrize("case", _params())
def test_the_commune_answer_of_an_interview(case):
    interview, commune = _interview(case)
    assert interview.value("residence_province") == case["province"]
    if case.get("error"):
        error = interview.error_for("residence_commune")
        assert error is not None and interview.value("residence_commune") is None
        assert case["error"] in str(error)
        # each choice is the answer that picks a current unit, keeping the old name it came
        # from ("Phường Điện Biên (cũ, quận Ba Đình) → Phường Ba Đình")
        offered = [value.rsplit(" → ", 1)[-1] for value, _label in (error.choices or ())]
        assert sorted(offered) == sorted(case.get("candidates") or [])
        return
    assert interview.error_for("residence_commune") is None, commune
    assert interview.value("residence_commune") == case["commune"]
    note = interview.note_for("residence_commune")
    assert note is not None and case["old"][-1] in note


def _case(line: str) -> dict:
    return next(c for c in CASES if c["line"] == line)


@pytest.mark.parametrize(
    ("line", "committee"),
    [
        (
            "Phường Minh Khai, thành phố Hà Giang, tỉnh Hà Giang",
            "Ủy ban nhân dân phường Hà Giang 2, tỉnh Tuyên Quang",
        ),
        (
            "Huyện Côn Đảo, tỉnh Bà Rịa - Vũng Tàu",
            "Ủy ban nhân dân đặc khu Côn Đảo, thành phố Hồ Chí Minh",
        ),
        (
            "Phường Phú Hội, thành phố Huế, tỉnh Thừa Thiên Huế",
            "Ủy ban nhân dân phường Thuận Hóa, thành phố Huế",
        ),
        ("Phường 7, Quận 3, TP.HCM", "Ủy ban nhân dân phường Xuân Hòa, thành phố Hồ Chí Minh"),
    ],
)
def test_fill_converts_an_old_address_with_a_notice(fill, line, committee):
    case = _case(line)
    interview, commune = _interview(case)
    notice = interview.note_for("residence_commune")
    province = parts(line)[-1]
    result, out = fill({**SINGLE, "residence_province": province, "residence_commune": commune})
    assert result.exit_code == 0, result.stderr
    assert f"dvc: residence_commune: {notice}" in result.stderr
    assert case["old"][-1] in notice
    assert committee in pdf_text(out / "to-khai.pdf")


def test_fill_refuses_a_split_ward_and_lists_where_it_went(fill):
    result, out = fill(
        {**SINGLE, "residence_province": "Hà Nội", "residence_commune": "P. Điện Biên, Q. Ba Đình"}
    )
    assert result.exit_code == 1
    assert "Phường Điện Biên (cũ, quận Ba Đình) nay thuộc 4 xã/phường" in result.stderr
    assert "Phường Văn Miếu - Quốc Tử Giám" in result.stderr
    assert not (out / "to-khai.pdf").exists()


@pytest.mark.parametrize(
    ("line", "commune"),
    [
        ("Phường Thuận Hóa, Thành phố Huế", "Phường Thuận Hóa"),  # not the old Thuận Hòa
        ("Phường Thuận Hóa, Quận Phú Xuân, Thành phố Huế", "Phường Thuận Hóa"),
        ("Phường Đông Sơn, Thanh Hóa", "Phường Đông Sơn"),  # Thanh Hóa: the province
        ("Phường Hạc Thành, TP Thanh Hóa", "Phường Hạc Thành"),
        ("Số 5, Phù Yên, Sơn La", "Xã Phù Yên"),  # Phù Yên: the commune, not the old district
    ],
)
def test_a_current_address_stays_as_it_is(line, commune):
    """Lines naming today's units, beside old names spelt alike: nothing is converted."""
    address = parse_address(line)
    assert address.commune.name == commune
    assert address.place.notice() is None


def test_a_commune_typed_with_a_commune_word_is_not_taken_for_the_street():
    """The district's wards are no answer for a commune it never had."""
    with pytest.raises(LookupError_) as caught:
        parse_address("Số 5, Phường Không Có, TP Thủ Dầu Một, Bình Dương")
    assert not isinstance(caught.value, Ambiguous)
    assert "không có xã/phường/đặc khu 'Phường Không Có'" in str(caught.value)
