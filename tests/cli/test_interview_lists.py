"""A list question in the interactive interview: items asked one by one with "Thêm … khác?",
validated as typed (the item named), edited and removed on the review screen, kept in drafts."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import (
    BASIC,
    CLEAR,
    ENTER,
    SINGLE,
    flat,
    pdf_text,
    piped_interview,
    spawn_dvc,
    write_answers,
)

_EARLIER = 14  # had_other_residence in BASIC
assert BASIC[_EARLIER] == ENTER and "hoan kiem" in BASIC[_EARLIER - 1]
TRUONG_THI = "Phường Trường Thi, thành phố Thanh Hóa, tỉnh Thanh Hóa"
DIEN_BIEN = "Phường Điện Biên, thành phố Thanh Hóa, tỉnh Thanh Hóa"
QUANG_TAM = "Xã Quảng Tâm, thành phố Thanh Hóa, tỉnh Thanh Hóa"
TWO_ITEMS = [
    "1" + ENTER,  # had_other_residence: Có
    TRUONG_THI + ENTER,
    "15/08/2008" + ENTER,
    "30/06/2015" + ENTER,
    "1" + ENTER,  # Thêm nơi cư trú trước đây khác? Có
    DIEN_BIEN + ENTER,
    "01/01/2015" + ENTER,  # overlaps the first: refused where it is typed
    CLEAR + "01/07/2015" + ENTER,
    "30/06/2020" + ENTER,
    "2" + ENTER,  # Không
]


def saved(out: Path) -> dict:
    return yaml.safe_load((out / "answers.yaml").read_text(encoding="utf-8"))["answers"]


def test_two_items_added_with_the_overlap_refused_as_typed(tmp_path: Path):
    keys = [*BASIC[:_EARLIER], *TWO_ITEMS, *BASIC[_EARLIER + 1 :], "1" + ENTER]
    _result, screen, out = piped_interview(tmp_path, keys)
    shown = flat(screen)
    assert "Thêm nơi cư trú trước đây khác?" in shown
    # the overlap was refused: else "01/01/2015" would stand and the keys after it go astray
    assert saved(out)["earlier_residences"] == [
        {"place": TRUONG_THI, "from": "15/08/2008", "to": "30/06/2015"},
        {"place": DIEN_BIEN, "from": "01/07/2015", "to": "30/06/2020"},
    ]
    text = flat(pdf_text(out / "to-khai.pdf"))
    assert TRUONG_THI in text and "xem trang bổ sung" in text and "TRANG BỔ SUNG" in text


def test_in_a_pty_two_added_then_one_edited_and_one_removed_on_the_review(tmp_path: Path):
    pexpect = pytest.importorskip("pexpect")
    out = tmp_path / "out"
    src = write_answers(tmp_path / "a.yaml", {**SINGLE, "had_other_residence": "có"})
    child = spawn_dvc("fill", "single-status", "--answers", str(src), "--out", str(out))
    child.expect("Nơi cư trú trước đây thứ 1")
    child.expect("ghi theo tên lúc đó")
    child.send(TRUONG_THI + "\r")
    child.expect("Cư trú ở đó từ ngày")
    child.send("15/08/2008\r")
    child.expect("Đến ngày")
    child.send("30/06/2015\r")
    child.expect("Thêm nơi cư trú trước đây khác")
    child.send("1\r")
    child.expect("Nơi cư trú trước đây thứ 2")
    child.expect("ghi theo tên lúc đó")
    child.send(DIEN_BIEN + "\r")
    child.expect("Cư trú ở đó từ ngày")
    child.send("01/01/2015\r")  # before the first one ends: refused where it is typed
    child.expect("các thời gian cư trú phải theo thứ tự và không chồng lên nhau")
    child.send("\x15" + "01/07/2015\r")
    child.expect("Đến ngày")
    child.send("30/06/2020\r")
    child.expect("Thêm nơi cư trú trước đây khác")
    child.send("2\r")
    child.expect("Các thông tin trên đã đúng chưa")
    child.send("2\r")  # Sửa một câu trả lời
    child.expect("Sửa câu nào")
    child.send("cac noi thuong tru\r")  # typed to filter: the list question
    child.expect("Xong")
    child.send("1\r")  # the first item
    child.expect("Sửa mục này")
    child.send("1\r")
    child.expect("ghi theo tên lúc đó")
    child.send("\x15" + QUANG_TAM + "\r")  # another place
    child.expect("Cư trú ở đó từ ngày")
    child.send("\r")  # kept
    child.expect("Đến ngày")
    child.send("\r")
    child.expect("Xong")
    child.send("2\r")  # the second item
    child.expect("Xóa mục này")
    child.send("2\r")
    child.expect("Đã xóa Nơi cư trú trước đây thứ 2")
    child.expect("Xong")
    child.send("0\r")
    child.expect("Các thông tin trên đã đúng chưa")
    child.send("1\r")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    assert saved(out)["earlier_residences"] == [
        {"place": QUANG_TAM, "from": "15/08/2008", "to": "30/06/2015"}
    ]
    text = flat(pdf_text(out / "to-khai.pdf"))
    assert QUANG_TAM in text and DIEN_BIEN not in text and "TRANG BỔ SUNG" not in text
