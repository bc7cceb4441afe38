"""Load YAML keeping node positions, so schema errors can name file:line:column."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from dvc_cli.errors import ProcedureError
from dvc_cli.i18n import _

try:  # libyaml is ~10x faster; fall back when PyYAML was built without it
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader


@dataclass
class YamlDocument:
    """A parsed document and its node tree (for locating errors)."""

    path: Path
    data: Any
    root: yaml.Node | None

    def position(self, loc: tuple[str | int, ...]) -> tuple[int, int]:
        """1-based (line, column) of the deepest node ``loc`` reaches."""
        node = self.root
        for key in loc:
            child = _child(node, key)
            if child is None:
                break
            node = child
        if node is None:
            return (1, 1)
        return (node.start_mark.line + 1, node.start_mark.column + 1)

    def where(self, loc: tuple[str | int, ...]) -> str:
        """``path:line:col`` for ``loc``."""
        line, col = self.position(loc)
        return f"{self.path}:{line}:{col}"


def _child(node: yaml.Node | None, key: str | int) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for knode, vnode in node.value:
            if knode.value == str(key):
                return vnode
    elif isinstance(node, yaml.SequenceNode) and isinstance(key, int):
        if 0 <= key < len(node.value):
            return node.value[key]
    return None


def _check_duplicates(node: yaml.Node, path: Path) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, yaml.Node] = {}
        for knode, vnode in node.value:
            if isinstance(knode, yaml.ScalarNode):
                if knode.value in seen:
                    m = knode.start_mark
                    where = f"{path}:{m.line + 1}:{m.column + 1}"
                    raise ProcedureError(
                        _("{where}: khóa trùng lặp '{key}'").format(where=where, key=knode.value)
                    )
                seen[knode.value] = knode
            _check_duplicates(vnode, path)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _check_duplicates(item, path)


def load_yaml(path: Path, text: str | None = None) -> YamlDocument:
    """Parse ``path`` (or ``text``); raise ProcedureError with a position on bad YAML."""
    if text is None:
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError as exc:
            raise ProcedureError(_("{path}: không tìm thấy tệp").format(path=path)) from exc
        except (OSError, UnicodeDecodeError) as exc:
            message = _("{path}: không đọc được tệp ({error})").format(path=path, error=exc)
            raise ProcedureError(message) from exc
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return YamlDocument(path, None, None)
        _check_duplicates(root, path)
        data = loader.construct_document(root)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        pos = f":{mark.line + 1}:{mark.column + 1}" if mark else ""
        message = _("{where}: YAML không hợp lệ: {error}")
        raise ProcedureError(message.format(where=f"{path}{pos}", error=exc.problem)) from exc
    except yaml.YAMLError as exc:
        message = _("{where}: YAML không hợp lệ: {error}")
        raise ProcedureError(message.format(where=path, error=exc)) from exc
    finally:
        loader.dispose()
    return YamlDocument(path, data, root)
