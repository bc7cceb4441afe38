"""List questions (``type: list``): several items, each answering the same item questions.

A list's answer is a list of mappings (an answers file's YAML list, a draft, numbered
spreadsheet columns): one mapping per item, item question id → answer. Each item answer is
parsed by its own answer type (:func:`dvc_cli.core.answer_types.parse`, as any answer) and
then its question's ``rules``; an item question's ``when``, ``default`` and ``rules`` see the
outer answers, that item's answers by their ids, ``n`` (the item's number, from 1),
``previous`` (the item before, or none) and ``earlier`` (every item before). The list's own
``rules`` see the whole list, ``min``/``max`` bound how many items it has. In templates and
conditions the typed list is a list of mappings (``earlier_residences | length``,
``earlier_residences[0].place``; a choice's label is ``item.labels.<id>``).

Errors name the item: ``earlier_residences[2].from`` (numbered from 1, as the person counts).
Pure: no I/O. The engine (:mod:`dvc_cli.core.engine`) calls :func:`parse_items`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from jinja2 import UndefinedError

from dvc_cli.core import answer_types, expressions
from dvc_cli.errors import AnswerError
from dvc_cli.i18n import _, ngettext, pick
from dvc_cli.text import nfc

if TYPE_CHECKING:
    from dvc_cli.core.schema import Migration, Question

#: Names an item question may not take: the item is a mapping, whose own attributes a
#: template would reach first (``item.keys``); and the names every item scope has.
RESERVED = frozenset(dir(dict)) | {"n", "previous", "earlier", "labels", "item"}

Where = Callable[..., Callable[[], str]]  # where(*key) of something inside the list question


def path(list_id: str, index: int, qid: str | None = None) -> str:
    """``earlier_residences[2].from``: item ``index`` (from 0) shown numbered from 1."""
    base = f"{list_id}[{index + 1}]"
    return f"{base}.{qid}" if qid else base


def owner(name: str | None) -> str | None:
    """The list an item path belongs to (``earlier_residences[2].from`` →
    ``earlier_residences``); a plain question id as it is."""
    if name is None:
        return None
    return name.split("[", 1)[0]


def split(name: str) -> tuple[str, int | None, str | None]:
    """``earlier_residences[2].from`` → (``earlier_residences``, 1, ``from``): the list, the
    item's index from 0 and the item question; a plain id → (id, None, None)."""
    head, bracket, rest = name.partition("[")
    if not bracket:
        return name, None, None
    number, _close, tail = rest.partition("]")
    index = int(number) - 1 if number.isdigit() else None
    return head, index, tail.lstrip(".") or None


def question_at(questions: Mapping[str, Question], name: str | None) -> Question | None:
    """The question ``name`` stands for: an id, or an item path's item question."""
    if not name:
        return None
    head, _index, qid = split(name)
    q = questions.get(head)
    if q is None or qid is None:
        return q
    return next((iq for iq in q.items or () if iq.id == qid), None)


def raw_at(answers: Mapping[str, Any], name: str | None) -> Any:
    """The raw answer ``name`` names in ``answers`` (an item path reaches into its list)."""
    if not name:
        return None
    head, index, qid = split(name)
    value = answers.get(head)
    if index is None:
        return value
    if not isinstance(value, (list, tuple)) or index >= len(value):
        return None
    entry = value[index]
    if qid is None or not isinstance(entry, Mapping):
        return entry
    return entry.get(qid)


def label_at(questions: Mapping[str, Question], name: str, *, localised: bool = True) -> str:
    """The question ``name`` in the person's words: its label, and for an item's answer the
    item's label before it ("Nơi cư trú trước đây thứ 2 — Đến ngày"); ``name`` itself when
    it is no question."""
    head, index, _qid = split(name)
    q = question_at(questions, name)
    if q is None:
        return name
    label = pick(q.label) if localised else q.label.vi
    if index is None or head not in questions:
        return label
    return f"{item_label(questions[head], index, localised=localised)} — {label}"


item_label = answer_types.item_label


def item_scope(
    ctx: Mapping[str, Any], index: int, before: Sequence[Mapping[str, Any]]
) -> dict[str, Any]:
    """What item ``index``'s conditions and rules see before its own answers: the outer
    answers, ``n``, ``previous`` and ``earlier``."""
    return {
        **ctx,
        "n": index + 1,
        "previous": before[-1] if before else None,
        "earlier": list(before),
    }


def template_scope(ctx: Mapping[str, Any], item: Mapping[str, Any], index: int) -> dict[str, Any]:
    """What a template about one typed item sees (a checklist entry with ``for_each``, a
    form's table row): the outer context, the item's values by id, ``n``, and ``labels``
    with the item's choice labels."""
    labels = {**(ctx.get("labels") or {}), **(item.get("labels") or {})}
    return {**ctx, **item, "n": index + 1, "labels": labels}


@dataclass
class ParsedItem:
    """One item read: its typed answers (applicable, non-blank), which item questions apply,
    and the errors found, each naming ``list[n].question``."""

    values: dict[str, Any] = field(default_factory=dict)
    applicable: list[Question] = field(default_factory=list)
    errors: list[AnswerError] = field(default_factory=list)
    notes: dict[str, str] = field(default_factory=dict)  # by item path, as Interview.notes
    doubts: dict[str, str] = field(default_factory=dict)  # by item path, as Interview.doubts


def _is_template(value: Any) -> bool:
    return isinstance(value, str) and "{" in value


def parse_rules(
    q: Question, value: Any, scope: Mapping[str, Any], name: str, where: Callable[..., Any]
) -> None:
    """Check ``q``'s rules on ``value`` in ``scope``; raise AnswerError naming ``name``.
    ``where(ri)``: where rule ``ri``'s check is, for a broken one."""
    inner = {**scope, q.id: value}
    for ri, rule in enumerate(q.rules):
        try:
            ok = expressions.evaluate(rule.check, inner)
        except (UndefinedError, TypeError):
            continue  # depends on an answer not given yet
        except Exception as exc:  # the sandbox's refusals, 1/0...: the procedure's bug
            raise expressions.failed(where(ri), exc) from None
        if not ok:
            raise AnswerError(pick(rule.message), name)


def parse_item(
    q: Question,
    index: int,
    raw: Mapping[str, Any],
    ctx: Mapping[str, Any],
    before: Sequence[Mapping[str, Any]],
    today: dt.date,
    where: Where,
    *,
    only: str | None = None,
) -> ParsedItem:
    """Read item ``index`` of list ``q`` from ``raw`` (item question id → answer), in order:
    each item question whose ``when`` holds is parsed by its type, then its rules. A missing
    answer takes the item question's plain default; still missing and required, it is an
    error. ``only``: stop after that item question (the prompt checking one answer)."""
    out = ParsedItem()
    scope = item_scope(ctx, index, before)
    labels = dict(ctx.get("labels") or {})
    scope["labels"] = labels
    for qi, iq in enumerate(q.items or ()):
        if not expressions.holds(iq.when, scope, where("items", qi, "when")):
            continue
        out.applicable.append(iq)
        name = path(q.id, index, iq.id)
        given = raw.get(iq.id)
        if given is None and iq.default is not None and not _is_template(iq.default):
            given = iq.default
        if isinstance(given, str):
            given = nfc(given)
        try:
            value = answer_types.parse(iq, given, scope, today)
            if value is None:
                if iq.required:
                    raise AnswerError(_("thiếu câu trả lời bắt buộc"), name)
            else:
                parse_rules(
                    iq, value, scope, name, lambda ri, qi=qi: where("items", qi, "rules", ri)
                )
        except AnswerError as exc:
            out.errors.append(AnswerError(exc.message, name, exc.choices))
            if only == iq.id:
                break
            continue
        if value is not None:
            out.values[iq.id] = value
            scope[iq.id] = value
            note = answer_types.note(iq, given, scope, today)
            if note:
                out.notes[name] = note
            doubt = answer_types.doubt(iq, value)
            if doubt:
                out.doubts[name] = doubt
            if answer_types.of(iq).labelled:
                labels[iq.id] = answer_types.display(iq, value)
        if only == iq.id:
            break
    if not out.errors and only is None:
        for ci, comp in enumerate(q.computed):
            text = expressions.render(comp.value, scope, where("computed", ci, "value"))
            value: Any = int(text) if text.lstrip("-").isdigit() else text
            out.values[comp.id] = scope[comp.id] = value
    item_labels = {
        iq.id: labels[iq.id] for iq in out.applicable if iq.id in out.values and iq.id in labels
    }
    if item_labels:
        out.values["labels"] = item_labels
    return out


def parse_items(
    q: Question,
    raw: Any,
    ctx: Mapping[str, Any],
    today: dt.date,
    where: Where,
    found: ParsedItem | None = None,
) -> tuple[list[dict[str, Any]], list[AnswerError]]:
    """The typed items of list ``q`` and every error found in them (each naming its item, or
    the list for the count and the list's own rules). ``found`` receives the items' notes
    and doubts."""
    if raw is None:
        raw = []
    if isinstance(raw, Mapping) or not isinstance(raw, (list, tuple)):
        return [], [
            AnswerError(_("cần một danh sách các mục (mỗi mục một bảng khóa: giá trị)"), q.id)
        ]
    known = {iq.id for iq in q.items or ()}
    items: list[dict[str, Any]] = []
    errors: list[AnswerError] = []
    for index, entry in enumerate(raw):
        if entry is None:
            entry = {}
        if not isinstance(entry, Mapping):
            message = _("mỗi mục cần là một bảng câu hỏi: câu trả lời")
            errors.append(AnswerError(message, path(q.id, index)))
            items.append({})
            continue
        for key in entry:
            if str(key) not in known:
                message = _("không phải câu hỏi của mục này (bỏ qua hoặc sửa tên)")
                errors.append(AnswerError(message, path(q.id, index, str(key))))
        parsed = parse_item(q, index, entry, ctx, items, today, where)
        errors.extend(parsed.errors)
        if found is not None:
            found.notes.update(parsed.notes)
            found.doubts.update(parsed.doubts)
        items.append(parsed.values)
    errors.extend(count_errors(q, len(items)))
    if not errors:
        try:
            parse_rules(q, items, ctx, q.id, lambda ri: where("rules", ri, "check"))
        except AnswerError as exc:
            errors.append(exc)
    return items, errors


def count_errors(q: Question, count: int) -> list[AnswerError]:
    """Too few or too many items for ``min``/``max``."""
    if q.min is not None and count < q.min:
        message = ngettext("cần ít nhất {count} mục", "cần ít nhất {count} mục", q.min)
        return [AnswerError(message.format(count=q.min), q.id)]
    if q.max is not None and count > q.max:
        message = ngettext("nhiều nhất {count} mục", "nhiều nhất {count} mục", q.max)
        return [AnswerError(message.format(count=q.max), q.id)]
    return []


def migrate(rules: Sequence[Migration], answers: Mapping[str, Any]) -> dict[str, Any]:
    """``answers`` with older answer ids carried into list questions (the procedure's
    ``migrate``): each rule's old answers become one more item; its ``drop`` ids go, given
    or not with the item's."""
    out = dict(answers)
    for rule in rules:
        for key in rule.drop:  # means nothing any more, given alone too (a count of 0)
            out.pop(key, None)
        old = [key for key in rule.item.values() if key in out]
        if not old:
            continue
        if rule.into not in answers:
            item = {new: out[key] for new, key in rule.item.items() if key in out}
            out.setdefault(rule.into, []).append(item)
        for key in old:
            out.pop(key, None)
    return out
