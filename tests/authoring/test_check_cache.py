"""`dvc check` keeps the code its examples compiled and the trees it parsed between runs
(store/check_cache.py): the same findings with the files cold, warm or
broken, and a kept tree is the tree Jinja2 parses."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

from jinja2 import meta

from dvc_cli.catalog.yamlsource import load_yaml
from dvc_cli.core import expressions
from dvc_cli.errors import ProcedureError
from dvc_cli.store import check_cache

BAD = Path(__file__).parents[1] / "bad" / "procedures"


def _check(data_dir: Path, *args: str) -> tuple[int, str, str]:
    env = {**os.environ, "DVC_DATA_DIR": str(data_dir), "NO_COLOR": "1", "COLUMNS": "100"}
    env.pop("DVC_PROCEDURES_PATH", None)
    done = subprocess.run(
        [sys.executable, "-m", "dvc_cli", "check", *args], env=env, capture_output=True, text=True
    )
    return done.returncode, done.stdout, done.stderr


def _kept(data_dir: Path) -> list[Path]:
    return sorted((data_dir / "cache" / "procedures").glob("check-*"))


def test_check_says_the_same_with_its_code_and_trees_cold_warm_or_broken(data_dir, tmp_path):
    cold = _check(data_dir, "--notes")
    assert cold[0] == 0 and "đã kiểm tra 7 tệp, không có lỗi" in cold[2]
    code, docs, trees = _kept(data_dir)
    assert (code.suffix, docs.suffix, trees.suffix) == (".code", ".docs", ".trees")
    for file in (code, docs, trees):
        assert stat.S_IMODE(os.stat(file).st_mode) == 0o600
    written = {f: f.stat().st_mtime_ns for f in (code, docs, trees)}
    assert _check(data_dir, "--notes") == cold
    assert {f: f.stat().st_mtime_ns for f in (code, docs, trees)} == written  # nothing new
    held = check_cache._read(trees, check_cache._load_trees)
    for file in (code, docs, trees):
        good = file.read_bytes()
        for broken in (good[:300], b"", good[:-1] + b"\0"):
            file.write_bytes(broken)
            assert _check(data_dir, "--notes") == cold
            if file is trees:  # the same trees and names (pickle's sharing of equal strings
                # may differ from run to run)
                assert check_cache._read(trees, check_cache._load_trees) == held
            else:
                assert file.read_bytes() == good  # written again, whole
    # broken procedures, some alone and the whole folder: the same as without any cache
    # (a data folder that is a file: no cache at all), warm or cold
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    folder = tmp_path / "bad"
    shutil.copytree(BAD, folder)
    targets = [*[str(p) for p in sorted(folder.iterdir())[::8]], str(folder)]
    none = [_check(blocked, target) for target in targets]
    assert all(rc == 2 for rc, _out, _err in none)
    for data in (tmp_path / "cold", data_dir):
        assert [_check(data, target) for target in targets] == none
        assert [_check(data, target) for target in targets] == none


def test_a_kept_tree_is_the_tree_jinja2_parses(data_dir):
    _check(data_dir)
    (trees,) = [f for f in _kept(data_dir) if f.suffix == ".trees"]
    kept = check_cache._read(trees, check_cache._load_trees)
    assert len(kept) > 300  # every source of the bundled procedures
    env = expressions.environment()
    for (source, template), (tree, names) in kept.items():
        parsed = env.parse(source if template else "{{ " + source + " }}")
        assert tree == parsed, source
        assert names == tuple(sorted(meta.find_undeclared_variables(parsed))), source
        assert all(node.environment is env for node in [tree, *tree.find_all(object)])


def test_a_kept_tree_is_used_instead_of_parsing(monkeypatch):
    source = "{{ ho_ten_kept_tree | upper }}"
    tree = expressions.environment().parse("{{ other_name }}")
    monkeypatch.setattr(expressions, "_KEPT_TREES", {(source, True): (tree, ("other_name",))})
    assert expressions.template_tree(source) is tree  # the kept one, not parsed
    assert expressions.names_in(source, template=True) == {"other_name"}
    assert (source, True) not in expressions.parsed()


def test_working_out_names_leaves_the_shared_tree_as_parsed():
    """Jinja2's find_undeclared_variables folds constants in the tree it is given: the tree the
    checks read (and `dvc check` keeps) must stay the tree Jinja2 parses."""
    source = "{% set n = 1 %}{{ {0: 'xã', 1: 'phường'}.get(kind_kept, '') }}"
    tree = expressions.template_tree(source)
    assert expressions.names_in(source, template=True) == {"kind_kept"}
    assert tree == expressions.environment().parse(source)
    assert tree.find(expressions.nodes.Dict) is not None  # not folded into a constant


def test_a_kept_document_places_every_path_where_its_node_tree_does():
    procedures_dir = Path(__file__).parents[2] / "procedures"
    for path in [*sorted(procedures_dir.glob("*.yaml")), *sorted(BAD.glob("*.yaml"))]:
        duplicates: list[object] = []
        try:
            doc = load_yaml(path, duplicates=duplicates)
        except ProcedureError:
            continue  # never kept
        if doc.root is None or duplicates:
            continue  # never kept
        table = check_cache._positions(doc.root)
        kept = check_cache.KeptDocument(path, doc.data, table, path.read_text(encoding="utf-8"))
        for loc in table:  # every node, and paths that go astray from it
            for asked in (loc, (*loc, "nope"), (*loc, 0), (*loc, 1), (*loc, -1), (*loc, 99)):
                assert kept.position(asked) == doc.position(asked), (path.name, asked)
        assert kept.position(("steps", "0")) == doc.position(("steps", "0"))
        assert repr(kept.root) == repr(doc.root)  # composed again when asked for
