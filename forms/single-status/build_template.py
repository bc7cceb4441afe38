"""Build ``to-khai.pdf``: the declaration form for a certificate of marital status.

"Tờ khai cấp Giấy xác nhận tình trạng hôn nhân" (form of Thông tư 04/2020/TT-BTP), rebuilt
as an A4 portrait page: labels drawn with reportlab in the bundled Noto Serif (correct
Vietnamese diacritics), dotted lines where answers go, and AcroForm fields whose rectangles
say where each answer is drawn.

Run from anywhere (an optional argument writes elsewhere, e.g. to compare)::

    python forms/single-status/build_template.py [OUTPUT.pdf]

The official appendix's exact layout was not available: the items, their order and their
wording follow the form's item list in the project's domain notes, and the margins the usual
rules for administrative papers (left 30 mm, right 15 mm). The separate "Trong thời gian cư
trú tại … từ ngày … đến ngày …" line comes from the older form; in the form as amended an
earlier period is written inside "Tình trạng hôn nhân", so those fields may stay empty.

reportlab only creates fields in standard-14 fonts, so the file is post-processed with
pypdf: the AcroForm /DR gets a Type0 (CIDFontType2, Identity-H) font embedding the whole
bundled NotoSerif-Regular.ttf, and every text field's /DA names it (auto size), so a field
filled by pypdf ``update_page_form_field_values(..., auto_regenerate=False)`` or by a PDF
viewer shows Vietnamese correctly. The output is deterministic.
"""

from __future__ import annotations

import sys
from io import BytesIO
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from fontTools.ttLib import TTFont  # noqa: E402
from pypdf import PdfReader, PdfWriter  # noqa: E402
from pypdf.generic import (  # noqa: E402
    ArrayObject,
    BooleanObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)
from reportlab.lib.colors import Color, black  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.units import mm  # noqa: E402
from reportlab.pdfbase.pdfmetrics import stringWidth  # noqa: E402
from reportlab.pdfgen.canvas import Canvas  # noqa: E402

from dvc_cli.fonts import STYLES, font_path, register_fonts  # noqa: E402

OUTPUT = HERE / "to-khai.pdf"

REGULAR = STYLES["Regular"]
BOLD = STYLES["Bold"]
ITALIC = STYLES["Italic"]

PAGE_W, PAGE_H = A4
LEFT = 30 * mm
RIGHT = PAGE_W - 15 * mm
TOP = PAGE_H - 15 * mm
WIDTH = RIGHT - LEFT

SIZE = 13  # label size
PITCH = 18  # distance between two written lines: 1.5 x the 12 pt answer size
BELOW = 4.5  # a field rectangle starts this far below the line's baseline...
ABOVE = PITCH - BELOW  # ...and ends this far above it (13.5: room for Ấ, Ễ at 12 pt)
GAP = 3  # space between a label and its field
DOT_DROP = 1.5  # dotted line this far below the baseline, so answers sit on it

FIELD_FONT = "NotoSerif"  # the /DR resource name the text fields' /DA use
# Auto size (0): viewers and pypdf shrink a long value to fit, and wrap multi-line fields.
FIELD_DA = f"/{FIELD_FONT} 0 Tf 0 g"
CENTRED = {"signer_name"}  # fields whose answer is centred (/Q 1); the others are left-aligned
CHECKBOX = 9.5  # side of the square of "Có □ Không □"


class FormBuilder:
    """Draws labels, dotted lines and fields line by line, top to bottom."""

    def __init__(self, canvas: Canvas) -> None:
        self.c = canvas
        self.y = TOP  # baseline of the current line
        self.fields: list[str] = []

    # -- drawing primitives ---------------------------------------------------------------
    def text(self, x: float, s: str, font: str = REGULAR, size: float = SIZE) -> float:
        """Draw ``s`` at ``x`` on the current baseline; return the x after it."""
        self.c.setFont(font, size)
        self.c.drawString(x, self.y, s)
        return x + stringWidth(s, font, size)

    def centred(self, s: str, font: str = REGULAR, size: float = SIZE, cx: float | None = None):
        cx = (LEFT + RIGHT) / 2 if cx is None else cx
        w = stringWidth(s, font, size)
        self.c.setFont(font, size)
        self.c.drawString(cx - w / 2, self.y, s)
        return cx - w / 2, cx + w / 2

    def dots(self, x0: float, x1: float, baseline: float | None = None) -> None:
        """A dotted line from ``x0`` to ``x1`` just under the baseline."""
        y = (self.y if baseline is None else baseline) - DOT_DROP
        c = self.c
        c.saveState()
        c.setLineWidth(0.9)
        c.setLineCap(1)  # round caps: zero-length dashes become dots
        c.setDash([0, 2.6])
        c.setStrokeColor(Color(0.25, 0.25, 0.25))
        c.line(x0 + 1, y, x1 - 1, y)
        c.restoreState()

    def newline(self, lines: float = 1) -> None:
        self.y -= PITCH * lines

    # -- fields ---------------------------------------------------------------------------
    def text_field(
        self, name: str, x0: float, x1: float, lines: int = 1, *, tooltip: str = ""
    ) -> None:
        """A field from ``x0`` to ``x1`` over ``lines`` lines starting on the current one.

        Draws the dotted lines under it; leaves the current line on the field's last line.
        """
        top = self.y + ABOVE
        bottom = self.y - (lines - 1) * PITCH - BELOW
        for i in range(lines):
            self.dots(x0, x1, self.y - i * PITCH)
        self.c.acroForm.textfield(
            name=name,
            tooltip=tooltip or None,
            x=x0,
            y=bottom,
            width=x1 - x0,
            height=top - bottom,
            value="",
            fontName="Times-Roman",
            fontSize=0,
            borderWidth=0,
            borderColor=None,
            fillColor=None,
            textColor=black,
            maxlen=0,
            fieldFlags="multiline" if lines > 1 else "",
            annotationFlags="print",
        )
        self.fields.append(name)
        self.y -= (lines - 1) * PITCH

    def labelled(self, label: str, name: str, lines: int = 1, x: float = LEFT, x1: float = RIGHT):
        """``label`` then a field to ``x1``; multi-line fields are a block after the label."""
        end = self.text(x, label)
        self.text_field(name, end + GAP, x1, lines, tooltip=label.rstrip(":"))
        return end

    def checkbox(self, name: str, x: float, tooltip: str) -> float:
        """A square box on the current line at ``x``; returns the x after it."""
        y = self.y - 1
        c = self.c
        c.saveState()
        c.setLineWidth(0.8)
        c.rect(x, y, CHECKBOX, CHECKBOX, stroke=1, fill=0)
        c.restoreState()
        c.acroForm.checkbox(
            name=name,
            tooltip=tooltip,
            x=x,
            y=y,
            size=CHECKBOX,
            checked=False,
            buttonStyle="cross",
            shape="square",
            borderWidth=None,
            borderColor=None,
            fillColor=None,
            textColor=black,
            fieldFlags="",
            annotationFlags="print",
        )
        self.fields.append(name)
        return x + CHECKBOX


def draw_form(c: Canvas) -> list[str]:
    f = FormBuilder(c)

    # Header: national name and motto, bold, centred; the motto underlined.
    f.y = TOP - SIZE
    f.centred("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", BOLD)
    f.newline(1.05)
    x0, x1 = f.centred("Độc lập - Tự do - Hạnh phúc", BOLD)
    c.setLineWidth(0.7)
    c.line(x0, f.y - 3, x1, f.y - 3)
    f.newline(2.0)
    f.centred("TỜ KHAI CẤP GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN", BOLD, 14)
    f.newline(1.6)
    f.labelled("Kính gửi:", "kinh_gui", x=LEFT + 40 * mm, x1=RIGHT - 10 * mm)
    f.newline(1.4)

    # The requester.
    f.labelled("Họ, chữ đệm, tên người yêu cầu:", "requester_name")
    f.newline()
    f.labelled("Nơi cư trú:", "requester_residence", lines=2)
    f.newline()
    f.labelled("Giấy tờ tùy thân:", "requester_id_doc", lines=2)
    f.newline()
    # The label fills the line: the answer gets the next one (as "Mục đích sử dụng" below).
    f.text(LEFT, "Quan hệ với người được cấp Giấy xác nhận tình trạng hôn nhân:")
    f.newline()
    f.text_field("requester_relationship", LEFT, RIGHT, tooltip="Quan hệ với người được cấp")
    f.newline()
    f.text(LEFT, "Đề nghị cấp Giấy xác nhận tình trạng hôn nhân cho người có tên dưới đây:")
    f.newline()

    # The person the certificate is for.
    f.labelled("Họ, chữ đệm, tên:", "full_name")
    f.newline()
    f.labelled("Ngày, tháng, năm sinh:", "birth_date")
    f.newline()
    third = LEFT + 0.30 * WIDTH
    two_thirds = LEFT + 0.62 * WIDTH
    f.labelled("Giới tính:", "gender", x1=third - 2 * mm)
    f.labelled("Dân tộc:", "ethnicity", x=third, x1=two_thirds - 2 * mm)
    f.labelled("Quốc tịch:", "nationality", x=two_thirds)
    f.newline()
    f.labelled("Nơi cư trú:", "residence", lines=2)
    f.newline()
    f.labelled("Giấy tờ tùy thân:", "id_doc", lines=2)
    f.newline()
    f.labelled("Trong thời gian cư trú tại:", "period_place")
    f.newline()
    half = LEFT + 0.5 * WIDTH
    f.labelled("từ ngày", "period_from", x1=half - 2 * mm)
    f.labelled("đến ngày", "period_to", x=half)
    f.newline()
    f.labelled("Tình trạng hôn nhân:", "marital_status_text", lines=4)
    f.newline()
    f.text(LEFT, "Mục đích sử dụng Giấy xác nhận tình trạng hôn nhân:")
    f.newline()
    f.text_field("purpose", LEFT, RIGHT, lines=3, tooltip="Mục đích sử dụng")
    f.newline(1.1)

    # The oath, justified over two lines with a first-line indent.
    oath = (
        "Tôi cam đoan những nội dung khai trên đây là đúng sự thật và chịu trách nhiệm "
        "trước pháp luật về cam đoan của mình."
    )
    indent = 10 * mm
    words = oath.split()
    first: list[str] = []
    while words and stringWidth(" ".join([*first, words[0]]), REGULAR, SIZE) <= WIDTH - indent:
        first.append(words.pop(0))
    gaps = len(first) - 1
    spare = WIDTH - indent - stringWidth(" ".join(first), REGULAR, SIZE)
    c.saveState()  # word spacing (Tw) outlives the text object: keep it to this line
    t = c.beginText(LEFT + indent, f.y)
    t.setFont(REGULAR, SIZE)
    t.setWordSpace(spare / gaps if gaps else 0)
    t.textLine(" ".join(first))
    c.drawText(t)
    c.restoreState()
    f.newline()
    f.text(LEFT, " ".join(words))
    f.newline(1.6)

    # Place and date, then the signature block, centred on the right part of the page.
    sig_cx = LEFT + 0.70 * WIDTH
    parts = [  # (label, field, field width); the whole line ends at the right margin
        ("Làm tại:", "sign_place", 44 * mm),
        (", ngày", "sign_day", 8 * mm),
        (" tháng", "sign_month", 8 * mm),
        (" năm", "sign_year", 12 * mm),
    ]
    total = sum(stringWidth(label, ITALIC, SIZE) + GAP + w for label, _, w in parts)
    x = RIGHT - total
    for label, name, w in parts:
        x = f.text(x, label, ITALIC) + GAP
        f.text_field(name, x, x + w, tooltip=label.strip(" ,:"))
        x += w
    f.newline()
    f.centred("Người yêu cầu", BOLD, cx=sig_cx)
    f.newline()
    f.centred("(Ký, ghi rõ họ, chữ đệm, tên)", ITALIC, cx=sig_cx)
    f.newline(3.2)
    half_w = 0.27 * WIDTH
    f.text_field("signer_name", sig_cx - half_w, sig_cx + half_w, tooltip="Họ, chữ đệm, tên")
    f.newline(1.7)

    # Copies.
    x = f.text(LEFT, "Đề nghị cấp bản sao:  Có ")
    x = f.checkbox("copy_yes", x + 1, "Có cấp bản sao")
    x = f.text(x + 2, ",  Không ")
    x = f.checkbox("copy_no", x + 1, "Không cấp bản sao")
    x = f.text(x + 12 * mm, "Số lượng:")
    count_end = x + GAP + 22 * mm
    f.text_field("copy_count", x + GAP, count_end, tooltip="Số lượng bản sao")
    f.text(count_end + 2, "bản")

    if f.y - BELOW < 12 * mm:
        raise SystemExit(f"layout overflows the page (last baseline at {f.y:.1f} pt)")
    return f.fields


# -- the Type0 field font ----------------------------------------------------------------
def _to_unicode_cmap(gid_to_char: dict[int, int]) -> bytes:
    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def",
        "/CMapType 2 def",
        "1 begincodespacerange <0000> <FFFF> endcodespacerange",
    ]
    items = sorted(gid_to_char.items())
    for start in range(0, len(items), 100):
        chunk = items[start : start + 100]
        lines.append(f"{len(chunk)} beginbfchar")
        for gid, code in chunk:
            lines.append(f"<{gid:04X}> <{chr(code).encode('utf-16-be').hex().upper()}>")
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines).encode("ascii")


def _widths(advances: list[int]) -> ArrayObject:
    """The /W array in its compact ``c [w1 w2 ...]`` form, skipping runs of the default."""
    out = ArrayObject()
    run_start, run = None, []
    for gid, w in enumerate([*advances, None]):
        if w is not None and w != 0:
            if run_start is None:
                run_start = gid
            run.append(w)
            continue
        if run_start is not None:
            out.append(NumberObject(run_start))
            out.append(ArrayObject(NumberObject(v) for v in run))
            run_start, run = None, []
    return out


def add_field_font(writer: PdfWriter) -> DictionaryObject:
    """Add the Type0 NotoSerif font to ``writer``; return the (indirect) font dictionary."""
    path = font_path("Regular")
    data = path.read_bytes()
    tt = TTFont(path)
    scale = 1000 / tt["head"].unitsPerEm
    order = tt.getGlyphOrder()
    hmtx = tt["hmtx"].metrics
    advances = [round(hmtx[g][0] * scale) for g in order]
    gid_to_char: dict[int, int] = {}
    for code, glyph in sorted(tt.getBestCmap().items()):
        gid_to_char.setdefault(tt.getGlyphID(glyph), code)  # lowest code point wins
    head, hhea, os2 = tt["head"], tt["hhea"], tt["OS/2"]
    ps_name = tt["name"].getDebugName(6) or "NotoSerif-Regular"

    font_file = DecodedStreamObject()
    font_file.set_data(data)
    font_file[NameObject("/Length1")] = NumberObject(len(data))
    font_file = font_file.flate_encode(level=9)

    descriptor = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/FontDescriptor"),
            NameObject("/FontName"): NameObject(f"/{ps_name}"),
            NameObject("/Flags"): NumberObject(32 + 2),  # nonsymbolic, serif
            NameObject("/FontBBox"): ArrayObject(
                NumberObject(round(v * scale)) for v in (head.xMin, head.yMin, head.xMax, head.yMax)
            ),
            NameObject("/ItalicAngle"): NumberObject(0),
            NameObject("/Ascent"): NumberObject(round(hhea.ascent * scale)),
            NameObject("/Descent"): NumberObject(round(hhea.descent * scale)),
            NameObject("/CapHeight"): NumberObject(round(os2.sCapHeight * scale)),
            NameObject("/XHeight"): NumberObject(round(os2.sxHeight * scale)),
            NameObject("/StemV"): NumberObject(80),
            NameObject("/FontFile2"): writer._add_object(font_file),
        }
    )
    cid_font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/CIDFontType2"),
            NameObject("/BaseFont"): NameObject(f"/{ps_name}"),
            NameObject("/CIDSystemInfo"): DictionaryObject(
                {
                    NameObject("/Registry"): TextStringObject("Adobe"),
                    NameObject("/Ordering"): TextStringObject("Identity"),
                    NameObject("/Supplement"): NumberObject(0),
                }
            ),
            NameObject("/FontDescriptor"): writer._add_object(descriptor),
            NameObject("/DW"): NumberObject(0),
            NameObject("/W"): _widths(advances),
            NameObject("/CIDToGIDMap"): NameObject("/Identity"),
        }
    )
    to_unicode = DecodedStreamObject()
    to_unicode.set_data(_to_unicode_cmap(gid_to_char))
    to_unicode = to_unicode.flate_encode(level=9)
    type0 = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type0"),
            NameObject("/BaseFont"): NameObject(f"/{ps_name}"),
            NameObject("/Encoding"): NameObject("/Identity-H"),
            NameObject("/DescendantFonts"): ArrayObject([writer._add_object(cid_font)]),
            NameObject("/ToUnicode"): writer._add_object(to_unicode),
        }
    )
    return writer._add_object(type0)


def post_process(pdf: bytes, field_names: list[str]) -> bytes:
    """Give the fields the Type0 Vietnamese font; drop reportlab's standard-14 field fonts."""
    writer = PdfWriter(clone_from=PdfReader(BytesIO(pdf)))
    acro = writer._root_object["/AcroForm"]
    font_ref = add_field_font(writer)
    acro[NameObject("/DR")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject(f"/{FIELD_FONT}"): font_ref})}
    )
    acro[NameObject("/DA")] = TextStringObject(FIELD_DA)
    acro[NameObject("/NeedAppearances")] = BooleanObject(False)

    seen = []
    for annot in writer.pages[0].get("/Annots", []):
        widget = annot.get_object()
        if widget.get("/Subtype") != "/Widget":
            continue
        seen.append(str(widget["/T"]))
        if widget.get("/FT") != "/Tx":
            continue
        widget[NameObject("/DA")] = TextStringObject(FIELD_DA)
        if widget["/T"] in CENTRED:
            widget[NameObject("/Q")] = NumberObject(1)
        # Empty fields need no appearance. reportlab's references its Helvetica, and it
        # shares one stream between same-sized fields: pypdf fills a field by replacing
        # the widget's /AP /N object in place, so a shared stream would show the last
        # value filled in every field that shares it.
        del widget["/AP"]
    if seen != field_names:
        raise SystemExit(f"fields on the page {seen} differ from the fields drawn {field_names}")

    writer.compress_identical_objects(remove_duplicates=True, remove_unreferenced=True)
    for page in writer.pages:
        page.compress_content_streams(level=9)
    writer.add_metadata({"/Producer": "dvc (reportlab + pypdf)"})
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def main(argv: list[str]) -> None:
    output = Path(argv[0]) if argv else OUTPUT
    register_fonts()
    buf = BytesIO()
    c = Canvas(buf, pagesize=A4, invariant=1, pageCompression=1)
    c.setTitle("Tờ khai cấp Giấy xác nhận tình trạng hôn nhân")
    c.setSubject("Mẫu theo Thông tư 04/2020/TT-BTP, dựng lại bởi dvc")
    c.setAuthor("dvc")
    c.setCreator("dvc: forms/single-status/build_template.py")
    fields = draw_form(c)
    c.showPage()
    c.save()
    pdf = post_process(buf.getvalue(), fields)
    output.write_bytes(pdf)
    print(f"{output}: {len(pdf) / 1024:.1f} KB, {len(fields)} fields")


if __name__ == "__main__":
    main(sys.argv[1:])
