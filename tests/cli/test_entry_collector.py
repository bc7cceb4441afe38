"""The ``dvc`` program stops Python's garbage collector for start-up (dvc_cli/__main__.py):
every command but a ``fill --no-input`` starts it again, what start-up made frozen."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

CODE = """\
import gc, sys
sys.argv = ['dvc', *sys.argv[1:]]
from dvc_cli.__main__ import main
try:
    main()
except SystemExit as exc:
    assert not exc.code, exc.code
print(gc.isenabled(), gc.get_freeze_count() > 10_000, file=sys.stderr)
"""


def _collector(data_dir, *args: str) -> str:
    env = {**os.environ, "DVC_DATA_DIR": str(data_dir), "NO_COLOR": "1"}
    done = subprocess.run(
        [sys.executable, "-c", CODE, *args], env=env, capture_output=True, text=True, check=True
    )
    return done.stderr.splitlines()[-1]


@pytest.mark.parametrize(
    ("args", "state"),
    [
        (["list"], "True True"),  # on again, start-up's objects frozen out of its scans
        (["--lang", "en", "show", "single-status"], "True True"),
        (["fill", "single-status", "--example", "--no-input", "--force"], "False True"),
    ],
)
def test_which_commands_run_with_the_collector(data_dir, tmp_path, args, state):
    if args[0] == "fill":
        args = [*args, "--out", str(tmp_path / "out")]
    assert _collector(data_dir, *args) == state


def test_starting_it_again_freezes_what_start_up_made():
    import gc

    from dvc_cli.cli import app

    gc.disable()
    try:
        app.resume_collector()
        assert gc.isenabled() and gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        gc.enable()
