"""Editable output: the fields keep their place; each filled field gets its value (/V) and an
appearance stream drawn in the template's field font (a Type0 Identity-H font with the
TrueType file embedded, as forms/*/build_template.py makes it), laid out exactly as in the
flat output. pypdf's own filling works with such a template too, but takes ~85 ms a form and
lays values out its own way (not on the dotted lines).
"""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO
from typing import Any

from dvc_cli.fonts import missing_from
from dvc_cli.i18n import _
from dvc_cli.render.form_layout import Layout, layout
from dvc_cli.render.form_template import (
    FieldInfo,
    FormRenderError,
    Template,
    get,
    inherited,
    qualified_name,
)
from dvc_cli.render.form_values import cannot_draw


@dataclass
class FieldFont:
    """A Type0 Identity-H field font of the template, read from its embedded TrueType."""

    resource: str  # e.g. "/NotoSerif"
    gids: dict[int, int]  # code point -> glyph id (= CID)
    widths: dict[int, float]  # code point -> advance width in 1/1000 em

    def width(self, text: str, size: float) -> float:
        """Advance width of ``text`` in points."""
        widths = self.widths
        return sum(widths[ord(ch)] for ch in text) * size / 1000

    def encode(self, text: str) -> str:
        """``text`` as the hex glyph ids of a ``<…> Tj`` string."""
        return "".join(f"{self.gids[ord(ch)]:04X}" for ch in text)


def _field_font(tpl: Template, field: FieldInfo, widget: Any) -> FieldFont:
    """The font the field's /DA names, usable for Vietnamese; cached per template."""
    from reportlab.pdfbase.ttfonts import TTFontFile

    acro = get(tpl.reader.trailer["/Root"], "/AcroForm", {})
    da = str(inherited(widget, "/DA", acro.get("/DA", "")))
    tokens = da.split()
    name = next((tokens[i - 2] for i, t in enumerate(tokens) if t == "Tf" and i >= 2), None)
    if name in tpl.field_fonts:
        return tpl.field_fonts[name]

    def unusable(why: str) -> FormRenderError:
        return FormRenderError(
            _(
                "mẫu {template}: phông của trường '{field}' ({font}) "
                "không dùng được cho tiếng Việt ({reason}); chỉ xuất được bản phẳng"
            ).format(
                template=tpl.path.name, field=field.name, font=name or _("không rõ"), reason=why
            )
        )

    fonts = get(get(acro, "/DR", {}), "/Font", {})
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
    font_file = get(cid_font["/FontDescriptor"], "/FontFile2")
    if font_file is None:
        raise unusable(_("không nhúng tệp phông TrueType"))
    try:
        face = TTFontFile(BytesIO(font_file.get_data()))
    except Exception as exc:  # reportlab raises TTFError and others on a bad font file
        raise unusable(_("tệp phông hỏng: {error}").format(error=exc)) from exc
    result = FieldFont(
        resource=name,
        gids=dict(face.charToGlyph),
        widths={code: face.charWidths.get(code, face.defaultWidth) for code in face.charToGlyph},
    )
    tpl.field_fonts[name] = result
    return result


def _fmt(v: float) -> str:
    return f"{v:.3f}".rstrip("0").rstrip(".") or "0"


def _text_appearance(field: FieldInfo, placed: Layout, font: FieldFont) -> bytes:
    x0, y0, x1, y1 = field.rect
    ops = [
        "/Tx BMC",
        "q",
        f"0 0 {_fmt(x1 - x0)} {_fmt(y1 - y0)} re W n",
        "BT",
        f"{font.resource} {_fmt(placed.size)} Tf",
        "0 g",
    ]
    for x, y, line in placed.lines:
        ops.append(f"1 0 0 1 {_fmt(x - x0)} {_fmt(y - y0)} Tm")
        ops.append(f"<{font.encode(line)}> Tj")
    ops += ["ET", "Q", "EMC"]
    return "\n".join(ops).encode("ascii")


def render_editable(tpl: Template, values: dict[str, str | bool]) -> bytes:
    """The form with its fields kept, ``values`` (already checked) filled in."""
    from pypdf import PdfWriter
    from pypdf.generic import (
        ArrayObject,
        DecodedStreamObject,
        DictionaryObject,
        FloatObject,
        NameObject,
        TextStringObject,
    )

    from dvc_cli.render.form_template import complete

    writer = PdfWriter(clone_from=complete(tpl).reader)
    # The writer's widgets, in the same order as the template's (the clone keeps it).
    remaining = {name: list(tpl.fields[name]) for name in values}
    font_refs: dict[int, object] = {}
    for page in writer.pages:
        for ref in get(page, "/Annots", []):
            widget = ref.get_object()
            if widget.get("/Subtype") != "/Widget":
                continue
            name = qualified_name(widget)
            if name not in remaining or not remaining[name]:
                continue
            field = remaining[name].pop(0)
            value = values[name]
            holder = widget if "/T" in widget else widget["/Parent"].get_object()
            if field.type == "checkbox":
                states = [k for k in get(get(widget, "/AP", {}), "/N", {}) if k != "/Off"]
                on = NameObject(states[0] if states else "/Yes")
                state = on if value is True else NameObject("/Off")
                holder[NameObject("/V")] = state
                widget[NameObject("/AS")] = state
                continue
            assert isinstance(value, str)
            font = _field_font(tpl, field, widget)
            missing = missing_from(font.gids, value)
            if missing:
                raise cannot_draw(name, missing[0])
            placed = layout(field, value, font.width)
            holder[NameObject("/V")] = TextStringObject(value)
            key = id(font)
            if key not in font_refs:
                # The writer's copy of the template's font dictionary.
                fonts = writer.root_object["/AcroForm"]["/DR"]["/Font"]
                font_refs[key] = fonts.raw_get(font.resource)
            x0, y0, x1, y1 = field.rect
            ap = DecodedStreamObject()
            ap.set_data(_text_appearance(field, placed, font))
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
