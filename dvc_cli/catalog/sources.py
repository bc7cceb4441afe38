"""A procedure's ``sources``: which fact each one backs, and the facts no source backs.

A fact is named as ``backs`` names it: ``legal_basis``, ``authority``, ``processing_time``,
``fee``, ``validity`` (when the procedure states one), ``form`` (every output; or one,
``outputs.<id>``), ``dossier.<item id>`` and ``visits.<index>`` (0 for the first visit).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from dvc_cli.core.schema import Procedure, Source
from dvc_cli.i18n import _

Problem = tuple[tuple[Any, ...], str]  # (path inside the file, message)


def facts(proc: Procedure) -> dict[str, tuple[Any, ...]]:
    """Every fact ``proc`` states that needs a source → where it is in the file, in order."""
    out: dict[str, tuple[Any, ...]] = {
        "legal_basis": ("legal_basis",),
        "authority": ("authority",),
        "processing_time": ("processing_time",),
        "fee": ("fee",),
    }
    if proc.validity is not None:
        out["validity"] = ("validity",)
    for i, out_form in enumerate(proc.outputs):
        out[f"outputs.{out_form.id}"] = ("outputs", i, "id")
    for i, doc in enumerate(proc.dossier):
        out[f"dossier.{doc.id}"] = ("dossier", i, "id")
    for i, _visit in enumerate(proc.visits):
        out[f"visits.{i}"] = ("visits", i, "title")
    return out


def _backed(proc: Procedure, target: str) -> list[str]:
    """The facts a ``backs`` entry names (``form``: every output, none for a checklist-only
    procedure)."""
    if target == "form":
        return [f"outputs.{o.id}" for o in proc.outputs]
    return [target]


def reference_problems(proc: Procedure) -> Iterator[Problem]:
    """Duplicate source ids and ``backs`` naming no fact of the procedure (a broken file:
    ``dvc fill`` refuses it too)."""
    known = facts(proc)
    seen: set[str] = set()
    for si, source in enumerate(proc.sources):
        if source.id in seen:
            yield ("sources", si, "id"), _("nguồn '{id}' bị khai báo hai lần").format(id=source.id)
        seen.add(source.id)
        for bi, target in enumerate(source.backs):
            if not all(n in known for n in _backed(proc, target)):
                yield (
                    ("sources", si, "backs", bi),
                    _("'{target}' không phải thông tin nào của thủ tục; dùng: {names}").format(
                        target=target, names=", ".join(["form", *known])
                    ),
                )


def unbacked(proc: Procedure) -> Iterator[Problem]:
    """Every fact no source backs (``dvc check``: a procedure must cite its facts)."""
    backed = {n for source in proc.sources for t in source.backs for n in _backed(proc, t)}
    for name, loc in facts(proc).items():
        if name not in backed:
            message = _("'{fact}' không có nguồn nào (thêm vào 'sources' với backs: [{fact}])")
            yield loc, message.format(fact=name)


def by_fact(proc: Procedure) -> dict[str, list[Source]]:
    """Each fact → the sources backing it (facts in file order; unknown targets left out)."""
    known = facts(proc)
    out: dict[str, list[Source]] = {name: [] for name in known}
    for source in proc.sources:
        for target in source.backs:
            for name in _backed(proc, target):
                if name in out and source not in out[name]:
                    out[name].append(source)
    return out


def stale(proc: Procedure, days: int, today: dt.date) -> Iterator[Problem]:
    """Each source checked more than ``days`` days before ``today``."""
    for si, source in enumerate(proc.sources):
        age = (today - source.checked).days
        if age > days:
            yield (
                ("sources", si, "checked"),
                _(
                    "nguồn '{id}' ({document}) được đối chiếu lần cuối {checked}, {age} ngày trước"
                ).format(
                    id=source.id,
                    document=source.document,
                    checked=source.checked.isoformat(),
                    age=age,
                ),
            )
