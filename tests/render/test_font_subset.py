"""Each PDF embeds only the glyphs it draws (render/font_subset.py): every letter drawn still
has its outline, reads back, and the pages look exactly as with the whole fixed subset."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zlib
from pathlib import Path

import pytest
from conftest import DIVORCED, SINGLE, flat, pdf_text, pdftotext, poppler_words
from fontTools.ttLib import TTFont
from pypdf import PdfReader
from pypdf.generic import ContentStream

from dvc_cli.render import font_subset, form_template
from dvc_cli.render import pdf_text as fast

RARE = {
    **SINGLE,
    "full_name": "Đặng Thị Ửng",
    "residence_address": "Số 9 ngõ Ửng Hòe, tổ dân phố 2",
    "purpose_detail": "Để bổ sung hồ sơ thi tuyển kỹ sư",
}
PEOPLE = [RARE, DIVORCED, SINGLE]


TEMPLATES = sorted(Path(__file__).resolve().parents[2].glob("forms/*/*.pdf"))  # every bundled one
each_template = pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.parent.name)


def _program(stream) -> TTFont:
    return TTFont(io.BytesIO(stream.get_data()), checkChecksums=2)  # a wrong sum raises


def _raw(string) -> bytes:
    return string.get_original_bytes() if hasattr(string, "get_original_bytes") else bytes(string)


def _drawn_codes(page) -> dict[str, set[int]]:
    """Font resource name → the 1-byte codes the page's content draws in it."""
    out: dict[str, set[int]] = {}
    current = None
    for operands, op in ContentStream(page.get_contents(), page.pdf).operations:
        if op == b"Tf":
            current = str(operands[0])
        elif op == b"Tj":
            out.setdefault(current, set()).update(_raw(operands[0]))
        elif op == b"TJ":
            for part in operands[0]:
                if not isinstance(part, (int, float)):
                    out.setdefault(current, set()).update(_raw(part))
    return out


def _check_glyphs(path: Path) -> set[str]:
    """Every font a page draws with is embedded, and every code it draws has its outline in
    the embedded program; returns the fast subsets' fonts looked at."""
    seen = set()
    reader = PdfReader(path)
    for page in reader.pages:
        fonts = page["/Resources"]["/Font"]
        for name in fonts:  # every font listed is embedded, drawn or not
            descriptor = fonts[name].get_object()["/FontDescriptor"]
            assert "/FontFile2" in descriptor or "/FontFile3" in descriptor, name
        for name, codes in _drawn_codes(page).items():
            font = fonts[name].get_object()
            descriptor = font["/FontDescriptor"]
            assert "/FontFile2" in descriptor or "/FontFile3" in descriptor, name
            if str(font["/BaseFont"]).startswith("/DVCAAA+"):  # not the template's labels
                seen.add(str(font["/BaseFont"]).rsplit("-", 1)[-1])
            program = _program(descriptor["/FontFile2"])
            cmap = program["cmap"].getcmap(1, 0).cmap
            glyf = program["glyf"]
            for code in codes - {32}:
                glyph = glyf[cmap[code]]
                assert glyph.numberOfContours != 0, (path.name, name, code)
            # and glyphs nobody drew are left out (the labels' subsets: ASCII they do not use;
            # the fast subsets keep whole letter groups, see FastFont.quantised)
            empty = [g for g in program.getGlyphOrder() if glyf[g].numberOfContours == 0]
            assert len(empty) > 40
    return seen


@pytest.mark.parametrize("person", PEOPLE, ids=lambda p: p["full_name"])
def test_every_glyph_drawn_is_embedded_and_reads_back(fill, person):
    result, out = fill(person)
    assert result.exit_code == 0, result.output
    # one program: its bold and italic are the Regular's, stroked and slanted (pdf_text.FACES)
    assert _check_glyphs(out / "checklist.pdf") == {"Regular"}
    assert _check_glyphs(out / "to-khai.pdf") == {"Regular"}  # the answers' font
    for name in ("checklist.pdf", "to-khai.pdf"):
        for text in (pdf_text(out / name), pdftotext(out / name)):
            if text is None:  # poppler not installed
                continue
            upper = text.upper()
            assert person["full_name"].upper() in upper, name
    form = flat(pdf_text(out / "to-khai.pdf")).upper()
    if person["purpose"] == "khac":  # ket_hon writes the partner instead
        assert person["purpose_detail"].upper() in form
    assert person["residence_address"].upper() in form


def test_rare_letters_are_in_the_subset_of_the_form_that_draws_them(fill):
    result, out = fill(RARE)
    assert result.exit_code == 0, result.output
    reader = PdfReader(out / "to-khai.pdf")
    page = reader.pages[0]
    program = None
    for font in page["/Resources"]["/Font"].values():
        font = font.get_object()
        if str(font["/BaseFont"]).startswith("/DVCAAA+"):
            program = _program(font["/FontDescriptor"]["/FontFile2"])
    assert program is not None
    table = fast.font("Regular").table
    glyf, cmap = program["glyf"], program["cmap"].getcmap(1, 0).cmap
    answers = RARE["full_name"].upper() + RARE["purpose_detail"]  # the name in capitals
    letters = {ch for ch in answers if ord(ch) > 127}
    assert {"Đ", "Ặ", "Ử", "ỹ"} <= letters
    assert RARE["full_name"].upper() in page.extract_text()
    for letter in letters:
        code = ord(letter.translate(table))
        assert glyf[cmap[code]].numberOfContours != 0, letter
    # a letter no answer and no label of this form has: left out
    code = ord("Ỷ".translate(table))
    assert glyf[cmap[code]].numberOfContours == 0


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="poppler-utils not installed")
def test_pages_look_the_same_as_with_the_whole_fixed_subset(fill, monkeypatch, tmp_path):
    # the form's italic labels as the template draws them (their slant: a test of its own)
    monkeypatch.setattr(fast, "_labels_in_fixed_subset", _unslanted)
    monkeypatch.setattr(form_template, "_CACHE", {})
    monkeypatch.setattr(form_template, "_depends", lambda: b"italic labels unslanted")
    result, out = fill(RARE, name="subset")
    assert result.exit_code == 0, result.output
    monkeypatch.setattr(
        fast.FastFont, "file_for", lambda self, codes: (self.objects[0], *self.objects[2:])
    )
    monkeypatch.setattr(fast, "_trimmed_fonts", lambda reader: {})  # the labels' fonts whole
    monkeypatch.setattr(fast, "_labels_in_fixed_subset", lambda reader, name: None)
    monkeypatch.setattr(form_template, "_CACHE", {})  # the template read again, not kept
    monkeypatch.setattr(form_template, "_depends", lambda: b"whole fonts")
    result, whole = fill(RARE, name="whole")
    assert result.exit_code == 0, result.output
    for name in ("checklist.pdf", "to-khai.pdf"):
        small, big = out / name, whole / name
        # the label fonts trimmed too; the checklist has one program (pdf_text.FACES)
        smaller = 15_000 if name == "to-khai.pdf" else 2500
        assert small.stat().st_size < big.stat().st_size - smaller
        images = []
        for pdf in (small, big):
            prefix = tmp_path / f"{pdf.parent.name}-{pdf.stem}"
            subprocess.run(["pdftoppm", "-r", "60", "-gray", str(pdf), str(prefix)], check=True)
            images.append([p.read_bytes() for p in sorted(tmp_path.glob(f"{prefix.name}*.pgm"))])
        assert images[0] and images[0] == images[1], name


def test_the_bundled_fonts_have_no_hinting_to_drop_and_subsets_keep_composite_parts():
    for style in ("Regular", "Bold", "Italic"):
        stream = fast.font(style).objects[2]
        data = zlib.decompress(stream.partition(b"stream\n")[2][: -len(b"\nendstream")])
        program = font_subset.Program(data)
        assert not program.hinted()
        table = fast.font(style).table
        composite = [
            ch for ch in "ắấếốớứảẩẫ" if len(program.closure([ord(ch.translate(table))])) > 2
        ]
        assert composite  # letters drawn with others (a base and marks)
        code = ord(composite[0].translate(table))
        parts = program.closure([code])
        font = TTFont(io.BytesIO(program.subset([code])), checkChecksums=2)
        order = font.getGlyphOrder()
        drawn = [g for g in order if font["glyf"][g].numberOfContours != 0]
        assert {order.index(g) for g in drawn} <= set(parts)
        assert font["glyf"][order[code]].isComposite()
        for component in font["glyf"][order[code]].components:
            assert font["glyf"][component.glyphName].numberOfContours != 0


def test_a_print_pdf_still_shares_one_program_per_style(tmp_path):
    """Covered in tests/batch/test_print_pdf.py (the rows' cut-down programs become the whole
    fixed subset there); here: two documents drawing different letters get different
    programs, the same letters the same bytes."""
    regular = fast.font("Regular")
    a = regular.file_for([regular.codes("Đặng Thị Ửng")])
    b = regular.file_for([regular.codes("Nguyễn Thị Dung")])
    again = regular.file_for([regular.codes("Nguyễn "), regular.codes("Thị Dung")])
    assert a[1] != b[1] and a[2] != b[2] and b == again
    assert re.search(rb"/Length1 \d+", a[1])
    widths = a[0].partition(b"/Widths [")[2].partition(b"]")[0].split()
    whole = regular.objects[0].partition(b"/Widths [")[2].partition(b"]")[0].split()
    held = regular.quantised(regular.codes("Đặng Thị Ửng"))  # the letters' whole groups
    assert set(regular.codes("Đặng Thị Ửng")) < held
    assert [w for i, w in enumerate(widths) if i in held] == [whole[i] for i in sorted(held)]
    assert all(w == b"0" for i, w in enumerate(widths) if i not in held)
    cmap = zlib.decompress(a[2].partition(b"stream\n")[2][: -len(b"\nendstream")]).decode()
    mapped = _cmap(cmap)
    assert set(mapped) == held - {0}  # the codes held, each once
    back = {ord(code): chr(point) for point, code in regular.table.items()}
    assert all(mapped[c] == back[c] for c in mapped)
    assert {"ặ", "Ử", "B", "Z"} <= set(mapped.values()) and "ễ" not in mapped.values()
    assert "beginbfrange" in cmap  # runs of consonants as ranges


def _cmap(text: str) -> dict[int, str]:
    """A /ToUnicode CMap's code → character (its bfchar lines and bfrange runs); a code
    mapped twice fails."""
    out: dict[int, str] = {}

    def put(code: int, char: str) -> None:
        assert code not in out, code
        out[code] = char

    for block in re.findall(r"beginbfchar\n(.*?)endbfchar", text, re.S):
        for code, hexa in re.findall(r"<(..)> <(....)>", block):
            put(int(code, 16), chr(int(hexa, 16)))
    for block in re.findall(r"beginbfrange\n(.*?)endbfrange", text, re.S):
        for first, last, hexa in re.findall(r"<(..)> <(..)> <(....)>", block):
            for i in range(int(last, 16) - int(first, 16) + 1):
                put(int(first, 16) + i, chr(int(hexa, 16) + i))
    return out


def test_a_document_holds_the_whole_groups_of_the_letters_it_draws():
    """FastFont.quantised: any form of a vowel brings every form of that letter in that case,
    a capital consonant all of them, a digit all ten; nothing of a group not drawn."""
    regular = fast.font("Regular")

    def held(text: str) -> str:
        back = {ord(code): chr(point) for point, code in regular.table.items()}
        return "".join(sorted(back[c] for c in regular.quantised(regular.codes(text)) if c))

    letters = held("Dũng 7")
    assert set("uùúủũụưừứửữự") <= set(letters) and not set("UÙÚỦŨỤƯỪỨỬỮỰ") & set(letters)
    assert set("BCDFGHJKLMNPQRSTVWXZ") <= set(letters) and "A" not in letters
    assert set("bcdfghjklmnpqrstvwxz0123456789") <= set(letters) and not set("aeioy") & set(letters)
    assert "đ" not in letters and "Đ" in held("Đặng") and "ç" not in held("c")
    # letters of the same groups, in any order, in any number of texts: the same set
    assert held("Nguyễn Thị Dung") == held("Nguyễn Thị Dũng") == held("xũ Bí ễy") != held("Lê Ánh")
    assert regular.quantised(regular.codes("Dung Thị")) == regular.quantised(
        regular.codes("xũ") + regular.codes(" Bí")
    )


def test_every_bundled_template_keeps_only_the_label_glyphs_it_draws():
    for path in TEMPLATES:
        tpl = form_template.complete(form_template.load(path))
        trimmed = fast._trimmed_fonts(tpl.base)
        programs = {n: body for n, body in trimmed.items() if b"/Length1" in body[:80]}
        assert len(programs) == 3, path  # Regular, Bold and Italic labels
        for number, body in programs.items():
            whole = tpl.base.get_object(number)
            assert len(body) < 0.75 * len(whole._data) + 200, path
        # their /ToUnicode maps, and their /Widths give, only the codes drawn
        dicts = [n for n, body in trimmed.items() if b"/BaseFont" in body]
        assert len(dicts) == 3 and len(trimmed) == 9, path
        for number in dicts:
            font = tpl.base.get_object(number)
            widths = re.search(rb"/Widths \[([^\]]*)\]", trimmed[number]).group(1).split()
            assert widths.count(b"0") > 20 and len(widths) == len(font["/Widths"]), path
            cmap = _cmap(
                zlib.decompress(
                    trimmed[font.raw_get("/ToUnicode").idnum].partition(b"stream\n")[2][
                        : -len(b"\nendstream")
                    ]
                ).decode("latin-1")
            )
            first = int(font["/FirstChar"])
            drawn = {first + i for i, w in enumerate(widths) if w != b"0"}
            assert set(cmap) <= {*drawn, 32} and drawn - {32} <= set(cmap), path


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="poppler-utils not installed")
@each_template
def test_every_template_looks_the_same_with_its_labels_merged_and_cut_down(
    path, monkeypatch, tmp_path
):
    """Every bundled template, empty: its labels re-encoded into the answers' font and its
    label fonts cut down, rendered pixel for pixel as the template with its fonts whole."""
    tpl = form_template.complete(form_template.load(path))
    monkeypatch.setattr(fast, "_labels_in_fixed_subset", _unslanted)  # see the next test
    small = fast.TemplateWriter(tpl.base).render({})
    assert fast._merge_labels(tpl.base, "/DvcR", slant=False) is not None  # merged indeed
    monkeypatch.setattr(fast, "_trimmed_fonts", lambda reader: {})
    monkeypatch.setattr(fast, "_labels_in_fixed_subset", lambda reader, name: None)
    monkeypatch.setattr(
        fast.FastFont, "file_for", lambda self, codes: (self.objects[0], *self.objects[2:])
    )
    whole = fast.TemplateWriter(tpl.base).render({})
    assert len(small) < len(whole) - 10_000
    images = []
    for name, data in (("small", small), ("whole", whole)):
        pdf = tmp_path / f"{name}.pdf"
        pdf.write_bytes(data)
        subprocess.run(
            ["pdftoppm", "-r", "60", "-gray", str(pdf), str(tmp_path / name)], check=True
        )
        images.append([p.read_bytes() for p in sorted(tmp_path.glob(f"{name}*.pgm"))])
    assert images[0] and images[0] == images[1]
    assert pdf_text(tmp_path / "small.pdf") == pdf_text(tmp_path / "whole.pdf")


def _unslanted(reader, name):
    return fast._merge_labels(reader, name, slant=False)


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
@each_template
def test_every_template_draws_its_italic_labels_slanted_where_they_were(
    path, monkeypatch, tmp_path
):
    """A template's italic labels are drawn from the answers' Regular program, slanted 0.2 and
    scaled to the italic's width of each string (pdf_text._merge_labels): no italic program
    left on the form, ~5 KB less, and every word reads back where it was (within 2 pt: the
    strings start and end where they did, the letters inside are Regular's proportions)."""
    tpl = form_template.complete(form_template.load(path))
    slanted = fast.TemplateWriter(tpl.base).render({})
    monkeypatch.setattr(fast, "_labels_in_fixed_subset", _unslanted)
    upright = fast.TemplateWriter(tpl.base).render({})
    assert len(slanted) < len(upright) - 4000
    reader = PdfReader(io.BytesIO(slanted))
    shears = set()
    for page in reader.pages:
        fonts = page["/Resources"]["/Font"]
        assert not any("Italic" in str(fonts[n]["/BaseFont"]) for n in fonts)
        for operands, op in ContentStream(page.get_contents(), reader).operations:
            if op == b"Tm":
                shears.add(round(float(operands[2]), 3))
                assert 0.96 <= float(operands[0]) <= 1.0 or float(operands[2]) == 0
    assert shears == {0.0, 0.2}
    before, after = poppler_words(upright, tmp_path), poppler_words(slanted, tmp_path)
    assert [w[4] for w in after] == [w[4] for w in before]
    for now, was in zip(after, before, strict=True):
        assert all(abs(a - b) <= 2 for a, b in zip(now[:4], was[:4], strict=True)), now[4]


def test_a_document_is_the_same_bytes_whatever_was_drawn_before(fill):
    """The cut-down programs are kept by letter groups: a resident's PDFs must not depend on
    whom the process drew before (nor on the caches being empty or full)."""

    def clear() -> None:
        fast._KEPT.clear()
        for style in ("Regular", "Bold", "Italic"):
            f = fast.font(style)
            f._files.clear()
            f._by_glyphs.clear()
            f._quantised.clear()

    def pdfs(out: Path) -> dict[str, bytes]:
        return {name: (out / name).read_bytes() for name in ("to-khai.pdf", "checklist.pdf")}

    clear()
    result, first = fill(SINGLE, name="first")
    assert result.exit_code == 0, result.output
    for i, other in enumerate([RARE, DIVORCED]):  # other letters, other paragraphs
        assert fill(other, name=f"other{i}")[0].exit_code == 0
    result, again = fill(SINGLE, name="again")
    assert result.exit_code == 0, result.output
    clear()
    assert fill(RARE, name="rare-first")[0].exit_code == 0
    result, after_rare = fill(SINGLE, name="after-rare")
    assert result.exit_code == 0, result.output
    assert pdfs(first) == pdfs(again) == pdfs(after_rare)
    assert pdfs(first) != pdfs(after_rare.parent / "rare-first")


def _drawn(path: Path) -> list[tuple[str, float, float, float, float]]:
    """(text, x, size, the text matrix's shear, the stroke width: 0 when filled only) of each
    string the pages of a pdf_text document draw, decoded through the fixed Regular subset;
    ``q``/``Q`` save and restore the state, as a viewer does (a page's streams each draw
    within them)."""
    back = {ord(code): chr(point) for point, code in fast.font("Regular").table.items()}
    reader = PdfReader(path)
    out = []
    for page in reader.pages:
        state, saved = [0, 1.0, 0.0, 0.0, 11.0], []  # mode, width, shear, x, size
        for operands, op in ContentStream(page.get_contents(), reader).operations:
            if op == b"q":
                saved.append(list(state))
            elif op == b"Q":
                state = saved.pop()
            elif op == b"Tr":
                state[0] = int(operands[0])
            elif op == b"w":
                state[1] = float(operands[0])
            elif op == b"Tm":
                state[2], state[3] = float(operands[2]), float(operands[4])
            elif op == b"Tf":
                state[4] = float(operands[1])
            elif op == b"Tj":
                mode, width, shear, x, size = state
                text = "".join(back[c] for c in _raw(operands[0]))  # every code drawn maps
                out.append((text, x, size, shear, width if mode == 2 else 0.0))
    return out


def test_the_checklist_draws_its_bold_and_italic_with_the_regular_program(fill):
    """pdf_text.FACES: one font program a checklist; bold is Regular filled and stroked
    (0.03 em), italic Regular slanted (shear 0.2); laid out with Regular's widths, so no
    line runs into the right margin; the text reads back as before."""
    result, out = fill(SINGLE)
    assert result.exit_code == 0, result.output
    path = out / "checklist.pdf"
    for page in PdfReader(path).pages:
        assert list(page["/Resources"]["/Font"]) == ["/R"]
    drawn = [(text, shear, width) for text, _x, _size, shear, width in _drawn(path)]
    faces = {text.strip(): (shear, width) for text, shear, width in drawn}
    assert faces["DANH SÁCH GIẤY TỜ CẦN CHUẨN BỊ"] == (0.0, pytest.approx(0.45))  # 15 pt
    assert faces["1. Giấy tờ cần mang theo"] == (0.0, pytest.approx(0.375, abs=0.006))  # 12.5 pt
    assert faces["Cấp Giấy xác nhận tình trạng hôn nhân"] == (0.0, 0.0)
    italic = [t for t, shear, width in drawn if shear == pytest.approx(0.2)]
    assert italic and all(width == 0.0 for t, shear, width in drawn if shear)
    assert any(t.startswith("Người yêu cầu ký") for t in italic)
    assert "DANH SÁCH GIẤY TỜ CẦN CHUẨN BỊ" in pdf_text(path)
    text = pdftotext(path)
    if text is not None:
        assert "Người yêu cầu ký" in text and SINGLE["full_name"] in text
    regular = fast.font("Regular")
    right = float(PdfReader(path).pages[0].mediabox.right) - 18 * 72 / 25.4  # the margin
    for text, x, size, _shear, _width in _drawn(path):
        assert x + regular.width(text.rstrip(), size) <= right + 0.5, text


@each_template
def test_every_form_numbers_its_objects_without_gaps(path, monkeypatch):
    """TemplateWriter._compact: the objects a template leaves out (its fields, the label fonts
    merged away) are not free entries of the cross-reference table; the form reads the same
    as with the template's numbers."""
    tpl = form_template.complete(form_template.load(path))
    pdf = fast.TemplateWriter(tpl.base).render({})
    table = pdf[pdf.rindex(b"\nxref\n") :]
    assert table.count(b" f \n") == 1  # object 0 only
    monkeypatch.setattr(fast.TemplateWriter, "_compact", lambda self: None)
    gaps = fast.TemplateWriter(tpl.base).render({})
    assert gaps[gaps.rindex(b"\nxref\n") :].count(b" f \n") > 10
    assert len(pdf) < len(gaps) - 200
    reader, before = PdfReader(io.BytesIO(pdf), strict=True), PdfReader(io.BytesIO(gaps))
    assert len(reader.trailer["/Root"]["/Pages"]["/Kids"]) == len(tpl.base.pages)
    assert [p.extract_text() for p in reader.pages] == [p.extract_text() for p in before.pages]


def test_renumbering_leaves_strings_and_stream_data_alone():
    new = {5: 1, 12: 2}
    body = b"<< /Title (see 5 0 R \\) 12 0 R) /A 5 0 R /B [12 0 R 5 0 R] /Length 9 >>\nstream\n5 0 R 12\nendstream"
    assert fast._renumbered(body, new) == (
        b"<< /Title (see 5 0 R \\) 12 0 R) /A 1 0 R /B [2 0 R 1 0 R] /Length 9 >>\nstream\n"
        b"5 0 R 12\nendstream"
    )
    with pytest.raises(KeyError):
        fast._renumbered(b"<< /A 7 0 R >>", new)
