"""``dvc list``, ``dvc show``, ``dvc search``, ``dvc check`` and ``dvc fields``: finding
procedures and authoring them."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Annotated, Optional

import typer

import dvc_cli
from dvc_cli.cli import ui
from dvc_cli.cli.app import app
from dvc_cli.cli.report import handled, say
from dvc_cli.errors import EXIT_BAD_INPUT, EXIT_INVALID_ANSWERS
from dvc_cli.i18n import _, ngettext

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@app.command("list", help=_("Liệt kê các thủ tục (mã và tên)."))
def list_command() -> None:
    from rich.table import Table

    # Titles are read without full validation (no pydantic, no Jinja2): `dvc list` must be
    # instant; `dvc check` and `dvc fill` report a broken file.
    with handled():
        table = Table(show_header=True, header_style="bold", box=None)
        table.add_column(_("Mã dvc"))
        table.add_column(_("Mã TTHC"))
        table.add_column(_("Thủ tục"))
        for entry in dvc_cli.catalogue():
            first, second = entry.titles()
            title = f"{first}\n[dim]{second}[/]" if second else first
            table.add_row(entry.id, entry.portal_code or "", title)
        ui.console().print(table)


@app.command("show", help=_("Thông tin thủ tục và toàn bộ thành phần hồ sơ kèm điều kiện."))
def show_command(
    procedure: Annotated[str, typer.Argument(help=_("Mã thủ tục, ví dụ single-status"))],
    raw: Annotated[
        bool,
        typer.Option(
            "--raw",
            help=_("In điều kiện và mẫu như viết trong tệp thủ tục (Jinja2), không diễn giải."),
        ),
    ] = False,
    sources: Annotated[
        bool,
        typer.Option(
            "--sources",
            help=_(
                "In nguồn của từng thông tin (văn bản, điều, nơi đọc, ngày đối chiếu, độ chắc "
                "chắn)."
            ),
        ),
    ] = False,
) -> None:
    from dvc_cli.cli import show

    with handled():
        proc = dvc_cli.load_procedure(procedure)
        ui.console().print(show.sources(proc) if sources else show.describe(proc, raw=raw))


@app.command(
    "search",
    help=_("Tìm thủ tục theo tên, từ khóa hoặc mã TTHC (không cần dấu, chịu được lỗi gõ)."),
)
def search_command(
    query: Annotated[
        list[str],
        typer.Argument(help=_("Từ khóa, có dấu hay không đều được: doc than, khai sinh, 1.004873")),
    ],
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help=_("Số kết quả tối đa."))] = 10,
) -> None:

    text = " ".join(query)
    with handled():
        hits = dvc_cli.search(text, dvc_cli.catalogue(), limit=limit)
    if not hits:
        say(_("không tìm thấy thủ tục nào khớp với '{query}' (xem: dvc list)").format(query=text))
        raise typer.Exit(EXIT_INVALID_ANSWERS)
    id_width = max(len(h.entry.id) for h in hits)
    code_width = max(len(h.entry.portal_code or "") for h in hits)
    for hit in hits:
        e = hit.entry
        title = e.titles()[0]
        why = "" if hit.matched in (title, e.id) else f" ← {hit.matched}"
        typer.echo(
            f"{e.id:<{id_width}}  {e.portal_code or '':<{code_width}}  {title}"
            f"  [{hit.score:.2f}{why}]"
        )


@app.command(
    "check",
    help=_(
        "Kiểm tra tệp thủ tục và mẫu PDF; mỗi lỗi một dòng tệp:dòng:cột (mã thoát 2 nếu có lỗi)."
    ),
)
def check_command(
    paths: Annotated[
        Optional[list[Path]],  # noqa: UP045 - typer needs Optional here
        typer.Argument(
            help=_("Tệp hoặc thư mục thủ tục (mặc định: mọi thủ tục, kể cả của --procedures).")
        ),
    ] = None,
    local: Annotated[
        Optional[list[Path]],  # noqa: UP045
        typer.Option(
            "--local",
            metavar="DIR",
            help=_("Kiểm tra các tệp thông tin địa phương của thư mục này (lặp lại được)."),
        ),
    ] = None,
    stale: Annotated[
        Optional[int],  # noqa: UP045 - typer needs Optional here
        typer.Option(
            "--stale",
            metavar="DAYS",
            min=0,
            help=_(
                "Cảnh báo mỗi nguồn được đối chiếu lần cuối quá DAYS ngày trước (chỉ nhắc, mã "
                "thoát vẫn là 0)."
            ),
        ),
    ] = None,
    show_notes: Annotated[
        bool,
        typer.Option(
            "--notes",
            help=_(
                "In từng ghi chú cho người duy trì (maintainer_notes) của các tệp (mặc định chỉ "
                "in số lượng)."
            ),
        ),
    ] = False,
) -> None:

    with handled():
        findings, count = dvc_cli.check(paths, local)
        only_local = bool(local) and not paths  # the overlays alone: no procedure remarks
        notes, old = ([], []) if only_local else dvc_cli.check_remarks(paths, stale_days=stale)
    for note in notes if show_notes else ():
        say(
            _("{where}: ghi chú cho người duy trì: {note}").format(
                where=f"{note.path}:{note.line}:{note.col}", note=note.message
            )
        )
    if notes and not show_notes:
        message = ngettext(
            "{count} ghi chú cho người duy trì"
            " (xem: dvc check --notes, dvc show THỦ_TỤC --sources)",
            "{count} ghi chú cho người duy trì"
            " (xem: dvc check --notes, dvc show THỦ_TỤC --sources)",
            len(notes),
        )
        say(message.format(count=len(notes)))
    for line in old:
        say(
            _("{where}: cảnh báo: {message}").format(
                where=f"{line.path}:{line.line}:{line.col}", message=line.message
            )
        )
    for finding in findings:
        typer.echo(str(finding))
    if findings:
        files = len({f.path for f in findings})
        message = ngettext(
            "{count} lỗi trong {files}/{total} tệp",
            "{count} lỗi trong {files}/{total} tệp",
            len(findings),
        )
        say(message.format(count=len(findings), files=files, total=count))
        raise typer.Exit(EXIT_BAD_INPUT)
    message = ngettext(
        "đã kiểm tra {count} tệp, không có lỗi", "đã kiểm tra {count} tệp, không có lỗi", count
    )
    say(message.format(count=count))


@app.command(
    "fields",
    help=_("Liệt kê các ô của một mẫu PDF: tên, loại, trang, hình chữ nhật (điểm PDF)."),
)
def fields_command(
    form: Annotated[Path, typer.Argument(help=_("Mẫu PDF có các ô điền (AcroForm)."))],
    as_yaml: Annotated[
        bool, typer.Option("--yaml", help=_("In khung 'fields:' để dán vào tệp thủ tục."))
    ] = False,
) -> None:

    with handled():
        fields = dvc_cli.template_fields(form)
    if not fields:
        say(_("mẫu {form} không có ô điền nào (text hoặc checkbox)").format(form=form))
        return
    rows = [
        (
            f.name,
            "text, multiline" if f.multiline else f.type,
            str(f.page),
            ", ".join(f"{v:.1f}" for v in f.rect),
        )
        for f in fields
    ]
    if as_yaml:
        count = ngettext("{form}: {count} ô", "{form}: {count} ô", len(fields))
        typer.echo("    # " + count.format(form=form, count=len(fields)))
        numbered = _table_columns({f.name: (f.page, f.rect[1]) for f in fields})
        typer.echo("    fields:")
        for name, kind, page, _rect in rows:
            if any(name.startswith(f"{column}_") for column in numbered):
                continue  # a table row: under lists below
            key = name if _IDENTIFIER.fullmatch(name) else json.dumps(name, ensure_ascii=False)
            value = f'"{{{{ {name} }}}}"' if _IDENTIFIER.fullmatch(name) else '""'
            where = _("{kind}, trang {page}").format(kind=kind, page=page)
            typer.echo(f"      {key}: {value}  # {where}")
        if numbered:
            _echo_lists(numbered)
        return
    header = (_("Tên ô"), _("Loại"), _("Trang"), _("Hình chữ nhật x0, y0, x1, y1"))
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(3)]
    for row in [header, *rows]:
        cells = [c.ljust(w) for c, w in zip(row, widths, strict=False)]
        typer.echo("  ".join([*cells, row[3]]))


_ROW_FIELD = re.compile(r"^([A-Za-z][A-Za-z0-9_]*)_([1-9][0-9]*)$")


def _table_columns(where: dict[str, tuple[int, float]]) -> dict[str, int]:
    """Fields numbered as a table's rows, one row per line (``member_name_1``,
    ``member_name_2``…: a column of a list's rows, see render/form_lists.py) → how many rows.
    Boxes numbered along one line (the 12 digits of an ID number) are no table."""
    found: dict[str, dict[int, tuple[int, float]]] = {}
    for name, at in where.items():
        m = _ROW_FIELD.match(name)
        if m:
            found.setdefault(m.group(1), {})[int(m.group(2))] = at
    return {
        col: len(rows)
        for col, rows in found.items()
        if set(rows) == set(range(1, len(rows) + 1)) and len(set(rows.values())) == len(rows)
    }


def _echo_lists(columns: dict[str, int]) -> None:
    """A ``lists:`` frame for the numbered fields: which list question fills those rows, and
    a template of one item per column."""
    typer.echo("    lists:  # " + _("các ô đánh số theo dòng của một bảng: mỗi mục một dòng"))
    typer.echo("      - question: ...  # " + _("mã câu hỏi danh sách (type: list)"))
    typer.echo(f"        rows: {max(columns.values())}")
    typer.echo("        columns:")
    for col in columns:
        typer.echo(f'          - {{field: {col}, value: "{{{{ ... }}}}", heading: "..."}}')
