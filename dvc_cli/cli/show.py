"""``dvc show``: a procedure's facts and its whole dossier with conditions."""

from __future__ import annotations

from typing import Any

from dvc_cli import LoadedProcedure, document_form
from dvc_cli.cli import ui
from dvc_cli.i18n import _, pick


def describe(proc: LoadedProcedure) -> Any:
    """A Rich renderable describing ``proc``."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    m = proc.model
    head = Text()
    # The title in the interface language, then the other one (dim).
    other = m.title.vi if m.title.en and pick(m.title) == m.title.en else m.title.en
    head.append(f"{pick(m.title)}\n", style="bold")
    if other:
        head.append(f"{other}\n", style="dim")
    for label, value in (
        (_("Mã dvc"), m.id),
        (_("Mã thủ tục (Cổng DVC quốc gia)"), m.portal_code),
        (_("Cơ quan giải quyết"), pick(m.authority)),
        (_("Thời hạn"), pick(m.processing_time)),
        (_("Lệ phí"), pick(m.fee)),
        (_("Giá trị"), pick(m.validity) or None),
        (_("Nộp trực tuyến"), pick(m.online) or None),
    ):
        if value:
            head.append(f"{label}: ", style="bold")
            head.append(f"{value}\n")
    dossier = Table(
        title=_("Thành phần hồ sơ"), show_lines=not ui.plain(), expand=True, box=ui.box()
    )
    dossier.add_column(_("Giấy tờ"))
    dossier.add_column(_("Hình thức"), width=20)
    dossier.add_column(_("Khi nào"), width=30)
    for d in m.dossier:
        dossier.add_row(pick(d.title), document_form(d.kind, d.count), d.when or _("luôn cần"))
    questions = Table(title=_("Câu hỏi"), expand=True, box=ui.box())
    questions.add_column(_("Bước"), width=5)
    questions.add_column(_("Mã (id)"))
    questions.add_column(_("Câu hỏi"))
    questions.add_column(_("Khi nào"), width=30)
    for i, step in enumerate(m.steps, 1):
        for q in step.questions:
            questions.add_row(str(i), q.id, pick(q.label), q.when or "")
    basis = Text(_("Căn cứ pháp lý") + "\n", style="bold")
    for b in m.legal_basis:
        basis.append(f"• {b.title}" + (f" — {b.citation}" if b.citation else "") + "\n")
    notes = Text()
    if m.notes:
        notes.append(_("Lưu ý (chưa xác nhận hết)") + "\n", style="bold")
        for n in m.notes:
            notes.append(f"• {pick(n)}\n")
    return Group(head, dossier, questions, basis, notes)
