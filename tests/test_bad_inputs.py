"""Broken and hostile input: one clear line naming the file (and line:col or question), the
documented exit code, never a traceback.

The corpus is tests/bad (procedure files, answers files, PDF templates); tests/bad/expect.yaml
says what dvc must answer to each. Files that cannot be kept in git (unreadable, huge, a
folder) are made here in tmp_path.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

import dvc_cli
from dvc_cli.catalog import procedures
from dvc_cli.catalog.yamlsource import MAX_FILE_BYTES
from dvc_cli.cli.main import app
from dvc_cli.errors import EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_INVALID_ANSWERS

BAD = Path(__file__).parent / "bad"
EXPECT: dict[str, dict[str, Any]] = yaml.safe_load((BAD / "expect.yaml").read_text("utf-8"))
CORPUS = sorted(
    str(p.relative_to(BAD)) for p in BAD.rglob("*") if p.is_file() and p.name != "expect.yaml"
)
GOOD_ANSWERS = "full_name: Nguyễn Văn An\n"


def dvc(*args: str):
    return CliRunner().invoke(app, list(args))


def run_fill(procedure: str, answers: Path, out: Path, *root: str):
    return dvc(*root, "fill", procedure, "--answers", str(answers), "--no-input", "--out", str(out))


def assert_clean(result) -> None:
    """No traceback and no internal error: the library turned the problem into a message."""
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert "Traceback" not in result.output
    assert "lỗi nội bộ" not in result.stderr


def assert_one_line(result, code: int, *says: str) -> str:
    assert_clean(result)
    assert result.exit_code == code, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("dvc: lỗi: ")
    for text in says:
        assert text in lines[0]
    return lines[0]


def test_corpus_is_complete():
    assert len(CORPUS) >= 40
    assert sorted(EXPECT) == CORPUS  # every file has an expectation, every expectation a file


@pytest.mark.parametrize("name", CORPUS)
def test_bad_input(name: str, tmp_path: Path):
    expect = EXPECT[name]
    path = BAD / name
    out = tmp_path / "out"
    kind = name.split("/")[0]
    if kind == "procedures":
        answers = tmp_path / "answers.yaml"
        answers.write_text(GOOD_ANSWERS, encoding="utf-8")
        result = run_fill(path.stem, answers, out, "--procedures", str(BAD / "procedures"))
    elif kind == "answers":
        result = run_fill(expect.get("procedure", "single-status"), path, out)
    else:
        result = dvc("fields", str(path))
    assert_clean(result)
    assert result.exit_code == expect["exit"], result.output
    assert not out.exists()  # nothing written, not even half
    lines = result.stderr.splitlines()
    if expect["exit"] == 0:
        assert lines == []
        return
    first = lines[0]
    assert first.startswith("dvc: lỗi: ")
    assert path.name in first
    if "at" in expect:
        assert f"{path.name}:{expect['at']}: " in first
    for text in expect.get("says", []):
        assert text in result.stderr
    for text in expect.get("hides", []):
        assert text not in result.stderr
    if expect["exit"] == EXIT_INVALID_ANSWERS:
        problems = expect["problems"]
        assert first.endswith(f": {len(problems)} câu trả lời thiếu hoặc không hợp lệ")
        named = [re.match(r"  - ([\w, ]+): ", line) for line in lines[1:]]
        assert [m[1] if m else line for m, line in zip(named, lines[1:], strict=True)] == problems
    else:
        assert len(lines) == 1, result.stderr


@pytest.mark.parametrize("name", [n for n in CORPUS if n.startswith("procedures/")])
def test_bad_procedure_checked(name: str):
    """``dvc check`` lists findings as file:line:col lines (or passes what fails only when run)."""
    path = BAD / name
    result = dvc("check", str(path))
    assert_clean(result)
    assert result.exit_code == EXPECT[name].get("check", EXIT_BAD_INPUT), result.output
    if result.exit_code:
        lines = result.stdout.splitlines()
        assert lines
        for line in lines:
            assert re.match(rf"^.*{re.escape(path.name)}:\d+:\d+: \S", line), line


def test_debug_prints_the_traceback(tmp_path):
    answers = tmp_path / "answers.yaml"
    answers.write_text(GOOD_ANSWERS, encoding="utf-8")
    root = ("--debug", "--procedures", str(BAD / "procedures"))
    result = run_fill("yaml-duplicate-key-top", answers, tmp_path / "out", *root)
    assert result.exit_code == EXIT_BAD_INPUT
    assert "Traceback (most recent call last)" in result.stderr
    assert "ProcedureError" in result.stderr
    last = result.stderr.splitlines()[-1]
    assert last.startswith("dvc: lỗi: ") and "yaml-duplicate-key-top.yaml:7:1: " in last


# -- files that cannot be kept in the corpus ---------------------------------------------------
def _unreadable(path: Path, monkeypatch) -> None:
    """Make ``path`` unreadable: mode 000, and for root (who reads anyway) a denied open."""
    path.chmod(0)
    if os.geteuid() == 0:
        real_open = Path.open

        def deny(self, *args, **kwargs):
            if self == path:
                raise PermissionError(13, "Permission denied", str(self))
            return real_open(self, *args, **kwargs)

        monkeypatch.setattr(Path, "open", deny)


def _procedure_folder(tmp_path: Path, name: str = "demo") -> tuple[Path, Path]:
    folder = tmp_path / "procs"
    folder.mkdir()
    answers = tmp_path / "answers.yaml"
    answers.write_text(GOOD_ANSWERS, encoding="utf-8")
    return folder, answers


def test_unreadable_procedure_file(tmp_path, monkeypatch):
    folder, answers = _procedure_folder(tmp_path)
    path = folder / "demo.yaml"
    path.write_text((BAD / "procedures" / "empty.yaml").read_text(), encoding="utf-8")
    _unreadable(path, monkeypatch)
    result = run_fill("demo", answers, tmp_path / "out", "--procedures", str(folder))
    assert_one_line(result, EXIT_BAD_INPUT, "demo.yaml: không có quyền đọc tệp")


def test_unreadable_answers_file(tmp_path, monkeypatch):
    answers = tmp_path / "answers.yaml"
    answers.write_text(GOOD_ANSWERS, encoding="utf-8")
    _unreadable(answers, monkeypatch)
    result = run_fill("single-status", answers, tmp_path / "out")
    assert_one_line(result, EXIT_BAD_INPUT, "answers.yaml: không có quyền đọc tệp")


def test_huge_files_are_refused_unread(tmp_path, monkeypatch):
    folder, answers = _procedure_folder(tmp_path)
    huge = "# " + "x" * 1000 + "\n"
    text = huge * (MAX_FILE_BYTES // len(huge) + 1)
    (folder / "demo.yaml").write_text(text, encoding="utf-8")
    result = run_fill("demo", answers, tmp_path / "out", "--procedures", str(folder))
    assert_one_line(result, EXIT_BAD_INPUT, "demo.yaml: tệp quá lớn (hơn 2 MB)")
    answers.write_text(text, encoding="utf-8")
    result = run_fill("single-status", answers, tmp_path / "out")
    assert_one_line(result, EXIT_BAD_INPUT, "answers.yaml: tệp quá lớn (hơn 2 MB)")


def test_a_folder_instead_of_a_file(tmp_path):
    folder, answers = _procedure_folder(tmp_path)
    (folder / "demo.yaml").mkdir()  # globbed as a procedure
    result = run_fill("demo", answers, tmp_path / "out", "--procedures", str(folder))
    assert_one_line(result, EXIT_BAD_INPUT, "demo.yaml: là một thư mục, không phải tệp")
    result = run_fill("single-status", folder, tmp_path / "out")
    assert_one_line(result, EXIT_BAD_INPUT, "procs: là một thư mục, không phải tệp")
    result = dvc("fields", str(folder))
    assert_one_line(result, EXIT_BAD_INPUT, "không đọc được mẫu PDF")


def test_very_deep_nesting_is_refused_not_a_crash(tmp_path):
    """libyaml composes recursively in C: 100,000 brackets used to kill the process. (The
    65th level is the 64th bracket: the file's mapping is the first.)"""
    folder, answers = _procedure_folder(tmp_path)
    (folder / "demo.yaml").write_text("notes: " + "[" * 100_000 + "\n", encoding="utf-8")
    result = run_fill("demo", answers, tmp_path / "out", "--procedures", str(folder))
    assert_one_line(result, EXIT_BAD_INPUT, "demo.yaml:1:71: YAML lồng quá sâu")
    result = dvc("--procedures", str(folder), "search", "demo")  # the catalogue reads it too
    assert_clean(result)
    assert result.exit_code == 0 and result.stdout.startswith("demo ")


def test_the_whole_corpus_folder_as_procedures(tmp_path):
    root = ("--procedures", str(BAD / "procedures"))
    result = dvc(*root, "list")  # titles only, without validation: `dvc check` reports
    assert_clean(result)
    assert result.exit_code == 0 and "yaml-two-documents" in result.stdout
    result = dvc(*root, "search", "giấy độc thân")
    assert_clean(result)
    assert result.exit_code == 0 and "single-status" in result.stdout
    result = dvc(*root, "check")
    assert_clean(result)
    assert result.exit_code == EXIT_BAD_INPUT
    checked = {Path(line.split(":")[0]).name for line in result.stdout.splitlines()}
    fail_at_load = [n for n in CORPUS if n.startswith("procedures/") and EXPECT[n].get("check", 2)]
    assert checked >= {Path(n).name for n in fail_at_load}


def test_corpus_procedures_fail_the_same_from_the_library():
    """The messages come from the library, not from the CLI (batch and check use it too)."""
    with pytest.raises(procedures.ProcedureError, match=r"yaml-nul-byte.yaml:15:16: "):
        procedures.load_file(BAD / "procedures" / "yaml-nul-byte.yaml", BAD / "forms")


# -- the last resort -------------------------------------------------------------------------
def test_a_bug_is_one_line_with_its_own_exit_code(tmp_path, monkeypatch):
    def broken(procedure_id):
        raise KeyError("038196004521 sinh 21/04/1996")

    monkeypatch.setattr(dvc_cli, "load_procedure", broken)  # what the CLI calls
    answers = tmp_path / "answers.yaml"
    answers.write_text(GOOD_ANSWERS, encoding="utf-8")
    result = run_fill("single-status", answers, tmp_path / "out")
    assert result.exit_code == EXIT_INTERNAL
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("dvc: lỗi nội bộ: KeyError: ")
    assert lines[0].endswith("(chạy lại với --debug để xem chi tiết)")
    assert "038196004521" not in lines[0] and "21/04/1996" not in lines[0]  # masked
    result = dvc("--debug", "fill", "single-status", "--answers", str(answers), "--no-input")
    assert result.exit_code == EXIT_INTERNAL
    assert "Traceback (most recent call last)" in result.stderr
