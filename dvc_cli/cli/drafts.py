"""``dvc drafts``: list, resume and delete unfinished interviews (they are kept by
:mod:`dvc_cli.cli.interview`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

import dvc_cli
from dvc_cli.cli import fill, ui
from dvc_cli.cli.app import app
from dvc_cli.cli.report import handled, say
from dvc_cli.errors import UsageError
from dvc_cli.i18n import _, ngettext

drafts_app = typer.Typer(
    help=_("Các bản nháp: phỏng vấn bị dừng giữa chừng (Ctrl-C, đóng cửa sổ), để làm tiếp."),
    no_args_is_help=False,
    rich_markup_mode=app.rich_markup_mode,  # plain help with --plain / NO_COLOR
)
app.add_typer(drafts_app, name="drafts")


@drafts_app.callback(
    invoke_without_command=True,
    help=_("Liệt kê, làm tiếp hoặc xóa các bản nháp (không lệnh con: liệt kê)."),
)
def drafts_root(ctx: typer.Context) -> None:
    if ctx.invoked_subcommand is None:
        list_command()


@drafts_app.command(
    "list",
    help=_("Liệt kê các bản nháp: số, tên viết tắt, thủ tục, lúc lưu, số câu trả lời, đến đâu."),
)
def list_command() -> None:
    from rich.table import Table

    with handled():
        found = dvc_cli.drafts.all_drafts()
    if not found:
        typer.echo(_("Không có bản nháp nào."))
        return
    table = Table(show_header=True, header_style="bold", box=ui.box())
    table.add_column(_("Số"), justify="right")
    table.add_column(_("Người"))  # initials only: the privacy policy
    table.add_column(_("Thủ tục"))
    table.add_column(_("Lưu lúc"))
    table.add_column(_("Câu trả lời"), justify="right")
    table.add_column(_("Đến đâu"))
    for d in found:
        table.add_row(
            d.number or "—",
            d.initials or "—",
            d.procedure,
            dvc_cli.drafts.shown_time(d.saved),
            str(d.answered),
            d.position(),
        )
    console = ui.console()
    console.print(table)
    console.print(
        _("Làm tiếp: dvc drafts resume SỐ — xóa: dvc drafts delete SỐ (hoặc --all)"),
        markup=False,
        highlight=False,
    )


_REF_HELP = _(
    "Số của bản nháp (in ra khi lưu, và trong dvc drafts), hoặc mã thủ tục (bản nháp mới nhất"
    " của thủ tục đó)."
)
_REF_METAVAR = _("SỐ|THỦ_TỤC")


@drafts_app.command("resume", help=_("Làm tiếp một bản nháp, rồi tạo tờ khai như dvc fill."))
def resume_command(
    ref: Annotated[str, typer.Argument(metavar=_REF_METAVAR, help=_REF_HELP)],
    out: Annotated[
        Optional[Path],  # noqa: UP045 - typer needs Optional here
        typer.Option("--out", "-o", help=_("Thư mục ghi kết quả.")),
    ] = None,
    editable: Annotated[
        bool, typer.Option("--editable", help=_("Giữ các ô điền được trong PDF tờ khai."))
    ] = False,
) -> None:
    with handled():
        draft = dvc_cli.drafts.find(ref)
    fill.fill_command(draft.procedure, out=out, editable=editable, draft_ref=draft.id)


@drafts_app.command("delete", help=_("Xóa một bản nháp, hoặc tất cả (--all)."))
def delete_command(
    ref: Annotated[
        Optional[str],  # noqa: UP045
        typer.Argument(metavar=_REF_METAVAR, help=_REF_HELP),
    ] = None,
    everything: Annotated[bool, typer.Option("--all", help=_("Xóa mọi bản nháp."))] = False,
) -> None:
    with handled():
        if everything == (ref is not None):  # neither, or both
            raise UsageError(_("cho biết bản nháp cần xóa (SỐ hoặc mã thủ tục), hoặc --all"))
        doomed = dvc_cli.drafts.all_drafts() if everything else [dvc_cli.drafts.find(ref or "")]
        busy = 0
        for draft in doomed:
            try:
                draft.delete()
            except dvc_cli.drafts.DraftInUse:
                if not everything:
                    raise
                busy += 1  # --all: an interview going on in another window keeps its draft
    n = len(doomed) - busy
    typer.echo(ngettext("Đã xóa {n} bản nháp.", "Đã xóa {n} bản nháp.", n).format(n=n))
    if busy:
        message = ngettext(
            "{n} bản nháp đang được dùng ở cửa sổ khác nên được giữ lại.",
            "{n} bản nháp đang được dùng ở cửa sổ khác nên được giữ lại.",
            busy,
        )
        say(message.format(n=busy))
