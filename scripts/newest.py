#!/usr/bin/env python3
"""Run the whole suite on the newest versions ``pyproject.toml``'s ranges allow (not the lock).

    python scripts/newest.py               # throw-away venv, pip install ".[test]", pytest -q
    python scripts/newest.py -- -x -k yaml # arguments after -- go to pytest

This is what a user gets who installs dvc into an environment of their own today, and what the
next ``python scripts/lock.py`` would pin: a library release that changes dvc's behaviour shows
up here before it reaches a user or CI. Prints which packages differ from
``requirements-test.lock``, then pytest's result; the exit code is pytest's. The venv is deleted
afterwards.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEST_LOCK = ROOT / "requirements-test.lock"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def locked() -> dict[str, str]:
    """Package → version pinned in requirements-test.lock."""
    pins = {}
    for line in TEST_LOCK.read_text(encoding="utf-8").splitlines():
        if m := PIN.match(line):
            pins[_norm(m.group(1))] = m.group(2)
    return pins


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("pytest_args", nargs="*", help="passed to pytest (after --)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="dvc-newest-") as name:
        env_dir = Path(name) / "venv"
        venv.create(env_dir, with_pip=True)
        python = env_dir / ("Scripts" if sys.platform == "win32" else "bin") / "python"
        pip = [str(python), "-m", "pip", "install", "-q", "--upgrade"]
        subprocess.run([*pip, "pip"], check=True)
        subprocess.run([*pip, f"{ROOT}[test]"], check=True)
        listed = subprocess.run(
            [str(python), "-m", "pip", "list", "--format", "json"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        installed = {_norm(p["name"]): p["version"] for p in json.loads(listed)}
        pins = locked()
        newer = [
            f"  {n} {pins[n]} -> {v}" for n, v in sorted(installed.items()) if pins.get(n, v) != v
        ]
        print(
            "newest versions differ from requirements-test.lock:\n" + "\n".join(newer)
            if newer
            else "the newest versions are the locked ones",
            flush=True,
        )
        tests = subprocess.run([str(python), "-m", "pytest", "-q", *args.pytest_args], cwd=ROOT)
        return tests.returncode


if __name__ == "__main__":
    sys.exit(main())
