"""Read a spreadsheet row by row: CSV (UTF-8 or UTF-16, BOM or not, ``,`` ``;`` or tab, or
Excel's ``sep=`` line) and Excel .xlsx.

Rows are streamed, never all loaded; the file's structure is checked in one streaming pass
before the first row is handed out (:mod:`~dvc_cli.batch.csv_table`,
:mod:`~dvc_cli.batch.xlsx_table`). Each row comes with its number as a person sees it in the
spreadsheet (the first line is row 1), so messages can point at it. Text cells are NFC; other
cells keep their type (an .xlsx date is a ``datetime``, a number an ``int`` or ``float``).
"""

from __future__ import annotations

from pathlib import Path

from dvc_cli.batch.csv_table import open_csv, sniff_delimiter
from dvc_cli.batch.tabular import HeaderScore, Table, column_letter
from dvc_cli.batch.xlsx_table import kind_of_file, open_xlsx, refuse
from dvc_cli.errors import UsageError
from dvc_cli.i18n import _

__all__ = ["HeaderScore", "Table", "column_letter", "open_table", "sniff_delimiter"]


def open_table(
    path: Path,
    *,
    sheet: str | None = None,
    header_row: int | None = None,
    score: HeaderScore | None = None,
) -> Table:
    """Open ``path`` (by extension: .xlsx/.xlsm or anything else as CSV); raise UsageError.

    The header is row ``header_row``, or found by ``score`` below title rows.
    """
    path = Path(path)
    if not path.is_file():
        raise UsageError(_("{path}: không tìm thấy tệp").format(path=path))
    if header_row is not None and header_row < 1:
        raise UsageError(_("--header-row phải từ 1 trở lên"))
    suffix = path.suffix.lower()
    if suffix == ".xls":
        kind = kind_of_file(path)
        if kind != "zip":  # a real .xls (or a web page Excel opens); a zip is an .xlsx renamed
            raise refuse(path, kind if kind in ("encrypted", "html") else "xls")
        suffix = ".xlsx"
    if suffix in (".xlsx", ".xlsm"):
        return open_xlsx(path, sheet, header_row=header_row, score=score)
    if sheet is not None:
        raise UsageError(_("--sheet chỉ dùng cho tệp .xlsx"))
    kind = kind_of_file(path)
    if kind == "zip":
        message = _(
            "{path}: đây là tệp Excel .xlsx mang tên khác; hãy đổi đuôi tên tệp thành .xlsx"
        )
        raise UsageError(message.format(path=path))
    if kind in ("xls", "encrypted"):
        raise refuse(path, kind)
    return open_csv(path, header_row=header_row, score=score)
