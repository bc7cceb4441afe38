"""What the README promises of the repository itself: clean code, valid bundled procedures,
complete catalogs, and locks that install exactly what pyproject.toml allows.

These run in the README's test command, so CI (``.ci/run``) checks them on every submission.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parents[1]
RUN_LOCK = REPO / "requirements.lock"
TEST_LOCK = REPO / "requirements-test.lock"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$")


def _run(*argv: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DVC_PROCEDURES_PATH"}
    return subprocess.run(argv, cwd=REPO, capture_output=True, text=True, env=env)


def test_ruff_finds_nothing():
    result = _run(sys.executable, "-m", "ruff", "check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_code_is_ruff_formatted():
    result = _run(sys.executable, "-m", "ruff", "format", "--check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_bundled_procedures_pass_dvc_check():
    result = _run(sys.executable, "-m", "dvc_cli", "--lang", "en", "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no problems" in result.stdout + result.stderr


def test_message_catalogs_are_current():
    result = _run(sys.executable, str(REPO / "scripts" / "i18n.py"), "--check")
    assert result.returncode == 0, result.stderr


# -- the locks -----------------------------------------------------------------------------------
def _lock(path: Path) -> dict[str, tuple[str, str | None, list[str]]]:
    """name → (version, marker, hashes) of a lock written by scripts/lock.py."""
    entries: dict[str, tuple[str, str | None, list[str]]] = {}
    current = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if m := PIN.match(line):
            current = canonicalize_name(m.group(1))
            entries[current] = (m.group(2), m.group(3), [])
        elif line.strip().startswith("--hash=sha256:") and current:
            entries[current][2].append(line.strip().removeprefix("--hash=sha256:").rstrip(" \\"))
        elif line.strip() and not line.startswith("#"):
            pytest.fail(f"{path.name}: unexpected line {line!r}")
    return entries


def _pyproject() -> dict:
    with (REPO / "pyproject.toml").open("rb") as fh:
        return tomllib.load(fh)


def test_every_locked_package_has_hashes():
    for path in (RUN_LOCK, TEST_LOCK):
        entries = _lock(path)
        assert len(entries) > 20, path.name
        for name, (_, _, hashes) in entries.items():
            assert hashes and all(re.fullmatch(r"[0-9a-f]{64}", h) for h in hashes), (
                f"{path.name}: {name} without sha256 hashes"
            )


def test_the_run_lock_is_the_run_time_part_of_the_test_lock():
    run, test = _lock(RUN_LOCK), _lock(TEST_LOCK)
    assert set(run) < set(test)
    for name, entry in run.items():
        assert test[name] == entry, f"{name}: the two locks disagree"


@pytest.mark.parametrize(
    ("group", "lock"),
    [("dependencies", RUN_LOCK), ("test", TEST_LOCK), ("build", RUN_LOCK)],
)
def test_locks_satisfy_the_ranges_in_pyproject(group, lock):
    """Run ``python scripts/lock.py`` when a range in pyproject.toml changed."""
    meta = _pyproject()
    requirements = {
        "dependencies": meta["project"]["dependencies"],
        "test": meta["project"]["optional-dependencies"]["test"],
        "build": meta["build-system"]["requires"],
    }[group]
    pins = _lock(lock)
    for text in requirements:
        requirement = Requirement(text)
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{lock.name} lacks {name}"
        assert requirement.specifier.contains(pins[name][0], prereleases=True), (
            f"{lock.name}: {name}=={pins[name][0]} is outside {requirement}"
        )


def test_readme_setup_installs_from_the_locks():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- setup -->", 1)[1].split("<!-- /setup -->", 1)[0]
    install, test = [line for line in block.splitlines() if line and not line.startswith("```")]
    assert "--require-hashes -r requirements.lock" in install
    assert "--no-deps --no-build-isolation ." in install
    assert "--require-hashes -r requirements-test.lock" in test
    assert "pytest" in test
