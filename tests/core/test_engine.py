"""What the interview engine says about its answers, read through its public methods."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import SINGLE

from dvc_cli.catalog import procedures
from dvc_cli.core.engine import Interview

TODAY = dt.date(2026, 11, 23)


def _interview(**changes: object) -> Interview:
    return Interview(procedures.load("single-status"), {**SINGLE, **changes}, today=TODAY)


def test_answers_are_typed_in_order_and_read_only():
    interview = _interview()
    answers = interview.answers()
    assert answers["birth_date"] == dt.date(1996, 4, 21)
    assert answers["residence_province"] == "Tỉnh Thanh Hóa"
    assert list(answers)[:2] == ["full_name", "birth_date"]
    with pytest.raises(TypeError):
        answers["full_name"] = "Nguyễn Thị Dung"  # type: ignore[index]
    interview.answer("full_name", "Nguyễn Thị Dung")
    assert interview.value("full_name") == "Nguyễn Thị Dung"
    assert answers["full_name"] == "Trương Thị Ánh Tuyết"  # a snapshot


def test_value_and_error_of_a_refused_answer():
    interview = _interview(birth_date="31/02/1996")
    assert interview.value("birth_date") is None
    assert "birth_date" not in interview.answers()
    error = interview.error_for("birth_date")
    assert error is not None and error.question == "birth_date"
    assert interview.error_for("full_name") is None


def test_a_question_that_does_not_apply_has_no_value():
    interview = _interview(divorce_date="05/03/2020")
    assert interview.value("divorce_date") is None
    assert interview.error_for("divorce_date") is None


def test_starting_answer_is_the_value_else_what_was_given_else_the_default():
    proc = procedures.load("single-status")
    interview = _interview(birth_date="31/02/1996", gender="nu")
    assert interview.starting_answer(proc.questions["gender"]) == "nu"  # the typed value
    assert interview.starting_answer(proc.questions["birth_date"]) == "31/02/1996"  # refused
    assert "residence_type" not in SINGLE
    assert interview.starting_answer(proc.questions["residence_type"]) == "thuong_tru"
