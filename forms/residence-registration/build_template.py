"""Build ``ct01.pdf``: form CT01, "Tờ khai thay đổi thông tin cư trú" (Thông tư 116/2026/TT-BCA).

The residence declaration used to register permanent or temporary residence, in the version
issued with Thông tư 116/2026/TT-BCA of 29/06/2026 (in force 01/07/2026, after Luật
118/2025/QH15 amended the Law on Residence), rebuilt as one A4 portrait page with
:mod:`dvc_cli.authoring.formkit`.

Run from anywhere (an optional argument writes elsewhere, e.g. to compare)::

    python forms/residence-registration/build_template.py [OUTPUT.pdf]

Rebuilt from the item list of two third-party reproductions of the official .docx (the
official file itself not compared): the header line "Mẫu CT01 ban hành kèm theo Thông tư số
116/2026/TT-BCA ...", Kính gửi (1); 1. Họ, chữ đệm và tên khai sinh; 2. Ngày, tháng, năm sinh;
3. Giới tính; 4. Số định danh cá nhân (12 boxes); 5. Số điện thoại liên hệ; 6. Email; 7. Họ,
chữ đệm và tên chủ hộ (2); 8. Mối quan hệ với chủ hộ; 9. Số định danh cá nhân của chủ hộ;
10. Nội dung đề nghị (3); 11. the household members changing with the person (a table: TT,
name, date of birth, gender, personal ID number, relationship to the head of household); place
and date; four signature columns: the head of household (4), the owner of the lawful home (5),
the father, mother or guardian (6), the declarant (7), with "(8)" lines under (5) and (6) for a
consent given through VNeID; eight footnotes. Body 12 pt in a Times-like serif (the bundled
Noto Serif), margins 2 cm top and bottom, 1 cm right, 3 cm left. The footnotes are dvc's
wording of what the reproductions say each mark means.

Item 11 has ``MEMBERS`` rows of fields ``member_no_<n>``, ``member_name_<n>``,
``member_birth_date_<n>``, ``member_gender_<n>``, ``member_id_number_<n>``,
``member_relation_<n>`` (n = 1 ... MEMBERS: a list's ``<column>_<n>``, see
dvc_cli/render/form_lists.py), and ``members_more`` at the end of item 11's line, where
"xem trang bổ sung" says more members are on a continuation page.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from dvc_cli.authoring.formkit import (  # noqa: E402
    ABOVE,
    BELOW,
    BOLD,
    GAP,
    ITALIC,
    PAGE_H,
    PAGE_W,
    PITCH,
    REGULAR,
    FormBuilder,
    build,
    mm,
    stringWidth,
    wrap_words,
)
from dvc_cli.render.form_layout import PAD_RIGHT  # noqa: E402

OUTPUT = HERE / "ct01.pdf"

# The page of TT 116/2026's CT01: margins 2 cm top and bottom, 1 cm right, 3 cm left.
LEFT = 30 * mm
RIGHT = PAGE_W - 10 * mm
TOP = PAGE_H - 20 * mm
BOTTOM = 20 * mm
WIDTH = RIGHT - LEFT
SIZE = 12  # body
HEADER_LINE = 9  # "Mẫu CT01 ban hành kèm theo ..."
SMALL = 10.5  # table headings
SIGN_TITLE = 9.5  # signature titles
SIGN_NOTE = 8.5  # "(Ký, ghi rõ họ tên)"
NOTE = 9  # footnotes
NOTE_LEADING = 10.0
VNEID_STEP = 14.5  # the "(8)" lines: a label, its line, a label, its line

HEADER = (
    "Mẫu CT01 ban hành kèm theo Thông tư số 116/2026/TT-BCA ngày 29 tháng 6 năm 2026 "
    "của Bộ trưởng Bộ Công an"
)
# Item 11's columns: (heading, field suffix, width share)
MEMBER_COLUMNS = [
    ("TT", "no", 0.05),
    ("Họ, chữ đệm và tên", "name", 0.36),  # room for a name in capitals at 12 pt
    ("Ngày, tháng, năm sinh", "birth_date", 0.15),
    ("Giới tính", "gender", 0.09),
    ("Số định danh cá nhân", "id_number", 0.19),
    ("Mối quan hệ với chủ hộ", "relation", 0.16),
]
MEMBERS = 4
AIR = 0.5  # space above and below a member row's line, inside its borders
# (title, note, name field, VNeID "(8)" fields or None)
SIGNATURES = [
    ("Ý KIẾN CỦA CHỦ HỘ (4)", "(Ghi rõ nội dung, ký, ghi rõ họ tên)", "head_signer", None),
    (
        "Ý KIẾN CỦA CHỦ SỞ HỮU CHỖ Ở HỢP PHÁP (5)",
        "(Ghi rõ nội dung, ký, ghi rõ họ tên)",
        "owner_signer",
        "owner_vneid",
    ),
    (
        "Ý KIẾN CỦA CHA HOẶC MẸ HOẶC NGƯỜI GIÁM HỘ (6)",
        "(Ghi rõ nội dung, ký, ghi rõ họ tên)",
        "guardian_signer",
        "guardian_vneid",
    ),
    ("NGƯỜI KÊ KHAI (7)", "(Ký, ghi rõ họ tên)", "signer_name", None),
]
FOOTNOTES = [
    "(1) Cơ quan đăng ký cư trú nơi thực hiện thủ tục.",
    "(2) Người đăng ký là chủ hộ hoặc lập hộ mới thì ghi họ, chữ đệm và tên của chính mình.",
    "(3) Ghi rõ nội dung đề nghị: đăng ký thường trú, đăng ký tạm trú, gia hạn tạm trú, tách hộ...",
    "(4) Ý kiến của chủ hộ, khi pháp luật về cư trú yêu cầu.",
    "(5) Ý kiến của chủ sở hữu chỗ ở hợp pháp hoặc người được ủy quyền, khi pháp luật về cư trú "
    "yêu cầu.",
    "(6) Ý kiến của cha, mẹ hoặc người giám hộ, khi người thay đổi thông tin cư trú chưa thành "
    "niên.",
    "(7) Người kê khai ký, ghi rõ họ tên; người kê khai đồng thời là chủ hộ, chủ sở hữu chỗ ở "
    "hoặc cha, mẹ, người giám hộ thì không phải ký vào ô ý kiến tương ứng. Khai trực tuyến "
    "thì không phải ký.",
    "(8) Ý kiến đồng ý được thực hiện qua ứng dụng VNeID: ghi họ và tên, số định danh cá nhân "
    "của người cho ý kiến.",
]


def text_at(f: FormBuilder, x: float, s: str, font: str = REGULAR, size: float = SIZE) -> float:
    return f.text(x, s, font, size)


def labelled(f: FormBuilder, label: str, name: str, x: float = LEFT, x1: float = RIGHT) -> None:
    """``label`` (12 pt) then a one-line field to ``x1``."""
    end = text_at(f, x, label)
    f.text_field(name, end + GAP, x1, tooltip=label.rstrip(":"))


def centred(f: FormBuilder, s: str, font: str, size: float, cx: float) -> None:
    f.centred(s, font, size, cx=cx)


def lines_at(f: FormBuilder, cx: float, y: float, lines: list[str], font: str, size: float):
    """Centred lines from baseline ``y`` down, ``size * 1.25`` apart; return the last y."""
    saved = f.y
    f.y = y
    for line in lines:
        f.centred(line, font, size, cx=cx)
        f.y -= size * 1.25
    last = f.y + size * 1.25
    f.y = saved
    return last


def header(f: FormBuilder) -> None:
    """The header line (italic, right), the national name and motto, the title."""
    mid = (LEFT + RIGHT) / 2
    f.y = TOP - HEADER_LINE
    w = stringWidth(HEADER, ITALIC, HEADER_LINE)
    text_at(f, RIGHT - w, HEADER, ITALIC, HEADER_LINE)
    f.y -= 19
    centred(f, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", BOLD, SIZE, mid)
    f.y -= 16
    s = "Độc lập - Tự do - Hạnh phúc"
    centred(f, s, BOLD, 13, mid)
    half = stringWidth(s, BOLD, 13) / 2
    f.rule(mid - half, f.y - 3, mid + half, f.y - 3)
    f.y -= 23
    centred(f, "TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ", BOLD, 14, mid)


def members_table(f: FormBuilder) -> None:
    """Item 11's table, from the current line down; leaves the current line on the last row."""
    xs = [LEFT]
    for _, _, share in MEMBER_COLUMNS:
        xs.append(xs[-1] + share * WIDTH)
    xs[-1] = RIGHT
    top = f.y + ABOVE
    blocks = []
    for i, (heading, _, _) in enumerate(MEMBER_COLUMNS):
        width = xs[i + 1] - xs[i] - 4
        blocks.append([" ".join(w) for w in wrap_words(heading.split(), width, width, BOLD, SMALL)])
    header_h = (max(len(block) for block in blocks) + 0.2) * SMALL * 1.25
    for i, block in enumerate(blocks):
        first = top - (header_h - len(block) * SMALL * 1.25) / 2 - SMALL
        lines_at(f, (xs[i] + xs[i + 1]) / 2, first, block, BOLD, SMALL)
    edges = [top, top - header_h]
    for row in range(1, MEMBERS + 1):
        f.y = edges[-1] - ABOVE - AIR
        for i, (heading, suffix, _) in enumerate(MEMBER_COLUMNS):
            f.text_field(
                f"member_{suffix}_{row}",
                xs[i] + 1,
                xs[i + 1] - 1,
                tooltip=f"Thành viên {row}: {heading}",
                dotted=False,
                centred=suffix in ("no", "gender"),
            )
        edges.append(f.y - BELOW - AIR)
    for y in edges:
        f.rule(xs[0], y, xs[-1], y)
    for x in xs:
        f.rule(x, top, x, edges[-1])


def place_date(f: FormBuilder) -> None:
    """``…, ngày … tháng … năm …`` in italics, ending at the right margin."""
    parts = [  # (label, field, field width)
        ("", "sign_place", 62 * mm),
        (", ngày", "sign_day", 8 * mm),
        (" tháng", "sign_month", 8 * mm),
        (" năm", "sign_year", 12 * mm),
    ]
    total = sum(stringWidth(label, ITALIC, SIZE) + GAP + w for label, _, w in parts)
    x = RIGHT - total
    for label, name, w in parts:
        x = text_at(f, x, label, ITALIC) + GAP
        place = name == "sign_place"
        f.text_field(name, x, x + w, tooltip=label.strip(" ,:") or "Nơi ký", right=place)
        x += w - (PAD_RIGHT if place else 0)


def signatures(f: FormBuilder) -> None:
    """Four signature columns: title (bold, wrapped), note (italic), room, the name on two
    lines; under (5) and (6) the "(8)" lines of a consent given through VNeID."""
    col_w = WIDTH / len(SIGNATURES)
    title_top = f.y
    lowest = title_top
    for i, (title, note, _, _) in enumerate(SIGNATURES):
        cx = LEFT + (i + 0.5) * col_w
        words = wrap_words(title.split(), col_w - 6, col_w - 6, BOLD, SIGN_TITLE)
        y = lines_at(f, cx, title_top, [" ".join(w) for w in words], BOLD, SIGN_TITLE)
        words = wrap_words(note.split(), col_w - 6, col_w - 6, ITALIC, SIGN_NOTE)
        y = lines_at(f, cx, y - SIGN_TITLE * 1.3, [" ".join(w) for w in words], ITALIC, SIGN_NOTE)
        lowest = min(lowest, y)
    names_y = lowest - 2.25 * PITCH
    for i, (_, _, name, vneid) in enumerate(SIGNATURES):
        x0 = LEFT + i * col_w + 2
        x1 = LEFT + (i + 1) * col_w - 2
        f.y = names_y
        # Two lines: a name in capitals at 12 pt breaks between its words.
        f.text_field(name, x0, x1, 2, tooltip="Họ tên", centred=True)
        if vneid:  # each label, then its line (written by hand)
            f.y = names_y - PITCH - VNEID_STEP
            text_at(f, x0, "(8) Họ và tên:", REGULAR, SIGN_NOTE)
            f.y -= VNEID_STEP
            f.text_field(f"{vneid}_name", x0, x1, tooltip="(8) Họ và tên")
            f.y -= VNEID_STEP
            text_at(f, x0, "Số định danh cá nhân:", REGULAR, SIGN_NOTE)
            f.y -= VNEID_STEP
            f.text_field(f"{vneid}_id", x0, x1, tooltip="(8) Số định danh cá nhân")
    f.y = names_y - PITCH - 4 * VNEID_STEP - 15


def draw_form(c) -> FormBuilder:
    f = FormBuilder(c)
    header(f)
    f.y -= 22
    labelled(f, "Kính gửi (1):", "kinh_gui")
    f.newline(1.15)
    labelled(f, "1. Họ, chữ đệm và tên khai sinh:", "full_name")
    f.newline()
    split = LEFT + 0.62 * WIDTH
    labelled(f, "2. Ngày, tháng, năm sinh:", "birth_date", x1=split - 2 * mm)
    labelled(f, "3. Giới tính:", "gender", x=split)
    f.newline()
    x = text_at(f, LEFT, "4. Số định danh cá nhân:")
    f.digit_boxes("id", x + GAP + 2, tooltip="Số định danh cá nhân")
    f.newline(1.15)
    half = LEFT + 0.5 * WIDTH
    labelled(f, "5. Số điện thoại liên hệ:", "phone", x1=half - 2 * mm)
    labelled(f, "6. Email:", "email", x=half)
    f.newline()
    labelled(f, "7. Họ, chữ đệm và tên chủ hộ (2):", "head_name")
    f.newline()
    labelled(f, "8. Mối quan hệ với chủ hộ:", "head_relationship")
    f.newline()
    x = text_at(f, LEFT, "9. Số định danh cá nhân của chủ hộ:")
    f.digit_boxes("head_id", x + GAP + 2, tooltip="Số định danh cá nhân của chủ hộ")
    f.newline(1.15)
    text_at(f, LEFT, "10. Nội dung đề nghị (3):")
    f.newline()
    f.text_field("request", LEFT, RIGHT, lines=3, tooltip="Nội dung đề nghị")
    f.newline()
    end = text_at(f, LEFT, "11. Những thành viên trong hộ gia đình cùng thay đổi:")
    # "xem trang bổ sung" when there are more members than rows (a continuation page)
    f.text_field("members_more", end + GAP, RIGHT, tooltip="Trang bổ sung", dotted=False)
    f.newline(1.15)
    members_table(f)
    f.newline(1.25)
    place_date(f)
    f.newline(1.1)
    signatures(f)
    for note in FOOTNOTES:
        for words in wrap_words(note.split(), WIDTH, WIDTH, ITALIC, NOTE):
            text_at(f, LEFT, " ".join(words), ITALIC, NOTE)
            f.y -= NOTE_LEADING
    last = f.y + NOTE_LEADING
    if last - 3 < BOTTOM:
        raise SystemExit(f"layout overflows the page (last baseline at {last:.1f} pt)")
    return f


def main(argv: list[str]) -> None:
    build(
        Path(argv[0]) if argv else OUTPUT,
        draw_form,
        title="Tờ khai thay đổi thông tin cư trú (CT01)",
        subject="Mẫu CT01 (Thông tư 116/2026/TT-BCA), dựng lại bởi dvc",
        creator="dvc: forms/residence-registration/build_template.py",
    )


if __name__ == "__main__":
    main(sys.argv[1:])
