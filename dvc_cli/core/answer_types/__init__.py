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
from typing import TYPE_CHECKING, Any

from dvc_cli.core import legacy_text
from dvc_cli.core.answer_types.base import AnswerType, Option
from dvc_cli.core.answer_types.choices import BOOLEAN, CHOICE, match_choice
from dvc_cli.core.answer_types.dates import DATE, parse_date
from dvc_cli.core.answer_types.numbers import CITIZEN_ID, INTEGER, PHONE
from dvc_cli.core.answer_types.places import COMMUNE, PAST_PLACE, PROVINCE
from dvc_cli.core.answer_types.text import NAME, TEXT
from dvc_cli.errors import AnswerError
from dvc_cli.i18n import N_, _, pick

if TYPE_CHECKING:
    from dvc_cli.core.schema import Question

__all__ = [
    "TYPES",
    "AnswerType",
    "Option",
    "EXCEL_ERRORS",
    "display",
    "doubt",
    "example",
    "from_cell",
    "is_blank",
    "match_choice",
    "note",
    "of",
    "parse",
    "parse_date",
    "to_plain",
]

#: Every answer type by name, in the order of :data:`dvc_cli.core.schema.QuestionType`.
TYPES: dict[str, AnswerType] = {
    t.name: t
    for t in (
        TEXT,
        NAME,
        DATE,
        CHOICE,
        BOOLEAN,
        INTEGER,
        CITIZEN_ID,
        PHONE,
        PROVINCE,
        COMMUNE,
        PAST_PLACE,
    )
}


#: Excel's error values: a cell holding one has no answer, only a formula to fix.
EXCEL_ERRORS = frozenset(
    "#N/A #VALUE! #REF! #DIV/0! #NAME? #NULL! #NUM! #GETTING_DATA #SPILL! #CALC! #FIELD!".split()
)

#: What each type wants, for a value of the wrong kind (a YAML mapping, list or true/false).
_EXPECTED = {
    "text": N_("một đoạn chữ"),
    "name": N_("một họ tên"),
    "date": N_("một ngày dạng ngày/tháng/năm"),
    "choice": N_("một trong các lựa chọn"),
    "boolean": N_("có hoặc không"),
    "integer": N_("một số nguyên"),
    "citizen_id": N_("một số định danh 12 chữ số"),
    "phone": N_("một số điện thoại"),
    "province": N_("tên một tỉnh/thành phố"),
    "commune": N_("tên một xã/phường"),
    "past_place": N_("tên một nơi (xã/phường, tỉnh)"),
}


# -- a list question (core/lists.py reads its items, each by its own type) --------------------
def item_label(q: Question, index: int, *, localised: bool = True) -> str:
    """What item ``index`` (from 0) of list ``q`` is called: its ``item_label`` rendered with
    ``n`` ("Nơi cư trú trước đây thứ 2"), else the list's label and the number."""
    from dvc_cli.core import expressions

    n = index + 1
    if q.item_label is None:
        return f"{pick(q.label) if localised else q.label.vi} {n}"
    source = pick(q.item_label) if localised else q.item_label.vi
    return expressions.render(source, {"n": n}) if "{" in source else f"{source} {n}"


def _list_parse(q: Question, raw: Any, ctx: Mapping[str, Any], today: dt.date) -> Any:
    # The engine reads a list item by item (core/lists.py parse_items), never as one answer.
    raise AnswerError(_("cần một danh sách các mục (mỗi mục một bảng khóa: giá trị)"), q.id)


def _list_display(q: Question, items: Any, localised: bool) -> str:
    """The items on one line each: "Nơi cư trú trước đây thứ 1: Phường …, 21/04/2014, …"."""
    if not items:
        return _("(không có mục nào)") if localised else ""
    by_id = {iq.id: iq for iq in q.items or ()}
    lines = []
    for index, item in enumerate(items):
        shown = [display(by_id[k], v, localised=localised) for k, v in item.items() if k in by_id]
        lines.append(f"{item_label(q, index, localised=localised)}: {', '.join(shown)}")
    return "\n".join(lines)


def _list_plain(q: Question, items: Any) -> Any:
    """The items as an answers file writes them (each answer by its own type)."""
    by_id = {iq.id: iq for iq in q.items or ()}
    return [{k: to_plain(by_id[k], v) for k, v in item.items() if k in by_id} for item in items]


LIST = AnswerType("list", parse=_list_parse, display=_list_display, to_plain=_list_plain)


def of(q: Question) -> AnswerType:
    """The answer type of ``q`` (a list question's: :data:`LIST`, its items' own types)."""
    return TYPES[q.type] if q.type != "list" else LIST


def is_blank(raw: Any) -> bool:
    """True for None and for strings with only whitespace."""
    return raw is None or (isinstance(raw, str) and not raw.strip())


def parse(q: Question, raw: Any, ctx: Mapping[str, Any], today: dt.date) -> Any:
    """Parse ``raw`` for ``q``; blank gives None (the engine decides if that is allowed)."""
    if is_blank(raw):
        return None
    check_kind(q, raw)
    return of(q).parse(q, raw, ctx, today)


def check_kind(q: Question, raw: Any) -> None:
    """Refuse what no type parses: a mapping or list (YAML), true/false for a non-yes/no
    question, an Excel error value, text still in a legacy encoding. Raises AnswerError."""
    given = None
    if type(raw) is str:  # most answers: none of the kinds below (Mapping's look is slow)
        pass
    elif isinstance(raw, Mapping):
        given = _("một bảng khóa: giá trị")
    elif isinstance(raw, (list, tuple, set)):
        given = _("một danh sách")
    elif isinstance(raw, bool) and q.type != "boolean":
        given = _("giá trị đúng/sai ({value})").format(value=str(raw).lower())
    if given is not None:
        message = _("cần {expected}, không phải {given}")
        expected = _EXPECTED.get(q.type, N_("một danh sách các mục"))
        raise AnswerError(message.format(expected=_(expected), given=given), q.id)
    if not isinstance(raw, str):
        return
    text = raw.strip()
    if text.upper() in EXCEL_ERRORS:
        message = _("ô có lỗi Excel {code} — sửa công thức trong bảng tính")
        raise AnswerError(message.format(code=text.upper()), q.id)
    found = legacy_text.suspect(text)
    if found is not None:
        char, encoding = found
        message = _(
            "có ký tự '{char}' của {encoding}: chuyển sang Unicode (ví dụ bằng Unikey) rồi nhập lại"
        )
        raise AnswerError(message.format(char=char, encoding=_(encoding)), q.id)


def note(q: Question, raw: Any, ctx: Mapping[str, Any], today: dt.date) -> str | None:
    """How an accepted, non-blank ``raw`` was read, when that needs saying (an old name
    converted); None otherwise."""
    hook = of(q).note
    return None if hook is None or is_blank(raw) else hook(q, raw, ctx, today)


def doubt(q: Question, value: Any) -> str | None:
    """The question to put about an accepted typed ``value`` that is probably not what the
    papers say (a name without diacritics); None when there is nothing to doubt."""
    hook = of(q).doubt
    return None if hook is None or value is None else hook(q, value)


def to_plain(q: Question, value: Any) -> Any:
    """The value as written to an answers file (dates as dd/mm/yyyy)."""
    return None if value is None else of(q).to_plain(q, value)


def display(q: Question, value: Any, *, localised: bool = False) -> str:
    """The value as shown to a person (choice labels, Có/Không): in Vietnamese, as the forms
    and csv-template print it, or with ``localised`` in the interface language (the review
    screen)."""
    if value is None:
        return "—"
    return of(q).display(q, value, localised)


def from_cell(q: Question, value: Any) -> Any:
    """A spreadsheet cell as an answer for ``q`` (None: no answer, the default applies).

    Text is trimmed; spreadsheet dates, numbers and TRUE/FALSE are read as the type wants them
    (an ID or phone number stored as a number gets back the leading zeros it lost).
    """
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    return of(q).from_cell(q, value)


def example(q: Question) -> Any:
    """The csv-template example the type makes up for ``q`` (None: the procedure must give
    one)."""
    return of(q).example(q)
