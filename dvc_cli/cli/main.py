"""The ``dvc`` program: the Typer app with every command group registered, and its entry point.

Each command module registers its commands on :data:`dvc_cli.cli.app.app` when imported; this
module imports them all (and nothing imports this one but ``__main__`` and the tests), so the
command modules never import each other's parent.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

import dvc_cli.cli.id_card  # noqa: F401 - registers dvc id-card
from dvc_cli.cli import address, batch, catalogue, drafts, fill, report  # noqa: F401 - they register
from dvc_cli.cli.app import app, resume_collector
from dvc_cli.errors import EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_INTERRUPTED
from dvc_cli.i18n import _

__all__ = ["app", "main"]


def main() -> None:
    """Console-script entry point: Click's command-line errors become one dvc line (exit 2)."""
    from dvc_cli.cli import usage_errors

    named = _command_named(sys.argv[1:])
    if named != "fill":  # fill starts it if it asks questions
        resume_collector()
    try:
        with _only(named):
            code = app(prog_name="dvc", standalone_mode=False)
    except KeyboardInterrupt:  # outside a command (e.g. during import)
        report.say(_("đã dừng."))
        sys.exit(EXIT_INTERRUPTED)
    except Exception as exc:  # outside ``report.handled()``: still no bare traceback
        if usage_errors.is_help_request(exc):  # `dvc` alone: the help, as Click would
            try:
                app(["--help"], prog_name="dvc")
            except SystemExit:
                pass
            sys.exit(EXIT_BAD_INPUT)
        if usage_errors.is_click_exception(exc):
            report.trace()
            report.say(_("lỗi: {error}").format(error=usage_errors.message(exc)))
            sys.exit(EXIT_BAD_INPUT)
        if type(exc).__name__ == "Abort":  # end of input at a Click prompt
            report.say(_("đã dừng."))
            sys.exit(EXIT_INTERRUPTED)
        report.trace()
        if isinstance(exc, OSError):  # a full disk, a closed pipe: not a bug of dvc
            report.os_error(exc)
            sys.exit(EXIT_BAD_INPUT)
        report.internal(exc)
        sys.exit(EXIT_INTERNAL)
    sys.exit(code if isinstance(code, int) else 0)


# The root's options (cli/app.py) that take a value: the word after them is not a command.
_ROOT_VALUED = frozenset({"--procedures", "--local", "--lang"})
_ROOT_FLAGS = frozenset({"--plain", "--verbose", "-v", "--debug"})


def _command_named(argv: list[str]) -> str | None:
    """The command (or group) ``argv`` runs, when it is plainly one of the app's; None when
    anything before it is not one of the root's own options, or none is named."""
    words = iter(argv)
    for word in words:
        if word in _ROOT_VALUED:
            next(words, None)
        elif word in _ROOT_FLAGS or ("=" in word and word.split("=", 1)[0] in _ROOT_VALUED):
            continue
        elif word.startswith("-"):
            return None  # --help, --version, an unknown option: the whole app's answer
        else:
            return word
    return None


@contextmanager
def _only(name: str | None) -> Iterator[None]:
    """While running ``dvc <name> ...``, the app with that one command or group: Typer makes
    the Click command of every registered one first (their signatures, types and help: ~35 ms,
    a tenth of a fill), and a run reaches only the one it names. Its options, help and errors
    are the same; any other command line (help, an unknown command: their lists and
    suggestions) gets the whole app. Put back after the run (tests run many in one process)."""
    commands, groups = app.registered_commands, app.registered_groups
    if name is not None:
        command = [c for c in commands if c.name == name]
        group = [g for g in groups if g.name == name]
        if len(command) + len(group) == 1:
            app.registered_commands, app.registered_groups = command, group
    try:
        yield
    finally:
        app.registered_commands, app.registered_groups = commands, groups
