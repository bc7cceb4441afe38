"""Jinja2 conditions and templates, evaluated in a sandbox.

Procedure files use expressions for ``when`` conditions and rules, and templates for
computed values, defaults, dossier notes and form fields.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

from jinja2 import TemplateError, TemplateSyntaxError, UndefinedError, meta
from jinja2.sandbox import SandboxedEnvironment

from dvc_cli.errors import ProcedureError
from dvc_cli.text import fold, nfc


class VnDate(dt.date):
    """A date that prints as dd/mm/yyyy, as Vietnamese forms write it."""

    def __str__(self) -> str:
        return self.strftime("%d/%m/%Y")

    @classmethod
    def of(cls, value: dt.date) -> VnDate:
        return cls(value.year, value.month, value.day)


def ngay(value: Any) -> str:
    """``ngày 05 tháng 03 năm 2020``."""
    if not isinstance(value, dt.date):
        return ""
    return f"ngày {value.day:02d} tháng {value.month:02d} năm {value.year}"


def age(born: Any, on: Any = None) -> int | None:
    """Completed years of age on ``on`` (default today)."""
    if not isinstance(born, dt.date):
        return None
    on = on if isinstance(on, dt.date) else dt.date.today()
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def add_days(value: Any, days: int) -> Any:
    """``today | add_days(180)``: a date ``days`` later (earlier when negative)."""
    if not isinstance(value, dt.date):
        return value
    return VnDate.of(value + dt.timedelta(days=days))


_UNIT_WORDS = ("Thành phố ", "Tỉnh ", "Phường ", "Xã ", "Đặc khu ", "Thị trấn ")


def admin_name(value: Any) -> str:
    """An administrative unit as written mid-sentence: ``Phường Hạc Thành`` → ``phường Hạc
    Thành``; a province without its type word gets ``tỉnh``: ``Thanh Hóa`` → ``tỉnh Thanh Hóa``.
    """
    text = "" if value is None else str(value)
    for word in _UNIT_WORDS:
        if text.startswith(word):
            return word.lower() + text[len(word) :]
    return f"tỉnh {text}" if text else ""


BUILTIN_NAMES = frozenset({"today", "labels", "age", "range", "loop", "true", "false", "none"})


@cache
def environment() -> SandboxedEnvironment:
    """The shared sandboxed environment with dvc's filters."""
    env = SandboxedEnvironment(autoescape=False, keep_trailing_newline=False)
    env.filters["ngay"] = ngay
    env.filters["admin_name"] = admin_name
    env.filters["add_days"] = add_days
    env.filters["fold"] = fold
    env.globals["age"] = age
    return env


@cache
def _expression(source: str) -> Any:
    return environment().compile_expression(source, undefined_to_none=False)


@cache
def _template(source: str) -> Any:
    return environment().from_string(source)


def evaluate(source: str, context: dict[str, Any]) -> Any:
    """Evaluate a Jinja2 expression (raises jinja2 errors for the caller to handle)."""
    return _expression(source)(**context)


def holds(when: str | None, context: dict[str, Any], where: str) -> bool:
    """Whether a ``when`` condition is true; no condition is true. A condition that depends on
    an answer not given (undefined, or None compared) is false; a broken one is the procedure's
    error, named by ``where``."""
    if not when:
        return True
    try:
        return bool(evaluate(when, context))
    except (UndefinedError, TypeError):
        return False
    except (TemplateError, ValueError) as exc:
        raise ProcedureError(f"{where}.when: {exc}") from None


def render(source: str, context: dict[str, Any]) -> str:
    """Render a Jinja2 template to NFC text with surrounding whitespace trimmed."""
    return nfc(_template(source).render(**context)).strip()


def names_in(source: str, *, template: bool) -> set[str]:
    """Undeclared variable names used by an expression or template (for checks)."""
    env = environment()
    text = source if template else "{{ " + source + " }}"
    return set(meta.find_undeclared_variables(env.parse(text)))


def syntax_error(source: str, *, template: bool) -> str | None:
    """The syntax error message for ``source``, or None when it parses."""
    try:
        if template:
            environment().parse(source)
        else:
            environment().compile_expression(source)
    except TemplateSyntaxError as exc:
        return exc.message or str(exc)
    return None
