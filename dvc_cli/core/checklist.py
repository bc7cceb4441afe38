"""The personalised checklist: documents to bring, places to go, fee, time, legal basis.

:func:`build` evaluates the procedure's dossier and visits against one person's answers. It is
content only: :mod:`dvc_cli.render.checklist_paper` lays it out as Markdown and a printable A4 PDF,
:mod:`dvc_cli.cli.checklist_view` for the terminal.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from dvc_cli import i18n
from dvc_cli.core import expressions, lists
from dvc_cli.core.engine import Interview
from dvc_cli.i18n import N_, _, ngettext, pick
from dvc_cli.text import nfc

if TYPE_CHECKING:
    from collections.abc import Sequence

    from dvc_cli.core.local_facts import Applied, Overlay

# Translated when shown: ``_(KIND_LABELS[kind])``, or :func:`how`.
KIND_LABELS = {
    "original": N_("Bản chính"),
    "copy": N_("Bản sao"),
    "present": N_("Xuất trình bản chính (không phải nộp)"),
    "original_or_copy": N_("Bản chính hoặc bản sao"),
}


def _applying(overlays: Sequence[Overlay], ctx: dict[str, Any]) -> Applied | None:
    """The local facts of ``overlays`` that apply to ``ctx``; None without overlays."""
    if not overlays:
        return None
    from dvc_cli.core import local_facts

    return local_facts.applying(overlays, ctx)


def how(kind: str, count: int | None) -> str:
    """``Bản sao, 01 bản`` and the like, in the interface language."""
    return _how(kind, count, i18n.language())


@lru_cache(maxsize=256)
def _how(kind: str, count: int | None, lang: str) -> str:
    """:func:`how` in ``lang``, the language in force (a function of the three: the same
    few a checklist prints, twice, for every person)."""
    if not count:
        return _(KIND_LABELS[kind])
    # One message per kind: other languages put the count elsewhere ("2 copies").
    if kind == "original":
        text = ngettext("Bản chính, {count:02d} bản", "Bản chính, {count:02d} bản", count)
    elif kind == "copy":
        text = ngettext("Bản sao, {count:02d} bản", "Bản sao, {count:02d} bản", count)
    elif kind == "present":
        text = ngettext(
            "Xuất trình bản chính (không phải nộp), {count:02d} bản",
            "Xuất trình bản chính (không phải nộp), {count:02d} bản",
            count,
        )
    else:
        text = ngettext(
            "Bản chính hoặc bản sao, {count:02d} bản",
            "Bản chính hoặc bản sao, {count:02d} bản",
            count,
        )
    return text.format(count=count)


@dataclass(frozen=True)
class Item:
    """One document to bring."""

    title: str
    kind: str
    count: int | None
    note: str | None
    produced_by_dvc: bool

    @property
    def how(self) -> str:
        """``Bản sao, 01 bản`` and the like."""
        return how(self.kind, self.count)


@dataclass(frozen=True)
class Visit:
    title: str
    note: str | None


@dataclass
class Checklist:
    """Everything one person needs to finish the procedure in one trip."""

    procedure_id: str
    title: str
    person: str
    person_label: str
    documents: list[Item]
    visits: list[Visit]
    online: str | None
    fee: str
    processing_time: str
    validity: str | None
    authority: str
    legal_basis: list[str]
    notes: list[str] = field(default_factory=list)
    generated: dt.date = field(default_factory=dt.date.today)
    opening_hours: str | None = None  # from local facts (--local)


def _text(source: str | None, ctx: dict[str, Any], where: expressions.Where) -> str | None:
    if source and "{" not in source and "\r" not in source:
        # No tag, no variable, no comment: Jinja2 gives the text back as it is.
        return _plain(source)
    return expressions.render(source, ctx, where) or None if source else None


@lru_cache(maxsize=1024)
def _plain(source: str) -> str | None:
    """A text without braces as printed: a function of the text alone, made once a process
    (the same ~20 notes and titles for every person)."""
    return nfc(source).strip() or None


_HELD: dict[tuple[Any, ...], bool] = {}  # see _holds
_ABSENT = object()


def _holds(
    when: str | None,
    ctx: dict[str, Any],
    where: expressions.Where,
    day_and_language: tuple[dt.date, str] | None = None,
) -> bool:
    """``expressions.holds``, kept per the values the condition names (with the day, which
    ``age()`` without a date reads, and the language: ``day_and_language``, as the caller
    read them for all its conditions, else now): most people of a batch get the same
    entries, on the same few answers. A value that cannot be hashed is simply not kept."""
    if not when:
        return True
    day, lang = day_and_language or (dt.date.today(), i18n.language())
    key: Any = [when, day, lang]
    try:
        for name in expressions.names_of(when, template=False):
            value = ctx.get(name, _ABSENT)
            key += (name, type(value), frozenset(value.items()) if type(value) is dict else value)
        key = tuple(key)
        found = _HELD.get(key)
    except TypeError:  # a list's items, say
        return expressions.holds(when, ctx, where)
    if found is None:
        found = _HELD[key] = expressions.holds(when, ctx, where)
        if len(_HELD) > 4096:
            _HELD.clear()
    return found


# id(procedure model) → (the model, held so that its id is not reused; its legal basis lines)
_BASIS: dict[int, tuple[Any, tuple[str, ...]]] = {}


def _basis(proc: Any) -> tuple[str, ...]:
    """The procedure's legal basis, one line each (``title — citation``): made once a model."""
    kept = _BASIS.get(id(proc))
    if kept is None or kept[0] is not proc:
        lines = tuple(" — ".join(x for x in (b.title, b.citation) if x) for b in proc.legal_basis)
        if len(_BASIS) > 64:
            _BASIS.clear()
        kept = _BASIS[id(proc)] = (proc, lines)
    return kept[1]


def entry_scopes(for_each: str | None, ctx: dict[str, Any]) -> list[dict[str, Any]]:
    """What a dossier entry's texts see: the answers; with ``for_each``, once per item of
    that list (the item's answers by id, ``n``, the outer answers)."""
    if for_each is None:
        return [ctx]
    return [lists.template_scope(ctx, item, i) for i, item in enumerate(ctx.get(for_each) or ())]


def build(interview: Interview) -> Checklist:
    """The checklist for the answers in ``interview``, in the interface language (a text the
    procedure has no English for stays Vietnamese; titles of legal documents always do)."""
    proc = interview.procedure.model
    ctx = interview.localised_context()
    at = interview.procedure.lazy_where
    now = (dt.date.today(), i18n.language())  # what every condition's kept answer is for
    items = [
        Item(
            _text(pick(d.title), scope, at("dossier", i, "title")) or pick(d.title),
            d.kind,
            d.count,
            _text(pick(d.note), scope, at("dossier", i, "note")) if d.note else None,
            d.produced_by_dvc,
        )
        for i, d in enumerate(proc.dossier)
        if _holds(d.when, ctx, at("dossier", i, "when"), now)
        for scope in entry_scopes(d.for_each, ctx)
    ]
    visits = [
        Visit(
            _text(pick(v.title), ctx, at("visits", i, "title")) or pick(v.title),
            _text(pick(v.note), ctx, at("visits", i, "note")) if v.note else None,
        )
        for i, v in enumerate(proc.visits)
        if _holds(v.when, ctx, at("visits", i, "when"), now)
    ]
    # local facts (--local): without overlays their model (pydantic) is not even imported
    local = _applying(interview.procedure.local, ctx)
    items += [
        Item(
            _text(pick(d.title), ctx, o.where("dossier_extra", i, "title")) or pick(d.title),
            d.kind,
            d.count,
            _text(pick(d.note), ctx, o.where("dossier_extra", i, "note")) if d.note else None,
            d.produced_by_dvc,
        )
        for o, i, d in (local.dossier if local else ())
        if _holds(d.when, ctx, o.where("dossier_extra", i, "when"))
    ]
    if local and local.visits is not None:
        where, local_visits = local.visits
        visits = [
            Visit(
                _text(pick(v.title), ctx, where.where("visits", i, "title")) or pick(v.title),
                _text(pick(v.note), ctx, where.where("visits", i, "note")) if v.note else None,
            )
            for i, v in enumerate(local_visits)
            if _holds(v.when, ctx, where.where("visits", i, "when"))
        ]
    basis = list(_basis(proc))
    basis += [b for b in (local.decided_by if local else ()) if b not in basis]
    return Checklist(
        procedure_id=proc.id,
        title=pick(proc.title),
        person=interview.person_name(),
        person_label=pick(proc.person_label),
        documents=items,
        visits=visits,
        online=pick(proc.online) or None,
        fee=(local and local.fee_text()) or pick(proc.fee),
        processing_time=pick(proc.processing_time),
        validity=pick(proc.validity) or None,
        authority=pick(proc.authority),
        legal_basis=basis,
        notes=[pick(n) for n in (*proc.notes, *(local.notes if local else ()))],
        generated=interview.today,
        opening_hours=(local and pick(local.opening_hours)) or None,
    )
