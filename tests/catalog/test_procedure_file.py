"""Procedure files: schema errors name file:line:column and the path inside the file."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import PROCEDURE_WITH_NAME

from dvc_cli.catalog import procedures
from dvc_cli.errors import ProcedureError

GOOD_HEAD = PROCEDURE_WITH_NAME


def _load(tmp_path: Path, text: str):
    path = tmp_path / "demo.yaml"
    path.write_text(text, encoding="utf-8")
    return procedures.load_file(path, tmp_path)


def test_minimal_procedure_loads(tmp_path):
    proc = _load(tmp_path, GOOD_HEAD)
    assert [q.id for q in proc.ordered()] == ["full_name"]


def test_bad_when_expression_has_line_and_column(tmp_path):
    text = GOOD_HEAD + "      - id: other\n        label: Khác\n        when: full_name ==\n"
    with pytest.raises(ProcedureError) as err:
        _load(tmp_path, text)
    message = str(err.value)
    assert message.startswith(f"{tmp_path / 'demo.yaml'}:22:15: steps.0.questions.1.when: ")
    assert "Jinja2" in message


def test_unknown_name_in_condition(tmp_path):
    text = GOOD_HEAD + "      - id: other\n        label: Khác\n        when: marital == 'x'\n"
    with pytest.raises(
        ProcedureError,
        match=r"demo.yaml:22:15: steps.0.questions.1.when: tên không có trong thủ tục: marital",
    ):
        _load(tmp_path, text)


def test_schema_error_points_at_the_value(tmp_path):
    text = GOOD_HEAD.replace("        type: name", "        type: colour")
    with pytest.raises(ProcedureError) as err:
        _load(tmp_path, text)
    assert ":18:15: steps.0.questions.0.type: 'colour' không phải giá trị hợp lệ; chọn: text," in (
        str(err.value)
    )


def test_unknown_key_is_reported(tmp_path):
    text = GOOD_HEAD.replace("fee: Miễn phí", "fee: Miễn phí\nfees: 1")
    with pytest.raises(
        ProcedureError, match=r"demo.yaml:\d+:\d+: fees: khóa không xác định; có phải: fee\?$"
    ):
        _load(tmp_path, text)


def test_duplicate_key_and_duplicate_question(tmp_path):
    with pytest.raises(ProcedureError, match=r"demo.yaml:7:1: khóa trùng lặp 'fee'"):
        _load(tmp_path, GOOD_HEAD.replace("legal_basis:", "fee: x\nlegal_basis:"))
    text = GOOD_HEAD + "      - id: full_name\n        label: Lại\n"
    with pytest.raises(
        ProcedureError,
        match=r"demo.yaml:20:13: steps.0.questions.1.id: câu hỏi 'full_name' bị khai báo hai lần",
    ):
        _load(tmp_path, text)


def test_broken_yaml(tmp_path):
    with pytest.raises(ProcedureError, match=r"demo.yaml:4:1: YAML không hợp lệ"):
        _load(tmp_path, "schema_version: 1\nid: demo\ntitle: [unclosed\n")


def test_missing_template_file(tmp_path):
    text = GOOD_HEAD + (
        "outputs:\n  - id: f\n    file: f.pdf\n    template: demo/nope.pdf\n    title: Mẫu\n"
        "    fields: {a: x}\n"
    )
    with pytest.raises(
        ProcedureError,
        match=r"demo.yaml:23:15: outputs.0.template: không tìm thấy mẫu demo/nope.pdf",
    ):
        _load(tmp_path, text)


def test_bundled_procedures_are_valid():
    loaded = procedures.load_all()
    assert "single-status" in {p.id for p in loaded}


def test_shared_questions_are_used_and_overridden(tmp_path):
    (tmp_path / "_common.yaml").write_text(
        "schema_version: 1\nquestions:\n  full_name:\n    type: name\n    label: Họ tên\n",
        encoding="utf-8",
    )
    text = (
        GOOD_HEAD + "      - use: full_name\n        id: groom_name\n        label: Họ tên chồng\n"
    )
    proc = _load(tmp_path, text)
    groom = proc.questions["groom_name"]
    assert groom.type == "name" and groom.label.vi == "Họ tên chồng"
    with pytest.raises(
        ProcedureError,
        match=r"demo.yaml:20:14: steps.0.questions.1.use: không có câu hỏi dùng chung 'nope'",
    ):
        _load(tmp_path, GOOD_HEAD + "      - use: nope\n")


def test_bundled_shared_questions_back_single_status():
    proc = procedures.load("single-status")
    assert proc.questions["id_number"].type == "citizen_id"
    assert proc.questions["residence_commune"].province_question == "residence_province"
