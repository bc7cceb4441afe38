"""Names typed without diacritics (``Nguyen Thi Dung``: a terminal without a Vietnamese input
method): the interview asks to confirm, ``--no-input`` warns on stderr (batch: see
tests/office/columns, ``names-without-diacritics.csv``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import BASIC, CLEAR, ENTER, SINGLE, pdf_text, spawn_dvc, write_answers
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from typer.testing import CliRunner

from dvc_cli.cli.main import app

DOUBT = "Tên không có dấu — đúng như trên giấy tờ tùy thân?"


def run_interview(keys: list[str], *args: str):
    with create_pipe_input() as pipe:
        pipe.send_text("".join(keys))
        with create_app_session(input=pipe, output=DummyOutput()):
            return CliRunner().invoke(app, ["fill", "single-status", *args])


def test_refused_name_is_asked_again(tmp_path: Path):
    """Enter on the doubt is "Không — nhập lại": the name is asked again, typed text kept."""
    out = tmp_path / "out"
    keys = [
        "Nguyen Thi Dung" + ENTER,
        ENTER,  # the doubt: Không — nhập lại (the default)
        CLEAR + "Nguyễn Thị Dung" + ENTER,
        *BASIC[1:],
        "1" + ENTER,
    ]
    result = run_interview(keys, "--out", str(out))
    assert result.exit_code == 0, result.output
    text = pdf_text(out / "to-khai.pdf")
    assert "NGUYỄN THỊ DUNG" in text and "NGUYEN" not in text


def test_confirmed_name_is_kept_as_typed(tmp_path: Path):
    out = tmp_path / "out"
    keys = ["Nguyen Thi Dung" + ENTER, "1" + ENTER, *BASIC[1:], "1" + ENTER]
    result = run_interview(keys, "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "NGUYEN THI DUNG" in pdf_text(out / "to-khai.pdf")


def test_a_foreign_name_is_not_doubted(tmp_path: Path):
    """No question is put (the keys would be one short), and nothing is said."""
    out = tmp_path / "out"
    result = run_interview(["Maria Garcia" + ENTER, *BASIC[1:], "1" + ENTER], "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "MARIA GARCIA" in pdf_text(out / "to-khai.pdf")
    assert DOUBT not in result.stderr


def test_a_name_from_the_answers_file_is_doubted_before_the_questions(tmp_path: Path):
    partial = {k: v for k, v in SINGLE.items() if k != "purpose_detail"}
    src = write_answers(tmp_path / "a.yaml", {**partial, "full_name": "Le Van Hung"})
    out = tmp_path / "out"
    keys = ["Để xin việc" + ENTER, "1" + ENTER]
    result = run_interview(keys, "--answers", str(src), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert f"Họ, chữ đệm, tên: {DOUBT}" in result.stderr


def test_no_input_warns_once_and_fills(fill):
    result, out = fill({**SINGLE, "full_name": "Truong Thi Anh Tuyet"})
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines().count(f"dvc: full_name: {DOUBT}") == 1
    assert "TRUONG THI ANH TUYET" in pdf_text(out / "to-khai.pdf")


def test_no_input_says_nothing_of_a_name_with_its_marks(fill):
    result, _out = fill(SINGLE)
    assert result.exit_code == 0, result.output
    assert DOUBT not in result.stderr


pexpect = pytest.importorskip("pexpect")


def test_doubt_in_a_pty_refused_then_confirmed(tmp_path: Path):
    """The question as the person sees it: refused once (asked again), then kept."""
    partial = {k: v for k, v in SINGLE.items() if k != "full_name"}
    src = write_answers(tmp_path / "a.yaml", partial)
    out = tmp_path / "out"
    child = spawn_dvc("fill", "single-status", "--answers", str(src), "--out", str(out))
    try:
        child.expect("Họ, chữ đệm, tên")
        child.send("Nguyen Thi Dung\r")
        child.expect(DOUBT)
        child.expect("Không — nhập lại")
        child.send("2\r")
        child.expect("Họ, chữ đệm, tên")  # asked again
        child.send("\r")  # the same name
        child.expect(DOUBT)
        child.send("1\r")  # Đúng — giữ như đã nhập
        child.expect("Các thông tin trên đã đúng chưa")
        child.send("1\r")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0, child.before
    assert "NGUYEN THI DUNG" in pdf_text(out / "to-khai.pdf")
