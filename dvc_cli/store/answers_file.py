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
# (control characters, U+0085/U+2028/U+2029 line breaks, a BOM, characters beyond U+FFFF), so
# a file holding any of those, or a very long string, is written by the pure-Python dumper.
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


def _c_safe(value: Any) -> bool:
    """Whether libyaml writes ``value`` exactly as PyYAML does (see above)."""
    if isinstance(value, str):
        return _C_SAFE_TEXT.match(value) is not None
    if isinstance(value, dict):
        return all(_c_safe(k) and _c_safe(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return all(_c_safe(v) for v in value)
    return value is None or isinstance(value, bool | int)


def to_yaml(data: dict[str, Any]) -> str:
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


def dump(procedure_id: str, answers: dict[str, Any]) -> str:
    """The YAML text of an answers file."""
    text = to_yaml(body(procedure_id, answers))
    return HEADER.format(pid=procedure_id, name="answers.yaml") + text


def write(path: Path, procedure_id: str, answers: dict[str, Any]) -> None:
    """Write an answers file readable by its owner only, atomically."""
    atomic.write_text(path, dump(procedure_id, answers), private=True)
