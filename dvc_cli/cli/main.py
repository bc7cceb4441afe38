"""The ``dvc`` program: the Typer app with every command group registered, and its entry point.

Each command module registers its commands on :data:`dvc_cli.cli.app.app` when imported; this
module imports them all (and nothing imports this one but ``__main__`` and the tests), so the
command modules never import each other's parent.
"""

from __future__ import annotations

import sys

import dvc_cli.cli.id_card  # noqa: F401 - registers dvc id-card
from dvc_cli.cli import address, batch, catalogue, drafts, fill, report  # noqa: F401 - they register
from dvc_cli.cli.app import app
from dvc_cli.errors import EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_INTERRUPTED
from dvc_cli.i18n import _

__all__ = ["app", "main"]


def main() -> None:
    """Console-script entry point: Click's command-line errors become one dvc line (exit 2)."""
    from dvc_cli.cli import usage_errors

    try:
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
