"""Spreadsheet columns matched to a procedure's questions: by id or label, accent- and
case-insensitively, with the required ones checked before any row is read."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dvc_cli.batch.table import column_letter
from dvc_cli.core.procedure import LoadedProcedure
from dvc_cli.core.schema import Question
from dvc_cli.errors import UsageError
from dvc_cli.i18n import _, pick
from dvc_cli.text import fold

_STOPWORDS = {"va", "cua", "and", "of", "the"}


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

    def name(self, index: int) -> str:
        """``'Ho ten' (cột A)``."""
        return _("'{header}' (cột {column})").format(
            header=self.header[index], column=column_letter(index)
        )

    def column_of(self) -> dict[str, str]:
        """Question id → the column's header as written in the file."""
        return {qid: self.header[i] for i, qid in self.questions.items()}


def _required_columns(proc: LoadedProcedure) -> list[Question]:
    """Questions every row must answer: required, asked always, without a default."""
    return [q for q in proc.ordered() if q.required and not q.when and q.default is None]


def match_columns(header: list[str], proc: LoadedProcedure) -> ColumnMap:
    """Match each header cell to a question: by id, by label (vi or en), or by a shortened
    label (``Ho ten`` → ``Họ, chữ đệm, tên``: every word of the header in the label, the
    shortest such label winning). Accents, case and punctuation do not matter."""
    by_id: dict[tuple[str, ...], str] = {}
    by_label: dict[tuple[str, ...], list[str]] = {}
    label_words: dict[str, list[set[str]]] = {}
    for q in proc.ordered():
        by_id[_words(q.id)] = q.id
        labels = [q.label.vi] + ([q.label.en] if q.label.en else [])
        for label in labels:
            words = _words(label)
            by_label.setdefault(words, [])
            if q.id not in by_label[words]:
                by_label[words].append(q.id)
            label_words.setdefault(q.id, []).append(set(words))
    cmap = ColumnMap(header)
    claimed: dict[str, list[int]] = {}
    for index, text in enumerate(header):
        words = _words(text)
        if not words:
            if text.strip():
                cmap.unknown.append(index)
            continue
        qid: str | None = by_id.get(words)
        if qid is None and words in by_label:
            found = by_label[words]
            if len(found) > 1:
                cmap.ambiguous[index] = found
                continue
            qid = found[0]
        if qid is None:
            key = set(words) - _STOPWORDS
            if len(key) >= 2:
                scored = sorted(
                    (min(len(s) for s in sets if key <= s), qid)
                    for qid, sets in label_words.items()
                    if any(key <= s for s in sets)
                )
                if len(scored) == 1 or (len(scored) > 1 and scored[0][0] < scored[1][0]):
                    qid = scored[0][1]
                    cmap.guessed.append(index)
                elif scored:
                    best = scored[0][0]
                    cmap.ambiguous[index] = [q for n, q in scored if n == best]
                    continue
        if qid is None:
            cmap.unknown.append(index)
            continue
        claimed.setdefault(qid, []).append(index)
        cmap.questions[index] = qid
    cmap.duplicates = [(qid, cols) for qid, cols in claimed.items() if len(cols) > 1]
    cmap.missing_required = [q.id for q in _required_columns(proc) if q.id not in claimed]
    return cmap


def check_columns(cmap: ColumnMap, proc: LoadedProcedure) -> None:
    """Raise UsageError for what stops a run before any output: a missing required column,
    or two columns answering the same question."""
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
        raise UsageError(message.format(columns=names, procedure=proc.id))
