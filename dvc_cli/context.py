"""The settings one use of dvc runs under: interface language, local procedure folders, plain
output. They are passed in, not kept in module globals.

The command line builds one :class:`Context` from its options (``--lang``, ``--procedures``,
``--plain``) and runs the command inside it; a program using the library does the same::

    import dvc_cli
    with dvc_cli.using(dvc_cli.Context(language="en", procedure_dirs=(Path("my-procs"),))):
        proc = dvc_cli.load_procedure("single-status")

The library reads the context in force with :func:`current` (messages in :mod:`dvc_cli.i18n`,
the search path in :mod:`dvc_cli.catalog.registry`, the look of terminal output in
:mod:`dvc_cli.cli.ui`). It is a :class:`contextvars.ContextVar`, so two threads or tasks can work
under different contexts; forked batch workers inherit their parent's, spawned ones are given
it (:mod:`dvc_cli.batch.pool`).
"""

from __future__ import annotations

import contextvars
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"


def normalise_language(lang: str | None) -> str | None:
    """``"EN"``, ``"en_US.UTF-8"`` → ``"en"``; None when not a supported language."""
    if not lang:
        return None
    code = lang.strip().lower().replace("-", "_").split(".")[0].split("_")[0]
    return code if code in LANGUAGES else None


@dataclass(frozen=True)
class Context:
    """What a run of dvc depends on besides its arguments.

    ``language``: ``"vi"`` or ``"en"`` for dvc's messages and procedure labels (the forms stay
    Vietnamese). ``procedure_dirs``: local folders searched before the bundled procedures, in
    order; None means those of ``DVC_PROCEDURES_PATH``. ``plain``: terminal output without
    colour or box drawing. ``local_dirs``: folders of local facts (fees, offices, hours a
    province sets; :mod:`dvc_cli.catalog.local_facts`); None means those of
    ``DVC_LOCAL_PATH``.
    """

    language: str = DEFAULT_LANGUAGE
    procedure_dirs: tuple[Path, ...] | None = None
    plain: bool = False
    local_dirs: tuple[Path, ...] | None = None

    def __post_init__(self) -> None:
        chosen = normalise_language(self.language)
        if chosen is None:
            raise ValueError(f"language must be one of {', '.join(LANGUAGES)}: {self.language!r}")
        object.__setattr__(self, "language", chosen)
        if self.procedure_dirs is not None:
            object.__setattr__(self, "procedure_dirs", tuple(Path(d) for d in self.procedure_dirs))
        if self.local_dirs is not None:
            object.__setattr__(self, "local_dirs", tuple(Path(d) for d in self.local_dirs))

    def but(self, **changes: object) -> Context:
        """A copy with ``changes`` (``ctx.but(language="en")``)."""
        return replace(self, **changes)  # type: ignore[arg-type]


def _from_argv(argv: list[str]) -> str | None:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def default() -> Context:
    """The context before any is given: ``DVC_LANG`` or Vietnamese (``--lang`` on the command
    line already, so that ``--help`` texts, built when the command modules load, are in it)."""
    lang = (
        normalise_language(_from_argv(sys.argv[1:]))
        or normalise_language(os.environ.get("DVC_LANG"))
        or DEFAULT_LANGUAGE
    )
    return Context(language=lang)


_current: contextvars.ContextVar[Context] = contextvars.ContextVar("dvc_context")


def current() -> Context:
    """The context in force."""
    try:
        return _current.get()
    except LookupError:
        ctx = default()
        _current.set(ctx)
        return ctx


def activate(ctx: Context) -> contextvars.Token[Context]:
    """Put ``ctx`` in force until :func:`restore` is given the token (the CLI's root command
    does this once per run); prefer :func:`using` where a ``with`` block fits."""
    return _current.set(ctx)


def restore(token: contextvars.Token[Context]) -> None:
    """Undo an :func:`activate` (to the default context if the token belongs to another
    thread's or task's context)."""
    try:
        _current.reset(token)
    except ValueError:
        _current.set(default())


@contextmanager
def using(ctx: Context) -> Iterator[Context]:
    """Run the ``with`` block under ``ctx``."""
    token = _current.set(ctx)
    try:
        yield ctx
    finally:
        _current.reset(token)
