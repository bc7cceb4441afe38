"""Spreadsheet columns of a list question's items: numbered, one column per item answer.

A column is ``<list>.<n>.<item question>`` by id (``earlier_residences.1.place``), or in
words: the list's label, or its item label without the number, then the number, then the
item question's label (or a shortened one, every word of it in the label), or its id:
"Nơi cư trú trước đây 2 — Đến ngày", "Noi cu tru truoc day thu 2 tu ngay". Accents, case
and punctuation do not matter. An old answer id the procedure's ``migrate`` carries into a
list (``confirm_period_place``) is item 1's column. A row's cells become the list's items
(trailing empty items dropped; an empty item between filled ones kept, so its problems name
its own columns).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from dvc_cli.core import lists
from dvc_cli.core.procedure import LoadedProcedure
from dvc_cli.text import fold

if TYPE_CHECKING:
    from dvc_cli.core.schema import Question

ItemColumn = tuple[str, int, str]  # (list id, item index from 0, item question id)
_MAX_ITEMS = 99  # a number in a header past this is not an item number


def _words(text: str) -> tuple[str, ...]:
    return tuple(re.findall(r"[a-z0-9]+", fold(text)))


def _list_names(q: Question) -> list[tuple[str, ...]]:
    """What a header may call list ``q`` before the item number."""
    names = [_words(q.id), _words(q.label.vi)]
    if q.label.en:
        names.append(_words(q.label.en))
    for text in (q.item_label.vi, q.item_label.en) if q.item_label else ():
        if text:
            bare = _words(re.sub(r"\{\{.*?\}\}", " ", text))
            names.append(bare)
            if bare and bare[-1] in {"thu", "no"}:  # "Nơi cư trú trước đây thứ 2"
                names.append(bare[:-1])
    return [n for n in names if n]


def _item_names(iq: Question) -> list[tuple[str, ...]]:
    names = [_words(iq.id), _words(iq.label.vi), *(_words(s) for s in iq.synonyms)]
    if iq.label.en:
        names.append(_words(iq.label.en))
    return [n for n in names if n]


def _item_of(words: tuple[str, ...], q: Question) -> str | None:
    """The item question ``words`` name: by id, label or synonym, else the one whose label
    holds every word (the shortest such label)."""
    items = list(q.items or ())
    for iq in items:
        if words in _item_names(iq):
            return iq.id
    key = set(words)
    fits = sorted(
        (min(len(n) for n in _item_names(iq) if key <= set(n)), i)
        for i, iq in enumerate(items)
        if any(key <= set(n) for n in _item_names(iq))
    )
    if not fits or (len(fits) > 1 and fits[0][0] == fits[1][0]):
        return None
    return items[fits[0][1]].id


def match(header: str, proc: LoadedProcedure) -> ItemColumn | None:
    """The list item answer a header names, or None."""
    words = _words(header)
    numbers = [i for i, w in enumerate(words) if w.isdigit() and 0 < int(w) <= _MAX_ITEMS]
    for at in numbers:
        before, after = words[:at], words[at + 1 :]
        if not before or not after:
            continue
        for q in proc.ordered():
            if q.type != "list":
                continue
            names = _list_names(q)
            if before not in names and not any(set(before) <= set(n) for n in names[1:]):
                continue
            item = _item_of(after, q)
            if item is not None:
                return q.id, int(words[at]) - 1, item
    return migrated(header, proc)


def migrated(header: str, proc: LoadedProcedure) -> ItemColumn | None:
    """An old answer id a ``migrate`` rule carries into item 1 of a list."""
    words = _words(header)
    for rule in proc.model.migrate:
        for new, old in rule.item.items():
            if words == _words(old):
                return rule.into, 0, new
    return None


def header(list_id: str, index: int, qid: str) -> str:
    """The id form of an item column: ``earlier_residences.1.place``."""
    return f"{list_id}.{index + 1}.{qid}"


def items_of(found: Mapping[tuple[str, int], dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """The answers of a row's item cells, ``(list, index) → {item qid: answer}``, as lists
    (an empty item is ``{}``; the empty ones after the last filled one are dropped)."""
    out: dict[str, list[dict[str, Any]]] = {}
    for (list_id, index), answers in found.items():
        if not answers:
            continue
        items = out.setdefault(list_id, [])
        while len(items) <= index:
            items.append({})
        items[index] = answers
    return out


def path_columns(items: Mapping[int, ItemColumn], header_row: list[str]) -> dict[str, str]:
    """Item path (``earlier_residences[2].from``) → the column's header as written."""
    return {lists.path(lid, index, qid): header_row[i] for i, (lid, index, qid) in items.items()}
