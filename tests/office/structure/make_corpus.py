"""Make the files of this corpus (run from anywhere: ``python make_corpus.py``); the files are
committed, so the tests never need this script, but it says how each one was made.

Every file is what an office really produces or receives: a stray quote typed at the start of
an address, an old Mac CSV, Excel's ``sep=;`` line, title rows above the header, a password-
protected or truncated workbook, an .xls renamed .xlsx... Residents are fictional.
"""

from __future__ import annotations

import csv
import io
import struct
import unicodedata
import zipfile
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent
FILES = HERE / "files"

ROW = {
    "full_name": "Trương Thị Ánh Tuyết",
    "birth_date": "21/04/1996",
    "gender": "nữ",
    "id_number": "038196004521",
    "id_issue_date": "12/07/2024",
    "residence_address": "Số 27 phố Lê Hoàn, tổ dân phố 5",
    "residence_province": "Thanh Hóa",
    "residence_commune": "Phường Hạc Thành",
    "marital_status": "chua_ket_hon",
    "purpose": "khac",
    "purpose_detail": "Để bổ sung hồ sơ vay vốn ngân hàng",
}
IDS = list(ROW)
NAMES = ["Trương Thị Ánh Tuyết", "Lê Thị Hồng Nhung", "Phạm Thị Mai", "Đỗ Thị Hà", "Vũ Thị Hạnh"]
# The same columns as an office heads them (labels, not ids).
LABELS = [
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Số định danh cá nhân",
    "Ngày cấp thẻ",
    "Số nhà, đường/phố, thôn/tổ dân phố",
    "Tỉnh/thành phố",
    "Xã/phường/đặc khu",
    "Tình trạng hôn nhân",
    "Mục đích sử dụng giấy xác nhận",
    "Ghi rõ mục đích",
]


def people(count: int) -> list[list[str]]:
    """``count`` valid rows (the same person under several names: the ID fits every one)."""
    return [
        [NAMES[i % len(NAMES)] if k == "full_name" else ROW[k] for k in IDS] for i in range(count)
    ]


def csv_text(
    rows: list[list[str]],
    *,
    header: list[str] | None = None,
    delimiter: str = ",",
    newline: str = "\r\n",
) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator=newline)
    writer.writerow(header or IDS)
    writer.writerows(rows)
    return buf.getvalue()


def cp1258(text: str) -> bytes:
    """Windows-1258 as old Vietnamese Windows wrote it: tone marks as separate characters."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", parts[:-1])
            out += base.encode("cp1258") + parts[-1].encode("cp1258")
    return bytes(out)


def write(name: str, data: str | bytes, encoding: str = "utf-8") -> None:
    path = FILES / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode(encoding))


def with_stray_quote(
    rows: int, row: int, closed_at: int | None = None, *, commas: bool = False
) -> str:
    """A CSV whose address on spreadsheet row ``row`` was typed with a stray opening quote
    (``"Số 27 phố Lê Hoàn``). Addresses have no comma (so no quotes) unless ``commas``; with
    ``closed_at``, a quoted address on that row ends the runaway cell."""
    col = IDS.index("residence_address")
    data = people(rows)
    for cells in data:
        if not commas:
            cells[col] = "Số 27 phố Lê Hoàn tổ dân phố 5"
    if closed_at:
        data[closed_at - 2][col] = "Số 5, ngõ 3 phố Lê Hoàn"
    lines = csv_text(data).split("\r\n")
    cells = next(csv.reader([lines[row - 1]]))
    quoted = [f'"{c}"' if "," in c else c for c in cells]
    quoted[col] = '"' + cells[col]
    lines[row - 1] = ",".join(quoted)
    return "\r\n".join(lines)


# -- OLE2 compound files (.xls, and a password-protected .xlsx) ------------------------------
def compound_file(streams: list[str]) -> bytes:
    """A minimal OLE2 compound file with a root entry and the named (empty) streams."""
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIII", header, 44, 1, 1, 0, 4096, 0xFFFFFFFE)  # 1 FAT sector, dir at 1
    struct.pack_into("<II", header, 64, 0, 0xFFFFFFFE)  # no mini FAT
    struct.pack_into("<II", header, 72, 0xFFFFFFFE, 0)  # no DIFAT sectors
    difat = [0] + [0xFFFFFFFF] * 108
    struct.pack_into("<109I", header, 76, *difat)
    fat = [0xFFFFFFFD, 0xFFFFFFFE] + [0xFFFFFFFF] * 126
    directory = bytearray()
    for i, name in enumerate(["Root Entry", *streams]):
        entry = bytearray(128)
        encoded = (name + "\0").encode("utf-16-le")
        entry[0 : len(encoded)] = encoded
        struct.pack_into("<HBB", entry, 64, len(encoded), 5 if i == 0 else 2, 1)
        sibling = i + 1 if 0 < i < len(streams) else 0xFFFFFFFF
        child = 1 if i == 0 and streams else 0xFFFFFFFF
        struct.pack_into("<III", entry, 68, 0xFFFFFFFF, sibling, child)
        struct.pack_into("<IQ", entry, 116, 0xFFFFFFFE, 0)
        directory += entry
    directory += bytes(512 - len(directory) % 512) if len(directory) % 512 else b""
    return bytes(header) + struct.pack("<128I", *fat) + bytes(directory)


# -- .xlsx -------------------------------------------------------------------------------------
def workbook(
    rows: list[list[object]],
    *,
    title: str = "Dân cư",
    above: list[list[str]] = (),
    header: list[str] | None = None,
) -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for line in above:
        ws.append(line)
    ws.append(header or IDS)
    for row in rows:
        ws.append(row)
    return wb


def save(wb: Workbook, name: str) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    data = buf.getvalue()
    if name:
        write(name, data)
    return data


def damaged_sheet(data: bytes) -> bytes:
    """The same workbook with its first sheet's XML cut in the middle of row 4 (the zip
    itself intact, as when a program crashed while writing the sheet)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                body = body[: body.index(b'<row r="4"') + 40]
            dst.writestr(info, body)
    return out.getvalue()


def patched_sheet(data: bytes, old: bytes, new: bytes) -> bytes:
    """The same workbook with one piece of its first sheet's XML replaced."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                assert old in body
                body = body.replace(old, new, 1)
            dst.writestr(info, body)
    return out.getvalue()


def main() -> None:
    FILES.mkdir(exist_ok=True)
    for old in FILES.iterdir():
        old.unlink()
    # CSV structure
    write("stray-quote-row10.csv", with_stray_quote(30, 10, closed_at=14))
    write("stray-quote-to-end.csv", with_stray_quote(12, 5))
    write("stray-quote-row302.csv", with_stray_quote(400, 302, closed_at=340))
    lines = with_stray_quote(30, 10, closed_at=14).split("\r\n")
    lines[3] = lines[3].replace(
        "Số 27 phố Lê Hoàn tổ dân phố 5", '"Số 27 phố Lê Hoàn\ntổ dân phố 5"'
    )
    write("stray-quote-after-multiline.csv", "\r\n".join(lines))  # rows and lines differ
    write("stray-quote-next-row.csv", with_stray_quote(8, 4, commas=True))
    good = people(3)
    good[1][IDS.index("residence_address")] = "Số 27 phố Lê Hoàn,\ntổ dân phố 5"
    write("multiline-cell.csv", csv_text(good))
    lines = with_stray_quote(3, 2).split("\r\n")  # a quote inside a cell is just a character
    lines[2] = lines[2].replace("Số 27 phố Lê Hoàn", 'Số 27 "phố" Lê Hoàn')
    lines[1] = lines[1].replace('"Số 27', "Số 27")
    write("quote-inside-cell.csv", "\r\n".join(lines))
    three = people(3)
    three[0][IDS.index("full_name")] = "Nguyễn Thị Dung"
    three[2][IDS.index("purpose_detail")] = (
        "Để bổ sung hồ sơ,\nvay vốn ngân hàng,\ntại Chi nhánh Thanh Hóa"
    )
    write("multiline-last-column.csv", csv_text(three))
    write("old-mac.csv", csv_text(people(3), newline="\r"))
    write("old-mac-lf-in-cell.csv", csv_text(good, newline="\r"))  # a cell broken with LF
    lines = csv_text(people(4), newline="\n").split("\n")
    lines[2] = lines[2].replace('"Số 27 phố Lê Hoàn, tổ dân phố 5"', "Số 27\rphố Lê Hoàn")
    write("cr-in-cell.csv", "\n".join(lines))
    write("sep-line.csv", "sep=;\r\n" + csv_text(people(2), delimiter=";"))
    above = "DANH SÁCH CÔNG DÂN ĐỀ NGHỊ CẤP GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN,,,,,,,,,,\r\n"
    above += "Phường Hạc Thành - tháng 11/2026,,,,,,,,,,\r\n,,,,,,,,,,\r\n"
    write("title-rows.csv", above + csv_text(people(3), header=LABELS))
    write("header-only.csv", csv_text([]))
    write("header-and-blank-rows.csv", csv_text([]) + ",,,,,,,,,,\r\n\r\n")
    write("utf16-tab.csv", "\ufeff" + csv_text(people(2), delimiter="\t"), "utf-16-le")
    write("utf16-no-bom.csv", csv_text(people(2), delimiter="\t"), "utf-16-le")
    vn = csv_text(people(2)).replace("Trương Thị Ánh Tuyết", "Tuyết")
    write("cp1258.csv", cp1258(vn))
    write("ansi-latin.csv", vn.replace("Tuyết", "Bùi Gérard").encode("cp1252", "replace"))
    xlsx = save(workbook(people(3)), "")
    write("xlsx-named.csv", xlsx)
    write("xls-named.csv", compound_file(["Workbook"]))
    # what is not an .xlsx
    write("csv-named.xlsx", csv_text(people(2)))
    write("password.xlsx", compound_file(["EncryptionInfo", "EncryptedPackage"]))
    write("old-binary.xls", compound_file(["Workbook", "\x05SummaryInformation"]))
    write("old-binary-named.xlsx", compound_file(["Workbook"]))
    write("web-page.xls", "<html><body><table><tr><td>full_name</td></tr></table></body></html>")
    write("truncated.xlsx", xlsx[: len(xlsx) // 2])
    write("damaged-sheet.xlsx", damaged_sheet(save(workbook(people(6)), "")))
    # a number cell holding "1,5" (written by an exporter with a decimal comma), and a shared
    # string that does not exist: openpyxl stops in the middle of the sheet on either
    numbers = people(4)
    for cells in numbers:
        cells.append(1)
    wb = workbook(numbers, header=[*IDS, "copies"])
    write(
        "bad-number-cell.xlsx",
        patched_sheet(save(wb, ""), b'<c r="L4" t="n"><v>1</v>', b'<c r="L4" t="n"><v>1,5</v>'),
    )
    wb = workbook(people(3))
    data = save(wb, "")
    write(
        "missing-string.xlsx",
        patched_sheet(
            data,
            b'<c r="A3" t="inlineStr"><is><t>' + NAMES[1].encode() + b"</t></is></c>",
            b'<c r="A3" t="s"><v>999</v></c>',
        ),
    )
    # sheets
    wb = workbook(people(2), title="Danh sách")
    wb.create_sheet("Hướng dẫn", 0)["A1"] = "Điền trang Danh sách, mỗi người một dòng"
    save(wb, "two-sheets.xlsx")
    wb = workbook(people(2), title="Danh sách")
    notes = wb.create_sheet("Hướng dẫn", 0)
    notes.append(["Hướng dẫn điền"])
    notes.append(["Mỗi người một dòng ở trang Danh sách; ngày ghi dd/mm/yyyy"])
    save(wb, "notes-first-sheet.xlsx")
    wb = workbook(people(4))
    wb.active.row_dimensions[3].hidden = True
    wb.active.row_dimensions[5].hidden = True
    save(wb, "hidden-rows.xlsx")
    title = [["DANH SÁCH CÔNG DÂN"], ["Phường Hạc Thành, Thanh Hóa"]]
    save(workbook(people(2), above=title, header=LABELS), "title-rows.xlsx")
    save(workbook([]), "header-only.xlsx")


if __name__ == "__main__":
    main()
