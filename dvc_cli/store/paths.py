"""Where dvc keeps its own files: the user's data directory, owner-only.

The data directory is ``platformdirs.user_data_dir("dvc")`` (``~/.local/share/dvc`` on Linux,
honouring ``XDG_DATA_HOME``; ``~/Library/Application Support/dvc`` on macOS;
``%LOCALAPPDATA%\\dvc`` on Windows), or ``DVC_DATA_DIR`` when set (tests, kiosks, a shared
mount). It holds::

    <data>/               0700
      drafts/             0700   unfinished interviews, one YAML file each (0600)
      drafts/<id>.lock    0600   held while an interview uses the draft (its pid)
      ho-so/              0700   results of `dvc fill` when --out is not given
        <procedure>-<yyyymmdd>[-N]/   0700, made by an exclusive mkdir; files 0600
      cache/templates/    0700   form templates as read once (render/template_cache.py),
                                 <sha256>.json files 0600, no personal data
      cache/procedures/   0700   procedures as loaded and checked once
                                 (store/procedure_cache.py), <sha256>.pickle files 0600;
                                 check-<state>.code/.trees/.docs: what `dvc check`
                                 parsed and compiled (store/check_cache.py), 0600

Folders dvc creates to hold answers are readable by their owner only (0700); files holding
answers are 0600 (see :mod:`dvc_cli.store.atomic`).
"""

from __future__ import annotations

import os
from pathlib import Path

from dvc_cli.errors import UsageError
from dvc_cli.i18n import _

ENV_VAR = "DVC_DATA_DIR"
APP_NAME = "dvc"
DRAFTS = "drafts"
RESULTS = "ho-so"
PRIVATE_DIR = 0o700


def data_root() -> Path:
    """Where dvc's data directory is (not created)."""
    override = os.environ.get(ENV_VAR)
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def data_dir() -> Path:
    """dvc's data directory (created, owner-only)."""
    return _own(data_root())


def drafts_dir() -> Path:
    """The folder of unfinished interviews (created, owner-only)."""
    return _own(data_dir() / DRAFTS)


def results_dir() -> Path:
    """The folder under which ``dvc fill`` writes when ``--out`` is not given (created)."""
    return _own(data_dir() / RESULTS)


def cache_dir(kind: str) -> Path | None:
    """``<data>/cache/<kind>`` (created, owner-only), or None where it cannot be: a cache is
    then simply not kept (``render/template_cache.py``, ``store/procedure_cache.py``)."""
    from dvc_cli.errors import DvcError

    try:
        folder = data_dir() / "cache" / kind
        private_dir(folder.parent, tighten=True)
        return private_dir(folder, tighten=True)
    except (DvcError, OSError):
        return None


def _own(path: Path) -> Path:
    try:
        return private_dir(path, tighten=True)
    except OSError as exc:
        raise UsageError(
            _("không tạo được thư mục dữ liệu {path}: {error} (đặt {var} để chọn nơi khác)").format(
                path=path, error=exc.strerror or exc, var=ENV_VAR
            )
        ) from None


def private_dir(path: Path, *, tighten: bool = False) -> Path:
    """Create ``path`` readable by its owner only (0700) if it does not exist.

    Missing parents are created with the usual permissions (like ``mkdir -p``). An existing
    folder is left as it is, unless ``tighten`` (dvc's own folders): then it is made 0700.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        path.mkdir(mode=PRIVATE_DIR)
    except FileExistsError:
        if not path.is_dir():
            raise
        if not tighten:
            return path
    if os.name == "posix" and (path.stat().st_mode & 0o777) != PRIVATE_DIR:
        os.chmod(path, PRIVATE_DIR)  # an unusual umask, or an existing folder
    return path
