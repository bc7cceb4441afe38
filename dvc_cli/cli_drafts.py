"""``dvc drafts``, and the interview of ``dvc fill`` with its draft: nothing typed is lost.

While ``dvc fill`` asks its questions, the answers so far are saved as a draft after every
accepted answer (a SIGKILL or a power cut loses at most the answer being typed). Ctrl-C, the
end of input (Ctrl-D, stdin closed), a closed terminal (SIGHUP) and SIGTERM save the draft
once more, print one line and exit: 130 for Ctrl-C and end of input, 128 + the signal number
for signals (129 for SIGHUP, 143 for SIGTERM). A completed fill deletes its draft.
"""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from dvc_cli import log, ui
from dvc_cli.cli import _handled, app, fill_command
from dvc_cli.errors import EXIT_INTERRUPTED, DvcError, UsageError
from dvc_cli.i18n import _, ngettext

if TYPE_CHECKING:
    from dvc_cli.drafts import Draft, Keeper
    from dvc_cli.engine import Interview
    from dvc_cli.procedures import LoadedProcedure


class Hangup(KeyboardInterrupt):
    """The terminal was closed (SIGHUP) or dvc was told to stop (SIGTERM) while asking.

    A KeyboardInterrupt, so that prompt_toolkit and asyncio let it through like Ctrl-C.
    """

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _say(message: str) -> None:
    """One ``dvc: ...`` line on stderr; nothing if the terminal is gone."""
    try:
        sys.stderr.write(f"dvc: {message}\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


@contextmanager
def _signals_stop_asking() -> Iterator[None]:
    """Turn SIGHUP and SIGTERM into :class:`Hangup` in the main thread, while asking."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught = [s for s in (getattr(signal, "SIGHUP", None), signal.SIGTERM) if s is not None]

    stopped = False

    def handler(signum: int, frame: Any) -> None:
        nonlocal stopped
        stopped = True
        for s in caught:  # a second signal must not interrupt saving the draft, nor exiting
            signal.signal(s, signal.SIG_IGN)
        raise Hangup(signum)

    previous = {s: signal.signal(s, handler) for s in caught}
    try:
        yield
    finally:
        if not stopped:
            for s, old in previous.items():
                signal.signal(s, old)


def _pick(procedure_id: str, resume: bool, fresh: bool, draft_ref: str | None) -> Draft | None:
    from dvc_cli import drafts
    from dvc_cli.prompts import choose_draft

    if draft_ref:
        return drafts.find(draft_ref)
    if fresh:
        return None
    if resume:
        newest = drafts.newest(procedure_id)
        if newest is None:
            raise UsageError(
                _("không có bản nháp nào của '{id}' để làm tiếp (bỏ --resume để bắt đầu)").format(
                    id=procedure_id
                )
            )
        return newest
    try:
        found = drafts.all_drafts(procedure_id)
    except DvcError as exc:  # no data directory: the interview can still go on
        log.warning(str(exc))
        return None
    return choose_draft(found) if found else None


def ask_with_draft(
    proc: LoadedProcedure,
    given: dict[str, Any],
    *,
    prefill: bool,
    resume: bool = False,
    fresh: bool = False,
    draft_ref: str | None = None,
) -> tuple[Interview, Keeper]:
    """Ask ``proc``'s questions, continuing a draft if wanted; the answers and their draft.

    ``prefill``: ``given`` came from an answers file, so its missing answers take their
    defaults. Raises typer.Exit when the person stops (after saving the draft) or quits.
    """
    from dvc_cli import drafts
    from dvc_cli.engine import Interview
    from dvc_cli.prompts import Prompter, can_prompt, stderr_session

    if resume and fresh:
        raise UsageError(_("--resume và --fresh không dùng cùng nhau"))
    if not can_prompt():
        raise UsageError(
            _(
                "đầu vào không phải là terminal nên không hỏi được; "
                "dùng --answers TỆP --no-input để chạy không hỏi"
            )
        )
    keeper: Keeper | None = None
    with stderr_session(), _signals_stop_asking():
        try:
            chosen = _pick(proc.id, resume, fresh, draft_ref)
            answers = dict(given)
            if chosen is not None:
                if chosen.procedure != proc.id:
                    raise UsageError(
                        _("bản nháp {id} là của thủ tục '{procedure}'").format(
                            id=chosen.id, procedure=chosen.procedure
                        )
                    )
                typed = chosen.answers()  # questions the procedure no longer has are dropped
                answers.update({k: v for k, v in typed.items() if k in proc.questions})
            found = Interview(proc, answers)
            if prefill:
                found.apply_defaults()
            keeper = drafts.Keeper(found, chosen)
            if chosen is not None:
                ui.console(stderr=True).print(
                    _("Làm tiếp bản nháp lưu lúc {when} ({n} câu trả lời).").format(
                        when=drafts.shown_time(chosen.saved), n=chosen.answered
                    ),
                    markup=False,
                )
            prompter = Prompter(found, on_answer=keeper.answered)
            finished = prompter.run()
        except (KeyboardInterrupt, EOFError) as exc:
            _stopped(keeper, proc.id, exc)
    if not finished:
        if prompter.discarded:
            keeper.delete()
            _say(_("đã thoát; đã xóa các câu trả lời, chưa tạo tệp nào."))
        else:
            _say(_kept(keeper, proc.id, _("đã thoát; chưa tạo tệp nào.")))
        raise typer.Exit(0)
    return found, keeper


def _stopped(keeper: Keeper | None, procedure_id: str, exc: BaseException) -> None:
    """Save the draft, say so in one line, and exit (130, or 128 + the signal)."""
    code = 128 + exc.signum if isinstance(exc, Hangup) else EXIT_INTERRUPTED
    _say(_kept(keeper, procedure_id, _("đã dừng; chưa tạo tệp nào.")))
    raise typer.Exit(code) from None


def _kept(keeper: Keeper | None, procedure_id: str, nothing: str) -> str:
    """Save the draft if anything was typed; the one line that says what happened."""
    try:
        saved = keeper is not None and keeper.keep()
    except (OSError, DvcError) as err:  # a full disk: the draft saved after the last answer stays
        from dvc_cli.drafts import save_failed

        return save_failed(err)
    if not saved:
        return nothing
    return _('đã lưu bản nháp; chạy lại "dvc fill {id}" để tiếp tục.').format(id=procedure_id)


# -- dvc drafts ----------------------------------------------------------------------------
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
    "list", help=_("Liệt kê các bản nháp: số, thủ tục, lúc lưu, số câu trả lời, đến đâu.")
)
def list_command() -> None:
    from rich.table import Table

    from dvc_cli import drafts

    with _handled():
        found = drafts.all_drafts()
    if not found:
        typer.echo(_("Không có bản nháp nào."))
        return
    table = Table(show_header=True, header_style="bold", box=ui.box())
    table.add_column(_("Số"), justify="right")
    table.add_column(_("Thủ tục"))
    table.add_column(_("Lưu lúc"))
    table.add_column(_("Câu trả lời"), justify="right")
    table.add_column(_("Đến đâu"))
    for n, d in enumerate(found, 1):
        table.add_row(
            str(n), d.procedure, drafts.shown_time(d.saved), str(d.answered), d.position()
        )
    console = ui.console()
    console.print(table)
    console.print(
        _("Làm tiếp: dvc drafts resume SỐ — xóa: dvc drafts delete SỐ (hoặc --all)"),
        markup=False,
        highlight=False,
    )


_REF_HELP = _("Số trong dvc drafts list, hoặc mã thủ tục (bản nháp mới nhất của thủ tục đó).")
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
    from dvc_cli import drafts

    with _handled():
        draft = drafts.find(ref)
    fill_command(draft.procedure, out=out, editable=editable, draft_ref=draft.id)


@drafts_app.command("delete", help=_("Xóa một bản nháp, hoặc tất cả (--all)."))
def delete_command(
    ref: Annotated[
        Optional[str],  # noqa: UP045
        typer.Argument(metavar=_REF_METAVAR, help=_REF_HELP),
    ] = None,
    everything: Annotated[bool, typer.Option("--all", help=_("Xóa mọi bản nháp."))] = False,
) -> None:
    from dvc_cli import drafts

    with _handled():
        if everything == (ref is not None):  # neither, or both
            raise UsageError(_("cho biết bản nháp cần xóa (SỐ hoặc mã thủ tục), hoặc --all"))
        doomed = drafts.all_drafts() if everything else [drafts.find(ref or "")]
        for draft in doomed:
            draft.delete()
    n = len(doomed)
    typer.echo(ngettext("Đã xóa {n} bản nháp.", "Đã xóa {n} bản nháp.", n).format(n=n))
