"""The forms changed by the 2026 law, checked by the positions of the text drawn on their
templates: the CT01 of Thông tư 116/2026/TT-BCA (forms/residence-registration: its header line,
items 1-11 in order, the item 11 table, the four signature columns with the "(8)" lines, the
eight footnotes, 12 pt body and the page's margins, 2 cm top and bottom, 1 cm right, 3 cm left)
and the birth declaration's lines added by Thông tư 04/2024/TT-BTP."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_typography import Run, runs

from dvc_cli.render import form_template

REPO = Path(__file__).resolve().parents[2]
CT01 = REPO / "forms" / "residence-registration" / "ct01.pdf"
MM = 72 / 25.4
PAGE_W, PAGE_H = 595.28, 841.89
LEFT, RIGHT, TOP, BOTTOM = 30 * MM, PAGE_W - 10 * MM, PAGE_H - 20 * MM, 20 * MM


@pytest.fixture(scope="module")
def drawn() -> list[Run]:
    return runs(CT01.read_bytes())


def first(drawn: list[Run], start: str) -> Run:
    return next(r for r in drawn if r.text.startswith(start))


def test_one_a4_page_within_the_margins(drawn):
    assert {r.page for r in drawn} == {1}
    for r in drawn:
        assert r.x >= LEFT - 0.5, r
        assert r.end <= RIGHT + 0.5, r
        assert BOTTOM <= r.y <= TOP, r


def test_header_line_then_the_title(drawn):
    header = first(drawn, "Mẫu CT01 ban hành kèm theo Thông tư số 116/2026/TT-BCA")
    assert header.text.endswith("ngày 29 tháng 6 năm 2026 của Bộ trưởng Bộ Công an")
    assert header.y == max(r.y for r in drawn)  # the top line
    assert abs(header.end - RIGHT) < 1  # ends at the right margin
    title = first(drawn, "TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ")
    motto = first(drawn, "Độc lập - Tự do - Hạnh phúc")
    assert header.y > first(drawn, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM").y > motto.y > title.y


ITEMS = [
    "Kính gửi (1):",
    "1. Họ, chữ đệm và tên khai sinh:",
    "2. Ngày, tháng, năm sinh:",
    "4. Số định danh cá nhân:",
    "5. Số điện thoại liên hệ:",
    "7. Họ, chữ đệm và tên chủ hộ (2):",
    "8. Mối quan hệ với chủ hộ:",
    "9. Số định danh cá nhân của chủ hộ:",
    "10. Nội dung đề nghị (3):",
    "11. Những thành viên trong hộ gia đình cùng thay đổi:",
]


def test_items_one_to_eleven_top_down_at_the_left_margin_in_12_pt(drawn):
    found = [first(drawn, item) for item in ITEMS]
    ys = [r.y for r in found]
    assert ys == sorted(ys, reverse=True) and len(set(ys)) == len(ys)
    for r in found:
        assert abs(r.x - LEFT) < 0.5 and r.size == 12, r
    # 3 beside 2, 6 beside 5, on the same line, further right
    for left, right in (("2. Ngày", "3. Giới tính:"), ("5. Số điện", "6. Email:")):
        a, b = first(drawn, left), first(drawn, right)
        assert abs(a.y - b.y) < 0.5 and b.x > a.end


def test_item_11_table_columns_left_to_right_and_four_rows():
    tpl = form_template.load(CT01)
    columns = ["no", "name", "birth_date", "gender", "id_number", "relation"]
    rows = []
    for n in range(1, 5):
        rects = [tpl.fields[f"member_{c}_{n}"][0].rect for c in columns]
        xs = [r[0] for r in rects]
        assert xs == sorted(xs)  # TT, name, birth date, gender, ID, relationship
        assert len({round(r[1], 1) for r in rects}) == 1  # one row
        rows.append(rects[0][1])
    assert rows == sorted(rows, reverse=True)
    assert "member_name_5" not in tpl.fields


def test_table_headings_on_one_row(drawn):
    heads = [
        first(drawn, "TT"),
        first(drawn, "Họ, chữ đệm và tên"),  # the table's (item 1 says "khai sinh" too)
        first(drawn, "Ngày, tháng,"),
        first(drawn, "Giới"),
        first(drawn, "Số định danh cá"),
        first(drawn, "Mối quan hệ"),
    ]
    assert [h.x for h in heads] == sorted(h.x for h in heads)
    table_top = first(drawn, "11. Những thành viên").y
    assert all(h.y < table_top for h in heads)


def test_four_signature_columns_and_the_vneid_lines(drawn):
    titles = [
        first(drawn, "Ý KIẾN CỦA CHỦ HỘ (4)"),
        first(drawn, "Ý KIẾN CỦA CHỦ SỞ"),
        first(drawn, "Ý KIẾN CỦA CHA HOẶC"),
        first(drawn, "NGƯỜI KÊ KHAI (7)"),
    ]
    assert len({round(t.y, 1) for t in titles}) == 1
    assert [t.x for t in titles] == sorted(t.x for t in titles)
    text = " ".join(r.text for r in drawn)
    assert "HỮU CHỖ Ở HỢP PHÁP (5)" in text and "HỘ (6)" in text
    column = (RIGHT - LEFT) / 4
    vneid = [r for r in drawn if r.text == "(8) Họ và tên:"]
    ids = [r for r in drawn if r.text == "Số định danh cá nhân:"]
    assert len(vneid) == len(ids) == 2
    # under (5) and (6): the second and third columns, below the titles
    assert [int((r.x - LEFT) // column) for r in vneid] == [1, 2]
    assert all(r.y < titles[0].y for r in vneid + ids)
    assert titles[0].y < first(drawn, "11. Những thành viên").y


def test_eight_footnotes_in_order_below_everything(drawn):
    notes = [
        next(r for r in drawn if r.text.startswith(f"({n}) ") and r.size == 9) for n in range(1, 9)
    ]
    ys = [n.y for n in notes]
    assert ys == sorted(ys, reverse=True)
    assert all(abs(n.x - LEFT) < 0.5 and n.size == 9 for n in notes)
    below = [r for r in drawn if r.y <= notes[0].y]
    assert {r.size for r in below} == {9}  # only footnotes (and their wrapped lines) below
    assert len(below) >= 8 and min(r.y for r in below) >= BOTTOM
    assert notes[0].y < min(r.y for r in drawn if r.text == "Số định danh cá nhân:")
    assert "VNeID" in notes[-1].text


# -- the birth declaration's TT 04/2024 lines (third-party copies of the form) -----------------
def test_birth_form_has_the_2024_lines_in_place():
    drawn = runs((REPO / "forms" / "birth-registration" / "to-khai.pdf").read_bytes())
    texts = [r.text for r in sorted(drawn, key=lambda r: (-r.y, r.x))]

    def at(text: str, nth: int = 1) -> int:
        hits = [i for i, t in enumerate(texts) if t.startswith(text)]
        return hits[nth - 1]

    # the requester: name, residence, date of birth, identity paper
    assert (
        at("Họ, chữ đệm, tên người yêu cầu:")
        < at("Ngày, tháng, năm sinh:")
        < at("Giấy tờ tùy thân:")
    )
    # each parent's "Năm sinh (1)", then after the father the marriage certificate line
    assert [t for t in texts if t == "Năm sinh (1):"] == ["Năm sinh (1):"] * 2
    line = at("Thông tin về Giấy chứng nhận kết hôn của cha, mẹ trẻ: Số")
    assert at("Giấy tờ tùy thân:", 3) < line < at("Quyển số") < at("Tôi cam đoan")
    assert texts[at("Quyển số") + 1 : at("Quyển số") + 3] == ["đăng ký ngày", " tại"]
    # the footnote last, in italics below the copies line
    note = next(r for r in drawn if r.text == "(1) Ghi đủ ngày, tháng, năm sinh nếu biết.")
    assert note.y == min(r.y for r in drawn) and note.y >= 12 * MM
    assert note.y < next(r for r in drawn if r.text.startswith("Đề nghị cấp bản sao")).y
