"""Old place names in the interactive interview: typed or picked from the autocomplete, an
old name is converted with a notice; a split commune is offered as a list to pick from."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import (
    BASIC,
    DOWN,
    ENTER,
    SINGLE,
    flat,
    pdf_text,
    piped_interview,
    spawn_dvc,
    write_answers,
)

_PROVINCE = BASIC.index("ha noi" + ENTER)
assert BASIC[_PROVINCE + 1] == "hoan kiem" + ENTER


def keys_with(province: str, *commune: str) -> list[str]:
    """The BASIC interview with another residence: the province typed, then the keys of the
    commune question (and of a list that may follow it), then the review's "done"."""
    return [*BASIC[:_PROVINCE], province, *commune, *BASIC[_PROVINCE + 2 :], "1" + ENTER]


def saved(out: Path) -> dict:
    return yaml.safe_load((out / "answers.yaml").read_text(encoding="utf-8"))["answers"]


OLD_WARD = "Phường Trường Thi (cũ, TP Thanh Hóa) → Phường Hạc Thành, tỉnh Thanh Hóa"


def test_an_old_commune_typed_is_converted_with_its_notice(tmp_path: Path):
    result, _, out = piped_interview(tmp_path, keys_with("thanh hoa" + ENTER, "truong thi" + ENTER))
    assert OLD_WARD in flat(result.stderr)
    assert saved(out)["residence_commune"] == "Phường Hạc Thành"
    assert "phường Hạc Thành, tỉnh Thanh Hóa" in pdf_text(out / "to-khai.pdf")


def test_a_split_commune_is_picked_from_a_list(tmp_path: Path):
    keys = keys_with(
        "ha noi" + ENTER,
        "Phường Điện Biên, Quận Ba Đình" + ENTER,
        DOWN * 2 + ENTER,  # the third of the 4 wards it went to
    )
    result, prompts, out = piped_interview(tmp_path, keys)
    stderr = flat(result.stderr)
    assert (
        "Phường Điện Biên (cũ, quận Ba Đình) nay thuộc 4 xã/phường: Phường Ba Đình, Phường Hoàn "
        "Kiếm, Phường Ô Chợ Dừa, Phường Văn Miếu - Quốc Tử Giám; chọn theo đường, thôn, tổ nơi ở"
    ) in stderr
    picked = "? Chọn xã/phường hiện nay của địa chỉ này Phường Ô Chợ Dừa — có một phần"
    assert picked in flat(prompts)
    assert saved(out)["residence_commune"] == "Phường Ô Chợ Dừa"
    assert "phường Ô Chợ Dừa, thành phố Hà Nội" in pdf_text(out / "to-khai.pdf")


def test_a_split_commune_picked_by_its_number(tmp_path: Path):
    keys = keys_with("ha noi" + ENTER, "Phường Điện Biên, Quận Ba Đình" + ENTER, "4" + ENTER)
    result, _, out = piped_interview(tmp_path, keys)
    assert saved(out)["residence_commune"] == "Phường Văn Miếu - Quốc Tử Giám"
    # the pick keeps the old name it came from: the notice says what became of it
    notice = (
        "Phường Điện Biên (cũ, quận Ba Đình) → Phường Văn Miếu - Quốc Tử Giám, thành phố Hà Nội"
    )
    assert notice in flat(result.stderr)


def test_an_old_province_is_converted_with_its_notice(tmp_path: Path):
    result, _, out = piped_interview(tmp_path, keys_with("Hà Giang" + ENTER, "nguyen trai" + ENTER))
    stderr = flat(result.stderr)
    assert "Tỉnh Hà Giang (cũ) → Tỉnh Tuyên Quang" in stderr
    assert "Phường Nguyễn Trãi (cũ, TP Hà Giang) → Phường Hà Giang 1, tỉnh Tuyên Quang" in stderr
    assert saved(out)["residence_province"] == "Tỉnh Tuyên Quang"
    assert saved(out)["residence_commune"] == "Phường Hà Giang 1"
    assert "phường Hà Giang 1, tỉnh Tuyên Quang" in pdf_text(out / "to-khai.pdf")


# -- in a real pseudo-terminal: the autocomplete menu and the list drawn -----------------------
def spawn(tmp_path: Path, answers: dict, *options: str):
    pexpect = pytest.importorskip("pexpect")
    src = write_answers(tmp_path / "a.yaml", answers)
    argv = [
        *options,
        "fill",
        "single-status",
        "--answers",
        str(src),
        "--out",
        str(tmp_path / "out"),
    ]
    return pexpect, spawn_dvc(*argv)


def finish(pexpect, child, tmp_path: Path, review: str = "Các thông tin trên đã đúng chưa") -> dict:
    child.expect(review)
    child.send("1\r")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    return saved(tmp_path / "out")


@pytest.mark.parametrize(
    ("lang", "label", "entry", "notice", "review"),
    [
        (
            "vi",
            "Xã/phường/đặc khu",
            "Phường Trường Thi (cũ) → Phường Hạc Thành",
            "Phường Trường Thi (cũ, TP Thanh Hóa) → Phường Hạc Thành",
            "Các thông tin trên đã đúng chưa",
        ),
        (  # the English mark of an old name is understood too
            "en",
            "Commune, ward or special zone",
            "Phường Trường Thi (former) → Phường Hạc Thành",
            "Phường Trường Thi (former, TP Thanh Hóa) → Phường Hạc Thành",
            "Is everything above correct",
        ),
    ],
    ids=["vi", "en"],
)
def test_the_autocomplete_offers_the_old_name_and_its_pick_is_accepted(
    tmp_path: Path, lang, label, entry, notice, review
):
    answers = {k: v for k, v in SINGLE.items() if k != "residence_commune"}
    pexpect, child = spawn(tmp_path, answers, "--lang", lang)  # province: Thanh Hóa
    try:
        child.expect(label)
        child.send("truong thi")
        child.expect_exact(entry)  # in the menu
        child.send("\t")  # Tab: the first entry into the line
        child.send("\r")
        child.expect_exact(notice)
        answers = finish(pexpect, child, tmp_path, review)
        assert answers["residence_commune"] == "Phường Hạc Thành"
    finally:
        child.close()


def test_the_wards_of_a_split_are_listed_and_one_is_picked(tmp_path: Path):
    answers = {**SINGLE, "residence_province": "Hà Nội"}
    del answers["residence_commune"]
    pexpect, child = spawn(tmp_path, answers)
    try:
        child.expect("Xã/phường/đặc khu")
        child.send("Phường Điện Biên, Quận Ba Đình\r")
        child.expect("Chọn xã/phường hiện nay của địa chỉ này")
        wards = ["Ba Đình", "Hoàn Kiếm", "Ô Chợ Dừa", "Văn Miếu - Quốc Tử Giám"]
        for n, ward in enumerate(wards, 1):
            child.expect_exact(f"{n}) Phường {ward} — có một phần Phường Điện Biên cũ")
        child.send("2\r")
        assert finish(pexpect, child, tmp_path)["residence_commune"] == "Phường Hoàn Kiếm"
    finally:
        child.close()
