"""``dvc show``: a procedure's facts and its whole dossier with conditions."""

from __future__ import annotations

from typing import Any

from dvc_cli.checklist import KIND_LABELS
from dvc_cli.procedures import LoadedProcedure


def describe(proc: LoadedProcedure) -> Any:
    """A Rich renderable describing ``proc``."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    m = proc.model
    head = Text()
    head.append(f"{m.title.vi}\n", style="bold")
    if m.title.en:
        head.append(f"{m.title.en}\n", style="dim")
    for label, value in (
        ("Mã dvc", m.id),
        ("Mã thủ tục (Cổng DVC quốc gia)", m.portal_code),
        ("Cơ quan giải quyết", m.authority.vi),
        ("Thời hạn", m.processing_time.vi),
        ("Lệ phí", m.fee.vi),
        ("Giá trị", m.validity.vi if m.validity else None),
        ("Nộp trực tuyến", m.online.vi if m.online else None),
    ):
        if value:
            head.append(f"{label}: ", style="bold")
            head.append(f"{value}\n")
    dossier = Table(title="Thành phần hồ sơ", show_lines=True, expand=True)
    dossier.add_column("Giấy tờ")
    dossier.add_column("Hình thức", width=20)
    dossier.add_column("Khi nào", width=30)
    for d in m.dossier:
        how = KIND_LABELS[d.kind] + (f", {d.count:02d} bản" if d.count else "")
        dossier.add_row(d.title.vi, how, d.when or "luôn cần")
    questions = Table(title="Câu hỏi", expand=True)
    questions.add_column("Bước", width=5)
    questions.add_column("Mã (id)")
    questions.add_column("Câu hỏi")
    questions.add_column("Khi nào", width=30)
    for i, step in enumerate(m.steps, 1):
        for q in step.questions:
            questions.add_row(str(i), q.id, q.label.vi, q.when or "")
    basis = Text("Căn cứ pháp lý\n", style="bold")
    for b in m.legal_basis:
        basis.append(f"• {b.title}" + (f" — {b.citation}" if b.citation else "") + "\n")
    notes = Text()
    if m.notes:
        notes.append("Lưu ý (chưa xác nhận hết)\n", style="bold")
        for n in m.notes:
            notes.append(f"• {n.vi}\n")
    return Group(head, dossier, questions, basis, notes)
