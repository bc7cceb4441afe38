"""The answers file's YAML: libyaml's fast dumper where it writes PyYAML's exact bytes, the
pure-Python one otherwise — the same file either way."""

from __future__ import annotations

import random

import pytest
import yaml

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
    assert answers_file._c_safe(answers_file.body("single-status", answers))
    monkeypatch.setattr(answers_file, "_C_DUMPER", None)
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
        assert answers_file.to_yaml(data) == _both(data)[0], text
    shared = {"place": "Phường Hạc Thành"}  # the same dict twice: yaml.dump writes an alias
    data = answers_file.body("single-status", {"a": [shared, shared]})
    assert answers_file._node(data, set()) is None
    assert answers_file.to_yaml(data) == _both(data)[0]
    assert "&id001" in answers_file.to_yaml(data)
