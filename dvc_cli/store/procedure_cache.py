"""Procedures as loaded and checked once, kept between runs, so that a command reads neither
the YAML again nor validates and cross-checks it (pydantic's validators of the procedure
model are then never even built: ~60–90 ms of a ``dvc fill``).

Kept in dvc's data folder (``<data>/cache/procedures/<key>.pickle``, folders 0700, files 0600
from the first byte, written atomically), the key being the SHA-256 of the bytes of every file
the load read (the procedure, the shared questions), of dvc's version, Python's and pydantic's,
of the state of the code that decides what a load accepts (each ``.py`` file of ``core/`` and
``catalog/``: name, size, modification time) and of today's date (a default is checked
against today). A changed file, dvc, check or day is a new key; only a procedure that passed
every check is kept. The form templates a procedure names are looked for again on every load
(``catalog/procedures.py`` ``_kept``).

Why pickle, not plain data: plain data would have to be validated again to become a
procedure (the very cost saved). What is pickled is the procedure's records
(:mod:`dvc_cli.core.records`, made from the validated pydantic models), so that reading it
back imports neither pydantic nor the schema's model classes (~60–90 ms). Unpickling runs what the
file says, so a cache file is only ever read from the user's own owner-only data folder, and
only when the user owns it and no one else may write it (whoever could still write it could run
code as the user anyway); a file that does not read back as a
procedure of this key (cut short, edited: each file begins with the SHA-256 of its key and
its bytes, checked before they are unpickled) is ignored and written again.
Nothing here raises: without a usable data folder there is simply no cache.
"""

from __future__ import annotations

import atexit
import datetime as dt
import hashlib
import importlib.util
import marshal
import os
import pickle
import sys
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dvc_cli.catalog import procedures
from dvc_cli.core import expressions, records
from dvc_cli.core.procedure import LoadedProcedure

if TYPE_CHECKING:
    from dvc_cli.core.schema import Procedure

FORMAT = 2  # 2: records, not pydantic models
_KEEP = 32  # cache files kept (the newest): the bundled procedures, a few dvc versions
_CODE = Path(__file__).resolve().parents[1]  # dvc_cli/


def load(procedure_id: str) -> LoadedProcedure:
    """:func:`dvc_cli.catalog.procedures.load`, kept between runs, with the code its
    expressions and templates compiled to in earlier runs."""
    loaded = procedures.load(procedure_id, KEEPER)
    _use_code(loaded.path)
    return loaded


@cache
def code_state() -> bytes:
    """What the checks of a load are, as of now: every ``.py`` file of core/ and catalog/."""
    from dvc_cli import __version__

    digest = hashlib.sha256(b"dvc procedure cache %d\n" % FORMAT)
    for part in (__version__, sys.version):
        digest.update(part.encode() + b"\n")
    digest.update(_pydantic_version())
    for layer in ("core", "catalog"):
        for path in sorted((_CODE / layer).rglob("*.py")):
            st = path.stat()
            digest.update(f"{path.relative_to(_CODE)} {st.st_size} {st.st_mtime_ns}\n".encode())
    return digest.digest()


def _pydantic_version() -> bytes:
    """Pydantic's version file (what it validates is part of what a load accepts), read
    without importing pydantic (a warm load never does)."""
    try:
        spec = importlib.util.find_spec("pydantic")
        if spec is None or spec.origin is None:
            return b"no pydantic\n"
        return Path(spec.origin).with_name("version.py").read_bytes()
    except (OSError, ImportError, ValueError):
        return b"pydantic ?\n"


def key(path: Path) -> str | None:
    """The cache key of loading ``path`` now; None when a file it reads cannot be read."""
    digest = hashlib.sha256(code_state())
    digest.update(dt.date.today().isoformat().encode())
    for read in procedures.files_read(path):
        try:
            data = read.read_bytes()
        except FileNotFoundError:
            data = b"\0missing"
        except OSError:
            return None
        digest.update(str(len(data)).encode() + b"\n" + hashlib.sha256(data).digest())
    return digest.hexdigest()


# -- the code of its expressions and templates -----------------------------------------
# Beside a procedure's <key>.pickle, <key>.code: the marshalled code Jinja2 generated for the
# expressions and templates a run evaluated (and their names), so that the next run neither
# parses nor compiles them (~50 ms of a fill); written when the process ends, if it compiled
# any new one. The key already covers dvc's code and Python's version; Jinja2's version and
# Python's bytecode magic go in the file's check. No personal data: the sources are the
# procedure's (and local overlays') own text; answers are only ever a template's context.
_CODE_USED: dict[Path, dict[Any, Any]] = {}  # the last procedure's file → what it held


def _use_code(path: Path) -> None:
    folder, name = _folder(), KEEPER.keys.get(path)
    if folder is None or name is None:
        return
    file = folder / f"{name}.code"
    if file in _CODE_USED:
        return
    kept: dict[Any, Any] = {}
    try:
        data = read_checked(file, code_key(name))
        found = marshal.loads(data) if data is not None else {}
        kept = found if isinstance(found, dict) else {}
    except (OSError, ValueError, EOFError, TypeError):
        kept = {}
    expressions.use_compiled(kept)
    if not _CODE_USED:
        atexit.register(_keep_code)
    _CODE_USED.clear()  # one file written at the end, whatever a long process loaded
    _CODE_USED[file] = kept


def _keep_code() -> None:
    """At the end of the process: keep what it compiled beside the procedure it loaded."""
    new = expressions.compiled()
    if not new:
        return
    for file, kept in _CODE_USED.items():
        try:
            write_checked(file, code_key(file.stem), marshal.dumps({**kept, **new}))
        except (OSError, ValueError):
            pass


def code_key(name: str) -> str:
    """The name a code file's hash is taken with: its key, Jinja2's version, Python's magic."""
    import jinja2

    return f"{name} jinja2 {jinja2.__version__} {importlib.util.MAGIC_NUMBER.hex()}"


def _folder() -> Path | None:
    from dvc_cli.store import paths

    return paths.cache_dir("procedures")


class _Keeper:
    """The :class:`~dvc_cli.catalog.procedures.Keeper` of dvc's data folder."""

    def __init__(self) -> None:
        self.keys: dict[Path, str] = {}  # each file's key, as found when it was loaded

    def get(self, path: Path) -> records.Procedure | None:
        folder, name = _folder(), key(path)
        if name is not None:
            self.keys[path] = name
        if folder is None or name is None:
            return None
        data = read_checked(folder / f"{name}.pickle", name)
        if data is None:  # not this user's, cut short, edited, another key: never unpickled
            return None
        try:
            kept = pickle.loads(data)  # noqa: S301 - dvc's own bytes, see above
        except Exception:  # another pydantic, a class gone: load the file instead
            return None
        return kept if isinstance(kept, records.Procedure) else None

    def put(self, path: Path, proc: Procedure) -> None:
        folder, name = _folder(), self.keys.get(path) or key(path)
        if folder is None or name is None:
            return
        try:
            data = pickle.dumps(records.from_model(proc), protocol=pickle.HIGHEST_PROTOCOL)
            write_checked(folder / f"{name}.pickle", name, data)
            files = sorted(folder.glob("*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
            for old in files[_KEEP:]:
                old.unlink(missing_ok=True)
                old.with_suffix(".code").unlink(missing_ok=True)
        except (OSError, pickle.PicklingError):
            pass


def _read_own(file: Path) -> bytes | None:
    """The bytes of ``file`` if this user owns it and no one else may write it, else None
    (what runs when it is read must be what dvc wrote for this user)."""
    try:
        with file.open("rb") as fh:
            st = os.fstat(fh.fileno())
            if os.name == "posix" and (st.st_uid != os.geteuid() or st.st_mode & 0o022):
                return None
            return fh.read()
    except OSError:
        return None


_HEAD = 8 + 32  # the format's magic and the SHA-256 of the key and the pickled bytes


def _head(name: str, data: bytes) -> bytes:
    return b"dvc-pc%02d" % FORMAT + hashlib.sha256(name.encode() + data).digest()


def read_checked(file: Path, name: str) -> bytes | None:
    """What :func:`write_checked` wrote to ``file`` under ``name``, if this user owns it, no
    one else may write it and it begins with the hash of ``name`` and its bytes; else None."""
    stored = _read_own(file)
    if stored is None:
        return None
    head, data = stored[:_HEAD], stored[_HEAD:]
    return data if head == _head(name, data) else None


def write_checked(file: Path, name: str, data: bytes) -> None:
    """``data`` in ``file`` (0600, atomic), after the hash :func:`read_checked` checks."""
    from dvc_cli.store import atomic

    atomic.write_bytes(file, _head(name, data) + data, private=True)


KEEPER = _Keeper()
