"""A procedure's conditions and templates said in words, for people reading ``dvc show``.

``marital_status == 'da_ly_hon' and not divorce_abroad`` reads "Tình trạng hôn nhân hiện tại
là «Đã ly hôn» và Ly hôn (hoặc hủy kết hôn) ở nước ngoài? «Không»"; ``{{ labels.id_type }} của
{{ full_name }}`` reads "«Loại giấy tờ tùy thân» của «Họ, chữ đệm, tên»". The words come from
the question labels and choice labels, in the interface language, by walking the expression's
Jinja2 syntax tree (:func:`dvc_cli.core.expressions.tree`): comparisons with choice values,
yes/no answers, numbers and ``age()``, ``in`` lists, ``and``/``or``/``not``, ``is defined``;
in templates, ``{{ … }}`` values, ``x if c else y``, ``{% if %}`` blocks and ``{% set %}``.
A construct it does not know is shown as code between backticks. A procedure may say a
condition itself with ``when_text`` (questions, dossier items, visits); :class:`Wording`
leaves that choice to the caller.
"""

from __future__ import annotations

from typing import Any

from jinja2 import nodes

from dvc_cli.core import expressions
from dvc_cli.core.schema import Choice, Procedure, Question
from dvc_cli.i18n import _, pick

# Filters that only change how a value is written: the words are those of the value.
_PRESENTATION = frozenset(
    {"lower", "upper", "title", "capitalize", "admin_name", "int", "string", "trim", "ngay"}
    | {"fold", "default", "replace", "e", "escape", "round", "float"}
)
_FALLBACK = "…"


def _mapped(node: nodes.Expr) -> tuple[nodes.Expr, str] | None:
    """``items | map(attribute='x')`` (with ``| list`` or not) → (items, ``x``), else None."""
    if isinstance(node, nodes.Filter) and node.name == "list" and node.node is not None:
        node = node.node
    if not (isinstance(node, nodes.Filter) and node.name == "map" and node.node is not None):
        return None
    for kw in node.kwargs:
        if kw.key == "attribute" and isinstance(kw.value, nodes.Const):
            return node.node, str(kw.value.value)
    return None


def _strip_question_mark(text: str) -> str:
    return text.rstrip(" ?")


class Wording:
    """Words for the conditions and templates of one procedure (read at each call, so the
    language of the context in force is used)."""

    def __init__(self, procedure: Procedure) -> None:
        self.procedure = procedure
        self.questions: dict[str, Question] = {
            q.id: q for step in procedure.steps for q in step.questions
        }
        self.computed = {c.id: c for c in procedure.computed}
        for q in list(self.questions.values()):  # a list's item questions, in its texts
            for iq in q.items or ():
                self.questions.setdefault(iq.id, iq)
            for comp in q.computed:  # and the values worked out per item
                self.computed.setdefault(comp.id, comp)
        self._locals: dict[str, str] = {}

    # -- public ---------------------------------------------------------------------------
    def condition(self, source: str | None) -> str:
        """A ``when`` condition in words ("" for none)."""
        if not source:
            return ""
        try:
            return self._cond(expressions.tree(source))
        except Exception:  # a broken condition (dvc check names it), or one too odd: the code
            return f"`{source}`"

    def text(self, source: str | None) -> str:
        """A template (a dossier title, a visit) with its values and conditions in words."""
        if not source:
            return ""
        if "{" not in source:
            return source
        self._locals = {}
        try:
            return " ".join(self._statements(expressions.template_tree(source).body).split())
        except Exception:  # a broken template (dvc check names it), or one too odd: the code
            return f"`{source}`"

    # -- templates ------------------------------------------------------------------------
    def _statements(self, body: list[nodes.Node]) -> str:
        out = []
        for node in body:
            if isinstance(node, nodes.Output):
                for part in node.nodes:
                    if isinstance(part, nodes.TemplateData):
                        out.append(part.data)
                    else:
                        out.append(self._placed(part))
            elif isinstance(node, nodes.If):
                out.append(self._if_block(node))
            elif isinstance(node, nodes.Assign) and isinstance(node.target, nodes.Name):
                self._locals[node.target.name] = self._value(node.node, text=True)
            else:
                out.append(_FALLBACK)
        return "".join(out)

    def _if_block(self, node: nodes.If) -> str:
        parts = [
            _("Nếu {condition}: {text}").format(
                condition=self._cond(node.test), text=self._statements(node.body).strip()
            )
        ]
        for other in node.elif_:
            parts.append(
                _("Nếu {condition}: {text}").format(
                    condition=self._cond(other.test), text=self._statements(other.body).strip()
                )
            )
        if node.else_:
            parts.append(_("Nếu không: {text}").format(text=self._statements(node.else_).strip()))
        return " " + " ".join(p if p.endswith(".") else p + "." for p in parts) + " "

    def _placed(self, node: nodes.Expr) -> str:
        """A ``{{ … }}`` value inside a text."""
        if isinstance(node, nodes.CondExpr):
            then = self._value(node.expr1, text=True)
            empty = node.expr2 is None or (
                isinstance(node.expr2, nodes.Const) and node.expr2.value == ""
            )
            if empty:
                return then + " " + _("(nếu {condition})").format(condition=self._cond(node.test))
            return _("{then} (nếu {condition}; nếu không: {otherwise})").format(
                then=then.strip(),
                condition=self._cond(node.test),
                otherwise=self._value(node.expr2, text=True).strip(),
            )
        return self._value(node, text=True)

    # -- values ---------------------------------------------------------------------------
    def _name(self, name: str) -> str | None:
        """The words for a variable: a question's label, a computed value's, a local's."""
        if name in self._locals:
            return self._locals[name]
        if name in self.questions:
            return pick(self.questions[name].label)
        if name == "today":
            return _("hôm nay")
        if name in self.computed:
            return self._computed(name)
        return None

    def _computed(self, name: str) -> str:
        comp = self.computed[name]
        if comp.label is not None:
            return pick(comp.label)
        base = name.removesuffix("_text")
        if base != name and base in self.questions:
            return pick(self.questions[base].label)
        used = expressions.names_in(comp.value, template=True) - expressions.BUILTIN_NAMES
        asked = [n for n in sorted(used) if n in self.questions]
        if len(asked) == 1 and not (used - set(asked)):
            return pick(self.questions[asked[0]].label)
        return name

    def _subject(self, node: nodes.Expr) -> tuple[str, Question | None]:
        """Words for what a comparison is about, and the question it is (for choice labels)."""
        if isinstance(node, nodes.Name):
            return self._name(node.name) or node.name, self.questions.get(node.name)
        if isinstance(node, nodes.Getattr) and _is_labels(node.node):
            return self._name(node.attr) or node.attr, self.questions.get(node.attr)
        if isinstance(node, nodes.Filter) and node.name in _PRESENTATION and node.node:
            return self._subject(node.node)
        return self._value(node), None

    def _value(self, node: nodes.Expr | None, *, text: bool = False) -> str:
        """Words for a value; in a text (``text``), strings are the text itself and names are
        «quoted»."""
        if node is None:
            return ""
        quote = "«{}»" if text else "{}"
        if isinstance(node, nodes.Const):
            if isinstance(node.value, bool):
                return _("Có") if node.value else _("Không")
            if isinstance(node.value, str):
                return node.value if text else f"«{node.value}»"
            return str(node.value)
        if isinstance(node, nodes.Name):
            if node.name in self._locals:
                return self._locals[node.name]
            words = self._name(node.name)
            return quote.format(words) if words is not None else self._code(node)
        if isinstance(node, nodes.Getattr) and _is_labels(node.node):
            words = self._name(node.attr)
            return quote.format(words) if words is not None else self._code(node)
        if isinstance(node, nodes.Filter) and node.node is not None:
            if node.name == "records_held_by":
                return _("nơi lưu giữ hồ sơ của {place}").format(
                    place=self._value(node.node, text=text)
                )
            if node.name in _PRESENTATION:
                return self._value(node.node, text=text)
        if isinstance(node, nodes.Concat):
            return "".join(self._value(n, text=True) for n in node.nodes)
        if isinstance(node, nodes.CondExpr):
            return self._placed(node)
        if isinstance(node, nodes.Call):
            if isinstance(node.node, nodes.Name) and node.node.name == "age" and node.args:
                born = self._subject(node.args[0])[0]
                if len(node.args) > 1 and not _is_today(node.args[1]):
                    on = self._subject(node.args[1])[0]
                    return _("tuổi (tính theo {born}) vào {on}").format(born=born, on=on)
                return _("tuổi (tính theo {born})").format(born=born)
            method = node.node
            if (  # '{:,}'.format(x): the value x, written with separators
                isinstance(method, nodes.Getattr)
                and method.attr == "format"
                and isinstance(method.node, nodes.Const)
                and len(node.args) == 1
            ):
                return self._value(node.args[0], text=text)
        return self._code(node)

    def _code(self, node: nodes.Node) -> str:
        return f"`{_source(node)}`"

    # -- conditions -----------------------------------------------------------------------
    def _cond(self, node: nodes.Expr, *, inside: type | None = None) -> str:
        if isinstance(node, nodes.And | nodes.Or):
            kind = type(node)
            parts = [p for p in _flatten(node, kind) if not self._implied(p, node)]
            joiner = _(" và ") if kind is nodes.And else _(" hoặc ")
            words = joiner.join(self._cond(p, inside=kind) for p in parts)
            if inside is not None and inside is not kind and len(parts) > 1:
                return f"({words})"
            return words
        if isinstance(node, nodes.Not):
            return self._negated(node.node)
        if isinstance(node, nodes.Compare):
            return self._compare(node)
        if isinstance(node, nodes.Test) and node.name == "defined" and node.node is not None:
            return _("{subject} đã có").format(subject=self._subject(node.node)[0])
        if isinstance(node, nodes.Name | nodes.Getattr | nodes.Filter):
            return self._truth(node, True)
        if isinstance(node, nodes.Const):
            return self._value(node)
        return self._code(node)

    def _implied(self, part: nodes.Expr, whole: nodes.Expr) -> bool:
        """``x is defined`` and-ed with a comparison of ``x``: the comparison says it."""
        if not (isinstance(whole, nodes.And) and isinstance(part, nodes.Test)):
            return False
        if part.name != "defined" or not isinstance(part.node, nodes.Name):
            return False
        name = part.node.name
        others = [p for p in _flatten(whole, nodes.And) if p is not part]
        return any(
            n.name == name for p in others for n in p.find_all(nodes.Name) if n.ctx == "load"
        )

    def _truth(self, node: nodes.Expr, yes: bool) -> str:
        subject, question = self._subject(node)
        if question is not None and question.type == "boolean":
            answer = _("Có") if yes else _("Không")
            return f"{subject} «{answer}»"
        if yes:
            return _("{subject} đã có").format(subject=subject)
        return _("{subject} chưa có").format(subject=subject)

    def _negated(self, node: nodes.Expr) -> str:
        if isinstance(node, nodes.Name | nodes.Getattr | nodes.Filter):
            return self._truth(node, False)
        if isinstance(node, nodes.Compare) and len(node.ops) == 1:
            flip = {"eq": "ne", "ne": "eq", "in": "notin", "notin": "in"}
            op = node.ops[0]
            if op.op in flip:
                return self._compare(
                    nodes.Compare(node.expr, [nodes.Operand(flip[op.op], op.expr)])
                )
        if isinstance(node, nodes.Test) and node.name == "defined" and node.node is not None:
            return _("{subject} chưa có").format(subject=self._subject(node.node)[0])
        return _("không phải: {condition}").format(condition=self._cond(node))

    def _compare(self, node: nodes.Compare) -> str:
        parts = []
        left = node.expr
        for operand in node.ops:
            parts.append(self._pair(left, operand.op, operand.expr))
            left = operand.expr
        return _(" và ").join(parts)

    def _pair(self, left: nodes.Expr, op: str, right: nodes.Expr) -> str:
        mapped = _mapped(right)
        if op in ("in", "notin") and isinstance(left, nodes.Const) and mapped is not None:
            # 'nuoc_ngoai' in documents | map(attribute='kind') | list: an item's answer
            items, attr = mapped
            question = self.questions.get(attr)
            words = {
                "list": self._value(items, text=True),
                "subject": f"«{self._name(attr) or attr}»",
                "value": self._choice(question, left),
            }
            if op == "in":
                return _("một mục của {list} có {subject} là {value}").format(**words)
            return _("không mục nào của {list} có {subject} là {value}").format(**words)
        if op in ("in", "notin") and isinstance(left, nodes.Const) and _is_list(right):
            # 'nuoc_ngoai' in [doc_1_kind, doc_2_kind]: one of those answers is that choice
            names = _items(right)
            subjects = [self._subject(n) for n in names]
            question = next((q for _s, q in subjects if q is not None), None)
            value = self._choice(question, left)
            listed = _list_words([f"«{_bare(s)}»" for s, _q in subjects], _(" hoặc "))
            if len(names) == 1:
                return _is(subjects[0][0], value, negative=op == "notin")
            if op == "in":
                return _("một trong các câu {subjects} là {value}").format(
                    subjects=listed, value=value
                )
            return _("không câu nào trong {subjects} là {value}").format(
                subjects=listed, value=value
            )
        subject, question = self._subject(left)
        if op in ("in", "notin") and _is_list(right):
            values = [self._choice(question, v) for v in _items(right)]
            if op == "in":
                return _is(subject, _list_words(values, _(" hoặc ")))
            return _is(subject, _list_words(values, _(" hay ")), negative=True)
        value = self._choice(question, right)
        if op in ("eq", "ne"):
            return _is(subject, value, negative=op == "ne")
        words = {
            "gt": _("{subject} lớn hơn {value}"),
            "gteq": _("{subject} từ {value} trở lên"),
            "lt": _("{subject} dưới {value}"),
            "lteq": _("{subject} không quá {value}"),
        }.get(op)
        if words is None:
            return self._code(nodes.Compare(left, [nodes.Operand(op, right)]))
        return words.format(subject=subject, value=value)

    def _choice(self, question: Question | None, node: nodes.Expr) -> str:
        """A compared value: a choice's label when ``node`` is one of ``question``'s values."""
        if isinstance(node, nodes.Const) and isinstance(node.value, str) and question:
            found = _choice_of(question, node.value)
            if found is not None:
                return f"«{pick(found.label)}»"
        if isinstance(node, nodes.Const) and isinstance(node.value, bool):
            return f"«{self._value(node)}»"
        return self._subject(node)[0] if not isinstance(node, nodes.Const) else self._value(node)


# A label that ends by linking to its answer ("Người đi khai sinh là", "… đã chấm dứt vì",
# "Trẻ được sinh ra ở đâu?"): the value follows it directly.
_LINKING = frozenset({"là", "vì", "is", "are", "because"})
_COPULA = frozenset({"là", "is", "are"})


def _bare(subject: str) -> str:
    """A label without its final "là" ("Giấy tờ thứ nhất là" → "Giấy tờ thứ nhất")."""
    words = subject.rstrip().split()
    if len(words) > 1 and words[-1].casefold() in _COPULA:
        return " ".join(words[:-1])
    return subject


def _is(subject: str, value: str, *, negative: bool = False) -> str:
    """``subject`` is (not) ``value``, without doubling a label's own "là"."""
    words = subject.rstrip().split()
    last = words[-1].casefold() if words else ""
    if negative:
        return _("{subject} không phải {value}").format(subject=_bare(subject), value=value)
    if last in _LINKING or subject.rstrip().endswith(("?", ":")):
        return f"{subject.rstrip()} {value}"
    return _("{subject} là {value}").format(subject=subject, value=value)


def _choice_of(question: Question, value: str) -> Choice | None:
    return next((c for c in question.choices or [] if c.value == value), None)


def _is_labels(node: nodes.Node) -> bool:
    return isinstance(node, nodes.Name) and node.name == "labels"


def _is_today(node: nodes.Node) -> bool:
    return isinstance(node, nodes.Name) and node.name == "today"


def _is_list(node: nodes.Node) -> bool:
    if isinstance(node, nodes.Const):  # a list of constants, folded by Jinja2's optimiser
        return isinstance(node.value, list | tuple)
    return isinstance(node, nodes.List | nodes.Tuple)


def _items(node: nodes.Expr) -> list[nodes.Expr]:
    if isinstance(node, nodes.Const):
        return [nodes.Const(v) for v in node.value]
    return list(node.items)  # type: ignore[attr-defined]


def _flatten(node: nodes.Expr, kind: type) -> list[nodes.Expr]:
    if isinstance(node, kind):
        return _flatten(node.left, kind) + _flatten(node.right, kind)  # type: ignore[attr-defined]
    return [node]


def _list_words(items: list[str], last: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + last + items[-1]


_OPERATORS = {
    "eq": "==",
    "ne": "!=",
    "gt": ">",
    "gteq": ">=",
    "lt": "<",
    "lteq": "<=",
    "in": "in",
    "notin": "not in",
}
_BINARY = {
    nodes.Add: "+",
    nodes.Sub: "-",
    nodes.Mul: "*",
    nodes.Div: "/",
    nodes.FloorDiv: "//",
    nodes.Mod: "%",
    nodes.Pow: "**",
    nodes.And: "and",
    nodes.Or: "or",
}


def _source(node: Any) -> str:
    """Code for an expression node, written back (for what has no words): ``x | f(1)``."""
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Const):
        return repr(node.value)
    if isinstance(node, nodes.Getattr):
        return f"{_source(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem):
        return f"{_source(node.node)}[{_source(node.arg)}]"
    if isinstance(node, nodes.List):
        return "[" + ", ".join(_source(i) for i in node.items) + "]"
    if isinstance(node, nodes.Const) and isinstance(node.value, list | tuple):
        return repr(list(node.value))
    if isinstance(node, nodes.Tuple):
        return "(" + ", ".join(_source(i) for i in node.items) + ")"
    if isinstance(node, nodes.Call):
        args = ", ".join(_source(a) for a in node.args)
        return f"{_source(node.node)}({args})"
    if isinstance(node, nodes.Filter | nodes.Test):
        args = "(" + ", ".join(_source(a) for a in node.args) + ")" if node.args else ""
        sep = " | " if isinstance(node, nodes.Filter) else " is "
        return f"{_source(node.node)}{sep}{node.name}{args}"
    if isinstance(node, nodes.Not):
        return f"not {_source(node.node)}"
    if isinstance(node, nodes.Neg):
        return f"-{_source(node.node)}"
    if isinstance(node, nodes.Concat):
        return " ~ ".join(_source(n) for n in node.nodes)
    if isinstance(node, nodes.CondExpr):
        tail = f" else {_source(node.expr2)}" if node.expr2 is not None else ""
        return f"{_source(node.expr1)} if {_source(node.test)}{tail}"
    if isinstance(node, nodes.Compare):
        ops = " ".join(f"{_OPERATORS.get(o.op, o.op)} {_source(o.expr)}" for o in node.ops)
        return f"{_source(node.expr)} {ops}"
    for kind, sign in _BINARY.items():
        if isinstance(node, kind):
            return f"({_source(node.left)} {sign} {_source(node.right)})"
    return _FALLBACK
