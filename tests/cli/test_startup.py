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


def test_a_warm_fill_with_a_continuation_page_loads_neither_pypdf_nor_reportlab(tmp_path):
    """The example's earlier residences overflow the form's rows: the continuation page is
    written with the form by pdf_text's TemplateWriter, not appended with pypdf."""
    from conftest import pdf_text

    env = {"COLUMNS": "100", "PATH": "/usr/bin:/bin", "DVC_DATA_DIR": str(tmp_path / "data")}

    def fill(out: str) -> set[str]:
        args = ["fill", "single-status", "--example", "--no-input", "--out", str(tmp_path / out)]
        done = subprocess.run(
            [sys.executable, "-c", PROBE, json.dumps(args)],
            capture_output=True,
            text=True,
            check=True,
            env=env,
        )
        return set(json.loads(done.stdout.rsplit("MODULES=", 1)[1]))

    fill("cold")  # reads the template with pypdf once, and keeps it
    loaded = fill("warm")
    assert "jinja2" in loaded  # the probe really filled
    assert not loaded & {"pypdf", "reportlab"}
    text = pdf_text(tmp_path / "warm" / "to-khai.pdf")
    assert "TRANG BỔ SUNG" in text and "Phường Điện Biên, thành phố Thanh Hóa" in text
    assert (tmp_path / "warm" / "to-khai.pdf").read_bytes() == (
        tmp_path / "cold" / "to-khai.pdf"
    ).read_bytes()
