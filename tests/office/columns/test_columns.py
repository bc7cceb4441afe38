"""Office sheets through the real ``dvc batch``: the headers offices write (synonyms, the
person's own question preferred, unmatched columns named with their nearest question), the same
person twice (manifest warning, summary line, ``--strict``, across ``--resume``), and ``dvc
check`` of synonyms in procedure files.

The corpus is this folder; expect.yaml says what dvc must answer to each file.
"""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from dvc_cli.batch.row import TEST_DELAY_ENV
from dvc_cli.cli.main import app

HERE = Path(__file__).parent
REPO = HERE.parents[2]
EXPECT: dict[str, dict[str, Any]] = yaml.safe_load((HERE / "expect.yaml").read_text("utf-8"))
CORPUS = sorted(
    str(p.relative_to(HERE)) for p in HERE.rglob("*") if p.suffix in (".csv", ".xlsx", ".yaml")
)
CORPUS.remove("expect.yaml")


def dvc(*args: str):
    return CliRunner().invoke(app, list(args))


def assert_clean(result) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert "Traceback" not in result.output
    assert "lỗi nội bộ" not in result.stderr


def report(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))


def stop_after(out: Path, rows: int) -> None:
    """Leave ``out`` as a kill after the first ``rows`` journaled rows leaves it."""
    journal = out / ".dvc-batch" / "journal.jsonl"
    lines = journal.read_text("utf-8").splitlines(keepends=True)
    journal.write_text("".join(lines[:rows]), "utf-8")
    for line in lines[rows:]:
        folder = json.loads(line).get("folder")
        if folder:
            for file in (out / folder).iterdir():
                file.unlink()
            (out / folder).rmdir()
    for name in ("manifest.csv", "errors.csv"):
        (out / name).unlink(missing_ok=True)


def test_every_file_has_an_expectation():
    assert sorted(EXPECT) == CORPUS
    assert len([name for name in CORPUS if name.endswith(".csv")]) >= 15


@pytest.mark.parametrize("name", [n for n in CORPUS if n.endswith((".csv", ".xlsx"))])
def test_sheet(name: str, tmp_path: Path) -> None:
    want = EXPECT[name]
    out = tmp_path / "out"
    command = ["batch", want.get("procedure", "single-status"), str(HERE / name)]
    command += ["--out", str(out), "--jobs", "2", *want.get("args", [])]
    if "resume_after" in want:
        first = dvc(*command)
        assert_clean(first)
        stop_after(out, want["resume_after"])
        command.append("--resume")
    result = dvc(*command)
    assert_clean(result)
    assert result.exit_code == want["exit"], result.output
    shown = result.stdout + result.stderr
    for text in want.get("says", []):
        assert text in result.stderr, result.stderr
    for text in want.get("hides", []):
        assert text not in shown
    if want["exit"] == 2:
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("dvc: lỗi: "), result.stderr
        assert not out.exists()  # nothing half-done
        return
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["ok"] == want.get("ok", 0)
    assert summary["failed"] == want.get("failed", 0)
    if "resume_after" in want:
        assert summary["done_before"] == want["resume_after"]
    if "duplicates" in want:
        assert summary["duplicate_rows"] == want["duplicates"]
    if "warning_rows" in want:
        assert summary["warning_rows"] == want["warning_rows"]
    manifest = {int(m["row"]): m for m in report(out / "manifest.csv")}
    warnings = {int(k): v for k, v in want.get("warnings", {}).items()}
    assert {row: m["warning"] for row, m in manifest.items() if m["warning"]} == warnings
    for row, expected in want.get("answers", {}).items():
        saved = yaml.safe_load((out / manifest[int(row)]["folder"] / "answers.yaml").read_text())
        for qid, value in expected.items():
            assert str(saved["answers"][qid]) == str(value), (row, qid)
    if "errors" in want:
        errors = [(int(e["row"]), e["column"], e["message"]) for e in report(out / "errors.csv")]
        assert len(errors) == len(want["errors"]), errors
        for (row, column, message), (w_row, w_column, w_text) in zip(
            errors, want["errors"], strict=True
        ):
            assert (row, column) == (w_row, w_column)
            assert w_text in message
        for row, *_ in want["errors"]:
            assert manifest[row]["status"] == "error"
        raw = (out / "errors.csv").read_text("utf-8-sig")
        for text in want.get("hides", []):
            assert text not in raw  # never the ID number, even in errors.csv


@pytest.mark.parametrize("name", [n for n in CORPUS if n.startswith("procedures/")])
def test_procedure_check(name: str) -> None:
    want = EXPECT[name]
    result = dvc("check", str(HERE / name))
    assert_clean(result)
    assert result.exit_code == want["exit"], result.output
    for text in want["says"]:
        assert text in result.output, result.output


def test_duplicates_are_found_in_the_main_process_without_storing_ids(tmp_path: Path) -> None:
    """The state folder holds no ID number, in the clear or hashed: a resume reads the input."""
    out = tmp_path / "out"
    result = dvc("batch", "single-status", str(HERE / "duplicates-pair.csv"), "--out", str(out))
    assert result.exit_code == 0, result.output
    for path in (out / ".dvc-batch").iterdir():
        if path.is_file():
            text = path.read_text("utf-8", errors="replace")
            assert "038196004521" not in text and "196004521" not in text
            assert "trùng" not in text


def test_summary_line_lists_ten_groups_at_most() -> None:
    from dvc_cli.cli.batch import duplicates_line

    line = duplicates_line([[row, row + 100] for row in range(2, 14)])
    assert line.startswith("12 người trùng số định danh: dòng 2 và 102; dòng 3 và 103; ")
    assert "dòng 11 và 111" in line and "dòng 12 và 112" not in line
    assert line.endswith("; … (xem cột warning của manifest.csv)")
    assert duplicates_line([[5, 9, 12]]) == "1 người trùng số định danh: dòng 5, 9 và 12"


def test_shared_synonyms_stay_with_the_residents_own_question() -> None:
    """``- use: id_number`` under another id (the groom's) does not answer "Số CCCD"."""
    from dvc_cli.catalog import procedures

    single = procedures.load("single-status")
    assert "Số CCCD" in single.questions["id_number"].synonyms
    assert "Ngày cấp" in single.questions["id_issue_date"].synonyms
    marriage = procedures.load("marriage-registration")
    synonyms = {s for q in marriage.ordered() for s in q.synonyms}
    assert "Số CCCD" not in synonyms and "Ngày cấp" not in synonyms
    assert marriage.questions["groom_id_number"].synonyms[:2] == [
        "Số CCCD bên nam",
        "Số CCCD chồng",
    ]


def _journal_rows(out: Path) -> int:
    try:
        return (out / ".dvc-batch" / "journal.jsonl").read_text("utf-8").count("\n")
    except OSError:
        return 0


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_strict_duplicates_survive_a_kill_and_resume(tmp_path: Path) -> None:
    """Killed with -9 after a few rows, then resumed with --strict: the later rows of a person
    seen before the kill are still refused (the input is read again from its first row)."""
    with (HERE / "duplicates-pair.csv").open(encoding="utf-8", newline="") as fh:
        header, first, second, _repeat = list(csv.reader(fh))
    person = ["Lê Văn Hùng", "03/09/1975", "nam"]
    others = [[*person, f"0380750000{n:02d}", *first[4:]] for n in range(10)]
    rows = [first, second, *others, second, first]  # rows 2..15: 14 repeats 3, 15 repeats 2
    src = tmp_path / "in.csv"
    with src.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([header, *rows])
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(REPO), TEST_DELAY_ENV: "0.25"}
    cmd = [sys.executable, "-m", "dvc_cli", "batch", "single-status", str(src), "--out", str(out)]
    killed = subprocess.Popen(
        [*cmd, "--jobs", "2", "--strict"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while _journal_rows(out) < 3 and killed.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    killed.send_signal(signal.SIGKILL)
    killed.wait()
    assert 3 <= _journal_rows(out) < 14
    env.pop(TEST_DELAY_ENV)
    resumed = subprocess.run(
        [*cmd, "--resume", "--strict"], env=env, capture_output=True, timeout=120
    )
    assert resumed.returncode == 1, resumed.stderr.decode()
    summary = json.loads(resumed.stdout)
    assert summary["ok"] == 12 and summary["failed"] == 2
    assert summary["duplicate_rows"] == [[2, 15], [3, 14]]
    assert "2 người trùng số định danh: dòng 2 và 15; dòng 3 và 14" in resumed.stderr.decode()
    errors = [(e["row"], e["message"]) for e in report(out / "errors.csv")]
    assert errors == [
        ("14", "trùng số định danh với dòng 3 (--strict): mỗi người một dòng"),
        ("15", "trùng số định danh với dòng 2 (--strict): mỗi người một dòng"),
    ]
    assert not (out / "0014").exists() and not (out / "0015").exists()
    state = "".join(p.read_text("utf-8") for p in (out / ".dvc-batch").glob("*.json*"))
    assert first[3] not in state and second[3] not in state
