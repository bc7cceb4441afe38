"""The PDF form renderer and the single-status template (forms/single-status/to-khai.pdf)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import unicodedata
from io import BytesIO
from pathlib import Path

import pytest
from conftest import poppler_words
from pypdf import PdfReader, PdfWriter

from dvc_cli.render.pdf_form import FieldInfo, FormRenderError, render_form, template_fields

REPO = Path(__file__).resolve().parents[2]
FORM_DIR = REPO / "forms" / "single-status"
TEMPLATE = FORM_DIR / "to-khai.pdf"

FIELD_NAMES = [
    "kinh_gui",
    "requester_name",
    "requester_residence",
    "requester_id_doc",
    "requester_relationship",
    "full_name",
    "birth_date",
    "gender",
    "ethnicity",
    "nationality",
    "residence",
    "id_doc",
    "period_place_1",
    "period_from_1",
    "period_to_1",
    "period_more",
    "marital_status_text",
    "purpose",
    "sign_place",
    "sign_day",
    "sign_month",
    "sign_year",
    "signer_name",
    "copy_yes",
    "copy_no",
    "copy_count",
]
MULTILINE = {
    "requester_residence": 2,
    "requester_id_doc": 2,
    "residence": 2,
    "id_doc": 2,
    "period_place_1": 2,
    "marital_status_text": 4,
    "purpose": 3,
}
CHECKBOXES = {"copy_yes", "copy_no"}

DIVORCED = (
    "Đã đăng ký kết hôn, nhưng đã ly hôn theo Bản án/Quyết định ly hôn số 12/2020/QĐST-HNGĐ "
    "ngày 05 tháng 03 năm 2020 của Tòa án nhân dân thành phố Thanh Hóa; hiện tại chưa đăng ký "
    "kết hôn với ai."
)
VALUES: dict[str, str | bool | None] = {
    "kinh_gui": "Ủy ban nhân dân phường Hạc Thành, tỉnh Thanh Hóa",
    "requester_name": "TRƯƠNG THỊ ÁNH TUYẾT",
    "requester_residence": "Số 12, ngõ 34, đường Trường Thi, phường Hạc Thành, tỉnh Thanh Hóa",
    "requester_id_doc": "Căn cước số 038190012345 do Bộ Công an cấp ngày 10/05/2021",
    "requester_relationship": "Mẹ đẻ",
    "full_name": "Nguyễn Thị Dung",
    "birth_date": "05/03/1995",
    "gender": "Nữ",
    "ethnicity": "Kinh",
    "nationality": "Việt Nam",
    "residence": "Số 12, ngõ 34, đường Trường Thi, phường Hạc Thành, tỉnh Thanh Hóa",
    "id_doc": "Căn cước số 038195012345 do Bộ Công an cấp ngày 01/07/2024",
    "period_place_1": "xã Quảng Tâm, thành phố Thanh Hóa",
    "period_from_1": "01/01/2013",
    "period_to_1": "31/12/2019",
    "marital_status_text": DIVORCED,
    "purpose": "Để đăng ký kết hôn với ông Phạm Văn Ẩn",
    "sign_place": "Thanh Hóa",
    "sign_day": "15",
    "sign_month": "8",
    "sign_year": "2025",
    "signer_name": "Trương Thị Ánh Tuyết",
    "copy_yes": True,
    "copy_no": False,
    "copy_count": "2",
}
TEXT_VALUES = {k: v for k, v in VALUES.items() if isinstance(v, str)}

needs_poppler = pytest.mark.skipif(
    not (shutil.which("pdftotext") and shutil.which("pdftoppm")),
    reason="poppler-utils (pdftotext, pdftoppm) not installed",
)


def squash(text: str) -> str:
    """Join lines with spaces and collapse runs of whitespace."""
    return " ".join(text.split())


def pypdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)


def poppler_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "out.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def needs_appearances(acro_form) -> bool:
    """NeedAppearances makes poppler drop letters and ticks: it must stay off."""
    flag = acro_form.get("/NeedAppearances")
    return flag is not None and flag.value is True


def fields_by_name() -> dict[str, FieldInfo]:
    return {f.name: f for f in template_fields(TEMPLATE)}


# -- the template -----------------------------------------------------------------------------
def test_template_has_every_field_in_order():
    fields = template_fields(TEMPLATE)
    assert [f.name for f in fields] == FIELD_NAMES
    for f in fields:
        assert f.page == 1
        assert f.type == ("checkbox" if f.name in CHECKBOXES else "text"), f.name
        assert f.multiline == (f.name in MULTILINE), f.name


def test_template_field_rectangles_fit_the_page_and_do_not_overlap():
    fields = template_fields(TEMPLATE)
    width, height = 595.28, 841.89  # A4 portrait
    for f in fields:
        x0, y0, x1, y1 = f.rect
        assert 0 < x0 < x1 < width and 0 < y0 < y1 < height, f
        if f.type == "text":
            # Room for 12 pt Vietnamese: 18 pt per written line.
            assert y1 - y0 >= 18 * MULTILINE.get(f.name, 1) - 0.01, f
    for i, a in enumerate(fields):
        for b in fields[i + 1 :]:
            overlap_x = min(a.rect[2], b.rect[2]) - max(a.rect[0], b.rect[0])
            overlap_y = min(a.rect[3], b.rect[3]) - max(a.rect[1], b.rect[1])
            assert overlap_x <= 0.01 or overlap_y <= 0.01, (a.name, b.name)


def test_template_labels_are_real_vietnamese_text():
    text = squash(pypdf_text(TEMPLATE.read_bytes()))
    for label in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "TỜ KHAI CẤP GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN",
        "Kính gửi:",
        "Họ, chữ đệm, tên người yêu cầu:",
        "Quan hệ với người được cấp Giấy xác nhận tình trạng hôn nhân:",
        "Đề nghị cấp Giấy xác nhận tình trạng hôn nhân cho người có tên dưới đây:",
        "Ngày, tháng, năm sinh:",
        "Trong thời gian cư trú tại:",
        "Tình trạng hôn nhân:",
        "Mục đích sử dụng Giấy xác nhận tình trạng hôn nhân:",
        "Tôi cam đoan những nội dung khai trên đây là đúng sự thật và chịu trách nhiệm trước "
        "pháp luật về cam đoan của mình.",
        "Người yêu cầu",
        "(Ký, ghi rõ họ, chữ đệm, tên)",
        "Đề nghị cấp bản sao:",
        "Số lượng:",
    ]:
        assert label in text


def test_template_field_font_is_embedded_type0_and_named_by_every_text_field():
    reader = PdfReader(TEMPLATE)
    acro = reader.trailer["/Root"]["/AcroForm"]
    font = acro["/DR"]["/Font"]["/NotoSerif"]
    assert font["/Subtype"] == "/Type0"
    assert font["/Encoding"] == "/Identity-H"
    assert "/ToUnicode" in font
    cid = font["/DescendantFonts"][0].get_object()
    assert cid["/Subtype"] == "/CIDFontType2"
    assert cid["/CIDToGIDMap"] == "/Identity"
    assert len(cid["/W"]) > 0
    assert len(cid["/FontDescriptor"]["/FontFile2"].get_data()) > 30_000
    assert not needs_appearances(acro)
    for annot in reader.pages[0]["/Annots"]:
        widget = annot.get_object()
        if widget["/FT"] == "/Tx":
            assert widget["/DA"].startswith("/NotoSerif "), widget["/T"]


@needs_poppler
def test_template_filled_by_pypdf_shows_vietnamese(tmp_path):
    """The template contract: pypdf's own filling works with the embedded Type0 font."""
    writer = PdfWriter(clone_from=PdfReader(TEMPLATE))
    writer.update_page_form_field_values(writer.pages[0], TEXT_VALUES, auto_regenerate=False)
    buf = BytesIO()
    writer.write(buf)
    text = squash(poppler_text(buf.getvalue(), tmp_path))
    for name in ["kinh_gui", "requester_name", "full_name", "signer_name", "sign_place"]:
        assert TEXT_VALUES[name] in text, name


def test_build_script_reproduces_the_committed_template(tmp_path):
    out = tmp_path / "rebuilt.pdf"
    subprocess.run(
        [sys.executable, str(FORM_DIR / "build_template.py"), str(out)],
        check=True,
        capture_output=True,
    )
    rebuilt = template_fields(out)
    committed = template_fields(TEMPLATE)
    assert [(f.name, f.type, f.multiline, f.align) for f in rebuilt] == [
        (f.name, f.type, f.multiline, f.align) for f in committed
    ]
    for a, b in zip(rebuilt, committed, strict=True):
        assert a.rect == pytest.approx(b.rect, abs=0.01), a.name
    assert squash(pypdf_text(out.read_bytes())) == squash(pypdf_text(TEMPLATE.read_bytes()))


# -- flat output ------------------------------------------------------------------------------
def test_flat_output_has_no_fields_left():
    reader = PdfReader(BytesIO(render_form(TEMPLATE, VALUES)))
    assert "/AcroForm" not in reader.trailer["/Root"]
    assert not reader.get_fields()
    assert all(a.get_object()["/Subtype"] != "/Widget" for a in reader.pages[0].get("/Annots", []))


def test_flat_values_extract_exactly_with_pypdf():
    text = pypdf_text(render_form(TEMPLATE, VALUES))
    flat = squash(text)
    for name, value in TEXT_VALUES.items():
        if name in MULTILINE:
            assert value in flat, name  # wrapped: compare with lines joined
        else:
            assert value in text, name
    assert DIVORCED in flat
    assert "Nguyễn Thị Dung" in text
    assert "Trương Thị Ánh Tuyết" in text


@needs_poppler
def test_flat_values_extract_exactly_with_pdftotext(tmp_path):
    text = poppler_text(render_form(TEMPLATE, VALUES), tmp_path)
    flat = squash(text)
    for name, value in TEXT_VALUES.items():
        assert value in flat, name
    assert "Họ, chữ đệm, tên: Nguyễn Thị Dung" in flat
    assert "Tình trạng hôn nhân: " + DIVORCED in flat


def test_nfd_input_renders_as_nfc_text():
    nfc_name = "Trương Thị Ánh Tuyết"
    nfd_name = unicodedata.normalize("NFD", nfc_name)
    assert nfd_name != nfc_name
    values = {"full_name": nfd_name, "marital_status_text": unicodedata.normalize("NFD", DIVORCED)}
    text = pypdf_text(render_form(TEMPLATE, values))
    assert nfc_name in text
    assert nfd_name not in text
    assert DIVORCED in squash(text)
    fields = PdfReader(BytesIO(render_form(TEMPLATE, values, editable=True))).get_fields()
    assert fields["full_name"]["/V"] == nfc_name


def test_empty_values_leave_fields_empty():
    values = {**VALUES, "gender": None, "ethnicity": "", "copy_yes": None, "purpose": "   "}
    text = pypdf_text(render_form(TEMPLATE, values))
    assert "Nữ" not in text
    assert "Kinh" not in text
    fields = PdfReader(BytesIO(render_form(TEMPLATE, values, editable=True))).get_fields()
    assert not fields["gender"].get("/V")
    assert not fields["ethnicity"].get("/V")
    assert fields["copy_yes"].get("/V", "/Off") == "/Off"
    assert fields["full_name"]["/V"] == "Nguyễn Thị Dung"


def test_empty_mapping_renders_the_blank_form():
    assert squash(pypdf_text(render_form(TEMPLATE, {}))) == squash(
        pypdf_text(TEMPLATE.read_bytes())
    )


@needs_poppler
@pytest.mark.parametrize("editable", [False, True])
@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("full_name", "TRƯƠNG THỊ ÁNH TUYẾT"),
        ("kinh_gui", "Ủy ban nhân dân phường Hạc Thành, tỉnh Thanh Hóa (Trung tâm phục vụ)"),
        ("requester_relationship", "Người được ủy quyền"),
        ("gender", "Nữ"),
        ("marital_status_text", DIVORCED),
        ("marital_status_text", " ".join([DIVORCED] * 2)),
        ("purpose", "Để bổ sung hồ sơ vay vốn tại Ngân hàng Nông nghiệp và Phát triển nông thôn"),
        ("residence", "Thôn Đông Hưng, xã Quảng Tâm, tỉnh Thanh Hóa\nTổ dân phố 5"),
        ("signer_name", "Trương Thị Ánh Tuyết"),
    ],
)
def test_answers_are_drawn_inside_their_field(tmp_path, name, value, editable):
    field = fields_by_name()[name]
    blank_pdf = render_form(
        TEMPLATE, {}, editable=editable
    )  # the same path: its labels drawn alike
    blank = {w[:4] for w in poppler_words(blank_pdf, tmp_path)}
    pdf = render_form(TEMPLATE, {name: value}, editable=editable)
    words = [w for w in poppler_words(pdf, tmp_path) if w[:4] not in blank]
    assert " ".join(w[4] for w in words) == squash(value)
    x0, y0, x1, y1 = field.rect
    for wx0, wy0, wx1, wy1, word in words:
        assert x0 - 0.5 <= wx0 and wx1 <= x1 + 0.5, word
        assert y0 - 0.5 <= wy0 and wy1 <= y1 + 0.5, word
    if field.align == "center":
        middle = (min(w[0] for w in words) + max(w[2] for w in words)) / 2
        assert middle == pytest.approx((x0 + x1) / 2, abs=2)


def _ink(pdf: bytes, rect: tuple[float, float, float, float], tmp_path: Path) -> int:
    """Dark pixels inside ``rect`` (shrunk by 2 pt so the printed box itself is left out)."""
    path = tmp_path / "ink.pdf"
    path.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "72", "-gray", "-singlefile", str(path), str(tmp_path / "ink")],
        check=True,
    )
    data = (tmp_path / "ink.pgm").read_bytes()
    m = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
    width, height = int(m.group(1)), int(m.group(2))
    pixels = data[m.end() :]
    x0, y0, x1, y1 = rect
    dark = 0
    for row in range(round(height - y1 + 2), round(height - y0 - 2)):
        for col in range(round(x0 + 2), round(x1 - 2)):
            dark += pixels[row * width + col] < 128
    return dark


@needs_poppler
@pytest.mark.parametrize("editable", [False, True])
def test_checked_box_is_marked(tmp_path, editable):
    fields = fields_by_name()
    pdf = render_form(TEMPLATE, {"copy_yes": True, "copy_no": False}, editable=editable)
    assert _ink(pdf, fields["copy_yes"].rect, tmp_path) >= 4
    assert _ink(pdf, fields["copy_no"].rect, tmp_path) == 0


# -- errors -----------------------------------------------------------------------------------
@pytest.mark.parametrize("editable", [False, True])
@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("gender", "Không xác định được giới tính theo giấy tờ"),
        ("sign_day", "mười lăm tháng tám"),
        ("marital_status_text", " ".join([DIVORCED] * 12)),
        ("purpose", "Không" + "x" * 400),  # one word longer than the line
    ],
)
def test_value_too_long_for_its_box_is_refused(name, value, editable):
    with pytest.raises(FormRenderError) as err:
        render_form(TEMPLATE, {**VALUES, name: value}, editable=editable)
    assert err.value.field == name
    assert f"'{name}'" in str(err.value)
    assert "\n" not in str(err.value)


@pytest.mark.parametrize("editable", [False, True])
def test_character_missing_from_the_font_is_refused(editable):
    with pytest.raises(FormRenderError) as err:
        render_form(TEMPLATE, {**VALUES, "full_name": "Nguyễn 中 Dung"}, editable=editable)
    assert err.value.field == "full_name"
    assert str(err.value) == ("trường 'full_name': phông chữ không vẽ được ký tự '中' (U+4E2D)")


@pytest.mark.parametrize("editable", [False, True])
def test_unknown_field_is_refused(editable):
    with pytest.raises(FormRenderError) as err:
        render_form(TEMPLATE, {**VALUES, "ho_ten": "Nguyễn Thị Dung"}, editable=editable)
    assert err.value.field == "ho_ten"
    assert "'ho_ten'" in str(err.value)


def test_wrong_value_types_are_refused():
    with pytest.raises(FormRenderError) as err:
        render_form(TEMPLATE, {"copy_yes": "Có"})
    assert err.value.field == "copy_yes"
    with pytest.raises(FormRenderError) as err:
        render_form(TEMPLATE, {"full_name": True})
    assert err.value.field == "full_name"


def test_unreadable_template_is_refused(tmp_path):
    with pytest.raises(FormRenderError) as err:
        render_form(tmp_path / "missing.pdf", {})
    assert err.value.field is None
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\nthis is not a pdf")
    with pytest.raises(FormRenderError):
        template_fields(broken)


# -- editable output --------------------------------------------------------------------------
def test_editable_output_keeps_the_fields_and_their_values():
    reader = PdfReader(BytesIO(render_form(TEMPLATE, VALUES, editable=True)))
    fields = reader.get_fields()
    assert sorted(fields) == sorted(FIELD_NAMES)
    for name, value in TEXT_VALUES.items():
        assert fields[name]["/V"] == value, name
    assert fields["copy_yes"]["/V"] == "/Yes"
    assert fields["copy_no"].get("/V", "/Off") == "/Off"
    widgets = {a.get_object()["/T"]: a.get_object() for a in reader.pages[0]["/Annots"]}
    assert widgets["copy_yes"]["/AS"] == "/Yes"
    assert widgets["copy_no"]["/AS"] == "/Off"
    assert not needs_appearances(reader.trailer["/Root"]["/AcroForm"])


@needs_poppler
def test_editable_values_show_in_pdftotext(tmp_path):
    """Poppler draws the fields' appearance streams: the values must read back exactly."""
    flat = squash(poppler_text(render_form(TEMPLATE, VALUES, editable=True), tmp_path))
    for name, value in TEXT_VALUES.items():
        assert value in flat, name


def test_template_cache_sees_a_changed_file(tmp_path):
    copy = tmp_path / "form.pdf"
    copy.write_bytes(TEMPLATE.read_bytes())
    assert len(template_fields(copy)) == len(FIELD_NAMES)
    writer = PdfWriter(clone_from=PdfReader(copy))
    writer.pages[0]["/Annots"].pop()  # drop the last widget (copy_count)
    writer.write(copy)
    names = [f.name for f in template_fields(copy)]
    assert "copy_count" not in names
    with pytest.raises(FormRenderError):
        render_form(copy, {"copy_count": "2"})


def test_template_cache_follows_a_link_moved_to_another_template(tmp_path):
    # load() trusts what it read through a path while the file it leads to is the same one
    # (time, size, inode): a link pointed at another template gives that template's fields.
    other = tmp_path / "other.pdf"
    _two_page_template(other)
    link = tmp_path / "form.pdf"
    link.symlink_to(TEMPLATE)
    assert len(template_fields(link)) == len(FIELD_NAMES)
    link.unlink()
    link.symlink_to(other)
    assert [f.name for f in template_fields(link)] == ["a", "b", "c"]
    # the file under the link replaced by another (its time kept): read again
    copy = tmp_path / "copy.pdf"
    copy.write_bytes(TEMPLATE.read_bytes())
    link.unlink()
    link.symlink_to(copy)
    assert len(template_fields(link)) == len(FIELD_NAMES)
    stat = copy.stat()
    replacement = tmp_path / "new.pdf"
    _two_page_template(replacement)
    os.utime(replacement, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    os.replace(replacement, copy)
    assert [f.name for f in template_fields(link)] == ["a", "b", "c"]


def _two_page_template(path: Path) -> None:
    """A plain reportlab form: fields on two pages, Helvetica field font (no Vietnamese)."""
    from reportlab.pdfgen.canvas import Canvas

    c = Canvas(str(path), invariant=1)
    c.drawString(72, 700, "Page one")
    c.acroForm.textfield(name="a", x=72, y=650, width=300, height=18, borderWidth=0)
    c.showPage()
    c.drawString(72, 700, "Page two")
    c.acroForm.textfield(name="b", x=72, y=600, width=300, height=40, fieldFlags="multiline")
    c.acroForm.checkbox(name="c", x=72, y=500, size=12)
    c.showPage()
    c.save()


def test_other_templates_work_flat_on_every_page_and_refuse_editable(tmp_path):
    template = tmp_path / "two-pages.pdf"
    _two_page_template(template)
    fields = {f.name: f for f in template_fields(template)}
    assert [(f.name, f.page, f.type, f.multiline) for f in fields.values()] == [
        ("a", 1, "text", False),
        ("b", 2, "text", True),
        ("c", 2, "checkbox", False),
    ]
    values = {"a": "Nguyễn Thị Dung", "b": DIVORCED, "c": True}
    reader = PdfReader(BytesIO(render_form(template, values)))
    assert "Page one" in reader.pages[0].extract_text()
    assert "Nguyễn Thị Dung" in reader.pages[0].extract_text()
    page_two = reader.pages[1].extract_text()
    assert "Page two" in page_two
    assert DIVORCED in squash(page_two)
    assert "Nguyễn" not in page_two
    with pytest.raises(FormRenderError) as err:
        render_form(template, values, editable=True)
    assert "'a'" in str(err.value)
