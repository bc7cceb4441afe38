"""Read an Excel .xlsx sheet: what the file really is (a password-protected, old .xls, CSV or
truncated file each get their own message), which sheet, and the sheet's XML checked in one
streaming pass before any row is handed out (a damaged sheet stops the run before any output;
hidden rows are counted for a notice)."""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.parsers import expat

from dvc_cli.batch.tabular import HeaderScore, Rows, Table, find_header
from dvc_cli.errors import UsageError
from dvc_cli.i18n import _, ngettext
from dvc_cli.privacy import mask
from dvc_cli.text import fold, nfc

__all__ = ["kind_of_file", "open_xlsx"]

_CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE2 compound file: .xls, or an encrypted .xlsx
_ENCRYPTED = "EncryptionInfo".encode("utf-16-le")
_CHUNK = 1 << 20
_SHOWN_HIDDEN = 10


def kind_of_file(path: Path) -> str:
    """``zip``, ``encrypted``, ``xls``, ``html``, ``text`` or ``other``, by the file's bytes."""
    with path.open("rb") as fh:
        head = fh.read(4096)
        if head.startswith(_CFB):
            fh.seek(0)
            while chunk := fh.read(_CHUNK):
                if _ENCRYPTED in chunk:
                    return "encrypted"
            return "xls"
    if head.startswith(b"PK"):
        return "zip"
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<table", b"<?xml")):
        return "html"
    if head and b"\x00" not in head:
        return "text"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "text"
    return "other"


def refuse(path: Path, kind: str) -> UsageError:
    """The message for a spreadsheet file that is not really an .xlsx."""
    messages = {
        "encrypted": _(
            "{path}: tệp Excel có đặt mật khẩu nên không đọc được; trong Excel hãy bỏ mật khẩu "
            "(Tệp > Thông tin > Bảo vệ sổ làm việc) rồi lưu lại"
        ),
        "xls": _(
            "{path}: đây là tệp Excel .xls cũ (97-2003), không phải .xlsx; trong Excel hãy "
            "'Lưu thành' Sổ làm việc Excel (.xlsx) hoặc CSV UTF-8"
        ),
        "html": _(
            "{path}: đây là một trang web (HTML/XML) mang tên tệp Excel; hãy mở bằng Excel rồi "
            "'Lưu thành' .xlsx"
        ),
        "text": _(
            "{path}: đây là tệp văn bản (CSV) mang tên .xlsx; hãy đổi đuôi tên tệp thành .csv"
        ),
        "zip": _(
            "{path}: tệp .xlsx bị hỏng hoặc bị cắt cụt (chép chưa hết?); hãy chép lại tệp gốc, "
            "hoặc mở bằng Excel và lưu lại"
        ),
        "other": _("{path}: không phải tệp Excel .xlsx; hãy mở bằng Excel và lưu lại thành .xlsx"),
    }
    return UsageError(messages[kind].format(path=path))


def pick_sheet(path: Path, names: list[str], sheet: str | None) -> str:
    """The sheet asked for: exactly, else ignoring case, else ignoring accents too."""
    if not names:
        raise UsageError(_("{path}: tệp Excel không có trang tính nào").format(path=path))
    if sheet is None:
        return names[0]
    for key in (nfc, lambda s: nfc(s).casefold(), fold):
        found = [n for n in names if key(n) == key(sheet)]
        if len(found) == 1:
            return found[0]
    raise UsageError(
        _("{path}: không có trang tính '{sheet}' (có: {sheets}); chọn một bằng --sheet").format(
            path=path, sheet=sheet, sheets=", ".join(f"'{n}'" for n in names)
        )
    )


@dataclass
class _SheetShape:
    last_row: int = 0
    last_filled: int = 0  # last row with a value
    hidden: list[int] = field(default_factory=list)  # hidden rows with a value
    unsaved: list[str] = field(default_factory=list)  # formula cells without a saved value
    merged: list[str] = field(default_factory=list)  # merged ranges spanning several rows


class _BadCell(Exception):
    def __init__(self, cell: str, value: str) -> None:
        super().__init__(cell)
        self.cell, self.value = cell, value


def _check_value(kind: str, value: str, shared: int | None) -> bool:
    """Whether openpyxl can read a ``<v>`` of a cell of type ``kind``."""
    try:
        if kind == "n":
            float(value)
        elif kind == "s":
            return shared is None or 0 <= int(value) < shared
        elif kind == "b":
            return value.strip() in ("0", "1", "true", "false")
    except ValueError:
        return False
    return True


def _check_sheet(path: Path, member: str, title: str, shared: int | None) -> _SheetShape:
    """Parse the sheet's XML once, streaming (the zip's checksum included): well-formed XML,
    numbers that are numbers, shared strings that exist."""
    shape = _SheetShape()
    row = 0
    hidden = False
    cell, kind = "", "n"
    value: list[str] | None = None
    formula = saved = False

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal row, hidden, cell, kind, value, formula, saved
        local = name.rpartition(":")[2]
        if local == "c":
            cell, kind = attrs.get("r", ""), attrs.get("t", "n")
            formula = saved = False
        elif local == "f":
            formula = True
        elif local == "mergeCell":
            ref = attrs.get("ref", "")
            first, _sep, last = ref.partition(":")
            if last and _row_of(first) != _row_of(last):
                shape.merged.append(ref)
        elif local == "v":
            value = []
            saved = True
        elif local == "row":
            try:
                row = int(attrs.get("r", row + 1))
            except ValueError:
                row += 1
            shape.last_row = max(shape.last_row, row)
            hidden = attrs.get("hidden") in ("1", "true")
        if local in ("v", "is"):
            shape.last_filled = max(shape.last_filled, row)
            if hidden and (not shape.hidden or shape.hidden[-1] != row):
                shape.hidden.append(row)

    def text(data: str) -> None:
        if value is not None:
            value.append(data)

    def end(name: str) -> None:
        nonlocal value, saved
        if name.rpartition(":")[2] == "c" and formula and not saved:
            shape.unsaved.append(cell or f"?{row}")
        if value is not None and name.rpartition(":")[2] == "v":
            written = "".join(value)
            value = None
            if formula and not written:  # <v></v>: the program that wrote it saved no result
                saved = False
                return
            if not _check_value(kind, written, shared):
                raise _BadCell(cell or f"?{row}", written)

    parser = expat.ParserCreate()
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.buffer_text = True
    try:
        with zipfile.ZipFile(path) as zf, zf.open(member) as fh:
            while chunk := fh.read(_CHUNK):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except _BadCell as bad:
        message = _(
            "{path}: trang tính '{sheet}', ô {cell}: giá trị '{value}' hỏng (không đọc được); "
            "sửa hoặc xóa ô đó trong Excel, lưu lại, rồi chạy lại"
        )
        raise UsageError(
            message.format(path=path, sheet=title, cell=bad.cell, value=mask(bad.value[:20]))
        ) from None
    except (expat.ExpatError, zipfile.BadZipFile, zlib.error, EOFError, OSError, KeyError) as exc:
        raise _damaged(path, title, row, exc) from None
    return shape


def _row_of(ref: str) -> int:
    """The row number of a cell reference (``B12`` → 12); 0 when it has none."""
    digits = "".join(ch for ch in ref if ch.isdigit())
    return int(digits) if digits else 0


def _unsaved(path: Path, title: str, cells: list[str]) -> UsageError:
    """Formulas whose result was never saved (a file made by a program, not by Excel): they
    would read as empty cells, i.e. missing answers."""
    shown = ", ".join(cells[:_SHOWN_HIDDEN]) + (", …" if len(cells) > _SHOWN_HIDDEN else "")
    message = ngettext(
        "{path}: trang tính '{sheet}' có {count} ô công thức chưa lưu kết quả ({cells}): mở tệp "
        "bằng Excel và lưu lại (Excel tính và lưu kết quả), hoặc dán giá trị thay công thức",
        "{path}: trang tính '{sheet}' có {count} ô công thức chưa lưu kết quả ({cells}): mở tệp "
        "bằng Excel và lưu lại (Excel tính và lưu kết quả), hoặc dán giá trị thay công thức",
        len(cells),
    )
    return UsageError(message.format(path=path, sheet=title, count=len(cells), cells=shown))


def _merged_notice(title: str, ranges: list[str], header_row: int) -> list[str]:
    """Merged cells over several rows: only the first row holds the value."""
    below = [r for r in ranges if _row_of(r.partition(":")[2]) > header_row]
    if not below:
        return []
    shown = ", ".join(below[:_SHOWN_HIDDEN]) + (", …" if len(below) > _SHOWN_HIDDEN else "")
    message = _(
        "trang tính '{sheet}' có ô gộp ({ranges}): chỉ dòng đầu của mỗi ô gộp có giá trị, các "
        "dòng dưới để trống ô đó; bỏ gộp ô (Unmerge) và điền từng dòng nếu họ cần câu trả lời đó"
    )
    return [message.format(sheet=title, ranges=shown)]


def _damaged(path: Path, title: str, row: int, exc: BaseException) -> UsageError:
    message = _(
        "{path}: trang tính '{sheet}' bị hỏng (sau dòng {row}: {error}); mở tệp bằng Excel "
        "(Excel đề nghị sửa), lưu lại, rồi chạy lại"
    )
    return UsageError(message.format(path=path, sheet=title, row=row, error=exc))


def _other_sheets(path: Path, title: str, others: list[str]) -> UsageError:
    message = _(
        "{path}: trang tính đầu '{sheet}' thiếu cột bắt buộc: không cột nào khớp câu hỏi (có "
        "thể chỉ là hướng dẫn, ghi chú); chọn trang có danh sách bằng --sheet ({sheets})"
    )
    sheets = ", ".join(f"'{n}'" for n in others)
    return UsageError(message.format(path=path, sheet=title, sheets=sheets))


def _hidden_notice(title: str, hidden: list[int]) -> list[str]:
    if not hidden:
        return []
    shown = ", ".join(str(r) for r in hidden[:_SHOWN_HIDDEN])
    if len(hidden) > _SHOWN_HIDDEN:
        shown += ", …"
    message = ngettext(
        "trang tính '{sheet}' có {count} dòng ẩn ({rows}): vẫn được xử lý như mọi dòng",
        "trang tính '{sheet}' có {count} dòng ẩn ({rows}): vẫn được xử lý như mọi dòng",
        len(hidden),
    )
    return [message.format(sheet=title, count=len(hidden), rows=shown)]


def open_xlsx(
    path: Path,
    sheet: str | None,
    *,
    header_row: int | None = None,
    score: HeaderScore | None = None,
) -> Table:
    """Open a sheet of an .xlsx file; its XML is checked before this returns."""
    kind = kind_of_file(path)
    if kind != "zip":
        raise refuse(path, kind)
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with zipfile.ZipFile(path) as zf:
            zf.getinfo("[Content_Types].xml")
    except (zipfile.BadZipFile, KeyError, OSError):
        raise refuse(path, "zip") from None
    try:
        # read_only streams the sheet's XML: memory stays flat however many rows.
        wb = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, zlib.error, EOFError) as exc:
        raise refuse(path, "zip") from exc
    except Exception as exc:  # a damaged workbook part: openpyxl raises many kinds of errors
        message = _("{path}: không đọc được tệp Excel ({error}); mở bằng Excel và lưu lại")
        raise UsageError(message.format(path=path, error=exc)) from None
    try:
        names = [ws.title for ws in wb.worksheets]
        title = pick_sheet(path, names, sheet)
        ws = wb[title]
        strings = getattr(ws, "_shared_strings", None)
        shared = len(strings) if strings is not None else None
        shape = _check_sheet(path, ws._worksheet_path, title, shared)
        if shape.unsaved:
            raise _unsaved(path, title, shape.unsaved)

        def numbered() -> Iterator[tuple[int, list[Any]]]:
            # read_only mode yields empty tuples for empty rows, so counting gives Excel's number.
            number = 0
            cells = ws.iter_rows(values_only=True)
            try:
                for number, values in enumerate(cells, start=1):  # noqa: B007
                    yield number, [nfc(v) if isinstance(v, str) else v for v in values]
            except Exception as exc:  # the file changed after the check, or openpyxl's bug
                raise _damaged(path, title, number, exc) from None

        rows: Rows = numbered()
        header = find_header(path, rows, header_row=header_row, score=score)
        if sheet is None and header.matches == 0 and len(names) > 1:
            raise _other_sheets(path, title, names[1:])
    except UsageError:
        wb.close()
        raise
    except Exception as exc:  # a damaged sheet: openpyxl raises many kinds of errors
        wb.close()
        message = _("{path}: không đọc được tệp Excel ({error}); mở bằng Excel và lưu lại")
        raise UsageError(message.format(path=path, error=exc)) from None
    hidden = [r for r in shape.hidden if r > header.row]
    return Table(
        path=path,
        header=header.names,
        rows=header.rows,
        header_row=header.row,
        estimated_rows=max(shape.last_row - header.row, 0) or None,
        empty=shape.last_filled <= header.row,
        notices=header.notice()
        + _hidden_notice(title, hidden)
        + _merged_notice(title, shape.merged, header.row),
        _closers=[wb.close],
    )
