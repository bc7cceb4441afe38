"""The answers file's YAML: written directly where that gives yaml.dump's exact bytes, else
libyaml's fast dumper where it writes PyYAML's exact bytes, the pure-Python one otherwise — the
same file every way."""

from __future__ import annotations

import datetime as dt
import random
import string
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from dvc_cli.catalog import procedures
from dvc_cli.catalog.registry import data_dir
from dvc_cli.core.engine import Interview
from dvc_cli.store import answers_file

pytestmark = pytest.mark.skipif(
    not getattr(yaml, "__with_libyaml__", False), reason="PyYAML built without libyaml"
)

LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxyÀÁẢÃẠẰẮẦẤẬàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợ"
LETTERS += "ùúủũụừứửữựỳýỷỹỵĐ     "
PUNCT = " :#-'\",[]{}&*!|>%@`?0123456789/.\\\u00a0\u200b\u3000"
AWKWARD = ["\n", "\t", "\x07", "\x85", "\u2028", "\u2029", "\ufeff", "😀", "\x7f"]
WORDS = ["yes", "no", "null", "~", "1.5", "012", "2024-01-01", "- a", "? a", ":", " a", "a ", "<<"]


def _both(data: dict) -> tuple[str, str]:
    def dump(dumper: type) -> str:
        return yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False, width=100)

    return dump(yaml.SafeDumper), dump(yaml.CSafeDumper)


def _answers(value: str) -> dict:
    return answers_file.body("single-status", {"full_name": value, "n": 1, "x": None, "b": True})


def test_c_dumper_writes_pythons_bytes_for_every_string_it_is_given():
    rng = random.Random(17)
    checked = 0
    for _ in range(4000):
        text = "".join(rng.choice(LETTERS + PUNCT) for _ in range(rng.randrange(0, 220)))
        if rng.random() < 0.2:
            text = rng.choice(WORDS) + text[:4]
        data = _answers(text)
        if answers_file._c_safe(data):
            checked += 1
            python, c = _both(data)
            assert python == c, text
    assert checked > 2000


@pytest.mark.parametrize("odd", AWKWARD)
def test_strings_the_c_dumper_words_differently_go_to_the_python_dumper(odd):
    data = _answers(f"Nguyễn Thị{odd}Dung")
    assert not answers_file._c_safe(data)
    python, _c = _both(data)
    assert answers_file.to_yaml(data) == python


def test_a_very_long_answer_goes_to_the_python_dumper():
    data = _answers("Số 12 đường Lê Lợi " * 12)
    assert not answers_file._c_safe(data)
    assert answers_file.to_yaml(data) == _both(data)[0]


def test_an_answers_file_is_the_same_with_or_without_libyaml(monkeypatch):
    answers = {
        "full_name": "Trương Thị Ánh Tuyết",
        "birth_date": "02/09/1985",
        "id_number": "001185012345",
        "residence_address": "Số 12 đường Lê Lợi, Phường Hạc Thành, tỉnh Thanh Hóa",
        "copies": 2,
        "had_other_residence": False,
        "purpose_detail": None,
    }
    fast = answers_file.dump("single-status", answers)
    data = answers_file.body("single-status", answers)
    assert answers_file._c_safe(data)
    assert answers_file._dumped(data) == answers_file._written(data)
    monkeypatch.setattr(answers_file, "_C_DUMPER", None)
    monkeypatch.setattr(answers_file, "_written", lambda data: None)
    assert answers_file.dump("single-status", answers) == fast
    assert "full_name: Trương Thị Ánh Tuyết\n" in fast
    assert "copies: 2\n" in fast


def test_the_nodes_made_without_the_representer_write_yamls_bytes():
    # to_yaml builds the representer's nodes itself and hands them to libyaml (a batch row's
    # answers file in a third of the time): the same bytes as yaml.dump's, lists, items,
    # numbers, booleans, nulls, empty ones and strings YAML would read as something else.
    rng = random.Random(5)
    for _ in range(600):
        text = "".join(rng.choice(LETTERS + PUNCT) for _ in range(rng.randrange(0, 120)))
        if rng.random() < 0.3:
            text = rng.choice(WORDS) + text[:4]
        item = {"from": "01/2020", "place": text, "count": rng.randrange(-5, 99), "ok": False}
        answers = {"full_name": text, "n": rng.randrange(10**6), "x": None, "b": True}
        answers.update(items=[item, dict(item, place="Xã Văn Lăng")], none=[], empty={})
        answers["pair"] = ("Nguyễn Thị Dung", 2)
        data = answers_file.body("single-status", answers)
        assert answers_file._dumped(data) == _both(data)[0], text
    shared = {"place": "Phường Hạc Thành"}  # the same dict twice: yaml.dump writes an alias
    data = answers_file.body("single-status", {"a": [shared, shared]})
    assert answers_file._node(data, set()) is None
    assert answers_file._written(data) is None
    assert answers_file.to_yaml(data) == _both(data)[0]
    assert "&id001" in answers_file.to_yaml(data)


# -- written directly ----------------------------------------------------------------------------
# _written writes the common answers file itself (a tenth of libyaml's time): the same bytes as
# yaml.dump, or None (then yaml writes the whole file). Ordinary answers must take it.


def _python(data: dict) -> str:
    return yaml.dump(data, Dumper=yaml.SafeDumper, **DUMP)


DUMP = {"allow_unicode": True, "sort_keys": False, "width": 100, "default_flow_style": False}
NAMES = ["Nguyễn Thị Dung", "Trương Thị Ánh Tuyết", "Lê Minh Ánh Tuyết", "Hồ Quốc Trường", "Kinh"]
PLACES = [
    "Việt Nam",
    "Số 12 đường Lê Lợi, Phường Hạc Thành, tỉnh Thanh Hóa",
    "Phường Trường Thi, thành phố Thanh Hóa, tỉnh Thanh Hóa (cũ)",
    "Tòa án nhân dân khu vực 1",
    "285/1995/QĐST-HNGĐ",
    "Bộ Công an",
]
# Plain to the emitter but read back as something else (quoted), or indicators, leading or
# trailing spaces (single-quoted), all still written directly; and their near misses (plain).
READ_AS_OTHER = ["yes", "No", "on", "OFF", "null", "Null", "~", "true", "False", "012", "0777"]
READ_AS_OTHER += ["0x1F", "0b101", "1_000", "1.5", ".5", "-1", "+1", "1.0e+5", "12:30", "<<"]
READ_AS_OTHER += [
    "190:20:30",
    ".inf",
    ".NaN",
    "=",
    "2026-01-01",
    "2001-12-14t21:59:43Z",
    "2026-1-1 1:02:03",
]
INDICATED = [" a", "a ", "- a", "-", "? a", "?", ":", "a:", "a: b", "#1", "a #1", "---", "..."]
INDICATED += ["--- a", "'", "'a'", '"a"', "@a", "`a`", "%", "!a", "&a", "*a", "|", ">", "[a]"]
INDICATED += ["]", "{a}", "}", ",", "", " ", "  ", "Nguyễn Thị Dung ", " Trương Thị Ánh Tuyết"]
NEAR_MISSES = ["y", "n", "0o12", "1e5", "077194471325", "001185012345", "Yes.", "nulls", "-a"]
NEAR_MISSES += ["?a", ":a", "a:b", "a#1", "a, b", "a'b", "a - b", "a ? b", "a]", "1:2:3a", "--"]
NEAR_MISSES += [
    "2026-1-1",
    "13/06/1994",
    "2026-01-01x",
    "Số 12, ngõ 3/5 (cũ)",
    "100%",
    "a@b",
    "a|b",
    "a!",
]
# What _written leaves to yaml: control characters, line breaks, a BOM, beyond U+FFFF.
AWKWARD_TEXT = ["\n", "\r", "\t", "\x00", "\x07", "\x1b", "\x7f", "\x85", "\u2028", "\u2029"]
AWKWARD_TEXT += ["\ufeff", "😀", "\U0001f1fb\U0001f1f3", "\ufffe", "\uffff"]
OTHER_TEXT = [
    "\ud7ff",
    "\ue000",
    "\ufffd",
    "\xa0",
    "\u200b",
    "\u3000",
    "e\u0301",
    "a\xa0",
    "\xa0#",
    "Ω",
    "ß",
    "…",
]
KEYS = ["full_name", "birth_date", "id_number", "from", "to", "place", "members", "relation"]


def _date(day: int, month: int, year: int) -> str:
    return f"{day:02d}/{month:02d}/{year}"


ORDINARY_TEXT = st.one_of(
    st.sampled_from(NAMES + PLACES + READ_AS_OTHER + INDICATED + NEAR_MISSES + OTHER_TEXT),
    st.builds(_date, st.integers(1, 31), st.integers(1, 12), st.integers(1900, 2100)),
    st.builds(lambda n: f"{n:012d}", st.integers(0, 10**12 - 1)),  # ID numbers, leading zeros
    st.text(LETTERS + PUNCT, max_size=40),
)
# Text joined from the above and the awkward characters, and long texts of words (90-120
# characters, spaces in them: yaml folds a line past the width of 100).
PIECE = st.one_of(ORDINARY_TEXT, st.sampled_from(AWKWARD_TEXT))
TEXT = st.one_of(
    ORDINARY_TEXT,
    ORDINARY_TEXT,  # twice as likely: a whole file of them is written directly
    st.lists(PIECE, max_size=5).map("".join),
    st.lists(PIECE, max_size=5).map(" ".join),
    st.builds(
        lambda words, n: " ".join(words)[:n],
        st.lists(st.sampled_from(NAMES + PLACES + INDICATED), min_size=12, max_size=14),
        st.integers(88, 121),
    ),
)


def _answers_shaped(text: st.SearchStrategy, key: st.SearchStrategy) -> st.SearchStrategy:
    scalar = st.one_of(text, st.integers(-(10**15), 10**15), st.booleans(), st.none())
    item = st.dictionaries(key, scalar, max_size=4)
    value = st.one_of(
        scalar,
        st.lists(item, max_size=3),  # a list question's items: household members, places
        st.lists(scalar, max_size=3),
        st.dictionaries(key, st.one_of(scalar, st.lists(item, max_size=2), item), max_size=3),
    )
    return st.dictionaries(key, value, max_size=8).map(
        lambda answers: answers_file.body("single-status", answers)
    )


ORDINARY = _answers_shaped(ORDINARY_TEXT, st.sampled_from(KEYS) | st.sampled_from(NAMES))
ANY = _answers_shaped(TEXT, st.sampled_from(KEYS) | st.sampled_from(KEYS) | TEXT | st.none())
PRINTABLE = set(LETTERS + PUNCT + string.ascii_letters + string.digits + string.punctuation)
PRINTABLE.update(*NAMES, *PLACES, *READ_AS_OTHER, *INDICATED, *NEAR_MISSES, *OTHER_TEXT)


def _ordinary(data) -> bool:
    """Whether ``data`` should be written directly: printable strings, keys that are not empty
    (keys and values of 42 characters at most once quoted, ~10 of indent: a line cannot reach
    the width)."""
    if isinstance(data, str):
        return set(data) <= PRINTABLE and len(data) + data.count("'") <= 40
    if isinstance(data, dict):
        return all(isinstance(k, str) and k and _ordinary(k) for k in data) and all(
            _ordinary(v) for v in data.values()
        )
    if isinstance(data, list):
        return all(_ordinary(v) for v in data)
    return True


@settings(max_examples=400, deadline=None)
@given(ORDINARY)
def test_ordinary_answers_are_written_directly_as_yaml_writes_them(data):
    written = answers_file._written(data)
    assert written is not None
    assert written == _python(data)
    assert answers_file.to_yaml(data) == written


@settings(max_examples=400, deadline=None)
@given(ANY)
def test_any_answers_are_written_as_yaml_writes_them(data):
    python = _python(data)
    assert answers_file.to_yaml(data) == python
    assert answers_file._dumped(data) == python  # and the way taken when not written directly
    if _ordinary(data):
        assert answers_file._written(data) is not None


@pytest.mark.parametrize("odd", AWKWARD_TEXT)
def test_awkward_characters_are_left_to_yaml(odd):
    data = _answers(f"Nguyễn Thị{odd}Dung")
    assert answers_file._written(data) is None
    assert answers_file.to_yaml(data) == _python(data)


@pytest.mark.parametrize("text", READ_AS_OTHER + INDICATED + NEAR_MISSES)
def test_strings_are_quoted_when_yaml_quotes_them(text):
    data = _answers(text)
    written = answers_file._written(data)
    assert written == _python(data)
    line = next(line for line in written.splitlines() if line.startswith("  full_name:"))
    assert (line == f"  full_name: {text}") == (text in NEAR_MISSES)
    if text not in NEAR_MISSES:
        assert line == "  full_name: '" + text.replace("'", "''") + "'"


def test_a_line_is_written_directly_up_to_the_width_and_by_yaml_past_it():
    head = "  full_name: "
    for length in (99, 100, 101, 102, 103, 130):
        text = "Đ" * (length - len(head) - 2) + " b"  # yaml folds at that space past column 100
        data = _answers(text)
        python = _python(data)
        assert answers_file.to_yaml(data) == python
        assert (answers_file._written(data) is not None) == (length <= 100), length
        assert (head + text in python.splitlines()) == (length <= 102), length


def test_the_same_list_twice_and_odd_keys_are_left_to_yaml():
    places, none = [{"place": "Phường Hạc Thành"}], []
    for answers in (
        {"a": places, "b": places},
        {"a": none, "b": [None], "c": {}, "d": none},  # the same empty list twice: an alias too
        {1: "Nguyễn Thị Dung"},
        {"": "Nguyễn Thị Dung"},
        {"members": [{("a", "b"): 1}]},
        {"when": dt.date(2026, 1, 1)},
        {"ratio": 1.5},
        {"pair": ("Nguyễn Thị Dung", 2)},
    ):
        data = answers_file.body("single-status", answers)
        assert answers_file._written(data) is None, answers
        assert answers_file.to_yaml(data) == _python(data)
    empty = {"a": [], "b": [], "c": {}, "d": {}}  # distinct empty ones: no alias
    assert answers_file._written(answers_file.body("x", empty)) is not None


def test_the_kept_forms_stay_bounded():
    for n in range(5000):
        answers_file._form(f"Nguyễn Thị Dung {n}")
    assert 0 < len(answers_file._FORMS) <= 4096
    assert answers_file._form("Nguyễn Thị Dung 4999") == "Nguyễn Thị Dung 4999"


@pytest.mark.parametrize("example", sorted(data_dir("examples").glob("*.yaml")), ids=str)
def test_the_bundled_examples_answers_files_are_written_directly(example: Path):
    pid = yaml.safe_load(example.read_text(encoding="utf-8"))["procedure"]
    read = answers_file.read(example, pid)
    interview = Interview(procedures.load(pid), read, today=dt.date(2026, 11, 23))
    interview.apply_defaults()
    for answers in (read, interview.export()):
        data = answers_file.body(pid, answers)
        written = answers_file._written(data)
        assert written is not None
        assert written == _python(data)
        assert answers_file.dump(pid, answers).endswith(written)
        assert yaml.safe_load(written)["answers"] == answers
