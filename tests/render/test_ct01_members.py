"""CT01's item 11 (residence-registration) as a list of household members: four table rows on
the form (fields ``member_<column>_<n>``), the fifth member on a continuation page of the same
PDF with "xem trang bổ sung" on the form; members in a spreadsheet's numbered columns; a
member's ID number checked against that member's gender, refused naming the member (in an
answers file, a spreadsheet's column, and where it is typed in the interview); answers files
and spreadsheets of the version with members_count and member_1..3_* still giving the same
members."""

from __future__ import annotations

import copy
import csv
import datetime as dt
from pathlib import Path

import pytest
import yaml
from conftest import flat, invoke, pdf_text, spawn_dvc, write_answers
from pypdf import PdfReader
from test_typography import runs

import dvc_cli
from dvc_cli.render import output

REPO = Path(__file__).resolve().parents[2]
HUNG = REPO / "tests" / "fixtures" / "residence-registration" / "hung-family-joins-household.yaml"

PERSON = {
    "registration_kind": "thuong_tru",
    "full_name": "Trần Văn Minh",
    "birth_date": "02/01/1993",
    "gender": "nam",
    "id_number": "038093001111",
    "phone": "0912 345 678",
    "residence_address": "Số 27 phố Lê Hoàn",
    "residence_province": "Thanh Hóa",
    "residence_commune": "Phường Hạc Thành",
    "home_kind": "so_huu",
    "join_household": "không",
}
# (name, birth date, gender, ID number, relationship to the head, the gender as printed)
MEMBERS = [
    ("Nguyễn Thị Dung", "15/08/1995", "nữ", "038195001234", "Vợ", "Nữ"),
    ("Trần Minh Khang", "02/10/2020", "nam", "038220001122", "Con", "Nam"),
    ("Trần Ngọc Hân", "14/02/2023", "nữ", "038323003344", "Con", "Nữ"),
    ("Trần Văn Bình", "05/05/1960", "nam", "038060005566", "Bố", "Nam"),
    ("Phạm Thị Lan", "12/12/1963", "nữ", "038163007788", "Mẹ", "Nữ"),
    ("Trương Thị Ánh Tuyết", "21/04/1996", "nữ", "038196004521", "Em dâu", "Nữ"),
]
KEYS = ("name", "birth_date", "gender", "id_number", "relationship")


def _answers(count: int) -> dict:
    members = [dict(zip(KEYS, m[:5], strict=True)) for m in MEMBERS[:count]]
    return {"procedure": "residence-registration", "answers": {**PERSON, "members": members}}


def _fill(tmp_path: Path, answers: dict, name: str = "out"):
    src = write_answers(tmp_path / f"{name}.yaml", answers)
    out = tmp_path / name
    result = invoke(
        "fill", "residence-registration", "--answers", str(src), "--no-input", "--out", str(out)
    )
    return result, out


def test_six_members_fill_the_four_rows_and_a_continuation_page(tmp_path):
    result, out = _fill(tmp_path, _answers(6))
    assert result.exit_code == 0, result.output
    pdf = out / "ct01.pdf"
    reader = PdfReader(pdf)
    assert len(reader.pages) == 2
    drawn = runs(pdf.read_bytes())
    form = [r for r in drawn if r.page == 1]
    item_11 = next(r for r in form if r.text.startswith("11. Những thành viên"))
    place = next(r for r in form if r.text == "phường Hạc Thành")  # the line after the table
    rows = []
    for n, (name, born, _g, id_number, relation, shown) in enumerate(MEMBERS[:4], 1):
        cell = next(r for r in form if r.text == name.upper())
        row = [r for r in form if abs(r.y - cell.y) < 0.5 and item_11.y > r.y > place.y]
        # TT, name, date of birth, gender, ID number, relationship: left to right on one line
        assert [r.text for r in sorted(row, key=lambda r: r.x)] == [
            str(n),
            name.upper(),
            born,
            shown,
            id_number,
            relation,
        ]
        rows.append(cell.y)
    assert rows == sorted(rows, reverse=True)  # members 1-4 in the rows, top down
    more = next(r for r in form if r.text == "xem trang bổ sung")
    assert abs(more.y - item_11.y) < 0.5 and more.x > item_11.end  # on item 11's line
    page_1 = flat(reader.pages[0].extract_text())
    page_2 = flat(reader.pages[1].extract_text())
    for name, *_rest in MEMBERS[4:]:
        assert name.upper() not in page_1
    assert "TRANG BỔ SUNG" in page_2
    assert "(tiếp theo Tờ khai thay đổi thông tin cư trú (CT01))" in page_2
    assert "Người đăng ký cư trú: TRẦN VĂN MINH" in page_2
    for n, (name, born, _g, id_number, relation, shown) in enumerate(MEMBERS[4:], 5):
        assert f"Thành viên hộ gia đình thứ {n}" in page_2
        assert f"Họ, chữ đệm và tên: {name.upper()}" in page_2
        assert f"Ngày, tháng, năm sinh: {born}" in page_2
        assert f"Giới tính: {shown}" in page_2
        assert f"Số định danh cá nhân: {id_number}" in page_2
        assert f"Mối quan hệ với chủ hộ: {relation}" in page_2
    for name, *_rest in MEMBERS[:4]:
        assert name.upper() not in page_2
    assert "Đăng ký thường trú cùng 6 thành viên hộ gia đình ghi ở mục 11" in page_1
    checklist = (out / "checklist.md").read_text(encoding="utf-8")
    for name, *_rest in MEMBERS:  # each member's identity paper, one entry each
        assert f"giấy khai sinh) của thành viên cùng đăng ký: {name}**" in checklist


def test_four_members_need_no_continuation_page(tmp_path):
    result, out = _fill(tmp_path, _answers(4))
    assert result.exit_code == 0, result.output
    assert len(PdfReader(out / "ct01.pdf").pages) == 1
    text = pdf_text(out / "ct01.pdf")
    assert "TRẦN VĂN BÌNH" in text and "xem trang bổ sung" not in text


def test_a_member_id_not_matching_their_gender_is_refused_naming_the_member(tmp_path):
    answers = _answers(3)
    answers["answers"]["members"][1]["id_number"] = "038320001122"  # 4th digit: a girl's
    result, out = _fill(tmp_path, answers)
    assert result.exit_code == 1
    assert (
        "members[2].id_number: chữ số thứ 4 (3) là của người giới tính nữ, không khớp với "
        "giới tính đã khai"
    ) in flat(result.stderr)
    assert not out.exists()  # nothing half-written


def _interview(answers: dict) -> dvc_cli.Interview:
    proc = dvc_cli.load_procedure("residence-registration")
    interview = dvc_cli.Interview(proc, answers, today=dt.date(2026, 11, 20))
    interview.apply_defaults()
    assert interview.is_complete(), interview.problems()
    return interview


def test_an_old_answers_file_renders_the_same_members():
    new = yaml.safe_load(HUNG.read_text(encoding="utf-8"))["answers"]
    old = copy.deepcopy(new)
    members = old.pop("members")
    old["members_count"] = len(members)
    for n, member in enumerate(members, 1):
        for key, value in member.items():
            old[f"member_{n}_{'full_name' if key == 'name' else key}"] = value
    assert "member_2_relationship" in old
    values = output.form_values(_interview(old), "ct01")
    assert values == output.form_values(_interview(new), "ct01")
    assert [values[f"member_name_{n}"] for n in (1, 2, 3)] == ["LÊ MINH KHANG", "LÊ NGỌC HÂN", ""]
    assert values["member_id_number_2"] == "038323003344"


def test_an_old_answers_file_without_members_still_loads():
    old = {**PERSON, "members_count": 0}
    interview = _interview(old)
    assert interview.answers()["members"] == []
    assert output.form_values(interview, "ct01")["member_name_1"] == ""


def _read_report(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(path.read_bytes().decode("utf-8-sig").splitlines()))


def test_csv_template_and_a_row_with_members_in_numbered_columns(tmp_path):
    template = invoke("csv-template", "residence-registration")
    assert template.exit_code == 0
    header_ids = next(csv.reader([template.stdout.lstrip("\ufeff").splitlines()[0]]))
    assert header_ids[-10:] == [f"members.{n}.{k}" for n in (1, 2) for k in KEYS]
    # member 1 by id, members 2 and 3 in words, as an office would write them
    words = {
        "name": "Họ, chữ đệm, tên",
        "birth_date": "Ngày sinh",
        "gender": "Giới tính",
        "id_number": "Số định danh cá nhân",
        "relationship": "Quan hệ với chủ hộ",
    }
    header = list(PERSON) + [f"members.1.{k}" for k in KEYS]
    header += [f"Thành viên hộ gia đình {n} — {words[k]}" for n in (2, 3) for k in KEYS]
    good = [*PERSON.values(), *(v for m in MEMBERS[:3] for v in m[:5])]
    hung = {"full_name": "Lê Văn Hùng", "birth_date": "03/09/1992", "id_number": "038092004321"}
    bad = [*{**PERSON, **hung}.values(), *(v for m in MEMBERS[:3] for v in m[:5])]
    bad[len(PERSON) + 5 + 3] = "038320001122"  # member 2, a boy, with a girl's 4th digit
    src = tmp_path / "in.csv"
    with src.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerows([header, good, bad])
    out = tmp_path / "out"
    result = invoke("batch", "residence-registration", str(src), "--out", str(out), "--jobs", "1")
    assert result.exit_code == 1, result.output
    assert "bỏ qua" not in result.stderr  # every column understood
    errors = _read_report(out / "errors.csv")
    assert [(e["row"], e["column"]) for e in errors] == [
        ("3", "Thành viên hộ gia đình 2 — Số định danh cá nhân")
    ]
    assert "không khớp với giới tính đã khai" in errors[0]["message"]
    text = pdf_text(out / "0002" / "ct01.pdf")
    for n, (name, born, _g, id_number, relation, shown) in enumerate(MEMBERS[:3], 1):
        assert f"{n} {name.upper()} {born} {shown} {id_number} {relation}" in text
    saved = yaml.safe_load((out / "0002" / "answers.yaml").read_text(encoding="utf-8"))
    assert [m["name"] for m in saved["answers"]["members"]] == [m[0] for m in MEMBERS[:3]]


def test_an_old_spreadsheet_with_member_columns_gives_the_members_in_order(tmp_path):
    old = {"name": "full_name", "birth_date": "birth_date", "gender": "gender"}
    old |= {"id_number": "id_number", "relationship": "relationship"}
    header = list(PERSON) + [f"member_{n}_{old[k]}" for n in (1, 2) for k in KEYS]
    row = [*PERSON.values(), *(v for m in MEMBERS[:2] for v in m[:5])]
    src = tmp_path / "old.csv"
    with src.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([header, row])
    out = tmp_path / "out"
    result = invoke("batch", "residence-registration", str(src), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "bỏ qua" not in result.stderr
    saved = yaml.safe_load((out / "0002" / "answers.yaml").read_text(encoding="utf-8"))
    assert [m["name"] for m in saved["answers"]["members"]] == [m[0] for m in MEMBERS[:2]]
    assert [m["id_number"] for m in saved["answers"]["members"]] == [m[3] for m in MEMBERS[:2]]


def test_the_interview_adds_a_member_refusing_an_id_against_their_gender(tmp_path):
    pexpect = pytest.importorskip("pexpect")
    src = write_answers(tmp_path / "given.yaml", _answers(0))  # every answer but the members
    out = tmp_path / "out"
    child = spawn_dvc("fill", "residence-registration", "--answers", str(src), "--out", str(out))
    child.expect(r"\(không có mục nào\)")  # the review: an empty list, no members yet
    child.expect("Các thông tin trên đã đúng chưa")
    child.send("2\r")  # Sửa một câu trả lời
    child.expect("Sửa câu nào")
    child.send("nhung thanh vien\r")  # typed to filter: the list question
    child.expect("Có thành viên hộ gia đình nào không")
    child.send("1\r")
    child.expect("Thành viên hộ gia đình thứ 1")
    child.send("Nguyễn Thị Dung\r")
    child.expect("Ngày, tháng, năm sinh")
    child.send("15/08/1995\r")
    child.expect("Giới tính")
    child.send("2\r")  # Nữ
    child.expect("Số định danh cá nhân")
    child.send("038095001234\r")  # a man's 4th digit: refused where it is typed
    child.expect(
        "chữ số thứ 4 \\(0\\) là của người giới tính nam, không khớp với giới tính đã khai"
    )
    child.send("\x15" + "038195001234\r")
    child.expect("Quan hệ với chủ hộ")
    child.send("Vợ\r")
    child.expect("Thêm thành viên hộ gia đình khác")
    child.send("2\r")  # Không
    child.expect("Thành viên hộ gia đình thứ 1: Nguyễn Thị")
    child.expect("Các thông tin trên đã đúng chưa")
    child.send("1\r")
    child.expect("ct01.pdf")
    child.expect(pexpect.EOF)
    text = pdf_text(out / "ct01.pdf")
    assert "1 NGUYỄN THỊ DUNG 15/08/1995 Nữ 038195001234 Vợ" in text
