"""Every user-visible text of the bundled procedures is bilingual (``--lang en``).

A missing English label falls back to Vietnamese at run time (``i18n.pick``); for the bundled
procedures that fallback must never be needed. Each procedure is loaded as dvc loads it (shared
questions of ``_common.yaml`` expanded), its pydantic model is walked for every ``Bilingual``
value, and each must have an English text that differs from the Vietnamese one and uses the
same Jinja names (a translated dossier title still shows the same answers). ``_common.yaml`` is
checked on its own too, since a shared question no procedure uses yet is loaded by none.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import DIVORCED, SINGLE, WIDOWED
from jinja2 import nodes
from pydantic import BaseModel

from dvc_cli.catalog import procedures, registry
from dvc_cli.core import checklist, expressions
from dvc_cli.core.engine import Interview
from dvc_cli.core.schema import Bilingual, Document, Question
from dvc_cli.core.validators import parse_date
from dvc_cli.text import fold

BUNDLED = registry.data_dir("procedures")
PROCEDURE_FILES = sorted(p for p in BUNDLED.glob("*.yaml") if not p.name.startswith("_"))

# Texts that are the same in both languages: proper nouns and codes (numbers-only texts are
# allowed by _NUMBERS). Keep this list short; anything else needs a real translation.
SAME_IN_BOTH: frozenset[str] = frozenset()
_NUMBERS = re.compile(r"^[\d\s.,:/()+-]*$")


def _bilinguals(obj: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[str, Bilingual]]:
    """Every Bilingual inside ``obj`` (a pydantic model, list or dict), with its dotted path."""
    if isinstance(obj, Bilingual):
        yield ".".join(str(p) for p in path), obj
    elif isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            yield from _bilinguals(getattr(obj, name), (*path, name))
    elif isinstance(obj, (list, tuple)):
        for i, item in enumerate(obj):
            yield from _bilinguals(item, (*path, i))
    elif isinstance(obj, dict):
        for key, value in obj.items():
            yield from _bilinguals(value, (*path, key))


def _names(text: str) -> set[str]:
    """The Jinja names a text uses, with ``labels.x`` spelled out (``labels`` alone says little)."""
    if "{" not in text:
        return set()
    names = expressions.names_in(text, template=True)
    tree = expressions.environment().parse(text)
    for node in tree.find_all(nodes.Getattr):
        if isinstance(node.node, nodes.Name) and node.node.name == "labels":
            names.add(f"labels.{node.attr}")
    return names


def _problems(where: str, found: Iterator[tuple[str, Bilingual]]) -> list[str]:
    problems = []
    for path, text in found:
        at = f"{where}: {path}"
        en = (text.en or "").strip()
        if not en:
            problems.append(f"{at}: no English text for {text.vi!r}")
            continue
        if en == text.vi.strip() and en not in SAME_IN_BOTH and not _NUMBERS.match(en):
            problems.append(f"{at}: English same as Vietnamese: {en!r}")
        error = expressions.syntax_error(en, template=True)
        if error:
            problems.append(f"{at}: English text is not a valid template: {error}")
            continue
        vi_names, en_names = _names(text.vi), _names(en)
        if vi_names != en_names:
            problems.append(
                f"{at}: Jinja names differ: vi {sorted(vi_names)}, en {sorted(en_names)}"
            )
    return problems


def test_there_are_bundled_procedures():
    assert len(PROCEDURE_FILES) >= 6
    assert (BUNDLED / procedures.COMMON_FILE).is_file()


@pytest.mark.parametrize("path", PROCEDURE_FILES, ids=lambda p: p.stem)
def test_every_label_has_an_english_translation(path: Path):
    loaded = procedures.load_file(path)
    found = list(_bilinguals(loaded.model))
    assert len(found) > 10  # the walk reached the steps, not only the header
    problems = _problems(path.name, iter(found))
    assert not problems, "\n".join(problems)


def test_shared_questions_have_english_translations():
    shared = procedures.common_questions(BUNDLED)
    assert shared
    found: list[tuple[str, Bilingual]] = []
    for qid, definition in shared.items():
        question = Question.model_validate({"id": qid, **definition})
        found += [(f"{qid}.{p}", b) for p, b in _bilinguals(question)]
    problems = _problems(procedures.COMMON_FILE, iter(found))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", PROCEDURE_FILES, ids=lambda p: p.stem)
def test_english_choice_names_do_not_collide(path: Path):
    """Answers match a choice by value, Vietnamese or English label, or alias (first match
    wins): an English label or alias must not name two choices of one question."""
    problems = []
    for q in procedures.load_file(path).ordered():
        owner: dict[str, str] = {}
        for choice in q.choices or []:
            names = {choice.value, choice.label.vi, choice.label.en or "", *choice.aliases}
            for key in {fold(n) for n in names if n}:
                if owner.setdefault(key, choice.value) != choice.value:
                    problems.append(
                        f"{q.id}: {key!r} names both {owner[key]!r} and {choice.value!r}"
                    )
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    "path", [*PROCEDURE_FILES, BUNDLED / procedures.COMMON_FILE], ids=lambda p: p.name
)
def test_files_parse_without_libyaml(path: Path):
    """English questions end in '?': unquoted inside ``{vi: ..., en: ...}`` only libyaml accepts
    it, and dvc falls back to PyYAML's pure-Python loader when libyaml is missing."""
    text = path.read_text(encoding="utf-8")
    fast = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    assert yaml.load(text, Loader=yaml.SafeLoader) == yaml.load(text, Loader=fast)


def test_the_check_finds_what_is_missing():
    """The walk and the checks above do catch a missing, copied or mistemplated English text."""
    doc = Document.model_validate(
        {
            "id": "x",
            "kind": "present",
            "title": {"vi": "Thẻ căn cước của {{ full_name }}", "en": "Your identity card"},
            "note": "Xuất trình để đối chiếu",
        }
    )
    problems = _problems("demo", _bilinguals(doc))
    assert any("title: Jinja names differ" in p for p in problems)
    assert any("note: no English text" in p for p in problems)
    copied = Bilingual(vi="Giấy khai sinh", en="Giấy khai sinh")
    assert _problems("demo", iter([("t", copied)]))
    labels = Bilingual(vi="{{ labels.gender }}", en="{{ labels.id_type }}")
    assert _problems("demo", iter([("t", labels)]))
    assert not _problems("demo", iter([("t", Bilingual(vi="03", en="03"))]))


def _people() -> list[tuple[str, str, dict[str, Any], str | None]]:
    """(name, procedure id, answers, today) for every fixture person and example."""
    root = Path(__file__).parents[2]
    people = [
        ("single", "single-status", SINGLE, None),
        ("divorced", "single-status", DIVORCED, None),
        ("widowed", "single-status", WIDOWED, None),
    ]
    files = sorted((root / "tests" / "fixtures").glob("*/*.yaml"))
    files += sorted((root / "examples").glob("*.yaml"))
    for file in files:
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
        people.append((file.stem, data["procedure"], data["answers"], data.get("today")))
    return people


@pytest.mark.parametrize(
    ("procedure_id", "answers", "today"),
    [
        pytest.param(pid, answers, today, id=f"{pid}-{name}")
        for name, pid, answers, today in _people()
    ],
)
def test_english_checklist_texts_render(procedure_id: str, answers: dict[str, Any], today):
    """The English dossier and visit texts render for real answers, as the Vietnamese ones do:
    same emptiness, no template left over."""
    proc = procedures.load(procedure_id)
    interview = Interview(proc, answers, today=parse_date(today) if today else None)
    interview.apply_defaults()  # as ``dvc fill --no-input`` does
    assert not interview.problems()
    ctx = interview.context()
    texts: list[tuple[Bilingual, dict[str, Any]]] = []
    for item in [*proc.model.dossier, *proc.model.visits]:
        if expressions.holds(item.when, ctx, procedure_id):
            # an entry per item of a list (for_each): rendered with that item's answers
            for scope in checklist.entry_scopes(getattr(item, "for_each", None), ctx):
                texts += [(t, scope) for t in (item.title, item.note) if t is not None]
    assert texts
    for text, scope in texts:
        vi, en = expressions.render(text.vi, scope), expressions.render(text.en or "", scope)
        assert bool(en) == bool(vi), (text.vi, vi, en)
        assert "{" not in en and "}" not in en, en
