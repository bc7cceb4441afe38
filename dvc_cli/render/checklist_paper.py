"""The checklist on paper: Markdown (``checklist.md``) and an A4 PDF (``checklist.pdf``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dvc_cli.core.checklist import Checklist
from dvc_cli.i18n import _


# -- Markdown ---------------------------------------------------------------------------
def to_markdown(c: Checklist) -> str:
    """The checklist as Markdown (``checklist.md``)."""
    made = _("{label}: **{person}** · Lập ngày {date} bằng dvc").format(
        label=c.person_label, person=c.person, date=f"{c.generated:%d/%m/%Y}"
    )
    lines = [
        "# " + _("Danh sách giấy tờ — {title}").format(title=c.title),
        "",
        made,
        "",
        "## " + _("Giấy tờ cần mang theo"),
        "",
    ]
    for i, item in enumerate(c.documents, 1):
        lines.append(f"{i}. [ ] **{item.title}** — {item.how}")
        if item.note:
            lines.append(f"   - {item.note}")
    lines += ["", "## " + _("Nơi đến, theo thứ tự"), ""]
    for i, visit in enumerate(c.visits, 1):
        lines.append(f"{i}. **{visit.title}**")
        if visit.note:
            lines.append(f"   - {visit.note}")
    if c.opening_hours:
        lines += ["", f"**{_('Giờ làm việc:')}** {c.opening_hours}"]
    if c.online:
        lines += ["", f"**{_('Nộp trực tuyến:')}** {c.online}"]
    lines += [
        "",
        "## " + _("Lệ phí, thời hạn"),
        "",
        f"- **{_('Cơ quan giải quyết:')}** {c.authority}",
        f"- **{_('Lệ phí:')}** {c.fee}",
        f"- **{_('Thời hạn giải quyết:')}** {c.processing_time}",
    ]
    if c.validity:
        lines.append(f"- **{_('Giá trị sử dụng:')}** {c.validity}")
    lines += ["", "## " + _("Căn cứ pháp lý"), ""]
    lines += [f"- {b}" for b in c.legal_basis]
    if c.notes:
        lines += ["", "## " + _("Lưu ý"), ""]
        lines += [f"- {n}" for n in c.notes]
    return "\n".join(lines) + "\n"


# -- PDF --------------------------------------------------------------------------------
# A4 in points, margins and type as the checklist has always been printed: Noto Serif 11/14.5,
# bold headings, italic notes, numbered lists hanging 8 mm. Laid out here (greedy word wrap on
# the font's advance widths) and written by pdf_text: ~1 ms, where reportlab's platypus took
# ~13 ms, most of a batch row's time.
_MM = 72 / 25.4
_PAGE = (595.2756, 841.8898)
_LEFT, _RIGHT, _TOP, _BOTTOM = 20 * _MM, 18 * _MM, 16 * _MM, 16 * _MM
_INDENT = 8 * _MM

Run = tuple[str, str]  # (text, font style: Regular, Bold or Italic)


@dataclass(frozen=True)
class _Style:
    font: str
    size: float
    leading: float
    center: bool = False
    gray: float = 0.0
    before: float = 0.0
    after: float = 0.0


_BASE = _Style("Regular", 11, 14.5)
_TITLE = _Style("Bold", 15, 19, center=True, after=4)
_SUB = _Style("Regular", 11, 14.5, center=True, gray=0.2)
_HEAD = _Style("Bold", 12.5, 16, before=10, after=4)
_NOTE = _Style("Italic", 10, 13)


class _Pages:
    """Paragraphs flowed down A4 pages; the result is a list of pages of pdf_text items."""

    def __init__(self, width: Any, laid: dict | None = None, widths: Any = None) -> None:
        self.width = width  # (text, font style, size) → points
        # (texts, font style, size) → the points of each, as width gives them (fewer calls)
        self.widths = widths or (lambda texts, style, size: [width(t, style, size) for t in texts])
        self.laid = laid  # paragraph → its lines, kept across documents (see _laid_out)
        # (its lines, bullet, y) → its texts there and the y after it: the same paragraph at
        # the same place again (the title, headings, dossier notes…), while ``laid`` is kept
        self._placed: dict[tuple[int, str, float], tuple[Any, list[Any], float]] = _PLACED
        self.pages: list[list[Any]] = [[]]
        self.y = _PAGE[1] - _TOP

    def _new_page(self) -> None:
        self.pages.append([])
        self.y = _PAGE[1] - _TOP

    def space(self, height: float) -> None:
        if self.y < _PAGE[1] - _TOP:  # never at the top of a page
            self.y -= height

    def _lines(self, runs: list[Run], size: float, avail: float) -> list[list[tuple[str, str]]]:
        if len(runs) == 1:  # most paragraphs: one style
            return self._one_style_lines(*runs[0], size, avail)
        words: list[list[tuple[str, str]]] = []  # a word may mix styles: "Lệ phí:" + ...
        glue = False
        for text, font in runs:
            parts = text.split(" ")
            for i, part in enumerate(parts):
                if i > 0:
                    glue = False
                if not part:
                    continue
                if glue and words:
                    words[-1].append((part, font))
                else:
                    words.append([(part, font)])
                glue = True
        lines: list[list[tuple[str, str]]] = []
        line: list[tuple[str, str]] = []
        used = 0.0
        width = self.width
        spaces: dict[str, float] = {}  # a space's width in each style, at this size
        for word in words:
            w = width(*word[0], size) if len(word) == 1 else sum(width(t, f, size) for t, f in word)
            if line:
                space = spaces.get(line[-1][1])
                if space is None:
                    space = spaces[line[-1][1]] = width(" ", line[-1][1], size)
            else:
                space = 0.0
            if line and used + space + w > avail:
                lines.append(line)
                line, used = [], 0.0
                space = 0.0
            if line:
                line.append((" ", line[-1][1]))
            line.extend(word)
            used += space + w
        if line:
            lines.append(line)
        return lines

    def _one_style_lines(
        self, text: str, font: str, size: float, avail: float
    ) -> list[list[tuple[str, str]]]:
        """:meth:`_lines` of a paragraph in one style: the same lines, its words measured in
        one call."""
        parts = [part for part in text.split(" ") if part]
        space = self.width(" ", font, size)
        lines: list[list[tuple[str, str]]] = []
        line: list[tuple[str, str]] = []
        used = 0.0
        for part, w in zip(parts, self.widths(parts, font, size), strict=True):
            if not line:
                line.append((part, font))
                used += 0.0 + w
            elif used + space + w > avail:
                lines.append(line)
                line, used = [(part, font)], 0.0 + w
            else:
                line += ((" ", font), (part, font))
                used += space + w
        if line:
            lines.append(line)
        return lines

    def paragraph(
        self, runs: list[Run], style: _Style = _BASE, indent: float = 0.0, bullet: str = ""
    ) -> None:
        from dvc_cli.render.pdf_text import Text

        self.space(style.before)
        lines = self._laid_out(runs, style, indent)
        placed = self._placed.get((id(lines), bullet, self.y)) if self.laid is not None else None
        if placed is not None and placed[0] is lines:  # laid out, and put here, before
            self.pages[-1].extend(placed[1])
            self.y = placed[2]
            return
        start, pages, first = self.y, len(self.pages), len(self.pages[-1])
        for i, line in enumerate(lines):
            if self.y - style.leading < _BOTTOM:
                self._new_page()
            baseline = self.y - style.size
            if bullet and i == 0:
                page = self.pages[-1]
                page.append(Text(_LEFT, baseline, style.font, style.size, bullet, style.gray))
            for x, text, font in line:
                self.pages[-1].append(Text(x, baseline, font, style.size, text, style.gray))
            self.y -= style.leading
        self.y -= style.after
        if self.laid is not None and len(self.pages) == pages:  # no page break inside
            if len(self._placed) > 4096:
                self._placed.clear()
            self._placed[id(lines), bullet, start] = (lines, self.pages[-1][first:], self.y)

    def _laid_out(
        self, runs: list[Run], style: _Style, indent: float
    ) -> list[list[tuple[float, str, str]]]:
        """The lines of a paragraph, each as (x, text, font style) pieces: they do not depend on
        where the paragraph falls, so the same paragraph (a procedure's legal basis, notes, fee,
        dossier) is laid out once per process, not once per person (``self.laid``)."""
        key = (tuple(runs), id(style), indent)  # the styles are this module's constants
        if self.laid is not None:
            found = self.laid.get(key)
            if found is not None:
                return found
        left = _LEFT + indent
        avail = _PAGE[0] - _RIGHT - left
        out = []
        for line in self._lines(runs, style.size, avail):
            # Consecutive pieces in one style are drawn as one string.
            merged: list[list[str]] = []
            for text, font in line:
                if merged and merged[-1][1] == font:
                    merged[-1][0] += text
                else:
                    merged.append([text, font])
            total = sum(self.width(t, f, style.size) for t, f in merged)
            x = left + ((avail - total) / 2 if style.center else 0.0)
            pieces = []
            for text, font in merged:
                pieces.append((x, text, font))
                x += self.width(text, font, style.size)
            out.append(pieces)
        if self.laid is not None:
            if len(self.laid) > 4096:  # the paragraphs naming a person do not repeat
                self.laid.clear()
            self.laid[key] = out
        return out

    def tail(self, key: tuple, draw: Any) -> None:
        """``draw(self)``, the end of a document whose texts ``key`` says in full: what it
        adds depends only on them and on where it starts (``self.y``), so it is laid out once
        per process for each start (a procedure's fees, legal basis and notes come after the
        person's papers, whose lines vary in number), not once per person (``self.laid``),
        and kept as :class:`~dvc_cli.render.pdf_text.Block` s (what it adds to each page),
        whose content streams are then made once too."""
        if self.laid is None:
            draw(self)
            return
        from dvc_cli.render.pdf_text import Block

        full = ("tail", key, self.y)
        found = self.laid.get(full)
        if found is None:
            page, start = len(self.pages) - 1, len(self.pages[-1])
            draw(self)
            added = [self.pages[page][start:], *self.pages[page + 1 :]]
            found = (tuple(Block(items) if items else None for items in added), self.y)
            del self.pages[page][start:], self.pages[page + 1 :]
            if len(self.laid) > 4096:
                self.laid.clear()
            self.laid[full] = found
        blocks, self.y = found
        if blocks[0] is not None:
            self.pages[-1].append(blocks[0])
        self.pages.extend([block] if block is not None else [] for block in blocks[1:])

    def heading(self, text: str) -> None:
        # Keep a heading with at least two lines of what follows it.
        needed = _HEAD.before + _HEAD.leading + _HEAD.after + 2 * _BASE.leading
        if self.y - needed < _BOTTOM:
            self._new_page()
        self.paragraph([(text, _HEAD.font)], _HEAD)


def _layout(
    c: Checklist, width: Any, laid: dict | None = None, widths: Any = None
) -> list[list[Any]]:
    doc = _Pages(width, laid, widths)
    doc.paragraph([(_("DANH SÁCH GIẤY TỜ CẦN CHUẨN BỊ"), "Bold")], _TITLE)
    doc.paragraph([(c.title, "Regular")], _SUB)
    doc.paragraph([(_subtitle(c), "Regular")], _SUB)
    doc.space(4 * _MM)
    doc.heading(_("1. Giấy tờ cần mang theo"))
    for i, item in enumerate(c.documents, 1):
        doc.paragraph(
            [(item.title, "Bold"), (f" — {item.how}", "Regular")], indent=_INDENT, bullet=str(i)
        )
        if item.note:
            doc.paragraph([(item.note, "Italic")], _NOTE, indent=_INDENT)
    doc.heading(_("2. Nơi đến, theo thứ tự"))
    for i, v in enumerate(c.visits, 1):
        doc.paragraph([(v.title, "Bold")], indent=_INDENT, bullet=str(i))
        if v.note:
            doc.paragraph([(v.note, "Italic")], _NOTE, indent=_INDENT)
    facts = (
        (_("Cơ quan giải quyết:"), c.authority),
        (_("Lệ phí:"), c.fee),
        (_("Thời hạn giải quyết:"), c.processing_time),
        (_("Giá trị sử dụng:"), c.validity),
    )
    headings = (_("3. Lệ phí, thời hạn"), _("4. Căn cứ pháp lý"), _("Lưu ý"))
    hours = (_("Giờ làm việc:"), c.opening_hours)
    online = (_("Nộp trực tuyến:"), c.online)

    def the_procedure(doc: _Pages) -> None:  # the same for every person
        for label, value in (hours, online):
            if value:
                doc.paragraph([(label, "Bold"), (f" {value}", "Regular")])
        doc.heading(headings[0])
        for label, value in facts:
            if value:
                doc.paragraph([(label, "Bold"), (f" {value}", "Regular")])
        doc.heading(headings[1])
        for b in c.legal_basis:
            doc.paragraph([(f"• {b}", "Regular")])
        if c.notes:
            doc.heading(headings[2])
            for n in c.notes:
                doc.paragraph([(f"• {n}", "Italic")], _NOTE)

    doc.tail((facts, headings, hours, online, tuple(c.legal_basis), tuple(c.notes)), the_procedure)
    return doc.pages


def _subtitle(c: Checklist) -> str:
    return _("{label}: {person} — lập ngày {date}").format(
        label=c.person_label, person=c.person, date=f"{c.generated:%d/%m/%Y}"
    )


def _texts(c: Checklist) -> list[str]:
    """Every text the PDF draws (procedure texts and dvc's own, in the interface language)."""
    return [
        c.title,
        c.person,
        c.person_label,
        c.online or "",
        c.opening_hours or "",
        _("Giờ làm việc:"),
        c.fee,
        c.processing_time,
        c.validity or "",
        c.authority,
        *c.legal_basis,
        *c.notes,
        *(t for i in c.documents for t in (i.title, i.how, i.note or "")),
        *(t for v in c.visits for t in (v.title, v.note or "")),
        _subtitle(c),
        _("DANH SÁCH GIẤY TỜ CẦN CHUẨN BỊ"),
        _("1. Giấy tờ cần mang theo"),
        _("2. Nơi đến, theo thứ tự"),
        _("3. Lệ phí, thời hạn"),
        _("4. Căn cứ pháp lý"),
        _("Lưu ý"),
        _("Nộp trực tuyến:"),
        _("Cơ quan giải quyết:"),
        _("Lệ phí:"),
        _("Thời hạn giải quyết:"),
        _("Giá trị sử dụng:"),
        "•0123456789./",
    ]


_LAID: dict = {}  # paragraphs laid out in the fixed subsets' widths, see _Pages._laid_out
_PLACED: dict = {}  # those paragraphs put at a place on a page, see _Pages.paragraph
_IN_SUBSET: set[str] = set()  # texts pdf_text.in_fixed_subset found drawable, for the process


def to_pdf(c: Checklist) -> bytes:
    """The checklist as a printable A4 PDF in the bundled Vietnamese font."""
    from dvc_cli.render import pdf_text

    title = _("Danh sách giấy tờ — {title}").format(title=c.title)
    texts = [t for t in _texts(c) if t not in _IN_SUBSET]
    if pdf_text.in_fixed_subset(texts):
        if len(_IN_SUBSET) > 4096:  # names and addresses do not come again
            _IN_SUBSET.clear()
        _IN_SUBSET.update(texts)
        fonts = {style: pdf_text.drawn_font(style) for style in ("Regular", "Bold", "Italic")}
        pages = _layout(
            c,
            lambda text, style, size: fonts[style].width(text, size),
            _LAID,
            lambda texts, style, size: fonts[style].widths_of(texts, size),
        )
        return pdf_text.write_document(pages, _PAGE, title=title)
    # A character outside the fast subset: the same layout, drawn by reportlab.
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from dvc_cli.fonts import STYLES, register_fonts

    register_fonts()
    pages = _layout(c, lambda text, style, size: stringWidth(text, STYLES[style], size))
    return pdf_text.write_document_reportlab(pages, _PAGE, title=title)
