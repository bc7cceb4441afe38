"""Read and write answers files (YAML): the answers, to resume, correct and re-render."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import yaml

from dvc_cli import __version__, log
from dvc_cli.catalog.procedures import display_path
from dvc_cli.catalog.yamlsource import load_yaml
from dvc_cli.core import legacy_text
from dvc_cli.core.vn.admin_map import DATA_SOURCE
from dvc_cli.errors import UsageError
from dvc_cli.i18n import _
from dvc_cli.store import atomic

HEADER = (
    "# dvc answers file: edit and re-render with `dvc fill {pid} --answers {name} --no-input`\n"
)


def read(path: Path, procedure_id: str) -> dict[str, Any]:
    """The answers in ``path``. Accepts the full format or a bare mapping of answers."""
    if not path.exists():
        raise UsageError(
            _("{path}: không tìm thấy tệp câu trả lời").format(path=display_path(path))
        )
    doc = load_yaml(path, error=UsageError, invalid=_("tệp câu trả lời không hợp lệ"))
    data = doc.data
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise UsageError(
            _("{path}:1:1: tệp câu trả lời phải là một bảng khóa: giá trị").format(
                path=display_path(path)
            )
        )
    if "answers" in data and isinstance(data["answers"], dict):
        declared = data.get("procedure")
        if declared and declared != procedure_id:
            line, col = doc.position(("procedure",))
            raise UsageError(
                _(
                    "{path}:{line}:{col}: tệp này dành cho thủ tục '{declared}', "
                    "không phải '{procedure}'"
                ).format(
                    path=display_path(path),
                    line=line,
                    col=col,
                    declared=declared,
                    procedure=procedure_id,
                )
            )
        data = data["answers"]
        literal = _literal_numbers(doc, ("answers",))
    elif "answers" in data and "procedure" in data:
        line, col = doc.position(("answers",))
        raise UsageError(
            _("{path}:{line}:{col}: 'answers' phải là một bảng câu hỏi: câu trả lời").format(
                path=display_path(path), line=line, col=col
            )
        )
    else:
        literal = _literal_numbers(doc, ())
    log.info(_("đọc {count} câu trả lời từ {file}").format(count=len(data), file=path.name))
    answers = {str(k): _with_literal(_plain(v), literal.get(str(k))) for k, v in data.items()}
    for key, value in answers.items():
        if isinstance(value, str) and not value.isascii():
            found = legacy_text.convert(value)
            if found is not None:
                answers[key] = found.text
                message = _("{path}: '{key}': chuyển từ {encoding} sang Unicode")
                log.warning(
                    message.format(path=display_path(path), key=key, encoding=_(found.encoding))
                )
    return answers


def _literal_numbers(doc: Any, loc: tuple[str, ...]) -> dict[str, str]:
    """Numbers as typed: YAML would read 001234567890 as an octal int and drop the zeros."""
    node = doc.root
    for key in loc:
        if not isinstance(node, yaml.MappingNode):
            return {}
        node = next((v for k, v in node.value if k.value == key), None)
    out: dict[str, Any] = {}
    if isinstance(node, yaml.MappingNode):
        for knode, vnode in node.value:
            if isinstance(vnode, yaml.ScalarNode) and vnode.tag.endswith((":int", ":float")):
                out[str(knode.value)] = vnode.value
            elif isinstance(vnode, yaml.SequenceNode):  # a list question's items
                items = [_literal_item(item) for item in vnode.value]
                if any(items):
                    out[str(knode.value)] = items
    return out


def _literal_item(node: Any) -> dict[str, str]:
    """One item of a list: its numbers as typed."""
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {
        str(k.value): v.value
        for k, v in node.value
        if isinstance(v, yaml.ScalarNode) and v.tag.endswith((":int", ":float"))
    }


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, list):  # a list question's items
        return [
            {str(k): _plain(v) for k, v in item.items()} if isinstance(item, dict) else item
            for item in value
        ]
    return value


def _with_literal(value: Any, literal: Any) -> Any:
    """``value`` with the numbers written as typed put back (in a list's items too)."""
    if literal is None:
        return value
    if isinstance(literal, list) and isinstance(value, list):
        return [
            {**item, **extra} if isinstance(item, dict) else item
            for item, extra in zip(value, literal, strict=False)
        ]
    return literal


def body(procedure_id: str, answers: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """The mapping an answers file holds; ``extra`` keys (a draft's) come before the answers."""
    return {
        "procedure": procedure_id,
        "schema_version": 1,
        "dvc_version": __version__,
        "data_version": DATA_SOURCE,
        **extra,
        "answers": answers,
    }


# libyaml's emitter (yaml.CSafeDumper, ~4x faster) writes the same bytes as PyYAML's own for
# strings of printable characters; it words escapes and folds double-quoted lines differently
# (control characters, U+0085/U+2028/U+2029 line breaks, a BOM, characters beyond U+FFFF) and
# when a key is empty or long (see _c_safe_key), so a file holding any of those, or a very long
# string, is written by the pure-Python dumper.
# tests/store/test_answers_yaml.py compares the two.
_C_DUMPER = getattr(yaml, "CSafeDumper", None)
_RESOLVED: dict[tuple[str, tuple[bool, bool]], str] = {}  # see _FastDumper.resolve

if _C_DUMPER is not None:

    class _FastDumper(_C_DUMPER):  # type: ignore[misc, valid-type]
        """libyaml's dumper, asking the resolver once per process for a scalar's tag (whether
        ``012`` or ``yes`` must be quoted): libyaml asks twice for every scalar it writes."""

        def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
            if kind is not yaml.ScalarNode or self.yaml_path_resolvers:
                return super().resolve(kind, value, implicit)
            key = (value, implicit)
            tag = _RESOLVED.get(key)
            if tag is None:
                tag = super().resolve(kind, value, implicit)
                if len(_RESOLVED) > 8192:  # names and numbers do not come again
                    _RESOLVED.clear()
                _RESOLVED[key] = tag
            return tag


_C_SAFE_TEXT = re.compile(r"[\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]{0,200}\Z")


def _c_safe_key(key: Any) -> bool:
    """Whether libyaml writes ``key`` as PyYAML does: both write ``? key`` for a key that is
    empty or too long to be a simple key, but libyaml measures it in UTF-8 bytes."""
    if isinstance(key, str) and (key == "" or len(key.encode("utf-8")) > 100):
        return False
    return _c_safe(key)


def _c_safe(value: Any) -> bool:
    """Whether libyaml writes ``value`` exactly as PyYAML does (see above)."""
    if isinstance(value, str):
        return _C_SAFE_TEXT.match(value) is not None
    if isinstance(value, dict):
        return all(_c_safe_key(k) and _c_safe(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return all(_c_safe(v) for v in value)
    return value is None or isinstance(value, bool | int)


def to_yaml(data: dict[str, Any]) -> str:
    text = _written(data)
    if text is not None:
        return text
    return _dumped(data)


def _dumped(data: dict[str, Any]) -> str:
    """yaml.dump's text of ``data``, through libyaml when it writes the same bytes."""
    if _C_DUMPER is not None and _c_safe(data):
        node = _node(data, set())
        if node is not None:  # what yaml.dump would write, without its Python representer
            import io

            stream = io.StringIO()
            dumper = _FastDumper(
                stream, default_flow_style=False, allow_unicode=True, sort_keys=False, width=100
            )
            try:
                dumper.open()
                dumper.serialize(node)
                dumper.close()
            finally:
                dumper.dispose()
            return stream.getvalue()
        dumper = _C_DUMPER
    else:
        dumper = yaml.SafeDumper
    return yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False, width=100)


_TAG = "tag:yaml.org,2002:"


def _node(data: Any, seen: set[int]) -> Any:
    """The node yaml.SafeDumper's representer makes of ``data`` (block style, keys in order),
    for the values an answers file holds: str, int, bool, None, dicts and lists of them; None
    for anything else, or a dict or list met twice (the representer would write an alias):
    yaml.dump then does it all."""
    kind = type(data)
    if kind is str:
        return yaml.ScalarNode(_TAG + "str", data)
    if kind is bool:
        return yaml.ScalarNode(_TAG + "bool", "true" if data else "false")
    if kind is int:
        return yaml.ScalarNode(_TAG + "int", str(data))
    if data is None:
        return yaml.ScalarNode(_TAG + "null", "null")
    if kind is dict:
        if id(data) in seen:
            return None
        seen.add(id(data))
        pairs = []
        for key, value in data.items():
            k, v = _node(key, seen), _node(value, seen)
            if k is None or v is None:
                return None
            pairs.append((k, v))
        return yaml.MappingNode(_TAG + "map", pairs, flow_style=False)
    if kind is list or (kind is tuple and data != ()):
        if id(data) in seen:
            return None
        seen.add(id(data))
        items = [_node(value, seen) for value in data]
        if any(item is None for item in items):
            return None
        return yaml.SequenceNode(_TAG + "seq", items, flow_style=False)
    return None


# Most answers files are written without yaml at all (a batch row's in a tenth of the time):
# `_written` writes block mappings and sequences of str, int, bool and None as yaml.dump(...,
# allow_unicode=True, sort_keys=False, width=100, default_flow_style=False) does, and gives up
# (None: `_dumped` writes the whole file) on anything it cannot show to be written the same way:
# another type, a key that is not a string, a dict or list met twice (an alias), a character
# outside the printable ones PyYAML writes as they are, or a line longer than the width (the
# emitter could fold it). A string is written plain when PyYAML's Emitter.analyze_scalar allows
# a plain block scalar and its resolver reads it back as a string (not 012, yes, ~, 2026-01-01,
# 1_000); otherwise single-quoted, which is what the emitter chooses for such strings (they
# hold no line break nor special character). tests/store/test_answers_yaml.py compares it with
# yaml.dump on generated and bundled answers.
_WIDTH = 100
_PRINTABLE = re.compile(r"[\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]*\Z")
_INDICATORS = frozenset("#,[]{}&*!|>'\"%@`")  # not plain as a scalar's first character
_RESOLVER = yaml.resolver.Resolver()
_STR_TAG = _TAG + "str"
_FORMS: dict[str, str] = {}  # a string's written form, see _form


def _form(text: str) -> str | None:
    """How yaml.dump writes the string ``text`` (plain or single-quoted) as a block mapping's
    key or value or a block sequence's item; None when _written cannot tell."""
    if not text:
        form = "''"
    elif len(text) > _WIDTH or _PRINTABLE.match(text) is None:
        return None
    elif _plain_ok(text) and _reads_as_str(text):
        form = text
    else:
        form = "'" + text.replace("'", "''") + "'"
    if len(_FORMS) >= 4096:  # names and numbers do not come again
        _FORMS.clear()
    _FORMS[text] = form
    return form


def _plain_ok(text: str) -> bool:
    """Emitter.analyze_scalar's allow_block_plain for a printable ``text`` without line breaks
    (where the only whitespace is the space), not empty."""
    first = text[0]
    if first in _INDICATORS or first == " " or text[-1] == " " or text[-1] == ":":
        return False
    if first in "?:-" and (len(text) == 1 or text[1] == " "):
        return False
    if text.startswith(("---", "...")):
        return False
    return ": " not in text and " #" not in text


def _reads_as_str(text: str) -> bool:
    """Whether yaml's resolver reads the plain ``text`` (not empty) back as a string: it only
    tries the implicit resolvers listed for its first character (and any for every one)."""
    table = _RESOLVER.yaml_implicit_resolvers
    if text[0] not in table and None not in table:
        return True
    return _RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) == _STR_TAG


def _scalar(value: Any) -> str | None:
    kind = type(value)
    if kind is str:
        return _FORMS.get(value) or _form(value)
    if kind is bool:
        return "true" if value else "false"
    if value is None:
        return "null"
    if kind is int:
        return str(value)
    return None


def _written(data: dict[str, Any]) -> str | None:
    """yaml.dump's text of ``data`` written directly, or None (see above)."""
    if type(data) is not dict or not data or _RESOLVER.yaml_path_resolvers:
        return None
    out: list[str] = []
    if not _mapping(data, "", "", out, set()):
        return None
    return "".join(out)


def _mapping(data: dict, pad: str, lead: str, out: list[str], seen: set[int]) -> bool:
    """Write the non-empty ``data`` as a block mapping, its keys at ``pad``; ``lead`` starts the
    first line (``pad``, or a sequence's ``- ``). False when it cannot."""
    if id(data) in seen:
        return False
    seen.add(id(data))
    forms = _FORMS
    for key, value in data.items():
        if type(key) is not str or not key:  # '' is not a simple key
            return False
        k = forms.get(key) or _form(key)
        kind = type(value)
        if kind is str:
            v = forms.get(value) or _form(value)
        elif kind is bool:
            v = "true" if value else "false"
        elif value is None:
            v = "null"
        elif kind is dict or kind is list:
            if value:
                line = f"{lead}{k}:\n"
                if k is None or len(line) > _WIDTH + 1:
                    return False
                out.append(line)
                if kind is dict:
                    if not _mapping(value, pad + "  ", pad + "  ", out, seen):
                        return False
                elif not _sequence(value, pad, pad, out, seen):  # indentless, as PyYAML's
                    return False
                lead = pad
                continue
            v = _empty(value, seen)
        else:
            v = _scalar(value)
        if k is None or v is None:
            return False
        line = f"{lead}{k}: {v}\n"
        if len(line) > _WIDTH + 1:
            return False
        out.append(line)
        lead = pad
    return True


def _empty(value: dict | list, seen: set[int]) -> str | None:
    """An empty mapping's or list's flow form; None when it was met before (an alias)."""
    if id(value) in seen:
        return None
    seen.add(id(value))
    return "{}" if type(value) is dict else "[]"


def _sequence(data: list, pad: str, lead: str, out: list[str], seen: set[int]) -> bool:
    """Write the non-empty ``data`` as a block sequence, its dashes at ``pad``; ``lead``
    starts the first line. False when it cannot."""
    if id(data) in seen:
        return False
    seen.add(id(data))
    for item in data:
        kind = type(item)
        if kind is dict or kind is list:
            if item:
                if kind is dict:
                    if not _mapping(item, pad + "  ", lead + "- ", out, seen):
                        return False
                elif not _sequence(item, pad + "  ", lead + "- ", out, seen):
                    return False
                lead = pad
                continue
            v = _empty(item, seen)
        else:
            v = _scalar(item)
        if v is None:
            return False
        line = f"{lead}- {v}\n"
        if len(line) > _WIDTH + 1:
            return False
        out.append(line)
        lead = pad
    return True


def dump(procedure_id: str, answers: dict[str, Any]) -> str:
    """The YAML text of an answers file."""
    text = to_yaml(body(procedure_id, answers))
    return HEADER.format(pid=procedure_id, name="answers.yaml") + text


def write(path: Path, procedure_id: str, answers: dict[str, Any]) -> None:
    """Write an answers file readable by its owner only, atomically."""
    atomic.write_text(path, dump(procedure_id, answers), private=True)
