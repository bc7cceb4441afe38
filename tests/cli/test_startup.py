"""Start-up stays light: heavy modules load only in the commands that need them.

Timings are measured by ``benchmarks/startup.py``; these tests check the cause (which modules a
command imports), which does not depend on how busy the machine is.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("questionary", "prompt_toolkit", "pypdf", "reportlab", "jinja2", "openpyxl", "yaml")

PROBE = """
import json, sys
sys.argv = ["dvc", *json.loads(sys.argv[1])]
from dvc_cli.__main__ import main
try:
    main()
except SystemExit:
    pass
sys.stdout.flush()
print("\\nMODULES=" + json.dumps(sorted({m.split(".")[0] for m in sys.modules})))
"""


def _modules(*args: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(list(args))],
        capture_output=True,
        text=True,
        check=True,
        env={"COLUMNS": "100", "PATH": "/usr/bin:/bin"},
    ).stdout
    return set(json.loads(out.rsplit("MODULES=", 1)[1]))


def test_version_loads_neither_typer_nor_rich():
    loaded = _modules("--version")
    assert not loaded & {"typer", "rich", "pydantic", *HEAVY}


@pytest.mark.parametrize("args", [("--help",), ("--plain", "--help")])
def test_help_loads_no_heavy_module(args):
    loaded = _modules(*args)
    assert "typer" in loaded  # the probe really ran the CLI
    assert not loaded & {"pydantic", *HEAVY}


def test_command_help_loads_no_heavy_module():
    assert not _modules("fill", "--help") & {"pydantic", *HEAVY}


def test_plain_help_does_not_load_rich():
    assert "rich" not in _modules("--plain", "--help")


def test_list_reads_titles_without_validation_or_templates():
    # pydantic too: Typer 0.29 would load it for every command (hence typer<0.29)
    loaded = _modules("list")
    assert "yaml" in loaded
    assert not loaded & {"pydantic", "questionary", "prompt_toolkit", "pypdf", "reportlab"}
    assert "jinja2" not in loaded
