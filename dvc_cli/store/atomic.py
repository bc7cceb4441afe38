"""Write files atomically: a temporary file in the same folder, then rename."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path


def write_bytes(path: Path, data: bytes, *, private: bool = False) -> None:
    """Write ``data`` to ``path`` so readers see the old file or the whole new one.

    ``private`` creates the file readable by the owner only (0600): for files holding answers.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o600 if private else 0o644 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class WriteFailed(Exception):
    """:func:`write_all` could not write ``path``; ``renamed``: the files already in place."""

    def __init__(self, path: Path, error: OSError, renamed: list[Path]) -> None:
        super().__init__(str(error))
        self.path, self.error, self.renamed = path, error, renamed


def write_all(files: Sequence[tuple[Path, bytes]], *, private: bool = False) -> None:
    """Write several files as :func:`write_bytes` writes one, and replace the old ones only
    once every new one is whole on the disk: each is written to its temporary file, all are
    flushed to the disk together (their ``fsync`` at once, one thread each: the file system
    commits them as one — a fill's four files ~25 → ~12 ms on ext4, against one after the
    other), then each is renamed into place, in order. A failure before the renames leaves
    every old file as it was and no temporary one; any failure is :class:`WriteFailed`."""
    made: list[tuple[Path, str, int]] = []  # (path, temporary file, open descriptor)
    current = Path()
    try:
        for current, data in files:
            current.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(
                prefix=f".{current.name}.", suffix=".tmp", dir=current.parent
            )
            made.append((current, tmp, fd))
            done = os.write(fd, data)
            while done < len(data):  # a short write: the rest
                done += os.write(fd, data[done:])
            os.chmod(tmp, 0o600 if private else 0o644 & ~_umask())
        failed = _fsync_together([fd for _, _, fd in made])
        if failed is not None:
            current = made[failed[0]][0]
            raise failed[1]
        for i, (path, tmp, fd) in enumerate(made):
            current, made[i] = path, (path, tmp, -1)  # closed: not for _drop to close
            os.close(fd)
    except OSError as exc:
        _drop(made)
        raise WriteFailed(current, exc, []) from None
    except BaseException:
        _drop(made)
        raise
    renamed: list[Path] = []
    for i, (path, tmp, _fd) in enumerate(made):
        try:
            os.replace(tmp, path)
        except OSError as exc:
            for _path, rest, _ in made[i:]:
                Path(rest).unlink(missing_ok=True)
            raise WriteFailed(path, exc, renamed) from None
        renamed.append(path)


def _fsync_together(fds: list[int]) -> tuple[int, OSError] | None:
    """``fsync`` each of ``fds`` at once; the first that failed (its index), or None."""
    errors: list[tuple[int, OSError]] = []

    def flush(i: int) -> None:
        try:
            os.fsync(fds[i])
        except OSError as exc:
            errors.append((i, exc))

    if len(fds) < 2:
        for i in range(len(fds)):
            flush(i)
    else:
        import threading

        threads = [threading.Thread(target=flush, args=(i,)) for i in range(len(fds))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    return min(errors, key=lambda e: e[0]) if errors else None


def _drop(made: list[tuple[Path, str, int]]) -> None:
    for _path, tmp, fd in made:
        if fd >= 0:
            try:
                os.close(fd)
            except OSError:
                pass
        Path(tmp).unlink(missing_ok=True)


def write_text(path: Path, text: str, *, private: bool = False) -> None:
    """UTF-8 text version of :func:`write_bytes`."""
    write_bytes(path, text.encode("utf-8"), private=private)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
