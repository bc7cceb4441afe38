"""Form templates as read once, kept between runs: a template's fields and its flat base
serialised (:class:`~dvc_cli.render.pdf_text.TemplateWriter`'s state), so that ``dvc fill``
neither imports pypdf (~50–90 ms) nor parses the template again (~30 ms). What is kept is
made and read back by :mod:`~dvc_cli.render.form_template` (``_kept``, ``keep``); this
module only stores it.

Kept in dvc's data folder (``<data>/cache/templates/<key>.json``, folders 0700, files 0600,
written atomically), the key being the SHA-256 of the template's bytes, of dvc's version and
of what else the kept data depends on (the fast font subset the base embeds): a changed
template, font or dvc is a new key. The file is JSON (nothing in it runs) and is checked when
read; one that does not read back (cut short, edited, another format) is ignored, and the
template read from the PDF. Nothing here raises: without a usable data folder there is simply
no cache.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

FORMAT = 1
_KEEP = 32  # cache files kept (the newest): a handful of templates, a few dvc versions


def _folder() -> Path | None:
    from dvc_cli.store import paths

    return paths.cache_dir("templates")


def key(data: bytes, depends: bytes) -> str:
    """The cache key of a template's bytes, with dvc's version and ``depends``."""
    from dvc_cli import __version__

    digest = hashlib.sha256(b"dvc template cache %d\n" % FORMAT)
    digest.update(__version__.encode())
    digest.update(hashlib.sha256(depends).digest())
    digest.update(hashlib.sha256(data).digest())
    return digest.hexdigest()


def read(data: bytes, depends: bytes) -> dict[str, Any] | None:
    """What :func:`write` kept for the template ``data``, or None."""
    folder = _folder()
    if folder is None:
        return None
    name = key(data, depends)
    try:
        kept = json.loads((folder / f"{name}.json").read_text(encoding="ascii"))
        if kept["format"] != FORMAT or kept["key"] != name:
            return None
        content = kept["content"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return content if isinstance(content, dict) else None


def write(data: bytes, depends: bytes, content: dict[str, Any]) -> None:
    """Keep ``content`` (JSON) for the template ``data``; failures are ignored."""
    from dvc_cli.store import atomic

    folder = _folder()
    if folder is None:
        return
    name = key(data, depends)
    kept = {"format": FORMAT, "key": name, "content": content}
    try:
        atomic.write_text(folder / f"{name}.json", json.dumps(kept), private=True)
        files = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in files[_KEEP:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass
