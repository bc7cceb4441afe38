"""`dvc batch` with old place names: converted rows told to the desk by row and column only, a
split commune an error listing its candidates, a past place kept as typed."""

from __future__ import annotations

import re

from conftest import SINGLE, pdf_text
from test_batch import read_report, run, write_csv

CONVERTED = "địa danh cũ đã chuyển sang tên hiện nay"
OLD_COMMUNE = {**SINGLE, "residence_commune": "P. Trường Thi"}  # TP Thanh Hóa → Hạc Thành
OLD_PROVINCE = {  # Nam Định joined Ninh Bình; its Phường Trường Thi kept its name
    **SINGLE,
    "residence_province": "Nam Định",
    "residence_commune": "Phường Trường Thi",
}
SPLIT = {**SINGLE, "residence_commune": "Phường Đông Thọ"}  # now Hàm Rồng or Hạc Thành


def _notices(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if "địa danh cũ" in line]


def test_converted_rows_are_named_by_row_and_column_then_one_line(tmp_path):
    rows = [OLD_COMMUNE, SINGLE, OLD_COMMUNE, OLD_COMMUNE, OLD_COMMUNE, OLD_PROVINCE]
    src = write_csv(tmp_path / "in.csv", rows)
    out = tmp_path / "out"
    result, summary = run(str(src), "--out", str(out), "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert summary["ok"] == 6
    commune = r"'residence_commune' \(cột [A-Z]+\)"
    province = r"'residence_province' \(cột [A-Z]+\)"
    said = _notices(result.stderr)
    patterns = [
        rf"dvc: dòng 2, cột {commune}: {CONVERTED}$",
        rf"dvc: dòng 4, cột {commune}: {CONVERTED}$",
        rf"dvc: dòng 5, cột {commune}: {CONVERTED}$",
        rf"dvc: cột {commune}: các dòng khác cũng có địa danh cũ được chuyển sang tên hiện nay "
        r"\(tờ khai ghi tên hiện nay\)$",
        # row 7: its province column has its own first notices (and its commune is the fifth)
        rf"dvc: dòng 7, cột {province}: {CONVERTED}$",
    ]
    assert len(said) == len(patterns), said
    for line, pattern in zip(said, patterns, strict=True):
        assert re.match(pattern, line), line
    # the desk is told where, never what: no place name in the progress or the summary
    shown = result.stdout + result.stderr
    for name in ("Trường Thi", "Truong Thi", "Hạc Thành", "Nam Định", "Ninh Bình"):
        assert name not in shown
    # the papers carry the current names
    assert "phường Hạc Thành, tỉnh Thanh Hóa" in pdf_text(out / "0002" / "to-khai.pdf")
    assert "phường Trường Thi, tỉnh Ninh Bình" in pdf_text(out / "0007" / "to-khai.pdf")


def test_rows_with_current_names_get_no_notice(tmp_path):
    src = write_csv(tmp_path / "in.csv", [SINGLE, SINGLE])
    result, summary = run(str(src), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert _notices(result.stderr) == []


def test_a_split_commune_fails_its_row_with_the_candidates_and_the_batch_goes_on(tmp_path):
    src = write_csv(tmp_path / "in.csv", [SINGLE, SPLIT, OLD_COMMUNE])
    out = tmp_path / "out"
    result, summary = run(str(src), "--out", str(out), "--jobs", "2")
    assert result.exit_code == 1, result.output
    assert summary["ok"] == 2 and summary["failed"] == 1
    assert sorted(p.name for p in out.iterdir() if p.name[0].isdigit()) == ["0002", "0004"]
    errors = read_report(out / "errors.csv")
    assert [(e["row"], e["column"]) for e in errors] == [("3", "residence_commune")]
    assert errors[0]["message"] == (
        "Phường Đông Thọ (cũ, TP Thanh Hóa) nay thuộc 2 xã/phường: Phường Hàm Rồng, "
        "Phường Hạc Thành; chọn theo đường, thôn, tổ nơi ở"
    )
    assert errors[0]["value"] == "Phường Đông Thọ"
    assert "Đông Thọ" not in result.stdout + result.stderr and "Hàm Rồng" not in result.stderr
    manifest = {m["row"]: m["status"] for m in read_report(out / "manifest.csv")}
    assert manifest == {"2": "ok", "3": "error", "4": "ok"}


def test_a_past_place_is_kept_as_typed_and_its_office_named_without_a_notice(tmp_path):
    # a spreadsheet from before earlier residences were a list: its columns are item 1's
    place = "Phường Trường Thi, thành phố Thanh Hóa, tỉnh Thanh Hóa"
    row = {
        **SINGLE,
        "had_other_residence": "có",
        "confirm_period_place": place,
        "confirm_period_from": "21/04/2014",
        "confirm_period_to": "30/06/2022",
    }
    src = write_csv(tmp_path / "in.csv", [row], header=list(row))
    out = tmp_path / "out"
    result, summary = run(str(src), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "bỏ qua" not in result.stderr  # every column is read
    assert _notices(result.stderr) == []  # nothing was converted: the place stays as typed
    assert place in pdf_text(out / "0002" / "to-khai.pdf")
    md = " ".join((out / "0002" / "checklist.md").read_text(encoding="utf-8").split())
    assert f"bạn KHÔNG phải tự về {place}:" in md
    assert "nay do Ủy ban nhân dân phường Hạc Thành, tỉnh Thanh Hóa lưu giữ" in md
