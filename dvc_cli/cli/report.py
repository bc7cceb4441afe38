"""How the command line reports: one ``dvc: ...`` line per message, library errors turned
into their documented exit codes, and a bug into one line (the traceback with ``--debug``)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

import typer

from dvc_cli import privacy
from dvc_cli.errors import (
    EXIT_BAD_INPUT,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    AnswersInvalid,
    DvcError,
    FileSystemError,
)
from dvc_cli.i18n import _

_debug = False  # --debug: print the traceback of a failure


def say(message: str) -> None:
    """One ``dvc: ...`` line on stderr; nothing if the terminal is gone."""
    try:
        sys.stderr.write(f"dvc: {message}\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


def set_debug(debug: bool) -> None:
    """``--debug``: failures print their traceback too."""
    global _debug
    _debug = debug


def trace() -> None:
    """With ``--debug``, the full traceback of the exception being handled."""
    if _debug:
        import traceback

        traceback.print_exc(file=sys.stderr)


def internal(exc: BaseException) -> None:
    """The last resort for a bug: one line (digits and dates masked), never a traceback."""
    text = privacy.mask(" ".join(str(exc).split()))
    text = text if len(text) <= 200 else text[:199] + "…"
    detail = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    say(_("lỗi nội bộ: {detail} (chạy lại với --debug để xem chi tiết)").format(detail=detail))


def hint(exc: DvcError) -> None:
    """A line saying what to do next, when the code that raised ``exc`` knew one."""
    if exc.hint:
        say(exc.hint)


def os_error(exc: OSError) -> None:
    """One line for a file-system or OS error (exit 2): the path and what to do."""
    say(_("lỗi: {error}").format(error=FileSystemError(exc, _failed_path(exc))))


def _failed_path(exc: OSError) -> object:
    """The path of a failed call, or ``stdout`` when writing the output failed."""
    if exc.filename is not None:
        return exc.filename
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next  # the frame that raised: writing to stdout (Rich, click.echo)?
    if tb is not None:
        out = {id(sys.stdout), id(sys.__stdout__)}
        for value in tb.tb_frame.f_locals.values():
            if id(value) in out or id(getattr(value, "file", None)) in out:
                return "stdout"
    return None


@contextmanager
def handled() -> Iterator[None]:
    """Turn library errors into one-line messages and the documented exit codes."""
    try:
        yield
    except AnswersInvalid as exc:
        trace()
        say(_("lỗi: {error}").format(error=exc))
        for problem in exc.problems:
            sys.stderr.write(f"  - {problem}\n")
        hint(exc)
        raise typer.Exit(exc.exit_code) from None
    except DvcError as exc:
        trace()
        say(_("lỗi: {error}").format(error=exc))
        hint(exc)
        raise typer.Exit(exc.exit_code) from None
    except (KeyboardInterrupt, EOFError):
        trace()
        say(_("đã dừng; chưa tạo tệp nào."))
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except (typer.Exit, typer.Abort, typer.exceptions.TyperException):
        raise
    except OSError as exc:  # the file system, not dvc: a full disk, a read-only folder...
        trace()
        os_error(exc)
        raise typer.Exit(EXIT_BAD_INPUT) from None
    except Exception as exc:  # a bug: still one line, and a code of its own
        trace()
        internal(exc)
        raise typer.Exit(EXIT_INTERNAL) from None
