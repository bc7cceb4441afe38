"""A scan of the ID card's QR code at the first question of a person block, in a real
pseudo-terminal: dvc fills the block, shows what it filled (the ID number masked) and asks
only the rest; typing by hand is unchanged; the payload is kept nowhere."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
import yaml
from conftest import CARD_HUNG_BLANK as HUNG
from conftest import CARD_TUYET as TUYET
from conftest import pty_answer as _answer
from conftest import pty_finish as _finish
from conftest import pty_marriage_groom_rest, pty_single_status_rest, spawn_dvc
from conftest import saved_answers as _saved

OLD_WARD = "Phường Trường Thi (cũ, TP Thanh Hóa) → Phường Hạc Thành, tỉnh Thanh Hóa"


def test_a_scan_at_the_first_question_of_single_status(tmp_path: Path, data_dir: Path):
    pexpect = pytest.importorskip("pexpect")
    out = tmp_path / "out"
    child = spawn_dvc("--verbose", "fill", "single-status", "--out", str(out))
    child.logfile_read = screen = io.StringIO()
    try:
        child.expect_exact("Họ, chữ đệm, tên")
        child.send(TUYET + "\r")  # the scanner types the payload and Enter
        child.expect_exact("Đã điền từ thẻ căn cước:")
        child.expect_exact("Số định danh cá nhân (12 số trên thẻ): 0381******21")
        child.expect_exact("Nơi cấp: Bộ Công an")
        child.expect_exact(OLD_WARD)
        shown = child.before
        assert "038196004521" not in shown  # never unmasked on the screen
        # only what the card lacks is asked
        _answer(child, "Dân tộc")
        _answer(child, "Quốc tịch")
        child.expect_exact("Nơi cư trú hiện tại là")
        assert "Loại giấy tờ tùy thân" not in child.before  # filled: not asked
        child.send("\r")
        _answer(child, "có thường trú ở xã/phường khác không")
        # the draft saved after the scan holds the answers, not the payload
        drafts = list(data_dir.rglob("*.yaml"))
        assert drafts
        text = "".join(p.read_text(encoding="utf-8") for p in drafts)
        assert "|" not in text and "186543210" not in text and "Trường Thi" not in text
        assert "Trương Thị Ánh Tuyết" in text
        pty_single_status_rest(child)
        _finish(child, pexpect)
    finally:
        child.close()
    log = [line for line in screen.getvalue().splitlines() if line.startswith("dvc: [")]
    assert log  # --verbose did log
    for secret in ("038196004521", "186543210", "Tuyết", "|"):
        assert not [line for line in log if secret in line]
    answers = _saved(out)
    assert {k: answers[k] for k in ("full_name", "birth_date", "gender", "id_number")} == {
        "full_name": "Trương Thị Ánh Tuyết",
        "birth_date": "21/04/1996",
        "gender": "nu",
        "id_number": "038196004521",
    }
    assert answers["id_type"] == "the_can_cuoc" and answers["id_issuer"] == "Bộ Công an"
    assert answers["residence_commune"] == "Phường Hạc Thành"
    assert answers["residence_address"] == "Số 15 ngõ 4"


def test_a_scanner_ending_its_line_with_crlf_answers_nothing_else(tmp_path: Path):
    pexpect = pytest.importorskip("pexpect")
    child = spawn_dvc("fill", "single-status", "--out", str(tmp_path / "out"))
    try:
        child.expect_exact("Họ, chữ đệm, tên")
        child.send(TUYET + "\r\n")
        child.expect_exact("Dân tộc")
        child.send("\x15Mường")  # typed into the ethnicity prompt: the LF did not answer it
        child.expect_exact("Mường")
        child.send("\r")
        child.expect_exact("Quốc tịch")
        child.sendcontrol("c")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    (draft,) = Path(os.environ["DVC_DATA_DIR"]).rglob("*.yaml")
    answers = yaml.safe_load(draft.read_text(encoding="utf-8"))["answers"]
    assert answers["ethnicity"] == "Mường" and "nationality" not in answers


def test_a_scan_at_each_marriage_party(tmp_path: Path):
    pexpect = pytest.importorskip("pexpect")
    out = tmp_path / "out"
    child = spawn_dvc("fill", "marriage-registration", "--out", str(out))
    try:
        _answer(child, "Ngày dự định nộp hồ sơ đăng ký kết hôn")
        _answer(child, "Bên nữ: họ, chữ đệm, tên", TUYET + "\r")
        child.expect_exact("Bên nữ: số định danh cá nhân (12 số trên thẻ): 0381******21")
        _answer(child, "Bên nữ: dân tộc")
        _answer(child, "Bên nữ: quốc tịch")
        _answer(child, "Bên nữ: kết hôn lần thứ mấy")
        _answer(child, "Bên nam: họ, chữ đệm, tên", HUNG + "\r")
        child.expect_exact("Bên nam: số định danh cá nhân (12 số trên thẻ): 0010******45")
        child.expect_exact("Phường Hàng Bạc (cũ, quận Hoàn Kiếm) → Phường Hoàn Kiếm")
        pty_marriage_groom_rest(child)
        _finish(child, pexpect)
    finally:
        child.close()
    answers = _saved(out)
    assert answers["bride_full_name"] == "Trương Thị Ánh Tuyết"
    assert answers["bride_residence_commune"] == "Phường Hạc Thành"
    assert answers["groom_full_name"] == "Lê Văn Hùng"
    assert answers["groom_id_number"] == "001092012345"
    assert answers["groom_residence_commune"] == "Phường Hoàn Kiếm"


def test_a_mangled_scan_is_refused_and_the_name_typed_by_hand(tmp_path: Path):
    pexpect = pytest.importorskip("pexpect")
    child = spawn_dvc("fill", "single-status", "--out", str(tmp_path / "out"))
    try:
        child.expect_exact("Họ, chữ đệm, tên")
        ascii_scan = (
            "038196004521|186543210|Truong Thi Anh Tuyet|21041996|Nu|"
            "So 15 ngo 4, Truong Thi, Thanh Hoa, Thanh Hoa|12072024"
        )
        child.send(ascii_scan + "\r")
        child.expect_exact("mất dấu tiếng Việt")
        child.expect_exact("Họ, chữ đệm, tên")  # asked again, nothing filled
        child.send("Trương Thị Ánh Tuyết\r")
        child.expect_exact("Ngày, tháng, năm sinh")  # by hand, as before
        child.sendcontrol("c")
        child.expect(pexpect.EOF)
    finally:
        child.close()


def test_a_split_old_ward_on_the_card_is_asked_with_its_choices(tmp_path: Path):
    pexpect = pytest.importorskip("pexpect")
    out = tmp_path / "out"
    split = (
        "001195012345||Nguyễn Thị Dung|15081995|Nữ|Số 3 phố Lê Trực, Phường Điện Biên, "
        "Quận Ba Đình, Hà Nội|10052021"
    )
    child = spawn_dvc("fill", "single-status", "--out", str(out))
    try:
        _answer(child, "Họ, chữ đệm, tên", split + "\r")
        child.expect_exact("xã/phường cũ trên thẻ nay thuộc nhiều nơi — chọn khi được hỏi")
        _answer(child, "Dân tộc")
        _answer(child, "Quốc tịch")
        _answer(child, "Nơi cư trú hiện tại là")
        child.expect_exact("Câu trả lời trước không hợp lệ")  # the split, said when asked
        _answer(child, "Xã/phường/đặc khu")  # the card's old ward offered as it was
        child.expect_exact("Chọn xã/phường hiện nay của địa chỉ này")
        child.expect_exact("2) Phường Hoàn Kiếm — có một phần Phường Điện Biên cũ")
        child.send("2\r")
        _answer(child, "có thường trú ở xã/phường khác không")
        pty_single_status_rest(child)
        _finish(child, pexpect)
    finally:
        child.close()
    answers = _saved(out)
    assert answers["residence_commune"] == "Phường Hoàn Kiếm"
    assert answers["residence_address"] == "Số 3 phố Lê Trực"
    assert answers["id_type"] == "cccd"
