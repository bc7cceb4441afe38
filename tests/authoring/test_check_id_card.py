"""`dvc check` on a procedure's ``id_card`` declarations: unknown questions, wrong types and
missing choices named with file:line:col."""

from __future__ import annotations

from pathlib import Path

from conftest import PROCEDURE_WITH_NAME, SOURCES
from typer.testing import CliRunner

from dvc_cli.cli.main import app

BODY = (
    PROCEDURE_WITH_NAME
    + """\
      - id: gender
        type: choice
        label: Giới tính
        choices:
          - {value: nam, label: Nam}
          - {value: nu, label: Nữ}
      - id: birth_date
        type: date
        label: Ngày sinh
      - id: province
        type: province
        label: Tỉnh
      - id: commune
        type: commune
        province_question: province
        label: Xã
id_card:
  - role: applicant
    fills:
      name: full_name
      gender: gender
      birth_date: birth_date
      residence: {province: province, commune: commune}
"""
)


def _check(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "demo.yaml"
    path.write_text(text + SOURCES, encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(path)])
    return [line.replace(str(path), "demo.yaml") for line in result.stdout.splitlines()]


def _pos(text: str, needle: str) -> str:
    index = text.index(needle)
    line = text.count("\n", 0, index) + 1
    return f"{line}:{index - (text.rfind(chr(10), 0, index) + 1) + 1}"


def test_a_sound_declaration_passes(tmp_path):
    assert _check(tmp_path, BODY) == []


def test_an_unknown_question_is_named_where_it_is(tmp_path):
    text = BODY.replace("birth_date: birth_date", "birth_date: dob")
    assert _check(tmp_path, text) == [
        f"demo.yaml:{_pos(text, 'dob')}: id_card.0.fills.birth_date: không có câu hỏi 'dob'"
    ]


def test_a_question_of_the_wrong_type(tmp_path):
    text = BODY.replace("birth_date: birth_date", "birth_date: full_name")
    where = _pos(text, "full_name\n      residence")
    assert sorted(_check(tmp_path, text)) == [
        f"demo.yaml:{where}: id_card.0.fills.birth_date: câu hỏi 'full_name' loại 'name' "
        "không nhận được trường này (cần date)",
        f"demo.yaml:{where}: id_card.0.fills.birth_date: câu hỏi 'full_name' đã do thẻ của "
        "'applicant' điền",
    ]


def test_a_gender_question_without_the_card_s_choice(tmp_path):
    text = BODY.replace("{value: nu, label: Nữ}", "{value: khac, label: Khác}")
    where = _pos(text, "gender\n      birth")
    assert _check(tmp_path, text) == [
        f"demo.yaml:{where}: id_card.0.fills.gender: "
        "câu hỏi 'gender' không có lựa chọn 'Nữ' mà thẻ điền"
    ]


def test_a_residence_without_its_commune(tmp_path):
    text = BODY.replace(", commune: commune}", "}")
    lines = _check(tmp_path, text)
    assert len(lines) == 1 and "id_card.0.fills.residence: cần 'province' và 'commune'" in lines[0]


def test_an_unknown_first_question_and_key(tmp_path):
    text = BODY.replace("    fills:\n", "    first: nope\n    fills:\n", 1)
    assert _check(tmp_path, text) == [
        f"demo.yaml:{_pos(text, 'nope')}: id_card.0.first: không có câu hỏi 'nope'"
    ]
    text = BODY.replace("name: full_name", "ten: full_name")
    lines = _check(tmp_path, text)
    assert len(lines) == 1 and "id_card.0.fills.ten" in lines[0]


def test_a_first_question_picked_from_a_list_cannot_take_a_scan(tmp_path):
    text = BODY.replace("    fills:\n", "    first: gender\n    fills:\n", 1)
    where = _pos(text, "gender\n    fills")
    assert _check(tmp_path, text) == [
        f"demo.yaml:{where}: id_card.0.first: câu hỏi 'gender' là "
        "danh sách chọn: lần quét cần một câu hỏi gõ chữ"
    ]
