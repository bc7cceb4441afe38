"""What ``dvc check`` (and loading) finds wrong in a procedure's list questions and in what
uses them: item questions, ``for_each`` dossier entries, forms' ``lists`` tables, and
``migrate`` declarations (see :mod:`dvc_cli.core.lists`)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from dvc_cli.core import lists
from dvc_cli.core.schema import Procedure, Question
from dvc_cli.i18n import _

Problem = tuple[tuple[Any, ...], str]
Check = Callable[..., Iterator[Problem]]  # check(source, loc, template=...)

#: Names an item's sources see besides the outer ones and its item questions' ids.
ITEM_NAMES = frozenset({"n", "previous", "earlier"})


def list_questions(proc: Procedure) -> dict[str, Question]:
    return {q.id: q for step in proc.steps for q in step.questions if q.type == "list"}


def item_names(q: Question) -> set[str]:
    return {iq.id for iq in q.items or ()} | {c.id for c in q.computed} | ITEM_NAMES


def problems(
    proc: Procedure,
    names: set[str],
    check: Check,
    default_problems: Callable[..., Iterator[Problem]],
) -> Iterator[Problem]:
    """Every problem of the list questions and of their uses, in file order."""
    found = list_questions(proc)
    for si, step in enumerate(proc.steps):
        for qi, q in enumerate(step.questions):
            if q.type != "list":
                continue
            base = ("steps", si, "questions", qi)
            scope = names | item_names(q)
            seen: set[str] = set()
            for ii, iq in enumerate(q.items or ()):
                at = (*base, "items", ii)
                if iq.id in seen:
                    yield (*at, "id"), _("câu hỏi '{id}' bị khai báo hai lần").format(id=iq.id)
                seen.add(iq.id)
                if iq.id in lists.RESERVED:
                    message = _("'{id}' là tên dành riêng, không dùng làm mã câu hỏi của mục")
                    yield (*at, "id"), message.format(id=iq.id)
                yield from check(iq.when, (*at, "when"), template=False, names=scope)
                yield from check(iq.default, (*at, "default"), template=True, names=scope)
                yield from check(iq.example, (*at, "example"), template=True, names=scope)
                for ri, rule in enumerate(iq.rules):
                    loc = (*at, "rules", ri, "check")
                    yield from check(rule.check, loc, template=False, names=scope)
                yield from default_problems(iq, at)
                for attr in ("province_question", "gender_question", "birth_date_question"):
                    ref = getattr(iq, attr)
                    if ref and ref not in scope:
                        yield (*at, attr), _("không có câu hỏi '{id}'").format(id=ref)
            for ci, comp in enumerate(q.computed):
                at = (*base, "computed", ci)
                if comp.id in seen or comp.id in lists.RESERVED:
                    yield (*at, "id"), _("'{id}' trùng với một id khác").format(id=comp.id)
                seen.add(comp.id)
                yield from check(comp.value, (*at, "value"), template=True, names=scope)
            if q.item_label is not None:
                for key, text in (
                    (("item_label",), q.item_label.vi),
                    (
                        ("item_label", "en"),
                        q.item_label.en,
                    ),
                ):
                    yield from check(text, (*base, *key), template=True, names={"n"})
    for i, doc in enumerate(proc.dossier):
        if doc.for_each is None:
            continue
        if doc.for_each not in found:
            message = _("'{id}' không phải câu hỏi danh sách (type: list)")
            yield ("dossier", i, "for_each"), message.format(id=doc.for_each)
            continue
        scope = names | item_names(found[doc.for_each])
        for key in ("title", "note"):
            text = getattr(doc, key)
            if text:
                yield from check(text.vi, ("dossier", i, key), template=True, names=scope)
                yield from check(text.en, ("dossier", i, key, "en"), template=True, names=scope)
    for oi, out in enumerate(proc.outputs):
        for li, spec in enumerate(out.lists):
            at = ("outputs", oi, "lists", li)
            if spec.question not in found:
                message = _("'{id}' không phải câu hỏi danh sách (type: list)")
                yield (*at, "question"), message.format(id=spec.question)
                continue
            scope = names | item_names(found[spec.question])
            for ci, column in enumerate(spec.columns):
                loc = (*at, "columns", ci, "value")
                yield from check(column.value, loc, template=True, names=scope)
    known = {q.id for step in proc.steps for q in step.questions}
    for mi, rule in enumerate(proc.migrate):
        at = ("migrate", mi)
        if rule.into not in found:
            message = _("'{id}' không phải câu hỏi danh sách (type: list)")
            yield (*at, "into"), message.format(id=rule.into)
            continue
        items = {iq.id for iq in found[rule.into].items or ()}
        for new, old in rule.item.items():
            if new not in items:
                message = _("danh sách '{list}' không có câu hỏi '{id}'")
                yield (*at, "item", new), message.format(list=rule.into, id=new)
            if old in known:
                message = _("'{id}' vẫn là câu hỏi của thủ tục: không chuyển được")
                yield (*at, "item", new), message.format(id=old)
