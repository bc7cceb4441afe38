"""The public library API (``import dvc_cli``): what the CLI does, without the CLI."""

from __future__ import annotations

import stat
import subprocess
import sys
from pathlib import Path

import pytest

import dvc_cli

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "single-status.yaml"


def test_fill_from_an_answers_file(tmp_path: Path):
    proc = dvc_cli.load_procedure("single-status")
    interview = dvc_cli.Interview(proc, dvc_cli.read_answers(EXAMPLE, proc.id))
    interview.apply_defaults()
    assert interview.is_complete()
    papers = dvc_cli.render_outputs(interview)
    written = dvc_cli.write_outputs(papers, tmp_path / "out")
    names = {p.name for p in written}
    assert {"to-khai.pdf", "checklist.pdf", "checklist.md", "answers.yaml"} <= names
    assert stat.S_IMODE((tmp_path / "out" / "answers.yaml").stat().st_mode) == 0o600


def test_settings_are_passed_in(tmp_path: Path):
    proc = dvc_cli.load_procedure("single-status")
    interview = dvc_cli.Interview(proc, dvc_cli.read_answers(EXAMPLE, proc.id))
    interview.apply_defaults()
    with dvc_cli.using(dvc_cli.Context(language="en")):
        english = dvc_cli.build_checklist(interview)
    vietnamese = dvc_cli.build_checklist(interview)
    assert english.title == "Certificate of marital status (single status)"
    assert vietnamese.title == "Cấp Giấy xác nhận tình trạng hôn nhân"


def test_invalid_answers_raise_a_dvc_error():
    proc = dvc_cli.load_procedure("single-status")
    interview = dvc_cli.Interview(
        proc, {"full_name": "Nguyễn Thị Dung", "birth_date": "31/02/1990"}
    )
    assert not interview.is_complete()
    with pytest.raises(dvc_cli.DvcError) as err:
        dvc_cli.load_procedure("single-statu")
    assert err.value.exit_code == 2


def test_importing_the_package_loads_no_library_module():
    code = "import sys, dvc_cli; print(sorted(m for m in sys.modules if m.startswith('dvc_cli')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['dvc_cli']"
