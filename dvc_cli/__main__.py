"""Entry point of the ``dvc`` script and of ``python -m dvc_cli``.

``dvc --version`` alone is answered here, before Typer and the command modules load (it is
what scripts and help desks run to check an install, so it must be instant).
"""

import gc
import sys


def main() -> None:
    """Run the command line."""
    if sys.argv[1:] == ["--version"]:
        from dvc_cli import __version__

        sys.stdout.write(f"dvc {__version__}\n")
        return
    gc.disable()  # for start-up: see dvc_cli.cli.app.resume_collector
    try:
        from dvc_cli.cli.main import main as run

        run()
    finally:
        if not gc.isenabled():  # never started again (a fill --no-input): the interpreter's
            gc.freeze()  # last collection, at exit, would scan all of it to free nothing


if __name__ == "__main__":
    main()
