"""Procedures kept between runs (store/procedure_cache.py): the same procedure with or without
the cache, a changed file seen, a broken cache file ignored, owner-only files."""

from __future__ import annotations

import hashlib
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import LOCAL_PROCEDURE

import dvc_cli
from dvc_cli.catalog import procedures, registry
from dvc_cli.core import records
from dvc_cli.errors import ProcedureError
from dvc_cli.store import procedure_cache

DEMO = (
    LOCAL_PROCEDURE
    + """\
      - id: note
        label: Ghi chú
        type: text
        required: false
        when: "{when}"
"""
)


def _new_process() -> None:
    procedures._LOADED.clear()  # only the data folder remembers


def _kept(data_dir: Path) -> list[Path]:
    return sorted((data_dir / "cache" / "procedures").glob("*.pickle"))


@pytest.fixture
def local(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "procs"
    folder.mkdir()
    monkeypatch.setenv(registry.ENV_VAR, str(folder))
    registry.reset()
    _new_process()
    yield folder
    _new_process()


def _write(folder: Path, title: str = "Thủ tục riêng", when: str = "full_name") -> Path:
    path = folder / "demo.yaml"
    path.write_text(DEMO.format(title=title, when=when), encoding="utf-8")
    return path


def test_a_procedure_is_the_same_from_its_file_and_from_the_cache(data_dir, monkeypatch):
    _new_process()
    cold = dvc_cli.load_procedure("single-status")
    (kept,) = _kept(data_dir)
    assert stat.S_IMODE(os.stat(kept).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(kept.parent).st_mode) == 0o700

    def no_reading(*args, **kwargs):
        raise AssertionError("read the file again")

    monkeypatch.setattr(procedures, "load_file", no_reading)
    _new_process()
    warm = dvc_cli.load_procedure("single-status")
    # kept as records (core/records.py): the same fields and values as the validated model
    assert isinstance(warm.model, records.Procedure)
    assert warm is not cold and warm.model == records.from_model(cold.model)
    assert warm.questions == {k: records.from_model(q) for k, q in cold.questions.items()}
    assert warm.step_of == cold.step_of
    assert warm.where("steps", 0) == cold.where("steps", 0)  # positions still read from the file


def test_a_changed_file_is_not_taken_for_the_kept_one(data_dir, local):
    path = _write(local)
    assert dvc_cli.load_procedure("demo").model.title.vi == "Thủ tục riêng"
    _new_process()
    path.write_text(path.read_text(encoding="utf-8").replace("riêng", "khác"), encoding="utf-8")
    assert dvc_cli.load_procedure("demo").model.title.vi == "Thủ tục khác"
    assert len(_kept(data_dir)) == 2
    # and a shared question changed in the folder's own _common.yaml is a new key too
    before = procedure_cache.key(path)
    (local / "_common.yaml").write_text(
        "questions:\n  full_name:\n    label: Họ, chữ đệm và tên\n    type: name\n",
        encoding="utf-8",
    )
    assert procedure_cache.key(path) != before


def test_a_procedure_that_fails_its_checks_is_never_kept(data_dir, local):
    _write(local, when="nobody_asked")
    for _ in range(2):
        _new_process()
        with pytest.raises(ProcedureError, match="nobody_asked"):
            dvc_cli.load_procedure("demo")
    assert _kept(data_dir) == []


def test_a_broken_cache_file_is_ignored_and_made_again(data_dir, local):
    _write(local)
    cold = dvc_cli.load_procedure("demo").model
    (kept,) = _kept(data_dir)
    good = kept.read_bytes()
    for broken in (good[:500], b"", b"not a pickle", good.replace(b"demo", b"omed")):
        kept.write_bytes(broken)
        _new_process()
        assert dvc_cli.load_procedure("demo").model == cold
        assert kept.read_bytes() == good  # written again


def test_a_kept_procedure_imports_no_pydantic(data_dir):
    """What the cache saves: in a new process, a kept procedure is not validated again, so
    neither pydantic nor the schema's models are even imported (nor, a fortiori, validators
    built or plugins loaded)."""
    code = (
        "import sys, dvc_cli\n"
        "proc = dvc_cli.load_procedure('single-status')\n"
        "print(proc.model.title.vi)\n"
        "print('pydantic' in sys.modules, 'dvc_cli.core.schema' in sys.modules)\n"
    )
    env = {**os.environ, "DVC_DATA_DIR": str(data_dir)}
    runs = [
        subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        ).stdout.splitlines()
        for _ in range(2)
    ]
    assert runs[0] == ["Cấp Giấy xác nhận tình trạng hôn nhân", "True True"]
    assert runs[1] == ["Cấp Giấy xác nhận tình trạng hôn nhân", "False False"]


@pytest.mark.parametrize("command", ["fill", "batch"])
def test_a_warm_fill_or_batch_imports_no_pydantic(command, data_dir, tmp_path):
    """The whole ``dvc fill --example --no-input`` of a kept procedure, or a ``dvc batch`` of
    its CSV template's example row: no pydantic."""
    out = str(tmp_path / "out")
    if command == "fill":
        argv = ["fill", "single-status", "--example", "--no-input", "--out", out, "--force"]
    else:
        rows = tmp_path / "rows.csv"
        made = subprocess.run(
            [sys.executable, "-m", "dvc_cli", "csv-template", "single-status"],
            env={**os.environ, "DVC_DATA_DIR": str(tmp_path / "elsewhere")},  # no cache here
            capture_output=True,
            check=True,
        )
        rows.write_bytes(made.stdout)
        argv = ["batch", "single-status", str(rows), "--out", out, "--jobs", "1"]
    code = (
        "import sys, runpy, shutil\n"
        f"sys.argv = ['dvc', *{argv!r}]\n"
        "try:\n"
        "    runpy.run_module('dvc_cli', run_name='__main__')\n"
        "except SystemExit as exc:\n"
        "    assert not exc.code, exc.code\n"
        f"shutil.rmtree({out!r}, ignore_errors=True)\n"
        "print('pydantic' in sys.modules, file=sys.stderr)\n"
    )
    env = {**os.environ, "DVC_DATA_DIR": str(data_dir), "NO_COLOR": "1"}
    said = [
        subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        ).stderr.splitlines()[-1]
        for _ in range(2)
    ]
    assert said == ["True", "False"]


def _fill(data_dir: Path, out: Path, procedure: str = "single-status") -> dict[str, str]:
    """One ``dvc fill --example`` in its own process: its files' SHA-256 and its terminal."""
    env = {**os.environ, "DVC_DATA_DIR": str(data_dir), "NO_COLOR": "1", "COLUMNS": "100"}
    argv = ["fill", procedure, "--example", "--no-input", "--out", str(out), "--force"]
    done = subprocess.run(
        [sys.executable, "-m", "dvc_cli", *argv], env=env, capture_output=True, check=True
    )
    files = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(out.iterdir())}
    return {**files, "stdout": done.stdout.decode(), "stderr": done.stderr.decode()}


@pytest.mark.parametrize("procedure", sorted(procedures.procedure_files()))
def test_every_bundled_example_fills_the_same_from_the_cache(procedure, data_dir, tmp_path):
    """Cold (validated models) and warm (records from the cache): the same bytes, the same
    terminal."""
    runs = [_fill(data_dir, tmp_path / "out", procedure) for _ in range(2)]
    assert runs[0] == runs[1]
    assert sorted((data_dir / "cache" / "procedures").glob("*.pickle"))


def test_the_code_of_a_procedures_templates_is_kept_beside_it(data_dir, tmp_path):
    cold = _fill(data_dir, tmp_path / "out")
    (code,) = sorted((data_dir / "cache" / "procedures").glob("*.code"))
    assert stat.S_IMODE(os.stat(code).st_mode) == 0o600
    written = code.stat().st_mtime_ns
    assert _fill(data_dir, tmp_path / "out") == cold
    assert code.stat().st_mtime_ns == written  # nothing compiled again: nothing to add
    good = code.read_bytes()
    for broken in (good[:300], b"", good[:-1] + b"\0"):
        code.write_bytes(broken)
        assert _fill(data_dir, tmp_path / "out") == cold
        assert len(code.read_bytes()) == len(good)  # written again, whole


def test_a_cache_file_others_may_write_is_not_read(data_dir):
    _new_process()
    cold = dvc_cli.load_procedure("single-status").model
    (kept,) = _kept(data_dir)
    kept.chmod(0o666)
    assert procedure_cache.KEEPER.get(procedures.procedure_files()["single-status"]) is None
    _new_process()
    assert dvc_cli.load_procedure("single-status").model == cold
    assert stat.S_IMODE(os.stat(kept).st_mode) == 0o600  # written again, owner-only


def test_without_a_usable_data_folder_there_is_simply_no_cache(tmp_path, monkeypatch):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("DVC_DATA_DIR", str(blocked))
    _new_process()
    assert dvc_cli.load_procedure("single-status").id == "single-status"
    _new_process()


def test_a_procedure_whose_id_is_not_its_file_name_is_never_kept(data_dir, local):
    path = _write(local)
    path.rename(local / "other.yaml")
    for _ in range(2):
        _new_process()
        with pytest.raises(ProcedureError, match="other.yaml"):
            dvc_cli.load_procedure("other")
    assert _kept(data_dir) == []
