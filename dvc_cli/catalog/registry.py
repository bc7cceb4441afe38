"""Where procedures come from: local folders (``--procedures``, ``DVC_PROCEDURES_PATH``), then
the bundled one. A local procedure with the same id as a bundled one overrides it; among local
folders the first listed wins, as in ``PATH``.

Kept light (no pydantic, no Jinja2): the CLI's root callback imports it on every run.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from dvc_cli import context
from dvc_cli.errors import UsageError
from dvc_cli.i18n import _

ENV_VAR = "DVC_PROCEDURES_PATH"
_PACKAGE_DIR = Path(__file__).resolve().parent.parent


def data_dir(kind: str) -> Path:
    """``procedures``, ``forms`` or ``examples``: inside the installed wheel, else the source
    checkout."""
    installed = _PACKAGE_DIR / "_data" / kind
    return installed if installed.is_dir() else _PACKAGE_DIR.parent / kind


def folders_checked(dirs: Iterable[Path], missing: str) -> tuple[Path, ...]:
    """``dirs`` resolved, in order; each must be a folder (``missing``: the message, with
    ``{folder}``, when one is not)."""
    resolved = []
    for d in dirs:
        d = Path(d).expanduser()
        if not d.is_dir():
            raise UsageError(missing.format(folder=d))
        resolved.append(d.resolve())
    return tuple(resolved)


def local_dirs_checked(dirs: Iterable[Path]) -> tuple[Path, ...]:
    """``dirs`` resolved, in order, for a :class:`~dvc_cli.context.Context`; each must be a
    folder."""
    return folders_checked(dirs, _("không có thư mục thủ tục {folder}"))


def use_local_dirs(dirs: Iterable[Path]) -> None:
    """Search ``dirs`` (in order) before the bundled procedures, in the context in force."""
    context.activate(context.current().but(procedure_dirs=local_dirs_checked(dirs)))


def reset() -> None:
    """Back to the folders of ``DVC_PROCEDURES_PATH``, in the context in force."""
    context.activate(context.current().but(procedure_dirs=None))


def local_dirs() -> tuple[Path, ...]:
    """The local folders in search order: the context's, else ``DVC_PROCEDURES_PATH``'s."""
    given = context.current().procedure_dirs
    if given is not None:
        return given
    raw = os.environ.get(ENV_VAR, "")
    return tuple(Path(p).expanduser().resolve() for p in raw.split(os.pathsep) if p)


def search_path() -> tuple[Path, ...]:
    """Every folder searched for procedures, local ones first, the bundled one last."""
    bundled = data_dir("procedures").resolve()
    return (*(d for d in local_dirs() if d != bundled), bundled)


def procedure_files(dirs: Iterable[Path] | None = None) -> dict[str, Path]:
    """Procedure ids → files (the id is the file's stem; the first folder holding it wins)."""
    files: dict[str, Path] = {}
    for folder in search_path() if dirs is None else dirs:
        for path in sorted(Path(folder).glob("*.yaml")):
            if not path.name.startswith("_"):
                files.setdefault(path.stem, path)
    return dict(sorted(files.items()))


def forms_dir_for(folder: Path) -> Path:
    """Where the templates of procedures in ``folder`` live.

    The bundled forms for the bundled folder; otherwise ``folder/forms`` when it exists, else
    ``folder/../forms`` (the repository layout, procedures/ next to forms/), else ``folder``.
    """
    folder = Path(folder).resolve()
    if folder == data_dir("procedures").resolve():
        return data_dir("forms")
    for candidate in (folder / "forms", folder.parent / "forms"):
        if candidate.is_dir():
            return candidate
    return folder


def examples_dir_for(folder: Path) -> Path | None:
    """Where the example answers of procedures in ``folder`` live: the bundled examples for the
    bundled folder; otherwise ``folder/examples`` when it exists, else ``folder/../examples``
    (the repository layout, as for templates), else none (``folder`` itself holds procedures,
    not answers)."""
    folder = Path(folder).resolve()
    if folder == data_dir("procedures").resolve():
        return data_dir("examples")
    for candidate in (folder / "examples", folder.parent / "examples"):
        if candidate.is_dir():
            return candidate
    return None


def example_file(procedure_id: str) -> Path:
    """The example answers file shipped with a procedure (``examples/<id>.yaml`` beside the
    folder it was found in); a :class:`UsageError` when that procedure has none."""
    path = procedure_files().get(procedure_id)
    folder = examples_dir_for(path.parent) if path is not None else None
    if folder is not None and (folder / f"{procedure_id}.yaml").is_file():
        return folder / f"{procedure_id}.yaml"
    raise UsageError(
        _("thủ tục {id} không có câu trả lời mẫu (examples/{id}.yaml)").format(id=procedure_id)
    )


# -- the catalogue searched by ``dvc search`` and unknown-id suggestions --------------------
def catalogue() -> list[Any]:
    """A :class:`dvc_cli.catalog.search.Entry` per procedure (read without full validation)."""
    entries = []
    for pid, path in procedure_files().items():
        try:
            mtime = path.stat().st_mtime_ns
        except OSError:
            mtime = 0
        entries.append(_entry(pid, path, mtime))
    return entries


@cache
def _entry(pid: str, path: Path, mtime: int) -> Any:
    """Titles, keywords and code of one file; just the id when it cannot be read."""
    from dvc_cli.catalog.search import Entry
    from dvc_cli.catalog.yamlsource import load_yaml, read_text
    from dvc_cli.errors import DvcError

    try:  # the safe loader, with its size, depth and alias limits
        text = read_text(path)
        data = _head(path, text) or load_yaml(path, text).data
    except DvcError:
        data = None
    if not isinstance(data, dict):
        return Entry(pid, pid)
    title = data.get("title")
    vi, en = (title.get("vi"), title.get("en")) if isinstance(title, dict) else (title, None)
    words = [w for key in ("keywords", "aliases") for w in _strings(data.get(key))]
    code = data.get("portal_code")
    return Entry(
        id=pid,
        title=vi if isinstance(vi, str) and vi else pid,
        title_en=en if isinstance(en, str) else None,
        portal_code=str(code) if code is not None else None,
        keywords=tuple(words),
    )


_STEPS = re.compile(r"^steps\s*:", re.MULTILINE)
_LISTED = re.compile(r"^(?:id|title|keywords|aliases|portal_code)\s*:", re.MULTILINE)


def _head(path: Path, text: str) -> dict[str, Any] | None:
    """The keys above ``steps:`` (title, keywords, ...), when they hold the title: parsing
    that head instead of the whole file makes ``dvc list`` several times faster."""
    from dvc_cli.catalog.yamlsource import load_yaml
    from dvc_cli.errors import DvcError

    found = _STEPS.search(text)
    if not found or _LISTED.search(text, found.end()):
        return None
    try:
        head = load_yaml(path, text[: found.start()]).data
    except DvcError:
        return None
    return head if isinstance(head, dict) and "title" in head else None


def _strings(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def suggest(query: str, limit: int = 3) -> list[str]:
    """Ids of the procedures nearest to ``query`` (best first), for "có phải ...?" hints."""
    from dvc_cli.catalog import search

    hits = search.rank(query, catalogue(), limit=limit)
    if not hits:
        return []
    best = hits[0].score
    return [h.entry.id for h in hits if h.score >= search.SUGGEST_RATIO * best]
