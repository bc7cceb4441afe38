"""Matching a typed name against unit names: accents, case, type words (``P.``, ``TP``,
``Thị trấn``), the spellings papers vary in, and the marks of an old name as autocomplete
offers it (``Phường Trường Thi (cũ) → Phường Hạc Thành``)."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from dvc_cli.core.vn.admin_table import bare
from dvc_cli.core.vn.admin_table import spelling as _spelling
from dvc_cli.text import clean

_ARROW = re.compile(r"\s*(?:→|->)\s*")
# "(former)": the mark of the English interface's autocomplete entries (commune_names)
OLD_MARK = re.compile(r"\s*\((?:cu|cũ|former)(?:,\s*(?P<where>[^)]*))?\)\s*$", re.IGNORECASE)


def split_pick(text: str) -> tuple[str, str]:
    """``X (cũ) → Y`` → (``X (cũ)``, ``Y``); text without an arrow → (text, "")."""
    parts = _ARROW.split(text, maxsplit=1)
    return (parts[0], parts[1]) if len(parts) == 2 else (text, "")


_ACCENTED_PREFIX = re.compile(
    r"^(?:thành phố|thị trấn|thị xã|đặc khu|phường|huyện|quận|tỉnh|xã"
    r"|tp\.?|tx\.?|tt\.?|p\.|x\.|q\.|h\.)(?:\s+|(?<=\.))"
)


@lru_cache(maxsize=1 << 16)
def _casefold(name: str) -> str:
    return name.casefold()


@lru_cache(maxsize=4096)
def _typed(text: str) -> str:
    """``clean(text).casefold()``: a commune is matched against three collections in a row."""
    return clean(text).casefold()


@lru_cache(maxsize=1 << 16)
def accented_bare(name: str) -> str:
    """A name without its type word, accents kept (``Xã Văn Lăng`` → ``văn lăng``)."""
    return _ACCENTED_PREFIX.sub("", clean(name).casefold(), count=1).strip()


_UNDOTTED = re.compile(r"^(?:[hpqx] (?=\S)|[pq]0*(?=\d+$))")


def keys(text: str) -> tuple[str, ...]:
    """:func:`bare` keys to try for ``text``: its own, then, for ``p phu cuong`` or ``P1``,
    ``Q3`` (P., Q. typed without their dot), the one without the letter. Second only: "Xã H
    Bông" and "Thị trấn P Rao" are names."""
    key = bare(text)
    short = _UNDOTTED.sub("", key, count=1)
    return (key, short) if short != key else (key,)


# A tuple of units (admin_map's, kept for the process: a province's communes, old communes,
# old districts) → for each way of keying a name, key → the units with that key in the tuple's
# order, built on first use: a batch resolves thousands of communes against the same tuples.
_INDEX: dict[tuple[int, Any], tuple[tuple[Any, ...], dict[str, list]]] = {}
_INDEXED_FROM = 16  # shorter collections are simply scanned


def _named(units: Any, how: Any, key: str) -> list:
    """``[u for u in units if how(u.name) == key]`` (a new list each call)."""
    if not isinstance(units, tuple) or len(units) < _INDEXED_FROM:
        return [u for u in units if how(u.name) == key]
    kept = _INDEX.get((id(units), how))
    if kept is None or kept[0] is not units:
        index: dict[str, list] = {}
        for u in units:
            index.setdefault(how(u.name), []).append(u)
        kept = _INDEX[(id(units), how)] = (units, index)  # the tuple kept: its id stays its own
    return list(kept[1].get(key, ()))


def index(units: tuple[Any, ...], *, every: bool = True) -> None:
    """Build ``units``' indexes now, as :func:`match` would on first use (``dvc batch`` does
    it before forking its workers, which then share them): every way of keying a name, or
    with ``every=False`` only the exact name's (what a name found as typed needs)."""
    for how in (_casefold, _spelling, bare) if every else (_casefold,):
        _named(units, how, "")


def match(text: str, units: Iterable[Any]) -> list:
    """Units named ``text``, closest first: the same name; the same name without accents;
    the same name without type word, with accents (Văn Lang is not Văn Lăng when both exist)
    and then without; preferring units whose type word also agrees."""
    if not isinstance(units, tuple):
        units = list(units)
    typed = _typed(text)
    same = _named(units, _casefold, typed)
    if same:
        return same
    spelt = _spelling(text)
    same = _named(units, _spelling, spelt)
    if same:
        return same
    for key in keys(text):
        found = _named(units, bare, key)
        if found:
            break
    if len(found) > 1:
        accented = accented_bare(text)
        exact = [u for u in found if accented_bare(u.name) == accented]
        if exact:
            found = exact
    if len(found) > 1 and key != spelt:  # a type word was typed: prefer units of that type
        typed_word = spelt[: len(spelt) - len(key)].strip(" .")
        agree = [u for u in found if _spelling(u.name).startswith(typed_word)]
        if agree:
            return agree
    return found


def suggest(
    text: str, names: Iterable[str], n: int = 3, shown: Mapping[str, str] | None = None
) -> list[str]:
    """Names closest to ``text`` (accent-insensitive, type word ignored); ``shown`` gives a
    name's label when it is not the name itself."""
    by_key: dict[str, str] = {}
    for name in names:
        by_key.setdefault(bare(name), (shown or {}).get(name, name))
    close = difflib.get_close_matches(bare(text), list(by_key), n=n, cutoff=0.6)
    return [by_key[k] for k in close]
