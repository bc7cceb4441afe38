"""Fill a PDF form template with answers: flat (default) or with the fields kept (editable).

Flat: once per template (cached by path and modification time) the field rectangles are read
and a base without widgets and without /AcroForm is built, then serialised once with a fixed
Vietnamese subset of the bundled font (:mod:`dvc_cli.pdf_text`); per call only the answers'
content streams are written and joined to those bytes (about 0.3 ms a form). Values with a
character outside that subset are drawn with reportlab on an overlay page instead, stamped
onto a copy of the base as a form XObject (about 6 ms; pypdf's merge_page would re-parse the
page each time). Both draw the same layout.
Editable: the fields keep their place; each filled field gets its value (/V) and an appearance
stream drawn in the template's field font (a Type0 Identity-H font with the TrueType file
embedded, as forms/*/build_template.py makes it), laid out exactly as in the flat output.
pypdf's own filling works with such a template too, but takes ~85 ms a form and lays
values out its own way (not on the dotted lines).

Both: values are NFC-normalised, checked against the font, and laid out in their rectangle
(single-line fields shrink from 12 pt to 7 pt, multi-line fields wrap on spaces and shrink);
anything that cannot be drawn raises :class:`FormRenderError` naming the field. This module
prints nothing.
"""

from __future__ import annotations

import logging
import math
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Literal

from dvc_cli.errors import EXIT_BAD_INPUT, EXIT_INVALID_ANSWERS, DvcError
from dvc_cli.fonts import STYLES, missing_chars, register_fonts
from dvc_cli.i18n import _
from dvc_cli.text import nfc

__all__ = ["FieldInfo", "FormRenderError", "render_form", "template_fields"]

MAX_SIZE = 12.0  # answers are drawn at this size when they fit...
MIN_SIZE = 7.0  # ...and shrink down to this one; below it the value is refused
SIZE_STEP = 0.5  # multi-line fields shrink by this much per try
LEADING = 1.5  # line distance / font size (1.5 x 12 pt = the template's 18 pt line pitch)
TOP_PAD = 1.125  # multi-line: first baseline this many font sizes below the field top
DESCENT = 0.3  # room kept under the last baseline for descenders and dots below (ạ, ụ)
PAD_LEFT = 2.0  # horizontal room between the field edges and the text
PAD_RIGHT = 1.0

# pypdf logs what it repairs in a damaged file; without a handler Python would print it.
logging.getLogger("pypdf").addHandler(logging.NullHandler())

_FF_MULTILINE = 1 << 12
_FF_RADIO = 1 << 15
_FF_PUSHBUTTON = 1 << 16


class FormRenderError(DvcError):
    """A value cannot be drawn on the form, or the template cannot be used.

    ``field`` names the field when the problem is one value (else None); ``str(err)`` is a
    complete one-line message.
    """

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.exit_code = EXIT_INVALID_ANSWERS if field else EXIT_BAD_INPUT


@dataclass(frozen=True)
class FieldInfo:
    """One field of a template; ``rect`` is (x0, y0, x1, y1) in PDF points on ``page`` (1-based)."""

    name: str
    type: Literal["text", "checkbox"]
    page: int
    rect: tuple[float, float, float, float]
    multiline: bool
    align: Literal["left", "center", "right"] = "left"


# -- public API -----------------------------------------------------------------------------
def template_fields(template: Path) -> list[FieldInfo]:
    """The text and checkbox fields of ``template``, in page and annotation order."""
    return [widgets[0] for widgets in _load(Path(template)).fields.values()]


def render_form(
    template: Path,
    values: Mapping[str, str | bool | None],
    *,
    editable: bool = False,
) -> bytes:
    """Fill ``template`` with ``values`` (field name → text, or bool for a checkbox).

    None and "" leave a field empty. Returns the bytes of the filled PDF: flattened (no
    fields left) by default, or with the fields kept and filled when ``editable``.
    """
    tpl = _load(Path(template))
    checked = _check_values(tpl, values)
    if editable:
        return _render_editable(tpl, checked)
    return _render_flat(tpl, checked)


# -- the template, read once ----------------------------------------------------------------
@dataclass
class _Template:
    path: Path
    reader: object  # PdfReader of the template, for editable output
    fields: dict[str, list[FieldInfo]]  # name -> its widgets (usually one)
    base: object  # PdfReader of the flattened base, for flat output
    _field_fonts: dict[str, _FieldFont] | None = None
    _fast: object = None  # pdf_text.TemplateWriter of the base, made on first use

    def fast(self):
        """The base serialised once, ready for answers streams (see pdf_text)."""
        if self._fast is None:
            from dvc_cli.render.pdf_text import TemplateWriter

            self._fast = TemplateWriter(self.base)
        return self._fast


_CACHE: dict[Path, tuple[tuple[int, int], _Template]] = {}
_CACHE_SIZE = 8


def _load(path: Path) -> _Template:
    try:
        resolved = path.resolve()
        st = resolved.stat()
    except OSError as exc:
        message = _("không đọc được mẫu PDF {path}: {error}")
        raise FormRenderError(message.format(path=path, error=exc.strerror or exc)) from exc
    key = (st.st_mtime_ns, st.st_size)
    hit = _CACHE.get(resolved)
    if hit and hit[0] == key:
        return hit[1]
    try:
        with resolved.open("rb") as fh:
            head = fh.read(1024)
    except OSError as exc:
        raise FormRenderError(
            _("không đọc được mẫu PDF {path}: {reason}").format(
                path=path, reason=exc.strerror or exc
            )
        ) from exc
    if b"%PDF-" not in head:  # readers accept junk before the header, within 1 kB
        what = _("tệp rỗng") if not head else _("không phải tệp PDF")
        raise FormRenderError(
            _("không đọc được mẫu PDF {path}: {reason}").format(path=path, reason=what)
        )
    try:
        with warnings.catch_warnings():  # pypdf warns about what it repairs: not for the user
            warnings.simplefilter("ignore")
            tpl = _read_template(resolved)
    except FormRenderError:
        raise
    except Exception as exc:  # pypdf raises many kinds of errors on a broken file
        if isinstance(exc, KeyError):
            reason = _("thiếu mục {key}").format(key=exc.args[0] if exc.args else "?")
        else:
            reason = " ".join(str(exc).split()) or type(exc).__name__
        message = _("không đọc được mẫu PDF {path}: {error}")
        raise FormRenderError(message.format(path=path, error=reason)) from exc
    if len(_CACHE) >= _CACHE_SIZE:
        _CACHE.pop(next(iter(_CACHE)))
    _CACHE[resolved] = (key, tpl)
    return tpl


def _get(obj, key: str, default=None):
    """``obj[key]`` resolved (``dict.get`` would return pypdf's indirect references)."""
    return obj[key] if key in obj else default


def _inherited(field, key: str, default=None):
    node = field
    while node is not None:
        if key in node:
            return node[key]
        parent = node.get("/Parent")
        node = parent.get_object() if parent is not None else None
    return default


def _qualified_name(widget) -> str | None:
    parts = []
    node = widget
    while node is not None:
        if "/T" in node:
            parts.append(str(node["/T"]))
        parent = node.get("/Parent")
        node = parent.get_object() if parent is not None else None
    return ".".join(reversed(parts)) if parts else None


def _read_template(path: Path) -> _Template:
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, NameObject

    reader = PdfReader(path)
    fields: dict[str, list[FieldInfo]] = {}
    for page_no, page in enumerate(reader.pages, start=1):
        for ref in _get(page, "/Annots", []):
            widget = ref.get_object()
            if widget.get("/Subtype") != "/Widget":
                continue
            name = _qualified_name(widget)
            ft = _inherited(widget, "/FT")
            flags = int(_inherited(widget, "/Ff", 0))
            if name is None:
                continue
            if ft == "/Tx":
                kind: Literal["text", "checkbox"] = "text"
            elif ft == "/Btn" and not flags & (_FF_RADIO | _FF_PUSHBUTTON):
                kind = "checkbox"
            else:
                continue  # choice, signature, radio and push-button fields are not filled
            x0, y0, x1, y1 = (float(v) for v in widget["/Rect"])
            q = int(_inherited(widget, "/Q", 0))
            fields.setdefault(name, []).append(
                FieldInfo(
                    name=name,
                    type=kind,
                    page=page_no,
                    rect=(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)),
                    multiline=kind == "text" and bool(flags & _FF_MULTILINE),
                    align=("left", "center", "right")[q] if q in (0, 1, 2) else "left",
                )
            )

    # The flat base: the same pages without widgets and without the form.
    writer = PdfWriter(clone_from=reader)
    for page in writer.pages:
        if "/Annots" not in page:
            continue
        kept = ArrayObject(
            a for a in page["/Annots"] if a.get_object().get("/Subtype") != "/Widget"
        )
        if kept:
            page[NameObject("/Annots")] = kept
        else:
            del page["/Annots"]
    if "/AcroForm" in writer.root_object:
        del writer.root_object["/AcroForm"]
    writer.compress_identical_objects(remove_duplicates=True, remove_unreferenced=True)
    buf = BytesIO()
    writer.write(buf)
    base = PdfReader(BytesIO(buf.getvalue()))
    return _Template(path=path, reader=reader, fields=fields, base=base)


# -- values ---------------------------------------------------------------------------------
def _check_values(tpl: _Template, values: Mapping[str, str | bool | None]) -> dict[str, str | bool]:
    """Normalise and check every value; return only the fields to fill."""
    out: dict[str, str | bool] = {}
    for name, value in values.items():
        widgets = tpl.fields.get(name)
        if widgets is None:
            message = _("trường '{field}' không có trong mẫu {template}")
            raise FormRenderError(message.format(field=name, template=tpl.path.name), field=name)
        if value is None or value == "":
            continue
        if widgets[0].type == "checkbox":
            if not isinstance(value, bool):
                raise FormRenderError(
                    _(
                        "trường '{field}' là ô đánh dấu: giá trị phải là True hoặc False, "
                        "không phải {value}"
                    ).format(field=name, value=type(value).__name__),
                    field=name,
                )
            out[name] = value
            continue
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise FormRenderError(
                _("trường '{field}' là ô chữ: giá trị phải là chuỗi, không phải {value}").format(
                    field=name, value=type(value).__name__
                ),
                field=name,
            )
        text = nfc(str(value)).replace("\r\n", "\n").replace("\r", "\n")
        if not widgets[0].multiline:
            text = " ".join(text.split())  # one line: newlines and tabs become spaces
        if not text.strip():
            continue
        missing = missing_chars(text)
        if missing:
            ch = missing[0]
            raise FormRenderError(
                _("trường '{field}': phông chữ không vẽ được ký tự '{char}' ({code})").format(
                    field=name, char=ch, code=f"U+{ord(ch):04X}"
                ),
                field=name,
            )
        out[name] = text
    return out


# -- layout ---------------------------------------------------------------------------------
WidthFn = Callable[[str, float], float]


@dataclass(frozen=True)
class _Layout:
    size: float
    lines: list[tuple[float, float, str]]  # (x, baseline, text) in page coordinates


def _too_long(field: FieldInfo, text: str) -> FormRenderError:
    return FormRenderError(
        _(
            "trường '{field}': nội dung quá dài cho ô trên mẫu, kể cả ở cỡ chữ "
            "{size} pt ({count} ký tự)"
        ).format(field=field.name, size=f"{MIN_SIZE:g}", count=len(text)),
        field=field.name,
    )


def _x(field: FieldInfo, width: float) -> float:
    x0, _y0, x1, _y1 = field.rect
    if field.align == "center":
        return x0 + PAD_LEFT + (x1 - x0 - PAD_LEFT - PAD_RIGHT - width) / 2
    if field.align == "right":
        return x1 - PAD_RIGHT - width
    return x0 + PAD_LEFT


def _wrap(text: str, size: float, avail: float, width: WidthFn) -> list[str] | None:
    """Greedy word wrap; None when a single word is wider than the line."""
    space = width(" ", size)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line, line_w = "", 0.0
        for word in paragraph.split():
            w = width(word, size)
            if w > avail:
                return None
            if line and line_w + space + w <= avail:
                line, line_w = f"{line} {word}", line_w + space + w
            elif line:
                lines.append(line)
                line, line_w = word, w
            else:
                line, line_w = word, w
        lines.append(line)
    while lines and not lines[-1]:
        lines.pop()
    return lines


def _layout(field: FieldInfo, text: str, width: WidthFn) -> _Layout:
    x0, y0, x1, y1 = field.rect
    avail = x1 - x0 - PAD_LEFT - PAD_RIGHT
    height = y1 - y0
    if not field.multiline:
        ref = min(MAX_SIZE, height / LEADING)
        natural = width(text, 1.0)
        size = min(ref, math.floor(avail / natural * 10) / 10 if natural else ref)
        if size < MIN_SIZE:
            raise _too_long(field, text)
        # Baseline placed for the full size, so a shrunk answer still sits on the line.
        baseline = y0 + (height - LEADING * ref) / 2 + (LEADING - TOP_PAD) * ref
        return _Layout(size, [(_x(field, width(text, size)), baseline, text)])
    size = MAX_SIZE
    while size >= MIN_SIZE - 1e-9:
        lines = _wrap(text, size, avail, width)
        if lines is not None and size * (TOP_PAD + (len(lines) - 1) * LEADING + DESCENT) <= height:
            first = y1 - TOP_PAD * size
            return _Layout(
                size,
                [
                    (_x(field, width(line, size)), first - i * LEADING * size, line)
                    for i, line in enumerate(lines)
                    if line
                ],
            )
        size -= SIZE_STEP
    raise _too_long(field, text)


# -- flat output ----------------------------------------------------------------------------
def _reportlab_width(font_name: str) -> WidthFn:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return lambda text, size: stringWidth(text, font_name, size)


def _check_cross(rect: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    """The box of the cross marking a checked box: inset by a fifth of the side."""
    x0, y0, x1, y1 = rect
    inset = min(x1 - x0, y1 - y0) * 0.2
    return x0 + inset, y0 + inset, x1 - inset, y1 - inset


def _draw_check(canvas, rect: tuple[float, float, float, float]) -> None:
    x0, y0, x1, y1 = _check_cross(rect)
    canvas.saveState()
    canvas.setLineWidth(1.2)
    canvas.setLineCap(1)
    canvas.line(x0, y0, x1, y1)
    canvas.line(x0, y1, x1, y0)
    canvas.restoreState()


def _stamp(writer, page, overlay_page, name: str) -> None:
    """Draw ``overlay_page`` over ``page`` as a form XObject.

    Same result as ``page.merge_page(overlay_page)``, but neither content stream is parsed
    (merge_page re-parses the template's whole page to rename resources: most of the time).
    ``name`` is the XObject's resource name: unique per page, as pages may share resources.
    """
    from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject

    form = overlay_page["/Contents"].clone(writer)  # reportlab writes one (compressed) stream
    form.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject(overlay_page.mediabox),
            NameObject("/Resources"): overlay_page["/Resources"].clone(writer),
        }
    )
    if "/Resources" not in page:
        page[NameObject("/Resources")] = DictionaryObject()
    resources = page["/Resources"]
    if "/XObject" not in resources:
        resources[NameObject("/XObject")] = DictionaryObject()
    resources["/XObject"][NameObject(name)] = form.indirect_reference
    draw = DecodedStreamObject()
    draw.set_data(f"q {name} Do Q".encode())
    # The template's own contents go in q/Q so that no graphics state leaks onto the answers.
    save = DecodedStreamObject()
    save.set_data(b"q")
    contents = page.raw_get("/Contents")
    old = list(contents.get_object()) if isinstance(contents.get_object(), list) else [contents]
    restore = DecodedStreamObject()
    restore.set_data(b"Q")
    page[NameObject("/Contents")] = ArrayObject(
        [writer._add_object(save), *old, writer._add_object(restore), writer._add_object(draw)]
    )


def _render_flat(tpl: _Template, values: dict[str, str | bool]) -> bytes:
    from dvc_cli.render import pdf_text

    texts = [v for v in values.values() if isinstance(v, str)]
    fast = pdf_text.covers(texts)
    if fast:
        width: WidthFn = pdf_text.font("Regular").width
    else:
        register_fonts()
        width = _reportlab_width(STYLES["Regular"])
    by_page: dict[int, list[tuple[FieldInfo, _Layout | None]]] = {}
    for name, value in values.items():
        for field in tpl.fields[name]:
            if field.type == "checkbox":
                if value is True:
                    by_page.setdefault(field.page, []).append((field, None))
            else:
                assert isinstance(value, str)
                by_page.setdefault(field.page, []).append((field, _layout(field, value, width)))
    if fast:
        pages: dict[int, list[pdf_text.Text | pdf_text.Line]] = {}
        for page_no, items in by_page.items():
            ops = pages.setdefault(page_no, [])
            for field, layout in items:
                if layout is None:
                    x0, y0, x1, y1 = _check_cross(field.rect)
                    ops.append(pdf_text.Line(x0, y0, x1, y1))
                    ops.append(pdf_text.Line(x0, y1, x1, y0))
                    continue
                for x, y, line in layout.lines:
                    ops.append(pdf_text.Text(x, y, "Regular", layout.size, line))
        return tpl.fast().render(pages)
    return _render_flat_reportlab(tpl, by_page)


def _render_flat_reportlab(
    tpl: _Template, by_page: dict[int, list[tuple[FieldInfo, _Layout | None]]]
) -> bytes:
    from pypdf import PdfReader, PdfWriter
    from reportlab.pdfgen.canvas import Canvas

    font = STYLES["Regular"]
    writer = PdfWriter(clone_from=tpl.base)
    if by_page:
        buf = BytesIO()
        canvas = Canvas(buf, invariant=1, pageCompression=1)
        pages = sorted(by_page)
        for page_no in pages:
            box = writer.pages[page_no - 1].mediabox
            canvas.setPageSize((float(box.right), float(box.top)))
            canvas.setFillColorRGB(0, 0, 0)
            for field, layout in by_page[page_no]:
                if layout is None:
                    _draw_check(canvas, field.rect)
                    continue
                canvas.setFont(font, layout.size)
                for x, y, line in layout.lines:
                    canvas.drawString(x, y, line)
            canvas.showPage()
        canvas.save()
        overlay = PdfReader(BytesIO(buf.getvalue()))
        for page_no, overlay_page in zip(pages, overlay.pages, strict=True):
            _stamp(writer, writer.pages[page_no - 1], overlay_page, f"/DvcAnswers{page_no}")
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


# -- editable output ------------------------------------------------------------------------
@dataclass
class _FieldFont:
    """A Type0 Identity-H field font of the template, read from its embedded TrueType."""

    resource: str  # e.g. "/NotoSerif"
    gids: dict[int, int]  # code point -> glyph id (= CID)
    widths: dict[int, float]  # code point -> advance width in 1/1000 em

    def width(self, text: str, size: float) -> float:
        widths = self.widths
        return sum(widths[ord(ch)] for ch in text) * size / 1000

    def missing(self, text: str) -> list[str]:
        return [ch for ch in dict.fromkeys(text) if ord(ch) not in self.gids and ch not in "\n\t"]

    def encode(self, text: str) -> str:
        return "".join(f"{self.gids[ord(ch)]:04X}" for ch in text)


def _field_font(tpl: _Template, field: FieldInfo, widget) -> _FieldFont:
    """The font the field's /DA names, usable for Vietnamese; cached per template."""
    from reportlab.pdfbase.ttfonts import TTFontFile

    acro = _get(tpl.reader.trailer["/Root"], "/AcroForm", {})
    da = str(_inherited(widget, "/DA", acro.get("/DA", "")))
    tokens = da.split()
    name = next((tokens[i - 2] for i, t in enumerate(tokens) if t == "Tf" and i >= 2), None)
    if tpl._field_fonts is None:
        tpl._field_fonts = {}
    if name in tpl._field_fonts:
        return tpl._field_fonts[name]

    def unusable(why: str) -> FormRenderError:
        return FormRenderError(
            _(
                "mẫu {template}: phông của trường '{field}' ({font}) "
                "không dùng được cho tiếng Việt ({reason}); chỉ xuất được bản phẳng"
            ).format(
                template=tpl.path.name, field=field.name, font=name or _("không rõ"), reason=why
            )
        )

    fonts = _get(_get(acro, "/DR", {}), "/Font", {})
    ref = fonts.raw_get(name) if name in fonts else None
    if ref is None:
        raise unusable(_("không có trong /DR"))
    font = ref.get_object()
    if font.get("/Subtype") != "/Type0" or font.get("/Encoding") != "/Identity-H":
        raise unusable(_("không phải phông Type0 Identity-H"))
    cid_font = font["/DescendantFonts"][0].get_object()
    if cid_font.get("/Subtype") != "/CIDFontType2" or cid_font.get("/CIDToGIDMap", "/Identity") != (
        "/Identity"
    ):
        raise unusable(_("không phải CIDFontType2 với CIDToGIDMap Identity"))
    font_file = _get(cid_font["/FontDescriptor"], "/FontFile2")
    if font_file is None:
        raise unusable(_("không nhúng tệp phông TrueType"))
    try:
        face = TTFontFile(BytesIO(font_file.get_data()))
    except Exception as exc:  # reportlab raises TTFError and others on a bad font file
        raise unusable(_("tệp phông hỏng: {error}").format(error=exc)) from exc
    result = _FieldFont(
        resource=name,
        gids=dict(face.charToGlyph),
        widths={code: face.charWidths.get(code, face.defaultWidth) for code in face.charToGlyph},
    )
    tpl._field_fonts[name] = result
    return result


def _fmt(v: float) -> str:
    return f"{v:.3f}".rstrip("0").rstrip(".") or "0"


def _text_appearance(field: FieldInfo, layout: _Layout, font: _FieldFont) -> bytes:
    x0, y0, x1, y1 = field.rect
    ops = [
        "/Tx BMC",
        "q",
        f"0 0 {_fmt(x1 - x0)} {_fmt(y1 - y0)} re W n",
        "BT",
        f"{font.resource} {_fmt(layout.size)} Tf",
        "0 g",
    ]
    for x, y, line in layout.lines:
        ops.append(f"1 0 0 1 {_fmt(x - x0)} {_fmt(y - y0)} Tm")
        ops.append(f"<{font.encode(line)}> Tj")
    ops += ["ET", "Q", "EMC"]
    return "\n".join(ops).encode("ascii")


def _render_editable(tpl: _Template, values: dict[str, str | bool]) -> bytes:
    from pypdf import PdfWriter
    from pypdf.generic import (
        ArrayObject,
        DecodedStreamObject,
        DictionaryObject,
        FloatObject,
        NameObject,
        TextStringObject,
    )

    writer = PdfWriter(clone_from=tpl.reader)
    # The writer's widgets, in the same order as the template's (the clone keeps it).
    remaining = {name: list(tpl.fields[name]) for name in values}
    font_refs: dict[int, object] = {}
    for page in writer.pages:
        for ref in _get(page, "/Annots", []):
            widget = ref.get_object()
            if widget.get("/Subtype") != "/Widget":
                continue
            name = _qualified_name(widget)
            if name not in remaining or not remaining[name]:
                continue
            field = remaining[name].pop(0)
            value = values[name]
            holder = widget if "/T" in widget else widget["/Parent"].get_object()
            if field.type == "checkbox":
                states = [k for k in _get(_get(widget, "/AP", {}), "/N", {}) if k != "/Off"]
                on = NameObject(states[0] if states else "/Yes")
                state = on if value is True else NameObject("/Off")
                holder[NameObject("/V")] = state
                widget[NameObject("/AS")] = state
                continue
            assert isinstance(value, str)
            font = _field_font(tpl, field, widget)
            missing = font.missing(value)
            if missing:
                ch = missing[0]
                raise FormRenderError(
                    _("trường '{field}': phông chữ không vẽ được ký tự '{char}' ({code})").format(
                        field=name, char=ch, code=f"U+{ord(ch):04X}"
                    ),
                    field=name,
                )
            layout = _layout(field, value, font.width)
            holder[NameObject("/V")] = TextStringObject(value)
            key = id(font)
            if key not in font_refs:
                # The writer's copy of the template's font dictionary.
                fonts = writer.root_object["/AcroForm"]["/DR"]["/Font"]
                font_refs[key] = fonts.raw_get(font.resource)
            x0, y0, x1, y1 = field.rect
            ap = DecodedStreamObject()
            ap.set_data(_text_appearance(field, layout, font))
            ap.update(
                {
                    NameObject("/Type"): NameObject("/XObject"),
                    NameObject("/Subtype"): NameObject("/Form"),
                    NameObject("/BBox"): ArrayObject(
                        [FloatObject(0), FloatObject(0), FloatObject(x1 - x0), FloatObject(y1 - y0)]
                    ),
                    NameObject("/Resources"): DictionaryObject(
                        {
                            NameObject("/Font"): DictionaryObject(
                                {NameObject(font.resource): font_refs[key]}
                            )
                        }
                    ),
                }
            )
            ap = ap.flate_encode()
            widget[NameObject("/AP")] = DictionaryObject({NameObject("/N"): writer._add_object(ap)})
    out = BytesIO()
    writer.write(out)
    return out.getvalue()
