"""Checks given to the interview from outside the core (the render layer's form-fit check):
used when an answer is checked, and on the answers taken together."""

from __future__ import annotations

from conftest import SINGLE

from dvc_cli.catalog import procedures
from dvc_cli.core.engine import Interview
from dvc_cli.errors import AnswerError


def short_address(interview, ctx, qid):
    """A stand-in check: the address and the purpose together at most 50 characters."""
    total = len(ctx.get("residence_address", "")) + len(ctx.get("purpose_detail", ""))
    if total <= 50:
        return []
    return [AnswerError("quá dài cùng nhau", q) for q in ("purpose_detail",) if q in ctx]


def test_a_check_refuses_an_answer_where_it_is_given_and_sees_the_candidate():
    proc = procedures.load("single-status")
    interview = Interview(proc, {**SINGLE, "purpose_detail": "Để xin việc"}, checks=[short_address])
    interview.apply_defaults()
    assert interview.is_complete()
    error = interview.check("purpose_detail", "Để bổ sung hồ sơ vay vốn ngân hàng")
    assert str(error) == "purpose_detail: quá dài cùng nhau"
    assert interview.check("purpose_detail", "Để xin việc") is None
    assert Interview(proc, SINGLE).check("purpose_detail", "Để bổ sung hồ sơ vay vốn") is None


def test_answers_that_fail_a_check_together_are_asked_again_and_reported():
    proc = procedures.load("single-status")
    interview = Interview(proc, SINGLE, checks=[short_address])
    interview.apply_defaults()
    assert interview.next_question().id == "purpose_detail"
    assert interview.error_for("purpose_detail").message == "quá dài cùng nhau"
    assert [str(p) for p in interview.problems()] == ["purpose_detail: quá dài cùng nhau"]
    assert interview.value("purpose_detail") == SINGLE["purpose_detail"]  # kept, to be edited
    interview.answer("purpose_detail", "Để xin việc")
    assert interview.next_question() is None and interview.is_complete()
