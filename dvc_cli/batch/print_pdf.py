"""``dvc batch --print-pdf FILE``: every row's papers in one PDF for the desk printer.

Row order, each row's PDFs in the order of its folder's files (the forms, then the
checklist), after a cover page listing the rows: row number, folder and the pages it
starts on, and the rows skipped (their errors are in errors.csv). The cover shows no more
than the manifest does (row numbers and folders: privacy.py). Every row's PDF embeds the
same fixed font subsets (render/pdf_text.py), so identical objects are written once: the
fonts appear once in the file however many rows it holds. The file holds every row's
personal data: owner-only from its first byte, written atomically.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from pathlib import Path

from dvc_cli.batch.store import RowOutcome
from dvc_cli.i18n import _
from dvc_cli.store import atomic

_PAGE = (595.2756, 841.8898)  # A4
_LEFT, _TOP, _BOTTOM = 56.7, 60.0, 56.7
_LINE = 15.0


def _cover_lines(
    title: str, date: dt.date, rows: list[tuple[RowOutcome, int]], printed: int
) -> list[tuple[str, str, float]]:
    """The cover's lines: (text, style, size)."""
    skipped = sum(1 for outcome, _pages in rows if not outcome.ok)
    lines = [
        (_("BẢN IN CỦA LÔ HỒ SƠ"), "Bold", 15.0),
        (title, "Regular", 11.0),
        (
            _("Ngày {date}: {printed} dòng in, {skipped} dòng bỏ qua").format(
                date=f"{date:%d/%m/%Y}", printed=printed, skipped=skipped
            ),
            "Regular",
            11.0,
        ),
        ("", "Regular", 11.0),
    ]
    for outcome, first_page in rows:
        if outcome.ok:
            text = _("Dòng {row}: thư mục {folder}, từ trang {page}").format(
                row=outcome.row, folder=outcome.folder, page=first_page
            )
            lines.append((text, "Regular", 11.0))
        else:
            text = _("Dòng {row}: bỏ qua — có lỗi (xem errors.csv)").format(row=outcome.row)
            lines.append((text, "Italic", 11.0))
    return lines


def _cover_pages(lines: list[tuple[str, str, float]]) -> list[list[object]]:
    from dvc_cli.render.pdf_text import Text

    pages: list[list[object]] = [[]]
    y = _PAGE[1] - _TOP
    for text, style, size in lines:
        if y - _LINE < _BOTTOM:
            pages.append([])
            y = _PAGE[1] - _TOP
        if text:
            pages[-1].append(Text(_LEFT, y - size, style, size, text))
        y -= _LINE + (6 if size > 11 else 0)
    return pages


def _per_page() -> int:
    """Cover lines a page holds (the same arithmetic as :func:`_cover_pages`)."""
    return int((_PAGE[1] - _TOP - _BOTTOM) // _LINE)


def write(
    target: Path, out_dir: Path, outcomes: Iterable[RowOutcome], title: str, date: dt.date
) -> tuple[int, int]:
    """Write the combined PDF of ``outcomes`` (in row order) to ``target``; returns (rows
    printed, pages)."""
    from pypdf import PdfReader, PdfWriter

    from dvc_cli.render import pdf_text

    rows = list(outcomes)
    readers: list[tuple[RowOutcome, list[PdfReader]]] = []
    for outcome in rows:
        if outcome.ok:
            pdfs = [f for f in outcome.files if f.endswith(".pdf")]
            readers.append(
                (outcome, [PdfReader(out_dir / outcome.folder / f) for f in pdfs])  # type: ignore[operator]
            )
        else:
            readers.append((outcome, []))
    printed = sum(1 for outcome in rows if outcome.ok)

    def cover_for(length: int) -> list[list[object]]:
        """The cover's pages when it is ``length`` pages long (which sets where rows start)."""
        starts, page = [], length + 1
        for outcome, pdfs in readers:
            starts.append((outcome, page))
            page += sum(len(r.pages) for r in pdfs)
        return _cover_pages(_cover_lines(title, date, starts, printed))

    length = -(-(len(rows) + 5) // _per_page())
    cover_pages = cover_for(length)
    while len(cover_pages) != length:  # counted one line short or long: count again
        length = len(cover_pages)
        cover_pages = cover_for(length)
    texts = [item.text for items in cover_pages for item in items]  # type: ignore[attr-defined]
    draw = pdf_text.write_document if pdf_text.in_fixed_subset(texts) else None
    draw = draw or pdf_text.write_document_reportlab  # a character outside the fast subset
    cover = draw(cover_pages, _PAGE, title=title)  # type: ignore[arg-type]
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(cover)))
    for _outcome, pdfs in readers:
        for reader in pdfs:
            writer.append(reader)
    writer.compress_identical_objects(remove_duplicates=True, remove_unreferenced=True)
    buf = io.BytesIO()
    writer.write(buf)
    atomic.write_bytes(target, buf.getvalue(), private=True)
    return printed, len(writer.pages)
