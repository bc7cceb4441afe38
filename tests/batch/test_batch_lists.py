"""A list question in spreadsheets: numbered columns (by id or by label with a number), rows
with 0, 1, 2 and 5 items, row errors naming the item and its column, the items past the
form's rows on a continuation page of the same PDF."""

from __future__ import annotations

import csv

from conftest import SINGLE, pdf_text
from pypdf import PdfReader
from test_batch import IDS, read_report, run, write_csv

from dvc_cli.cli.main import app  # noqa: F401  (the CLI the helpers drive)

PLACES = [
    "Phường Trường Thi, thành phố Thanh Hóa, tỉnh Thanh Hóa",
    "Phường Điện Biên, thành phố Thanh Hóa, tỉnh Thanh Hóa",
    "Phường Ba Đình, thành phố Thanh Hóa, tỉnh Thanh Hóa",
    "Phường Đông Vệ, thành phố Thanh Hóa, tỉnh Thanh Hóa",
    "Phường Lam Sơn, thành phố Thanh Hóa, tỉnh Thanh Hóa",
]
PERIODS = [
    ("21/04/2014", "30/06/2016"),
    ("01/07/2016", "31/12/2017"),
    ("01/01/2018", "31/12/2019"),
    ("01/01/2020", "31/12/2021"),
    ("01/01/2022", "30/06/2024"),
]
BASE_IDS = [q for q in IDS if not q.startswith("earlier_residences.")]
ITEM_IDS = [f"earlier_residences.{n}.{k}" for n in range(1, 6) for k in ("place", "from", "to")]


def _row(count: int, name: str = "Trương Thị Ánh Tuyết") -> dict[str, str]:
    row = {**SINGLE, "full_name": name, "had_other_residence": "có" if count else "không"}
    for n in range(count):
        row[f"earlier_residences.{n + 1}.place"] = PLACES[n]
        row[f"earlier_residences.{n + 1}.from"], row[f"earlier_residences.{n + 1}.to"] = PERIODS[n]
    return row


def _header(rows: list[dict[str, str]]) -> list[str]:
    return [q for q in BASE_IDS if any(q in r for r in rows)] + ITEM_IDS


def test_csv_template_shows_two_items_by_number():
    assert IDS[IDS.index("had_other_residence") + 1 :][:6] == [
        "earlier_residences.1.place",
        "earlier_residences.1.from",
        "earlier_residences.1.to",
        "earlier_residences.2.place",
        "earlier_residences.2.from",
        "earlier_residences.2.to",
    ]


def test_rows_with_0_1_2_and_5_items(tmp_path):
    rows = [_row(0), _row(1, "Nguyễn Thị Dung"), _row(2), _row(5, "Nguyễn Thị Dung")]
    src = write_csv(tmp_path / "in.csv", rows, header=_header(rows))
    out = tmp_path / "out"
    result, summary = run(str(src), "--out", str(out), "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert summary["ok"] == 4 and "bỏ qua" not in result.stderr
    pages = {row: len(PdfReader(out / f"000{row}" / "to-khai.pdf").pages) for row in (2, 3, 4, 5)}
    assert pages == {2: 1, 3: 1, 4: 2, 5: 2}  # one line on the form; the rest continued
    first = pdf_text(out / "0003" / "to-khai.pdf")
    assert PLACES[0] in first and "xem trang bổ sung" not in first
    five = PdfReader(out / "0005" / "to-khai.pdf")
    form, more = (" ".join(page.extract_text().split()) for page in five.pages)
    assert PLACES[0] in form and "xem trang bổ sung" in form
    assert PLACES[1] not in form
    assert "TRANG BỔ SUNG" in more
    assert "(tiếp theo Tờ khai cấp Giấy xác nhận tình trạng hôn nhân)" in more
    assert "Người được cấp: NGUYỄN THỊ DUNG" in more
    for n in range(2, 6):  # nothing is cut: every later item with its headings
        assert f"Nơi cư trú trước đây thứ {n}" in more
        assert f"Nơi cư trú: {PLACES[n - 1]}" in more
        assert f"Từ ngày: {PERIODS[n - 1][0]}" in more
        assert f"Đến ngày: {PERIODS[n - 1][1]}" in more
    checklist = (out / "0005" / "checklist.md").read_text(encoding="utf-8")
    assert checklist.count("Giấy tờ chứng minh tình trạng hôn nhân trong thời gian cư trú") == 5


LABELS = {
    "earlier_residences.1.place": "Nơi cư trú trước đây 1 — Nơi thường trú",
    "earlier_residences.1.from": "Nơi cư trú trước đây 1 — từ ngày",
    "earlier_residences.1.to": "Nơi cư trú trước đây 1 — đến ngày",
    "earlier_residences.2.place": "Nơi cư trú trước đây thứ 2 - nơi thường trú",
    "earlier_residences.2.from": "Nơi cư trú trước đây 2 — từ ngày",
    "earlier_residences.2.to": "Noi cu tru truoc day 2 den ngay",
}


def test_columns_named_by_label_and_number_and_errors_naming_item_and_column(tmp_path):
    good = _row(2)
    overlapping = {**_row(2, "Nguyễn Thị Dung"), "earlier_residences.2.from": "01/01/2016"}
    rows = [good, overlapping]
    header = [q for q in BASE_IDS if any(q in r for r in rows)] + list(LABELS)
    src = write_csv(tmp_path / "in.csv", rows, header=header, rename=LABELS)
    out = tmp_path / "out"
    result, summary = run(str(src), "--out", str(out), "--jobs", "1")
    assert result.exit_code == 1, result.output
    assert summary["ok"] == 1 and summary["failed"] == 1
    assert "bỏ qua" not in result.stderr  # every column was understood
    errors = read_report(out / "errors.csv")
    assert [(e["row"], e["column"]) for e in errors] == [("3", "Nơi cư trú trước đây 2 — từ ngày")]
    assert errors[0]["message"].startswith("các thời gian cư trú phải theo thứ tự")
    assert errors[0]["value"] == "01/01/2016"
    assert PLACES[1] in pdf_text(out / "0002" / "to-khai.pdf")


def test_an_empty_item_between_filled_ones_is_named(tmp_path):
    row = _row(3)
    for key in ("place", "from", "to"):
        row[f"earlier_residences.2.{key}"] = ""
    src = write_csv(tmp_path / "in.csv", [row], header=_header([row]))
    out = tmp_path / "out"
    result, _summary = run(str(src), "--out", str(out))
    assert result.exit_code == 1
    errors = read_report(out / "errors.csv")
    assert ("2", "earlier_residences.2.place") in [(e["row"], e["column"]) for e in errors]
    with (out / "errors.csv").open(encoding="utf-8-sig") as fh:
        assert all(r["message"] for r in csv.DictReader(fh))


def test_xlsx_numbered_columns_with_date_cells(tmp_path):
    import datetime as dt

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    labels = [
        LABELS[f"earlier_residences.{n}.{k}"] for n in (1, 2) for k in ("place", "from", "to")
    ]
    ws.append([*SINGLE, "had_other_residence", *labels])
    items = [PLACES[0], dt.datetime(2014, 4, 21), dt.date(2016, 6, 30)]
    items += [PLACES[1], dt.date(2016, 7, 1), dt.datetime(2017, 12, 31)]
    ws.append([*SINGLE.values(), True, *items])
    path = tmp_path / "residents.xlsx"
    wb.save(path)
    out = tmp_path / "out"
    result, summary = run(str(path), "--out", str(out))
    assert result.exit_code == 0, result.output
    answers = (out / "0002" / "answers.yaml").read_text(encoding="utf-8")
    assert "from: 01/07/2016" in answers and "to: 31/12/2017" in answers
    assert len(PdfReader(out / "0002" / "to-khai.pdf").pages) == 2
