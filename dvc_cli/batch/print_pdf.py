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
import hashlib
import io
import os
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any, BinaryIO

from dvc_cli.batch.store import RowOutcome
from dvc_cli.i18n import _

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


class _Combined:
    """A PDF written object by object as the rows' PDFs are read, one at a time: memory does
    not grow with the rows. Each object is written once for its bytes (its references
    renumbered first, so that a font and everything it points to, the same in every row, is
    one set of objects however many rows use it)."""

    _HEADER = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"

    def __init__(self, fh: BinaryIO, title: str) -> None:
        from dvc_cli.render import pdf_text

        self.fh = fh
        fh.write(self._HEADER)
        self.pos = len(self._HEADER)
        self.offsets: dict[int, int] = {}
        self.seen: dict[bytes, int] = {}  # sha256 of an object's bytes -> its number
        self.kids: list[int] = []
        self.known: dict[bytes, int] = {}  # _key() of an object already written -> its number
        self._spans: dict[int, bytes] = {}
        self._keys: dict[int, bytes | None] = {}
        self.next = 4  # 1 catalog, 2 pages, 3 document information
        info = f"<< /Title {pdf_text._pdf_string(title)} /Producer (dvc) >>".encode("ascii")
        self._put(3, info)

    def _put(self, number: int, body: bytes) -> None:
        chunk = b"%d 0 obj\n" % number + body + b"\nendobj\n"
        self.offsets[number] = self.pos
        self.fh.write(chunk)
        self.pos += len(chunk)

    def add(self, reader: Any, data: bytes | None = None) -> None:
        """Append every page of ``reader`` (read from ``data``, when given: its objects'
        bytes then tell one already written apart without parsing it: see :meth:`_known`)."""
        numbers: dict[int, int] = {}  # the reader's object numbers -> ours
        self._spans = _spans(reader, data) if data is not None else {}
        self._keys: dict[int, bytes | None] = {}
        for page in reader.pages:
            entries = {k: self._copy(v, numbers) for k, v in page.items() if k != "/Parent"}
            body = self._bytes(entries)[:-2] + b" /Parent 2 0 R >>"
            number = self.next
            self.next += 1
            self._put(number, body)
            self.kids.append(number)

    def _emit(self, ref: Any, numbers: dict[int, int]) -> int:
        if ref.idnum in numbers:
            if numbers[ref.idnum] < 0:
                raise ValueError("a cycle of references outside the page tree")
            return numbers[ref.idnum]
        raw_key = self._key(ref.idnum)
        if raw_key is not None and raw_key in self.known:
            numbers[ref.idnum] = self.known[raw_key]
            return numbers[ref.idnum]
        numbers[ref.idnum] = -1
        body = self._fixed_font_raw(ref, numbers)  # a row's own fixed-subset font
        if body is None:
            body = self._body(ref.get_object(), numbers)
        number = numbers[ref.idnum] = self._once(body)
        if raw_key is not None:
            self.known[raw_key] = number
        return number

    def _key(self, idnum: int, depth: int = 0) -> bytes | None:
        """What identifies an object of the file being added without parsing it: the hash of
        its bytes as stored and of the keys of the objects it refers to (a reference is
        ``N G R`` outside stream data; one too many only makes the key narrower). Two objects
        with the same key are the same once renumbered. None when the file's layout is not
        known (compressed object streams) or the references go too deep."""
        if idnum in self._keys:
            return self._keys[idnum]
        self._keys[idnum] = None  # a cycle, or no key: parse it
        span = self._spans.get(idnum)
        if span is None or depth > 50:
            return None
        data_starts = _STREAM.search(span)  # references are in the dictionary, not the data
        head = span[: data_starts.start() + 2] if data_starts else span
        children = []
        for match in _REFERENCE.finditer(head):
            child = self._key(int(match.group(1)), depth + 1)
            if child is None:
                return None
            children.append(child)
        key = hashlib.sha256(span.split(b"obj", 1)[-1] + b"".join(children)).digest()
        self._keys[idnum] = key
        return key

    def _body(self, obj: Any, numbers: dict[int, int]) -> bytes:
        from pypdf.generic import StreamObject

        if isinstance(obj, StreamObject):
            entries = {k: self._copy(v, numbers) for k, v in obj.items()}
            data = obj._data  # the stream as stored (still compressed)
            entries["/Length"] = len(data)
            return self._bytes(entries) + b"\nstream\n" + data + b"\nendstream"
        fixed = self._fixed_style(obj)
        if fixed is not None and fixed[0] == "/ToUnicode":
            return self._fixed_font(fixed[1], obj.raw_get("/FontDescriptor"), numbers)
        if fixed is not None:
            # A row's font holds the glyphs that row draws, its /ToUnicode their codes
            # (pdf_text's fixed subset cut down, the same glyph numbers and codes): the whole
            # fixed subset's, once, draw and read every row the same.
            key, style, index = fixed
            entries = {k: self._copy(v, numbers) for k, v in obj.items() if k != key}
            entries[key] = _Ref(self._whole_font(style, index))
            return self._bytes(entries)
        return self._bytes(self._copy(obj, numbers))

    def _fixed_font(self, style: str, descriptor: Any, numbers: dict[int, int]) -> bytes:
        """The font dictionary of one of pdf_text's fixed subsets, as a document with the
        whole subset has it (a row's gives 0 as the width of the codes it does not draw and
        maps only its codes in /ToUnicode)."""
        from dvc_cli.render import pdf_text

        whole = pdf_text.font(style).objects[0]
        described = b"%d" % self._emit(descriptor, numbers)
        whole = whole.replace(b"{1}", described)
        return whole.replace(b"{3}", b"%d" % self._whole_font(style, 3))

    def _fixed_font_raw(self, ref: Any, numbers: dict[int, int]) -> bytes | None:
        """:meth:`_fixed_font` for the object ``ref`` if its stored bytes are those of a
        fixed subset's font dictionary as pdf_text writes it, without parsing it (its 256
        widths are most of a row's parsing otherwise); else None."""
        from pypdf.generic import IndirectObject

        from dvc_cli.render import pdf_text

        span = self._spans.get(ref.idnum)
        if span is None or b"/BaseFont /DVCAAA+" not in span[:120]:
            return None
        found = _FIXED_FONT.search(span)
        if found is None:
            return None
        for style in pdf_text.STYLE_NAMES:
            if found.group(1).decode("latin-1") == pdf_text.font(style).base_name:
                descriptor = IndirectObject(int(found.group(2)), 0, ref.pdf)
                return self._fixed_font(style, descriptor, numbers)
        return None

    @staticmethod
    def _fixed_style(obj: Any) -> tuple[str, str, int] | None:
        """For the font descriptor or font dictionary of one of pdf_text's fixed subsets:
        the entry to replace, the style, and the index of its whole version in the style's
        objects (2: the font file, 3: the ``/ToUnicode`` CMap)."""
        from pypdf.generic import DictionaryObject

        from dvc_cli.render import pdf_text

        if not isinstance(obj, DictionaryObject):
            return None
        kind = obj.get("/Type")
        if kind == "/FontDescriptor":
            name, key, index = str(obj.get("/FontName", "")), "/FontFile2", 2
        elif kind == "/Font":
            name, key, index = str(obj.get("/BaseFont", "")), "/ToUnicode", 3
        else:
            return None
        for style in pdf_text.STYLE_NAMES:
            if key in obj and name == "/" + pdf_text.font(style).base_name:
                return key, style, index
        return None

    def _whole_font(self, style: str, index: int) -> int:
        from dvc_cli.render import pdf_text

        return self._once(pdf_text.font(style).objects[index])

    def _once(self, body: bytes) -> int:
        """The object number of ``body`` in the combined file, written there the first time
        these bytes come (a font or an image shared by many rows is written once)."""
        digest = hashlib.sha256(body).digest()
        number = self.seen.get(digest)
        if number is None:
            number = self.seen[digest] = self.next
            self.next += 1
            self._put(number, body)
        return number

    def _copy(self, obj: Any, numbers: dict[int, int]) -> Any:
        from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

        if isinstance(obj, IndirectObject):
            return _Ref(self._emit(obj, numbers))
        if isinstance(obj, DictionaryObject) or isinstance(obj, dict):
            return {k: self._copy(v, numbers) for k, v in obj.items()}
        if isinstance(obj, ArrayObject) or isinstance(obj, list):
            return [self._copy(v, numbers) for v in obj]
        return obj

    def _bytes(self, obj: Any) -> bytes:
        if isinstance(obj, _Ref):
            return b"%d 0 R" % obj.number
        if isinstance(obj, dict):
            inner = b" ".join(self._name(k) + b" " + self._bytes(v) for k, v in obj.items())
            return b"<< " + inner + b" >>"
        if isinstance(obj, list):
            return b"[" + b" ".join(self._bytes(v) for v in obj) + b"]"
        if isinstance(obj, bool):
            return b"true" if obj else b"false"
        if isinstance(obj, int):
            return b"%d" % obj
        buf = io.BytesIO()
        obj.write_to_stream(buf)
        return buf.getvalue()

    @staticmethod
    def _name(key: Any) -> bytes:
        from pypdf.generic import NameObject

        buf = io.BytesIO()
        NameObject(key).write_to_stream(buf)
        return buf.getvalue()

    def finish(self) -> None:
        kids = " ".join(f"{n} 0 R" for n in self.kids)
        self._put(2, f"<< /Type /Pages /Kids [{kids}] /Count {len(self.kids)} >>".encode())
        self._put(1, b"<< /Type /Catalog /Pages 2 0 R >>")
        size = self.next
        xref = [b"xref\n0 %d\n0000000000 65535 f \n" % size]
        for number in range(1, size):
            at = self.offsets.get(number)
            xref.append(b"%010d 00000 n \n" % at if at is not None else b"0000000000 65535 f \n")
        self.fh.write(b"".join(xref))
        trailer = (
            f"trailer\n<< /Size {size} /Root 1 0 R /Info 3 0 R >>\nstartxref\n{self.pos}\n%%EOF\n"
        )
        self.fh.write(trailer.encode("ascii"))


_REFERENCE = re.compile(rb"(\d+)\s+\d+\s+R(?![A-Za-z])")
_STREAM = re.compile(rb">>\s*stream\r?\n")


def _spans(reader: Any, data: bytes) -> dict[int, bytes]:
    """Each object's bytes as stored in ``data`` (from its offset to the next object's, or
    the cross-reference table), for a file with a plain cross-reference table; else none."""
    if getattr(reader, "xref_objStm", None):
        return {}
    table = reader.xref.get(0, {})
    offsets = sorted((at, number) for number, at in table.items())
    end = data.rfind(b"xref")
    out: dict[int, bytes] = {}
    for i, (at, number) in enumerate(offsets):
        stop = offsets[i + 1][0] if i + 1 < len(offsets) else end
        span = data[at:stop]
        if not span.startswith(b"%d 0 obj" % number):
            return {}  # not the layout expected: parse everything
        out[number] = span.rstrip()
    return out


_FIXED_FONT = re.compile(
    rb"^\d+ 0 obj\s*<< /Type /Font /Subtype /TrueType /BaseFont /(DVCAAA\+[\w-]+) /FirstChar 0 "
    rb"/LastChar 255 /Widths \[[\d. ]*\] /FontDescriptor (\d+) 0 R /ToUnicode \d+ 0 R >>\s*"
    rb"endobj$"
)


class _Ref:
    """A reference to one of the combined file's objects."""

    __slots__ = ("number",)

    def __init__(self, number: int) -> None:
        self.number = number


def write(
    target: Path, out_dir: Path, outcomes: Iterable[RowOutcome], title: str, date: dt.date
) -> tuple[int, int]:
    """Write the combined PDF of ``outcomes`` (in row order) to ``target``, owner-only and
    atomically; returns (rows printed, pages)."""
    from pypdf import PdfReader

    from dvc_cli.render import pdf_text

    rows = list(outcomes)
    files: list[tuple[RowOutcome, list[Path], int]] = []  # each row's PDFs and their pages
    for outcome in rows:
        pdfs = [out_dir / outcome.folder / f for f in outcome.files if f.endswith(".pdf")]
        pdfs = pdfs if outcome.ok and outcome.folder else []
        files.append((outcome, pdfs, sum(len(PdfReader(p).pages) for p in pdfs)))
    printed = sum(1 for outcome in rows if outcome.ok)

    def cover_for(length: int) -> list[list[object]]:
        """The cover's pages when it is ``length`` pages long (which sets where rows start)."""
        starts, page = [], length + 1
        for outcome, _pdfs, pages in files:
            starts.append((outcome, page))
            page += pages
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
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:  # mkstemp makes the file 0600: it holds every row's personal data
        with os.fdopen(fd, "wb") as fh:
            combined = _Combined(fh, title)
            combined.add(PdfReader(io.BytesIO(cover)))
            for _outcome, pdfs, _pages in files:
                for path in pdfs:
                    data = path.read_bytes()
                    combined.add(PdfReader(io.BytesIO(data)), data)
            combined.finish()
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return printed, len(combined.kids)
