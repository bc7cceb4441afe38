"""`dvc batch` with a column of raw ID-card QR codes (``id_card_qr``, "Mã QR CCCD"): the
same answers as a scan, per row; other columns win; a disagreement, a code that is no card
and a split commune are row errors naming row and column."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import yaml
from conftest import CARD_ADDRESS as ADDRESS
from conftest import CARD_TUYET as TUYET
from conftest import invoke

from dvc_cli.batch import columns
from dvc_cli.catalog import procedures

DUNG = f"038195001234|Nguyễn Thị Dung|15081995|Nữ|{ADDRESS}|10052021\r\n"
SPLIT = (
    "001195012345||Nguyễn Thị Dung|15081995|Nữ|Số 3, Phường Điện Biên, Quận Ba Đình, Hà Nội"
    "|10052021"
)
REST = ["chua_ket_hon", "khac", "Để bổ sung hồ sơ vay vốn ngân hàng"]
HEADER = ["Mã QR CCCD", "Ngày sinh", "Dân tộc", "marital_status", "purpose", "purpose_detail"]


def _csv(path: Path, rows: list[list[str]], header: list[str] = HEADER) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _errors(out: Path) -> list[dict[str, str]]:
    path = out / "errors.csv"
    if not path.exists():
        return []
    return list(csv.DictReader(path.read_bytes().decode("utf-8-sig").splitlines()))


def test_a_qr_column_is_recognised_and_covers_the_required_columns() -> None:
    proc = procedures.load("single-status")
    cmap = columns.match_columns(HEADER, proc)
    assert cmap.cards == {0: "applicant"}
    assert "full_name" not in cmap.missing_required and not cmap.unknown
    assert columns.match_columns(["id_card_qr_requester"], proc).cards == {0: "requester"}
    marriage = procedures.load("marriage-registration")
    assert columns.match_columns(["Mã QR CCCD groom"], marriage).cards == {0: "groom"}
    assert columns.match_columns(["id_card_qr_nobody"], marriage).cards == {}


def test_rows_filled_from_their_qr_codes(tmp_path: Path) -> None:
    rows = [
        [TUYET, "", "", *REST],  # row 2: the card alone
        [DUNG, "15/08/1995", "Mường", *REST],  # row 3: the same birth date, its own ethnicity
        ["https://dichvucong.gov.vn", "", "", *REST],  # row 4: no card code
        [TUYET, "22/04/1996", "", *REST],  # row 5: the sheet disagrees with the card
        [SPLIT, "", "", *REST],  # row 6: an old ward split in four
        [TUYET.replace("Trương Thị Ánh Tuyết", "Truong Thi Anh Tuyet").replace("Nữ", "Nu")
         .replace(ADDRESS, "So 15 ngo 4, Truong Thi, Thanh Hoa"), "", "", *REST],  # mangled
        [DUNG.replace("10052021", "10052019"), "", "", *REST],  # row 8: before the chip cards
    ]  # fmt: skip
    src = _csv(tmp_path / "in.csv", rows)
    out = tmp_path / "out"
    result = invoke("--verbose", "batch", "single-status", str(src), "--out", str(out))
    assert result.exit_code == 1, result.output
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert (summary["ok"], summary["failed"]) == (3, 4)
    tuyet = yaml.safe_load((out / "0002" / "answers.yaml").read_text(encoding="utf-8"))
    assert tuyet["answers"]["full_name"] == "Trương Thị Ánh Tuyết"
    assert tuyet["answers"]["residence_commune"] == "Phường Hạc Thành"
    assert tuyet["answers"]["id_type"] == "the_can_cuoc"
    dung = yaml.safe_load((out / "0003" / "answers.yaml").read_text(encoding="utf-8"))
    assert dung["answers"]["ethnicity"] == "Mường" and dung["answers"]["id_type"] == "cccd"
    by_row = {int(e["row"]): e for e in _errors(out)}
    assert sorted(by_row) == [4, 5, 6, 7]
    assert by_row[4]["column"] == "Mã QR CCCD"
    assert by_row[4]["message"].startswith("không phải mã QR của thẻ căn cước/CCCD")
    assert (by_row[5]["column"], by_row[5]["message"]) == (
        "Mã QR CCCD",
        "birth_date: mã QR của thẻ khác với cột Ngày sinh",
    )
    assert by_row[6]["column"] == "Mã QR CCCD"  # the commune came from the card's column
    assert "nay thuộc 4 xã/phường" in by_row[6]["message"]
    assert "mất dấu tiếng Việt" in by_row[7]["message"]
    manifest = list(
        csv.DictReader((out / "manifest.csv").read_bytes().decode("utf-8-sig").splitlines())
    )
    warned = {int(m["row"]): m["warning"] for m in manifest if m["warning"]}
    assert "Mã QR CCCD: ngày cấp trước năm 2021" in warned[8]
    # the same person twice, told by the card's ID number
    assert "trùng số định danh với dòng 5" in warned[2] and "dòng 8" in warned[3]
    # no card's text in the reports nor in the log
    raw = (out / "errors.csv").read_text("utf-8-sig") + (out / "manifest.csv").read_text(
        "utf-8-sig"
    )
    for secret in ("038196004521", "186543210", "Trương", "21041996"):
        assert secret not in raw and secret not in result.stderr
