"""Jinja2 conditions and templates, evaluated in a sandbox.

Procedure files use expressions for ``when`` conditions and rules, and templates for
computed values, defaults, dossier notes and form fields. A procedure file is untrusted
input: everything runs in Jinja2's immutable sandbox (no attribute starting with ``_``, no
mutating method, no huge ``*`` or ``**``), with dvc's filters and no other globals than
``range`` and ``age``; :func:`forbidden` also refuses such constructs when the file is loaded.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from functools import cache
from types import CodeType
from typing import Any

from jinja2 import TemplateError, TemplateSyntaxError, UndefinedError, meta, nodes
from jinja2.environment import TemplateExpression
from jinja2.parser import Parser
from jinja2.sandbox import MAX_RANGE, ImmutableSandboxedEnvironment, SecurityError

from dvc_cli.core.vn import citizen_id
from dvc_cli.errors import ProcedureError
from dvc_cli.i18n import _
from dvc_cli.text import fold, nfc

Where = str | Callable[[], str]  # where an expression is, for messages (a callable: lazily)
MAX_SIZE = 100_000  # longest string or list ``*`` may make; largest result of ``**`` in bits


class TooLarge(SecurityError):
    """dvc's size guard on ``*`` and ``**`` refused a result."""


class VnDate(dt.date):
    """A date that prints as dd/mm/yyyy, as Vietnamese forms write it."""

    def __str__(self) -> str:
        return self.strftime("%d/%m/%Y")

    @classmethod
    def of(cls, value: dt.date) -> VnDate:
        return cls(value.year, value.month, value.day)


def ngay(value: Any) -> str:
    """``ngày 05 tháng 03 năm 2020``."""
    if not isinstance(value, dt.date):
        return ""
    return f"ngày {value.day:02d} tháng {value.month:02d} năm {value.year}"


def age(born: Any, on: Any = None) -> int | None:
    """Completed years of age on ``on`` (default today)."""
    if not isinstance(born, dt.date):
        return None
    on = on if isinstance(on, dt.date) else dt.date.today()
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def add_days(value: Any, days: int) -> Any:
    """``today | add_days(180)``: a date ``days`` later (earlier when negative)."""
    if not isinstance(value, dt.date):
        return value
    return VnDate.of(value + dt.timedelta(days=days))


_UNIT_WORDS = ("Thành phố ", "Tỉnh ", "Phường ", "Xã ", "Đặc khu ", "Thị trấn ")


def admin_name(value: Any) -> str:
    """An administrative unit as written mid-sentence: ``Phường Hạc Thành`` → ``phường Hạc
    Thành``; a province without its type word gets ``tỉnh``: ``Thanh Hóa`` → ``tỉnh Thanh Hóa``.
    """
    text = "" if value is None else str(value)
    for word in _UNIT_WORDS:
        if text.startswith(word):
            return word.lower() + text[len(word) :]
    return f"tỉnh {text}" if text else ""


def records_held_by(value: Any, lang: str = "vi") -> str:
    """Who now holds the records of a place named as it was (a ``past_place`` answer):
    ``Phường Trường Thi, thành phố Thanh Hóa, tỉnh Thanh Hóa`` → ``Ủy ban nhân dân phường Hạc
    Thành, tỉnh Thanh Hóa``; a split names its candidates, ``Ủy ban nhân dân phường Hàm Rồng
    hoặc phường Hạc Thành, tỉnh Thanh Hóa (tùy địa chỉ cụ thể)``; "" for a place the table does
    not know (or no answer). ``lang="en"``: ``the People's Committee of phường Hạc Thành, tỉnh
    Thanh Hóa`` (the names stay Vietnamese)."""
    from dvc_cli.core.vn.past_place import holder

    found = holder(value) if isinstance(value, str) and value.strip() else None
    if found is None:
        return ""
    english = lang == "en"
    per_province = []
    for province in found.provinces():
        names = [admin_name(u.name) for u in found.units if u.province_code == province.code]
        if len(names) > 1:
            names[-2:] = [f"{names[-2]} {'or' if english else 'hoặc'} {names[-1]}"]
        per_province.append(f"{', '.join(names)}, {admin_name(province.name)}")
    places = (" or " if english else " hoặc ").join(per_province)
    if english:
        depending = " (depending on the exact address)" if found.split else ""
        return f"the People's Committee of {places}{depending}"
    return f"Ủy ban nhân dân {places}" + (" (tùy địa chỉ cụ thể)" if found.split else "")


BUILTIN_NAMES = frozenset(
    {"today", "labels", "age", "id_birth_year", "range", "loop", "true", "false", "none"}
)


class _Sandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox, with ``*`` and ``**`` kept from making huge values."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            for seq, n in ((left, right), (right, left)):
                if isinstance(seq, str | list | tuple) and isinstance(n, int):
                    if len(seq) * n > MAX_SIZE:
                        raise TooLarge(_("kết quả phép * quá lớn"))
        elif isinstance(left, int) and isinstance(right, int) and right > 0:
            if max(abs(left), 2).bit_length() * right > MAX_SIZE:
                raise TooLarge(_("kết quả phép ** quá lớn"))
        return super().call_binop(context, operator, left, right)


_GLOBALS = ("range",)  # Jinja2's other globals (cycler, joiner, lipsum, namespace, dict) go


@cache
def environment() -> ImmutableSandboxedEnvironment:
    """The shared sandboxed environment with dvc's filters."""
    env = _Sandbox(autoescape=False, keep_trailing_newline=False)
    env.globals = {name: env.globals[name] for name in _GLOBALS}
    env.filters["ngay"] = ngay
    env.filters["admin_name"] = admin_name
    env.filters["records_held_by"] = records_held_by
    env.filters["add_days"] = add_days
    env.filters["fold"] = fold
    env.globals["age"] = age
    env.globals["id_birth_year"] = citizen_id.birth_year
    return env


@cache
def _expression(source: str) -> Any:
    """``environment().compile_expression(source, undefined_to_none=False)``, from its kept
    code when there is some."""
    return TemplateExpression(_expression_template(source), False)


@cache
def _expression_template(source: str) -> Any:
    """The template :func:`_expression` runs (``result = <expression>``)."""
    return _from_code(_code(source, False))


@cache
def _template(source: str) -> Any:
    """``environment().from_string(source)``, from its kept code when there is some."""
    return _from_code(_code(source, True))


def _from_code(code: CodeType) -> Any:
    env = environment()
    return _flatten_globals(env.template_class.from_code(env, code, env.make_globals(None)))


# Compiled code of expressions and templates, kept between runs by the caller (the core
# neither reads nor writes files: store/procedure_cache.py does). (source, template) →
# (code, names): Jinja2's generated module, and :func:`names_in`'s answer.
Compiled = dict[tuple[str, bool], tuple[CodeType, tuple[str, ...]]]
_KEPT: Compiled = {}
_COMPILED: dict[tuple[str, bool], CodeType] = {}  # compiled in this process


def use_compiled(kept: Compiled) -> None:
    """Take ``kept`` (what :func:`compiled` gave in an earlier run of the same dvc, Jinja2 and
    Python) for code not to generate again."""
    _KEPT.update(kept)


def compiled() -> Compiled:
    """What this process compiled that was not given to :func:`use_compiled`."""
    return {key: (code, _names(*key)) for key, code in _COMPILED.items() if key not in _KEPT}


def prepare() -> None:
    """Make every expression and template whose code is kept (:func:`use_compiled`), as a
    first use would: ``dvc batch`` does it before forking its workers, which then share them."""
    for source, template in list(_KEPT):
        (_template if template else _expression)(source)
        _names(source, template)


def _code(source: str, template: bool) -> CodeType:
    kept = _KEPT.get((source, template))
    if kept is not None:
        return kept[0]
    env = environment()
    code = env.compile(source if template else _assigned(source))
    _COMPILED[source, template] = code
    return code  # type: ignore[no-any-return]


def _assigned(source: str) -> nodes.Template:
    """The template Jinja2's ``compile_expression`` compiles: ``result = <expression>``."""
    env = environment()
    parser = Parser(env, source, state="variable")
    try:
        expr = parser.parse_expression()
        if not parser.stream.eos:
            raise TemplateSyntaxError(
                "chunk after expression", parser.stream.current.lineno, None, None
            )
        expr.set_environment(env)
    except TemplateSyntaxError:
        env.handle_exception(source=source)
    body = [nodes.Assign(nodes.Name("result", "store"), expr, lineno=1)]
    return nodes.Template(body, lineno=1)


def _flatten_globals(template: Any) -> Any:
    """Give a compiled template its globals as one plain dict rather than Jinja2's ChainMap
    over the environment's: Jinja2 copies them into every render's context, and copying a
    ChainMap made a render 4 times slower (12 µs against 3). The environment's globals are set
    once, when it is made, so the copy holds the same names."""
    template.globals = dict(template.globals)
    return template


def evaluate(source: str, context: dict[str, Any]) -> Any:
    """Evaluate a Jinja2 expression (raises jinja2 errors for the caller to handle).

    What :func:`_expression`'s ``TemplateExpression`` does when called, without its copies of
    the names given (a keyword dict, then a dict of it): a context of the template's globals
    and those names, its code run, the ``result`` it assigned."""
    template = _expression_template(source)
    context = _context(template, _only_named(source, False, context))
    for _chunk in template.root_render_func(context):
        pass
    return context.vars["result"]


def _run(template: Any, names: dict[str, Any]) -> str:
    """``template.render(names)``: a context of its globals and ``names``, its output joined,
    without render()'s copy of ``names`` and its traceback rewriting (an error is the same
    exception, raised where it happened; the callers word it, :func:`describe`)."""
    return "".join(template.root_render_func(_context(template, names)))


def _context(template: Any, names: dict[str, Any]) -> Any:
    """``template.new_context(names)``: Jinja2's context of the template's globals and the
    names given (``jinja2.runtime.new_context`` of a context not shared, without locals),
    made without its two calls."""
    environment = template.environment
    return environment.context_class(
        environment,
        {**template.globals, **names},
        template.name,
        template.blocks,
        globals=template.globals,
    )


@cache
def _names(source: str, template: bool) -> tuple[str, ...]:
    """:func:`names_in`, worked out once a process (the procedure's checks ask first)."""
    kept = _KEPT.get((source, template)) or _KEPT_TREES.get((source, template))
    if kept is not None:
        return kept[1]
    if template and (name := _plain_name(source)) is not None:  # ``{{ name }}``: no parse
        return () if name in environment().globals else (name,)
    found_nodes = _nodes(source, template)
    statements = (n for n in found_nodes if isinstance(n, nodes.Stmt))
    if all(isinstance(n, nodes.Output | nodes.If) for n in statements):
        # Outputs and ifs only: nothing is declared, every name read but the environment's
        # globals is the context's. Jinja2's own answer generates the template's code (~0.3 ms
        # a source); 31 of the bundled procedures' 38 templates with statements hold only ifs.
        found = {n.name for n in found_nodes if isinstance(n, nodes.Name) and n.ctx == "load"}
        return tuple(sorted(found - environment().globals.keys()))
    # Jinja2's answer generates the code of the tree it is given, and its optimizer folds
    # constants in place: a tree of its own, so that the shared one stays as parsed
    again = environment().parse(source if template else "{{ " + source + " }}")
    return tuple(sorted(meta.find_undeclared_variables(again)))


def _only_named(source: str, template: bool, context: Mapping[str, Any]) -> dict[str, Any]:
    """The entries of ``context`` that ``source`` names: the same result, but Jinja2 copies
    3 entries rather than the 40 of a whole interview's context on every call."""
    return {name: context[name] for name in _names(source, template) if name in context}


_UNSAFE_ATTRIBUTE = re.compile(r"attribute '([^']+)'")


def describe(exc: BaseException) -> str:
    """One line about an error raised while evaluating, in dvc's words where the sandbox or
    Jinja2 refused something (their own wording changes between releases)."""
    text = " ".join(str(exc).split())
    if isinstance(exc, SecurityError):
        if isinstance(exc, TooLarge):
            return text  # dvc's own words already
        if m := _UNSAFE_ATTRIBUTE.search(text):
            return _("hộp cát không cho dùng thuộc tính '{name}'").format(name=m.group(1))
        return _("hộp cát không cho phép thao tác này")
    if isinstance(exc, OverflowError) and "range" in text.casefold():
        return _("range() quá lớn: hộp cát cho phép nhiều nhất {limit} phần tử").format(
            limit=MAX_RANGE
        )
    if isinstance(exc, TemplateError | ValueError) and text:
        return text
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def failed(where: Where, exc: BaseException) -> ProcedureError:
    """The procedure's error for an expression or template that failed while running."""
    place = where() if callable(where) else where
    return ProcedureError(
        _("{where}: lỗi khi tính biểu thức: {error}").format(where=place, error=describe(exc))
    )


def holds(when: str | None, context: dict[str, Any], where: Where) -> bool:
    """Whether a ``when`` condition is true; no condition is true. A condition that depends on
    an answer not given (undefined, or None compared) is false; a broken one is the procedure's
    error, named by ``where`` (the ``when`` key itself)."""
    if not when:
        return True
    try:
        return bool(evaluate(when, context))
    except (UndefinedError, TypeError):
        return False
    except Exception as exc:  # the sandbox's refusals, 1/0, a range too big...
        raise failed(where, exc) from None


# ``{{ name }}`` and nothing else, a name Jinja2 parses as one (not a constant or ``not``):
# its tree is one Output of one loaded Name. Read without parsing: a fill's ~40 templates were
# each parsed in every run only to find out whether they are one.
_PLAIN_NAME = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
_NOT_PLAIN = frozenset(
    ("true", "false", "none", "True", "False", "None", "not", "and", "or", "in", "is", "if")
)


def _plain_name(source: str) -> str | None:
    found = _PLAIN_NAME.fullmatch(source)
    return found.group(1) if found and found.group(1) not in _NOT_PLAIN else None


@cache
def _one_name(source: str) -> str | None:
    """The name a template is nothing but the printing of (``{{ full_name }}``), else None
    (also for a template Jinja2 would parse as one but written otherwise, ``{{- x -}}``: it is
    rendered, which prints the same)."""
    name = _plain_name(source)
    return None if name is None or name in environment().globals else name


def render(source: str, context: dict[str, Any], where: Where | None = None) -> str:
    """Render a Jinja2 template to NFC text with surrounding whitespace trimmed.

    With ``where``, any failure is the procedure's error (:func:`failed`); without it the
    exception is the caller's to handle.
    """
    name = _one_name(source)
    if name is not None:
        value = context.get(name)
        if type(value) is str:
            return nfc(value).strip()  # what Jinja2 prints of a string: the string (a third
            # of a form's fields are one answer or computed text, rendered for every person)
        if type(value) is VnDate:
            return str(value)  # what Jinja2 prints of one: its str(), dd/mm/yyyy (ASCII)
    if where is None:
        return nfc(_run(_template(source), _only_named(source, True, context))).strip()
    try:
        return nfc(_run(_template(source), _only_named(source, True, context))).strip()
    except Exception as exc:
        raise failed(where, exc) from None


@cache
def _tree(source: str, template: bool) -> nodes.Template:
    """The parsed source (an expression is parsed as ``{{ expression }}``)."""
    kept = _KEPT_TREES.get((source, template))
    if kept is not None:
        return kept[0]
    parsed = environment().parse(source if template else "{{ " + source + " }}")
    _PARSED[source, template] = parsed
    return parsed


# Parsed sources, kept between runs by the caller as the compiled code is (`dvc check` parses
# every source of every file: the same trees every run). (source, template) → (tree, names):
# the tree and :func:`names_in`'s answer.
Trees = dict[tuple[str, bool], tuple[nodes.Template, tuple[str, ...]]]
_KEPT_TREES: Trees = {}
_PARSED: dict[tuple[str, bool], nodes.Template] = {}  # parsed in this process


def use_trees(kept: Trees) -> None:
    """Take ``kept`` (what :func:`parsed` gave in an earlier run of the same dvc, Jinja2 and
    Python, their environment :func:`environment`) for sources not to parse again."""
    _KEPT_TREES.update(kept)


def parsed() -> Trees:
    """What this process parsed that was not given to :func:`use_trees` (a source whose names
    cannot be worked out, one Jinja2's code generator refuses, is left out)."""
    found: Trees = {}
    for key, tree in _PARSED.items():
        if key not in _KEPT_TREES:
            try:
                found[key] = (tree, _names(*key))
            except Exception:  # noqa: BLE001, S112 - parsed again in every run, for its message
                continue
    return found


@cache
def _nodes(source: str, template: bool) -> tuple[nodes.Node, ...]:
    """Every node of the parsed source, in document order, as parsed: Jinja2's ``find_all``
    walks the tree in Python each time it is asked, and the checks ask three times a source."""
    return tuple(_tree(source, template).find_all(nodes.Node))


def tree(source: str) -> nodes.Expr:
    """The syntax tree of an expression (shared and cached: read it, never change it)."""
    return _tree(source, False).body[0].nodes[0]  # type: ignore[attr-defined, no-any-return]


def template_tree(source: str) -> nodes.Template:
    """The syntax tree of a template (shared and cached: read it, never change it)."""
    return _tree(source, True)


def source_tree(source: str, *, template: bool) -> nodes.Template:
    """The parsed source, an expression as ``{{ expression }}`` (the tree the checks read;
    shared and cached: read it, never change it)."""
    return _tree(source, template)


def names_in(source: str, *, template: bool) -> set[str]:
    """Undeclared variable names used by an expression or template (for checks)."""
    return set(_names(source, template))


def names_of(source: str, *, template: bool) -> tuple[str, ...]:
    """:func:`names_in` sorted, as a tuple kept once a process (shared: the same object)."""
    return _names(source, template)


def syntax_error(source: str, *, template: bool) -> str | None:
    """The syntax error message for ``source``, or None when it parses and every filter and
    test it names exists. An expression is compiled (and kept for evaluation)."""
    try:
        if not template:
            return _expression_error(source)
        env = environment()
        for node in _nodes(source, True):
            if not isinstance(node, nodes.Filter | nodes.Test):
                continue
            known = env.filters if isinstance(node, nodes.Filter) else env.tests
            if node.name not in known:
                kind = "filter" if isinstance(node, nodes.Filter) else "test"
                return f"No {kind} named '{node.name}'."
    except TemplateSyntaxError as exc:
        return " ".join((exc.message or str(exc)).split())
    except (RecursionError, SyntaxError, MemoryError):  # ((((...)))) thousands deep
        return _("lồng quá sâu")
    except Exception as exc:  # the lexer on a 5,000-digit number, and the like
        return describe(exc)
    return None


def _expression_error(source: str) -> str | None:
    """:func:`syntax_error` of an expression: what compiling it would refuse, found by parsing
    it as Jinja2's ``compile_expression`` does, without generating its code (an expression is
    compiled when first evaluated: a procedure's load need not compile every one of them).
    Raises the parser's errors for :func:`syntax_error` to word."""
    env = environment()
    expr = _single_expression(source)
    if expr is None:  # not one expression: Jinja2's own parse says what is wrong
        from jinja2.parser import Parser

        parser = Parser(env, source, state="variable")
        expr = parser.parse_expression()
        if not parser.stream.eos:
            raise TemplateSyntaxError(
                "chunk after expression", parser.stream.current.lineno, None, None
            )
    # Jinja2's code generator refuses an unknown filter or test, except inside an inline
    # ``a if b else c`` (a "soft" frame: there it fails only when run).
    todo: list[nodes.Node] = [expr]
    while todo:
        node = todo.pop()
        if isinstance(node, nodes.CondExpr):
            continue
        if isinstance(node, nodes.Filter | nodes.Test):
            known = env.filters if isinstance(node, nodes.Filter) else env.tests
            if node.name not in known:
                kind = "filter" if isinstance(node, nodes.Filter) else "test"
                return f"No {kind} named '{node.name}'."
        todo.extend(reversed(list(node.iter_child_nodes())))
    return None


def _single_expression(source: str) -> nodes.Expr | None:
    """The expression :func:`tree` holds when ``{{ source }}`` parsed as one expression (the
    tree the names and refusals are read from, parsed once), else None. A tuple is left to
    Jinja2's expression parser: ``a, b`` is one in a template, not an expression."""
    try:
        parsed = _tree(source, False)
    except Exception:
        return None
    body = parsed.body
    if len(body) != 1 or not isinstance(body[0], nodes.Output) or len(body[0].nodes) != 1:
        return None
    node = body[0].nodes[0]
    return None if isinstance(node, nodes.TemplateData | nodes.Tuple) else node


_LOADING = (nodes.Extends, nodes.Include, nodes.Import, nodes.FromImport)


def forbidden(source: str, *, template: bool) -> str | None:
    """Why ``source`` (which parses) is refused, or None: attributes and keys starting with
    ``_`` (the way out of every sandbox), the ``attr`` filter, ``self``, and tags that load
    other templates. The sandbox refuses them while running too; this names them at load."""
    for node in _nodes(source, template):
        name = None
        if isinstance(node, nodes.Getattr):
            name = node.attr
        elif isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
            name = node.arg.value if isinstance(node.arg.value, str) else None
        if name is not None and name.startswith("_"):
            return _("không được dùng thuộc tính '{name}' (bắt đầu bằng _)").format(name=name)
        if isinstance(node, nodes.Filter) and node.name == "attr":
            return _("không được dùng bộ lọc 'attr'")
        if isinstance(node, nodes.Name) and node.name == "self":
            return _("không được dùng 'self'")
        if isinstance(node, _LOADING):
            return _("không được nạp mẫu khác (extends, include, import)")
    return None


_REFUSALS: dict[tuple[str, bool, str], str | None] = {}


def refusal(source: str, *, template: bool) -> str | None:
    """What a procedure check says of ``source`` that does not parse or is refused (the
    sandbox's rules), or None: one message for every file that holds expressions. Worked out
    once a process for each source (in the language of the messages): `dvc check` meets the
    same expression in the procedure, its examples' run and every file using a shared one."""
    from dvc_cli.i18n import language

    key = (source, template, language())
    if key not in _REFUSALS:
        if len(_REFUSALS) > 8192:
            _REFUSALS.clear()
        _REFUSALS[key] = _refusal(source, template=template)
    return _REFUSALS[key]


def _refusal(source: str, *, template: bool) -> str | None:
    error = syntax_error(source, template=template)
    if error:
        return _("biểu thức Jinja2 không hợp lệ: {error}").format(error=error)
    refused = forbidden(source, template=template)
    if refused:
        return _("biểu thức Jinja2 bị từ chối: {reason}").format(reason=refused)
    return None
