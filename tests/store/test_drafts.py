"""Drafts: an interrupted interview is kept, offered again, resumed, listed and deleted."""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

import pytest
import yaml
from conftest import BASIC, ENTER, pdf_text
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from typer.testing import CliRunner

from dvc_cli.cli.main import app
from dvc_cli.store import answers_file, paths

CTRL_C = "\x03"
# The line a stopped interview ends with: the draft's number, the person's initials, and the
# command that resumes it, with the --out the draft remembers.
SAVED = re.compile(
    r"dvc: đã lưu bản nháp số (?P<number>\d{3}) \((?P<initials>[A-ZĐ.]+)\); chạy lại "
    r'"dvc fill single-status --draft (?P=number)(?: --out (?P<out>\S+))?" để tiếp tục\.'
)
FIRST_THREE = BASIC[:3]  # full_name, birth_date, gender
REST = BASIC[3:]
FINISH = "1" + ENTER  # review: done


def run(keys: list[str], *args: str, width: int = 80):
    """Run ``dvc ARGS`` with ``keys`` typed, then the end of input (a test never hangs)."""
    with create_pipe_input() as pipe:
        pipe.send_text("".join(keys))
        pipe.close()
        with create_app_session(input=pipe, output=DummyOutput()):
            return CliRunner().invoke(app, list(args), env={"COLUMNS": str(width)})


def fill(keys: list[str], *args: str):
    return run(keys, "fill", "single-status", *args)


def draft_files(data_dir: Path) -> list[Path]:
    folder = data_dir / "drafts"
    return sorted(folder.glob("*.yaml")) if folder.exists() else []


def only_draft(data_dir: Path) -> Path:
    found = draft_files(data_dir)
    assert len(found) == 1, found
    return found[0]


def saved(stderr: str) -> re.Match[str]:
    """The last line of ``stderr``, which must be the draft-saved line."""
    found = SAVED.fullmatch(stderr.splitlines()[-1])
    assert found, stderr
    return found


def number_of(path: Path) -> str:
    return str(yaml.safe_load(path.read_text(encoding="utf-8"))["draft"]["number"])


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def interrupt_after_three(tmp_path: Path) -> None:
    result = fill([*FIRST_THREE, CTRL_C], "--fresh", "--out", str(tmp_path / "never"))
    assert result.exit_code == 130, result.output


def test_ctrl_c_saves_a_private_draft_and_says_so_in_one_line(tmp_path, data_dir):
    out = tmp_path / "out"
    result = fill([*FIRST_THREE, CTRL_C], "--out", str(out))
    assert result.exit_code == 130
    line = saved(result.stderr)
    assert line["initials"] == "N.T.D."  # the one thing of the person the line shows
    assert line["out"] == str(out)
    assert result.stderr.count("dvc:") == 1
    assert "Traceback" not in result.output
    assert not out.exists()
    draft = only_draft(data_dir)
    assert mode(draft) == 0o600
    assert mode(draft.parent) == 0o700
    assert mode(data_dir) == 0o700
    assert "dung" not in draft.name.lower()  # no personal data in the file name
    doc = yaml.safe_load(draft.read_text(encoding="utf-8"))
    assert doc["procedure"] == "single-status"
    assert doc["draft"]["next_question"] == "ethnicity"
    assert doc["draft"]["step"] == 1
    assert doc["draft"]["number"] == line["number"]
    assert doc["draft"]["initials"] == "N.T.D."
    assert doc["draft"]["out"] == str(out)
    # a draft is an answers file: `dvc fill --answers` reads it as it is
    assert answers_file.read(draft, "single-status") == {
        "full_name": "Nguyễn Thị Dung",
        "birth_date": "15/08/1990",
        "gender": "nu",
    }


def test_resume_continues_where_it_stopped_and_deletes_the_draft(tmp_path, data_dir):
    interrupt_after_three(tmp_path)
    out = tmp_path / "out"
    result = fill([*REST, FINISH], "--resume", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert re.search(
        r"Làm tiếp bản nháp số \d{3} \(N\.T\.D\.\), lưu lúc .*\(3 câu trả lời\)\.", result.stderr
    )
    text = pdf_text(out / "to-khai.pdf")
    assert "NGUYỄN THỊ DUNG" in text  # typed before Ctrl-C
    assert "Để bổ sung hồ sơ vay vốn" in text  # typed after resuming
    answers = answers_file.read(out / "answers.yaml", "single-status")
    assert answers["birth_date"] == "15/08/1990"
    assert draft_files(data_dir) == []


def test_resume_then_ctrl_c_again_keeps_one_draft_with_more_answers(tmp_path, data_dir):
    interrupt_after_three(tmp_path)
    first = only_draft(data_dir)
    result = fill([*REST[:3], CTRL_C], "--resume")
    assert result.exit_code == 130
    assert only_draft(data_dir) == first
    assert len(answers_file.read(first, "single-status")) == 6


def test_neither_flag_offers_the_draft(tmp_path, data_dir):
    interrupt_after_three(tmp_path)
    out = tmp_path / "out"
    result = fill(["1" + ENTER, *REST, FINISH], "--out", str(out))  # 1: continue the draft
    assert result.exit_code == 0, result.output
    assert "NGUYỄN THỊ DUNG" in pdf_text(out / "to-khai.pdf")
    assert draft_files(data_dir) == []


def test_offer_declined_starts_over_and_keeps_the_old_draft(tmp_path, data_dir):
    interrupt_after_three(tmp_path)
    old = only_draft(data_dir)
    out = tmp_path / "out"
    keys = ["2" + ENTER, "Lê Thị Hoa" + ENTER, *BASIC[1:], FINISH]  # 2: start over
    result = fill(keys, "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "LÊ THỊ HOA" in pdf_text(out / "to-khai.pdf")
    assert draft_files(data_dir) == [old]  # someone else's unfinished interview is not lost


def test_fresh_starts_over_without_asking(tmp_path, data_dir):
    interrupt_after_three(tmp_path)
    out = tmp_path / "out"
    keys = ["Lê Thị Hoa" + ENTER, *BASIC[1:], FINISH]
    result = fill(keys, "--fresh", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "Làm tiếp" not in result.stderr
    assert "LÊ THỊ HOA" in pdf_text(out / "to-khai.pdf")
    assert len(draft_files(data_dir)) == 1


def test_resume_picks_the_newest_of_several(tmp_path, data_dir):
    interrupt_after_three(tmp_path)
    result = fill(["Lê Thị Hoa" + ENTER, CTRL_C], "--fresh")
    assert result.exit_code == 130
    assert len(draft_files(data_dir)) == 2
    out = tmp_path / "out"
    result = fill([*BASIC[1:], FINISH], "--resume", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "LÊ THỊ HOA" in pdf_text(out / "to-khai.pdf")
    assert len(draft_files(data_dir)) == 1


@pytest.mark.parametrize(
    "args, message",
    [
        (["--resume"], "không có bản nháp nào của 'single-status'"),
        (["--resume", "--fresh"], "--resume và --fresh không dùng cùng nhau"),
        (["--resume", "--no-input"], "chỉ dùng khi hỏi"),
        (["--draft", "123", "--no-input"], "chỉ dùng khi hỏi"),
        (["--draft", "123", "--fresh"], "--draft và --fresh không dùng cùng nhau"),
        (["--draft", "123"], "không có bản nháp nào"),
    ],
)
def test_draft_flags_misused_exit_2(args, message):
    result = fill([], *args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_end_of_input_saves_a_draft(tmp_path, data_dir):
    result = fill(FIRST_THREE, "--out", str(tmp_path / "out"))  # then stdin ends
    assert result.exit_code == 130
    saved(result.stderr)
    assert len(answers_file.read(only_draft(data_dir), "single-status")) == 3


def test_quit_on_review_keeps_the_draft_and_discard_deletes_it(tmp_path, data_dir):
    result = fill([*BASIC, "3" + ENTER], "--out", str(tmp_path / "out"))
    assert result.exit_code == 0
    saved(result.stderr)
    only_draft(data_dir)
    # continue it, then discard on the review, and say yes when asked again
    result = fill(["1" + ENTER, "4" + ENTER, "2" + ENTER])
    assert result.exit_code == 0
    assert "đã xóa các câu trả lời" in result.stderr
    assert draft_files(data_dir) == []
    assert not (tmp_path / "out").exists()


def test_discard_asks_again_and_no_is_the_default(tmp_path, data_dir):
    out = tmp_path / "out"
    # discard, Enter (the default: no), back on the review: discard, 1 (no), then finish
    keys = [*BASIC, "4" + ENTER, ENTER, "4" + ENTER, "1" + ENTER, FINISH]
    result = fill(keys, "--out", str(out))
    assert result.exit_code == 0, result.output
    assert result.stderr.count("Kiểm tra lại các câu trả lời") == 3  # back on the review twice
    assert "đã xóa" not in result.stderr
    assert "NGUYỄN THỊ DUNG" in pdf_text(out / "to-khai.pdf")  # nothing was thrown away
    assert draft_files(data_dir) == []


def test_no_input_fill_makes_no_draft(fill, data_dir):
    from conftest import SINGLE

    result, _ = fill({k: v for k, v in SINGLE.items() if k != "purpose_detail"})
    assert result.exit_code == 1
    assert draft_files(data_dir) == []


def test_prefilled_answers_alone_make_no_draft(tmp_path, data_dir):
    from conftest import SINGLE, write_answers

    partial = {k: v for k, v in SINGLE.items() if k != "purpose_detail"}
    src = write_answers(tmp_path / "a.yaml", partial)
    result = fill([CTRL_C], "--answers", str(src))
    assert result.exit_code == 130
    assert result.stderr.splitlines()[-1] == "dvc: đã dừng; chưa tạo tệp nào."
    assert draft_files(data_dir) == []


def test_a_draft_that_cannot_be_saved_does_not_stop_the_interview(tmp_path, monkeypatch):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setenv(paths.ENV_VAR, str(blocked / "dvc"))
    out = tmp_path / "out"
    result = fill([*BASIC, FINISH], "--out", str(out))
    assert result.exit_code == 0, result.output
    assert result.stderr.count("không lưu được bản nháp") == 1
    assert "NGUYỄN THỊ DUNG" in pdf_text(out / "to-khai.pdf")


# -- dvc drafts ------------------------------------------------------------------------------
def test_drafts_list_shows_no_personal_data(tmp_path, data_dir):
    interrupt_after_three(tmp_path)
    result = fill([*BASIC[:8], CTRL_C], "--fresh")  # up to the corrected ID number
    assert result.exit_code == 130
    for args in (["drafts"], ["drafts", "list"]):
        result = run([], *args, width=150)
        assert result.exit_code == 0, result.output
        lines = [line for line in result.stdout.splitlines() if "single-status" in line]
        assert len(lines) == 2
        numbers = [number_of(path) for path in draft_files(data_dir)]
        assert sorted(line.split()[0] for line in lines) == sorted(numbers)
        assert [line.split()[1] for line in lines] == ["N.T.D.", "N.T.D."]  # initials only
        assert " 3 " in lines[0] and " 7 " in lines[1]  # oldest first
        assert "bước 1/4: Người được cấp giấy xác nhận" in lines[0]
        for personal in ("Dung", "DUNG", "15/08/1990", "001190012345", "0011"):
            assert personal not in result.stdout


def test_drafts_list_when_there_are_none_and_skips_broken_files(data_dir):
    result = run([], "drafts", "list")
    assert result.exit_code == 0
    assert "Không có bản nháp nào." in result.stdout
    (paths.drafts_dir() / "single-status-broken.yaml").write_text("answers: [", encoding="utf-8")
    result = run([], "drafts")
    assert result.exit_code == 0
    assert "Không có bản nháp nào." in result.stdout
    assert "không phải bản nháp của dvc" in result.stderr


def test_drafts_delete_by_number_procedure_and_all(tmp_path, data_dir):
    for _ in range(3):
        interrupt_after_three(tmp_path)
    assert len(draft_files(data_dir)) == 3
    assert len({number_of(path) for path in draft_files(data_dir)}) == 3  # each its own
    doomed = draft_files(data_dir)[1]
    result = run([], "drafts", "delete", number_of(doomed))
    assert result.exit_code == 0, result.output
    assert "Đã xóa 1 bản nháp." in result.stdout
    assert len(draft_files(data_dir)) == 2
    assert not doomed.exists()
    assert run([], "drafts", "delete", "single-status").exit_code == 0
    assert len(draft_files(data_dir)) == 1
    interrupt_after_three(tmp_path)
    result = run([], "drafts", "delete", "--all")
    assert result.exit_code == 0
    assert "Đã xóa 2 bản nháp." in result.stdout
    assert draft_files(data_dir) == []


@pytest.mark.parametrize(
    "args", [["drafts", "delete"], ["drafts", "delete", "1", "--all"], ["drafts", "delete", "7"]]
)
def test_drafts_delete_misused_exit_2(tmp_path, data_dir, args):
    interrupt_after_three(tmp_path)
    result = run([], *args)
    assert result.exit_code == 2
    assert result.stderr.startswith("dvc: lỗi:")
    assert len(draft_files(data_dir)) == 1


def test_drafts_resume_by_number(tmp_path, data_dir):
    interrupt_after_three(tmp_path)
    result = fill(["Lê Thị Hoa" + ENTER, CTRL_C], "--fresh")
    assert result.exit_code == 130
    older = max(draft_files(data_dir), key=answered)  # Lê Thị Hoa's has one answer
    assert answered(older) == 3
    out = tmp_path / "out"
    number = number_of(older)
    result = run([*REST, FINISH], "drafts", "resume", number, "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "NGUYỄN THỊ DUNG" in pdf_text(out / "to-khai.pdf")
    left = only_draft(data_dir)
    assert answers_file.read(left, "single-status") == {"full_name": "Lê Thị Hoa"}


def test_drafts_resume_unknown_is_exit_2():
    result = run([], "drafts", "resume", "single-status")
    assert result.exit_code == 2
    assert "không có bản nháp nào của 'single-status'" in result.stderr


# -- where things are ------------------------------------------------------------------------
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG is the Linux layout")
def test_data_dir_follows_xdg_data_home_without_override(tmp_path, monkeypatch):
    monkeypatch.delenv(paths.ENV_VAR)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    assert paths.drafts_dir() == tmp_path / "share" / "dvc" / "drafts"
    assert mode(tmp_path / "share" / "dvc") == 0o700


def test_existing_data_dir_is_tightened(data_dir):
    data_dir.mkdir(mode=0o755)
    data_dir.chmod(0o755)
    paths.drafts_dir()
    assert mode(data_dir) == 0o700


# -- a real terminal -------------------------------------------------------------------------
def spawn(data_dir: Path, *args: str):
    import os

    pexpect = pytest.importorskip("pexpect")
    env = {
        **os.environ,
        "PROMPT_TOOLKIT_NO_CPR": "1",
        "TERM": "xterm",
        "COLUMNS": "100",
        paths.ENV_VAR: str(data_dir),
    }
    return pexpect.spawn(
        sys.executable,
        ["-m", "dvc_cli", *args],
        env=env,
        encoding="utf-8",
        timeout=30,
        dimensions=(40, 100),
    )


def wait_for(condition, seconds: float = 10.0) -> None:
    import time

    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def answered(path: Path) -> int:
    try:
        return len(answers_file.read(path, "single-status"))
    except Exception:
        return -1


def test_answers_are_saved_as_typed_and_a_hangup_saves_the_draft(tmp_path, data_dir):
    import os
    import signal

    pexpect = pytest.importorskip("pexpect")
    child = spawn(data_dir, "fill", "single-status", "--out", str(tmp_path / "out"))
    try:
        child.expect("Họ, chữ đệm")
        child.send("Nguyễn Thị Dung\r")
        child.expect("Ngày, tháng, năm sinh")
        # saved after every answer, while the interview goes on (a power cut loses one answer)
        wait_for(lambda: len(draft_files(data_dir)) == 1)
        draft = only_draft(data_dir)
        wait_for(lambda: answered(draft) == 1)
        child.send("15/08/1990\r")
        child.expect("Giới tính")
        wait_for(lambda: answered(draft) == 2)
        draft.unlink()  # so that only the save on SIGHUP can bring it back
        os.kill(child.pid, signal.SIGHUP)  # what the terminal does when its window is closed
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert child.exitstatus == 129, child.before
    assert SAVED.search(child.before), child.before
    assert answers_file.read(draft, "single-status") == {
        "full_name": "Nguyễn Thị Dung",
        "birth_date": "15/08/1990",
    }
    assert mode(draft) == 0o600


def test_closed_terminal_leaves_a_draft_offered_without_personal_data(tmp_path, data_dir):
    child = spawn(data_dir, "fill", "single-status", "--out", str(tmp_path / "out"))
    child.expect("Họ, chữ đệm")
    child.send("Nguyễn Thị Dung\r")
    child.expect("Ngày, tháng, năm sinh")
    child.send("15/08/1990\r")
    child.expect("Giới tính")
    child.ptyproc.fileobj.close()  # the terminal goes away: the kernel hangs up its pty
    child.wait()
    assert child.exitstatus == 129, (child.exitstatus, child.signalstatus)
    assert answered(only_draft(data_dir)) == 2

    pexpect = pytest.importorskip("pexpect")
    child = spawn(data_dir, "fill", "single-status", "--out", str(tmp_path / "out"))
    child.logfile_read = screen = io.StringIO()
    try:
        number = number_of(only_draft(data_dir))
        child.expect(
            f"Làm tiếp bản nháp số {number} \\(N\\.T\\.D\\.\\), lưu lúc .* \\(2 câu trả lời, bước 1/4"
        )
        child.expect("Bắt đầu lại từ đầu")
        assert "Dung" not in screen.getvalue() and "15/08/1990" not in screen.getvalue()
        child.send("1\r")
        child.expect("Giới tính")  # the next question after the two answers
        child.send("\x03")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 130
    assert answered(only_draft(data_dir)) == 2


def test_where_a_draft_stopped_reads_in_the_interface_language(data_dir):
    from dvc_cli import i18n
    from dvc_cli.catalog import procedures
    from dvc_cli.core.engine import Interview
    from dvc_cli.store import drafts

    interview = Interview(procedures.load("single-status"), {"full_name": "Nguyễn Thị Dung"})
    i18n.set_language("en")
    path = drafts.save(interview)  # saved from an English session ...
    i18n.set_language("vi")  # ... listed in a Vietnamese one
    assert drafts.load(path).position() == "bước 1/4: Người được cấp giấy xác nhận"
    i18n.set_language("en")
    assert drafts.load(path).position() == "step 1/4: The person the certificate is for"


def test_a_failure_after_the_interview_keeps_the_draft_and_says_how_to_go_on(
    tmp_path, data_dir, monkeypatch
):
    import dvc_cli
    from dvc_cli.errors import UsageError

    def refuse(rendered, out_dir):
        raise UsageError(f"{out_dir}: không ghi được (ổ đĩa đầy)")

    monkeypatch.setattr(dvc_cli, "write_outputs", refuse)  # what the CLI calls
    result = fill([*BASIC, FINISH], "--out", str(tmp_path / "out"))
    assert result.exit_code == 2, result.output
    number = number_of(only_draft(data_dir))
    assert result.stderr.splitlines()[-2:] == [
        f"dvc: lỗi: {tmp_path / 'out'}: không ghi được (ổ đĩa đầy)",
        f"dvc: các câu trả lời đã lưu ở bản nháp số {number} (N.T.D.); sửa bằng "
        f'"dvc fill single-status --draft {number} --out {tmp_path / "out"}"',
    ]
    answers = answers_file.read(only_draft(data_dir), "single-status")
    assert answers["purpose_detail"] == "Để bổ sung hồ sơ vay vốn"  # a late answer


def test_an_unusable_data_folder_is_said_before_any_question(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(paths.ENV_VAR, str(blocker / "dvc"))
    result = fill(BASIC)  # no --out: results would go to the data folder
    assert result.exit_code == 2
    assert result.stderr.startswith(f"dvc: lỗi: không tạo được thư mục dữ liệu {blocker / 'dvc'}")
    assert "Bước 1/4" not in result.output  # nothing was asked, so nothing typed is lost


# -- numbers, initials, the remembered --out --------------------------------------------------
def test_the_draft_remembers_out_and_its_number_resumes_it(tmp_path, data_dir, monkeypatch):
    out = tmp_path / "ho-so" / "dung"
    result = fill([*FIRST_THREE, CTRL_C], "--out", str(out))
    line = saved(result.stderr)
    elsewhere = tmp_path / "another-desk-folder"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # the hint's folder is absolute: it works from anywhere
    result = fill([*REST, FINISH], "--draft", line["number"])  # no --out given this time
    assert result.exit_code == 0, result.output
    assert "NGUYỄN THỊ DUNG" in pdf_text(out / "to-khai.pdf")
    assert draft_files(data_dir) == []


def test_an_out_given_on_resume_wins_and_is_remembered(tmp_path, data_dir):
    interrupt_after_three(tmp_path)  # with --out never
    number = number_of(only_draft(data_dir))
    other = tmp_path / "other"
    result = fill([*REST[:2], CTRL_C], "--draft", number, "--out", str(other))
    assert saved(result.stderr)["out"] == str(other)
    assert saved(result.stderr)["number"] == number  # stable for the draft's life
    result = fill([*REST[2:], FINISH], "--draft", number)
    assert result.exit_code == 0, result.output
    assert (other / "to-khai.pdf").exists()
    assert not (tmp_path / "never").exists()


def test_without_out_the_hint_has_no_out(data_dir):
    result = fill([*FIRST_THREE, CTRL_C])
    line = saved(result.stderr)
    assert line["out"] is None


def test_a_draft_saved_before_its_name_was_typed_has_a_number_and_no_initials(data_dir):
    from dvc_cli.catalog import procedures
    from dvc_cli.core.engine import Interview
    from dvc_cli.store import drafts

    path = drafts.save(Interview(procedures.load("single-status"), {"gender": "nu"}))
    draft = drafts.load(path)
    assert draft.number is not None and len(draft.number) == 3
    assert draft.initials == ""
    assert draft.ref() == f"số {draft.number}"
    listed = run([], "drafts", width=150)
    row = next(line for line in listed.stdout.splitlines() if "single-status" in line)
    assert row.split()[:3] == [draft.number, "—", "single-status"]


OLD_DRAFT = """\
# dvc draft: an unfinished interview; continue with `dvc fill single-status --resume` or `dvc drafts`
procedure: single-status
schema_version: 1
dvc_version: 0.1.0
data_version: test
draft:
  created: '2026-12-01T08:48:10.123456+07:00'
  saved: '2026-12-01T08:49:02.654321+07:00'
  next_question: ethnicity
  step: 1
  steps: 4
  step_title: Người được cấp giấy xác nhận
answers:
  full_name: {name}
  birth_date: 15/08/1990
  gender: nu
"""


def test_old_drafts_without_number_initials_or_out_still_load_list_and_resume(tmp_path, data_dir):
    folder = paths.drafts_dir()
    old = []
    for i, name in enumerate(("Nguyễn Thị Dung", "Trương Thị Ánh Tuyết")):
        path = folder / f"single-status-20261201-08481{i}-ab1{i}.yaml"
        path.write_text(OLD_DRAFT.format(name=name), encoding="utf-8")
        old.append(path)
    result = run([], "drafts", width=150)
    assert result.exit_code == 0, result.output
    rows = [line.split() for line in result.stdout.splitlines() if "single-status" in line]
    assert [row[1] for row in rows] == ["N.T.D.", "T.T.Á.T."]  # from their answers
    numbers = [number_of(path) for path in old]  # given now, written into the files
    assert [row[0] for row in rows] == numbers
    assert len(set(numbers)) == 2 and all(len(n) == 3 for n in numbers)
    again = run([], "drafts", width=150)
    assert [line.split()[0] for line in again.stdout.splitlines() if "single-status" in line] == (
        numbers
    )  # and kept
    assert answers_file.read(old[1], "single-status")["full_name"] == "Trương Thị Ánh Tuyết"
    out = tmp_path / "out"
    result = fill([*REST, FINISH], "--draft", numbers[1], "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "TRƯƠNG THỊ ÁNH TUYẾT" in pdf_text(out / "to-khai.pdf")
    assert draft_files(data_dir) == [old[0]]


def test_an_old_draft_in_use_is_listed_without_a_number_and_untouched(data_dir):
    from dvc_cli.store import drafts

    path = paths.drafts_dir() / "single-status-20261201-084810-ab10.yaml"
    path.write_text(OLD_DRAFT.format(name="Nguyễn Thị Dung"), encoding="utf-8")
    before = path.read_bytes()
    lock = drafts.DraftLock(path).acquire()  # another window (flock is per open file)
    try:
        import os

        if os.name == "nt":  # pragma: no cover
            pytest.skip("O_EXCL locks of this process are taken over")
        result = run([], "drafts", width=150)
        row = next(line for line in result.stdout.splitlines() if "single-status" in line)
        assert row.split()[:3] == ["—", "N.T.D.", "single-status"]
        assert path.read_bytes() == before
    finally:
        lock.release()


def test_the_same_number_twice_is_refused_with_a_way_out(data_dir):
    from dvc_cli.catalog import procedures
    from dvc_cli.core.engine import Interview
    from dvc_cli.store import drafts

    proc = procedures.load("single-status")
    for name in ("Nguyễn Thị Dung", "Lê Thị Hoa"):  # two windows, the same instant
        drafts.save(Interview(proc, {"full_name": name}), number="347")
    result = run([], "drafts", "resume", "347")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "dvc: lỗi: có 2 bản nháp cùng số 347; chạy dvc fill single-status rồi chọn bản nháp "
        "theo tên viết tắt và giờ lưu"
    )


def test_a_pty_interview_tells_the_number_and_discard_asks_first(tmp_path, data_dir):
    pexpect = pytest.importorskip("pexpect")
    out = tmp_path / "out"
    child = spawn(data_dir, "fill", "single-status", "--out", str(out))
    try:
        child.expect("Họ, chữ đệm")
        child.send("Trương Thị Ánh Tuyết\r")
        child.expect("Ngày, tháng, năm sinh")
        child.send("\x03")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 130
    number = number_of(only_draft(data_dir))
    said = " ".join(child.before.split())
    assert (
        f'đã lưu bản nháp số {number} (T.T.Á.T.); chạy lại "dvc fill single-status --draft '
        f'{number} --out {out}" để tiếp tục.'
    ) in said

    from conftest import SINGLE, write_answers

    rest = write_answers(
        tmp_path / "rest.yaml", {k: v for k, v in SINGLE.items() if k != "full_name"}
    )
    child = spawn(data_dir, "fill", "single-status", "--draft", number, "--answers", str(rest))
    try:
        child.expect(f"Làm tiếp bản nháp số {number} \\(T\\.T\\.Á\\.T\\.\\)")
        child.expect("Các thông tin trên đã đúng chưa")
        child.send("4\r")  # Thoát và xóa
        child.expect("Xóa hết các câu trả lời đã nhập")
        child.send("\r")  # the default: no
        child.expect("Các thông tin trên đã đúng chưa")
        assert only_draft(data_dir).exists()
        child.send("4\r")
        child.expect("Xóa hết các câu trả lời đã nhập")
        child.send("2\r")
        child.expect("đã xóa các câu trả lời")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0
    assert draft_files(data_dir) == []
    assert not out.exists()


def test_numbers_are_three_digits_until_they_run_out():
    from dvc_cli.store import drafts

    taken = {str(n) for n in range(100, 1000)} - {"512"}
    assert drafts.free_number(taken) == "512"
    taken.add("512")
    assert len(drafts.free_number(taken)) == 4
