"""The interactive interview, driven through prompt_toolkit pipe input."""

from __future__ import annotations

from pathlib import Path

from conftest import BASIC, DOWN, ENTER, pdf_text
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from typer.testing import CliRunner

from dvc_cli.cli.main import app


def run_interview(keys: list[str], *args: str):
    with create_pipe_input() as pipe:
        pipe.send_text("".join(keys))
        with create_app_session(input=pipe, output=DummyOutput()):
            return CliRunner().invoke(app, ["fill", "single-status", *args])


def test_interview_with_wrong_id_corrected(tmp_path: Path):
    out = tmp_path / "out"
    result = run_interview([*BASIC, "1" + ENTER], "--out", str(out))
    assert result.exit_code == 0, result.output
    text = pdf_text(out / "to-khai.pdf")
    assert "NGUYỄN THỊ DUNG" in text
    assert "Thẻ căn cước số 001190012345" in text
    assert "Ủy ban nhân dân phường Hoàn Kiếm, thành phố Hà Nội" in text
    assert "Hiện tại chưa đăng ký kết hôn với ai." in text
    assert "Để bổ sung hồ sơ vay vốn" in text


def test_review_edit_asks_newly_needed_questions(tmp_path: Path):
    out = tmp_path / "out"
    keys = [
        *BASIC,
        "2" + ENTER,  # review: edit an answer
        DOWN * 14 + ENTER,  # the 15th answer: marital_status
        "2" + ENTER,  # now: Đã ly hôn
        ENTER,  # divorce_kind: Quyết định
        "25/2020/QĐST-HNGĐ" + ENTER,
        "05/03/2020" + ENTER,
        "quận Hoàn Kiếm, thành phố Hà Nội" + ENTER,
        ENTER,  # divorce_abroad: Không
        "1" + ENTER,  # review: done
    ]
    result = run_interview(keys, "--out", str(out))
    assert result.exit_code == 0, result.output
    text = pdf_text(out / "to-khai.pdf")
    assert (
        "Đã đăng ký kết hôn, nhưng đã ly hôn theo Quyết định ly hôn số 25/2020/QĐST-HNGĐ "
        "ngày 05 tháng 03 năm 2020 của Tòa án nhân dân quận Hoàn Kiếm, thành phố Hà Nội; "
        "hiện tại chưa đăng ký kết hôn với ai."
    ) in text
    md = (out / "checklist.md").read_text(encoding="utf-8")
    assert "Quyết định ly hôn số 25/2020/QĐST-HNGĐ" in md


def test_answers_file_prefills_and_only_missing_is_asked(tmp_path: Path):
    from conftest import SINGLE, write_answers

    partial = dict(SINGLE)
    del partial["purpose_detail"]
    src = write_answers(tmp_path / "a.yaml", partial)
    out = tmp_path / "out"
    keys = [
        "Để xin việc" + ENTER,  # purpose_detail: the only answer missing with no default
        "1" + ENTER,  # review: done
    ]
    result = run_interview(keys, "--answers", str(src), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "Để xin việc" in pdf_text(out / "to-khai.pdf")


def test_quit_on_review_writes_nothing(tmp_path: Path):
    out = tmp_path / "out"
    result = run_interview([*BASIC, "3" + ENTER], "--out", str(out))
    assert result.exit_code == 0
    assert not out.exists()


def test_closed_input_ends_cleanly(tmp_path: Path):
    out = tmp_path / "out"
    with create_pipe_input() as pipe:
        pipe.send_text("Nguyễn Thị Dung" + ENTER)
        pipe.close()
        with create_app_session(input=pipe, output=DummyOutput()):
            result = CliRunner().invoke(app, ["fill", "single-status", "--out", str(out)])
    assert result.exit_code == 130
    assert "Traceback" not in result.output
    assert not out.exists()


def test_ctrl_c_exits_130_without_traceback(tmp_path: Path):
    out = tmp_path / "out"
    result = run_interview(["\x03"], "--out", str(out))  # before any answer: no draft
    assert result.exit_code == 130
    assert "dvc: đã dừng; chưa tạo tệp nào." in result.stderr
    assert "Traceback" not in result.output
    assert not out.exists()
