"""Answers picked from a list: a procedure's choices, and yes/no."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from dvc_cli.core.answer_types.base import AnswerType, Option, cell_text, shown, yes_no
from dvc_cli.errors import AnswerError
from dvc_cli.i18n import _, pick
from dvc_cli.text import fold

if TYPE_CHECKING:
    from dvc_cli.core.schema import Question

_TRUE = {"co", "c", "yes", "y", "true", "1", "x", "dung", "phai"}
_FALSE = {"khong", "k", "no", "n", "false", "0", "sai"}


# -- choice -----------------------------------------------------------------------------------
def match_choice(q: Question, raw: Any) -> str | None:
    """The choice value matching ``raw`` by id, label or alias, accent-insensitively."""
    return _folded_names(q).get(fold(str(raw)))


# id(question) → (the question, held so that its id is not reused; each folded name → the
# value of the first choice that has it): every name of every choice was folded at each match
_FOLDED: dict[int, tuple[Question, dict[str, str]]] = {}


def _folded_names(q: Question) -> dict[str, str]:
    kept = _FOLDED.get(id(q))
    if kept is not None and kept[0] is q:
        return kept[1]
    found: dict[str, str] = {}
    for choice in q.choices or []:
        for name in (choice.value, choice.label.vi, choice.label.en or "", *choice.aliases):
            if name:
                found.setdefault(fold(name), choice.value)
    if len(_FOLDED) > 4096:  # procedures loaded again and again (tests): start afresh
        _FOLDED.clear()
    _FOLDED[id(q)] = (q, found)
    return found


def _choice(q: Question, raw: Any, ctx: Mapping[str, Any], today: dt.date) -> str:
    value = match_choice(q, raw)
    if value is None:
        options = ", ".join(f"{c.value} ({pick(c.label)})" for c in q.choices or [])
        message = _("không phải lựa chọn hợp lệ; chọn: {options}")
        raise AnswerError(message.format(options=options), q.id)
    return value


def _choice_label(q: Question, value: Any, localised: bool) -> str:
    for c in q.choices or []:
        if c.value == value:
            return pick(c.label) if localised else c.label.vi
    return shown(q, value, localised)


CHOICE = AnswerType(
    "choice",
    parse=_choice,
    display=_choice_label,
    example=lambda q: q.choices[0].value if q.choices else None,
    typed_default=True,
    labelled=True,
    options=lambda q: [
        Option(c.value, pick(c.label), (c.label.vi, *c.aliases)) for c in q.choices or []
    ],
    option_for=lambda q, current: None if current is None else match_choice(q, current),
)


# -- boolean ----------------------------------------------------------------------------------
def _boolean(q: Question, raw: Any, ctx: Mapping[str, Any], today: dt.date) -> bool:
    if isinstance(raw, bool):
        return raw
    key = fold(str(raw))
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise AnswerError(_("trả lời có hoặc không"), q.id)


def _boolean_cell(q: Question, value: Any) -> Any:
    """A spreadsheet TRUE/FALSE is the answer itself."""
    return value if isinstance(value, bool) else cell_text(q, value)


BOOLEAN = AnswerType(
    "boolean",
    parse=_boolean,
    display=lambda q, value, localised: yes_no(value, localised=localised),
    from_cell=_boolean_cell,
    example=lambda q: False,
    typed_default=True,
    options=lambda q: [
        Option(True, yes_no(True, localised=True)),
        Option(False, yes_no(False, localised=True)),
    ],
    option_for=lambda q, current: bool(current),
)
