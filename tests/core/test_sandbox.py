"""Untrusted procedure files cannot run code: YAML is loaded safely, and every expression and
template runs in Jinja2's sandbox, after a load-time check that names file:line:col.

Each payload below really runs code outside the sandbox (the control tests show it creating
its marker file), so the tests that find no marker after dvc ran it can fail.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import jinja2
import pytest
import yaml
from conftest import PROCEDURE_WITH_NAME
from jinja2.exceptions import SecurityError, TemplateError
from typer.testing import CliRunner

from dvc_cli.catalog import yamlsource
from dvc_cli.cli.main import app
from dvc_cli.core import expressions

BAD = Path(__file__).parents[1] / "bad"
SOURCES = Path(expressions.__file__).parents[1]  # dvc_cli/

# Expressions (for `when` and rule `check`); templates are "{{ expression }}".
ESCAPES = {
    "cycler": "cycler.__init__.__globals__.os.system('touch {marker}')",
    "lipsum": "lipsum.__globals__['os'].system('touch {marker}')",
    "self": "self._TemplateReference__context.cycler.__init__.__globals__.os.system('touch {marker}')",
    "joiner": "joiner.__init__.__globals__.os.system('touch {marker}')",
    "namespace": "namespace.__init__.__globals__.os.system('touch {marker}')",
}
LEAKS = {
    "subclasses": "''.__class__.__mro__[1].__subclasses__()",
    "class": "x.__class__",
    "attr-filter": "x | attr('__class__')",
    "item": "x['__class__']",
}

HEAD = (
    PROCEDURE_WITH_NAME
    + """\
      - id: x
        required: false
        label: Khác
"""
)
# Where a payload goes; {value} is a YAML double-quoted string, the node errors point at.
PLACES = {
    "when": ("      - id: y\n        label: Y\n        when: {value}\n", False),
    "check": ("        rules:\n          - check: {value}\n            message: sai\n", False),
    "computed": ("computed:\n  - id: c\n    value: {value}\n", True),
    "field": (
        "outputs:\n  - id: form\n    file: form.pdf\n    template: one-field.pdf\n"
        "    title: Mẫu\n    fields:\n      name: {value}\n",
        True,
    ),
}


def dvc(*args: str):
    return CliRunner().invoke(app, list(args))


def _position(text: str, needle: str) -> str:
    index = text.index(needle)
    line = text[:index].count("\n") + 1
    return f"{line}:{index - (text.rfind(chr(10), 0, index) + 1) + 1}"


def _procedure(tmp_path: Path, place: str, payload: str) -> tuple[Path, str]:
    folder = tmp_path / "procs"
    (folder / "forms").mkdir(parents=True)
    shutil.copy(BAD / "forms" / "one-field.pdf", folder / "forms")
    body, template = PLACES[place]
    value = '"' + ("{{ " + payload + " }}" if template else payload).replace('"', '\\"') + '"'
    text = HEAD + body.format(value=value)
    (folder / "demo.yaml").write_text(text, encoding="utf-8")
    return folder, _position(text, value)


def _fill(tmp_path: Path, folder: Path):
    answers = tmp_path / "answers.yaml"
    answers.write_text("full_name: Nguyễn Văn An\nx: Trần Thị Bình\n", encoding="utf-8")
    out = tmp_path / "out"
    result = dvc(
        "--procedures", str(folder),
        "fill", "demo", "--answers", str(answers), "--no-input", "--out", str(out),
    )  # fmt: skip
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert not out.exists()
    return result


# -- the payloads are real ---------------------------------------------------------------------
@pytest.mark.parametrize("name", sorted(ESCAPES))
def test_control_payload_runs_code_without_a_sandbox(name, tmp_path):
    marker = tmp_path / "pwned"
    jinja2.Environment().from_string("{{ " + ESCAPES[name].format(marker=marker) + " }}").render()
    assert marker.exists()


def test_control_python_tag_runs_code_with_an_unsafe_loader(tmp_path):
    marker = tmp_path / "pwned"
    yaml.unsafe_load(f"x: !!python/object/apply:os.system ['touch {marker}']")
    assert marker.exists()


# -- refused when the procedure is loaded --------------------------------------------------------
@pytest.mark.parametrize("place", sorted(PLACES))
@pytest.mark.parametrize("name", sorted(ESCAPES) + sorted(LEAKS))
def test_escape_is_refused_at_load_with_file_line_col(name, place, tmp_path):
    marker = tmp_path / "pwned"
    payload = {**ESCAPES, **LEAKS}[name].format(marker=marker)
    folder, at = _procedure(tmp_path, place, payload)
    for result in (_fill(tmp_path, folder), dvc("check", str(folder / "demo.yaml"))):
        assert result.exit_code == 2, result.output
        message = result.stderr + result.stdout  # fill: stderr; check: findings on stdout
        assert f"demo.yaml:{at}: " in message
        assert re.search(r"bị từ chối|không có trong thủ tục", message), message
    assert not marker.exists()


def test_escape_built_at_run_time_is_stopped_by_the_sandbox(tmp_path):
    """Not visible to the load-time check: the sandbox refuses it while rendering."""
    name = "('_' * 2) ~ 'init' ~ ('_' * 2)"
    payload = f"x[('_' * 2) ~ 'class' ~ ('_' * 2)][{name}].mro()"
    folder, at = _procedure(tmp_path, "computed", payload)
    result = _fill(tmp_path, folder)
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert f"demo.yaml:{at}: computed.0.value: lỗi khi tính biểu thức: " in lines[0]
    assert "lỗi khi tính biểu thức: hộp cát không cho dùng thuộc tính '__class__'" in lines[0]


@pytest.mark.parametrize("kind", ["procedure", "answers"])
def test_python_tag_is_refused_with_file_line(kind, tmp_path):
    marker = tmp_path / "pwned"
    tag = f"!!python/object/apply:os.system ['touch {marker}']"
    if kind == "procedure":
        folder, _ = _procedure(tmp_path, "computed", "full_name")
        path = folder / "demo.yaml"
        path.write_text(HEAD + f"notes:\n  - {tag}\n", encoding="utf-8")
        result = _fill(tmp_path, folder)
        at = f"{HEAD.count(chr(10)) + 2}:5"
    else:
        path = tmp_path / "answers.yaml"
        path.write_text(f"full_name: Nguyễn Văn An\ncopies: {tag}\n", encoding="utf-8")
        result = dvc("fill", "single-status", "--answers", str(path), "--no-input")
        at = "2:9"
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert f"{path.name}:{at}: " in result.stderr
    assert "thẻ !!python/object/apply:os.system không được phép" in result.stderr
    assert not marker.exists()


# -- the sandbox itself (what the load-time check would have refused) ------------------------------
def _sample_function() -> None:  # pragma: no cover - only its __globals__ are reached for
    pass


@pytest.mark.parametrize("name", sorted(ESCAPES) + sorted(LEAKS))
def test_sandbox_refuses_payloads_run_directly(name, tmp_path):
    marker = tmp_path / "pwned"
    source = {**ESCAPES, **LEAKS}[name].format(marker=marker)
    try:
        shown = expressions.render("{{ " + source + " }}", {"x": "chuỗi"})
    except TemplateError:  # SecurityError, or UndefinedError for a global that is gone
        shown = ""
    assert "class" not in shown and "function" not in shown  # nothing leaked either
    assert not marker.exists()


def test_sandbox_hides_internals_of_context_values():
    reached = expressions.evaluate("f.__globals__", {"f": _sample_function})
    assert not isinstance(reached, dict)  # an undefined, not the module's globals
    with pytest.raises(SecurityError):
        expressions.evaluate("x.__class__.__mro__[1].__subclasses__()", {"x": "chuỗi"})


def test_sandbox_is_immutable_and_bounded():
    labels = {"a": "b"}
    with pytest.raises(SecurityError):
        expressions.evaluate("labels.clear()", {"labels": labels})
    assert labels == {"a": "b"}
    with pytest.raises(SecurityError):
        expressions.render("{{ 'x' * 10 ** 9 }}", {})
    with pytest.raises(SecurityError):
        expressions.evaluate("10 ** 1000000", {})
    assert expressions.render("{{ '.' * 20 }}", {}) == "." * 20  # small ones still work
    assert expressions.environment().globals.keys() == {"range", "age", "id_birth_year"}


def test_forbidden_names_the_reason():
    assert expressions.forbidden("{{ x.__class__ }}", template=True) is not None
    assert expressions.forbidden("x['_private']", template=False) is not None
    assert expressions.forbidden("{% include 'a' %}", template=True) is not None
    assert expressions.forbidden("{{ full_name | upper }} ___", template=True) is None


# -- one safe loader, one sandbox, everywhere -------------------------------------------------
def test_sources_use_only_the_safe_loader_and_the_sandbox():
    unsafe_yaml = re.compile(
        r"yaml\.(load|load_all|full_load|unsafe_load)\(|Loader=|FullLoader|UnsafeLoader"
        r"|yaml\.Loader\b"
    )
    unsandboxed = re.compile(
        r"jinja2\.Environment\(|from jinja2[\w.]* import (.*, )?(Environment|Template)\b"
    )
    for path in sorted(SOURCES.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        if path.name != "yamlsource.py":  # the one place YAML is read, checked below
            assert not unsafe_yaml.search(text), path.name
        assert not unsandboxed.search(text), path.name
    assert issubclass(yamlsource._Loader, yaml.constructor.SafeConstructor)
    assert not issubclass(yamlsource._Loader, yaml.constructor.FullConstructor)
    assert not issubclass(yamlsource._Base, yaml.constructor.FullConstructor)
    assert isinstance(expressions.environment(), jinja2.sandbox.ImmutableSandboxedEnvironment)


def test_a_template_printing_one_string_gives_what_jinja2_renders():
    # expressions.render gives a string answer back itself for "{{ name }}" (no rendering):
    # the same as Jinja2 for strings, and Jinja2 still renders everything else.
    ctx = {"a": "  Nguye\u0302\u0303n Thị Dung ", "n": 5, "none": None, "d": {"x": "y"}}
    ctx["day"] = expressions.VnDate(2026, 3, 5)  # a date answer, printed dd/mm/yyyy
    sources = ["{{ a }}", "{{a}}", "{{- a -}}", "{{ a }}\n", "{{ n }}", "{{ none }}", "{{ b }}"]
    sources += ["{{ d }}", "{{ true }}", "{{ range }}", " {{ a }}", "{{ a | upper }}"]
    sources += ["{{ day }}", "{{ day.year }}"]
    for source in sources:
        jinja = expressions._template(source).render(ctx)
        assert expressions.render(source, ctx) == expressions.nfc(jinja).strip(), source
    assert expressions._one_name("{{ a }}") == "a"
    assert expressions._one_name("{{ true }}") is None
    assert expressions._one_name("{{ range }}") is None
    assert expressions._one_name("{{ a }} và {{ a }}") is None


def test_templates_and_expressions_run_as_jinja2_renders_and_calls_them():
    """expressions.render and evaluate run a compiled template's code themselves (no copies of
    the names, no traceback rewriting): the same text or value as Jinja2's render() and
    TemplateExpression, and the same exception, worded the same, when it fails."""
    ctx = {"a": "Trương Thị Ánh Tuyết", "n": 5, "d": dt.date(2020, 2, 29), "xs": [1, 2]}
    templates = ["{{ a | upper }} {{ n * 2 }}", "{% if n > 3 %}{{ d.year }}{% endif %}", "x"]
    templates += ["{{ d.strftime('%d/%m') }}", "{% for x in xs %}{{ loop.index }}{% endfor %}"]
    failing = ["{{ 1 / 0 }}", "{{ a.__class__ }}", "{{ range(10**9) | list }}", "{{ b.c }}"]
    for source in templates + failing:
        try:
            jinja: object = expressions._template(source).render(ctx)
        except Exception as exc:  # noqa: BLE001
            jinja = (type(exc), expressions.describe(exc))
        try:
            ours: object = expressions._run(expressions._template(source), ctx)
        except Exception as exc:  # noqa: BLE001
            ours = (type(exc), expressions.describe(exc))
        assert ours == jinja, source
    for source in ["n > 3 and a | length == 20", "d.year", "b", "1 / 0", "a.__class__"]:
        try:
            jinja = expressions._expression(source)(**ctx)
        except Exception as exc:  # noqa: BLE001
            jinja = (type(exc), expressions.describe(exc))
        try:
            ours = expressions.evaluate(source, ctx)
        except Exception as exc:  # noqa: BLE001
            ours = (type(exc), expressions.describe(exc))
        assert repr(ours) == repr(jinja), source


def test_a_template_read_as_one_name_without_parsing_is_one_to_jinja2():
    """``_plain_name`` reads ``{{ name }}`` without Jinja2's parser: whatever it reads as one
    name, Jinja2's tree says is one Output of that loaded Name, and its names are the tree's;
    what it does not read is only rendered the long way."""
    from jinja2 import nodes

    sources = ["{{ a }}", "{{a}}", "{{\n  full_name\n}}", "{{ _x1 }}", "{{ and }}", "{{ if }}"]
    sources += ["{{ not }}", "{{ none }}", "{{ True }}", "{{ a.b }}", "{{ a }}\n", "{{ a }}{{ b }}"]
    sources += ["{{- a -}}", "{{ a|e }}", "{{ 'a' }}", "{{ range }}", "{{ tên }}", "x{{ a }}"]
    read = {}
    for source in sources:
        name = expressions._plain_name(source)
        read[source] = name
        if name is None:
            continue
        (out,) = expressions.environment().parse(source).body
        (node,) = out.nodes
        assert isinstance(node, nodes.Name) and node.ctx == "load" and node.name == name, source
        tree_names = sorted({name} - expressions.environment().globals.keys())
        expressions._names.cache_clear()
        assert list(expressions._names(source, True)) == tree_names
    assert [s for s, name in read.items() if name] == sources[:4] + ["{{ range }}"]
