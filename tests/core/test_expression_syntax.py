"""An expression's syntax check parses it without compiling it: it must say what compiling it
(Jinja2's ``compile_expression``, what evaluating does) says, no more and no less."""

from __future__ import annotations

import pytest
from jinja2 import TemplateError

from dvc_cli.core import expressions


def compiled_says(source: str) -> str | None:
    try:
        expressions.environment().compile_expression(source, undefined_to_none=False)
    except TemplateError as exc:
        return " ".join((exc.message or str(exc)).split())
    return None


@pytest.mark.parametrize(
    "source",
    [
        "marital_status == 'doc_than'",
        "full_name | upper | nope",
        "full_name | nope | upper",
        "full_name is nope",
        "(full_name | upper) if age > 18 else (full_name | nope)",
        "full_name | nope if age is nope2 else 1",
        "items | map('upper') | list | nope",
        "a + b | nope + c | nope2",
        "age > 18 }} {{ age",
        "age >",
        "f(a | nope, b=c | nope2)",
    ],
)
def test_parsing_says_what_compiling_says(source):
    assert expressions.syntax_error(source, template=False) == compiled_says(source)


def test_a_good_expression_is_compiled_when_first_evaluated():
    source = "'Nguyễn Thị Dung' if ten == 'dung' else 'Trương Thị Ánh Tuyết'"
    assert expressions.syntax_error(source, template=False) is None
    assert expressions.evaluate(source, {"ten": "dung"}) == "Nguyễn Thị Dung"
    assert expressions.evaluate(source, {"ten": "tuyet"}) == "Trương Thị Ánh Tuyết"
