"""YAML nesting: counted on the composed nodes when the text's bound says libyaml may compose
it, from the event stream otherwise (catalog/yamlsource.py), with the same message and place."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from dvc_cli.catalog import yamlsource
from dvc_cli.errors import ProcedureError


def _depth(text: str) -> int:
    """The deepest nesting of the text's events (the root collection is 1)."""
    depth = deepest = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            deepest = max(deepest, depth)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return deepest


def _block(n: int) -> str:
    return "".join(f"{'  ' * i}k{i}:\n" for i in range(n)) + f"{'  ' * n}v\n"


DEEP = {
    "flow sequences": "notes: " + "[" * 70 + "]" * 70 + "\n",
    "flow mappings": "notes: " + "{a: " * 70 + "b" + "}" * 70 + "\n",
    "single-pair mappings": "a: " + "[b: " * 40 + "c" + "]" * 40 + "\n",
    "block mappings": _block(70),
    "sequences as values": "k0:\n"
    + "".join(f"{'  ' * i}- k{i + 1}:\n" for i in range(40))
    + f"{'  ' * 40}- v\n",
    "compact sequences": "- " * 70 + "a\n",
    "explicit keys": "? " + "- " * 70 + "a\n: b\n",
    "after an alias": "a: &x [[[1]]]\nb: *x\nc: " + "[" * 66 + "]" * 66 + "\n",
    "block mappings, lines ending in CR": _block(70).replace("\n", "\r"),
    "compact sequences on lines ending in LS": "a:\u2028" + "- " * 70 + "b\n",
    "deep, then broken": "a: " + "[" * 70 + "\nb: ]]\n",
}


@pytest.mark.parametrize("name", list(DEEP))
def test_too_deep_is_said_where_the_events_say_it(name, tmp_path):
    text = DEEP[name]
    assert yamlsource._depth_bound(text) <= yamlsource._COMPOSE_SAFELY  # the nodes are counted
    path = tmp_path / "demo.yaml"
    with pytest.raises(ProcedureError) as by_events:
        yamlsource._check_depth(text, yamlsource.display_path(path), ProcedureError)
    with pytest.raises(ProcedureError) as loaded:
        yamlsource.load_yaml(path, text)
    assert "YAML lồng quá sâu (hơn 64 cấp)" in str(by_events.value)
    assert str(loaded.value) == str(by_events.value)


@pytest.mark.parametrize("name", list(DEEP))
def test_the_bound_is_never_below_the_depth(name):
    text = DEEP[name].replace("\nb: ]]\n", "]" * 70 + "\n")
    assert yamlsource._depth_bound(text) >= _depth(text) > 64


def test_the_bound_holds_for_the_bundled_files():
    for path in sorted(Path("procedures").glob("*.yaml")) + sorted(Path("examples").glob("*.y*")):
        text = path.read_text(encoding="utf-8")
        assert _depth(text) <= yamlsource._depth_bound(text) <= yamlsource._COMPOSE_SAFELY, path


def test_a_billion_laughs_is_counted_once_a_node_for_depth(tmp_path):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9)]
    with pytest.raises(
        ProcedureError, match=r"demo.yaml:\d+:\d+: YAML quá lớn khi mở rộng bí danh"
    ):
        yamlsource.load_yaml(tmp_path / "demo.yaml", "\n".join(lines) + "\n")


def test_past_the_bound_the_events_are_counted_first(tmp_path):
    text = "notes: " + "[" * 100_000 + "\n"  # libyaml would recurse 100,000 times in C
    assert yamlsource._depth_bound(text) > yamlsource._COMPOSE_SAFELY
    with pytest.raises(ProcedureError, match=r"demo.yaml:1:71: YAML lồng quá sâu"):
        yamlsource.load_yaml(tmp_path / "demo.yaml", text)
