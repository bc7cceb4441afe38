"""Load YAML safely, keeping node positions, so errors can name file:line:column.

Only the safe loader is used (no Python tags). Files are read with a size limit, and a
document nested too deeply or expanding to too many nodes through aliases (a "billion
laughs") is refused before it is built, so a hostile file gives one message, never a crash.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from dvc_cli.catalog import yaml_messages
from dvc_cli.errors import DvcError, ProcedureError
from dvc_cli.i18n import _

try:  # libyaml is ~10x faster; fall back when PyYAML was built without it
    _Base: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Base = yaml.SafeLoader

MAX_FILE_BYTES = 2 * 1024 * 1024  # procedure and answers files are a few kB
MAX_DEPTH = 64  # nesting of mappings and sequences (the bundled files reach 8)
MAX_NODES = 200_000  # nodes once aliases are expanded (the bundled files have ~3,000)


def display_path(path: Path) -> str:
    """``path`` relative to the working directory when it is below it."""
    try:
        return os.path.relpath(path) if Path.cwd() in path.resolve().parents else str(path)
    except (ValueError, OSError):  # pragma: no cover - other drive on Windows, cwd gone
        return str(path)


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """The safe loader; a scalar Python cannot build (31 February, a 5,000-digit number)
    stays the text it is, and no other value error escapes without its position."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep=deep)
        except yaml.YAMLError:
            raise
        except (ValueError, OverflowError, TypeError, LookupError) as exc:
            if isinstance(node, yaml.ScalarNode):
                return node.value
            raise yaml.constructor.ConstructorError(
                None, None, " ".join(str(exc).split()) or type(exc).__name__, node.start_mark
            ) from exc


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


def read_text(path: Path, error: type[DvcError] = ProcedureError) -> str:
    """The UTF-8 text of ``path``, refusing what is not a readable, reasonably small text file."""
    shown = display_path(path)
    try:
        if path.is_dir():
            raise error(_("{path}: là một thư mục, không phải tệp").format(path=shown))
        with path.open("rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise error(_("{path}: không tìm thấy tệp").format(path=shown)) from None
    except PermissionError:
        raise error(_("{path}: không có quyền đọc tệp").format(path=shown)) from None
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise error(
            _("{path}: không đọc được tệp ({reason})").format(path=shown, reason=reason)
        ) from None
    if len(data) > MAX_FILE_BYTES:
        raise error(
            _("{path}: tệp quá lớn (hơn {limit} MB); không đọc").format(
                path=shown, limit=MAX_FILE_BYTES // (1024 * 1024)
            )
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        raise error(
            _("{path}:{line}:{col}: tệp không phải văn bản UTF-8 (byte 0x{byte:02x})").format(
                path=shown, line=line, col=col, byte=data[exc.start]
            )
        ) from None


def _line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based (line, column) of a reader error's offset (bytes of UTF-8 for libyaml)."""
    before = (
        text.encode("utf-8")[:offset].decode("utf-8", "ignore")
        if _Base is not yaml.SafeLoader
        else text[:offset]
    )
    index = len(before)
    return before.count("\n") + 1, index - (before.rfind("\n") + 1) + 1


def _check_depth(text: str, shown: str, error: type[DvcError]) -> None:
    """Refuse nesting deeper than ``MAX_DEPTH`` with dvc's message and position.

    libyaml composes recursively in C, so depth is counted from the event stream first.
    Some libyaml releases refuse deep flow nesting themselves, while scanning ahead, with
    their own limit, wording and a later position; when the fast parser fails, the
    pure-Python parser (which streams events without a limit of its own) counts again, so
    the limit, message and position are dvc's on every PyYAML version.
    """
    try:
        _count_depth(text, shown, error, _Base)
    except yaml.YAMLError as fast_error:
        if _Base is yaml.SafeLoader:
            raise
        try:
            _count_depth(text, shown, error, yaml.SafeLoader)
        except yaml.YAMLError:
            pass  # the fast parser's own error, with its byte positions, is reported
        raise fast_error from None


# Deepest nesting libyaml is let compose (recursively, in C) before dvc counts it; a text
# whose bound (below) is larger has its depth counted from the event stream first.
_COMPOSE_SAFELY = 1_000
# a line's head: its indentation and leading indicators, after any of YAML's line breaks
_LINE_HEAD = re.compile(r"(?:\A|[\r\n\x85\u2028\u2029])([ \t?:-]*)")


def _depth_bound(text: str) -> int:
    """At least the nesting depth of any YAML document in ``text``, cheaply.

    A block collection starts further right than the one holding it, or at the same column
    when it is a mapping's sequence value (so at most two levels a column), and at a column
    its line's indentation and leading ``- ``, ``? ``, ``: `` indicators reach (compact
    ``- - a``); a flow collection opens with ``[`` or ``{``, plus at most one single-pair
    mapping inside each ``[`` (``[a: [b: c]]``)."""
    head = max(len(m) for m in _LINE_HEAD.findall(text)) if text else 0
    return 2 * (head + 1) + 2 * text.count("[") + text.count("{")


def _check_node_depth(root: yaml.Node | None, shown: str, error: type[DvcError]) -> None:
    """:func:`_check_depth` on the composed nodes: the first collection, in document order,
    deeper than ``MAX_DEPTH`` (an alias's node counted where it is defined, as the events
    have it)."""
    seen: set[int] = set()
    stack = [(root, 1)] if root is not None else []
    while stack:
        node, depth = stack.pop()
        if isinstance(node, yaml.ScalarNode) or id(node) in seen:
            continue
        seen.add(id(node))
        if depth > MAX_DEPTH:
            raise _too_deep(node.start_mark, shown, error)
        if isinstance(node, yaml.MappingNode):
            children = [child for pair in node.value for child in pair]
        else:
            children = node.value
        stack.extend((child, depth + 1) for child in reversed(children))


def _too_deep(mark: yaml.Mark, shown: str, error: type[DvcError]) -> DvcError:
    """The error of a file nested deeper than :data:`MAX_DEPTH`, where it passes the limit."""
    return error(
        _("{path}:{line}:{col}: YAML lồng quá sâu (hơn {limit} cấp)").format(
            path=shown, line=mark.line + 1, col=mark.column + 1, limit=MAX_DEPTH
        )
    )


def _count_depth(text: str, shown: str, error: type[DvcError], loader: type) -> None:
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise _too_deep(event.start_mark, shown, error)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _walk(
    root: yaml.Node, shown: str, error: type[DvcError], duplicates: list[yaml.Node] | None
) -> None:
    """Count nodes as aliases expand them; refuse a key given twice, or add it to
    ``duplicates`` when that list is given."""
    count = 0
    stack = [root]
    while stack:
        node = stack.pop()
        count += 1
        if count > MAX_NODES:
            m = node.start_mark
            raise error(
                _("{path}:{line}:{col}: YAML quá lớn khi mở rộng bí danh (hơn {limit} nút)").format(
                    path=shown, line=m.line + 1, col=m.column + 1, limit=MAX_NODES
                )
            )
        if isinstance(node, yaml.MappingNode):
            seen: set[str] = set()
            for knode, vnode in node.value:
                if isinstance(knode, yaml.ScalarNode):
                    if knode.value in seen and duplicates is not None:
                        duplicates.append(knode)
                    elif knode.value in seen:
                        m = knode.start_mark
                        raise error(
                            _("{path}:{line}:{col}: khóa trùng lặp '{key}'").format(
                                path=shown, line=m.line + 1, col=m.column + 1, key=knode.value
                            )
                        )
                    seen.add(knode.value)
                stack.append(knode)
                stack.append(vnode)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)


def load_yaml(
    path: Path,
    text: str | None = None,
    *,
    error: type[DvcError] = ProcedureError,
    invalid: str | None = None,
    duplicates: list[yaml.Node] | None = None,
) -> YamlDocument:
    """Parse ``path`` (or ``text``); raise ``error`` with ``file:line:col`` on bad YAML.

    ``invalid`` words a syntax error (default "YAML không hợp lệ"). A key given twice is an
    error, unless a ``duplicates`` list is given: its key nodes are added there (lint.py
    reports them all).
    """
    shown = display_path(path)
    if text is None:
        text = read_text(path, error)
    invalid = invalid or _("YAML không hợp lệ")
    try:
        loader = _Loader(text)
    except UnicodeError:  # lone surrogates, only possible when ``text`` is given
        raise error(_("{path}: tệp không phải văn bản UTF-8").format(path=shown)) from None
    try:
        if _depth_bound(text) > _COMPOSE_SAFELY:
            _check_depth(text, shown, error)
            root = loader.get_single_node()
        else:  # shallow enough for libyaml: the nodes are counted, not a second parse's events
            try:
                root = loader.get_single_node()
            except yaml.YAMLError:
                _check_depth(text, shown, error)  # too deep before the error: say so, as before
                raise
            _check_node_depth(root, shown, error)
        if root is None:
            return YamlDocument(path, None, None)
        _walk(root, shown, error, duplicates)
        data = loader.construct_document(root)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        pos = f":{mark.line + 1}:{mark.column + 1}" if mark else ""
        problem = yaml_messages.describe(exc.problem or "", exc.context or "", text, mark)
        raise error(
            _("{path}{pos}: {invalid}: {problem}").format(
                path=shown, pos=pos, invalid=invalid, problem=problem
            )
        ) from exc
    except yaml.reader.ReaderError as exc:
        line, col = _line_col(text, exc.position)
        code = (
            exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
        )
        raise error(
            _(
                "{path}:{line}:{col}: {invalid}: ký tự điều khiển U+{code:04X} không được phép"
            ).format(path=shown, line=line, col=col, invalid=invalid, code=code)
        ) from exc
    except yaml.YAMLError as exc:
        raise error(
            _("{path}: {invalid}: {problem}").format(
                path=shown, invalid=invalid, problem=yaml_messages.describe(str(exc))
            )
        ) from exc
    finally:
        loader.dispose()
    return YamlDocument(path, data, root)


def locator(path: Path) -> Callable[[tuple[Any, ...]], str]:
    """``file:line:col`` of a place in ``path``, read again only when an error is reported."""

    def locate(loc: tuple[Any, ...]) -> str:
        try:
            doc = load_yaml(path)
        except DvcError:
            doc = YamlDocument(path, None, None)
        line, col = doc.position(loc)
        return f"{display_path(path)}:{line}:{col}"

    return locate
