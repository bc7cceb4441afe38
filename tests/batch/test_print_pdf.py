"""`dvc batch --print-pdf FILE`: every row's papers in one PDF for the desk printer."""

from __future__ import annotations

import os
import stat

from conftest import DIVORCED, SINGLE, WIDOWED, invoke, pdftotext
from pypdf import PdfReader
from test_batch import write_csv

GLYPHS = "Trương Thị Ánh Tuyết Nguyễn Thị Dung Lê Văn Hùng"


def _batch(tmp_path, rows, *extra):
    src = write_csv(tmp_path / "in.csv", rows)
    out = tmp_path / "out"
    result = invoke("batch", "single-status", str(src), "--out", str(out), "--jobs", "1", *extra)
    return result, out


def _pages(path):
    return [page.extract_text() for page in PdfReader(path).pages]


def test_one_pdf_holds_every_row_in_order_after_a_cover(tmp_path):
    target = tmp_path / "in-ra.pdf"
    rows = [SINGLE, {**DIVORCED, "birth_date": "31/02/1990"}, DIVORCED, WIDOWED]
    result, out = _batch(tmp_path, rows, "--print-pdf", str(target))
    assert result.exit_code == 1, result.output  # row 3 has an error: skipped, on the cover
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600  # every resident's papers
    pages = _pages(target)
    row_pages = sum(
        len(PdfReader(out / f / n).pages)
        for f in ("0002", "0004", "0005")
        for n in ("to-khai.pdf", "checklist.pdf")
    )
    assert len(pages) == 1 + row_pages
    cover = pages[0]
    assert "BẢN IN CỦA LÔ HỒ SƠ" in cover
    assert "3 dòng in, 1 dòng bỏ qua" in cover
    assert "Dòng 2: thư mục 0002, từ trang 2" in cover
    assert "Dòng 3: bỏ qua — có lỗi (xem errors.csv)" in cover
    for name in ("Trương Thị Ánh Tuyết", "Nguyễn Thị Dung", "Lê Văn Hùng"):
        assert name not in cover  # the cover shows what the manifest shows, no more
    people = ["Trương Thị Ánh Tuyết", "Nguyễn Thị Dung", "Lê Văn Hùng"]
    upper = [text.upper() for text in pages]
    firsts = [next(i for i, text in enumerate(upper) if name.upper() in text) for name in people]
    assert firsts == sorted(firsts)  # row order
    starts = {2: 2, 4: None, 5: None}
    for line in cover.splitlines():
        for row in (4, 5):
            if line.startswith(f"Dòng {row}: thư mục"):
                starts[row] = int(line.rsplit(" ", 1)[1])
    assert "NGUYỄN THỊ DUNG" in upper[starts[4] - 1] and "TỜ KHAI" in upper[starts[4] - 1]
    assert "LÊ VĂN HÙNG" in upper[starts[5] - 1] and "TỜ KHAI" in upper[starts[5] - 1]


def test_the_fonts_are_in_the_file_once(tmp_path):
    target = tmp_path / "in-ra.pdf"
    result, out = _batch(tmp_path, [SINGLE, DIVORCED, WIDOWED] * 3, "--print-pdf", str(target))
    assert result.exit_code == 0, result.output
    reader = PdfReader(target)
    files = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object().get("/FontDescriptor")
            if descriptor is not None:
                files.add(descriptor.get_object().raw_get("/FontFile2").idnum)
    one_row = sum((out / "0002" / n).stat().st_size for n in ("to-khai.pdf", "checklist.pdf"))
    assert len(files) <= 7  # the template's three, the fast subsets' three (+ the cover's)
    assert target.stat().st_size < 3 * one_row  # nine rows, not nine times the fonts
    text = "".join(page.extract_text() for page in reader.pages)
    assert all(word in text for word in GLYPHS.split())
    poppler = pdftotext(target)  # another reader of the same file, where installed
    if poppler is not None:
        assert all(word in poppler for word in GLYPHS.split())
        assert "BẢN IN CỦA LÔ HỒ SƠ" in poppler


def test_a_print_pdf_in_a_folder_that_does_not_exist_is_refused_before_any_row(tmp_path):
    target = tmp_path / "nowhere" / "in-ra.pdf"
    result, out = _batch(tmp_path, [SINGLE], "--print-pdf", str(target))
    assert result.exit_code == 2
    assert "--print-pdf" in result.output and "không có thư mục" in result.output
    assert not out.exists()


def test_objects_known_by_their_bytes_are_the_ones_parsing_finds(tmp_path, monkeypatch):
    """The combined file is the same whether each row's objects are told apart by their bytes
    (the fast way) or all parsed."""
    import datetime as dt

    from dvc_cli.batch import print_pdf
    from dvc_cli.batch.store import RowOutcome

    result, out = _batch(tmp_path, [SINGLE, DIVORCED, WIDOWED, SINGLE])
    assert result.exit_code == 0, result.output
    rows = [RowOutcome(r, f"{r:04d}", ("to-khai.pdf", "checklist.pdf")) for r in (2, 3, 4, 5)]
    title = "Cấp Giấy xác nhận tình trạng hôn nhân"
    fast, slow = tmp_path / "fast.pdf", tmp_path / "slow.pdf"
    print_pdf.write(fast, out, rows, title, dt.date(2026, 12, 1))
    monkeypatch.setattr(print_pdf, "_spans", lambda reader, data: {})  # parse every object
    print_pdf.write(slow, out, rows, title, dt.date(2026, 12, 1))
    assert fast.read_bytes() == slow.read_bytes()
    row_pages = sum(
        len(PdfReader(out / row.folder / name).pages) for row in rows for name in row.files
    )
    assert row_pages >= 4 * 2  # a form with a continuation page has more than one
    assert len(PdfReader(fast).pages) == 1 + row_pages
