"""Read a spreadsheet row by row: CSV (UTF-8, BOM or not, ``,`` ``;`` or tab) and Excel .xlsx.

Rows are streamed, never all loaded. Each row comes with its number as a person sees it in the
spreadsheet (the first line is row 1), so messages can point at it. Text cells are NFC; other
cells keep their type (an .xlsx date is a ``datetime``, a number an ``int`` or ``float``).
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dvc_cli.errors import UsageError
from dvc_cli.i18n import _
from dvc_cli.text import nfc

__all__ = ["Table", "column_letter", "open_table"]

DELIMITERS = (",", ";", "\t")
_SAMPLE = 64 * 1024
_CHUNK = 1 << 20
csv.field_size_limit(1 << 20)  # a cell over 1 MB is a broken file, not an answer


@dataclass
class Table:
    """A header and a stream of ``(row number, cells)``; close it (or use ``with``)."""

    path: Path
    header: list[str]
    rows: Iterator[tuple[int, list[Any]]]
    header_row: int = 1
    estimated_rows: int | None = None  # data rows, for a progress bar; may overcount
    delimiter: str | None = None  # CSV only
    _closers: list[Any] = field(default_factory=list)

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


def open_table(path: Path, *, sheet: str | None = None) -> Table:
    """Open ``path`` (by extension: .xlsx/.xlsm or anything else as CSV); raise UsageError."""
    path = Path(path)
    if not path.is_file():
        raise UsageError(_("{path}: không tìm thấy tệp").format(path=path))
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise UsageError(
            _(
                "{path}: định dạng Excel .xls cũ không đọc được; "
                "hãy lưu lại thành .xlsx hoặc CSV UTF-8"
            ).format(path=path)
        )
    if suffix in (".xlsx", ".xlsm"):
        return _open_xlsx(path, sheet)
    if sheet is not None:
        raise UsageError(_("--sheet chỉ dùng cho tệp .xlsx"))
    return _open_csv(path)


def _blank(cells: list[Any]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def _header(path: Path, rows: Iterator[tuple[int, list[Any]]]) -> tuple[int, list[str]]:
    """The first non-empty row, as column names."""
    for number, cells in rows:
        if not _blank(cells):
            names = ["" if c is None else " ".join(nfc(str(c)).split()) for c in cells]
            while names and not names[-1]:
                names.pop()
            return number, names
    raise UsageError(_("{path}: tệp trống, không có dòng tiêu đề").format(path=path))


# -- CSV ------------------------------------------------------------------------------------
def _scan_utf8(path: Path) -> int:
    """Check the whole file is UTF-8 (streaming); return its number of line breaks."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    lines = 0
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                line = lines + chunk[: exc.start].count(b"\n") + 1
                raise UsageError(
                    _(
                        "{path}: dòng {line} không phải chữ UTF-8; trong Excel hãy lưu bằng "
                        "'CSV UTF-8 (Comma delimited)' hoặc dùng tệp .xlsx"
                    ).format(path=path, line=line)
                ) from None
            lines += chunk.count(b"\n")
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            message = _("{path}: tệp bị cắt cụt giữa một ký tự UTF-8").format(path=path)
            raise UsageError(message) from None
    return lines


def sniff_delimiter(sample: str) -> str:
    """The delimiter among ``,`` ``;`` tab that splits the sample into the most, consistent,
    columns (quotes respected, so a label such as "Họ, chữ đệm, tên" does not mislead)."""
    # Only whole lines: the sample may stop in the middle of one.
    if "\n" in sample:
        sample = sample[: sample.rindex("\n") + 1]
    best, best_score = ",", (False, 0)
    for delimiter in DELIMITERS:
        records = [r for r in csv.reader(io.StringIO(sample), delimiter=delimiter) if any(r)][:50]
        if not records:
            continue
        width = len(records[0])
        data = records[1:]
        consistent = not data or sum(len(r) == width for r in data) >= 0.9 * len(data)
        score = (consistent and width > 1, width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _open_csv(path: Path) -> Table:
    lines = _scan_utf8(path)
    fh = path.open("r", encoding="utf-8-sig", newline="")
    try:
        delimiter = sniff_delimiter(fh.read(_SAMPLE))
        fh.seek(0)  # the utf-8-sig decoder skips a BOM again after seeking to 0
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

        rows = numbered()
        header_row, header = _header(path, rows)
    except BaseException:
        fh.close()
        raise
    return Table(
        path=path,
        header=header,
        rows=rows,
        header_row=header_row,
        estimated_rows=max(lines - header_row, 0) + 1,
        delimiter=delimiter,
        _closers=[fh.close],
    )


# -- xlsx -----------------------------------------------------------------------------------
def _open_xlsx(path: Path, sheet: str | None) -> Table:
    from zipfile import BadZipFile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        # read_only streams the sheet's XML: memory stays flat however many rows.
        wb = load_workbook(path, read_only=True, data_only=True)
    except (BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        message = _("{path}: không đọc được tệp Excel ({error})").format(path=path, error=exc)
        raise UsageError(message) from None
    try:
        if sheet is None:
            ws = wb.worksheets[0]
        else:
            names = {nfc(n).casefold(): n for n in wb.sheetnames}
            if nfc(sheet).casefold() not in names:
                raise UsageError(
                    _("{path}: không có trang tính '{sheet}' (có: {sheets})").format(
                        path=path, sheet=sheet, sheets=", ".join(wb.sheetnames)
                    )
                )
            ws = wb[names[nfc(sheet).casefold()]]

        def numbered() -> Iterator[tuple[int, list[Any]]]:
            # read_only mode yields empty tuples for empty rows, so counting gives Excel's number.
            for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
                yield number, [nfc(v) if isinstance(v, str) else v for v in values]

        rows = numbered()
        header_row, header = _header(path, rows)
        max_row = ws.max_row
    except UsageError:
        wb.close()
        raise
    except Exception as exc:  # a damaged sheet: openpyxl raises many kinds of errors
        wb.close()
        message = _("{path}: không đọc được tệp Excel ({error})").format(path=path, error=exc)
        raise UsageError(message) from None
    return Table(
        path=path,
        header=header,
        rows=rows,
        header_row=header_row,
        estimated_rows=max(max_row - header_row, 0) if max_row else None,
        _closers=[wb.close],
    )
