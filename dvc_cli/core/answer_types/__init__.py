"""The answer types: one :class:`AnswerType` per question ``type``, and the registry of them.

A type carries all its behaviour (parsing, display, answers-file form, spreadsheet repair,
csv-template example, default checks, how it is asked): the engine, prompts, batch, catalogue
and outputs go through :data:`TYPES` or the functions below, which handle no answer (None,
blank) the same way for every type. A new type is one entry here (its module beside this one),
its name in :data:`dvc_cli.core.schema.QuestionType`, and a prompt widget only if it needs a
new kind (tests/core/test_answer_types.py checks the names agree).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from dvc_cli.core.answer_types.base import AnswerType, Option
from dvc_cli.core.answer_types.choices import BOOLEAN, CHOICE, match_choice
from dvc_cli.core.answer_types.dates import DATE, parse_date
from dvc_cli.core.answer_types.numbers import CITIZEN_ID, INTEGER, PHONE
from dvc_cli.core.answer_types.places import COMMUNE, PROVINCE
from dvc_cli.core.answer_types.text import NAME, TEXT
from dvc_cli.core.schema import Question

__all__ = [
    "TYPES",
    "AnswerType",
    "Option",
    "display",
    "example",
    "from_cell",
    "is_blank",
    "match_choice",
    "of",
    "parse",
    "parse_date",
    "to_plain",
]

#: Every answer type by name, in the order of :data:`dvc_cli.core.schema.QuestionType`.
TYPES: dict[str, AnswerType] = {
    t.name: t
    for t in (TEXT, NAME, DATE, CHOICE, BOOLEAN, INTEGER, CITIZEN_ID, PHONE, PROVINCE, COMMUNE)
}


def of(q: Question) -> AnswerType:
    """The answer type of ``q``."""
    return TYPES[q.type]


def is_blank(raw: Any) -> bool:
    """True for None and for strings with only whitespace."""
    return raw is None or (isinstance(raw, str) and not raw.strip())


def parse(q: Question, raw: Any, ctx: Mapping[str, Any], today: dt.date) -> Any:
    """Parse ``raw`` for ``q``; blank gives None (the engine decides if that is allowed)."""
    if is_blank(raw):
        return None
    return TYPES[q.type].parse(q, raw, ctx, today)


def to_plain(q: Question, value: Any) -> Any:
    """The value as written to an answers file (dates as dd/mm/yyyy)."""
    return None if value is None else TYPES[q.type].to_plain(q, value)


def display(q: Question, value: Any, *, localised: bool = False) -> str:
    """The value as shown to a person (choice labels, Có/Không): in Vietnamese, as the forms
    and csv-template print it, or with ``localised`` in the interface language (the review
    screen)."""
    if value is None:
        return "—"
    return TYPES[q.type].display(q, value, localised)


def from_cell(q: Question, value: Any) -> Any:
    """A spreadsheet cell as an answer for ``q`` (None: no answer, the default applies).

    Text is trimmed; spreadsheet dates, numbers and TRUE/FALSE are read as the type wants them
    (an ID or phone number stored as a number gets back the leading zeros it lost).
    """
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    return TYPES[q.type].from_cell(q, value)


def example(q: Question) -> Any:
    """The csv-template example the type makes up for ``q`` (None: the procedure must give
    one)."""
    return TYPES[q.type].example(q)
