"""The checklist on the terminal (Rich), framed or, with ``--plain``, as plain lines."""

from __future__ import annotations

from typing import Any

from dvc_cli import Checklist
from dvc_cli.cli import ui
from dvc_cli.i18n import _


# -- Rich -------------------------------------------------------------------------------
def to_rich(c: Checklist) -> Any:
    """A Rich renderable for the terminal."""
    from rich.console import Group
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    docs = Table(show_header=True, header_style="bold", expand=True, box=None, padding=(0, 1))
    docs.add_column("#", width=3)
    docs.add_column(_("Giấy tờ"))
    docs.add_column(_("Hình thức"), width=22)
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
        (_("Giờ làm việc"), c.opening_hours),
        (_("Nộp trực tuyến"), c.online),
        (_("Lệ phí"), c.fee),
        (_("Thời hạn"), c.processing_time),
        (_("Giá trị"), c.validity),
    ):
        if value:
            facts.append(f"{label}: ", style="bold")
            facts.append(value + "\n")
    body = Group(
        docs, Text(""), Text(_("Nơi đến, theo thứ tự"), style="bold underline"), visits, facts
    )
    title = _("Danh sách giấy tờ — {title}").format(title=c.title)
    if ui.plain():  # no box around it: a screen reader reads the title, then the lines
        heading = Text(title + (f" ({c.person})" if c.person else ""), style="bold")
        return Group(heading, Text(""), body)
    return Panel(body, title=title, subtitle=c.person)
