"""`dvc batch` and `dvc csv-template`: spreadsheets in, one folder per resident out."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import re
import signal
import subprocess
import sys
import time
import unicodedata
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import DIVORCED, SINGLE, WIDOWED, invoke, pdf_text
from pypdf import PdfReader

from dvc_cli.batch import cells, columns, runner
from dvc_cli.batch.row import TEST_DELAY_ENV
from dvc_cli.batch.store import STATE_DIR, safe_cell
from dvc_cli.batch.table import open_table, sniff_delimiter
from dvc_cli.batch.template import template_row
from dvc_cli.catalog import procedures

REPO = Path(__file__).resolve().parents[2]
# the csv-template's header: question ids in order, a list's items numbered (two of them)
IDS = template_row(procedures.load("single-status"))[0]
FILES = {"to-khai.pdf", "checklist.pdf", "checklist.md", "answers.yaml"}


def write_csv(
    path: Path,
    rows: list[dict[str, Any]],
    *,
    header: list[str] | None = None,
    rename: dict[str, str] | None = None,
    delimiter: str = ",",
    bom: bool = False,
) -> Path:
    """Rows (question id → cell) as a CSV; ``rename`` gives some columns another header."""
    header = header or [q for q in IDS if any(q in r for r in rows)]
    rename = rename or {}
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=delimiter)
        writer.writerow([rename.get(h, h) for h in header])
        for row in rows:
            writer.writerow(["" if row.get(h) is None else row.get(h) for h in header])
    return path


def run(*args: str):
    result = invoke("batch", "single-status", *args)
    summary = None
    lines = result.stdout.strip().splitlines()
    if lines and lines[-1].startswith("{"):
        summary = json.loads(lines[-1])
    return result, summary


def row_dirs(out: Path) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for entry in out.iterdir():
        m = re.match(r"^(\d{4,})(-|$)", entry.name)
        if m and entry.is_dir():
            found.setdefault(int(m.group(1)), []).append(entry.name)
    return found


def read_report(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel needs the BOM to show Vietnamese
    return list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))


def assert_complete(out: Path, folder: str) -> None:
    assert {p.name for p in (out / folder).iterdir()} == FILES
    for name in ("to-khai.pdf", "checklist.pdf"):
        assert len(PdfReader(out / folder / name).pages) >= 1


# -- csv-template -----------------------------------------------------------------------------
def test_csv_template_has_ids_in_order_and_an_example_that_passes(tmp_path):
    result = invoke("csv-template", "single-status")
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert text.startswith("\ufeff")  # not a terminal: ready for Excel
    header, example = list(csv.reader(text.lstrip("\ufeff").splitlines()))
    assert header == IDS
    assert example[IDS.index("full_name")] == "Nguyễn Thị Dung"
    assert example[IDS.index("divorce_ref")] == ""  # asked only of divorced people
    path = tmp_path / "residents.csv"
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    result, summary = run(str(path), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert summary["ok"] == 1 and summary["failed"] == 0
    assert row_dirs(out) == {2: ["0002"]}
    assert_complete(out, "0002")
    assert not (out / "errors.csv").exists()


def test_csv_template_without_bom():
    result = invoke("csv-template", "single-status", "--no-bom")
    assert result.exit_code == 0
    assert result.stdout.startswith("full_name,birth_date,")


# -- good and bad rows ------------------------------------------------------------------------
NFD_NAME = unicodedata.normalize("NFD", "Nguyễn Thị Dung")
BAD_ID = {**SINGLE, "id_number": "038096004521"}  # digit 4 says male, the row says female
FUTURE = {**SINGLE, "full_name": "Lê Thị Hoa", "birth_date": "01/01/2099"}
ELSEWHERE = {**SINGLE, "full_name": "Phạm Thị Mai", "residence_commune": "Phường Hoàn Kiếm"}
NO_BIRTH = {**SINGLE, "full_name": "Vũ Thị Hạnh", "birth_date": ""}
TRAVERSAL = {**SINGLE, "full_name": "../../x"}
FORMULA = {**SINGLE, "full_name": "=cmd|' /C calc'!A0"}
NFD = {**SINGLE, "full_name": NFD_NAME}
TWIN = dict(SINGLE)  # same name as row 2: a folder of its own (--name-folders)


@pytest.fixture
def mixed(tmp_path):
    """A semicolon CSV with a BOM, some columns headed by labels, good and bad rows."""
    rows = [SINGLE, BAD_ID, FUTURE, ELSEWHERE, NO_BIRTH, TRAVERSAL, FORMULA, NFD, TWIN, {}]
    rows += [DIVORCED, WIDOWED]
    header = ["STT", *(q for q in IDS if any(q in r for r in rows))]
    rows = [{"STT": str(i), **r} if r else {} for i, r in enumerate(rows, 1)]
    rename = {
        "full_name": "Họ và tên",
        "birth_date": "Ngay thang sinh",
        "id_number": "Số định danh",
    }
    return write_csv(
        tmp_path / "residents.csv", rows, header=header, rename=rename, delimiter=";", bom=True
    )


def test_good_rows_get_folders_bad_rows_get_errors(mixed, tmp_path):
    out = tmp_path / "out"
    result, summary = run(str(mixed), "--out", str(out), "--jobs", "2")
    assert result.exit_code == 1, result.output
    assert summary["ok"] == 5 and summary["failed"] == 6 and summary["blank_rows"] == 1
    # Unknown columns and guessed ones are reported once, before any row.
    assert result.stderr.count("bỏ qua 1 cột không khớp câu hỏi nào: 'STT' (cột A)") == 1
    assert "'Họ và tên' (cột B) được hiểu" not in result.stderr  # a synonym: no guess
    assert "cột 'Ngay thang sinh' (cột C) được hiểu là birth_date" in result.stderr

    dirs = row_dirs(out)
    assert dirs == {row: [f"{row:04d}"] for row in (2, 9, 10, 12, 13)}  # no name by default
    for names in dirs.values():
        assert_complete(out, names[0])
    # Nothing escaped the output folder.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "residents.csv"]
    assert not list(tmp_path.rglob("x")) and not list(out.glob(".tmp-*"))
    # The NFD name is stored and printed in NFC.
    answers = yaml.safe_load((out / "0009" / "answers.yaml").read_text("utf-8"))
    assert answers["answers"]["full_name"] == "Nguyễn Thị Dung"
    assert "NGUYỄN THỊ DUNG" in pdf_text(out / "0009" / "to-khai.pdf")
    assert (out / "0002" / "answers.yaml").stat().st_mode & 0o077 == 0

    manifest = read_report(out / "manifest.csv")
    assert [(m["row"], m["status"]) for m in manifest] == [
        ("2", "ok"), ("3", "error"), ("4", "error"), ("5", "error"), ("6", "error"),
        ("7", "error"), ("8", "error"), ("9", "ok"), ("10", "ok"), ("12", "ok"), ("13", "ok"),
    ]  # fmt: skip
    assert manifest[0]["files"].split(";") == [
        f"0002/{f}" for f in ("to-khai.pdf", "checklist.pdf", "checklist.md", "answers.yaml")
    ]


def test_name_folders_adds_the_ascii_name_to_the_row_number(mixed, tmp_path):
    out = tmp_path / "out"
    result, summary = run(str(mixed), "--out", str(out), "--jobs", "2", "--name-folders")
    assert result.exit_code == 1, result.output
    assert summary["ok"] == 5 and summary["failed"] == 6
    assert row_dirs(out) == {
        2: ["0002-truong-thi-anh-tuyet"],
        9: ["0009-nguyen-thi-dung"],  # the NFD name: the same ASCII name
        10: ["0010-truong-thi-anh-tuyet"],  # the twin of row 2: its own folder
        12: ["0012-nguyen-thi-dung"],
        13: ["0013-le-van-hung"],
    }
    assert_complete(out, "0009-nguyen-thi-dung")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "residents.csv"]
    assert not list(tmp_path.rglob("x")) and not list(out.glob(".tmp-*"))
    manifest = read_report(out / "manifest.csv")
    assert manifest[0]["folder"] == "0002-truong-thi-anh-tuyet"
    assert manifest[0]["files"].startswith("0002-truong-thi-anh-tuyet/to-khai.pdf;")


def test_error_report_contents(mixed, tmp_path):
    out = tmp_path / "out"
    run(str(mixed), "--out", str(out))
    errors = read_report(out / "errors.csv")
    by_row = {int(e["row"]): e for e in errors}
    assert sorted(by_row) == [3, 4, 5, 6, 7, 8] and len(errors) == 6
    assert by_row[3]["column"] == "Số định danh"
    assert "chữ số thứ 4 (0) là của người giới tính nam" in by_row[3]["message"]
    assert by_row[3]["value"] == "0380******21"
    assert by_row[4]["column"] == "Ngay thang sinh"
    assert by_row[4]["message"] == "ngày ở tương lai"
    assert by_row[5]["column"] == "residence_commune"
    assert "Thanh Hóa không có xã/phường/đặc khu 'Phường Hoàn Kiếm'" in by_row[5]["message"]
    assert by_row[5]["value"] == "Phường Hoàn Kiếm"
    assert (by_row[6]["column"], by_row[6]["message"]) == (
        "Ngay thang sinh",
        "thiếu câu trả lời bắt buộc",
    )
    assert by_row[7]["column"] == "Họ và tên" and by_row[7]["value"] == "../../x"
    assert by_row[8]["value"] == "'=cmd|' /C calc'!A0"  # neutralised for spreadsheets
    raw = (out / "errors.csv").read_text("utf-8-sig")
    assert not re.search(r"\d{9}", raw)  # no ID number in the clear
    assert (out / "errors.csv").stat().st_mode & 0o077 == 0
    # Every cell a spreadsheet could run as a formula is defused.
    for e in errors:
        for cell in e.values():
            assert not cell.startswith(("=", "+", "-", "@"))


def test_all_rows_valid_exits_0_and_zip_packs_everything(tmp_path):
    src = write_csv(tmp_path / "in.csv", [SINGLE, DIVORCED], delimiter="\t")
    out = tmp_path / "out"
    result, summary = run(str(src), "--out", str(out), "--zip", "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert summary["ok"] == 2 and summary["failed"] == 0 and summary["errors"] is None
    archive = Path(summary["zip"])
    assert archive.parent == out and archive.name.startswith("single-status-")
    with zipfile.ZipFile(archive) as zf:
        names = set(zf.namelist())
    expected = {"manifest.csv"} | {f"{d}/{f}" for d in ("0002", "0003") for f in FILES}
    assert names == expected
    assert archive.stat().st_mode & 0o077 == 0


def test_summary_has_no_personal_data(mixed, tmp_path):
    result, _ = run(str(mixed), "--out", str(tmp_path / "out"))
    shown = result.stdout + result.stderr
    for secret in ("Trương", "TRƯƠNG", "038196004521", "004521", "Nguyễn", "Hoàn Kiếm"):
        assert secret not in shown


# -- columns ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("header", "qid"),
    [
        ("full_name", "full_name"),
        ("Full Name", "full_name"),
        ("Họ, chữ đệm, tên", "full_name"),
        ("HO, CHU DEM, TEN", "full_name"),
        ("Ho ten", "full_name"),
        ("Họ và tên", "full_name"),
        (unicodedata.normalize("NFD", "Họ tên"), "full_name"),
        ("Ngày sinh", "birth_date"),
        ("Date of birth", "birth_date"),
        ("Giới tính", "gender"),
        ("Số định danh", "id_number"),
        ("residence commune", "residence_commune"),
        ("Ngày sinh của người đó", "partner_birth_date"),
    ],
)
def test_columns_match_by_id_or_label(header, qid):
    cmap = columns.match_columns([header], procedures.load("single-status"))
    assert cmap.questions == {0: qid}


def test_unmatched_and_ambiguous_columns_are_left_out():
    cmap = columns.match_columns(
        ["Ghi chú", "Tên", "", "full_name"], procedures.load("single-status")
    )
    assert cmap.questions == {3: "full_name"}
    assert cmap.unknown == [0, 1]


def test_missing_required_column_stops_before_any_output(tmp_path):
    src = write_csv(tmp_path / "in.csv", [SINGLE], header=[q for q in SINGLE if q != "gender"])
    out = tmp_path / "out"
    result, _ = run(str(src), "--out", str(out))
    assert result.exit_code == 2
    assert "thiếu cột bắt buộc: gender (Giới tính)" in result.stderr
    assert "dvc csv-template single-status" in result.stderr
    assert not out.exists()


def test_two_columns_for_one_question_stop_the_run(tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("full_name,Ho ten\nA,B\n", encoding="utf-8")
    result, _ = run(str(src), "--out", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert "cùng là câu hỏi full_name" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "tệp trống"),
        ("full_name\nBùi\n".encode("latin-1"), "dòng 2 không phải chữ UTF-8"),
    ],
)
def test_unreadable_input_exits_2(tmp_path, content, message):
    src = tmp_path / "in.csv"
    src.write_bytes(content)
    result, _ = run(str(src), "--out", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert message in result.stderr
    assert not (tmp_path / "out").exists()


def test_missing_input_and_old_excel_exit_2(tmp_path):
    result, _ = run(str(tmp_path / "nope.csv"), "--out", str(tmp_path / "out"))
    assert result.exit_code == 2 and "không tìm thấy tệp" in result.stderr
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    result, _ = run(str(tmp_path / "old.xls"), "--out", str(tmp_path / "out"))
    assert result.exit_code == 2 and ".xls cũ" in result.stderr


@pytest.mark.parametrize(
    ("sample", "expected"),
    [
        ('"Họ, chữ đệm, tên";Ngày sinh;Giới tính\n"Lê Văn A";01/02/1990;Nam\n', ";"),
        ("full_name,birth_date\nA,01/02/1990\n", ","),
        ("full_name\tbirth_date\nA, B\t01/02/1990\n", "\t"),
        ('full_name,residence_address\nA,"Số 5; ngõ 3"\nB,"Số 7; ngõ 1"\n', ","),
        ("full_name\nA\n", ","),
    ],
)
def test_delimiter_is_sniffed(sample, expected):
    assert sniff_delimiter(sample) == expected


def test_rows_keep_spreadsheet_numbers_across_multiline_cells_and_blank_lines(tmp_path):
    path = tmp_path / "in.csv"
    path.write_text('a,b\n1,"two\nlines"\n\n4,x\n', encoding="utf-8")
    with open_table(path) as table:
        assert table.header == ["a", "b"]
        assert list(table.rows) == [(2, ["1", "two\nlines"]), (3, []), (4, ["4", "x"])]


# -- Excel ------------------------------------------------------------------------------------
def test_xlsx_with_spreadsheet_dates_numbers_and_a_chosen_sheet(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = "Hướng dẫn"
    wb.active["A1"] = "Điền trang Dân cư"
    ws = wb.create_sheet("Dân cư")
    header = [*SINGLE, "copies", "had_other_residence"]
    ws.append(header)
    row = dict(SINGLE)
    row["birth_date"] = dt.datetime(1996, 4, 21)  # a date cell
    row["id_issue_date"] = dt.date(2024, 7, 12)
    row["id_number"] = 38196004521  # a number cell: Excel dropped the leading zero
    ws.append([*(row[h] for h in SINGLE), 1, False])
    ws.append([None] * len(header))  # an empty row, as spreadsheets often end
    second = {**row, "full_name": unicodedata.normalize("NFD", "Đỗ Thị Hà")}
    ws.append([*(second[h] for h in SINGLE), 0, "không"])
    path = tmp_path / "residents.xlsx"
    wb.save(path)

    result, _ = run(str(path), "--out", str(tmp_path / "first"))
    assert result.exit_code == 2 and "thiếu cột bắt buộc" in result.stderr  # first sheet

    out = tmp_path / "out"
    result, summary = run(str(path), "--out", str(out), "--sheet", "Dân cư")
    assert result.exit_code == 0, result.output
    assert summary["ok"] == 2 and summary["blank_rows"] == 1
    assert row_dirs(out) == {2: ["0002"], 4: ["0004"]}
    saved = yaml.safe_load((out / "0002" / "answers.yaml").read_text("utf-8"))
    assert saved["answers"]["birth_date"] == "21/04/1996"
    assert saved["answers"]["id_number"] == "038196004521"
    assert saved["answers"]["copies"] == 1

    result, _ = run(str(path), "--out", str(tmp_path / "x"), "--sheet", "Không có")
    assert result.exit_code == 2 and "không có trang tính 'Không có'" in result.stderr


def test_cell_answers_from_spreadsheets():
    q = procedures.load("single-status").questions
    assert cells.cell_answer(q["birth_date"], dt.datetime(1990, 8, 15)) == dt.date(1990, 8, 15)
    assert cells.cell_answer(q["divorce_ref"], dt.datetime(2020, 3, 5)) == "05/03/2020"
    assert cells.cell_answer(q["id_number"], 1190012345) == "001190012345"
    assert cells.cell_answer(q["id_number"], 123456789) == "123456789"  # old 9-digit card
    assert cells.cell_answer(q["copies"], 2.0) == 2
    assert cells.cell_answer(q["full_name"], "  ") is None
    assert cells.cell_answer(q["had_other_residence"], True) is True


def test_report_cells_are_defused():
    for cell in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx"):
        assert safe_cell(cell).startswith("'")
    assert safe_cell("Nguyễn") == "Nguyễn"


def test_report_cells_show_invisible_characters():
    """A NUL, a lone CR or a zero-width space in errors.csv is shown as its code, not raw."""
    assert safe_cell("Nguyễn\u200b Thị Dung") == "Nguyễn<U+200B> Thị Dung"
    assert safe_cell("Số 27\x00 phố Lê Hoàn") == "Số 27<U+0000> phố Lê Hoàn"
    assert safe_cell("\ufeffTrương Thị Ánh Tuyết") == "<U+FEFF>Trương Thị Ánh Tuyết"
    assert safe_cell("a\rb") == "a<U+000D>b"
    assert safe_cell("Số 27\tphố") == "Số 27\tphố"  # a tab stays a tab


# -- resume -----------------------------------------------------------------------------------
def many(n: int) -> list[dict[str, Any]]:
    given = ["An", "Bình", "Chi", "Dung", "Giang", "Hà", "Khánh", "Linh", "Mai", "Ngọc"]
    return [{**SINGLE, "full_name": f"Trần Thị {given[i % 10]}"} for i in range(n)]


@pytest.mark.parametrize(
    ("name_folders", "resume_args", "first"),
    [
        (False, ["--name-folders"], "0002"),  # a resumed run keeps the naming it started with
        (True, [], "0002-tran-thi-an"),
    ],
)
def test_interrupted_run_keeps_finished_rows_and_resume_finishes(
    tmp_path, name_folders, resume_args, first
):
    src = write_csv(tmp_path / "in.csv", many(6))
    out = tmp_path / "out"
    proc = procedures.load("single-status")
    seen = []

    def stop_after_two(outcome):
        seen.append(outcome.row)
        if len(seen) == 2:
            raise KeyboardInterrupt

    batch = runner.Batch(proc, src, out, name_folders=name_folders)
    with batch as b, pytest.raises(runner.BatchInterrupted) as stop:
        b.run(jobs=1, on_row=stop_after_two)
    assert stop.value.summary.ok == 2 and stop.value.summary.interrupted
    assert sorted(row_dirs(out)) == [2, 3]
    assert len(read_report(out / "manifest.csv")) == 2  # what is done is listed already

    result, _ = run(str(src), "--out", str(out))  # without --resume: refused
    assert result.exit_code == 2 and "--resume" in result.stderr

    result, summary = run(str(src), "--out", str(out), "--resume", *resume_args)
    assert result.exit_code == 0, result.output
    assert summary["done_before"] == 2 and summary["processed"] == 4 and summary["ok"] == 6
    dirs = row_dirs(out)
    assert sorted(dirs) == [2, 3, 4, 5, 6, 7] and dirs[2] == [first]
    assert all(names[0].startswith(f"{row:04d}-") == name_folders for row, names in dirs.items())


def test_resume_of_a_run_from_before_name_folders_keeps_the_names(tmp_path):
    """A version 1 state (no name_folders): its folders had the person's name."""
    src = write_csv(tmp_path / "in.csv", many(3))
    out = tmp_path / "out"
    assert run(str(src), "--out", str(out), "--name-folders", "--jobs", "1")[0].exit_code == 0
    state = out / STATE_DIR / "state.json"
    saved = json.loads(state.read_text("utf-8"))
    assert saved["name_folders"] is True and saved["version"] == 2
    del saved["name_folders"]
    state.write_text(json.dumps({**saved, "version": 1}), encoding="utf-8")
    journal = out / STATE_DIR / "journal.jsonl"
    journal.write_text(journal.read_text("utf-8").splitlines(keepends=True)[0], encoding="utf-8")
    for folder in ("0003-tran-thi-binh", "0004-tran-thi-chi"):
        for f in (out / folder).iterdir():
            f.unlink()
        (out / folder).rmdir()
    result, summary = run(str(src), "--out", str(out), "--resume")
    assert result.exit_code == 0, result.output
    assert summary["processed"] == 2
    assert row_dirs(out) == {
        2: ["0002-tran-thi-an"],
        3: ["0003-tran-thi-binh"],
        4: ["0004-tran-thi-chi"],
    }


def test_resume_refuses_a_changed_input_or_a_folder_without_a_run(tmp_path):
    src = write_csv(tmp_path / "in.csv", many(2))
    out = tmp_path / "out"
    assert run(str(src), "--out", str(out))[0].exit_code == 0
    write_csv(src, many(3))
    result, _ = run(str(src), "--out", str(out), "--resume")
    assert result.exit_code == 2 and "đã khác lần chạy trước" in result.stderr
    result, _ = run(str(src), "--out", str(tmp_path / "other"), "--resume")
    assert result.exit_code == 2 and "không có lần chạy nào để tiếp tục" in result.stderr
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "note.txt").write_text("x")
    result, _ = run(str(src), "--out", str(tmp_path / "busy"))
    assert result.exit_code == 2 and "thư mục không trống" in result.stderr


@pytest.mark.parametrize("naming", [[], ["--name-folders"]])
def test_resume_repairs_what_a_kill_can_leave(tmp_path, naming):
    """Every state a kill can leave: a half-written temporary folder, a folder renamed into
    place but not journaled, a journal line cut in the middle, a file cut short (power loss);
    row folders named by number only or with the name too."""
    src = write_csv(tmp_path / "in.csv", many(6))
    out = tmp_path / "out"
    assert run(str(src), "--out", str(out), *naming)[0].exit_code == 0
    folders = {row: names[0] for row, names in row_dirs(out).items()}
    assert folders[4] == ("0004-tran-thi-chi" if naming else "0004")
    journal = out / STATE_DIR / "journal.jsonl"
    lines = journal.read_text("utf-8").splitlines(keepends=True)
    by_row = {json.loads(line)["row"]: line for line in lines}
    # Rows 6 and 7: renamed into place, never journaled (the last line cut in half).
    kept = [by_row[r] for r in (2, 3, 4, 5)]
    journal.write_text("".join(kept) + by_row[6][:15], encoding="utf-8")
    # Row 5: its PDF cut short. Row 4: gone. A temporary folder from a killed worker.
    cut = out / folders[5] / "checklist.pdf"
    cut.write_bytes(cut.read_bytes()[:1000])
    for f in (out / folders[4]).iterdir():
        f.unlink()
    (out / folders[4]).rmdir()
    tmp = out / f".tmp-{folders[4]}-999"
    tmp.mkdir()
    (tmp / "to-khai.pdf").write_bytes(b"%PDF-1.4 cut")
    (out / "manifest.csv").unlink()
    untouched = {r: (out / folders[r] / "to-khai.pdf").stat().st_ino for r in (2, 6, 7)}

    result, summary = run(str(src), "--out", str(out), "--resume")
    assert result.exit_code == 0, result.output
    assert summary["processed"] == 2 and summary["ok"] == 6  # rows 4 and 5 done again
    assert {r: len(n) for r, n in row_dirs(out).items()} == dict.fromkeys(range(2, 8), 1)
    for row in range(2, 8):
        assert_complete(out, folders[row])
    for row, inode in untouched.items():
        assert (out / folders[row] / "to-khai.pdf").stat().st_ino == inode  # not redone
    assert not list(out.glob(".tmp-*"))
    assert [m["row"] for m in read_report(out / "manifest.csv")] == [str(r) for r in range(2, 8)]
    rows = [json.loads(x)["row"] for x in journal.read_text("utf-8").splitlines()]
    assert sorted(set(rows)) == list(range(2, 8))


def _journal_rows(out: Path) -> int:
    try:
        text = (out / STATE_DIR / "journal.jsonl").read_text("utf-8")
    except OSError:
        return 0
    return text.count("\n")


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_resume_after_sigkill_makes_every_row_exactly_once(tmp_path):
    rows = many(12)
    rows[4] = {**rows[4], "birth_date": "01/01/2099"}  # one failure, recorded once too
    src = write_csv(tmp_path / "in.csv", rows)
    out = tmp_path / "out"
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        TEST_DELAY_ENV: "0.25",  # slow enough to be killed mid-run
    }
    cmd = [sys.executable, "-m", "dvc_cli", "batch", "single-status", str(src), "--out", str(out)]
    killed = subprocess.Popen(
        [*cmd, "--jobs", "2"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 60
    while _journal_rows(out) < 4 and killed.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    killed.send_signal(signal.SIGKILL)
    killed.wait()
    assert killed.returncode == -signal.SIGKILL
    done_before = _journal_rows(out)
    assert 4 <= done_before < 12
    # Whatever is in place is whole: a PDF is never left cut short.
    for names in row_dirs(out).values():
        assert_complete(out, names[0])

    env.pop(TEST_DELAY_ENV)
    resumed = subprocess.run([*cmd, "--resume"], env=env, capture_output=True, timeout=120)
    assert resumed.returncode == 1, resumed.stderr.decode()  # row 6 is invalid
    summary = json.loads(resumed.stdout)
    assert summary["ok"] == 11 and summary["failed"] == 1
    dirs = row_dirs(out)
    assert sorted(dirs) == [r for r in range(2, 14) if r != 6]
    assert all(len(names) == 1 for names in dirs.values())
    for names in dirs.values():
        assert_complete(out, names[0])
    assert not list(out.glob(".tmp-*"))
    journal = [json.loads(x)["row"] for x in (out / STATE_DIR / "journal.jsonl").open()]
    assert sorted(journal) == list(range(2, 14))  # each row journaled exactly once
    manifest = read_report(out / "manifest.csv")
    assert [int(m["row"]) for m in manifest] == list(range(2, 14))
    assert [int(e["row"]) for e in read_report(out / "errors.csv")] == [6]


def test_letters_outside_the_fast_font_subset_are_drawn_by_reportlab(tmp_path):
    """Ł is in the bundled font but not in the fixed subset: same outputs, slower path."""
    from dvc_cli.render import pdf_text

    assert not pdf_text.in_fixed_subset(["Ł"]) and pdf_text.in_fixed_subset(
        ["Nguyễn Thị Ánh Tuyết — Müller"]
    )
    src = write_csv(tmp_path / "in.csv", [{**SINGLE, "full_name": "Łucja Nowak"}, SINGLE])
    out = tmp_path / "out"
    result, summary = run(str(src), "--out", str(out))
    assert result.exit_code == 0, result.output
    folder = out / "0002"
    assert "ŁUCJA NOWAK" in pdf_text_of(folder / "to-khai.pdf")
    assert "Thẻ căn cước của Łucja Nowak" in pdf_text_of(folder / "checklist.pdf")
    fast = pdf_text_of(out / "0003" / "checklist.pdf")
    assert "Thẻ căn cước của Trương Thị Ánh Tuyết" in fast


def pdf_text_of(path: Path) -> str:
    return re.sub(r"\s+", " ", pdf_text(path))


def test_csv_template_examples_can_be_relative_to_today():
    import datetime as dt

    from dvc_cli.batch.template import _example
    from dvc_cli.catalog import procedures
    from dvc_cli.core.engine import Interview

    proc = procedures.load("residence-registration")
    interview = Interview(proc, {}, today=dt.date(2030, 1, 15))
    assert _example(interview, proc.questions["stay_until"]) == "15/01/2031"


@pytest.mark.parametrize(
    ("column", "cell", "says"),
    [
        ("id_number", "3.81952E+10", "Excel đã đổi số định danh sang dạng khoa học"),
        ("id_number", "12345678", "nếu là số CMND 9 số cũ, Excel đã bỏ số 0 ở đầu"),
        ("birth_date", "35292", "ô chứa số ngày kiểu Excel"),
    ],
)
def test_what_excel_did_to_a_cell_is_named(tmp_path, column, cell, says):
    """Numbers Excel reformatted get a message that says what happened and what to do."""
    src = write_csv(tmp_path / "in.csv", [SINGLE, {**SINGLE, column: cell}])
    result, summary = run(str(src), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1, result.output
    assert summary["ok"] == 1 and summary["failed"] == 1
    errors = (tmp_path / "out" / "errors.csv").read_text(encoding="utf-8-sig")
    line = next(x for x in errors.splitlines() if x.startswith(f"3,{column},"))
    assert says in line


@pytest.mark.parametrize("sparse", [False, True])
def test_the_benchmark_residents_are_valid(sparse):
    """benchmarks/batch.py measures valid rows only: its fictional residents must pass every
    rule of the procedure (a new rule once made the benchmark fail outright)."""
    import importlib.util
    import random

    spec = importlib.util.spec_from_file_location(
        "dvc_bench_batch", REPO / "benchmarks" / "batch.py"
    )
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    from dvc_cli.core.engine import Interview

    proc = procedures.load("single-status")
    rng = random.Random(7)
    for _ in range(300):
        row = bench.resident(rng, dt.date.today(), sparse=sparse)
        answers = {k: v for k, v in row.items() if v != ""}
        interview = Interview(proc, answers)
        interview.apply_defaults()
        assert interview.is_complete(), [str(p) for p in interview.problems()]


def test_the_garbage_collector_is_set_for_the_rows_and_given_back(tmp_path):
    # batch/pool.py: during the rows, start-up's objects are frozen out of the collector's
    # scans and collections come every ROW_GC_THRESHOLD allocations; afterwards (and after
    # a Ctrl-C) the collector is as it was.
    import gc

    from dvc_cli.batch import pool

    src = write_csv(tmp_path / "in.csv", many(3))
    proc = procedures.load("single-status")
    before, during = gc.get_threshold(), []
    assert gc.get_freeze_count() == 0

    def look(outcome):
        during.append((gc.get_threshold()[0], gc.get_freeze_count() > 0))

    with runner.Batch(proc, src, tmp_path / "out") as batch:
        assert batch.run(jobs=1, on_row=look).ok == 3
    assert during == [(pool.ROW_GC_THRESHOLD, True)] * 3
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0

    def stop(outcome):
        raise KeyboardInterrupt

    with (
        runner.Batch(proc, src, tmp_path / "out2") as batch,
        pytest.raises(runner.BatchInterrupted),
    ):
        batch.run(jobs=1, on_row=stop)
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0


_WARM_SCRIPT = """
import datetime as dt, hashlib, sys
from pathlib import Path
from dvc_cli import load_procedure
from dvc_cli.batch import pool
from dvc_cli.batch.row import RowProcessor
from dvc_cli.core.vn import admin_map, unit_names

out, warm, answers = Path(sys.argv[1]), sys.argv[2] == "warm", eval(sys.argv[3])
proc = load_procedure("single-status")
processor = RowProcessor(proc, out, dt.date.today(), {})
if warm:
    pool.warm(processor)
    assert not out.exists(), "warming wrote something"
    indexed = {key for key, _kept in unit_names._INDEX.items()}
    for p in admin_map.provinces():
        assert (id(admin_map.communes(p.code)), unit_names._casefold) in indexed, p.name
out.mkdir()
outcome = processor(2, answers)
assert outcome.ok, outcome.errors
for name in sorted(outcome.files):
    print(name, hashlib.sha256((out / outcome.folder / name).read_bytes()).hexdigest())
"""


def test_warming_before_the_fork_writes_nothing_and_changes_no_row(tmp_path):
    # batch/pool.py warm(): what `dvc batch --jobs N` fills before forking its workers (the
    # address table's indexes of every province, templates, one example row's caches). A
    # fresh process's first row gives the same bytes with and without it.
    answers = {**SINGLE, "full_name": "Trương Thị Ánh Tuyết"}
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    made = []
    for how in ("warm", "cold"):
        out = tmp_path / how
        done = subprocess.run(
            [sys.executable, "-c", _WARM_SCRIPT, str(out), how, repr(answers)],
            env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        made.append(done.stdout)
    assert made[0] == made[1]
    assert sorted(line.split()[0] for line in made[0].splitlines()) == sorted(FILES)
