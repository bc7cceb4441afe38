"""What users read about a broken procedure file is dvc's wording, not pydantic's or PyYAML's.

pydantic errors are worded from their type and context (dvc_cli/schema_messages.py), PyYAML's
problems through one table (dvc_cli/yaml_messages.py); each mapping is checked here through
the real loader (file:line:col, path inside the file, message) and, for the whole corpus of
tests/bad, through the CLI: no library English reaches the user.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal

import pytest
import yaml
from conftest import PROCEDURE_WITH_NAME
from pydantic import BaseModel, Field, ValidationError
from typer.testing import CliRunner

from dvc_cli import i18n
from dvc_cli.catalog import procedures, schema_messages, yaml_messages
from dvc_cli.catalog.yamlsource import load_yaml
from dvc_cli.cli.main import app
from dvc_cli.core.schema import Question
from dvc_cli.errors import ProcedureError

BAD = Path(__file__).parents[1] / "bad"
GOOD = PROCEDURE_WITH_NAME
OUTPUT = "outputs:\n  - id: f\n    file: f.pdf\n    template: f.pdf\n    title: Mẫu\n    fields: {a: x}\n"
TYPES = "text, name, date, choice, boolean, integer, citizen_id, phone, province, commune, past_place, list"
Q = "steps.0.questions.0"  # the one question of GOOD
# Library English that must never reach the user.
LIBRARY_ENGLISH = (
    "Input should",
    "Extra inputs",
    "Field required",
    "String should",
    "Value error",
    "Unable to parse",
    "expected ','",
    "found unexpected",
    "did not find",
    "could not find",
    "not allowed here",
    "not allowed in this context",
    "unhashable",
    "another document",
    "cannot start any token",
    "is not a valid",
    "is not in the range",
)


def pos(text: str, needle: str) -> str:
    """``line:col`` (1-based) of the first ``needle`` in ``text``."""
    index = text.index(needle)
    return f"{text.count(chr(10), 0, index) + 1}:{index - (text.rfind(chr(10), 0, index) + 1) + 1}"


def load_error(tmp_path: Path, text: str) -> str:
    path = tmp_path / "demo.yaml"
    path.write_text(text, encoding="utf-8")
    (tmp_path / "f.pdf").write_bytes(b"")
    with pytest.raises(ProcedureError) as err:
        procedures.load_file(path, tmp_path)
    message = str(err.value)
    assert message.startswith(f"{path}:")
    return message.removeprefix(f"{path}:")


def edit(old: str, new: str, text: str = GOOD) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


# -- pydantic, through procedures.load_file ------------------------------------------------
# (name, the edited file, where: the text the position points at, or "line:col", loc, message)
SCHEMA_CASES = [
    ("missing", edit("authority: UBND cấp xã\n", ""), "1:1", "authority", "thiếu khóa bắt buộc"),
    (
        "missing-nested",
        edit("        label: Họ tên\n", ""),
        "id: full_name",
        f"{Q}.label",
        "thiếu khóa bắt buộc",
    ),
    (
        "extra-forbidden-close",
        edit("fee: Miễn phí\n", "fee: Miễn phí\nfees: 100000\n"),
        "100000",
        "fees",
        "khóa không xác định; có phải: fee?",
    ),
    (
        "extra-forbidden-nested",
        edit("label: Họ tên\n", "label: Họ tên\n        lable: x\n"),
        "x\n",
        f"{Q}.lable",
        "khóa không xác định; có phải: label?",
    ),
    (
        "extra-forbidden-far",
        edit("fee: Miễn phí\n", "fee: Miễn phí\nzzz: 42\n"),
        "42",
        "zzz",
        "khóa không xác định",
    ),
    (
        "literal-many",
        edit("type: name", "type: colour"),
        "colour",
        f"{Q}.type",
        f"'colour' không phải giá trị hợp lệ; chọn: {TYPES}",
    ),
    (
        "literal-one",
        edit("schema_version: 1", "schema_version: 2"),
        "2\n",
        "schema_version",
        "phải là 1, không phải 2",
    ),
    (
        "literal-not-a-scalar",
        edit("type: name", "type: [name]"),
        "[name]",
        f"{Q}.type",
        f"giá trị không hợp lệ; chọn: {TYPES}",
    ),
    (
        "literal-dossier-kind",
        edit("kind: original", "kind: paper"),
        "paper",
        "dossier.0.kind",
        "'paper' không phải giá trị hợp lệ; chọn: original, copy, present, original_or_copy",
    ),
    (
        "list-type",
        edit("fee: Miễn phí\n", "fee: Miễn phí\nkeywords: độc thân\n"),
        "độc thân",
        "keywords",
        "phải là một danh sách (list)",
    ),
    (
        "dict-type",
        GOOD + OUTPUT.replace("fields: {a: x}", "fields: abc"),
        "abc",
        "outputs.0.fields",
        "phải là một bảng (mapping)",
    ),
    (
        "model-type",
        edit("  - title: Luật Hộ tịch", "  - Luật Hộ tịch"),
        "Luật Hộ tịch",
        "legal_basis.0",
        "phải là một bảng (mapping)",
    ),
    (
        "model-type-bilingual",
        edit("label: Họ tên", "label: [Họ, tên]"),
        "[Họ",
        f"{Q}.label",
        "phải là một văn bản, hoặc một bảng có khóa vi (và en nếu có)",
    ),
    (
        "string-type",
        edit("label: Họ tên\n", "label: Họ tên\n        when: 5\n"),
        "5\n",
        f"{Q}.when",
        "phải là một văn bản (chuỗi)",
    ),
    (
        "bool-type",
        edit("label: Họ tên\n", "label: Họ tên\n        required: [1]\n"),
        "[1]",
        f"{Q}.required",
        "phải là true hoặc false",
    ),
    (
        "bool-parsing",
        edit("label: Họ tên\n", "label: Họ tên\n        required: maybe\n"),
        "maybe",
        f"{Q}.required",
        "phải là true hoặc false",
    ),
    (
        "int-type",
        edit("label: Họ tên\n", "label: Họ tên\n        min: [1]\n"),
        "[1]",
        f"{Q}.min",
        "phải là một số nguyên",
    ),
    (
        "int-parsing",
        edit("label: Họ tên\n", "label: Họ tên\n        max_length: abc\n"),
        "abc",
        f"{Q}.max_length",
        "phải là một số nguyên",
    ),
    (
        "int-from-float",
        edit("label: Họ tên\n", "label: Họ tên\n        max_length: 1.5\n"),
        "1.5",
        f"{Q}.max_length",
        "phải là một số nguyên (không có phần thập phân)",
    ),
    (
        "int-parsing-size",
        edit("label: Họ tên\n", "label: Họ tên\n        max_length: " + "9" * 5000 + "\n"),
        "999",
        f"{Q}.max_length",
        "số nguyên quá lớn",
    ),
    (
        "pattern-question-id",
        edit("id: full_name", "id: Full-Name"),
        "Full-Name",
        f"{Q}.id",
        "phải bắt đầu bằng chữ thường a-z, rồi chỉ gồm a-z, 0-9 và _ (không dấu)",
    ),
    (
        "pattern-procedure-id",
        edit("id: demo", "id: Demo_1"),
        "Demo_1",
        "id",
        "phải bắt đầu bằng chữ thường a-z, rồi chỉ gồm a-z, 0-9 và - (không dấu)",
    ),
    (
        "pattern-pdf-file",
        GOOD + OUTPUT.replace("file: f.pdf", "file: tờ khai.doc"),
        "tờ khai.doc",
        "outputs.0.file",
        "phải là tên tệp .pdf chỉ gồm chữ không dấu, số, '.', '_' và '-'",
    ),
    (
        "string-too-short",
        edit("label: Họ tên", "label: ''"),
        "''",
        f"{Q}.label.vi",
        "không được để trống",
    ),
    (
        "too-short",
        edit("legal_basis:\n  - title: Luật Hộ tịch\n", "legal_basis: []\n"),
        "[]",
        "legal_basis",
        "không được để trống (cần ít nhất một mục)",
    ),
    (
        "greater-than-equal",
        edit("label: Họ tên\n", "label: Họ tên\n        max_length: 0\n"),
        "0\n",
        f"{Q}.max_length",
        "phải lớn hơn hoặc bằng 1",
    ),
    (
        "value-error-choice-needs-choices",
        edit("type: name", "type: choice"),
        "id: full_name",
        Q,
        "câu hỏi loại 'choice' cần có 'choices' (các lựa chọn)",
    ),
    (
        "value-error-choices-only-for-choice",
        edit("label: Họ tên\n", "label: Họ tên\n        choices: [{value: a, label: A}]\n"),
        "id: full_name",
        Q,
        "'choices' chỉ dùng cho câu hỏi loại 'choice', không phải 'name'",
    ),
    (
        "value-error-commune-needs-province",
        edit("type: name", "type: commune"),
        "id: full_name",
        Q,
        "câu hỏi loại 'commune' cần có 'province_question' (câu hỏi tỉnh/thành phố)",
    ),
]


@pytest.mark.parametrize(
    ("text", "where", "loc", "message"),
    [case[1:] for case in SCHEMA_CASES],
    ids=[case[0] for case in SCHEMA_CASES],
)
def test_schema_error_is_worded_by_dvc(tmp_path, text, where, loc, message):
    at = where if re.fullmatch(r"\d+:\d+", where) else pos(text, where)
    assert load_error(tmp_path, text) == f"{at}: {loc}: {message}"


def test_a_validator_of_dvc_says_its_own_words(tmp_path):
    """Without pydantic's "Value error, " (the detail after the colon is Python's re module's)."""
    text = edit("label: Họ tên\n", "label: Họ tên\n        pattern: '[0-9'\n")
    message = load_error(tmp_path, text)
    assert message.startswith(
        f"{pos(text, chr(39) + '[0-9')}: {Q}.pattern: biểu thức chính quy không hợp lệ: "
    )


def test_several_schema_errors_are_counted(tmp_path):
    text = edit("type: name", "type: colour", edit("kind: original", "kind: paper"))
    assert load_error(tmp_path, text) == (
        f"{pos(text, 'colour')}: {Q}.type: 'colour' không phải giá trị hợp lệ; chọn: {TYPES}"
        " (và 1 lỗi khác)"
    )


def test_dvc_check_lists_the_same_words(tmp_path):
    path = tmp_path / "demo.yaml"
    text = edit("type: name", "type: colour", edit("fee: Miễn phí\n", "fee: Miễn phí\nfees: 10\n"))
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(path)])
    assert result.exit_code == 2
    assert result.stdout.splitlines() == [
        f"{path}:{pos(text, '10')}: fees: khóa không xác định; có phải: fee?",
        f"{path}:{pos(text, 'colour')}: {Q}.type: 'colour' không phải giá trị hợp lệ; chọn: {TYPES}",
    ]


def test_shared_questions_are_worded_the_same(tmp_path):
    common = tmp_path / "_common.yaml"
    text = "schema_version: 1\nquestions:\n  age:\n    type: integer\n    label: Tuổi\n    mn: 7\n"
    common.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(common)])
    assert result.stdout.splitlines() == [
        f"{common}:{pos(text, '7')}: questions.age.mn: khóa không xác định; có phải: min?"
    ]


def test_in_english(tmp_path):
    i18n.set_language("en")
    text = edit("fee: Miễn phí\n", "fee: Miễn phí\nfees: 10\n")
    assert load_error(tmp_path, text).endswith(": fees: unknown key; did you mean: fee?")
    text = edit("type: name", "type: colour")
    assert load_error(tmp_path, text).endswith(
        f": {Q}.type: 'colour' is not a valid value; choose: {TYPES}"
    )
    assert load_error(tmp_path, edit("type: name", "type: choice")).endswith(
        f": {Q}: a question of type 'choice' needs 'choices' (the options)"
    )


# -- pydantic error types procedure files cannot produce: small models of their own -----------
class _Numbers(BaseModel):
    ratio: float = 0
    above: int = Field(default=1, gt=0)
    below: int = Field(default=1, lt=10)
    at_most: int = Field(default=1, le=10)
    code: str = Field(default="a", pattern=r"^\d+$", max_length=3)
    name: str = Field(default="abc", min_length=3)
    items: list[int] = Field(default=[], max_length=2)
    many: list[int] = Field(default=[1, 2], min_length=2)


@pytest.mark.parametrize(
    ("data", "loc", "message"),
    [
        ({"ratio": "x"}, ("ratio",), "phải là một số"),
        ({"ratio": [1]}, ("ratio",), "phải là một số"),
        ({"above": 0}, ("above",), "phải lớn hơn 0"),
        ({"below": 10}, ("below",), "phải nhỏ hơn 10"),
        ({"at_most": 11}, ("at_most",), "phải nhỏ hơn hoặc bằng 10"),
        ({"code": "x"}, ("code",), "không khớp mẫu ^\\d+$"),
        ({"code": "1234"}, ("code",), "dài quá mức: tối đa 3 ký tự"),
        ({"name": "ab"}, ("name",), "cần ít nhất 3 ký tự"),
        ({"items": [1, 2, 3]}, ("items",), "nhiều nhất 2 mục"),
        ({"many": [1]}, ("many",), "cần ít nhất 2 mục"),
    ],
)
def test_other_error_types(data, loc, message):
    with pytest.raises(ValidationError) as exc:
        _Numbers.model_validate(data)
    assert schema_messages.problems(exc.value, _Numbers) == [(loc, message)]


class _A(BaseModel):
    kind: Literal["a"]
    x: int


class _B(BaseModel):
    kind: Literal["b"]
    y: str


class _Unions(BaseModel):
    text_or_list: str | list[str] = ""
    either: _A | _B | None = None
    tagged: _A | _B | None = Field(default=None, discriminator="kind")


@pytest.mark.parametrize(
    ("data", "loc", "details"),
    [
        (
            {"text_or_list": 5},
            ("text_or_list",),
            ["phải là một văn bản (chuỗi)", "phải là một danh sách (list)"],
        ),
        (
            {"text_or_list": [1]},
            ("text_or_list",),
            ["phải là một văn bản (chuỗi)", "0: phải là một văn bản (chuỗi)"],
        ),
        (
            {"either": {"kind": "a", "x": "q"}},
            ("either",),
            ["x: phải là một số nguyên", "kind: phải là b, không phải 'a'"],
        ),
    ],
)
def test_a_union_no_member_accepts_is_one_problem(data, loc, details):
    """What each member said, in dvc's words (which members pydantic reports is its choice)."""
    with pytest.raises(ValidationError) as exc:
        _Unions.model_validate(data)
    [(where, message)] = schema_messages.problems(exc.value, _Unions)
    assert where == loc
    assert message.startswith("không khớp dạng nào được phép: ")
    said = message.removeprefix("không khớp dạng nào được phép: ").split("; ")
    assert set(details) <= set(said)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"tagged": {"kind": "c"}}, "kind: 'c' không phải loại hợp lệ; chọn: a, b"),
        ({"tagged": {"x": 1}}, "thiếu khóa kind (cho biết đây là loại nào)"),
    ],
)
def test_union_tag_errors(data, message):
    with pytest.raises(ValidationError) as exc:
        _Unions.model_validate(data)
    assert schema_messages.problems(exc.value, _Unions) == [(("tagged",), message)]


def test_a_tagged_member_error_is_at_its_key():
    """In a union told apart by a key, only the member named fails: its error, where it is."""
    with pytest.raises(ValidationError) as exc:
        _Unions.model_validate({"tagged": {"kind": "a", "x": "q"}})
    assert schema_messages.problems(exc.value, _Unions) == [
        (("tagged", "x"), "phải là một số nguyên")
    ]


@pytest.mark.parametrize(
    ("err", "message"),
    [
        ({"type": "model_attributes_type", "loc": ("x",), "msg": "?", "input": 1}, "phải là một bảng (mapping)"),
        ({"type": "dict_type", "loc": ("x",), "msg": "?", "input": 1}, "phải là một bảng (mapping)"),
        ({"type": "float_parsing", "loc": ("x",), "msg": "?", "input": "a"}, "phải là một số"),
        ({"type": "finite_number", "loc": ("x",), "msg": "?", "input": 1}, "phải là một số hữu hạn"),
        (
            {"type": "assertion_error", "loc": ("x",), "msg": "Assertion failed, ?", "input": 1,
             "ctx": {"error": AssertionError("lời của dvc")}},
            "lời của dvc",
        ),
        (
            {"type": "literal_error", "loc": ("x",), "msg": "?", "input": "c",
             "ctx": {"expected": "'a', 'b' or 'c d'"}},
            "'c' không phải giá trị hợp lệ; chọn: a, b, c d",
        ),
        (
            {"type": "a_type_of_a_future_release", "loc": ("x",), "msg": "Some English", "input": 1},
            "giá trị không hợp lệ (a_type_of_a_future_release)",
        ),
        ({"type": "value_error", "loc": ("x",), "msg": "Value error, x", "input": 1}, "giá trị không hợp lệ (value_error)"),
    ],
)  # fmt: skip
def test_wording_never_comes_from_msg(err, message):
    assert schema_messages.message(err) == message


def test_every_question_type_is_offered():
    """The allowed values come from the model: a new question type is listed without a change."""
    with pytest.raises(ValidationError) as exc:
        Question.model_validate({"id": "x", "label": "x", "type": "colour"})
    assert schema_messages.problems(exc.value, Question) == [
        (("type",), f"'colour' không phải giá trị hợp lệ; chọn: {TYPES}")
    ]


# -- PyYAML, through load_yaml -----------------------------------------------------------------
# (name, text, line:col as reported, dvc's message); positions are libyaml's.
YAML_CASES = [
    ("tab", "a:\n\tb: 1\n", "2:1", "có ký tự tab để thụt lề; YAML chỉ cho phép thụt lề bằng dấu cách"),
    ("tab-after-spaces", "a:\n  b: 1\n\tc: 2\n", "3:1", "có ký tự tab để thụt lề; YAML chỉ cho phép thụt lề bằng dấu cách"),
    ("unclosed-list", "a: [1, 2\nb: 3\n", "2:2", "danh sách '[' chưa đóng: thiếu ']' (hoặc thiếu ',' giữa hai mục)"),
    ("unclosed-mapping", "a: {x: 1\nb: 3\n", "2:2", "bảng '{' chưa đóng: thiếu '}' (hoặc thiếu ',' giữa hai mục)"),
    ("unclosed-quote", 'a: "abc\nb: 1\n', "3:1", "chuỗi trong dấu nháy chưa đóng: thiếu dấu nháy kết thúc"),
    ("quote-before-document-marker", "a: 'abc\n---\n", "2:1", "chuỗi trong dấu nháy chưa đóng trước dòng '---'"),
    ("second-document", "a: 1\n---\nb: 2\n", "2:1", "có tài liệu YAML thứ hai (sau một dòng '---' hoặc '...'); mỗi tệp chỉ được chứa một tài liệu"),
    ("after-document-end", "a: 1\n...\nb: 2\n", "3:1", "có tài liệu YAML thứ hai (sau một dòng '---' hoặc '...'); mỗi tệp chỉ được chứa một tài liệu"),
    ("unhashable-key", "? [1, 2]\n: x\n", "1:3", "khóa không được là một danh sách hay một bảng"),
    ("colon-in-value", "label: Ghi chú: xem\n", "1:15", "dấu ':' ở chỗ không được phép (giá trị có ': ' cần đặt trong dấu nháy)"),
    ("dash-in-value", "a: - 1\n", "1:4", "'- ' ở chỗ không được phép (mục danh sách phải ở dòng riêng, thụt vào)"),
    ("no-colon", "a: 1\nb\nc: 2\n", "3:1", "thiếu dấu ':' sau khóa"),
    ("bad-indent", "a:\n    b: 1\n  c: 2\n", "3:3", "thụt lề sai: dòng này không thẳng hàng với các khóa cùng cấp ở trên"),
    ("bad-indent-list", "steps:\n  - id: x\n    label: y\n   when: z\n", "4:4", "thụt lề sai: các mục '- ' của danh sách phải thẳng cột"),
    ("undefined-alias", "a: *nope\n", "1:4", "bí danh *nope chưa được khai báo (cần &nope ở trước)"),
    ("anchor-twice", "a: &x 1\nb: &x 2\nc: *x\n", "2:4", "bí danh &x được khai báo hai lần"),
    ("star-value", "a: * ghi chú\n", "1:5", "sau '*' hoặc '&' phải là tên bí danh; giá trị bắt đầu bằng '*' hoặc '&' cần đặt trong dấu nháy"),
    ("unknown-escape", 'a: "C:\\q"\n', "1:7", "ký tự sau '\\' không hợp lệ trong chuỗi nháy kép (dùng nháy đơn, hoặc viết '\\\\')"),
    ("missing-value", "a: [1, , 2]\n", "1:8", "thiếu giá trị ở đây (thừa dấu ',', hoặc dấu đóng ']' '}' không có dấu mở?)"),
    ("closing-bracket", "a: ]\n", "1:4", "thiếu giá trị ở đây (thừa dấu ',', hoặc dấu đóng ']' '}' không có dấu mở?)"),
    ("at-sign", "a: @x\n", "1:4", "ký tự '@' không được đứng đầu một giá trị; hãy đặt giá trị trong dấu nháy"),
    ("merge-scalar", "a: &x 1\nb:\n  <<: *x\n", "1:4", "'<<' (gộp bảng) cần một bảng hoặc một danh sách bảng"),
    ("block-scalar", "a: |x\n  b\n", "1:5", "sau '|' hoặc '>' chỉ được có '+', '-', một chữ số hoặc chú thích, rồi xuống dòng"),
    ("python-tag", "a: !!python/name:os.system\n", "1:4", "thẻ !!python/name:os.system không được phép (chỉ dùng YAML thuần)"),
    ("custom-tag", "a: !include x.yaml\n", "1:4", "thẻ !include không được phép (chỉ dùng YAML thuần)"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "at", "message"), [c[1:] for c in YAML_CASES], ids=[c[0] for c in YAML_CASES]
)
@pytest.mark.skipif(not hasattr(yaml, "CSafeLoader"), reason="the positions are libyaml's")
def test_yaml_problem_is_worded_by_dvc(tmp_path, text, at, message):
    path = tmp_path / "x.yaml"
    with pytest.raises(ProcedureError) as err:
        load_yaml(path, text)
    assert str(err.value) == f"{path}:{at}: YAML không hợp lệ: {message}"


# What the pure-Python parser finds differently (its own problem, not libyaml's).
PURE_PYTHON = {
    "bad-indent-list": "thụt lề sai: dòng này không thẳng hàng với các khóa cùng cấp ở trên",
}
PURE_CASES = [c for c in YAML_CASES if c[0] not in ("custom-tag", "python-tag")]


@pytest.mark.parametrize(
    ("text", "message"),
    [(c[1], PURE_PYTHON.get(c[0], c[3])) for c in PURE_CASES],
    ids=[c[0] for c in PURE_CASES],
)
def test_the_pure_python_parser_gets_the_same_words(text, message):
    """PyYAML without libyaml words its problems differently: dvc's words are the same."""
    with pytest.raises(yaml.MarkedYAMLError) as err:
        loader = yaml.SafeLoader(text)
        loader.construct_document(loader.get_single_node())
    exc = err.value
    assert (
        yaml_messages.describe(
            exc.problem or "", exc.context or "", text, exc.problem_mark or exc.context_mark
        )
        == message
    )


def test_answers_files_say_it_in_their_own_words(tmp_path):
    answers = tmp_path / "a.yaml"
    answers.write_text("full_name: [Trương Thị\nbirth_date: 21/04/1996\n", encoding="utf-8")
    result = CliRunner().invoke(
        app, ["fill", "single-status", "--answers", str(answers), "--no-input", "--out", str(tmp_path / "o")]
    )  # fmt: skip
    assert result.exit_code == 2
    assert result.stderr == (
        f"dvc: lỗi: {answers}:2:11: tệp câu trả lời không hợp lệ: danh sách '[' chưa đóng: thiếu"
        " ']' (hoặc thiếu ',' giữa hai mục)\n"
    )


def test_yaml_in_english(tmp_path):
    i18n.set_language("en")
    path = tmp_path / "x.yaml"
    with pytest.raises(ProcedureError) as err:
        load_yaml(path, "a:\n\tb: 1\n")
    assert (
        str(err.value)
        == f"{path}:2:1: invalid YAML: a tab is used for indentation; YAML allows only spaces"
    )


@pytest.mark.skipif(not hasattr(yaml, "CSafeLoader"), reason="the pure-Python parser accepts it")
def test_a_problem_not_in_the_table_is_a_generic_message(tmp_path):
    path = tmp_path / "x.yaml"
    with pytest.raises(ProcedureError) as err:
        load_yaml(path, "%FOO\n---\na: 1\n")  # libyaml refuses an unknown directive
    message = str(err.value)
    assert message.startswith(f"{path}:1:5: YAML không hợp lệ: cú pháp YAML sai (")
    assert message.endswith(")")


def test_an_unknown_problem_keeps_the_library_text_only_as_a_detail():
    assert yaml_messages.describe("something new in PyYAML 7") == (
        "cú pháp YAML sai (something new in PyYAML 7)"
    )
    assert yaml_messages.describe("") == "cú pháp YAML sai"


# -- the corpus: no library English reaches the user ------------------------------------------
CORPUS = sorted(
    str(p.relative_to(BAD))
    for p in BAD.rglob("*.yaml")
    if p.name != "expect.yaml" and p.parent.name in ("procedures", "answers")
)


@pytest.mark.parametrize("name", CORPUS)
def test_no_library_english_for_the_corpus(name: str, tmp_path: Path):
    path = BAD / name
    runner = CliRunner()
    out = str(tmp_path / "out")
    said: list[Any] = []
    if name.startswith("procedures/"):
        answers = tmp_path / "answers.yaml"
        answers.write_text("full_name: Nguyễn Văn An\n", encoding="utf-8")
        root = ["--procedures", str(BAD / "procedures")]
        args = ["fill", path.stem, "--answers", str(answers), "--no-input", "--out", out]
        said.append(runner.invoke(app, [*root, *args]))
        said.append(runner.invoke(app, ["check", str(path)]))
    else:
        args = ["fill", "single-status", "--answers", str(path), "--no-input", "--out", out]
        said.append(runner.invoke(app, args))
    for result in said:
        shown = (result.stderr + result.stdout).replace(path.name, "")
        for english in LIBRARY_ENGLISH:
            assert english not in shown, (english, result.output)
