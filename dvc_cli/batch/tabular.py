"""What every spreadsheet reader shares: the :class:`Table` it returns, column letters, and
finding the header row (below title rows, or the one ``--header-row`` names)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Any

from dvc_cli.errors import UsageError
from dvc_cli.i18n import _, ngettext
from dvc_cli.text import nfc

__all__ = ["Header", "HeaderScore", "Table", "blank", "column_letter", "find_header"]

Rows = Iterator[tuple[int, list[Any]]]
# How well a row of column names fits the procedure: (every required column there, matches).
HeaderScore = Callable[[list[str]], tuple[bool, int]]
HEADER_SCAN = 30  # non-blank rows looked at for the header row


@dataclass
class Table:
    """A header and a stream of ``(row number, cells)``; close it (or use ``with``)."""

    path: Path
    header: list[str]
    rows: Rows
    header_row: int = 1
    estimated_rows: int | None = None  # data rows, for a progress bar; may overcount
    delimiter: str | None = None  # CSV only
    notices: list[str] = field(default_factory=list)  # told once, before the run
    empty: bool = False  # nothing below the header
    _closers: list[Any] = field(default_factory=list)

    def check_not_empty(self) -> None:
        """Raise UsageError for a file with a header and nothing below it."""
        if self.empty:
            message = _(
                "{path}: không có dòng dữ liệu nào dưới dòng tiêu đề (dòng {row}); "
                "hãy điền mỗi người một dòng"
            )
            raise UsageError(message.format(path=self.path, row=self.header_row))

    def close(self) -> None:
        for closer in self._closers:
            closer()
        self._closers.clear()

    def __enter__(self) -> Table:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def column_letter(index: int) -> str:
    """Spreadsheet column name of a 0-based index: 0 → ``A``, 27 → ``AB``."""
    name = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        name = chr(65 + rem) + name
    return name


def blank(cells: list[Any]) -> bool:
    """No cell holds anything but spaces."""
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def _names(cells: list[Any]) -> list[str]:
    names = ["" if c is None else " ".join(nfc(str(c)).split()) for c in cells]
    while names and not names[-1]:
        names.pop()
    return names


@dataclass
class Header:
    """The header row found, and the rows below it."""

    row: int
    names: list[str]
    width: int  # cells in the header row as written (trailing empty ones included)
    rows: Rows
    skipped: int = 0  # non-blank rows above it (titles, notes)
    matches: int | None = None  # questions its names match (by the score), if scored

    def notice(self) -> list[str]:
        if not self.skipped:
            return []
        message = ngettext(
            "dòng tiêu đề là dòng {row}; bỏ qua {count} dòng phía trên (tên bảng, ghi chú)",
            "dòng tiêu đề là dòng {row}; bỏ qua {count} dòng phía trên (tên bảng, ghi chú)",
            self.skipped,
        )
        return [message.format(row=self.row, count=self.skipped)]


def find_header(
    path: Path, rows: Rows, *, header_row: int | None = None, score: HeaderScore | None = None
) -> Header:
    """The header: row ``header_row`` if given; else, among the first non-blank rows, the first
    that has every required column (by ``score``), or the one matching most questions, or the
    first non-blank row when none matches any."""
    if header_row is not None:
        above = 0
        for number, cells in rows:
            if number == header_row:
                if blank(cells):
                    break
                return Header(number, _names(cells), len(cells), rows, above)
            above += not blank(cells)
        message = _("{path}: dòng {row} (--header-row) trống hoặc không có trong tệp")
        raise UsageError(message.format(path=path, row=header_row))
    seen: list[tuple[int, list[Any]]] = []
    candidates: list[int] = []  # indexes in seen
    best: tuple[int, int] | None = None  # (matches, index in seen)
    for number, cells in rows:
        seen.append((number, cells))
        if blank(cells):
            continue
        candidates.append(len(seen) - 1)
        if score is None:
            break
        complete, matches = score(_names(cells))
        if complete:
            best = (matches, len(seen) - 1)
            break
        if matches and (best is None or matches > best[0]):
            best = (matches, len(seen) - 1)
        if len(candidates) >= HEADER_SCAN:
            break
    if not candidates:
        raise UsageError(_("{path}: tệp trống, không có dòng tiêu đề").format(path=path))
    chosen = best[1] if best is not None else candidates[0]
    number, cells = seen[chosen]
    skipped = sum(1 for i in candidates if i < chosen)
    rest = chain(seen[chosen + 1 :], rows)
    matches = None if score is None else (best[0] if best is not None else 0)
    return Header(number, _names(cells), len(cells), rest, skipped, matches)
