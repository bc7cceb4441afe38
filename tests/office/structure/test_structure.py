"""The structure corpus: real office files with broken structure, each run through the real
`dvc batch` (expect.yaml says what must happen); plus the cases built here in tmp_path."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest
import yaml
from conftest import invoke

HERE = Path(__file__).resolve().parent
FILES = HERE / "files"
EXPECT: dict[str, dict] = yaml.safe_load((HERE / "expect.yaml").read_text(encoding="utf-8"))


def batch(path: Path, out: Path, *args: str):
    return invoke("batch", "single-status", str(path), "--out", str(out), *args)


def folders(out: Path) -> list[int]:
    return sorted(int(p.name) for p in out.iterdir() if re.fullmatch(r"\d{4,}", p.name))


def test_every_file_has_an_expectation():
    named = {shlex.split(key)[0] for key in EXPECT}
    assert named == {p.name for p in FILES.iterdir()}
    assert len(named) >= 15


@pytest.mark.parametrize("key", list(EXPECT))
def test_corpus(key, tmp_path):
    name, *args = shlex.split(key)
    expect = EXPECT[key]
    out = tmp_path / "out"
    result = batch(FILES / name, out, *args)
    assert result.exit_code == expect["exit"], result.output
    for text in expect.get("says", []):
        assert text in result.stderr, result.stderr
    assert "Traceback" not in result.output
    if expect["exit"] == 2:
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr  # one clear line
        assert not out.exists()
    if expect["exit"] == 0:
        assert json.loads(result.stdout.strip().splitlines()[-1])["status"] == "ok"
        assert folders(out) == expect["rows"]


def test_a_cell_over_one_megabyte_is_named_before_any_output(tmp_path):
    src = tmp_path / "big.csv"
    rows = ["full_name,birth_date,gender"] + ["Nguyễn Thị Dung,15/08/1990,nữ"] * 5
    rows[3] = "Nguyễn Thị Dung," + "x" * 1_100_000 + ",nữ"
    src.write_text("\n".join(rows) + "\n", encoding="utf-8")
    for args in ((), ("--resume",)):
        result = batch(src, tmp_path / "out", *args)
        assert result.exit_code == 2
        assert "dòng 4, cột B: một ô dài hơn 1 MB" in result.stderr
        assert not (tmp_path / "out").exists()


def test_the_stray_quote_in_a_real_run_leaves_earlier_results_alone(tmp_path):
    """A finished run, then the file gets a stray quote: --resume refuses it before writing."""
    good = FILES / "multiline-cell.csv"
    src = tmp_path / "in.csv"
    src.write_bytes(good.read_bytes())
    out = tmp_path / "out"
    assert batch(src, out).exit_code == 0
    before = sorted(p.name for p in out.iterdir())
    src.write_bytes((FILES / "stray-quote-to-end.csv").read_bytes())
    result = batch(src, out, "--resume")
    assert result.exit_code == 2 and "ô kéo đến hết tệp" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == before


def _sheet(path: Path, rows: list[list[object]], merge: str | None = None) -> Path:
    from make_corpus import IDS
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Danh sách"
    ws.append(IDS)
    for row in rows:
        ws.append(row)
    if merge:
        ws.merge_cells(merge)
    wb.save(path)
    return path


def _people(count: int) -> list[list[object]]:
    from make_corpus import people

    return [list(p) for p in people(count)]


def test_formulas_without_a_saved_result_are_named_before_any_output(tmp_path):
    """A sheet made by a program keeps formulas without their results: they would read as
    empty cells (missing answers); the file is refused, naming the cells, nothing written."""
    from make_corpus import IDS

    rows = _people(3)
    col = IDS.index("residence_address")
    rows[1][col] = '=CONCATENATE("Số 27 ", "phố Lê Hoàn")'
    rows[2][col] = "=A2"
    src = _sheet(tmp_path / "formulas.xlsx", rows)
    result = batch(src, tmp_path / "out")
    assert result.exit_code == 2, result.output
    line = result.stderr.strip()
    assert len(line.splitlines()) == 1
    letter = chr(ord("A") + col)
    assert f"có 2 ô công thức chưa lưu kết quả ({letter}3, {letter}4)" in line
    assert "mở tệp bằng Excel và lưu lại" in line
    assert not (tmp_path / "out").exists()


def test_merged_cells_over_several_rows_are_told(tmp_path):
    from make_corpus import IDS

    rows = _people(3)
    col = chr(ord("A") + IDS.index("residence_province"))
    src = _sheet(tmp_path / "merged.xlsx", rows, merge=f"{col}2:{col}4")
    result = batch(src, tmp_path / "out")
    assert f"trang tính 'Danh sách' có ô gộp ({col}2:{col}4): chỉ dòng đầu" in result.stderr
    assert "Traceback" not in result.output
    assert result.exit_code == 1  # rows 3 and 4 lack their province, each named in errors.csv
    errors = (tmp_path / "out" / "errors.csv").read_text(encoding="utf-8-sig")
    assert "\n3,residence_province," in errors and "\n4,residence_province," in errors
