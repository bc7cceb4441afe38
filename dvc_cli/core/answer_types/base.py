"""What an answer type is made of, and the behaviour most types share."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dvc_cli.i18n import N_, _

if TYPE_CHECKING:
    from dvc_cli.core.schema import Question

Parser = Callable[["Question", Any, Mapping[str, Any], dt.date], Any]


@dataclass(frozen=True)
class Option:
    """One answer offered to pick from: the value stored and its label (interface language);
    ``aliases``: other words it is also found by when the list is typed to filter."""

    value: Any
    label: str
    aliases: tuple[str, ...] = ()


def dmy(day: dt.date) -> str:
    """A date as the forms and answers files write it: dd/mm/yyyy."""
    return day.strftime("%d/%m/%Y")


def yes_no(value: Any, *, localised: bool = False) -> str:
    """Có/Không: in Vietnamese (the forms), or with ``localised`` in the interface language."""
    word = N_("Có") if value else N_("Không")
    return _(word) if localised else word


def plain(q: Question, value: Any) -> Any:
    """The value as written to an answers file: dates as dd/mm/yyyy, the rest as it is."""
    return dmy(value) if isinstance(value, dt.date) else value


def shown(q: Question, value: Any, localised: bool) -> str:
    """The value as printed: dates as dd/mm/yyyy, the rest as text."""
    return dmy(value) if isinstance(value, dt.date) else str(value)


def whole_number(value: Any) -> int | None:
    """A spreadsheet number that is a whole number (2.0 as 2); None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value if isinstance(value, int) else None


def cell_text(q: Question, value: Any) -> Any:
    """A spreadsheet's non-text cell read as typed text: TRUE/FALSE as Có/Không, a date as
    dd/mm/yyyy, a whole number without its ``.0`` (None: an empty cell)."""
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, dt.date):
        return dmy(value.date() if isinstance(value, dt.datetime) else value)
    number = whole_number(value)
    if number is not None:
        return str(number)
    return str(value).strip() or None


def no_example(q: Question) -> Any:
    """No example a type could make up on its own (the procedure must give one)."""
    return None


@dataclass(frozen=True)
class AnswerType:
    """Everything a question's ``type`` stands for, UI-neutral (core does no terminal I/O).

    The functions receive a non-blank answer: :mod:`dvc_cli.core.answer_types` handles None and
    blank the same way for every type before it calls them.
    """

    name: str
    #: What a person typed, a cell or a YAML value → the typed value; raises AnswerError.
    parse: Parser
    #: The typed value as printed; ``localised`` (the review screen) or Vietnamese (forms).
    display: Callable[[Question, Any, bool], str] = shown
    #: The typed value as stored in answers files and drafts.
    to_plain: Callable[[Question, Any], Any] = plain
    #: A spreadsheet's non-text cell (number, date, TRUE/FALSE) as an answer to parse.
    from_cell: Callable[[Question, Any], Any] = cell_text
    #: The csv-template example when the procedure gives neither example nor default.
    example: Callable[[Question], Any] = no_example
    #: Whether a plain default in a procedure file is checked as an answer at load time.
    typed_default: bool = False
    #: Whether its value has a label, ``labels.<id>`` in templates.
    labelled: bool = False
    #: The answers to pick from (a prompt shows a list); None: the answer is typed in.
    options: Callable[[Question], list[Option]] | None = None
    #: Which option value a current answer (typed value, raw answer or default) stands for.
    option_for: Callable[[Question, Any], Any] = lambda q, current: current
    #: One line saying how an accepted answer was read when that is not what was typed (an
    #: old unit's name converted to the current one); None: nothing to say.
    note: Callable[[Question, Any, Mapping[str, Any], dt.date], str | None] | None = None
    #: Whether a note means the stored answer is not the name typed but today's (an old unit
    #: converted): a batch tells the desk which rows and columns were.
    converts: bool = False
    #: A question to put to the person about an accepted answer that is probably not what
    #: the papers say (a name typed without its diacritics); None: nothing to doubt. Not an
    #: error: the interview asks to confirm, ``--no-input`` warns, a batch notes it in its
    #: manifest.
    doubt: Callable[[Question, Any], str | None] | None = None
    #: Names to complete while typing, given the answers so far; None: no completion.
    suggestions: Callable[[Question, Mapping[str, Any]], Iterable[str] | None] | None = None
