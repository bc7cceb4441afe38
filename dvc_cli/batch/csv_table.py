"""Read a CSV file: its encoding and line ends, then its structure, checked in one streaming
pass before any row is handed out, so a broken quote or cell stops the run before the first
output (and ``--resume`` can never meet it half-way)."""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from dvc_cli.batch.tabular import (
    HeaderScore,
    Rows,
    Table,
    blank,
    column_letter,
    find_header,
)
from dvc_cli.errors import UsageError
from dvc_cli.i18n import _
from dvc_cli.text import nfc

__all__ = ["open_csv", "sniff_delimiter"]

DELIMITERS = (",", ";", "\t")
_SAMPLE = 64 * 1024
_CHUNK = 1 << 20
_LONG_CELL_LINES = 30  # a cell over that many lines is a quote left open, not an address
csv.field_size_limit(1 << 20)  # a cell over 1 MB is a broken file, not an answer
_SEP_LINE = re.compile(r"sep=(.)\r?\n?$")
# cp1258 writes tone marks as separate bytes (0xCC 0xD2 0xDE 0xEC 0xF2)
_CP1258_TONES = re.compile(
    rb"[A-Za-z\xc3\xe3\xc2\xe2\xca\xea\xd4\xf4\xd5\xf5\xdd\xfd][\xcc\xd2\xde\xec\xf2]"
)


@dataclass
class _Text:
    """What the byte pass found."""

    encoding: str
    newline: str  # "\n" (LF or CRLF files) or "" (old Mac files: CR only)
    sep: str | None  # from Excel's "sep=;" first line
    lines: int


def _encoding(path: Path) -> str:
    with path.open("rb") as fh:
        head = fh.read(4)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if len(head) >= 4 and head[1] == 0 and head[3] == 0 and head[0] and head[2]:
        return "utf-16-le"  # Excel's "Unicode Text" saved by a program that drops the BOM
    if len(head) >= 4 and head[0] == 0 and head[2] == 0 and head[1] and head[3]:
        return "utf-16-be"
    return "utf-8"


def _legacy_guess(path: Path) -> str:
    """The legacy encoding a non-UTF-8 file probably is."""
    with path.open("rb") as fh:
        data = fh.read(_CHUNK)
    if _CP1258_TONES.search(data):
        return "Windows-1258 (VN)"
    return "Windows-1252 / ANSI"


def _scan_text(path: Path) -> _Text:
    """Decode the whole file (streaming): its encoding, line ends and sep= line."""
    encoding = _encoding(path)
    decoder = codecs.getincrementaldecoder(encoding)()
    lf = lone_cr = 0
    carry = ""
    first = ""
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            try:
                text = carry + decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                if encoding.startswith("utf-16"):
                    raise UsageError(_("{path}: tệp UTF-16 bị hỏng").format(path=path)) from None
                line = lf + lone_cr + chunk[: exc.start].count(b"\n") + 1
                message = _(
                    "{path}: dòng {line} không phải chữ UTF-8 — có vẻ là bảng mã {encoding}; "
                    "trong Excel hãy lưu bằng 'CSV UTF-8 (Comma delimited)' hoặc dùng tệp .xlsx"
                )
                raise UsageError(
                    message.format(path=path, line=line, encoding=_legacy_guess(path))
                ) from None
            carry = "\r" if text.endswith("\r") else ""
            if carry:
                text = text[:-1]
            if not first:
                first = text[:200]
            lf += text.count("\n")
            lone_cr += text.count("\r") - text.count("\r\n")
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            message = _("{path}: tệp bị cắt cụt giữa một ký tự").format(path=path)
            raise UsageError(message) from None
    lone_cr += bool(carry)
    first_line = re.split(r"\r\n|\r|\n", first.lstrip("\ufeff"), maxsplit=1)[0]
    match = _SEP_LINE.match(first_line)
    return _Text(
        encoding=encoding,
        # a lone CR is a line end in an old Mac file, else a character typed in a cell
        newline="" if lone_cr > lf else "\n",
        sep=match.group(1) if match else None,
        lines=max(lf, lone_cr),
    )


def sniff_delimiter(sample: str) -> str:
    """The delimiter among ``,`` ``;`` tab that splits the sample into the most, consistent,
    columns (quotes respected, so a label such as "Họ, chữ đệm, tên" does not mislead)."""
    # Only whole lines: the sample may stop in the middle of one.
    end = max(sample.rfind("\n"), sample.rfind("\r"))
    if end >= 0:
        sample = sample[: end + 1]
    best, best_score = ",", (False, 0)
    for delimiter in DELIMITERS:
        try:
            reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
            records = [r for r in reader if any(r)][:50]
        except csv.Error:
            continue
        if not records:
            continue
        width = len(records[0])
        data = records[1:]
        consistent = not data or sum(len(r) == width for r in data) >= 0.9 * len(data)
        score = (consistent and width > 1, width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


# -- the structure pass ----------------------------------------------------------------------
def _quote_state(text: str, delimiter: str) -> tuple[int, bool]:
    """Simulate Python's csv reader on ``text``: (the field it ends in, inside quotes?)."""
    column, state = 0, "start"
    for ch in text:
        if state == "quoted":
            if ch == '"':
                state = "quote"
        elif ch == delimiter:
            column, state = column + 1, "start"
        elif ch in "\r\n":
            column, state = 0, "start"
        elif state == "start":
            state = "quoted" if ch == '"' else "field"
        elif state == "quote":
            state = "quoted" if ch == '"' else "field"
    return column, state == "quoted"


class _Lines:
    """The file's lines, counted, keeping those of the record being read."""

    def __init__(self, fh: TextIO) -> None:
        self.fh = fh
        self.number = 0
        self.current: list[str] = []

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = next(self.fh)
        self.number += 1
        self.current.append(line)
        return line


@dataclass
class _Shape:
    records: int = 0
    last_filled: int = 0  # number of the last non-blank record


class _Check:
    """One record's faults, as a message naming the row and column."""

    def __init__(self, path: Path, header: list[str], offset: int) -> None:
        self.path, self.header, self.offset = path, header, offset

    def where(self, row: int, line: int, column: int | None) -> str:
        row += self.offset
        place = _("dòng {row}").format(row=row)
        if line != row:
            place += _(" (dòng {line} của tệp văn bản)").format(line=line)
        if column is not None:
            name = self.header[column] if column < len(self.header) else ""
            letter = column_letter(column)
            place += (
                _(", cột {column} ('{header}')").format(column=letter, header=name)
                if name
                else _(", cột {column}").format(column=letter)
            )
        return place

    def open_quote(self, row: int, line: int, column: int, lines: int | None) -> UsageError:
        """The quote opened on ``row`` swallowed ``lines`` lines (None: to the end)."""
        if lines is None:
            message = _(
                "{path}: {place}: dấu ngoặc kép '\"' mở mà không đóng, ô kéo đến hết tệp "
                "— xóa nó hoặc đóng ngoặc"
            )
        else:
            message = _(
                "{path}: {place}: dấu ngoặc kép '\"' mở mà không đóng, ô nuốt các dòng sau "
                "(đến dòng {end}) — xóa nó hoặc đóng ngoặc"
            )
        place = self.where(row, line, column)
        end = None if lines is None else row + self.offset + lines - 1  # as rows, had it closed
        return UsageError(message.format(path=self.path, place=place, end=end))


def _check_structure(
    path: Path, info: _Text, delimiter: str, header: list[str], width: int | None
) -> _Shape:
    """Read every record once (nothing kept); raise UsageError for the first fault."""
    shape = _Shape()
    offset = 1 if info.sep else 0  # Excel hides the sep= line: rows are numbered without it
    check = _Check(path, header, -offset)
    with path.open("r", encoding=info.encoding, newline=info.newline) as fh:
        lines = _Lines(fh)
        reader = csv.reader(lines, delimiter=delimiter)
        number = 0
        while True:
            lines.current = []
            start = lines.number + 1
            try:
                fields = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                raise _record_error(
                    check, number + 1, start, lines.current, delimiter, exc
                ) from None
            number += 1
            raw = lines.current
            if len(raw) > 1 or (raw and raw[-1][-1:] not in ("\n", "\r")):
                _check_record(check, number, start, raw, fields, delimiter, width)
            if not blank(fields):
                shape.last_filled = number
        shape.records = number
    shape.last_filled -= offset
    shape.records -= offset
    return shape


def _record_error(
    check: _Check, row: int, start: int, raw: list[str], delimiter: str, exc: csv.Error
) -> UsageError:
    first = raw[0] if raw else ""
    column, quoted = _quote_state(first, delimiter)
    if quoted:
        return check.open_quote(row, start, column, len(raw))
    if "new-line character" in str(exc):
        for i, text in enumerate(raw):
            body = text.rstrip("\r\n")
            if "\r" in body:
                column, _quoted = _quote_state(body[: body.index("\r")], delimiter)
                message = _(
                    "{path}: {place}: ô có ký tự xuống dòng CR lẻ (từ máy Mac cũ, hoặc dán vào "
                    "ô); xóa ký tự đó trong ô, hoặc mở tệp bằng Excel và lưu lại"
                )
                place = check.where(row, start + i, column)
                return UsageError(message.format(path=check.path, place=place))
    if "field larger" in str(exc):
        cells = first.split(delimiter)
        column = max(range(len(cells)), key=lambda i: len(cells[i])) if cells else None
        message = _(
            "{path}: {place}: một ô dài hơn 1 MB (tệp hỏng hoặc dán nhầm); "
            "xóa nội dung ô đó rồi chạy lại"
        )
        place = check.where(row, start, column)
        return UsageError(message.format(path=check.path, place=place))
    message = _("{path}: {place}: CSV không hợp lệ ({error}); hãy mở bằng Excel và lưu lại")
    place = check.where(row, start, None)
    return UsageError(message.format(path=check.path, place=place, error=exc))


def _check_record(
    check: _Check,
    row: int,
    start: int,
    raw: list[str],
    fields: list[str],
    delimiter: str,
    width: int | None,
) -> None:
    """A record over several lines is a cell with line breaks, or a quote left open."""
    column, quoted = _quote_state(raw[0], delimiter)
    if not quoted:
        return
    if _quote_state("".join(raw), delimiter)[1]:
        raise check.open_quote(row, start, column, None)  # runs to the end of the file
    swallowed = len(raw) > _LONG_CELL_LINES
    if width is not None and width >= 2:
        swallowed = swallowed or len(fields) != width
        swallowed = swallowed or any(line.count(delimiter) + 1 >= width for line in raw[1:-1])
    if swallowed:
        raise check.open_quote(row, start, column, len(raw))


# -- reading ---------------------------------------------------------------------------------
def open_csv(
    path: Path, *, header_row: int | None = None, score: HeaderScore | None = None
) -> Table:
    """Open a CSV file; its structure is checked before this returns."""
    info = _scan_text(path)
    fh = path.open("r", encoding=info.encoding, newline=info.newline)
    try:
        if info.sep:
            fh.readline()
        delimiter = info.sep or sniff_delimiter(fh.read(_SAMPLE))
        fh.seek(0)  # the utf-8-sig/utf-16 decoders skip a BOM again after seeking to 0
        if info.sep:
            fh.readline()
        reader = csv.reader(fh, delimiter=delimiter)

        def numbered() -> Iterator[tuple[int, list[Any]]]:
            # Excel shows one row per record, even when a quoted cell spans several lines.
            number = 0
            try:
                for number, record in enumerate(reader, start=1):  # noqa: B007
                    yield number, [nfc(c) for c in record]
            except csv.Error as exc:
                message = _("{path}: dòng {line}: CSV không hợp lệ: {error}").format(
                    path=path, line=number + 1, error=exc
                )
                raise UsageError(message) from None

        rows: Rows = numbered()
        try:
            header = find_header(path, rows, header_row=header_row, score=score)
        except UsageError:
            _check_structure(path, info, delimiter, [], None)  # a better message, if any
            raise
        shape = _check_structure(path, info, delimiter, header.names, header.width)
    except BaseException:
        fh.close()
        raise
    return Table(
        path=path,
        header=header.names,
        rows=header.rows,
        header_row=header.row,
        estimated_rows=max(shape.records - header.row, 0),
        delimiter=delimiter,
        empty=shape.last_filled <= header.row,
        notices=header.notice(),
        _closers=[fh.close],
    )
