"""Entry point of the ``dvc`` script and of ``python -m dvc_cli``.

``dvc --version`` alone is answered here, before Typer and the command modules load (it is
what scripts and help desks run to check an install, so it must be instant).
"""

import sys


def main() -> None:
    """Run the command line."""
    if sys.argv[1:] == ["--version"]:
        from dvc_cli import __version__

        sys.stdout.write(f"dvc {__version__}\n")
        return
    from dvc_cli.cli.main import main as run

    run()


if __name__ == "__main__":
    main()
