"""A kit to rebuild an official form as an A4 AcroForm template (``forms/*/build_template.py``).

Labels are drawn with reportlab in the bundled Noto Serif (correct Vietnamese diacritics),
dotted lines mark where answers go, and AcroForm fields say where each answer is drawn
(:mod:`dvc_cli.render.pdf_form` reads their rectangles). reportlab only creates fields in
standard-14 fonts, so :func:`post_process` rewrites the file with pypdf: the AcroForm /DR gets a
Type0 (CIDFontType2, Identity-H) font embedding the whole NotoSerif-Regular.ttf, and every text
field's /DA names it (auto size), so a field filled by a PDF viewer or by pypdf shows
Vietnamese correctly. Everything is deterministic: the same script gives the same bytes.

A build script draws its page(s) with a :class:`FormBuilder` and hands the drawing function
to :func:`build`::

    def draw(c):
        f = FormBuilder(c)
        national_header(f, "TỜ KHAI ...")
        f.labelled("Họ, chữ đệm, tên:", "full_name")
        ...
        f.check_fits()
        return f.fields

    build(OUTPUT, draw, title="Tờ khai ...", subject="...", creator="dvc: forms/x/...")

Layout conventions (the usual rules for administrative papers): A4 portrait, left margin
30 mm, right 15 mm, labels 13 pt, one written line every 18 pt (1.5 x the 12 pt answers).
Building needs ``fontTools`` (a test dependency), imported only when a font is embedded.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from io import BytesIO
from pathlib import Path
from typing import Any

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)
from reportlab.lib.colors import Color, black
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from dvc_cli.fonts import STYLES, font_path, register_fonts
from dvc_cli.render.form_layout import PAD_RIGHT

__all__ = [
    "A4",
    "ABOVE",
    "BELOW",
    "BOLD",
    "CHECKBOX",
    "DOT_DROP",
    "FIELD_DA",
    "FIELD_FONT",
    "GAP",
    "ITALIC",
    "LEFT",
    "PAGE_H",
    "PAGE_W",
    "PITCH",
    "REGULAR",
    "RIGHT",
    "SIZE",
    "TOP",
    "WIDTH",
    "Canvas",
    "FormBuilder",
    "add_field_font",
    "build",
    "copies_line",
    "mm",
    "national_header",
    "place_date_line",
    "post_process",
    "signature_block",
    "stringWidth",
    "wrap_words",
]

REGULAR = STYLES["Regular"]
BOLD = STYLES["Bold"]
ITALIC = STYLES["Italic"]

PAGE_W, PAGE_H = A4
LEFT = 30 * mm
RIGHT = PAGE_W - 15 * mm
TOP = PAGE_H - 15 * mm
WIDTH = RIGHT - LEFT
BOTTOM = 12 * mm  # nothing may be drawn below this

SIZE = 13  # label size
PITCH = 18  # distance between two written lines: 1.5 x the 12 pt answer size
BELOW = 4.5  # a field rectangle starts this far below the line's baseline...
ABOVE = PITCH - BELOW  # ...and ends this far above it (13.5: room for Ấ, Ễ at 12 pt)
GAP = 3  # space between a label and its field
DOT_DROP = 1.5  # dotted line this far below the baseline, so answers sit on it

FIELD_FONT = "NotoSerif"  # the /DR resource name the text fields' /DA use
# Auto size (0): viewers and pypdf shrink a long value to fit, and wrap multi-line fields.
FIELD_DA = f"/{FIELD_FONT} 0 Tf 0 g"
CHECKBOX = 9.5  # side of the square of "Có □ Không □"


class FormBuilder:
    """Draws labels, dotted lines and fields line by line, top to bottom.

    ``fields`` lists the names of the fields made, in order; ``centred_fields`` those whose
    answer is centred in its rectangle, ``right_fields`` those whose answer ends at its right
    edge (give them to :func:`post_process`, :func:`build` does).
    """

    def __init__(self, canvas: Canvas) -> None:
        self.c = canvas
        self.y = TOP  # baseline of the current line
        self.fields: list[str] = []
        self.centred_fields: set[str] = set()
        self.right_fields: set[str] = set()

    # -- drawing primitives ---------------------------------------------------------------
    def text(self, x: float, s: str, font: str = REGULAR, size: float = SIZE) -> float:
        """Draw ``s`` at ``x`` on the current baseline; return the x after it."""
        self.c.setFont(font, size)
        self.c.drawString(x, self.y, s)
        return x + stringWidth(s, font, size)

    def centred(self, s: str, font: str = REGULAR, size: float = SIZE, cx: float | None = None):
        """Draw ``s`` centred on ``cx`` (default: the middle of the text area); return its ends."""
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

    def rule(self, x0: float, y0: float, x1: float, y1: float, width: float = 0.7) -> None:
        """A solid line (table borders)."""
        c = self.c
        c.saveState()
        c.setLineWidth(width)
        c.line(x0, y0, x1, y1)
        c.restoreState()

    def box(self, x: float, y: float, w: float, h: float, width: float = 0.7) -> None:
        """A rectangle outline with its lower-left corner at (x, y)."""
        c = self.c
        c.saveState()
        c.setLineWidth(width)
        c.rect(x, y, w, h, stroke=1, fill=0)
        c.restoreState()

    def newline(self, lines: float = 1) -> None:
        self.y -= PITCH * lines

    def width(self, s: str, font: str = REGULAR, size: float = SIZE) -> float:
        return stringWidth(s, font, size)

    # -- fields ---------------------------------------------------------------------------
    def text_field(
        self,
        name: str,
        x0: float,
        x1: float,
        lines: int = 1,
        *,
        tooltip: str = "",
        dotted: bool = True,
        centred: bool = False,
        right: bool = False,
    ) -> None:
        """A field from ``x0`` to ``x1`` over ``lines`` lines starting on the current one.

        Draws the dotted lines under it (unless ``dotted`` is false, e.g. inside a box);
        leaves the current line on the field's last line. ``right``: the answer ends at the
        field's right edge, for a field the label's punctuation follows (``…, ngày``).
        """
        top = self.y + ABOVE
        bottom = self.y - (lines - 1) * PITCH - BELOW
        if dotted:
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
        if centred:
            self.centred_fields.add(name)
        if right:
            self.right_fields.add(name)
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

    def digit_boxes(
        self, prefix: str, x: float, count: int = 12, *, side: float = 5.2 * mm, tooltip: str = ""
    ) -> float:
        """``count`` adjoining boxes on the current line, one centred one-character field
        each (``prefix_1`` ... ``prefix_<count>``), as official forms print an ID number.
        Returns the x after the last box."""
        y0 = self.y - BELOW
        h = PITCH
        for i in range(count):
            bx = x + i * side
            self.box(bx, y0, side, h)
            self.text_field(
                f"{prefix}_{i + 1}",
                bx,
                bx + side,
                tooltip=f"{tooltip} (chữ số {i + 1})" if tooltip else "",
                dotted=False,
                centred=True,
            )
        return x + count * side

    # -- text blocks ----------------------------------------------------------------------
    def paragraph(
        self,
        text: str,
        *,
        indent: float = 10 * mm,
        x: float = LEFT,
        x1: float = RIGHT,
        font: str = REGULAR,
        size: float = SIZE,
        justify: bool = True,
    ) -> None:
        """``text`` wrapped from ``x`` to ``x1`` with a first-line indent, every line but the
        last justified; leaves the current line on the last one."""
        width = x1 - x
        lines = wrap_words(text.split(), width - indent, width, font, size)
        for i, words in enumerate(lines):
            start = x + (indent if i == 0 else 0)
            avail = width - (indent if i == 0 else 0)
            if i:
                self.newline()
            if justify and i < len(lines) - 1 and len(words) > 1:
                gaps = len(words) - 1
                spare = avail - stringWidth(" ".join(words), font, size)
                c = self.c
                c.saveState()  # word spacing (Tw) outlives the text object: keep it to this line
                t = c.beginText(start, self.y)
                t.setFont(font, size)
                t.setWordSpace(spare / gaps if gaps else 0)
                t.textLine(" ".join(words))
                c.drawText(t)
                c.restoreState()
            else:
                self.text(start, " ".join(words), font, size)

    def check_fits(self) -> None:
        """Stop the build when the last line runs into the bottom margin."""
        if self.y - BELOW < BOTTOM:
            raise SystemExit(f"layout overflows the page (last baseline at {self.y:.1f} pt)")


def wrap_words(
    words: Sequence[str], first: float, rest: float, font: str = REGULAR, size: float = SIZE
) -> list[list[str]]:
    """Greedy word wrap: the first line ``first`` wide, the others ``rest``."""
    lines: list[list[str]] = []
    todo = list(words)
    avail = first
    while todo:
        line: list[str] = [todo.pop(0)]
        while todo and stringWidth(" ".join([*line, todo[0]]), font, size) <= avail:
            line.append(todo.pop(0))
        lines.append(line)
        avail = rest
    return lines


# -- the parts every civil-status form shares --------------------------------------------
def national_header(f: FormBuilder, title: str, title_size: float = 14) -> None:
    """National name and motto (bold, centred, the motto underlined), then the title.

    Leaves the current line on the title.
    """
    c = f.c
    f.y = TOP - SIZE
    f.centred("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", BOLD)
    f.newline(1.05)
    x0, x1 = f.centred("Độc lập - Tự do - Hạnh phúc", BOLD)
    c.setLineWidth(0.7)
    c.line(x0, f.y - 3, x1, f.y - 3)
    f.newline(2.0)
    f.centred(title, BOLD, title_size)


def place_date_line(
    f: FormBuilder,
    place_width: float = 60 * mm,
    *,
    right: float = RIGHT,
    prefix: str = "sign",
    place_label: str = "Làm tại:",
) -> None:
    """``Làm tại: …, ngày … tháng … năm …`` in italics, ending at ``right``.

    Fields ``<prefix>_place``, ``<prefix>_day``, ``<prefix>_month``, ``<prefix>_year``; the
    place ends at the comma (``phường Hạc Thành, ngày``), as when written by hand.
    """
    parts = [  # (label, field, field width)
        (place_label, f"{prefix}_place", place_width),
        (", ngày", f"{prefix}_day", 8 * mm),
        (" tháng", f"{prefix}_month", 8 * mm),
        (" năm", f"{prefix}_year", 12 * mm),
    ]
    total = sum(stringWidth(label, ITALIC, SIZE) + GAP + w for label, _, w in parts)
    x = right - total
    for label, name, w in parts:
        x = f.text(x, label, ITALIC) + GAP
        place = name.endswith("_place")
        f.text_field(name, x, x + w, tooltip=label.strip(" ,:"), right=place)
        # The comma right after the place's last letter: the answer keeps PAD_RIGHT free.
        x += w - (PAD_RIGHT if place else 0)


def signature_block(
    f: FormBuilder,
    cx: float,
    title: str,
    name_field: str,
    *,
    half_width: float = 0.27 * WIDTH,
    note: str = "(Ký, ghi rõ họ, chữ đệm, tên)",
    space: float = 3.2,
) -> None:
    """A signature block centred on ``cx``: title (bold), note (italic), room to sign, and a
    centred field for the signer's name. Leaves the current line on the name."""
    f.centred(title, BOLD, cx=cx)
    f.newline()
    f.centred(note, ITALIC, cx=cx)
    f.newline(space)
    f.text_field(
        name_field, cx - half_width, cx + half_width, tooltip="Họ, chữ đệm, tên", centred=True
    )


def copies_line(
    f: FormBuilder,
    label: str = "Đề nghị cấp bản sao:",
    *,
    yes: str = "copy_yes",
    no: str = "copy_no",
    count: str = "copy_count",
) -> None:
    """``Đề nghị cấp bản sao:  Có □,  Không □   Số lượng: … bản``."""
    x = f.text(LEFT, f"{label}  Có ")
    x = f.checkbox(yes, x + 1, "Có cấp bản sao")
    x = f.text(x + 0.5, ",  Không ")  # the comma against its box, as typed
    x = f.checkbox(no, x + 1, "Không cấp bản sao")
    x = f.text(x + 12 * mm, "Số lượng:")
    count_end = x + GAP + 22 * mm
    f.text_field(count, x + GAP, count_end, tooltip="Số lượng bản sao")
    f.text(count_end + 2, "bản")


def declaration_close(
    f: FormBuilder, oath: str, *, place_width: float = 60 * mm, signature_space: float = 3.2
) -> None:
    """How a civil-status declaration ends: the oath, ``Làm tại: …, ngày … tháng … năm …``,
    the requester's signature block and the copies line; then check the page holds it all."""
    f.paragraph(oath)
    f.newline(1.6)
    place_date_line(f, place_width)
    f.newline()
    signature_block(f, LEFT + 0.70 * WIDTH, "Người yêu cầu", "signer_name", space=signature_space)
    f.newline(1.7)
    copies_line(f)
    f.check_fits()


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
    from fontTools.ttLib import TTFont

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


def post_process(
    pdf: bytes, field_names: list[str], centred: Iterable[str] = (), right: Iterable[str] = ()
) -> bytes:
    """Give the fields the Type0 Vietnamese font; drop reportlab's standard-14 field fonts.

    ``field_names`` are the fields drawn, in order (checked against the pages' widgets);
    ``centred`` names the text fields whose answer is centred (/Q 1), ``right`` those whose
    answer is right-aligned (/Q 2).
    """
    centred, right = set(centred), set(right)
    writer = PdfWriter(clone_from=PdfReader(BytesIO(pdf)))
    acro = writer._root_object["/AcroForm"]
    font_ref = add_field_font(writer)
    acro[NameObject("/DR")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject(f"/{FIELD_FONT}"): font_ref})}
    )
    acro[NameObject("/DA")] = TextStringObject(FIELD_DA)
    acro[NameObject("/NeedAppearances")] = BooleanObject(False)

    seen = []
    for page in writer.pages:
        for annot in page.get("/Annots", []):
            widget = annot.get_object()
            if widget.get("/Subtype") != "/Widget":
                continue
            seen.append(str(widget["/T"]))
            if widget.get("/FT") != "/Tx":
                continue
            widget[NameObject("/DA")] = TextStringObject(FIELD_DA)
            if widget["/T"] in centred:
                widget[NameObject("/Q")] = NumberObject(1)
            elif widget["/T"] in right:
                widget[NameObject("/Q")] = NumberObject(2)
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


def build(
    output: Path,
    draw: Callable[[Canvas], Any],
    *,
    title: str,
    subject: str,
    creator: str,
    centred: Iterable[str] = (),
) -> bytes:
    """Draw the form with ``draw(canvas)`` and write the finished template to ``output``.

    ``draw`` returns the field names in order, or the :class:`FormBuilder` it used (then its
    centred and right-aligned fields are taken too). It may call ``canvas.showPage()`` between
    pages; the last page is closed here. Prints one summary line; returns the bytes written.
    """
    register_fonts()
    buf = BytesIO()
    c = Canvas(buf, pagesize=A4, invariant=1, pageCompression=1)
    c.setTitle(title)
    c.setSubject(subject)
    c.setAuthor("dvc")
    c.setCreator(creator)
    drawn = draw(c)
    right: set[str] = set()
    if isinstance(drawn, FormBuilder):
        fields, centred = drawn.fields, {*centred, *drawn.centred_fields}
        right = drawn.right_fields
    else:
        fields = list(drawn)
    c.showPage()
    c.save()
    pdf = post_process(buf.getvalue(), fields, centred, right)
    output = Path(output)
    output.write_bytes(pdf)
    print(f"{output}: {len(pdf) / 1024:.1f} KB, {len(fields)} fields")
    return pdf
