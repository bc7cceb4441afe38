"""Rank procedures for a free-text query (pure: no files, no I/O).

Every procedure contributes phrases: its id, Vietnamese and English titles, keywords and
aliases, each folded (:func:`dvc_cli.text.fold`: no accents, lower case) and split into words
(a final ``y`` after a consonant read as ``i``: *ký* = *kí*).
A query word matches a phrase word exactly (1.0), as a prefix (0.6-0.9, longer is better) or
with one typo (0.75; two in words of 8+ letters: 0.6; typos only in words of 4+ letters, as
Vietnamese syllables are short and close: *than*/*thanh*). A phrase scores

    0.8 × (mean quality of the query words) + 0.15 × (share of the phrase's words matched)
    + 0.05 when the query's words appear in the phrase in order, side by side

and 1.0 when equal to the query (spaces and punctuation ignored), 0.8 with one typo (0.7 with
two, for 10+ letters) when the query is the whole phrase. A procedure scores its best
phrase, or 0.85 × the word match over all its phrases together when that is higher (a query
mixing words of the title and a keyword); the portal code matches exactly (1.0) or by prefix.
Results below :data:`MIN_SCORE` are dropped, so a query with less than half of its words found
returns nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from dvc_cli import i18n
from dvc_cli.text import fold

MIN_SCORE = 0.5
SUGGEST_RATIO = 0.75  # suggestions keep the hits scoring at least this share of the best
_WORD = re.compile(r"[a-z0-9]+")
_FINAL_Y = re.compile(r"(?<=[bcdfghklmnpqrstvx])y$")  # "ký" and "kí" are both written


@dataclass(frozen=True)
class Entry:
    """What is searchable about one procedure."""

    id: str
    title: str
    title_en: str | None = None
    portal_code: str | None = None
    keywords: tuple[str, ...] = ()

    def titles(self) -> tuple[str, str | None]:
        """(the title in the interface language, the other one if there is one)."""
        if self.title_en and i18n.language() == "en":
            return self.title_en, self.title
        return self.title, self.title_en

    def phrases(self) -> list[str]:
        """The texts matched against a query (on equal scores the first is shown)."""
        texts = [self.title, self.title_en or "", *self.keywords, self.id]
        return [t for t in texts if t]


@dataclass(frozen=True)
class Hit:
    """One ranked result: the entry, its score (0-1] and the phrase that matched best."""

    entry: Entry
    score: float
    matched: str


def words(text: str) -> list[str]:
    """Folded words of ``text``: ``"Độc-thân"`` → ``["doc", "than"]``, ``"ký"`` → ``["ki"]``."""
    return [_FINAL_Y.sub("i", w) for w in _WORD.findall(fold(text))]


def distance(a: str, b: str, limit: int) -> int:
    """Edit distance with transpositions (optimal string alignment), capped at ``limit + 1``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return min(prev[-1], limit + 1)


@lru_cache(maxsize=1 << 16)  # syllables repeat a lot across titles and keywords
def word_quality(q: str, t: str) -> float:
    """How well query word ``q`` matches phrase word ``t`` (0 = not at all)."""
    if q == t:
        return 1.0
    if len(q) >= 2 and t.startswith(q):
        return 0.6 + 0.3 * len(q) / len(t)
    if len(q) < 4 or q.isdigit() or t.isdigit():
        return 0.0
    limit = 2 if len(q) >= 8 else 1
    d = distance(q, t, limit)
    return 0.0 if d > limit else (0.75 if d == 1 else 0.6)


def _in_order(query: list[str], phrase: list[str]) -> bool:
    n = len(query)
    return any(phrase[i : i + n] == query for i in range(len(phrase) - n + 1))


def _match(query: list[str], phrase: list[str]) -> tuple[float, float]:
    """(mean quality of the query words, share of phrase words matched)."""
    total = 0.0
    used: set[int] = set()
    for q in query:
        best, where = max(((word_quality(q, t), j) for j, t in enumerate(phrase)), default=(0, -1))
        total += best
        if best > 0:
            used.add(where)
    return total / len(query), len(used) / len(phrase) if phrase else 0.0


def phrase_score(query: list[str], phrase: list[str]) -> float:
    """Score of one phrase for the query words (both already folded and split)."""
    if not query or not phrase:
        return 0.0
    q_compact, p_compact = "".join(query), "".join(phrase)
    if q_compact == p_compact:
        return 1.0
    recall, precision = _match(query, phrase)
    score = 0.8 * recall + 0.15 * precision + (0.05 if _in_order(query, phrase) else 0.0)
    if len(q_compact) >= 4 and p_compact.startswith(q_compact):  # "singlestat", "khaisinh"
        score = max(score, 0.7 + 0.25 * len(q_compact) / len(p_compact))
    if len(q_compact) >= 5:  # a typo in a short word, seen in the whole phrase: "khai-snh"
        limit = 2 if len(q_compact) >= 10 else 1
        d = distance(q_compact, p_compact, limit)
        if d <= limit:
            score = max(score, 0.9 - 0.1 * d)
    return min(score, 0.99)


class Index:
    """The folded phrases of a set of entries, built once and searched many times."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self.entries = list(entries)
        self._phrases = [[(p, words(p)) for p in e.phrases()] for e in self.entries]

    def search(self, query: str, limit: int | None = None) -> list[Hit]:
        """Entries matching ``query``, best first (ties by id); nothing below MIN_SCORE."""
        qwords = words(query)
        code_query = "".join(query.split())
        if not qwords:
            return []
        hits = []
        for entry, phrases in zip(self.entries, self._phrases, strict=True):
            score, matched = 0.0, ""
            for text, phrase in phrases:
                s = phrase_score(qwords, phrase)
                if s > score:
                    score, matched = s, text
            every = [w for _, phrase in phrases for w in phrase]
            union = 0.85 * _match(qwords, every)[0] if every else 0.0
            if union > score:
                score, matched = union, entry.title
            code = entry.portal_code
            if code and any(ch.isdigit() for ch in code_query):
                if code_query == code:
                    score, matched = 1.0, code
                elif len(code_query) >= 3 and code.startswith(code_query) and score < 0.9:
                    score, matched = 0.9, code
            if score >= MIN_SCORE:
                hits.append(Hit(entry, round(score, 3), matched))
        hits.sort(key=lambda h: (-h.score, h.entry.id))
        return hits[:limit] if limit else hits


def rank(query: str, entries: Iterable[Entry], limit: int | None = None) -> list[Hit]:
    """Entries matching ``query``, best first; see the module docstring for the scoring."""
    return Index(entries).search(query, limit)
