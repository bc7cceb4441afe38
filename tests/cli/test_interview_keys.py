"""The interview's keys: typing narrows a choice list, Ctrl-B goes back, the review's edit list.

Driven through prompt_toolkit pipe input (and a real pseudo-terminal for what is drawn).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import BASIC, CLEAR, DOWN, ENTER, SINGLE, pdf_text, spawn_dvc, write_answers
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from typer.testing import CliRunner

from dvc_cli.cli.main import app
from dvc_cli.cli.picker import Heading, Item, Picker

BACK = "\x02"  # Ctrl-B
UP = "\x1b[A"
MARITAL = 15  # BASIC[15]: marital_status, its first choice


def run_interview(keys: list[str], out: Path):
    with create_pipe_input() as pipe:
        pipe.send_text("".join(keys))
        with create_app_session(input=pipe, output=DummyOutput()):
            return CliRunner().invoke(app, ["fill", "single-status", "--out", str(out)])


def answers_written(out: Path) -> dict:
    return yaml.safe_load((out / "answers.yaml").read_text(encoding="utf-8"))["answers"]


DIVORCE_KEYS = [
    ENTER,  # divorce_kind: Quyết định
    "25/2020/QĐST-HNGĐ" + ENTER,
    "05/03/2020" + ENTER,
    "quận Hoàn Kiếm, thành phố Hà Nội" + ENTER,
    ENTER,  # divorce_abroad: Không
]


# -- the list itself ---------------------------------------------------------------------------
MARITAL_OPTIONS = [
    Item("Chưa đăng ký kết hôn với ai", "chua_ket_hon"),
    Item("Đã ly hôn", "da_ly_hon"),
    Item("Vợ/chồng đã chết", "vo_chong_da_mat"),
    Item("Đang có vợ/chồng", "dang_co_vo_chong"),
]


def shown_titles(picker: Picker) -> list[str]:
    return [picker.entries[i].title for i in picker.visible()]


def test_typed_words_narrow_the_list_without_accents():
    picker = Picker(MARITAL_OPTIONS)
    for char in "da ly hon":
        picker.type(char)
    assert shown_titles(picker) == ["Đã ly hôn"]
    assert picker.answer() == "da_ly_hon"
    picker.clear()
    picker.type("VO/CHONG")  # case and accents do not matter; every word must appear
    assert shown_titles(picker) == ["Vợ/chồng đã chết", "Đang có vợ/chồng"]
    picker.type("x")
    assert shown_titles(picker) == [] and picker.pointed is None
    picker.erase()
    assert len(shown_titles(picker)) == 2


def test_digits_pick_by_number_even_two_of_them():
    entries = [Heading("Bước 1/2 — Một")]
    entries += [Item(f"Câu {n}", n) for n in range(1, 13)]
    entries += [Heading("Bước 2/2 — Hai"), Item("Quay lại", "back", number=0)]
    picker = Picker(entries)
    picker.digit("1")
    assert picker.answer() == 1
    picker.digit("2")  # 12 exists
    assert picker.answer() == 12
    picker.digit("5")  # 125 does not: 5 alone
    assert picker.answer() == 5
    picker.digit("0")  # 50 does not: 0 is "Quay lại"
    assert picker.answer() == "back"
    picker.type("cau 1")  # narrowed; a number still picks from the whole list
    picker.digit("7")
    assert picker.answer() == 7 and picker.query == ""


def test_arrows_stop_at_either_end_and_skip_headings():
    picker = Picker([Heading("Bước 1/1 — Một"), *MARITAL_OPTIONS], default="dang_co_vo_chong")
    picker.move(1)
    assert picker.answer() == "dang_co_vo_chong"  # no wrap-around to the first
    picker.move(-10)
    assert picker.answer() == "chua_ket_hon"  # not the heading above it


# -- typing in the interview ------------------------------------------------------------------
def test_choice_typed_without_accents_in_the_interview(tmp_path: Path):
    keys = list(BASIC)
    keys[2] = "nu" + ENTER  # gender typed, not numbered
    keys[MARITAL] = "da ly hon" + ENTER
    keys[MARITAL + 1 : MARITAL + 1] = DIVORCE_KEYS
    out = tmp_path / "out"
    result = run_interview([*keys, "1" + ENTER], out)
    assert result.exit_code == 0, result.output
    answers = answers_written(out)
    assert answers["gender"] == "nu"
    assert answers["marital_status"] == "da_ly_hon"
    assert "Quyết định ly hôn số 25/2020/QĐST-HNGĐ" in pdf_text(out / "to-khai.pdf")


def test_choice_found_by_its_alias(tmp_path: Path):
    keys = list(BASIC)
    keys[MARITAL] = "goa" + ENTER  # "góa", an alias of Vợ/chồng đã chết
    keys[MARITAL + 1 : MARITAL + 1] = [
        "chung tu" + ENTER,  # spouse_death_doc: Giấy chứng tử, not the default
        "45/TLKT" + ENTER,
        "Ủy ban nhân dân phường Bến Nghé" + ENTER,
        "10/10/2019" + ENTER,
    ]
    out = tmp_path / "out"
    result = run_interview([*keys, "1" + ENTER], out)
    assert result.exit_code == 0, result.output
    answers = answers_written(out)
    assert answers["marital_status"] == "vo_chong_da_mat"
    assert answers["spouse_death_doc"] == "giay_chung_tu"


# -- back -------------------------------------------------------------------------------------
def test_back_changes_an_earlier_answer_and_keeps_the_later_ones(tmp_path: Path):
    keys = [
        *BASIC[:3],  # name, birth date, gender Nữ (not the first choice)
        BACK,  # on ethnicity: back to gender
        BACK,  # back to the birth date
        CLEAR + "16/08/1990" + ENTER,
        ENTER,  # gender asked again, still on Nữ: kept
        *BASIC[3:],  # the ID agrees with Nữ only if the gender was kept
        "1" + ENTER,
    ]
    out = tmp_path / "out"
    result = run_interview(keys, out)
    assert result.exit_code == 0, result.output
    answers = answers_written(out)
    assert answers["birth_date"] == "16/08/1990"
    assert answers["gender"] == "nu"
    assert answers["id_number"] == "001190012345"
    assert result.stderr.count("Bước 1/4") == 1  # the step's title is not repeated within it


def test_back_from_a_choice_list_to_a_typed_answer(tmp_path: Path):
    keys = [
        BASIC[0],
        "15/08/1990" + ENTER,
        BACK,  # on gender (a list): back to the birth date
        CLEAR + "15/09/1990" + ENTER,
        *BASIC[2:],
        "1" + ENTER,
    ]
    out = tmp_path / "out"
    result = run_interview(keys, out)
    assert result.exit_code == 0, result.output
    assert answers_written(out)["birth_date"] == "15/09/1990"


def test_back_on_the_first_question_says_so(tmp_path: Path):
    out = tmp_path / "out"
    result = run_interview([BACK, *BASIC, "1" + ENTER], out)
    assert result.exit_code == 0, result.output
    assert "Đây là câu hỏi đầu tiên: không có câu trước." in result.stderr


# -- the review's list of answers to edit ----------------------------------------------------
def test_edit_list_numbered_picks_by_number(tmp_path: Path):
    keys = [*BASIC, "2" + ENTER, "15" + ENTER, "2" + ENTER, *DIVORCE_KEYS, "1" + ENTER]
    out = tmp_path / "out"
    result = run_interview(keys, out)  # 15: marital_status, now Đã ly hôn
    assert result.exit_code == 0, result.output
    assert answers_written(out)["marital_status"] == "da_ly_hon"


def test_edit_list_quay_lai_and_back_return_to_the_review(tmp_path: Path):
    keys = [
        *BASIC,
        "2" + ENTER,
        "0" + ENTER,  # Quay lại: the review again
        "2" + ENTER,
        BACK,  # the back key on the list: the review again
        "2" + ENTER,
        "1" + ENTER,  # the name, to edit...
        BACK,  # ...but back: the review again, the name unchanged
        "1" + ENTER,
    ]
    out = tmp_path / "out"
    result = run_interview(keys, out)
    assert result.exit_code == 0, result.output
    assert result.stderr.count("Kiểm tra lại các câu trả lời") == 4
    assert answers_written(out)["full_name"] == "Nguyễn Thị Dung"


def test_edit_list_does_not_wrap_around(tmp_path: Path):
    keys = [
        *BASIC,
        "2" + ENTER,
        UP + ENTER,  # up from the first answer: still the first (not "Quay lại" at the end)
        CLEAR + "Nguyễn Thị Dung Em" + ENTER,
        "2" + ENTER,
        DOWN * 40 + ENTER,  # down past the end: "Quay lại"
        "1" + ENTER,
    ]
    out = tmp_path / "out"
    result = run_interview(keys, out)
    assert result.exit_code == 0, result.output
    assert answers_written(out)["full_name"] == "Nguyễn Thị Dung Em"


# -- in a real terminal ------------------------------------------------------------------------
def spawn(tmp_path: Path, answers: dict):
    pexpect = pytest.importorskip("pexpect")
    src = write_answers(tmp_path / "a.yaml", answers)
    out = str(tmp_path / "out")
    return pexpect, spawn_dvc("fill", "single-status", "--answers", str(src), "--out", out, rows=50)


def test_pty_typing_filters_and_back_key(tmp_path: Path):
    partial = {k: v for k, v in SINGLE.items() if k not in ("marital_status", "purpose_detail")}
    pexpect, child = spawn(tmp_path, partial)
    try:
        child.expect("Tình trạng hôn nhân hiện tại")
        child.expect("Ctrl-B: quay lại câu trước")
        child.send("da ly hon")
        child.expect("Lọc: ")
        child.send("\r")
        child.expect("Ly hôn theo")
        child.send(BACK)  # back: the marital status again, answered by its number this time
        child.expect("Tình trạng hôn nhân hiện tại")
        child.send("1\r")
        child.expect("Ghi rõ mục đích")
        child.expect("Ctrl-B: quay lại câu tr")  # at the right edge: the last letter drawn apart
        child.send("Để bổ sung hồ sơ xin việc\r")
        child.expect("Các thông tin trên đã đúng chưa")
        child.send("2\r")
        child.expect("Sửa câu nào")
        child.expect(r"Bước 3/4 — Tình trạng hôn nhân và mục đích")
        child.expect(r"15\) Tình trạng hôn nhân hiện tại: Chưa đăng ký kết hôn với ai")
        child.expect(r"0\) Quay lại")
        child.send("0\r")
        child.expect("Các thông tin trên đã đúng chưa")
        child.send("1\r")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0, child.before
    answers = answers_written(tmp_path / "out")
    assert answers["marital_status"] == "chua_ket_hon"
    assert "divorce_kind" not in answers
