"""Spreadsheet columns matched to a procedure's questions: by id, label or synonym, accent- and
case-insensitively, with the required ones checked before any row is read, and every column
that matched nothing named with its nearest question."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from dvc_cli.batch import item_columns
from dvc_cli.batch.table import column_letter
from dvc_cli.core.procedure import LoadedProcedure
from dvc_cli.errors import UsageError
from dvc_cli.i18n import _, pick
from dvc_cli.privacy import mask
from dvc_cli.text import fold

if TYPE_CHECKING:
    from dvc_cli.core.schema import Question

_STOPWORDS = {"va", "cua", "and", "of", "the"}
_NEAR = 0.6  # how alike a header and a question's name sharing a word must be to suggest it
_VERY_NEAR = 0.8  # ... and without a word in common ("Hoten" for "Ho ten")


# -- columns --------------------------------------------------------------------------------
def _words(text: str) -> tuple[str, ...]:
    return tuple(re.findall(r"[a-z0-9]+", fold(text)))


@dataclass
class ColumnMap:
    """Which column answers which question."""

    header: list[str]
    questions: dict[int, str] = field(default_factory=dict)  # column index → question id
    unknown: list[int] = field(default_factory=list)  # columns matching no question
    ambiguous: dict[int, list[str]] = field(default_factory=dict)  # column → candidates
    guessed: list[int] = field(default_factory=list)  # matched by a shortened label
    duplicates: list[tuple[str, list[int]]] = field(default_factory=list)
    missing_required: list[str] = field(default_factory=list)
    cards: dict[int, str] = field(default_factory=dict)  # column → role: raw ID-card QR codes
    # column index → (list id, item index, item question id): see batch/item_columns.py
    items: dict[int, item_columns.ItemColumn] = field(default_factory=dict)

    def name(self, index: int) -> str:
        """``'Ho ten' (cột A)``; ID numbers and dates masked (a file without a header)."""
        return _("'{header}' (cột {column})").format(
            header=mask(self.header[index]), column=column_letter(index)
        )

    def column_of(self) -> dict[str, str]:
        """Question id (or list item path) → the column's header as written in the file."""
        found = {qid: self.header[i] for i, qid in self.questions.items()}
        return {**found, **item_columns.path_columns(self.items, self.header)}

    def card_column_of(self) -> dict[str, str]:
        """Role → the header of the column holding that person's ID-card QR codes."""
        return {role: self.header[i] for i, role in self.cards.items()}


# -- ID-card QR columns ---------------------------------------------------------------------
#: Headers of a column holding the raw text of ID cards' QR codes (``id_card_qr``, ``Mã QR
#: CCCD``), each optionally followed by a person's role (``id_card_qr_groom``).
CARD_HEADERS = (("id", "card", "qr"), ("ma", "qr", "cccd"), ("ma", "qr", "can", "cuoc"))


def card_role(words: tuple[str, ...], proc: LoadedProcedure) -> str | None:
    """The role whose ID-card QR codes a header of ``words`` holds (no role word: the first
    person block), or None when it is no such header."""
    roles = [b.role for b in proc.model.id_card]
    for head in CARD_HEADERS:
        if words[: len(head)] == head and roles:
            rest = "_".join(words[len(head) :])
            if not rest:
                return roles[0]
            return rest if rest in roles else None
    return None


def _card_filled(proc: LoadedProcedure, roles: set[str]) -> set[str]:
    """The questions the ID cards of ``roles`` fill."""
    return {qid for b in proc.model.id_card if b.role in roles for _path, qid in b.fills.targets()}


def _required_columns(proc: LoadedProcedure) -> list[Question]:
    """Questions every row must answer: required, asked always, without a default (a list
    that may be empty needs no column: no items)."""
    return [
        q
        for q in proc.ordered()
        if q.required and not q.when and q.default is None and not (q.type == "list" and not q.min)
    ]


def _names(q: Question) -> list[str]:
    """What a header may say for ``q``: its labels (vi, en) and its synonyms."""
    return [q.label.vi] + ([q.label.en] if q.label.en else []) + list(q.synonyms)


def _prefer_own(found: list[str], proc: LoadedProcedure) -> list[str]:
    """Of several questions a header names, the person's own (asked always, no ``when``) one
    when there is exactly one such; otherwise all of them (ambiguous)."""
    if len(found) > 1:
        always = [qid for qid in found if not proc.questions[qid].when]
        if len(always) == 1:
            return always
    return found


def _guess(
    words: tuple[str, ...], label_words: dict[str, list[set[str]]], proc: LoadedProcedure
) -> list[str]:
    """Questions whose label (or synonym) holds every word of a shortened header, the
    shortest such label first; [] when none does, several when they tie."""
    key = set(words) - _STOPWORDS
    if len(key) < 2:
        return []
    scored = sorted(
        (min(len(s) for s in sets if key <= s), qid)
        for qid, sets in label_words.items()
        if any(key <= s for s in sets)
    )
    if not scored:
        return []
    best = scored[0][0]
    return _prefer_own([qid for n, qid in scored if n == best], proc)


def match_columns(header: list[str], proc: LoadedProcedure) -> ColumnMap:
    """Match each header cell to a question: by id, by label (vi or en) or synonym, or by a
    shortened label (``Ho ten`` → ``Họ, chữ đệm, tên``: every word of the header in the
    label, the shortest such label winning). Accents, case and punctuation do not matter.
    A header naming several questions goes to the person's own, unconditional one
    (``Ngày cấp``: ``id_issue_date`` rather than ``spouse_death_date``)."""
    by_id: dict[tuple[str, ...], str] = {}
    by_name: dict[tuple[str, ...], list[str]] = {}
    label_words: dict[str, list[set[str]]] = {}
    for q in proc.ordered():
        by_id[_words(q.id)] = q.id
        for name in _names(q):
            words = _words(name)
            by_name.setdefault(words, [])
            if q.id not in by_name[words]:
                by_name[words].append(q.id)
            label_words.setdefault(q.id, []).append(set(words))
    cmap = ColumnMap(header)
    claimed: dict[str, list[int]] = {}
    for index, text in enumerate(header):
        words = _words(text)
        if not words:
            if text.strip():
                cmap.unknown.append(index)
            continue
        role = card_role(words, proc)
        if role is not None:
            claimed.setdefault(f"id_card:{role}", []).append(index)
            cmap.cards[index] = role
            continue
        item = item_columns.match(text, proc) if words not in by_id else None
        if item is not None:  # a list item's answer: earlier_residences.2.from
            cmap.items[index] = item
            claimed.setdefault(item_columns.header(*item), []).append(index)
            continue
        qid: str | None = by_id.get(words)
        guessed = False
        if qid is None:
            found = _prefer_own(by_name[words], proc) if words in by_name else []
            if not found:
                found = _guess(words, label_words, proc)
                guessed = True
            if len(found) > 1:
                cmap.ambiguous[index] = found
                continue
            qid = found[0] if found else None
        if qid is None:
            cmap.unknown.append(index)
            continue
        if guessed:
            cmap.guessed.append(index)
        claimed.setdefault(qid, []).append(index)
        cmap.questions[index] = qid
    cmap.duplicates = [(qid, cols) for qid, cols in claimed.items() if len(cols) > 1]
    by_card = _card_filled(proc, set(cmap.cards.values()))
    cmap.missing_required = [
        q.id for q in _required_columns(proc) if q.id not in claimed and q.id not in by_card
    ]
    return cmap


def nearest_question(text: str, cmap: ColumnMap, proc: LoadedProcedure) -> str | None:
    """The question not matched by any column whose id, label or synonym is most like
    ``text`` (``So CMND`` → ``id_number``, through its synonym ``Số CCCD``); None when
    nothing is close."""
    words = _words(text)
    if not words:
        return None
    wanted = " ".join(words)
    taken = set(cmap.questions.values())
    best: tuple[float, int, str] | None = None
    for order, q in enumerate(proc.ordered()):
        if q.id in taken:
            continue
        for name in [q.id.replace("_", " "), *_names(q)]:
            other = _words(name)
            ratio = difflib.SequenceMatcher(None, wanted, " ".join(other)).ratio()
            if ratio < _VERY_NEAR and not (ratio >= _NEAR and set(words) & set(other)):
                continue  # alike only by chance: no word in common
            if best is None or (ratio, -order) > best[:2]:
                best = (ratio, -order, q.id)
    return best[2] if best else None


def unmatched_hints(cmap: ColumnMap, proc: LoadedProcedure) -> list[str]:
    """One phrase per column of the sheet that answers no question, with its nearest
    question when there is one."""
    if not cmap.questions:  # likely no header at all: its cells are a resident's data
        return [_("không cột nào khớp câu hỏi nào: dòng tiêu đề có đúng không?")]
    out = []
    for index in sorted([*cmap.unknown, *cmap.ambiguous]):
        where = _("cột {column} '{header}'").format(
            column=column_letter(index), header=mask(cmap.header[index])
        )
        if index in cmap.ambiguous:
            message = _("{column} khớp nhiều câu hỏi ({ids}), hãy dùng mã câu hỏi")
            out.append(message.format(column=where, ids=", ".join(cmap.ambiguous[index])))
            continue
        qid = nearest_question(cmap.header[index], cmap, proc)
        if qid is None:
            out.append(_("{column} không khớp câu hỏi nào").format(column=where))
        else:
            message = _("{column} không khớp câu hỏi nào — có phải {id} ({label})?")
            label = pick(proc.questions[qid].label)
            out.append(message.format(column=where, id=qid, label=label))
    return out


def check_columns(cmap: ColumnMap, proc: LoadedProcedure) -> None:
    """Raise UsageError for what stops a run before any output: a missing required column
    (naming every column of the sheet that matched nothing, with its nearest question), or
    two columns answering the same question."""
    if cmap.duplicates:
        qid, cols = cmap.duplicates[0]
        raise UsageError(
            _("các cột {columns} cùng là câu hỏi {id}; hãy giữ một cột").format(
                columns=", ".join(cmap.name(i) for i in cols), id=qid
            )
        )
    if cmap.missing_required:
        names = ", ".join(
            f"{qid} ({pick(proc.questions[qid].label)})" for qid in cmap.missing_required
        )
        message = _("thiếu cột bắt buộc: {columns}; xem mẫu: dvc csv-template {procedure}")
        text = message.format(columns=names, procedure=proc.id)
        hints = unmatched_hints(cmap, proc)
        if hints:
            text += "; " + "; ".join(hints)
        raise UsageError(text)
