"""What ``dvc check`` keeps between runs, so that a second check of the same files neither
parses their YAML nor their Jinja2 sources again, nor compiles what the examples' run
evaluates: the same work, with the same results, in every run until a file or dvc changes.

Three files in dvc's data folder, beside the procedures of :mod:`procedure_cache` (the same
owner-only, atomically written files, each beginning with the SHA-256 of its key and bytes,
checked before they are read), named ``check-<state>``, the state that of a load's key (dvc's,
Python's and pydantic's versions, the ``.py`` files of ``core/`` and ``catalog/``) with
PyYAML's version and this module's file, and Jinja2's version and Python's bytecode magic in
each file's check:

- ``.code``: the code Jinja2 generated for each expression and template (marshal, as a fill's
  ``<key>.code``): a function of the source, Jinja2 and Python, whatever file holds it;
- ``.trees``: each source's parse tree (pickle; the sandbox environment is given back by a
  persistent id, never pickled);
- ``.docs``: each procedure file's YAML, by the SHA-256 of its text: the data as composed
  and constructed (pickled when parsed, before any check reads it) and the line and column
  of every node, which is all a check reads of the node tree. Only a text that parsed
  without a problem (no duplicate key) is kept; any other is parsed in every run, for its
  messages.

Each is written when the process ends, if it parsed or compiled anything new, with what this
run used and, up to a bound, what earlier runs kept. Nothing here raises: without a usable
data folder there is simply no cache. No personal data: the sources and documents are
procedure files' own text.
"""

from __future__ import annotations

import atexit
import hashlib
import io
import marshal
import pickle
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from dvc_cli.catalog.yamlsource import YamlDocument, load_yaml, read_text
from dvc_cli.core import expressions
from dvc_cli.store import paths
from dvc_cli.store import procedure_cache as _pc

_MOST = 4096  # sources kept: past it, only the last run's
_MOST_DOCS = 64  # procedure files' documents kept
_MOST_NODES = 50_000  # a document with more nodes (aliases expanded) is parsed every run

_STATE: dict[str, Any] = {}  # the files use() read, and what they held
_DOCS_NEW: dict[str, bytes] = {}  # documents parsed in this process: digest -> pickle


def use() -> None:
    """Give :mod:`~dvc_cli.core.expressions` the code and trees of earlier checks, read the
    documents kept, and keep what this process adds when it ends."""
    folder = paths.cache_dir("procedures")
    if folder is None:
        return
    file = folder / f"check-{_state()}.code"
    if _STATE.get("file") == file:
        return  # given already in this process
    code = _read(file, marshal.loads)
    expressions.use_compiled(code)
    trees = _read(file.with_suffix(".trees"), _load_trees)
    expressions.use_trees(trees)
    docs = _read(file.with_suffix(".docs"), marshal.loads)
    if not _STATE:
        atexit.register(_keep)
    _STATE.update(file=file, code=code, trees=trees, docs=docs, used=set())


@cache
def _state() -> str:
    """The load's code state, PyYAML's version and this module's own file (the form of what
    it keeps): a new one is a new name."""
    digest = hashlib.sha256(_pc.code_state())
    st = Path(__file__).stat()
    mine = f"{yaml.__version__} {yaml.__with_libyaml__} {st.st_size} {st.st_mtime_ns}"
    digest.update(mine.encode())
    return digest.hexdigest()[:32]


class KeptDocument(YamlDocument):
    """A document read from the cache: its data, and positions from the kept table rather
    than the node tree (composed again, from its text, only when something asks for it)."""

    def __init__(self, path: Path, data: Any, positions: dict[Any, Any], text: str) -> None:
        self.path, self.data, self._positions, self._text = path, data, positions, text
        self._root: yaml.Node | None = None

    @property  # type: ignore[override]
    def root(self) -> yaml.Node | None:
        if self._root is None:
            self._root = load_yaml(self.path, self._text).root
        return self._root

    def position(self, loc: tuple[str | int, ...]) -> tuple[int, int]:
        """:meth:`YamlDocument.position`, by the table: the same walk, the same answer."""
        table = self._positions
        here: tuple[Any, ...] = ()
        for key in loc:
            kind = table[here][2]
            if kind == "m":
                step = (*here, str(key))
            elif kind == "s" and isinstance(key, int):
                step = (*here, key)
            else:
                break
            if step not in table:
                break
            here = step
        line, col, _kind = table[here]
        return line, col


def document(path: Path, duplicates: list[yaml.Node]) -> YamlDocument:
    """:func:`~dvc_cli.catalog.yamlsource.load_yaml` of ``path`` with ``duplicates``, from
    the cache when an earlier check parsed the same text without a problem."""
    text = read_text(path)
    if not _STATE:
        return load_yaml(path, text, duplicates=duplicates)
    digest = hashlib.sha256(text.encode()).hexdigest()
    kept = _STATE["docs"].get(digest) or _DOCS_NEW.get(digest)
    if kept is not None:
        try:
            data, positions = pickle.loads(kept)  # noqa: S301 - dvc's own bytes
            _STATE["used"].add(digest)
            return KeptDocument(path, data, positions, text)
        except Exception:  # noqa: BLE001 - a class gone: parse it
            pass
    found: list[yaml.Node] = []
    doc = load_yaml(path, text, duplicates=found)
    duplicates.extend(found)
    if doc.root is not None and not found:
        positions = _positions(doc.root)
        if positions is not None:
            try:
                _DOCS_NEW[digest] = pickle.dumps((doc.data, positions), pickle.HIGHEST_PROTOCOL)
            except (pickle.PicklingError, RecursionError, TypeError):
                pass
    return doc


def _positions(root: yaml.Node) -> dict[Any, Any] | None:
    """(line, column, kind) of every node by its path, as :func:`yamlsource._child` walks
    them (a mapping's scalar keys, a sequence's indexes); None past ``_MOST_NODES``."""
    table: dict[Any, Any] = {}
    stack: list[tuple[tuple[Any, ...], yaml.Node]] = [((), root)]
    while stack:
        loc, node = stack.pop()
        if loc in table:
            continue  # _child finds the first of equal keys: there are none (no duplicate)
        kind = (
            "m"
            if isinstance(node, yaml.MappingNode)
            else "s"
            if isinstance(node, yaml.SequenceNode)
            else "v"
        )
        table[loc] = (node.start_mark.line + 1, node.start_mark.column + 1, kind)
        if len(table) > _MOST_NODES:
            return None
        if kind == "m":
            for knode, vnode in node.value:
                if isinstance(knode, yaml.ScalarNode):
                    stack.append(((*loc, knode.value), vnode))
        elif kind == "s":
            stack.extend(((*loc, i), child) for i, child in enumerate(node.value))
    return table


class _TreePickler(pickle.Pickler):
    """Jinja2's trees without their environment (the sandbox of
    :func:`~dvc_cli.core.expressions.environment`, given back when read)."""

    def persistent_id(self, obj: Any) -> str | None:
        return "env" if obj is expressions.environment() else None


class _TreeUnpickler(pickle.Unpickler):
    def persistent_load(self, pid: Any) -> Any:
        if pid != "env":
            raise pickle.UnpicklingError("unknown persistent id")
        return expressions.environment()


def _load_trees(data: bytes) -> Any:
    return _TreeUnpickler(io.BytesIO(data)).load()  # dvc's own bytes, see above


def _dump_trees(trees: dict[Any, Any]) -> bytes:
    out = io.BytesIO()
    _TreePickler(out, protocol=pickle.HIGHEST_PROTOCOL).dump(trees)
    return out.getvalue()


def _read(file: Path, loads: Any) -> dict[Any, Any]:
    try:
        data = _pc.read_checked(file, _pc.code_key(file.stem))
        if data is not None:
            found = loads(data)
            return found if isinstance(found, dict) else {}
    except Exception:  # noqa: BLE001 - cut short, another Jinja2's classes: parse again
        pass
    return {}


def _keep() -> None:
    """At the end of the process: keep what this check compiled, parsed and read."""
    file: Path = _STATE["file"]
    name = _pc.code_key(file.stem)

    def write(target: Path, data: bytes) -> None:
        _pc.write_checked(target, name, data)

    try:
        if new := expressions.compiled():
            code = _STATE["code"]
            write(file, marshal.dumps({**code, **new} if len(code) + len(new) <= _MOST else new))
        if new_trees := expressions.parsed():
            trees = _STATE["trees"]
            both = {**trees, **new_trees} if len(trees) + len(new_trees) <= _MOST else new_trees
            write(file.with_suffix(".trees"), _dump_trees(both))
        if _DOCS_NEW:
            docs = _STATE["docs"]
            keep = {**{d: docs[d] for d in _STATE["used"] if d in docs}, **_DOCS_NEW}
            for digest, data in docs.items():  # then earlier runs', up to the bound
                if len(keep) >= _MOST_DOCS:
                    break
                keep.setdefault(digest, data)
            write(file.with_suffix(".docs"), marshal.dumps(keep))
        files = sorted(file.parent.glob("check-*.code"), key=lambda p: p.stat().st_mtime)
        for old in files[:-4]:  # earlier dvcs' and checks'
            for suffix in (".code", ".trees", ".docs"):
                old.with_suffix(suffix).unlink(missing_ok=True)
    except (OSError, ValueError, pickle.PicklingError, RecursionError):
        pass
