#!/usr/bin/env python3
"""Refresh the committed locks: the newest versions that ``pyproject.toml``'s ranges allow.

    python scripts/lock.py             # rewrite requirements.lock and requirements-test.lock
    python scripts/lock.py --check     # change nothing; exit 1 if a lock no longer matches
                                       # pyproject.toml's ranges (keeps the pinned versions)

``requirements-test.lock`` pins the whole tree that the tests run on (dvc's dependencies, the
``test`` extra and the build backend, hatchling, so that ``pip install --no-build-isolation .``
builds dvc with a locked backend too); ``requirements.lock`` is the run-time part of it, with
the same versions. Both carry every file's sha256 (``pip install --require-hashes``) and markers
for every platform and Python ≥ 3.11 (a lock made on Linux installs on Windows and macOS).

The resolver is uv, installed with pip into a throw-away venv (the locks are plain pip
requirements files: installing them needs only pip). After refreshing, run the tests in a fresh
venv (README's two set-up lines) before committing the locks.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUN_LOCK = ROOT / "requirements.lock"
TEST_LOCK = ROOT / "requirements-test.lock"
UV = "uv>=0.5"
PYTHON = "3.11"  # the oldest Python dvc supports; --universal adds markers for the newer ones


def _uv(tmp: Path) -> Path:
    env_dir = tmp / "venv"
    venv.create(env_dir, with_pip=True)
    bindir = env_dir / ("Scripts" if sys.platform == "win32" else "bin")
    subprocess.run([str(bindir / "python"), "-m", "pip", "install", "-q", UV], check=True)
    return bindir / "uv"


def _compile(
    uv: Path, tmp: Path, out: Path, *, extra: bool, constraint: Path | None, upgrade: bool
) -> None:
    build = tmp / "build-backend.in"
    build.write_text(_build_requirement() + "\n", encoding="utf-8")
    header = f"# {out.name}: made by `python scripts/lock.py` from pyproject.toml; do not edit.\n"
    argv = [
        str(uv),
        "pip",
        "compile",
        "pyproject.toml",
        str(build),
        "--universal",
        "--python-version",
        PYTHON,
        "--generate-hashes",
        "--no-header",
        "--no-annotate",
        "--quiet",
        "--output-file",
        str(out),
    ]
    if extra:
        argv += ["--extra", "test"]
    if constraint is not None:
        argv += ["--constraint", str(constraint)]
    if upgrade:
        argv.append("--upgrade")
    subprocess.run(argv, check=True, cwd=ROOT)
    out.write_text(header + out.read_text(encoding="utf-8"), encoding="utf-8")


def _build_requirement() -> str:
    """The build backend as pyproject.toml's [build-system] requires it."""
    import tomllib

    with (ROOT / "pyproject.toml").open("rb") as fh:
        (requirement,) = tomllib.load(fh)["build-system"]["requires"]
    return requirement


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--check", action="store_true", help="report only, exit 1 if stale")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="dvc-lock-") as name:
        tmp = Path(name)
        uv = _uv(tmp)
        if args.check:  # resolve again from the current pins: a lock that still fits is kept
            targets = {TEST_LOCK: tmp / TEST_LOCK.name, RUN_LOCK: tmp / RUN_LOCK.name}
            for lock, target in targets.items():
                target.write_bytes(lock.read_bytes())
        else:
            targets = {TEST_LOCK: TEST_LOCK, RUN_LOCK: RUN_LOCK}
        _compile(uv, tmp, targets[TEST_LOCK], extra=True, constraint=None, upgrade=not args.check)
        _compile(
            uv,
            tmp,
            targets[RUN_LOCK],
            extra=False,
            constraint=targets[TEST_LOCK],
            upgrade=not args.check,
        )
        if args.check:
            stale = [
                lock.name for lock, t in targets.items() if t.read_bytes() != lock.read_bytes()
            ]
            for lock in stale:
                print(
                    f"{lock}: does not match pyproject.toml; run python scripts/lock.py",
                    file=sys.stderr,
                )
            return int(bool(stale))
    for lock in (RUN_LOCK, TEST_LOCK):
        pins = sum(1 for line in lock.read_text(encoding="utf-8").splitlines() if "==" in line)
        print(f"wrote {lock.name}: {pins} packages", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
