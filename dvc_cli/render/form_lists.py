"""A list question's items on a form: its table rows, and a continuation page for the rest.

A form's ``lists`` (procedure file, :class:`~dvc_cli.core.schema.FormList`) say which list
goes where: item ``n`` (from 1) of ``question`` fills the template fields ``<field>_<n>`` of
each column, for ``n`` up to ``rows``; the column's ``value`` is a template of one item (its
answers by id, ``n``, the outer answers). Items past ``rows`` are never dropped: they go on a
continuation page appended to the same PDF (titled as a continuation of the form, with the
person's name and each item's headings), and ``more_field`` on the form says "xem trang bổ
sung". A value too long for its row is refused when it is typed (:mod:`dvc_cli.render.fit`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from io import BytesIO
from typing import TYPE_CHECKING, Any

from dvc_cli.core import expressions, lists
from dvc_cli.i18n import N_

if TYPE_CHECKING:
    from dvc_cli.core.engine import Interview
    from dvc_cli.core.schema import FormList, OutputForm


def row_field(column: str, n: int) -> str:
    """The template field of row ``n`` (from 1) of a column: ``period_place_1``."""
    return f"{column}_{n}"


def field_names(out: OutputForm) -> list[str]:
    """Every template field an output's ``lists`` fill (rows, then the "more" field)."""
    names = []
    for spec in out.lists:
        for n in range(1, spec.rows + 1):
            names += [row_field(c.field, n) for c in spec.columns]
        if spec.more_field:
            names.append(spec.more_field)
    return names


#: What a column's template sees for item ``index`` (from 0).
item_context = lists.template_scope


def cells(
    interview: Interview, oi: int, li: int, ctx: Mapping[str, Any]
) -> Iterator[tuple[int, int, str]]:
    """(item index, column index, text) of every item of ``outputs[oi].lists[li]``."""
    proc = interview.procedure
    spec = proc.model.outputs[oi].lists[li]
    for index, item in enumerate(ctx.get(spec.question) or ()):
        scope = item_context(ctx, item, index)
        for ci, column in enumerate(spec.columns):
            where = proc.lazy_where("outputs", oi, "lists", li, "columns", ci, "value")
            yield index, ci, expressions.render(column.value, scope, where)


@dataclass(frozen=True)
class Overflow:
    """The items of one list that did not fit the form's rows."""

    spec: FormList
    label: str  # what the list is, in the form's words
    rows: list[tuple[str, list[str]]]  # (item label, its columns' texts)


def values(
    interview: Interview, oi: int, ctx: Mapping[str, Any]
) -> tuple[dict[str, str], list[Overflow]]:
    """The fields the lists of output ``oi`` fill, and what goes on its continuation page."""
    proc = interview.procedure
    out = proc.model.outputs[oi]
    filled: dict[str, str] = {}
    overflow: list[Overflow] = []
    for li, spec in enumerate(out.lists):
        for n in range(1, spec.rows + 1):
            for c in spec.columns:
                filled[row_field(c.field, n)] = ""
        table: dict[int, list[str]] = {}
        for index, ci, text in cells(interview, oi, li, ctx):
            if index < spec.rows:
                filled[row_field(spec.columns[ci].field, index + 1)] = text
            else:
                table.setdefault(index, []).append(text)
        if spec.more_field:
            filled[spec.more_field] = spec.more_text if table else ""
        if table:
            q = proc.questions[spec.question]
            rows = [(lists.item_label(q, i, localised=False), texts) for i, texts in table.items()]
            overflow.append(Overflow(spec, q.label.vi, rows))
    return filled, overflow


@dataclass(frozen=True)
class Continuation:
    """The continuation page(s) of a form: the form's title as a continuation, the person,
    and every item that did not fit, each with its column headings. Wrapped, never cut."""

    form_title: str
    person_label: str
    person: str
    overflow: list[Overflow]

    def _texts(self) -> tuple[str, str, str, list[str]]:
        # Part of the form: in Vietnamese whatever the interface language.
        title = N_("TRANG BỔ SUNG")
        subtitle = N_("(tiếp theo {form})").format(form=self.form_title)
        who = f"{self.person_label}: {self.person}"
        texts = [title, subtitle, who, "0123456789:"]
        for part in self.overflow:
            texts += [part.label, *(c.heading for c in part.spec.columns)]
            texts += [t for label, row in part.rows for t in (label, *row)]
        return title, subtitle, who, texts

    def _layout(self, width: Any) -> list[list[Any]]:
        from dvc_cli.render import checklist_paper as paper

        title, subtitle, who, _texts = self._texts()
        doc = paper._Pages(width)
        doc.paragraph([(title, "Bold")], paper._TITLE)
        doc.paragraph([(subtitle, "Regular")], paper._SUB)
        doc.paragraph([(who, "Regular")], paper._SUB)
        for part in self.overflow:
            doc.heading(part.label)
            for label, row in part.rows:
                doc.paragraph([(label, "Bold")], indent=paper._INDENT)
                for column, text in zip(part.spec.columns, row, strict=True):
                    runs = [(f"{column.heading}: ", "Italic"), (text or "—", "Regular")]
                    doc.paragraph(runs, indent=2 * paper._INDENT)
        return doc.pages

    def pages(self) -> list[list[Any]] | None:
        """The pages as :mod:`~dvc_cli.render.pdf_text` items, laid out with the widths of
        the fixed subsets as :func:`~dvc_cli.render.pdf_text.write_document` draws them; None
        when a text is outside them (:meth:`pdf` draws it with reportlab then)."""
        from dvc_cli.render import pdf_text

        if not pdf_text.in_fixed_subset(self._texts()[3]):
            return None
        fonts = {s: pdf_text.drawn_font(s) for s in ("Regular", "Bold", "Italic")}
        return self._layout(lambda text, style, size: fonts[style].width(text, size))

    def pdf(self) -> bytes:
        """The page(s) as a PDF of their own (to :func:`append` to a form pypdf writes)."""
        from dvc_cli.render import checklist_paper as paper
        from dvc_cli.render import pdf_text

        subtitle = self._texts()[1]
        pages = self.pages()
        if pages is not None:
            return pdf_text.write_document(pages, paper._PAGE, title=subtitle)
        from reportlab.pdfbase.pdfmetrics import stringWidth

        from dvc_cli.fonts import STYLES, register_fonts

        register_fonts()
        pages = self._layout(lambda text, style, size: stringWidth(text, STYLES[style], size))
        return pdf_text.write_document_reportlab(pages, paper._PAGE, title=subtitle)


def append(form: bytes, extra: bytes) -> bytes:
    """``extra``'s pages after ``form``'s, in one PDF, by pypdf: for a form the fast writer
    does not write (a character outside the fixed subsets, an editable form, a template's
    page tree of several nodes); otherwise the continuation is written with the form
    (:meth:`~dvc_cli.render.pdf_text.TemplateWriter.render`)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(BytesIO(form)))
    writer.append(PdfReader(BytesIO(extra)))
    buf = BytesIO()
    writer.write(buf)
    return buf.getvalue()
