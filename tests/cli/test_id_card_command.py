"""`dvc id-card` (what a payload holds; from stdin, a picture, a serial scanner) and
`dvc fill --id-card` (merged with --answers, disagreements named by question)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import CARD_ADDRESS as ADDRESS
from conftest import CARD_DUNG as DUNG
from conftest import CARD_HUNG as HUNG
from conftest import CARD_TUYET as TUYET
from conftest import SINGLE, invoke, pdf_text, write_answers
from conftest import saved_answers as _saved
from typer.testing import CliRunner

from dvc_cli.cli.main import app

# what single-status asks beyond the card
REST = {k: SINGLE[k] for k in ("marital_status", "purpose", "purpose_detail")}


# -- dvc id-card ----------------------------------------------------------------------------
def test_what_a_payload_holds_with_the_id_masked() -> None:
    result = invoke("id-card", TUYET)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Loại thẻ: Thẻ căn cước" in out
    assert "Số định danh cá nhân: 0381******21" in out and "038196004521" not in out
    assert "Số CMND cũ: 1865***10" in out and "186543210" not in out
    assert "Họ, chữ đệm, tên: Trương Thị Ánh Tuyết" in out
    assert "Nơi thường trú (đơn vị hiện nay): Số 15 ngõ 4, Phường Hạc Thành, Tỉnh Thanh Hóa" in out
    assert "→ Phường Trường Thi (cũ, TP Thanh Hóa) → Phường Hạc Thành, tỉnh Thanh Hóa" in out
    assert "Nơi cấp: Bộ Công an" in out


def test_show_unmasks_and_reads_stdin() -> None:
    result = CliRunner().invoke(app, ["id-card", "-", "--show"], input="\ufeff" + TUYET + "\r\n")
    assert result.exit_code == 0, result.output
    assert "Số định danh cá nhân: 038196004521" in result.stdout
    assert "Số CMND cũ: 186543210" in result.stdout


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        (
            TUYET,
            {"fields": 7, "card_type": "the_can_cuoc", "issuer": "Bộ Công an",
             "id_number": "0381******21", "issue_date": "2024-07-12"},
        ),
        (
            DUNG,
            {"fields": 6, "card_type": "cccd", "old_id_number": "",
             "issuer": "Cục Cảnh sát quản lý hành chính về trật tự xã hội"},
        ),
        (
            HUNG,
            {"fields": 11, "gender": "nam", "extra": None, "extra_filled": 2,
             "birth_date": "1992-09-03"},
        ),
    ],
    ids=["7-fields", "6-fields", "11-fields"],
)  # fmt: skip
def test_json_of_every_format(payload: str, expected: dict) -> None:
    result = invoke("id-card", "--json", payload)
    assert result.exit_code == 0, result.output
    shown = json.loads(result.stdout)
    assert {k: shown[k] for k in expected} == expected
    assert shown["masked"] is True


def test_json_of_a_split_address_lists_the_candidates() -> None:
    payload = TUYET.replace(ADDRESS, "Số 3, Phường Điện Biên, Quận Ba Đình, Hà Nội")
    shown = json.loads(invoke("id-card", "--json", payload).stdout)
    now = shown["address_now"]
    assert now["split"] is True and now["text"] is None and len(now["candidates"]) == 4


def test_the_extra_fields_of_a_2024_card_only_with_show() -> None:
    assert "2 có nội dung: xem bằng --show" in invoke("id-card", HUNG).stdout
    shown = json.loads(invoke("id-card", "--json", "--show", HUNG).stdout)
    assert shown["extra"] == ["", "Lê Văn Minh", "Phạm Thị Lan", ""]


def test_not_an_id_card_is_one_line_and_exit_2() -> None:
    result = invoke("id-card", "https://dichvucong.gov.vn")
    assert result.exit_code == 2
    assert result.stderr.strip().startswith("dvc: lỗi: không phải mã QR của thẻ căn cước/CCCD")
    assert "Traceback" not in result.output


def test_a_mangled_payload_says_what_to_change() -> None:
    mangled = TUYET.replace("Trương Thị Ánh Tuyết", "Trýõng Thi Ánh Tuyêt")
    result = invoke("id-card", mangled)
    assert result.exit_code == 1
    assert "máy quét đang gõ sai chế độ bàn phím" in result.stderr
    assert "Trýõng" not in result.stderr


def test_stdin_holds_one_code() -> None:
    result = CliRunner().invoke(app, ["id-card", "-"], input=f"{TUYET}\n{DUNG}\n")
    assert result.exit_code == 2 and "stdin có 2 dòng: mỗi lần đọc một mã" in result.stderr


def test_one_source_only() -> None:
    result = invoke("id-card")
    assert result.exit_code == 2 and "cần đúng một nguồn mã" in result.stderr


def test_the_verbose_log_holds_nothing_of_the_card() -> None:
    result = invoke("--verbose", "id-card", "--json", TUYET)
    assert result.exit_code == 0
    for secret in ("038196004521", "186543210", "Tuyết", "21041996", "|"):
        assert secret not in result.stderr


# -- a picture (the image extra) ------------------------------------------------------------
def test_the_qr_code_in_a_photo(tmp_path: Path) -> None:
    pytest.importorskip("zxingcpp")
    segno = pytest.importorskip("segno")
    from PIL import Image

    png = tmp_path / "qr.png"
    segno.make(TUYET, error="m", encoding="utf-8").save(str(png), scale=6, border=4)
    photo = tmp_path / "the.jpg"  # a JPEG, as a phone takes it
    Image.open(png).convert("RGB").save(photo, quality=80)
    result = invoke("id-card", "--json", "--image", str(photo))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["name"] == "Trương Thị Ánh Tuyết"


def test_a_photo_without_a_qr_code(tmp_path: Path) -> None:
    pytest.importorskip("zxingcpp")
    from PIL import Image

    blank = tmp_path / "blank.png"
    Image.new("L", (200, 200), 255).save(blank)
    result = invoke("id-card", "--image", str(blank))
    assert result.exit_code == 2 and "không tìm thấy mã QR trong ảnh" in result.stderr
    text = tmp_path / "notes.txt"
    text.write_text("x", encoding="utf-8")
    result = invoke("id-card", "--image", str(text))
    assert result.exit_code == 2 and "không đọc được ảnh" in result.stderr


@pytest.mark.parametrize(("option", "module", "extra"), [
    ("--image", "zxingcpp", "image"), ("--scanner", "serial", "scanner"),
])  # fmt: skip
def test_a_missing_extra_says_how_to_install_it(monkeypatch, option, module, extra) -> None:
    monkeypatch.setitem(sys.modules, module, None)  # import fails as when not installed
    result = invoke("id-card", option, "x")
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"dvc: lỗi: {option} cần gói thêm chưa cài: pip install 'dvc-cli[{extra}]'\n"
    )


# -- a scanner in serial mode (the scanner extra) -------------------------------------------
@pytest.mark.skipif(not hasattr(os, "openpty"), reason="a pseudo-terminal stands for the port")
def test_a_serial_scanner(tmp_path: Path) -> None:
    pytest.importorskip("serial")
    import tty

    master, slave = os.openpty()
    tty.setraw(slave)
    child = subprocess.Popen(
        [sys.executable, "-m", "dvc_cli", "id-card", "--json", "--scanner", os.ttyname(slave)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while child.poll() is None and time.monotonic() < deadline:
            os.write(master, TUYET.encode() + b"\r\n")  # the scanner's line, until read
            time.sleep(0.3)
        out, err = child.communicate(timeout=30)
    finally:
        child.kill()
        os.close(master)
        os.close(slave)
    assert child.returncode == 0, err
    assert json.loads(out)["id_number"] == "0381******21"


def test_a_serial_port_that_cannot_be_opened(tmp_path: Path) -> None:
    pytest.importorskip("serial")
    result = invoke("id-card", "--scanner", str(tmp_path / "ttyNONE"))
    assert result.exit_code == 2 and "không mở được máy quét" in result.stderr


# -- dvc fill --id-card ---------------------------------------------------------------------
def _fill(tmp_path: Path, answers: dict, *cards: str, proc: str = "single-status"):
    src = write_answers(tmp_path / "a.yaml", answers)
    out = tmp_path / "out"
    argv = ["--verbose", "fill", proc, "--answers", str(src), "--no-input", "--out", str(out)]
    for card in cards:
        argv += ["--id-card", card]
    return invoke(*argv), out


def test_fill_without_prompts_from_a_card(tmp_path: Path) -> None:
    result, out = _fill(tmp_path, REST, TUYET)
    assert result.exit_code == 0, result.output
    answers = _saved(out)
    assert answers["full_name"] == "Trương Thị Ánh Tuyết"
    assert answers["id_number"] == "038196004521" and answers["id_type"] == "the_can_cuoc"
    assert answers["residence_commune"] == "Phường Hạc Thành"
    assert answers["residence_address"] == "Số 15 ngõ 4"
    text = pdf_text(out / "to-khai.pdf")
    assert "TRƯƠNG THỊ ÁNH TUYẾT" in text
    assert "Thẻ căn cước số 038196004521, cấp ngày 12/07/2024, nơi cấp: Bộ Công an" in text
    # the log and messages: no payload, no ID number, no name
    for secret in ("038196004521", "186543210", "Tuyết", "|"):
        assert secret not in result.stderr


def test_explicit_answers_win_and_the_disagreement_is_named(tmp_path: Path) -> None:
    result, out = _fill(tmp_path, {**REST, "birth_date": "21/04/1996", "ethnicity": "Mường",
                                   "residence_address": "Số 27 phố Lê Hoàn"}, TUYET)  # fmt: skip
    assert result.exit_code == 0, result.output
    assert _saved(out)["residence_address"] == "Số 27 phố Lê Hoàn"
    assert _saved(out)["ethnicity"] == "Mường"
    message = (
        "dvc: --id-card applicant: residence_address: câu trả lời đã cho khác với thẻ; giữ câu "
        "trả lời đã cho"
    )
    assert message in result.stderr
    assert "birth_date" not in result.stderr  # the same date: no disagreement
    assert "Số 15 ngõ 4" not in result.stderr  # the card's value is not repeated


def test_a_card_per_marriage_party_by_role_and_by_order(tmp_path: Path) -> None:
    result, out = _fill(tmp_path, {}, f"groom={HUNG}", TUYET, proc="marriage-registration")
    assert result.exit_code == 0, result.output
    answers = _saved(out)
    assert answers["bride_full_name"] == "Trương Thị Ánh Tuyết"  # the first block left
    assert answers["groom_full_name"] == "Lê Văn Hùng"
    assert answers["groom_residence_commune"] == "Phường Hoàn Kiếm"


def test_a_card_the_block_refuses_is_an_invalid_answer(tmp_path: Path) -> None:
    result, _ = _fill(tmp_path, {}, f"groom={TUYET}", HUNG, proc="marriage-registration")
    assert result.exit_code == 1
    assert "groom_id_number" in result.stderr


def test_an_unknown_role_and_a_card_too_many(tmp_path: Path) -> None:
    result, _ = _fill(tmp_path, REST, f"bride={TUYET}")
    assert result.exit_code == 2
    assert "--id-card 1: thủ tục 'single-status' không có người 'bride'; có: applicant" in (
        result.stderr
    )
    result, _ = _fill(tmp_path, REST, TUYET, DUNG, HUNG)
    assert result.exit_code == 2 and "chỉ có 2 người điền từ thẻ" in result.stderr


def test_a_wrong_shape_card_on_the_command_line(tmp_path: Path) -> None:
    result, out = _fill(tmp_path, REST, "038196004521")
    assert result.exit_code == 2
    assert "--id-card applicant: không phải mã QR của thẻ căn cước/CCCD" in result.stderr
    assert not out.exists()


def test_fill_with_prompts_asks_only_what_the_card_lacks(tmp_path: Path) -> None:
    import io

    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output.plain_text import PlainTextOutput

    src = write_answers(tmp_path / "a.yaml", {"full_name": "Trương Thị Ánh Tuyết"})
    out = tmp_path / "out"
    # with an answers file the defaults apply: marital status, purpose (2: another), its
    # detail are asked; then "done"
    keys = ["\r", "2\r", "Để bổ sung hồ sơ vay vốn\r"]
    screen = io.StringIO()
    with create_pipe_input() as pipe:
        pipe.send_text("".join([*keys, "1\r"]))
        with create_app_session(input=pipe, output=PlainTextOutput(screen)):
            result = CliRunner().invoke(
                app,
                ["fill", "single-status", "--answers", str(src), "--id-card", DUNG,
                 "--out", str(out)],
            )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "--id-card applicant: full_name: câu trả lời đã cho khác với thẻ" in result.stderr
    answers = _saved(out)
    assert answers["full_name"] == "Trương Thị Ánh Tuyết"  # the file's answer
    assert answers["id_number"] == "038195001234" and answers["id_type"] == "cccd"
    asked = screen.getvalue()
    assert "Tình trạng hôn nhân hiện tại" in asked
    for filled in ("Họ, chữ đệm, tên", "Số định danh cá nhân", "Xã/phường/đặc khu"):
        assert f"? {filled}" not in asked


def test_an_address_the_table_does_not_know_is_left_to_type(tmp_path: Path) -> None:
    payload = TUYET.replace(ADDRESS, "Số 1, Xã Không Có, Huyện Không Có, Thanh Hóa")
    result, _ = _fill(tmp_path, REST, payload)
    assert result.exit_code == 1
    assert "--id-card applicant: residence_commune: địa chỉ trên thẻ:" in result.stderr
    assert "hãy nhập tay" in result.stderr
