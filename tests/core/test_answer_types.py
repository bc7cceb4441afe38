"""The answer types' registry: one entry per schema type, each with all its behaviour, and the
round trips a value makes through the review screen, answers files, spreadsheets and the
csv-template."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path
from typing import Any, get_args

import pytest

from dvc_cli.core import answer_types
from dvc_cli.core.answer_types import TYPES, AnswerType, Option
from dvc_cli.core.schema import Question, QuestionType
from dvc_cli.errors import AnswerError

TODAY = dt.date(2026, 11, 23)
# What the answers before these questions say (citizen_id checks gender and birth year).
CONTEXT = {"gender": "nu", "born": dt.date(1996, 4, 21), "province": "Thanh Hóa"}
CHOICES = [
    {"value": "chua_ket_hon", "label": {"vi": "Chưa kết hôn", "en": "Never married"}},
    {"value": "ly_hon", "label": "Đã ly hôn", "aliases": ["ly di"]},
]


def _question(qtype: str, **extra: Any) -> Question:
    if qtype == "choice":
        extra.setdefault("choices", CHOICES)
    if qtype == "commune":
        extra.setdefault("province_question", "province")
    if qtype == "citizen_id":
        extra.update(gender_question="gender", birth_date_question="born")
    return Question(id="q", type=qtype, label="Câu hỏi", **extra)


# type → (what a person types, the typed value, how the review screen and forms show it)
VALUES: dict[str, tuple[Any, Any, str]] = {
    "text": ("  Số 27 phố   Lê Hoàn ", "Số 27 phố Lê Hoàn", "Số 27 phố Lê Hoàn"),
    "name": ("Nguyễn Thị Dung", "Nguyễn Thị Dung", "Nguyễn Thị Dung"),
    "date": ("21/4/1996", dt.date(1996, 4, 21), "21/04/1996"),
    "choice": ("da ly hon", "ly_hon", "Đã ly hôn"),
    "boolean": ("có", True, "Có"),
    "integer": (" 2 ", 2, "2"),
    "citizen_id": ("038 196 004 521", "038196004521", "038196004521"),
    "phone": ("+84 912 345 678", "0912345678", "0912345678"),
    "province": ("thanh hoa", "Tỉnh Thanh Hóa", "Tỉnh Thanh Hóa"),
    "commune": ("hac thanh", "Phường Hạc Thành", "Phường Hạc Thành"),
    # as named at the time, whatever the table says: only the whitespace is tidied
    "past_place": (
        " Phường Trường Thi,  thành phố Thanh Hóa, tỉnh Thanh Hóa ",
        "Phường Trường Thi, thành phố Thanh Hóa, tỉnh Thanh Hóa",
        "Phường Trường Thi, thành phố Thanh Hóa, tỉnh Thanh Hóa",
    ),
}


def _parse(qtype: str, raw: Any) -> Any:
    return answer_types.parse(_question(qtype), raw, CONTEXT, TODAY)


# -- the registry -----------------------------------------------------------------------------
def test_every_schema_type_has_one_entry_in_the_same_order():
    assert tuple(TYPES) == get_args(QuestionType)
    assert all(t.name == name for name, t in TYPES.items())
    assert set(VALUES) == set(TYPES)  # this file covers every type


@pytest.mark.parametrize("qtype", list(TYPES))
def test_every_type_has_every_behaviour(qtype):
    t = TYPES[qtype]
    assert isinstance(t, AnswerType)
    for name in ("parse", "display", "to_plain", "from_cell", "example", "option_for"):
        assert callable(getattr(t, name)), name
    assert isinstance(t.typed_default, bool) and isinstance(t.labelled, bool)
    assert isinstance(t.converts, bool)
    assert t.note is None or callable(t.note)
    assert t.doubt is None or callable(t.doubt)
    assert t.options is None or callable(t.options)
    assert t.suggestions is None or callable(t.suggestions)
    assert answer_types.of(_question(qtype)) is t


def test_which_types_are_checked_labelled_picked_and_completed():
    assert {n for n, t in TYPES.items() if t.typed_default} == {
        "date",
        "choice",
        "boolean",
        "integer",
    }
    assert {n for n, t in TYPES.items() if t.labelled} == {"choice"}
    assert {n for n, t in TYPES.items() if t.options} == {"choice", "boolean"}
    assert {n for n, t in TYPES.items() if t.suggestions} == {"province", "commune"}
    # a note that means the stored name is today's, not the one typed (a batch says where)
    assert {n for n, t in TYPES.items() if t.converts} == {"province", "commune"}
    assert {n for n, t in TYPES.items() if t.note} == {"province", "commune", "past_place"}
    assert {n for n, t in TYPES.items() if t.doubt} == {"name"}


def test_core_imports_no_terminal_library():
    """The registry says how a type is asked; only the CLI layer draws it."""
    core = Path(answer_types.__file__).resolve().parents[1]
    for path in core.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                top = name.split(".")[0]
                assert top not in {"questionary", "prompt_toolkit", "rich", "typer"}, path


# -- round trips --------------------------------------------------------------------------------
@pytest.mark.parametrize("qtype", list(TYPES))
def test_parse_display_and_plain(qtype):
    typed, value, shown = VALUES[qtype]
    q = _question(qtype)
    assert _parse(qtype, typed) == value
    assert answer_types.display(q, value) == shown
    assert _parse(qtype, answer_types.to_plain(q, value)) == value  # answers files
    assert _parse(qtype, value) == value  # a typed value is a valid answer again


@pytest.mark.parametrize("qtype", list(TYPES))
def test_csv_template_value_read_back_from_its_cell(qtype):
    """The template prints the display form; a desk fills cells like it; batch reads them."""
    _typed, value, shown = VALUES[qtype]
    q = _question(qtype)
    cell = answer_types.from_cell(q, f" {shown} ")
    assert _parse(qtype, cell) == value


@pytest.mark.parametrize(
    ("qtype", "cell", "answer"),
    [
        ("date", dt.datetime(1996, 4, 21, 0, 0), dt.date(1996, 4, 21)),
        ("date", dt.date(1996, 4, 21), dt.date(1996, 4, 21)),
        ("text", dt.datetime(2020, 3, 5), "05/03/2020"),
        ("citizen_id", 38196004521, "038196004521"),  # Excel dropped the leading 0
        ("citizen_id", 38196004521.0, "038196004521"),
        ("citizen_id", 1190012345, "001190012345"),
        ("citizen_id", 123456789, "123456789"),  # an old 9-digit card: left as it is
        ("phone", 912345678, "0912345678"),
        ("phone", 912345678.0, "0912345678"),
        ("integer", 2.0, 2),
        ("integer", 3, 3),
        ("integer", 2.5, "2.5"),
        ("integer", True, "Có"),
        ("boolean", True, True),
        ("boolean", False, False),
        ("boolean", 1, "1"),
        ("text", True, "Có"),
        ("choice", False, "Không"),
        ("name", "  Nguyễn Thị Dung  ", "Nguyễn Thị Dung"),
        ("province", "   ", None),
        ("commune", None, None),
        ("past_place", "  ", None),
        ("past_place", 2014, "2014"),  # a number is a place's text as any other cell
        ("text", 7.0, "7"),
    ],
)
def test_spreadsheet_cells_are_repaired_by_type(qtype, cell, answer):
    got = answer_types.from_cell(_question(qtype), cell)
    assert got == answer and type(got) is type(answer)


@pytest.mark.parametrize(
    ("qtype", "cell"),
    [
        ("date", dt.datetime(1996, 4, 21, 8, 30)),
        ("citizen_id", 38196004521),
        ("phone", 912345678),
        ("integer", 2.0),
        ("boolean", True),
    ],
)
def test_repaired_cells_parse_to_the_typed_value(qtype, cell):
    _typed, value, _shown = VALUES[qtype]
    assert _parse(qtype, answer_types.from_cell(_question(qtype), cell)) == value


def test_examples_the_types_make_up_are_valid_answers():
    assert answer_types.example(_question("choice")) == "chua_ket_hon"
    assert answer_types.example(_question("boolean")) is False
    assert answer_types.example(_question("integer")) == 0
    assert answer_types.example(_question("integer", min=1)) == 1
    for qtype in TYPES:
        q = _question(qtype)
        made_up = answer_types.example(q)
        if made_up is None:
            assert qtype not in {"choice", "boolean", "integer"}
            continue
        assert answer_types.parse(q, answer_types.display(q, made_up), CONTEXT, TODAY) == made_up


def test_blank_is_no_answer_for_every_type():
    for qtype in TYPES:
        q = _question(qtype)
        assert answer_types.parse(q, "  ", CONTEXT, TODAY) is None
        assert answer_types.display(q, None) == "—"
        assert answer_types.to_plain(q, None) is None


def test_refusals_name_the_question():
    for qtype, raw in [("name", "Dung 2"), ("date", "31/02/1996"), ("phone", "0112345678")]:
        with pytest.raises(AnswerError) as caught:
            _parse(qtype, raw)
        assert caught.value.question == "q"


# -- how a type is asked (UI-neutral) -------------------------------------------------------------
def test_options_and_the_current_one():
    yes_no = TYPES["boolean"]
    assert yes_no.options is not None
    assert yes_no.options(_question("boolean")) == [Option(True, "Có"), Option(False, "Không")]
    assert yes_no.option_for(_question("boolean"), None) is False
    choice = TYPES["choice"]
    q = _question("choice")
    assert choice.options is not None
    assert [o.value for o in choice.options(q)] == ["chua_ket_hon", "ly_hon"]
    assert choice.option_for(q, "Đã ly hôn") == "ly_hon"
    assert choice.option_for(q, None) is None


def test_suggestions_while_typing():
    province, commune = TYPES["province"], TYPES["commune"]
    assert province.suggestions is not None and commune.suggestions is not None
    provinces = list(province.suggestions(_question("province"), {}))
    assert "Tỉnh Thanh Hóa" in provinces
    assert "Tỉnh Hà Giang (cũ) → Tỉnh Tuyên Quang" in provinces  # merged: offered with its new name
    assert "Tỉnh Thanh Hóa (cũ) → Tỉnh Thanh Hóa" not in provinces  # kept its name: once is enough
    assert len(provinces) == 34 + 29
    assert _parse("province", "Tỉnh Hà Giang (cũ) → Tỉnh Tuyên Quang") == "Tỉnh Tuyên Quang"
    q = _question("commune")
    assert commune.suggestions(q, {}) is None  # no province yet
    names = list(commune.suggestions(q, {"province": "Thanh Hóa"}) or [])
    assert "Phường Hạc Thành" in names
    assert "Phường Trường Thi (cũ) → Phường Hạc Thành" in names  # the old name, and where it went
    assert "Phường Trường Thi" not in names  # that one is in Ninh Bình now


def test_labels_in_the_interface_language():
    q = _question("choice")
    assert answer_types.display(q, "chua_ket_hon") == "Chưa kết hôn"
    from dvc_cli import i18n

    before = i18n.language()
    try:
        i18n.set_language("en")
        assert answer_types.display(q, "chua_ket_hon", localised=True) == "Never married"
        assert answer_types.display(_question("boolean"), False, localised=True) == "No"
        assert answer_types.display(_question("boolean"), False) == "Không"
    finally:
        i18n.set_language(before)


def test_invisible_characters_are_named_by_their_code():
    """A zero-width space pasted from a web page is refused, named by its code (it cannot be
    seen), in a name and in free text alike."""
    import dvc_cli

    proc = dvc_cli.load_procedure("single-status")
    interview = dvc_cli.Interview(
        proc,
        {"full_name": "Nguyễn\u200b Thị Dung", "residence_address": "Số 27\u2060 phố Lê Hoàn"},
    )
    for qid, code in (("full_name", "U+200B"), ("residence_address", "U+2060")):
        error = str(interview.error_for(qid))
        assert f"có ký tự vô hình {code}" in error
        assert "\u200b" not in error and "\u2060" not in error


# -- notes: how an accepted answer was read ---------------------------------------------------
@pytest.mark.parametrize(
    ("qtype", "raw", "says"),
    [
        ("province", "Nam Định", "Tỉnh Nam Định (cũ) → Tỉnh Ninh Bình"),
        ("province", "Thanh Hóa", None),
        ("commune", "P. Trường Thi", "Phường Trường Thi (cũ, TP Thanh Hóa) → Phường Hạc Thành"),
        ("commune", "Hạc Thành", None),
        (
            "past_place",
            "Phường Trường Thi, thành phố Thanh Hóa, tỉnh Thanh Hóa",
            "ghi như đã nhập; hồ sơ của nơi đó nay do Ủy ban nhân dân phường Hạc Thành, tỉnh "
            "Thanh Hóa lưu giữ",
        ),
        (  # split: every candidate, in the province the line names
            "past_place",
            "Phường Đông Thọ, TP Thanh Hóa, Thanh Hóa",
            "ghi như đã nhập; hồ sơ của nơi đó nay do Ủy ban nhân dân phường Hàm Rồng hoặc "
            "phường Hạc Thành, tỉnh Thanh Hóa (tùy địa chỉ cụ thể) lưu giữ",
        ),
        (  # named as it is now: the checklist says the same, nothing to add
            "past_place",
            "Phường Hạc Thành, tỉnh Thanh Hóa",
            None,
        ),
        (
            "past_place",
            "Xã Vĩnh Quang, huyện Vĩnh Lợi, tỉnh Hòa Bình Xanh",
            "không có trong bảng đơn vị hành chính: ghi như đã nhập, nhưng danh sách giấy tờ "
            "không nêu được nơi nay lưu giữ hồ sơ",
        ),
    ],
)
def test_notes_say_what_was_converted_or_where_the_records_are(qtype, raw, says):
    q = _question(qtype)
    value = _parse(qtype, raw)
    note = answer_types.note(q, raw, {**CONTEXT, "province": "Tỉnh Thanh Hóa"}, TODAY)
    if says is None:
        assert note is None
    else:
        assert note is not None and note.startswith(says)
    if qtype == "past_place":
        assert value == raw  # stored as typed, found or not


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ("Phường Trường Thi\u200b, tỉnh Thanh Hóa", "có ký tự vô hình U+200B"),
        ("Phường " + "Trường Thi " * 12, "tối đa 40 ký tự"),
        ("東京都新宿区", "phông chữ của tờ khai không in được ký tự '東'"),
    ],
)
def test_a_past_place_is_checked_as_text(raw, problem):
    with pytest.raises(AnswerError) as caught:
        answer_types.parse(_question("past_place", max_length=40), raw, CONTEXT, TODAY)
    assert problem in caught.value.message


@pytest.mark.parametrize(
    ("place", "lang", "office"),
    [
        (
            "Phường Trường Thi, thành phố Thanh Hóa, tỉnh Thanh Hóa",
            "vi",
            "Ủy ban nhân dân phường Hạc Thành, tỉnh Thanh Hóa",
        ),
        (
            "Thị trấn Sơn Lư, huyện Quan Sơn, tỉnh Thanh Hóa",
            "en",
            "the People's Committee of xã Quan Sơn or xã Tam Lư, tỉnh Thanh Hóa "
            "(depending on the exact address)",
        ),
        ("Quận Shinjuku, Tokyo, Nhật Bản", "vi", ""),
    ],
)
def test_the_records_held_by_filter_names_the_office_for_a_procedure_template(place, lang, office):
    from dvc_cli.core import expressions

    template = "{{ place | records_held_by('" + lang + "') }}"
    assert expressions.syntax_error(template, template=True) is None  # dvc check knows it
    assert expressions.render(template, {"place": place}) == office
    # a question that does not apply (undefined) or left blank names no office
    assert expressions.render("{{ nothing | records_held_by }}", {}) == ""
    assert expressions.render("{{ place | records_held_by }}", {"place": None}) == ""


NO_MARKS = "Tên không có dấu — đúng như trên giấy tờ tùy thân?"


@pytest.mark.parametrize(
    ("raw", "doubted"),
    [
        ("Nguyen Thi Dung", True),
        ("NGUYEN THI DUNG", True),
        ("Le Van Hung", True),  # every word exists unmarked, but Lê and Văn are always marked
        ("Truong Thi Anh Tuyet", True),
        ("Tran Minh", True),
        ("Dang Hoa", True),  # Đặng: Đ typed as D
        ("Mac Dinh Chi", True),  # -c: Mạc
        ("Nguyễn Thị Dung", False),
        ("Nguyễn Thi Dung", False),  # marks on some words: typed with an input method
        ("Phan Thanh Lam", False),  # every word is a name unmarked
        ("Mai Anh", False),
        ("Kim Lan", False),
        ("John Smith", False),  # not Vietnamese syllables
        ("Maria Garcia", False),
        ("Robert Scott", False),
        ("Vincent Van Gogh", False),
        ("H'Hen Nie", False),  # spelled otherwise (Ê Đê)
    ],
)
def test_a_vietnamese_name_without_its_marks_is_doubted(raw, doubted):
    q = _question("name")
    value = _parse("name", raw)
    assert value == raw  # a doubt is not a refusal: kept as typed
    assert answer_types.doubt(q, value) == (NO_MARKS if doubted else None)


def test_the_interview_holds_doubts_like_notes():
    from dvc_cli.catalog import procedures
    from dvc_cli.core.engine import Interview

    proc = procedures.load("single-status")
    interview = Interview(proc, {"full_name": "Nguyen Thi Dung"})
    assert interview.doubt_for("full_name") == NO_MARKS
    assert dict(interview.doubts()) == {"full_name": NO_MARKS}
    interview.answer("full_name", "Nguyễn Thị Dung")
    assert interview.doubt_for("full_name") is None and not interview.doubts()


def test_a_choice_is_matched_by_value_label_or_alias_the_first_choice_winning():
    """match_choice keeps each question's folded names: they must answer as folding every
    name at each match did, the first choice winning a name two choices share."""
    q = _question(
        "choice",
        choices=[
            {"value": "chua_ket_hon", "label": {"vi": "Chưa kết hôn", "en": "Single"}},
            {"value": "doc_than", "label": {"vi": "Độc thân"}, "aliases": ["chưa kết hôn"]},
        ],
    )
    assert answer_types.match_choice(q, "CHUA KET HON") == "chua_ket_hon"  # both have it
    assert answer_types.match_choice(q, "độc  thân") == "doc_than"
    assert answer_types.match_choice(q, "single") == "chua_ket_hon"
    assert answer_types.match_choice(q, "doc than") == "doc_than"
    assert answer_types.match_choice(q, "góa") is None
    other = _question("choice", choices=[{"value": "goa", "label": {"vi": "Góa"}}])
    assert answer_types.match_choice(other, "goa") == "goa"  # its own names, not q's
    assert answer_types.match_choice(q, "goa") is None
