"""The interview of ``dvc fill`` with its draft: nothing typed is lost.

While ``dvc fill`` asks its questions, the answers so far are saved as a draft after every
accepted answer (a SIGKILL or a power cut loses at most the answer being typed). Ctrl-C, the
end of input (Ctrl-D, stdin closed), a closed terminal (SIGHUP) and SIGTERM save the draft
once more, print one line and exit: 130 for Ctrl-C and end of input, 128 + the signal number
for signals (129 for SIGHUP, 143 for SIGTERM). That line names the draft by its short number
and the person's initials and gives the command that resumes it (``--out`` included, which
the draft remembers). A completed fill deletes its draft.
"""

from __future__ import annotations

import os
import shlex
import signal
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

import dvc_cli
from dvc_cli import log
from dvc_cli.cli import ui
from dvc_cli.cli.report import say
from dvc_cli.errors import EXIT_INTERRUPTED, DvcError, UsageError
from dvc_cli.i18n import _

if TYPE_CHECKING:
    from dvc_cli import Interview, LoadedProcedure


class Hangup(KeyboardInterrupt):
    """The terminal was closed (SIGHUP) or dvc was told to stop (SIGTERM) while asking.

    A KeyboardInterrupt, so that prompt_toolkit and asyncio let it through like Ctrl-C.
    """

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


@contextmanager
def signals_interrupt() -> Iterator[list[int]]:
    """Turn SIGHUP and SIGTERM into :class:`Hangup` in the main thread (while asking, or
    while a batch runs); yields the list that receives the signal caught, if any."""
    received: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield received
        return
    caught = [s for s in (getattr(signal, "SIGHUP", None), signal.SIGTERM) if s is not None]

    def handler(signum: int, frame: Any) -> None:
        received.append(signum)
        for s in caught:  # a second signal must not interrupt saving the draft, nor exiting
            signal.signal(s, signal.SIG_IGN)
        raise Hangup(signum)

    previous = {s: signal.signal(s, handler) for s in caught}
    try:
        yield received
    finally:
        if not received:
            for s, old in previous.items():
                signal.signal(s, old)


def _pick(
    procedure_id: str, resume: bool, fresh: bool, draft_ref: str | None
) -> dvc_cli.drafts.Draft | None:
    from dvc_cli.cli.prompts import choose_draft

    if draft_ref:
        return dvc_cli.drafts.find(draft_ref)
    if fresh:
        return None
    if resume:
        newest = dvc_cli.drafts.newest(procedure_id)
        if newest is None:
            raise UsageError(
                _("không có bản nháp nào của '{id}' để làm tiếp (bỏ --resume để bắt đầu)").format(
                    id=procedure_id
                )
            )
        return newest
    try:
        found = dvc_cli.drafts.all_drafts(procedure_id)
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
    out: Path | None = None,
    scanner: str | None = None,
) -> tuple[Interview, dvc_cli.drafts.Keeper]:
    """Ask ``proc``'s questions, continuing a draft if wanted; the answers and their draft.

    ``prefill``: ``given`` came from an answers file, so its missing answers take their
    defaults. ``out``: the ``--out`` given, remembered by the draft (without it, the draft's
    own is the keeper's ``out``). ``scanner``: a serial-mode scanner's port, opened once for
    the interview and listened to at each person's first question. Raises typer.Exit when
    the person stops (after saving the draft) or quits.
    """
    from dvc_cli.cli.prompts import Prompter, can_prompt, stderr_session

    if resume and fresh:
        raise UsageError(_("--resume và --fresh không dùng cùng nhau"))
    if draft_ref and fresh:
        raise UsageError(_("--draft và --fresh không dùng cùng nhau"))
    if not can_prompt():
        raise UsageError(
            _(
                "đầu vào không phải là terminal nên không hỏi được; "
                "dùng --answers TỆP --no-input để chạy không hỏi"
            )
        )
    keeper: dvc_cli.drafts.Keeper | None = None
    port = dvc_cli.Scanner(scanner) if scanner else None
    with port or nullcontext(), stderr_session(), signals_interrupt():
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
                known = proc.questions.keys() | proc.old_answer_ids()  # old ones: migrated
                answers.update({k: v for k, v in typed.items() if k in known})
            found = dvc_cli.Interview(proc, answers, checks=[dvc_cli.check_fit])
            if prefill:
                found.apply_defaults()
            keeper = dvc_cli.drafts.Keeper(found, chosen, out=out)
            if chosen is not None:
                ui.console(stderr=True).print(
                    _("Làm tiếp bản nháp {ref}, lưu lúc {when} ({n} câu trả lời).").format(
                        ref=chosen.ref(),
                        when=dvc_cli.drafts.shown_time(chosen.saved),
                        n=chosen.answered,
                    ),
                    markup=False,
                    highlight=False,
                )
            prompter = Prompter(found, on_answer=keeper.answered, scanner=port)
            finished = prompter.run()
        except (KeyboardInterrupt, EOFError) as exc:
            _stopped(keeper, proc.id, exc)
    if not finished:
        if prompter.discarded:
            keeper.delete()
            say(_("đã thoát; đã xóa các câu trả lời, chưa tạo tệp nào."))
        else:
            say(_kept(keeper, proc.id, _("đã thoát; chưa tạo tệp nào.")))
        raise typer.Exit(0)
    return found, keeper


def _stopped(keeper: dvc_cli.drafts.Keeper | None, procedure_id: str, exc: BaseException) -> None:
    """Save the draft, say so in one line, and exit (130, or 128 + the signal)."""
    code = 128 + exc.signum if isinstance(exc, Hangup) else EXIT_INTERRUPTED
    say(_kept(keeper, procedure_id, _("đã dừng; chưa tạo tệp nào.")))
    raise typer.Exit(code) from None


def _kept(keeper: dvc_cli.drafts.Keeper | None, procedure_id: str, nothing: str) -> str:
    """Save the draft if anything was typed; the one line that says what happened."""
    try:
        saved = keeper is not None and keeper.keep()
    except (OSError, DvcError) as err:  # a full disk: the draft saved after the last answer stays
        return dvc_cli.drafts.save_failed(err)
    if not saved or keeper is None:
        return nothing
    return _('đã lưu bản nháp {ref}; chạy lại "{command}" để tiếp tục.').format(
        ref=keeper.ref(), command=resume_command(keeper)
    )


def resume_command(keeper: dvc_cli.drafts.Keeper) -> str:
    """The command that continues the draft: ``dvc fill single-status --draft 347 --out X``."""
    words = ["dvc", "fill", keeper.interview.procedure.id]
    words += ["--draft", keeper.number] if keeper.number else ["--resume"]
    if keeper.out is not None:
        words += ["--out", str(keeper.out)]
    if os.name == "nt":  # cmd.exe quoting
        return subprocess.list2cmdline(words)
    return shlex.join(words)


# -- dvc drafts ----------------------------------------------------------------------------
