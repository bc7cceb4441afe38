"""``dvc show``: a procedure's facts and its whole dossier with conditions, said in words
(:class:`dvc_cli.Wording`; ``--raw``: the Jinja2 of the procedure file)."""

from __future__ import annotations

from typing import Any

from dvc_cli import LoadedProcedure, Wording, document_form
from dvc_cli.cli import ui
from dvc_cli.i18n import _, pick


def describe(proc: LoadedProcedure, *, raw: bool = False) -> Any:
    """A Rich renderable describing ``proc``: conditions and texts in words, or as written in
    the procedure file (``raw``)."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    m = proc.model
    words = Wording(m)

    def when(item: Any) -> str:
        if raw or not item.when:
            return item.when or ""
        return pick(item.when_text) if item.when_text else words.condition(item.when)

    def text(source: str) -> str:
        return source if raw else words.text(source)

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
    dossier.add_column(_("Giấy tờ"), ratio=3)
    dossier.add_column(_("Hình thức"), width=20)
    dossier.add_column(_("Khi nào"), ratio=2, min_width=30)
    for d in m.dossier:
        needed = when(d) or _("luôn cần")
        if d.for_each and not raw:  # one entry per item of a list
            lq = proc.questions.get(d.for_each)
            each = pick(lq.label) if lq is not None else d.for_each
            needed += "; " + _("mỗi mục của «{list}» một lần").format(list=each)
        elif d.for_each:
            needed += f" (for_each: {d.for_each})"
        dossier.add_row(text(pick(d.title)), document_form(d.kind, d.count), needed)
    questions = Table(title=_("Câu hỏi"), expand=True, box=ui.box())
    questions.add_column(_("Bước"), width=5)
    questions.add_column(_("Mã (id)"))
    questions.add_column(_("Câu hỏi"), ratio=3)
    questions.add_column(_("Khi nào"), ratio=2, min_width=30)
    for i, step in enumerate(m.steps, 1):
        for q in step.questions:
            questions.add_row(str(i), q.id, pick(q.label), when(q))
    visits = Table(title=_("Nơi đến"), show_lines=not ui.plain(), expand=True, box=ui.box())
    visits.add_column(_("Nơi"), ratio=3)
    visits.add_column(_("Khi nào"), ratio=2, min_width=30)
    for v in m.visits:
        visits.add_row(text(pick(v.title)), when(v) or _("luôn cần"))
    basis = Text(_("Căn cứ pháp lý") + "\n", style="bold")
    for b in m.legal_basis:
        basis.append(f"• {b.title}" + (f" — {b.citation}" if b.citation else "") + "\n")
    notes = Text()
    if m.notes:
        notes.append(_("Lưu ý (in trên danh sách giấy tờ)") + "\n", style="bold")
        for n in m.notes:
            notes.append(f"• {pick(n)}\n")
    if m.maintainer_notes:
        notes.append(_("Ghi chú cho người duy trì (không in trên giấy tờ)") + "\n", style="bold")
        for n in m.maintainer_notes:
            notes.append(f"• {pick(n)}\n")
    parts = [head, dossier, questions, *([visits] if m.visits else []), basis, notes]
    if proc.local:
        parts.append(local_facts(proc))
    return Group(*parts)


def local_facts(proc: LoadedProcedure) -> Any:
    """A Rich renderable: the local-facts overlays in force for ``proc`` (``--local``), each
    with its file, whose decision it states, the province it is limited to and what it sets."""
    from rich.text import Text

    out = Text(_("Thông tin địa phương đang áp dụng (--local)") + "\n", style="bold")
    for o in proc.local:
        f = o.facts
        sets = [
            label
            for label, present in (
                (_("lệ phí"), f.fee is not None),
                (_("nơi đến"), bool(f.visits)),
                (_("giờ làm việc"), f.opening_hours is not None),
                (_("lưu ý"), bool(f.extra_notes)),
                (_("giấy tờ thêm"), bool(f.dossier_extra)),
            )
            if present
        ]
        out.append(f"• {o.path}\n")
        out.append("    " + _("theo: {decided_by}").format(decided_by=pick(f.decided_by)) + "\n")
        where = f.province if f.province else _("mọi tỉnh")
        out.append("    " + _("áp dụng cho: {where}").format(where=where) + "\n")
        if sets:
            out.append("    " + _("đặt: {what}").format(what=", ".join(sets)) + "\n")
    return out


def _certainty(value: str) -> str:
    return {
        "confirmed": _("đã xác nhận với văn bản gốc"),
        "third-party": _("theo bản sao của bên thứ ba, chưa xác nhận"),
        "unknown": _("chưa rõ"),
    }[value]


def _fact_label(proc: LoadedProcedure, fact: str) -> str:
    m = proc.model
    fixed = {
        "legal_basis": _("Căn cứ pháp lý"),
        "authority": _("Cơ quan giải quyết"),
        "processing_time": _("Thời hạn"),
        "fee": _("Lệ phí"),
        "validity": _("Giá trị"),
    }
    if fact in fixed:
        return fixed[fact]
    kind, _dot, key = fact.partition(".")
    if kind == "dossier":
        doc = next(d for d in m.dossier if d.id == key)
        return _("Giấy tờ: {title}").format(title=pick(doc.title))
    if kind == "visits":
        return _("Nơi đến: {title}").format(title=pick(m.visits[int(key)].title))
    out = next(o for o in m.outputs if o.id == key)
    return _("Mẫu: {title}").format(title=pick(out.title))


def sources(proc: LoadedProcedure) -> Any:
    """A Rich renderable: each fact of ``proc`` and the sources backing it."""
    from rich.text import Text

    from dvc_cli import sources_by_fact

    m = proc.model
    out = Text()
    out.append(f"{pick(m.title)}: " + _("nguồn của từng thông tin") + "\n", style="bold")
    for fact, backing in sources_by_fact(m).items():
        out.append(f"\n{_fact_label(proc, fact)}", style="bold")
        out.append(f"  [{fact}]\n", style="dim")
        if not backing:
            out.append("  " + _("chưa có nguồn") + "\n")
        for s in backing:
            out.append(f"  • {s.document}" + (f", {s.article}" if s.article else "") + "\n")
            out.append("    " + _("đọc tại: {where}").format(where=s.read_at) + "\n")
            out.append(
                "    "
                + _("đối chiếu ngày {date}; {certainty}").format(
                    date=s.checked.isoformat(), certainty=_certainty(s.certainty)
                )
                + "\n"
            )
    if m.maintainer_notes:
        out.append(
            "\n" + _("Ghi chú cho người duy trì (không in trên giấy tờ)") + "\n", style="bold"
        )
        for n in m.maintainer_notes:
            out.append(f"• {pick(n)}\n")
    return out
