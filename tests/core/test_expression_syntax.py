"""An expression's syntax check parses it without compiling it: it must say what compiling it
(Jinja2's ``compile_expression``, what evaluating does) says, no more and no less."""

from __future__ import annotations

import pytest
from jinja2 import TemplateError

from dvc_cli.core import expressions


def compiled_says(source: str) -> str | None:
    try:
        expressions.environment().compile_expression(source, undefined_to_none=False)
    except TemplateError as exc:
        return " ".join((exc.message or str(exc)).split())
    return None


@pytest.mark.parametrize(
    "source",
    [
        "marital_status == 'doc_than'",
        "full_name | upper | nope",
        "full_name | nope | upper",
        "full_name is nope",
        "(full_name | upper) if age > 18 else (full_name | nope)",
        "full_name | nope if age is nope2 else 1",
        "items | map('upper') | list | nope",
        "a + b | nope + c | nope2",
        "age > 18 }} {{ age",
        "age >",
        "f(a | nope, b=c | nope2)",
    ],
)
def test_parsing_says_what_compiling_says(source):
    assert expressions.syntax_error(source, template=False) == compiled_says(source)


def test_a_good_expression_is_compiled_when_first_evaluated():
    source = "'Nguyễn Thị Dung' if ten == 'dung' else 'Trương Thị Ánh Tuyết'"
    assert expressions.syntax_error(source, template=False) is None
    assert expressions.evaluate(source, {"ten": "dung"}) == "Nguyễn Thị Dung"
    assert expressions.evaluate(source, {"ten": "tuyet"}) == "Trương Thị Ánh Tuyết"


@pytest.mark.parametrize(
    ("source", "template"),
    [
        ("age(birth_date, today) >= (20 if gender == 'nam' else 18)", False),
        ("id_birth_year(requester_id_number) is none or today.year > 1", False),
        ("{{ full_name | upper }} ({{ range(3) | list | length }})", True),
        ("{{ a.b[c] | default(d) }} — {{ [x, y][0] ~ {'k': v}['k'] }}", True),
        ("{{ loop }} {{ caller }} {{ varargs }} {{ kwargs }}", True),
        ("{% if b %}{{ c }}{% endif %}", True),
        ("{% if a %}{{ b }}{% elif c %}{{ loop }}{% else %}{{ range(2) | list }}{% endif %}", True),
        ("x{% if a %}{% if b.c %}{{ d if e else f }}{% endif %}{% else %}{{ g }}{% endif %}", True),
        ("{% if a %}{% for x in b %}{{ x }}{{ c }}{% endfor %}{% endif %}", True),  # x declared
        ("{% set y = b %}{% if a %}{{ y }}{% endif %}", True),
        ("{% for x in items %}{{ x }}{{ y }}{% endfor %}", True),
        ("{% set z = a %}{{ z }}{{ b }}", True),
    ],
)
def test_names_read_are_jinja2s_undeclared_variables(source, template):
    from jinja2 import meta

    tree = expressions.environment().parse(source if template else "{{ " + source + " }}")
    assert expressions.names_in(source, template=template) == meta.find_undeclared_variables(tree)


@pytest.mark.parametrize(
    "source",
    ["a, b", "(a, b)", "a }} b {{ c", "'}}'", "a {# b #}", "x | nope, y", "", "   ", "a\n| upper"],
)
def test_what_parses_as_a_template_but_not_as_one_expression(source):
    assert expressions.syntax_error(source, template=False) == compiled_says(source)


@pytest.mark.parametrize(
    ("source", "context"),
    [
        ("marital_status == 'doc_than'", {"marital_status": "doc_than"}),
        ("age > 18 and full_name | upper == 'DUNG'", {"age": 20, "full_name": "dung"}),
        ("(a | default(3)) * 2", {}),
        ("missing", {}),
        ("items | map('upper') | list", {"items": ["a", "b"]}),
    ],
)
def test_an_expression_from_its_code_is_what_compile_expression_makes(source, context):
    ours = expressions._expression(source)
    jinjas = expressions.environment().compile_expression(source, undefined_to_none=False)
    assert repr(ours(**context)) == repr(jinjas(**context))


@pytest.mark.parametrize("source", ["age >", "age > 18 }} {{ age", "f(", "a b"])
def test_a_broken_expression_is_refused_as_compile_expression_refuses_it(source):
    with pytest.raises(TemplateError) as ours:
        expressions._assigned(source)
    assert compiled_says(source) == " ".join((ours.value.message or str(ours.value)).split())


def test_kept_code_is_used_and_not_compiled_again():
    source = "{{ full_name | upper }} kept"
    code = expressions.environment().compile(source)
    expressions._template.cache_clear()
    expressions._names.cache_clear()
    expressions.use_compiled({(source, True): (code, ("full_name",))})
    try:
        assert expressions.render(source, {"full_name": "Nguyễn Thị Dung"}) == (
            "NGUYỄN THỊ DUNG kept"
        )
        assert expressions.names_in(source, template=True) == {"full_name"}
        assert (source, True) not in expressions._COMPILED
        assert (source, True) not in expressions.compiled()
    finally:
        expressions._KEPT.pop((source, True))
