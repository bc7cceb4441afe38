"""How output looks: colour and box drawing, or plain text for screen readers.

``--plain`` or the ``NO_COLOR`` environment variable (any value) give output without colour,
box drawing or progress animation. Every Rich console of dvc is made here.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.box import Box
    from rich.console import Console

from dvc_cli import context


def set_plain(plain: bool) -> None:
    """Turn plain output on (``--plain``) or back to the default, in the context in force."""
    context.activate(context.current().but(plain=plain))


def plain(argv: list[str] | None = None) -> bool:
    """True when output must have no colour and no box drawing (``argv``: also when it holds
    ``--plain``, for what is decided before the command line is parsed)."""
    return (
        context.current().plain
        or bool(os.environ.get("NO_COLOR"))
        or (argv is not None and "--plain" in argv)
    )


def console(*, stderr: bool = False) -> Console:
    """A Rich console for stdout (or stderr) that honours plain mode."""
    from rich.console import Console

    if plain():
        return Console(
            stderr=stderr, no_color=True, highlight=False, emoji=False, color_system=None
        )
    return Console(stderr=stderr)


def box() -> Box | None:
    """The table border to use: None (no lines at all) in plain mode."""
    if plain():
        return None
    from rich import box as boxes

    return boxes.SIMPLE_HEAVY
