"""The personalised checklist: documents to bring, places to go, fee, time, legal basis.

:func:`build` evaluates the procedure's dossier and visits against one person's answers;
the renderers turn the result into Markdown, a printable A4 PDF, or Rich output.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any

from jinja2 import TemplateError, UndefinedError

from dvc_cli import expressions
from dvc_cli.engine import Interview
from dvc_cli.errors import ProcedureError

KIND_LABELS = {
    "original": "Bản chính",
    "copy": "Bản sao",
    "present": "Xuất trình bản chính (không phải nộp)",
    "original_or_copy": "Bản chính hoặc bản sao",
}


@dataclass(frozen=True)
class Item:
    """One document to bring."""

    title: str
    kind: str
    count: int | None
    note: str | None
    produced_by_dvc: bool

    @property
    def how(self) -> str:
        """``Bản sao, 01 bản`` and the like."""
        label = KIND_LABELS[self.kind]
        return f"{label}, {self.count:02d} bản" if self.count else label


@dataclass(frozen=True)
class Visit:
    title: str
    note: str | None


@dataclass
class Checklist:
    """Everything one person needs to finish the procedure in one trip."""

    procedure_id: str
    title: str
    person: str
    documents: list[Item]
    visits: list[Visit]
    online: str | None
    fee: str
    processing_time: str
    validity: str | None
    authority: str
    legal_basis: list[str]
    notes: list[str] = field(default_factory=list)
    generated: dt.date = field(default_factory=dt.date.today)


def _applies(when: str | None, ctx: dict[str, Any], where: str) -> bool:
    if not when:
        return True
    try:
        return bool(expressions.evaluate(when, ctx))
    except UndefinedError:
        return False
    except (TemplateError, TypeError) as exc:
        raise ProcedureError(f"{where}.when: {exc}") from None


def _text(source: str | None, ctx: dict[str, Any]) -> str | None:
    return expressions.render(source, ctx) or None if source else None


def build(interview: Interview) -> Checklist:
    """The checklist for the answers in ``interview``."""
    proc = interview.procedure.model
    ctx = interview.context()
    items = [
        Item(
            _text(d.title.vi, ctx) or d.title.vi,
            d.kind,
            d.count,
            _text(d.note.vi, ctx) if d.note else None,
            d.produced_by_dvc,
        )
        for d in proc.dossier
        if _applies(d.when, ctx, f"{proc.id}: dossier.{d.id}")
    ]
    visits = [
        Visit(_text(v.title.vi, ctx) or v.title.vi, _text(v.note.vi, ctx) if v.note else None)
        for i, v in enumerate(proc.visits)
        if _applies(v.when, ctx, f"{proc.id}: visits.{i}")
    ]
    basis = [" — ".join(x for x in (b.title, b.citation) if x) for b in proc.legal_basis]
    return Checklist(
        procedure_id=proc.id,
        title=proc.title.vi,
        person=interview.person_name(),
        documents=items,
        visits=visits,
        online=proc.online.vi if proc.online else None,
        fee=proc.fee.vi,
        processing_time=proc.processing_time.vi,
        validity=proc.validity.vi if proc.validity else None,
        authority=proc.authority.vi,
        legal_basis=basis,
        notes=[n.vi for n in proc.notes],
        generated=interview.today,
    )


# -- Markdown ---------------------------------------------------------------------------
def to_markdown(c: Checklist) -> str:
    """The checklist as Markdown (``checklist.md``)."""
    lines = [
        f"# Danh sách giấy tờ — {c.title}",
        "",
        f"Người được cấp: **{c.person}** · Lập ngày {c.generated:%d/%m/%Y} bằng dvc",
        "",
        "## Giấy tờ cần mang theo",
        "",
    ]
    for i, item in enumerate(c.documents, 1):
        lines.append(f"{i}. [ ] **{item.title}** — {item.how}")
        if item.note:
            lines.append(f"   - {item.note}")
    lines += ["", "## Nơi đến, theo thứ tự", ""]
    for i, visit in enumerate(c.visits, 1):
        lines.append(f"{i}. **{visit.title}**")
        if visit.note:
            lines.append(f"   - {visit.note}")
    if c.online:
        lines += ["", f"**Nộp trực tuyến:** {c.online}"]
    lines += [
        "",
        "## Lệ phí, thời hạn",
        "",
        f"- **Cơ quan giải quyết:** {c.authority}",
        f"- **Lệ phí:** {c.fee}",
        f"- **Thời hạn giải quyết:** {c.processing_time}",
    ]
    if c.validity:
        lines.append(f"- **Giá trị sử dụng:** {c.validity}")
    lines += ["", "## Căn cứ pháp lý", ""]
    lines += [f"- {b}" for b in c.legal_basis]
    if c.notes:
        lines += ["", "## Lưu ý", ""]
        lines += [f"- {n}" for n in c.notes]
    return "\n".join(lines) + "\n"


# -- PDF --------------------------------------------------------------------------------
def to_pdf(c: Checklist) -> bytes:
    """The checklist as a printable A4 PDF in the bundled Vietnamese font."""
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import ListFlowable, ListItem, Paragraph, SimpleDocTemplate, Spacer

    from dvc_cli.fonts import STYLES, register_fonts

    family = register_fonts()
    base = ParagraphStyle("base", fontName=STYLES["Regular"], fontSize=11, leading=14.5)
    title = ParagraphStyle(
        "title",
        parent=base,
        fontName=STYLES["Bold"],
        fontSize=15,
        leading=19,
        alignment=TA_CENTER,
        spaceAfter=4,
    )
    sub = ParagraphStyle(
        "sub", parent=base, alignment=TA_CENTER, textColor=colors.HexColor("#333333")
    )
    head = ParagraphStyle(
        "head",
        parent=base,
        fontName=STYLES["Bold"],
        fontSize=12.5,
        leading=16,
        spaceBefore=10,
        spaceAfter=4,
    )
    note = ParagraphStyle("note", parent=base, fontName=STYLES["Italic"], fontSize=10, leading=13)

    def p(text: str, style: ParagraphStyle = base) -> Paragraph:
        return Paragraph(escape(text), style)

    def bold(text: str) -> str:
        return f"<font name='{STYLES['Bold']}'>{escape(text)}</font>"

    story: list[Any] = [
        p("DANH SÁCH GIẤY TỜ CẦN CHUẨN BỊ", title),
        p(c.title, sub),
        p(f"Người được cấp: {c.person} — lập ngày {c.generated:%d/%m/%Y}", sub),
        Spacer(1, 4 * mm),
        p("1. Giấy tờ cần mang theo", head),
    ]
    docs = []
    for item in c.documents:
        parts = [Paragraph(f"{bold(item.title)} — {escape(item.how)}", base)]
        if item.note:
            parts.append(p(item.note, note))
        docs.append(ListItem(parts, leftIndent=8 * mm, value=None))
    story.append(ListFlowable(docs, bulletType="1", bulletFontName=family, leftIndent=8 * mm))
    story.append(p("2. Nơi đến, theo thứ tự", head))
    visits = []
    for v in c.visits:
        parts = [Paragraph(bold(v.title), base)]
        if v.note:
            parts.append(p(v.note, note))
        visits.append(ListItem(parts, leftIndent=8 * mm))
    story.append(ListFlowable(visits, bulletType="1", bulletFontName=family, leftIndent=8 * mm))
    if c.online:
        story.append(Paragraph(f"{bold('Nộp trực tuyến:')} {escape(c.online)}", base))
    story.append(p("3. Lệ phí, thời hạn", head))
    for label, value in (
        ("Cơ quan giải quyết:", c.authority),
        ("Lệ phí:", c.fee),
        ("Thời hạn giải quyết:", c.processing_time),
        ("Giá trị sử dụng:", c.validity),
    ):
        if value:
            story.append(Paragraph(f"{bold(label)} {escape(value)}", base))
    story.append(p("4. Căn cứ pháp lý", head))
    story += [p(f"• {b}") for b in c.legal_basis]
    if c.notes:
        story.append(p("Lưu ý", head))
        story += [p(f"• {n}", note) for n in c.notes]

    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=f"Danh sách giấy tờ — {c.title}",
        author="dvc",
    )
    doc.build(story)
    return buf.getvalue()


# -- Rich -------------------------------------------------------------------------------
def to_rich(c: Checklist) -> Any:
    """A Rich renderable for the terminal."""
    from rich.console import Group
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    docs = Table(show_header=True, header_style="bold", expand=True, box=None, padding=(0, 1))
    docs.add_column("#", width=3)
    docs.add_column("Giấy tờ")
    docs.add_column("Hình thức", width=22)
    for i, item in enumerate(c.documents, 1):
        cell = Text(item.title, style="bold")
        if item.note:
            cell.append("\n" + item.note, style="italic dim")
        docs.add_row(str(i), cell, item.how)
    visits = Text()
    for i, v in enumerate(c.visits, 1):
        visits.append(f"{i}. {v.title}\n", style="bold")
        if v.note:
            visits.append(f"   {v.note}\n", style="dim")
    facts = Text()
    for label, value in (
        ("Nộp trực tuyến", c.online),
        ("Lệ phí", c.fee),
        ("Thời hạn", c.processing_time),
        ("Giá trị", c.validity),
    ):
        if value:
            facts.append(f"{label}: ", style="bold")
            facts.append(value + "\n")
    return Panel(
        Group(docs, Text(""), Text("Nơi đến, theo thứ tự", style="bold underline"), visits, facts),
        title=f"Danh sách giấy tờ — {c.title}",
        subtitle=c.person,
    )
