"""Whether the answers fit their boxes on the forms: checked when a question is answered.

The interview cannot know how big a box is; the form can. :func:`check_fit` is the check an
:class:`~dvc_cli.core.engine.Interview` is given (``Interview(proc, answers,
checks=[check_fit])``): it renders every text field of the procedure's forms from the answers
(as :func:`dvc_cli.render.output.form_values` does), lays each value into its box with
:mod:`~dvc_cli.render.form_layout`, and for a value that does not fit even at the smallest
size blames the question(s) whose answer is written in it, in the person's words: "quá dài để
ghi vào tờ khai: tối đa khoảng 95 ký tự" (the room the box has at that size, less the text
the form writes around the answer). So a value too long is refused at the prompt, in an
answers file and in a batch row before anything is drawn; the renderer's own refusal
(:func:`~dvc_cli.render.form_layout.too_long`) is left for text no answer is behind.
"""

from __future__ import annotations

import math
import weakref
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dvc_cli.core import answer_types, expressions
from dvc_cli.errors import AnswerError
from dvc_cli.i18n import _
from dvc_cli.render import form_layout, form_template, pdf_text
from dvc_cli.render.form_layout import (
    DESCENT,
    LEADING,
    MIN_SIZE,
    PAD_LEFT,
    PAD_RIGHT,
    TOP_PAD,
    WidthFn,
)
from dvc_cli.render.form_template import FieldInfo, FormRenderError
from dvc_cli.text import fold

if TYPE_CHECKING:
    from dvc_cli.core.engine import Interview
    from dvc_cli.core.procedure import LoadedProcedure

WRAP_WASTE = 3  # characters a wrapped line leaves empty at its end, about half a word


@dataclass(frozen=True)
class Box:
    """A text field of one of a procedure's forms, and the questions its template draws on."""

    output: int  # index in the procedure's outputs
    name: str
    source: str  # the field's template
    widgets: tuple[FieldInfo, ...]
    behind: frozenset[str]  # question ids, through computed values


# id(procedure) -> (the procedure, weakly, and its boxes); a procedure is not hashable
_BOXES: dict[int, tuple[weakref.ref[LoadedProcedure], list[Box]]] = {}


def boxes(proc: LoadedProcedure) -> list[Box]:
    """The text fields of ``proc``'s forms that answers are written in (read once per
    procedure; a template that cannot be read is left to the renderer to report)."""
    known = _BOXES.get(id(proc))
    if known is not None and known[0]() is proc:
        return known[1]
    computed = {c.id: c.value for c in proc.model.computed}
    found: list[Box] = []
    for oi, out in enumerate(proc.model.outputs):
        try:
            tpl = form_template.load(proc.template_path(out.template))
        except FormRenderError:
            continue
        for name, source in out.fields.items():
            widgets = tpl.fields.get(name)
            if not widgets or widgets[0].type != "text":
                continue
            seen: set[str] = set()
            todo = [source]
            while todo:
                for used in expressions.names_in(todo.pop(), template=True) - seen:
                    seen.add(used)
                    if used in computed:
                        todo.append(computed[used])
            behind = frozenset(seen & proc.questions.keys())
            if behind:
                found.append(Box(oi, name, source, tuple(widgets), behind))
    for key in [k for k, (ref, _b) in _BOXES.items() if ref() is None]:
        del _BOXES[key]
    _BOXES[id(proc)] = (weakref.ref(proc), found)
    return found


def _width(text: str) -> WidthFn:
    """The width function the flat form would draw ``text`` with (the same font either way)."""
    regular = pdf_text.font("Regular")
    if regular.chars.issuperset(text.replace("\n", " ")):  # pdf_text.in_fixed_subset([text])
        return regular.width
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from dvc_cli.fonts import STYLES, register_fonts

    register_fonts()
    font = STYLES["Regular"]
    return lambda value, size: stringWidth(value, font, size)


@dataclass(frozen=True)
class Misfit:
    """How a value fails its box at the smallest size: about how many characters (of the
    value's kind) the box holds, or, when one word is wider than a line, a line holds."""

    capacity: int
    word: bool = False


def misfit(field: FieldInfo, text: str, width: WidthFn) -> Misfit | None:
    """None when ``text`` fits ``field`` (as the form would lay it out); else by how much not."""
    try:
        form_layout.layout(field, text, width)
        return None
    except FormRenderError:
        pass
    x0, y0, x1, y1 = field.rect
    avail = x1 - x0 - PAD_LEFT - PAD_RIGHT
    per_char = width(text, MIN_SIZE) / max(len(text), 1)  # the value's own mix of letters
    per_line = max(int(avail / per_char), 0) if per_char else 0
    if not field.multiline:
        return Misfit(per_line)
    if form_layout.wrap(text, MIN_SIZE, avail, width) is None:
        return Misfit(per_line, word=True)
    lines = max(math.floor(((y1 - y0) / MIN_SIZE - TOP_PAD - DESCENT) / LEADING) + 1, 1)
    return Misfit(max(lines * per_line - (lines - 1) * WRAP_WASTE, 0))


# The field values last worked out, with the context they came from (held, so that its id
# cannot be reused): the renderer takes them rather than rendering each template twice.
_LAST: list[Any] = [None, {}]


def rendered(ctx: Mapping[str, Any], output: int, name: str) -> str | None:
    """The text field ``name`` of output ``output`` as :func:`check_fit` rendered it from
    this very ``ctx`` (the same object), else None."""
    return rendered_fields(ctx).get((output, name))


def rendered_fields(ctx: Mapping[str, Any]) -> Mapping[tuple[int, str], str]:
    """Every text field :func:`check_fit` rendered from this very ``ctx`` (the same
    object), by (output, field name): :func:`rendered` of them all at once."""
    return _LAST[1] if _LAST[0] is ctx else {}


def _text(box: Box, ctx: Mapping[str, Any]) -> str | None:
    """The box's value as the form would get it; None when it cannot be worked out yet."""
    try:
        text = expressions.render(box.source, ctx)  # type: ignore[arg-type]
    except Exception:  # an answer it needs is not given yet; the renderer tells the rest
        return None
    if _LAST[0] is not ctx:
        _LAST[:] = [ctx, {}]
    _LAST[1][box.output, box.name] = text
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not box.widgets[0].multiline:
        text = " ".join(text.split())
    return text if text.strip() else None


def _blamed(proc: LoadedProcedure, box: Box, ctx: Mapping[str, Any], text: str) -> list[str]:
    """The questions to ask again for a box too full: those whose answer is written in it,
    free text first (a name picked from a list cannot be made shorter); else every text answer
    behind it. Never a choice, a date or a number: asked again, it could not be made shorter
    (with none to blame, the renderer's own refusal tells the procedure's author)."""
    folded = fold(text)
    texts, written, typed = [], [], []
    for q in proc.ordered():
        value = ctx.get(q.id)
        kind = answer_types.of(q)
        if q.id not in box.behind or not isinstance(value, str) or not value or kind.labelled:
            continue
        texts.append(q.id)
        if fold(value) in folded:
            written.append(q.id)
            if kind.suggestions is None:
                typed.append(q.id)
    return typed or written or texts


def _longest_word(value: Any) -> int:
    return max((len(word) for word in value.split()), default=0) if isinstance(value, str) else 0


def _message(found: Misfit, room: int) -> str:
    if found.word:
        return _("có từ quá dài để ghi vào tờ khai: mỗi từ tối đa khoảng {count} ký tự").format(
            count=found.capacity
        )
    if room < 1:
        return _(
            "quá dài để ghi vào tờ khai: ô ghi câu này đã kín chỗ vì các câu trả lời khác "
            "ghi chung ô đó"
        )
    return _("quá dài để ghi vào tờ khai: tối đa khoảng {count} ký tự").format(count=room)


@dataclass(frozen=True)
class RowBox:
    """One column of a form's table of list items (``outputs[output].lists[index]``): the
    widget of each row, and the item questions its template draws on."""

    output: int
    index: int
    column: int
    rows: tuple[FieldInfo, ...]  # row n's widget at n - 1
    behind: frozenset[str]  # item question ids


_ROWS: dict[int, tuple[weakref.ref[LoadedProcedure], list[RowBox]]] = {}


def row_boxes(proc: LoadedProcedure) -> list[RowBox]:
    """The text fields of ``proc``'s forms that list items are written in, by column."""
    from dvc_cli.render import form_lists

    known = _ROWS.get(id(proc))
    if known is not None and known[0]() is proc:
        return known[1]
    found: list[RowBox] = []
    for oi, out in enumerate(proc.model.outputs):
        if not out.lists:
            continue
        try:
            tpl = form_template.load(proc.template_path(out.template))
        except FormRenderError:
            continue
        for li, spec in enumerate(out.lists):
            q = proc.questions.get(spec.question)
            items = {iq.id for iq in (q.items or ())} if q is not None else set()
            for ci, column in enumerate(spec.columns):
                widgets = []
                for n in range(1, spec.rows + 1):
                    got = tpl.fields.get(form_lists.row_field(column.field, n))
                    if not got or got[0].type != "text":
                        break
                    widgets.append(got[0])
                behind = frozenset(expressions.names_in(column.value, template=True) & items)
                if len(widgets) == spec.rows and behind:
                    found.append(RowBox(oi, li, ci, tuple(widgets), behind))
    for key in [k for k, (ref, _b) in _ROWS.items() if ref() is None]:
        del _ROWS[key]
    _ROWS[id(proc)] = (weakref.ref(proc), found)
    return found


def _row_problems(
    interview: Interview, ctx: Mapping[str, Any], qid: str | None
) -> list[AnswerError]:
    """Item answers too long for their row on a form, each naming ``list[n].question``; with
    ``qid`` (an item path, or the list), only that item (or that list)."""
    from dvc_cli.core import lists
    from dvc_cli.render import form_lists

    proc = interview.procedure
    problems: list[AnswerError] = []
    for box in row_boxes(proc):
        spec = proc.model.outputs[box.output].lists[box.index]
        if qid is not None and lists.owner(qid) != spec.question:
            continue
        only, item_qid = lists.split(qid)[1:] if qid else (None, None)
        if item_qid is not None and item_qid not in box.behind:
            continue
        column = spec.columns[box.column]
        for index, item in enumerate(ctx.get(spec.question) or ()):
            if index >= len(box.rows) or (only is not None and index != only):
                continue
            try:
                text = expressions.render(column.value, form_lists.item_context(ctx, item, index))
            except Exception:  # an answer it needs is not given yet
                continue
            text = " ".join(text.split()) if not box.rows[index].multiline else text
            if not text.strip():
                continue
            found = misfit(box.rows[index], text, _width(text))
            if found is None:
                continue
            blamed = [
                iq
                for iq in sorted(box.behind)
                if isinstance(item.get(iq), str) and item.get(iq) and iq != "labels"
            ]
            for iq in blamed:
                own = len(item[iq])
                room = min(found.capacity - (len(text) - own), own - 1)
                problems.append(
                    AnswerError(_message(found, room), lists.path(spec.question, index, iq))
                )
    return problems


def check_fit(
    interview: Interview, ctx: Mapping[str, Any], qid: str | None = None
) -> list[AnswerError]:
    """Every answer too long for its box on the procedure's forms, each naming its question
    (the engine's :data:`~dvc_cli.core.engine.Check`); with ``qid``, only the boxes that
    answer is written in are looked at (the prompt checks one answer on Enter)."""
    proc = interview.procedure
    problems: list[AnswerError] = _row_problems(interview, ctx, qid)
    for box in boxes(proc):
        if qid is not None and qid not in box.behind:
            continue
        text = _text(box, ctx)
        if text is None:
            continue
        width = _width(text)
        found = None
        for widget in box.widgets:  # misfit() of the first widget it does not fit, if any
            try:
                form_layout.layout(widget, text, width)  # kept: the form lays it out again
            except FormRenderError:
                found = misfit(widget, text, width)
                break
        if found is None:
            continue
        rooms = {}
        for blamed in _blamed(proc, box, ctx, text):
            value = ctx.get(blamed)
            own = len(value) if isinstance(value, str) else 0
            rooms[blamed] = min(found.capacity - (len(text) - own), own - 1)
        # An answer that alone could be made short enough is the one to shorten (the court's
        # name, not the decision number beside it); if none could, every one of them.
        if found.word:  # the answer with the word wider than a line
            shorter = {q: r for q, r in rooms.items() if _longest_word(ctx.get(q)) > found.capacity}
        else:
            shorter = {q: r for q, r in rooms.items() if r >= 1}
        for blamed, room in (shorter or rooms).items():
            problems.append(AnswerError(_message(found, room), blamed))
    return problems
