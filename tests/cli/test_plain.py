"""``--plain`` and ``NO_COLOR``: no colour, no box drawing, for screen readers and logs."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dvc_cli.cli import ui
from dvc_cli.cli.main import app

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "single-status.yaml"
ANSI = re.compile(r"\x1b\[")
BOX = re.compile(r"[\u2500-\u257f]")  # box drawing: ─ │ ╭ ┃ ...


@pytest.fixture(autouse=True)
def _colour_forced(monkeypatch):
    """Rich would drop colour anyway when not on a terminal: force it, so plain mode must."""
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("COLUMNS", "100")
    yield
    ui.set_plain(False)


def _run(*args: str, tmp_path: Path) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def _fill_args(tmp_path: Path) -> list[str]:
    return ["fill", "single-status", "--answers", str(EXAMPLE), "--no-input", "--out",
            str(tmp_path / "out")]  # fmt: skip


def test_default_output_has_colour_and_boxes(tmp_path):
    out = _run(*_fill_args(tmp_path), tmp_path=tmp_path)
    assert ANSI.search(out) and BOX.search(out)  # so the checks below can fail


@pytest.mark.parametrize("how", ["--plain", "NO_COLOR"])
@pytest.mark.parametrize("command", ["fill", "show", "list"])
def test_plain_output_has_neither(tmp_path, monkeypatch, how, command):
    args = {"fill": _fill_args(tmp_path), "show": ["show", "single-status"], "list": ["list"]}
    if how == "NO_COLOR":
        monkeypatch.setenv("NO_COLOR", "1")
        out = _run(*args[command], tmp_path=tmp_path)
    else:
        out = _run("--plain", *args[command], tmp_path=tmp_path)
    assert not ANSI.search(out), out[:300]
    assert not BOX.search(out), out[:300]
    assert "single-status" in out or "Cấp Giấy xác nhận tình trạng hôn nhân" in out


def test_plain_checklist_keeps_every_line(tmp_path):
    out = _run("--plain", *_fill_args(tmp_path), tmp_path=tmp_path)
    # the example's earlier residence is an old name: its note comes first, on stderr
    first = next(line for line in out.splitlines() if not line.startswith("dvc: "))
    assert first == (
        "Danh sách giấy tờ — Cấp Giấy xác nhận tình trạng hôn nhân (Trương Thị Ánh Tuyết)"
    )
    assert "Nơi đến, theo thứ tự" in out and "Lệ phí:" in out


@pytest.mark.parametrize("env", [{"NO_COLOR": "1"}, {}])
def test_plain_help_in_a_real_process(env):
    args = ["--help"] if env else ["--plain", "--help"]
    out = subprocess.run(
        [sys.executable, "-m", "dvc_cli", *args],
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "/usr/bin:/bin", "FORCE_COLOR": "1", "COLUMNS": "100", **env},
    ).stdout
    assert "--plain" in out and "fill" in out
    assert not ANSI.search(out) and not BOX.search(out)


def test_plain_batch_progress_is_a_line_per_tenth(capsys):
    from dvc_cli.cli.batch import _PlainProgress

    ui.set_plain(True)
    progress = _PlainProgress(total=40, done=8)  # resuming: 8 rows were done before
    for _ in range(32):
        progress.advance(None)
    lines = capsys.readouterr().err.splitlines()
    assert lines[0] == "Đang điền: 12/40 dòng" and lines[-1] == "Đang điền: 40/40 dòng"
    assert len(lines) == 8  # 30 %, 40 % ... 100 %
    assert not ANSI.search("".join(lines)) and not BOX.search("".join(lines))
