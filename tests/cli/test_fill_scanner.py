"""`dvc fill --scanner PORT`: a 2D scanner in serial mode, a pseudo-terminal standing for its
port. In the interview a card read there at a person's first question fills the block as a
keyboard-mode scan does, typing still works; with --no-input one card per person is read in
turn (stderr says whose, never a value), the answers file winning."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import yaml
from conftest import CARD_HUNG_BLANK as HUNG
from conftest import CARD_TUYET as TUYET
from conftest import (
    SINGLE,
    invoke,
    pty_finish,
    pty_marriage_groom_rest,
    pty_single_status_rest,
    spawn_dvc,
    write_answers,
)
from conftest import pty_answer as _answer
from conftest import saved_answers as _saved

pytestmark = pytest.mark.skipif(not hasattr(os, "openpty"), reason="a pty stands for the port")

REST = {k: SINGLE[k] for k in ("marital_status", "purpose", "purpose_detail")}


@pytest.fixture
def port():
    """(master fd, the slave's path): what dvc opens as the scanner's serial port."""
    pytest.importorskip("serial")
    import tty

    master, slave = os.openpty()
    tty.setraw(slave)
    try:
        yield master, os.ttyname(slave)
    finally:
        os.close(master)
        os.close(slave)


# -- in the interview ----------------------------------------------------------------------
def test_a_card_read_on_the_serial_port_fills_the_person(tmp_path: Path, port):
    pexpect = pytest.importorskip("pexpect")
    master, device = port
    out = tmp_path / "out"
    child = spawn_dvc("--verbose", "fill", "single-status", "--out", str(out), "--scanner", device)
    child.logfile_read = screen = io.StringIO()
    try:
        child.expect_exact(f"Máy quét {device} đang chờ: quét thẻ, hoặc gõ như thường")
        child.expect_exact("Họ, chữ đệm, tên")
        os.write(master, TUYET.encode() + b"\r\n")  # the scanner's line on its port
        child.expect_exact("Đã điền từ thẻ căn cước:")
        child.expect_exact("Số định danh cá nhân (12 số trên thẻ): 0381******21")
        child.expect_exact("Nơi cấp: Bộ Công an")
        child.expect_exact("Phường Trường Thi (cũ, TP Thanh Hóa) → Phường Hạc Thành")
        _answer(child, "Dân tộc")  # only what the card lacks is asked, as after a typed scan
        _answer(child, "Quốc tịch")
        _answer(child, "Nơi cư trú hiện tại là")
        child.expect_exact("có thường trú ở xã/phường khác không")
        assert "đang chờ" not in child.before  # listened to at the person's first question only
        child.send("\r")
        pty_single_status_rest(child)
        pty_finish(child, pexpect)
    finally:
        child.close()
    shown = screen.getvalue().partition("Kiểm tra lại các câu trả lời")[0]  # the review: all
    assert "038196004521" not in shown and "186543210" not in shown and "|" not in shown
    answers = _saved(out)
    assert answers["full_name"] == "Trương Thị Ánh Tuyết"
    assert answers["id_number"] == "038196004521" and answers["id_type"] == "the_can_cuoc"
    assert answers["residence_commune"] == "Phường Hạc Thành"


def test_typing_by_hand_while_the_scanner_listens(tmp_path: Path, port, data_dir: Path):
    pexpect = pytest.importorskip("pexpect")
    master, device = port
    os.write(master, TUYET.encode() + b"\r\n")  # scanned before dvc listened: not taken
    child = spawn_dvc("fill", "single-status", "--out", str(tmp_path / "out"), "--scanner", device)
    try:
        child.expect_exact("đang chờ")
        _answer(child, "Họ, chữ đệm, tên", "Nguyễn Thị Dung\r")
        child.expect_exact("Ngày, tháng, năm sinh")  # by hand, as without a scanner
        assert "Đã điền từ thẻ căn cước" not in child.before
        child.sendcontrol("c")  # the reader stopped with the question: dvc exits at once
        child.expect_exact("đã lưu bản nháp")
        child.expect(pexpect.EOF)
        child.close()
    finally:
        child.close()
    assert child.exitstatus == 130
    (draft,) = data_dir.rglob("*.yaml")
    answers = yaml.safe_load(draft.read_text(encoding="utf-8"))["answers"]
    assert answers == {"full_name": "Nguyễn Thị Dung"}


def test_ctrl_c_while_the_scanner_listens(tmp_path: Path, port):
    pexpect = pytest.importorskip("pexpect")
    _master, device = port
    child = spawn_dvc("fill", "single-status", "--out", str(tmp_path / "out"), "--scanner", device)
    try:
        child.expect_exact("Họ, chữ đệm, tên")
        child.sendcontrol("c")
        child.expect_exact("đã dừng; chưa tạo tệp nào.")
        child.expect(pexpect.EOF, timeout=5)
        child.close()
    finally:
        child.close()
    assert child.exitstatus == 130


# -- without prompts -----------------------------------------------------------------------
def _run_scanning(argv: list[str], master: int, cards: dict[str, str]):
    """Run dvc; each time stderr asks for a card whose label holds a key of ``cards``, the
    scanner sends that card. Returns (exit code, stderr lines)."""
    child = subprocess.Popen(
        [sys.executable, "-m", "dvc_cli", *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    lines: list[str] = []
    timer = threading.Timer(60, child.kill)
    timer.start()
    try:
        for line in child.stderr:
            lines.append(line.rstrip("\n"))
            for key, payload in cards.items():
                if "quét thẻ căn cước cho" in line and key in line:
                    os.write(master, payload.encode() + b"\r")
        child.wait()
    finally:
        timer.cancel()
        child.kill()
    return child.returncode, lines


def test_no_input_reads_one_card_per_person(tmp_path: Path, port):
    master, device = port
    src = write_answers(tmp_path / "a.yaml", {"register_at": "bên nữ", "copies": 2})
    out = tmp_path / "out"
    argv = ["fill", "marriage-registration", "--answers", str(src), "--no-input"]
    code, err = _run_scanning(
        [*argv, "--out", str(out), "--scanner", device], master, {"Bên nữ": TUYET, "Bên nam": HUNG}
    )
    assert code == 0, err
    asked = [line for line in err if "quét thẻ căn cước cho" in line]
    assert asked == [
        f"dvc: --scanner: quét thẻ căn cước cho «Bên nữ: họ, chữ đệm, tên» (bride) trên {device}",
        f"dvc: --scanner: quét thẻ căn cước cho «Bên nam: họ, chữ đệm, tên» (groom) trên {device}",
    ]
    text = "\n".join(err)
    assert "038196004521" not in text and "Tuyết" not in text and "Hùng" not in text
    answers = _saved(out)
    assert answers["bride_full_name"] == "Trương Thị Ánh Tuyết"
    assert answers["groom_full_name"] == "Lê Văn Hùng"
    assert answers["groom_residence_commune"] == "Phường Hoàn Kiếm"


def test_no_input_the_answers_file_wins_and_id_card_needs_no_scan(tmp_path: Path, port):
    master, device = port
    given = {"register_at": "bên nữ", "copies": 2, "groom_birth_date": "04/09/1992"}
    src = write_answers(tmp_path / "a.yaml", given)
    out = tmp_path / "out"
    argv = ["fill", "marriage-registration", "--answers", str(src), "--no-input", "--out"]
    argv += [str(out), "--id-card", f"bride={TUYET}", "--scanner", device]
    code, err = _run_scanning(argv, master, {"Bên nam": HUNG})
    assert code == 0, err
    assert [line for line in err if "quét thẻ căn cước cho" in line] == [
        f"dvc: --scanner: quét thẻ căn cước cho «Bên nam: họ, chữ đệm, tên» (groom) trên {device}"
    ]
    assert (
        "dvc: --id-card groom: groom_birth_date: câu trả lời đã cho khác với thẻ; giữ câu trả "
        "lời đã cho" in err
    )
    answers = _saved(out)
    assert answers["groom_birth_date"] == "04/09/1992"
    assert answers["bride_full_name"] == "Trương Thị Ánh Tuyết"


def test_no_input_no_card_in_time(tmp_path: Path, port, monkeypatch):
    from dvc_cli.store import card_input

    monkeypatch.setattr(card_input, "SCAN_TIMEOUT", 0.5)
    _master, device = port
    src = write_answers(tmp_path / "a.yaml", REST)
    out = tmp_path / "out"
    started = time.monotonic()
    result = invoke("fill", "single-status", "-a", str(src), "--no-input", "-o", str(out), "--scanner", device)  # fmt: skip
    assert time.monotonic() - started < 10
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        f"dvc: lỗi: --scanner applicant: không nhận được mã nào từ máy quét {device} trong 0.5 giây"
    )
    assert not out.exists()


def test_a_mangled_card_on_the_port_is_refused(tmp_path: Path, port):
    master, device = port
    src = write_answers(tmp_path / "a.yaml", REST)
    out = tmp_path / "out"
    ascii_scan = (  # a scanner typing through a US keyboard
        "038196004521|186543210|Truong Thi Anh Tuyet|21041996|Nu|"
        "So 15 ngo 4, Truong Thi, Thanh Hoa, Thanh Hoa|12072024"
    )
    argv = ["fill", "single-status", "-a", str(src), "--no-input", "-o", str(out)]
    code, err = _run_scanning([*argv, "--scanner", device], master, {"Họ, chữ đệm": ascii_scan})
    assert code == 1, err
    assert err[-1].startswith("dvc: lỗi: --scanner applicant: ") and "mất dấu" in err[-1]
    assert not out.exists()


def test_a_scanner_port_that_cannot_be_opened(tmp_path: Path):
    pytest.importorskip("serial")
    src = write_answers(tmp_path / "a.yaml", REST)
    device = str(tmp_path / "ttyNONE")
    result = invoke("fill", "single-status", "-a", str(src), "--no-input", "--scanner", device)
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"dvc: lỗi: không mở được máy quét {device}: ")


def test_the_scanner_extra_missing(tmp_path: Path, monkeypatch):
    monkeypatch.setitem(sys.modules, "serial", None)  # import fails as when not installed
    src = write_answers(tmp_path / "a.yaml", REST)
    result = invoke("fill", "single-status", "-a", str(src), "--no-input", "--scanner", "COM3")
    assert result.exit_code == 2
    assert result.stderr == (
        "dvc: lỗi: --scanner cần gói thêm chưa cài: pip install 'dvc-cli[scanner]'\n"
    )


def test_an_interview_with_a_port_that_cannot_be_opened(tmp_path: Path):
    pexpect = pytest.importorskip("pexpect")
    pytest.importorskip("serial")
    device = str(tmp_path / "ttyNONE")
    child = spawn_dvc("fill", "single-status", "--scanner", device)
    try:
        child.expect_exact(f"dvc: lỗi: không mở được máy quét {device}: ")
        child.expect(pexpect.EOF)
        assert "Họ, chữ đệm, tên" not in child.before  # said before anything is asked
        child.close()
    finally:
        child.close()
    assert child.exitstatus == 2


# -- the port read one payload at a time ---------------------------------------------------
def test_payloads_are_read_one_line_at_a_time(port):
    from dvc_cli import Scanner

    master, device = port
    with Scanner(device) as scanner:
        os.write(master, b"\r\n" + TUYET.encode() + b"\r\n" + HUNG.encode() + b"\r")
        assert scanner.read(timeout=5) == TUYET  # CRLF and blank lines: one end of line
        assert scanner.read(timeout=5) == HUNG
        assert scanner.read(timeout=0.3) is None  # nothing more: None once the time is up
        stop = threading.Event()
        stop.set()
        assert scanner.read(stop=stop) is None  # a listener told to stop returns at once
        os.write(master, TUYET.encode()[:20])  # a scan made while nobody listened
        time.sleep(0.2)
        scanner.discard()
        os.write(master, HUNG.encode() + b"\n")
        assert scanner.read(timeout=5) == HUNG


def test_a_scanner_unplugged_while_listening(tmp_path: Path):
    pexpect = pytest.importorskip("pexpect")
    pytest.importorskip("serial")
    import tty

    master, slave = os.openpty()
    tty.setraw(slave)
    device = os.ttyname(slave)
    child = spawn_dvc("fill", "single-status", "--out", str(tmp_path / "out"), "--scanner", device)
    try:
        child.expect_exact("Họ, chữ đệm, tên")
        os.close(slave)
        os.close(master)  # the port goes away: the listener fails, typing goes on
        child.send("Nguyễn Thị Dung\r")
        child.expect_exact(f"máy quét {device} ngừng đọc được")
        child.expect_exact("tiếp tục bằng bàn phím")
        child.expect_exact("Ngày, tháng, năm sinh")
        child.sendcontrol("c")
        child.expect(pexpect.EOF)
        child.close()
    finally:
        child.close()
    assert child.exitstatus == 130


def test_no_input_reads_only_the_persons_that_apply(tmp_path: Path, port):
    master, device = port
    example = yaml.safe_load(Path("examples/birth-registration.yaml").read_text(encoding="utf-8"))
    given = {
        k: v for k, v in example["answers"].items() if not k.startswith(("mother_", "father_"))
    }
    given["father_same_residence"] = "có"
    src = write_answers(tmp_path / "a.yaml", given)  # the mother registers: no requester card
    out = tmp_path / "out"
    argv = ["fill", "birth-registration", "-a", str(src), "--no-input", "-o", str(out)]
    argv += ["--scanner", device]
    code, err = _run_scanning(argv, master, {"người mẹ": TUYET, "người cha": HUNG})
    assert code == 0, err
    asked = [line for line in err if "quét thẻ căn cước cho" in line]
    assert [line.rsplit(" trên ", 1)[0].rsplit("(", 1)[1] for line in asked] == [
        "mother)",
        "father)",
    ]
    answers = _saved(out)
    assert answers["mother_full_name"] == "Trương Thị Ánh Tuyết"
    assert answers["father_full_name"] == "Lê Văn Hùng"


def test_each_marriage_party_scanned_on_the_port(tmp_path: Path, port):
    pexpect = pytest.importorskip("pexpect")
    master, device = port
    out = tmp_path / "out"
    child = spawn_dvc("fill", "marriage-registration", "--out", str(out), "--scanner", device)
    try:
        _answer(child, "Ngày dự định nộp hồ sơ đăng ký kết hôn")
        child.expect_exact("đang chờ")
        child.expect_exact("Bên nữ: họ, chữ đệm, tên")
        os.write(master, TUYET.encode() + b"\r")
        child.expect_exact("Bên nữ: số định danh cá nhân (12 số trên thẻ): 0381******21")
        _answer(child, "Bên nữ: dân tộc")
        _answer(child, "Bên nữ: quốc tịch")
        _answer(child, "Bên nữ: kết hôn lần thứ mấy")
        child.expect_exact("đang chờ")  # the same port, listened to again
        child.expect_exact("Bên nam: họ, chữ đệm, tên")
        os.write(master, HUNG.encode() + b"\r\n")
        child.expect_exact("Bên nam: số định danh cá nhân (12 số trên thẻ): 0010******45")
        pty_marriage_groom_rest(child)
        pty_finish(child, pexpect)
    finally:
        child.close()
    answers = _saved(out)
    assert answers["bride_full_name"] == "Trương Thị Ánh Tuyết"
    assert answers["groom_full_name"] == "Lê Văn Hùng"
    assert answers["groom_residence_commune"] == "Phường Hoàn Kiếm"
