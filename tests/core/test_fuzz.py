"""Property-based tests: whatever comes in, dvc answers with a value or its own error.

Validators take any text (control characters, combining marks, huge strings) or YAML value
and give a value or an AnswerError; the loaders take any text or bytes as a procedure or an
answers file and give a result or a DvcError; a real procedure with a key dropped or a value
of the wrong type loads or gives a ProcedureError, and runs or gives a DvcError.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import PROCEDURE_HEAD, SINGLE
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dvc_cli.catalog import procedures
from dvc_cli.catalog.registry import data_dir
from dvc_cli.catalog.yamlsource import load_yaml
from dvc_cli.core import answer_types, checklist, validators
from dvc_cli.core.engine import Interview
from dvc_cli.core.procedure import LoadedProcedure
from dvc_cli.core.schema import Question
from dvc_cli.core.vn import admin_map, citizen_id
from dvc_cli.errors import AnswerError, DvcError, ProcedureError
from dvc_cli.privacy import mask_id
from dvc_cli.render import output
from dvc_cli.store import answers_file

FAST = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
SLOW = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
TODAY = dt.date(2025, 9, 1)

# -- strategies ----------------------------------------------------------------------------------
# Any character (control characters, combining marks, Chinese, emoji), surrogates excepted.
ANY_CHAR = st.characters(blacklist_categories=("Cs",))
SHORT_TEXT = st.text(ANY_CHAR, max_size=40)
HUGE_TEXT = st.builds(
    lambda s, n: s * n, st.text(ANY_CHAR, min_size=1, max_size=4), st.integers(1000, 5000)
)
NEAR_MISS = st.sampled_from(
    [
        "038196004521", "0381 9600 4521", "038.196.004.521", "١٢٣٤٥٦٧٨٩٠١٢", "０３８１９６００４５２１",
        "21/04/1996", "31/02/2020", "0/0/0000", "29-02-2024", "2024-02-30", "99999/1/1",
        "0912345678", "+84912345678", "84912345678", "0912３４５６７８", "Thanh Hóa", "thanh hoa",
        "TP HCM", "Hạc Thành", "Phường Hạc Thành", "co", "không", "1", "0", "-0", "1_000",
        "9" * 5000, "e\u0301\u0301\u0301", "\x00", "\u200b", "\ufeff", "Nguyễn Văn An",
    ]
)  # fmt: skip
TEXTS = st.one_of(SHORT_TEXT, HUGE_TEXT, NEAR_MISS)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.dates(),
    st.datetimes(),
    TEXTS,
)
RAW = st.one_of(
    SCALARS, st.lists(SCALARS, max_size=3), st.dictionaries(SHORT_TEXT, SCALARS, max_size=3)
)

YAML_BITS = st.sampled_from(
    [
        "schema_version: 1\n", "id: demo\n", "steps:\n", "  - id: one\n", "    questions:\n",
        "      - id: q\n", "        when: ", "{{ ", " }}", "label: x\n", ": ", "- ", "\n", "  ",
        "\t", "[", "]", "{", "}", ",", "&a ", "*a", "<<: *a\n", "!!python/object:os.system ",
        "!!binary ", "!include ", "'", '"', "#", "---\n", "...\n", "? ", "|\n", ">\n",
        "%YAML 1.1\n", "\x00", "\ufeff", "\x85", "2024-02-30", "0x1F", "9" * 50, "~", "null",
        "yes", ".inf", "@", "`", "%", "é", "中", "😀",
    ]
)  # fmt: skip
YAMLISH = st.lists(YAML_BITS, max_size=40).map("".join)


def _question(qtype: str) -> Question:
    extra: dict[str, Any] = {}
    if qtype == "choice":
        extra["choices"] = [
            {"value": "nam", "label": "Nam", "aliases": ["trai"]},
            {"value": "nu", "label": "Nữ"},
        ]
    if qtype == "commune":
        extra["province_question"] = "province"
    if qtype == "citizen_id":
        extra.update(gender_question="gender", birth_date_question="born")
    if qtype == "text":
        extra.update(min_length=2, max_length=200, pattern=r"[^#]*")
    if qtype == "integer":
        extra.update(min=0, max=10)
    if qtype == "date":
        extra.update(min_age=18, max_age=120)
    return Question(id="q", type=qtype, label="Câu hỏi", **extra)


QUESTIONS = {qtype: _question(qtype) for qtype in answer_types.TYPES}
CONTEXT = {"province": "Tỉnh Thanh Hóa", "gender": "nu", "born": dt.date(1996, 4, 21)}


# -- validators ------------------------------------------------------------------------------------
@pytest.mark.parametrize("qtype", sorted(answer_types.TYPES))
@FAST
@given(raw=RAW)
def test_every_validator_gives_a_value_or_an_answer_error(qtype, raw):
    q = QUESTIONS[qtype]
    try:
        value = validators.parse(q, raw, CONTEXT, TODAY)
    except AnswerError as exc:
        assert exc.question == "q"
        assert "\n" not in str(exc)
        return
    validators.display(q, value)
    validators.to_plain(q, value)


@FAST
@given(raw=TEXTS, gender=st.sampled_from([None, "nam", "nu"]), year=st.none() | st.integers())
def test_citizen_id_check_gives_a_message_or_none(raw, gender, year):
    number = citizen_id.normalise(raw)
    message = citizen_id.check(number, gender=gender, birth_year=year)
    if message is not None:
        assert isinstance(message, str) and "\n" not in message
        if len(number) >= 9:
            assert number not in message  # a whole ID number is never echoed
    mask_id(number)


@FAST
@given(raw=st.one_of(TEXTS, st.dates(), st.datetimes(), st.integers(), st.none()))
def test_parse_date_gives_a_date_or_value_error(raw):
    try:
        value = validators.parse_date(raw)
    except ValueError as exc:
        assert len(str(exc)) < 200
        return
    assert isinstance(value, dt.date)


@FAST
@given(text=TEXTS)
def test_place_lookups_give_a_unit_or_lookup_error(text):
    try:
        province = admin_map.find_province(text)
    except admin_map.LookupError_:
        province = admin_map.find_province("Thanh Hóa")
    try:
        admin_map.find_commune(text, province)
    except admin_map.LookupError_:
        pass


# -- loaders ---------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def _load(folder: Path, content: str | bytes) -> LoadedProcedure | None:
    path = folder / "demo.yaml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    try:
        return procedures.load_file(path, data_dir("forms"))
    except ProcedureError as exc:
        assert "\n" not in str(exc)
        return None


@FAST
@given(text=st.one_of(st.text(ANY_CHAR), YAMLISH, st.binary().map(bytes)))
def test_any_procedure_file_loads_or_is_a_procedure_error(folder, text):
    _load(folder, text)


@FAST
@given(text=st.one_of(st.text(ANY_CHAR), YAMLISH, st.binary().map(bytes)))
def test_any_answers_file_reads_or_is_a_dvc_error(folder, text):
    path = folder / "answers.yaml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    try:
        answers = answers_file.read(path, "single-status")
    except DvcError as exc:
        assert "\n" not in str(exc)
        return
    assert isinstance(answers, dict)


YAML_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.dates(), SHORT_TEXT),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(
            st.one_of(
                st.sampled_from(["id", "steps", "questions", "when", "label", "type"]), SHORT_TEXT
            ),
            inner,
            max_size=4,
        ),
    ),
    max_leaves=20,
)


@FAST
@given(data=YAML_VALUES)
def test_any_yaml_value_as_a_procedure_loads_or_is_a_procedure_error(folder, data):
    _load(folder, yaml.safe_dump(data, allow_unicode=True))


@FAST
@given(when=st.one_of(st.text(ANY_CHAR, max_size=60), NEAR_MISS))
def test_any_when_expression_loads_and_runs_or_is_a_procedure_error(folder, when):
    text = (
        PROCEDURE_HEAD
        + "steps:\n  - id: one\n    title: Một\n    questions:\n"
        + "      - id: full_name\n        type: name\n        label: Họ tên\n"
        + "      - id: other\n        label: Khác\n        when: "
        + yaml.safe_dump(when, allow_unicode=True, width=10**6).split("\n...")[0].strip()
        + "\n"
    )
    proc = _load(folder, text)
    if proc is None:
        return
    try:
        Interview(proc, {"full_name": "Nguyễn Văn An"}, today=TODAY).problems()
    except ProcedureError as exc:
        assert "demo.yaml:" in str(exc) and "\n" not in str(exc)


# -- a real procedure, mutated -------------------------------------------------------------------
SINGLE_STATUS = load_yaml(data_dir("procedures") / "single-status.yaml").data


def _paths(node: Any, prefix: tuple = ()) -> list[tuple]:
    out = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            out += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            out += _paths(value, (*prefix, i))
    return out


PATHS = _paths(SINGLE_STATUS)[1:]


@SLOW
@given(
    path=st.sampled_from(PATHS),
    action=st.sampled_from(["drop", "replace"]),
    value=st.one_of(SCALARS, st.just([]), st.just({}), st.just(["x"]), st.just({"vi": "x"})),
)
def test_mutated_real_procedure_loads_and_runs_or_is_a_dvc_error(folder, path, action, value):
    import copy

    data = copy.deepcopy(SINGLE_STATUS)
    parent = data
    for key in path[:-1]:
        parent = parent[key]
    if action == "drop":
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    proc = _load(folder, yaml.safe_dump(data, allow_unicode=True))
    if proc is None:
        return
    try:
        interview = Interview(proc, dict(SINGLE), today=TODAY)
        interview.apply_defaults()
        if interview.problems():
            return
        checklist.build(interview)
        for out in proc.model.outputs:
            output.form_values(interview, out.id)
    except DvcError as exc:
        assert "\n" not in str(exc)


# -- answers, through to the PDF -----------------------------------------------------------------
SINGLE_PROC = procedures.load("single-status")
IDS = [q.id for q in SINGLE_PROC.ordered()]


@SLOW
@given(changes=st.dictionaries(st.sampled_from(IDS), RAW, min_size=1, max_size=3))
def test_any_answers_render_or_are_reported(changes):
    interview = Interview(SINGLE_PROC, {**SINGLE, **changes}, today=TODAY)
    interview.apply_defaults()
    try:
        output.render(interview)
    except DvcError as exc:
        assert exc.exit_code == 1  # the person's answers, never the procedure's fault
