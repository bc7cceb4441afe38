"""The output folder of ``dvc batch``: row folders, the resume journal, manifest, errors, zip.

Layout of ``OUT/``::

    0002/                      one folder per valid row: forms, checklist, answers file
                               (0002-nguyen-thi-dung/ with --name-folders); 0700, files 0600
                               from their first byte (they hold ID numbers), as is the zip
    manifest.csv               row → status, folder, files, warning (the same ID number
                               as another row, a name without diacritics; written at the
                               end, atomically)
    errors.csv                 row, column, message, value (ID numbers masked: 0381******21)
    .dvc-batch/state.json      what the run is (procedure, input checksum, date of the forms)
    .dvc-batch/journal.jsonl   one line per finished row, appended as rows finish
    .dvc-batch/lock            held while a run uses the folder (made with state.json: a
                               failure while starting removes both, nothing blocks a rerun)

Nothing is lost or doubled when the run is killed at any moment, even with SIGKILL: a row's
files are written into a hidden ``.tmp-*`` folder that is renamed into place as the last step
(a rename is atomic), and only then journaled. ``--resume`` removes leftover ``.tmp-*``
folders, adopts row folders that were renamed but not yet journaled, re-does any row whose
folder is incomplete, and skips every other finished row.

Durability: files are not fsynced one by one (that would cost more than rendering them on
slow disks). A killed process loses nothing the kernel has; after a power cut, resume checks
every finished row's files (present, non-empty, PDFs ending in ``%%EOF``) and re-renders any
that did not reach the disk. ``finish`` syncs the disk once at the end.
"""

from __future__ import annotations

import csv
import datetime as dt
import errno
import json
import os
import re
import shutil
import time
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from dvc_cli.errors import UsageError
from dvc_cli.i18n import _
from dvc_cli.store import atomic, paths
from dvc_cli.text import slug

STATE_DIR = ".dvc-batch"
MANIFEST = "manifest.csv"
ERRORS = "errors.csv"
TMP_PREFIX = ".tmp-"
_ROW_DIR = re.compile(r"^(\d{4,})(?:-[a-z0-9-]+)?$")  # 0002, or 0002-nguyen-thi-dung
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
STATE_VERSION = 2  # 2: name_folders (a version 1 run named its folders)


# -- row folders ------------------------------------------------------------------------------
def folder_name(row: int, person: str | None = None) -> str:
    """``0002``, or with the ``person``'s name ``0002-nguyen-thi-dung`` (``--name-folders``):
    ASCII only, no separators, unique by the row number."""
    if person is None:
        return f"{row:04d}"
    return f"{row:04d}-{slug(person or 'khong-ten')}"


# -- what happened to a row -------------------------------------------------------------------
_JSON = json.JSONEncoder(ensure_ascii=False)  # json.dumps makes one a call for any option


@dataclass(frozen=True)
class RowError:
    """One problem of a row, safe to write to errors.csv (values masked)."""

    column: str
    message: str
    value: str


@dataclass(frozen=True)
class RowOutcome:
    """A finished row: its folder and files, or its errors."""

    row: int
    folder: str | None = None
    files: tuple[str, ...] = ()
    errors: tuple[RowError, ...] = ()
    #: Questions whose old place name was converted to today's (a notice; not journaled).
    converted: tuple[str, ...] = ()
    #: The manifest's warnings of this row (``Họ và tên: Tên không có dấu — ...``), journaled
    #: so that a resumed run keeps them; never a value.
    warnings: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.folder is not None

    def to_json(self) -> str:
        if self.ok:
            data: dict[str, Any] = {"row": self.row, "folder": self.folder, "files": self.files}
        else:
            data = {"row": self.row, "errors": [list(asdict(e).values()) for e in self.errors]}
        if self.warnings:
            data["warnings"] = list(self.warnings)
        return _JSON.encode(data)  # json.dumps(data, ensure_ascii=False), its encoder made once

    @classmethod
    def from_json(cls, line: str) -> RowOutcome:
        data = json.loads(line)
        warnings = tuple(str(w) for w in data.get("warnings", ()))
        if "folder" in data:
            folder, files = str(data["folder"]), tuple(data["files"])
            return cls(int(data["row"]), folder, files, warnings=warnings)
        errors = tuple(RowError(*e) for e in data["errors"])
        return cls(int(data["row"]), errors=errors, warnings=warnings)


@dataclass(frozen=True)
class RunInfo:
    """What a run is; ``--resume`` refuses to continue a different one."""

    procedure: str
    input_name: str
    input_sha256: str
    sheet: str | None
    today: str  # ISO date printed on every form of the run, kept on resume
    name_folders: bool = False  # row folders named after the person too, kept on resume
    version: int = STATE_VERSION

    @property
    def date(self) -> dt.date:
        return dt.date.fromisoformat(self.today)


def file_sha256(path: Path) -> str:
    import hashlib

    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


# -- writing one row --------------------------------------------------------------------------
def write_row(
    out_dir: Path, folder: str, files: dict[str, bytes], private: Iterable[str] = ()
) -> bool:
    """Write ``files`` into ``out_dir/folder`` all at once (temporary folder, then rename);
    the folder is 0700 and every file 0600 from their first byte (``private`` is kept for
    callers: every file is private).

    Returns False when the folder already exists (written by an earlier run): nothing changes.
    It is not looked for first: the journal and ``--resume``'s adopting of unjournaled
    folders keep a finished row from being done again, so the rename finds it in the rare
    case (two processes, a folder made by hand) — an empty folder of that name is replaced.
    """
    # Paths as strings: pathlib's joins were a third of this function's CPU (4 files a row)
    base = os.fspath(out_dir)
    final = f"{base}{os.sep}{folder}"
    tmp = f"{base}{os.sep}{TMP_PREFIX}{folder}-{os.getpid()}"
    try:
        os.mkdir(tmp, 0o700)  # owner-only from the start: the papers hold ID numbers
    except FileExistsError:  # left by a killed process of the same pid: not looked for first
        shutil.rmtree(tmp)
        os.mkdir(tmp, 0o700)
    try:
        for name, data in files.items():
            fd = os.open(f"{tmp}{os.sep}{name}", _WRITE_NEW, 0o600)
            try:
                written = os.write(fd, data)  # all of it, but for a signal or a full disk
                if written < len(data):
                    view = memoryview(data)[written:]
                    while view:
                        view = view[os.write(fd, view) :]
            finally:
                os.close(fd)
        try:
            os.rename(tmp, final)
        except OSError:
            if not _exists(final):
                raise
            shutil.rmtree(tmp)  # another process finished this row first
            return False
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return True


def _exists(path: str) -> bool:
    """``Path(path).exists()``: False when missing, the other errors raised as it does."""
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno in (errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP):
            return False
        raise
    return True


_O_BINARY = getattr(os, "O_BINARY", 0)
_WRITE_NEW = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_BINARY


def _complete(folder: Path, files: Iterable[str]) -> bool:
    """Every file present and whole (a PDF ends with %%EOF, text with a newline)."""
    try:
        for name in files:
            path = folder / name
            size = path.stat().st_size
            if size == 0:
                return False
            with path.open("rb") as fh:
                fh.seek(max(size - 64, 0))
                tail = fh.read()
            if name.endswith(".pdf") and b"%%EOF" not in tail:
                return False
            if name.endswith((".md", ".yaml", ".csv", ".txt")) and not tail.endswith(b"\n"):
                return False
    except OSError:
        return False
    return True


# -- reports ----------------------------------------------------------------------------------
def _visible(ch: str) -> str:
    """A character a person can see: controls (NUL, a lone CR) and invisible format characters
    (zero-width space, BOM, soft hyphen...) become ``<U+200B>``."""
    if ch in "\t\n" or unicodedata.category(ch) not in ("Cc", "Cf"):
        return ch
    return f"<U+{ord(ch):04X}>"


def safe_cell(text: Any) -> str:
    """A cell of a report, safe to open: a spreadsheet will not run it as a formula (CSV
    injection: prefixed ``'``), and a NUL or an invisible character shows as its code."""
    value = "" if text is None else str(text)
    if any(unicodedata.category(ch) in ("Cc", "Cf") and ch not in "\t\n" for ch in value):
        value = "".join(_visible(ch) for ch in value)
    return "'" + value if value.startswith(_FORMULA_START) else value


class _Report:
    """A CSV report written to a temporary file and renamed into place on success.

    UTF-8 with a BOM, so that Excel shows Vietnamese correctly; rows are streamed, every cell
    through :func:`safe_cell`.
    """

    def __init__(self, path: Path, *, private: bool = False) -> None:
        self.path = path
        self.tmp = path.with_name(f"{TMP_PREFIX}{path.name}")
        fd = os.open(self.tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600 if private else 0o644)
        self.fh = os.fdopen(fd, "w", encoding="utf-8-sig", newline="")
        self.writer = csv.writer(self.fh)
        self.keep = True

    def writerow(self, row: list[Any]) -> None:
        self.writer.writerow([safe_cell(cell) for cell in row])

    def discard(self) -> None:
        self.keep = False

    def __enter__(self) -> _Report:
        return self

    def __exit__(self, kind: object, *exc: object) -> None:
        self.fh.close()
        if kind is None and self.keep:
            os.replace(self.tmp, self.path)
        else:
            self.tmp.unlink(missing_ok=True)


# -- the run's folder -------------------------------------------------------------------------
def _forget_unstarted(out_dir: Path) -> None:
    """Remove a ``.dvc-batch`` that holds no run (a disk that filled up as an older dvc
    started), when it is all the folder holds: it must not block a new run."""
    state_dir = out_dir / STATE_DIR
    if not state_dir.is_dir() or (state_dir / "state.json").exists():
        return
    only_state = [p.name for p in out_dir.iterdir()] == [STATE_DIR]
    if only_state and not (state_dir / "journal.jsonl").exists():
        shutil.rmtree(state_dir, ignore_errors=True)


class Store:
    """The output folder of one batch run (new or resumed); the main process's view."""

    def __init__(self, out_dir: Path, info: RunInfo) -> None:
        self.out_dir = out_dir
        self.info = info
        self.state_dir = out_dir / STATE_DIR
        self.journal_path = self.state_dir / "journal.jsonl"
        self.done: set[int] = set()  # rows finished (ok or failed) before this run
        self.adopted = 0  # row folders found renamed but not journaled
        self.warned: list[int] = []  # rows with warnings of their own (write_reports)
        self.redone = 0  # row folders found incomplete and removed
        self._lock_fd: int | None = None
        self._journal: Any = None

    # -- opening ---------------------------------------------------------------------------
    @classmethod
    def create(cls, out_dir: Path, info: RunInfo) -> Store:
        """A new run: ``out_dir`` must not exist or be empty."""
        if out_dir.exists() and not out_dir.is_dir():
            message = _("{folder}: đã có một tệp trùng tên, không phải thư mục")
            raise UsageError(message.format(folder=out_dir))
        _forget_unstarted(out_dir)
        if out_dir.is_dir() and any(out_dir.iterdir()):
            if (out_dir / STATE_DIR).is_dir():
                raise UsageError(
                    _(
                        "{folder}: đã có kết quả của một lần chạy; thêm --resume để chạy tiếp, "
                        "hoặc chọn thư mục khác"
                    ).format(folder=out_dir)
                )
            message = _("{folder}: thư mục không trống; hãy chọn một thư mục mới")
            raise UsageError(message.format(folder=out_dir))
        store = cls(out_dir, info)
        made = not out_dir.exists()
        try:
            paths.private_dir(out_dir)
            os.mkdir(store.state_dir, 0o700)
            store._lock()
            atomic.write_text(store.state_dir / "state.json", json.dumps(asdict(info), indent=1))
            store._open_journal()
        except BaseException:  # a full disk: leave nothing that blocks the next run
            store.close(sync=False)
            shutil.rmtree(store.state_dir, ignore_errors=True)
            if made:
                shutil.rmtree(out_dir, ignore_errors=True)
            raise
        return store

    @classmethod
    def resume(cls, out_dir: Path, info: RunInfo, expected_files: tuple[str, ...]) -> Store:
        """Continue the run in ``out_dir``; ``info`` must describe the same run.

        Returns a store whose ``info`` is the saved one (same date on the forms, same folder
        names).
        """
        state_path = out_dir / STATE_DIR / "state.json"
        if not state_path.is_file():
            message = _("{folder}: không có lần chạy nào để tiếp tục (bỏ --resume)")
            raise UsageError(message.format(folder=out_dir))
        try:
            data = json.loads(state_path.read_text(encoding="utf-8"))
            if isinstance(data, dict) and data.get("version", 1) == 1:
                data["name_folders"] = True  # before --name-folders, folders had the name
            saved = RunInfo(**data)
        except (ValueError, TypeError) as exc:
            message = _("{path}: hỏng ({error})").format(path=state_path, error=exc)
            raise UsageError(message) from None
        if saved.procedure != info.procedure:
            raise UsageError(
                _("{folder}: lần chạy trước dùng thủ tục '{saved}', không phải '{given}'").format(
                    folder=out_dir, saved=saved.procedure, given=info.procedure
                )
            )
        if saved.input_sha256 != info.input_sha256 or saved.sheet != info.sheet:
            raise UsageError(
                _(
                    "{folder}: tệp đầu vào (hoặc --sheet) đã khác lần chạy trước "
                    "({input}); chạy lại vào một thư mục mới"
                ).format(folder=out_dir, input=saved.input_name)
            )
        store = cls(out_dir, saved)
        store._lock()
        store._recover(expected_files)
        store._open_journal()
        return store

    def _lock(self) -> None:
        """Hold ``.dvc-batch/lock`` (flock) while this run uses the folder."""
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows: no advisory lock
            return
        fd = os.open(self.state_dir / "lock", os.O_RDWR | os.O_CREAT, 0o600)
        deadline = time.monotonic() + 3.0  # killed workers may take a moment to go
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError:
                if time.monotonic() > deadline:
                    os.close(fd)
                    message = _("{folder}: một lần chạy dvc batch khác đang dùng thư mục này")
                    raise UsageError(message.format(folder=self.out_dir)) from None
                time.sleep(0.1)
        self._lock_fd = fd

    def _open_journal(self) -> None:
        fd = os.open(self.journal_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        self._journal = os.fdopen(fd, "a", encoding="utf-8")

    # -- resume ----------------------------------------------------------------------------
    def _read_journal(self) -> Iterator[RowOutcome]:
        if not self.journal_path.is_file():
            return
        with self.journal_path.open("r", encoding="utf-8") as fh:
            for line in fh:
                if not line.endswith("\n"):
                    return  # cut by a kill in the middle of a write
                try:
                    yield RowOutcome.from_json(line)
                except (ValueError, KeyError, TypeError):
                    continue

    def _recover(self, expected_files: tuple[str, ...]) -> None:
        # A line cut by a kill: drop it so the next append starts on a fresh line.
        if self.journal_path.is_file():
            data = self.journal_path.read_bytes()
            if data and not data.endswith(b"\n"):
                with self.journal_path.open("r+b") as fh:
                    fh.truncate(data.rfind(b"\n") + 1)
        for entry in self.out_dir.iterdir():
            if entry.name.startswith(TMP_PREFIX) and entry.is_dir():
                shutil.rmtree(entry)  # a row cut short: it is done again
        latest = self._folders()
        on_disk: dict[int, str] = {}
        for entry in self.out_dir.iterdir():
            m = _ROW_DIR.match(entry.name)
            if m and entry.is_dir():
                on_disk[int(m.group(1))] = entry.name
        adopted: list[RowOutcome] = []
        for row, folder in on_disk.items():
            if not _complete(self.out_dir / folder, expected_files):
                shutil.rmtree(self.out_dir / folder)
                self.redone += 1
                latest.pop(row, None)
            elif latest.get(row) is None:
                # Renamed into place, then killed before the journal line: keep it as is.
                adopted.append(RowOutcome(row, folder, expected_files))
                latest[row] = folder
        for row, folder in list(latest.items()):
            if folder and folder != on_disk.get(row):
                del latest[row]  # journaled but its folder is gone: do it again
        self.done = set(latest)
        self.adopted = len(adopted)
        if adopted:
            with self.journal_path.open("a", encoding="utf-8") as fh:
                fh.writelines(o.to_json() + "\n" for o in adopted)

    def _folders(self) -> dict[int, str | None]:
        """Row → its folder (None for a failed row), from the journal."""
        return {o.row: o.folder for o in self._read_journal()}

    def _index(self) -> dict[int, int]:
        """Row → offset of its last journal line: small enough for any number of rows."""
        index: dict[int, int] = {}
        if not self.journal_path.is_file():
            return index
        with self.journal_path.open("rb") as fh:
            offset = 0
            for line in fh:
                if not line.endswith(b"\n"):
                    break
                m = re.match(rb'\{"row": (\d+)', line)
                if m:
                    index[int(m.group(1))] = offset
                offset += len(line)
        return index

    def _in_order(self) -> Iterator[RowOutcome]:
        """The last outcome of every row, by row number, read back from the journal."""
        index = self._index()
        with self.journal_path.open("rb") as fh:
            for row in sorted(index):
                fh.seek(index[row])
                yield RowOutcome.from_json(fh.readline().decode("utf-8"))

    def outcomes(self) -> Iterator[RowOutcome]:
        """Every row's last outcome, in row order (this run's and earlier runs')."""
        if self._journal is not None:
            self._journal.flush()
        return self._in_order()

    # -- during the run ----------------------------------------------------------------------
    def record(self, outcome: RowOutcome) -> None:
        """Journal a finished row (after its folder is in place)."""
        self._journal.write(outcome.to_json() + "\n")
        self._journal.flush()  # in the kernel's hands: survives a kill of this process

    # -- at the end --------------------------------------------------------------------------
    def write_reports(
        self, warnings: dict[int, str] | None = None
    ) -> tuple[int, int, Path, Path | None]:
        """Write manifest.csv and errors.csv (if any row failed) from the journal;
        ``warnings`` (row → text, e.g. a duplicate ID number) and each row's own (a name
        without diacritics) fill the manifest's last column, joined by "; ".

        Returns (rows ok, rows failed, manifest path, errors path or None). Both files are
        UTF-8 with a BOM, so that Excel shows Vietnamese correctly.
        """
        if self._journal is not None:
            self._journal.flush()
        manifest_path = self.out_dir / MANIFEST
        errors_path = self.out_dir / ERRORS
        ok = failed = 0
        self.warned = []
        with _Report(manifest_path) as mw, _Report(errors_path, private=True) as ew:
            warnings = warnings or {}
            mw.writerow(["row", "status", "folder", "files", "warning"])
            ew.writerow(["row", "column", "message", "value"])
            for outcome in self._in_order():
                row = outcome.row
                warning = "; ".join(w for w in (warnings.get(row), *outcome.warnings) if w)
                if outcome.warnings:
                    self.warned.append(row)
                if outcome.ok:
                    ok += 1
                    files = ";".join(f"{outcome.folder}/{name}" for name in outcome.files)
                    mw.writerow([row, "ok", outcome.folder, files, warning])
                else:
                    failed += 1
                    mw.writerow([row, "error", "", "", warning])
                    for e in outcome.errors:
                        ew.writerow([row, e.column, e.message, e.value])
            if not failed:
                ew.discard()
        if not failed:
            errors_path.unlink(missing_ok=True)
        return ok, failed, manifest_path, errors_path if failed else None

    def make_zip(self, name: str) -> Path:
        """Pack manifest, errors and every row folder into ``OUT/name`` (owner-only)."""
        import zipfile

        target = self.out_dir / name
        tmp = self.out_dir / f"{TMP_PREFIX}{name}"
        tmp.unlink(missing_ok=True)  # left by a killed run
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_BINARY, 0o600)
        try:
            with (
                os.fdopen(fd, "wb") as fh,
                zipfile.ZipFile(fh, "w", compression=zipfile.ZIP_DEFLATED) as zf,
            ):
                for top in (MANIFEST, ERRORS):
                    if (self.out_dir / top).is_file():
                        zf.write(self.out_dir / top, top)
                for outcome in self._in_order():
                    for file in outcome.files if outcome.ok else ():
                        arc = f"{outcome.folder}/{file}"
                        # PDFs are compressed already: storing them saves time, not space.
                        kind = zipfile.ZIP_STORED if file.endswith(".pdf") else zipfile.ZIP_DEFLATED
                        zf.write(self.out_dir / arc, arc, compress_type=kind)
            os.replace(tmp, target)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        return target

    def close(self, *, sync: bool = True) -> None:
        """Close the journal and the lock; ``sync`` flushes the disk's caches once."""
        if self._journal is not None:
            self._journal.close()
            self._journal = None
        if sync and hasattr(os, "sync"):
            os.sync()
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None
