"""Flat output: the answers drawn onto the template's base, no fields left.

Fast path: the base is serialised once per template with the fixed Vietnamese subset of
:mod:`dvc_cli.render.pdf_text`; per call only the answers' content streams are written and
joined to those bytes (about 0.3 ms a form). Values with a character outside that subset are
drawn with reportlab on an overlay page instead, stamped onto a copy of the base as a form
XObject (about 6 ms; pypdf's merge_page would re-parse the page each time). Both draw the
same layout.
"""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO
from typing import TYPE_CHECKING, Any

from dvc_cli.fonts import STYLES, register_fonts
from dvc_cli.render import form_template, pdf_text
from dvc_cli.render.form_layout import Layout, WidthFn, layout
from dvc_cli.render.form_template import FieldInfo, Template

if TYPE_CHECKING:
    from dvc_cli.render.form_lists import Continuation

Rect = tuple[float, float, float, float]
_PAGE = (595.2756, 841.8898)  # a continuation page: A4, as the checklist
Drawn = dict[int, list[tuple[FieldInfo, Layout | None]]]  # page -> fields (None: a checked box)


def render_flat(
    tpl: Template, values: dict[str, str | bool], continuation: Continuation | None = None
) -> bytes:
    """The flattened form with ``values`` (already checked) drawn in, and its
    ``continuation`` page(s) after its pages: written with the form by the fast path, else
    appended with pypdf (:func:`~dvc_cli.render.form_lists.append`)."""
    texts = [v for v in values.values() if isinstance(v, str)]
    fast = pdf_text.in_fixed_subset(texts)
    if fast:
        width: WidthFn = pdf_text.font("Regular").width
    else:
        register_fonts()
        width = _reportlab_width(STYLES["Regular"])
    by_page: Drawn = {}
    for name, value in values.items():
        for field in tpl.fields[name]:
            if field.type == "checkbox":
                if value is True:
                    by_page.setdefault(field.page, []).append((field, None))
            else:
                assert isinstance(value, str)
                by_page.setdefault(field.page, []).append((field, layout(field, value, width)))
    if fast:
        extra = continuation.pages() if continuation is not None else None
        if continuation is None or extra is not None:
            form = _render_fast(tpl, by_page, extra or ())
            if form is not None:
                return form
        form = _render_fast(tpl, by_page)
        assert form is not None
    else:
        form = _render_reportlab(tpl, by_page)
    if continuation is None:
        return form
    from dvc_cli.render import form_lists

    return form_lists.append(form, continuation.pdf())


def _reportlab_width(font_name: str) -> WidthFn:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return lambda text, size: stringWidth(text, font_name, size)


def _check_cross(rect: Rect) -> Rect:
    """The box of the cross marking a checked box: inset by a fifth of the side."""
    x0, y0, x1, y1 = rect
    inset = min(x1 - x0, y1 - y0) * 0.2
    return x0 + inset, y0 + inset, x1 - inset, y1 - inset


# -- fast path ------------------------------------------------------------------------------
# id(a layout, or a checkbox's field) → (it, held so that its id is not reused; the items that
# draw it): the layouts kept by form_layout and the template's fields, drawn again row by row
_ITEMS: dict[int, tuple[object, tuple[pdf_text.Text | pdf_text.Line, ...]]] = {}


def _items(field: FieldInfo, placed: Layout | None) -> tuple[pdf_text.Text | pdf_text.Line, ...]:
    """What draws ``placed`` (None: the cross of the checked box ``field``)."""
    if placed is None:
        x0, y0, x1, y1 = _check_cross(field.rect)
        return (pdf_text.Line(x0, y0, x1, y1), pdf_text.Line(x0, y1, x1, y0))
    return tuple(pdf_text.Text(x, y, "Regular", placed.size, line) for x, y, line in placed.lines)


def _render_fast(
    tpl: Template, by_page: Drawn, extra: Sequence[Sequence[pdf_text.Text | pdf_text.Line]] = ()
) -> bytes | None:
    """The form by the template's writer, ``extra`` pages after its own; None when the
    writer cannot append pages."""
    pages: dict[int, list[pdf_text.Text | pdf_text.Line]] = {}
    for page_no, items in by_page.items():
        ops = pages.setdefault(page_no, [])
        for field, placed in items:
            owner = field if placed is None else placed  # what the items are made from
            kept = _ITEMS.get(id(owner))
            if kept is None or kept[0] is not owner:
                kept = (owner, _items(field, placed))
                if len(_ITEMS) > 4096:  # the layouts of names do not come again
                    _ITEMS.clear()
                _ITEMS[id(owner)] = kept
            ops += kept[1]
    if tpl.flat_writer is None:  # the base serialised once, ready for answers streams
        tpl.flat_writer = pdf_text.TemplateWriter(tpl.base)
        form_template.keep(tpl)  # and kept for the next runs
    if extra and not tpl.flat_writer.extends:
        return None
    return tpl.flat_writer.render(pages, extra, _PAGE)


# -- reportlab fallback ---------------------------------------------------------------------
def _draw_check(canvas: Any, rect: Rect) -> None:
    x0, y0, x1, y1 = _check_cross(rect)
    canvas.saveState()
    canvas.setLineWidth(1.2)
    canvas.setLineCap(1)
    canvas.line(x0, y0, x1, y1)
    canvas.line(x0, y1, x1, y0)
    canvas.restoreState()


def _stamp(writer: Any, page: Any, overlay_page: Any, name: str) -> None:
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


def _render_reportlab(tpl: Template, by_page: Drawn) -> bytes:
    from pypdf import PdfReader, PdfWriter
    from reportlab.pdfgen.canvas import Canvas

    font = STYLES["Regular"]
    writer = PdfWriter(clone_from=form_template.complete(tpl).base)
    if by_page:
        buf = BytesIO()
        canvas = Canvas(buf, invariant=1, pageCompression=1)
        pages = sorted(by_page)
        for page_no in pages:
            box = writer.pages[page_no - 1].mediabox
            canvas.setPageSize((float(box.right), float(box.top)))
            canvas.setFillColorRGB(0, 0, 0)
            for field, placed in by_page[page_no]:
                if placed is None:
                    _draw_check(canvas, field.rect)
                    continue
                canvas.setFont(font, placed.size)
                for x, y, line in placed.lines:
                    canvas.drawString(x, y, line)
            canvas.showPage()
        canvas.save()
        overlay = PdfReader(BytesIO(buf.getvalue()))
        for page_no, overlay_page in zip(pages, overlay.pages, strict=True):
            _stamp(writer, writer.pages[page_no - 1], overlay_page, f"/DvcAnswers{page_no}")
    out = BytesIO()
    writer.write(out)
    return out.getvalue()
