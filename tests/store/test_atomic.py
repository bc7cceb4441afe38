"""Several files written at once (store/atomic.py ``write_all``): all on the disk before any
replaces an old one, their fsyncs together, nothing half-done when one fails."""

from __future__ import annotations

import errno
import os
import stat
import threading
from pathlib import Path

import pytest

from dvc_cli.store import atomic

NAMES = ("to-khai.pdf", "checklist.pdf", "checklist.md", "answers.yaml")


def _files(folder: Path, text: str) -> list[tuple[Path, bytes]]:
    return [(folder / name, f"{text} {name}\n".encode() * 1000) for name in NAMES]


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_every_file_whole_and_owner_only(tmp_path):
    files = _files(tmp_path / "new", "Nguyễn Thị Dung")
    atomic.write_all(files, private=True)
    for path, data in files:
        assert path.read_bytes() == data
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert _leftovers(tmp_path / "new") == []


def test_the_fsyncs_run_together(tmp_path, monkeypatch):
    """Each fsync waits for the others: this passes only if all four are under way at once
    (one after the other, the first would wait alone and the barrier break)."""
    barrier = threading.Barrier(len(NAMES), timeout=10)
    real = os.fsync

    def together(fd: int) -> None:
        barrier.wait()
        real(fd)

    monkeypatch.setattr(os, "fsync", together)
    files = _files(tmp_path, "Trương Thị Ánh Tuyết")
    atomic.write_all(files)
    assert [p.read_bytes() for p, _ in files] == [d for _, d in files]


def test_a_failed_fsync_leaves_every_old_file_and_no_temporary_one(tmp_path, monkeypatch):
    old = _files(tmp_path, "old")
    atomic.write_all(old, private=True)
    calls = []

    def full(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 3:
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(atomic.WriteFailed) as failed:
        atomic.write_all(_files(tmp_path, "new"), private=True)
    assert failed.value.error.errno == errno.ENOSPC and failed.value.renamed == []
    assert failed.value.path.name in NAMES
    assert [p.read_bytes() for p, _ in old] == [d for _, d in old]
    assert _leftovers(tmp_path) == []


def test_a_failed_rename_says_which_files_are_already_in_place(tmp_path, monkeypatch):
    real = os.replace
    done = []

    def third_fails(src: str, dst: Path) -> None:
        if len(done) == 2:
            raise PermissionError(errno.EACCES, "Permission denied")
        done.append(dst)
        real(src, dst)

    monkeypatch.setattr(os, "replace", third_fails)
    files = _files(tmp_path, "new")
    with pytest.raises(atomic.WriteFailed) as failed:
        atomic.write_all(files)
    assert failed.value.path == files[2][0]
    assert failed.value.renamed == [files[0][0], files[1][0]]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(NAMES[:2])  # no temporary
