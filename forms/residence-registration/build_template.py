"""Build ``ct01.pdf``: form CT01, "Tờ khai thay đổi thông tin cư trú".

The residence declaration used to register permanent or temporary residence (issued under
Thông tư 53/2025/TT-BCA from 01/07/2025, replacing the CT01 of Thông tư 56/2021/TT-BCA as
amended by Thông tư 66/2023/TT-BCA), rebuilt as an A4 portrait page with
:mod:`dvc_cli.formkit`.

Run from anywhere (an optional argument writes elsewhere, e.g. to compare)::

    python forms/residence-registration/build_template.py [OUTPUT.pdf]

The items follow the 2023 CT01 as commonly reproduced: Kính gửi (1); 1. họ, chữ đệm và tên;
2. ngày, tháng, năm sinh; 3. giới tính; 4. số định danh cá nhân (12 boxes); 5. số điện thoại
liên hệ; 6. email; 7. họ, chữ đệm và tên chủ hộ; 8. mối quan hệ với chủ hộ; 9. số định danh cá
nhân của chủ hộ; 10. nội dung đề nghị (2); 11. the household members changing with the person
(a table); then place and date and four signature blocks: the head of household, the owner of
the home (or their proxy), the parent or guardian (3), and the declarant (4), with the
footnotes. The 2025 form's exact layout and footnote wording are unconfirmed.
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
    LEFT,
    PITCH,
    RIGHT,
    WIDTH,
    FormBuilder,
    build,
    mm,
    national_header,
    place_date_line,
    wrap_words,
)

OUTPUT = HERE / "ct01.pdf"

SMALL = 10.5  # table headings
NOTE = 9.5  # footnotes
SIGN_TITLE = 9.5  # signature titles
SIGN_NOTE = 8.5  # "(Ký, ghi rõ họ tên)"
# Item 11's columns: (heading, field suffix, width share)
MEMBER_COLUMNS = [
    ("TT", "no", 0.05),
    ("Họ, chữ đệm và tên", "name", 0.38),  # room for a name in capitals at 12 pt
    ("Ngày, tháng, năm sinh", "birth_date", 0.15),
    ("Giới tính", "gender", 0.08),
    ("Số định danh cá nhân", "id", 0.19),
    ("Mối quan hệ với chủ hộ", "relationship", 0.15),
]
MEMBERS = 3
AIR = 2.5  # space above and below a member row's line, inside its borders
SIGNATURES = [  # (title, note, name field)
    ("Ý KIẾN CỦA CHỦ HỘ (3)", "(Ghi rõ nội dung, ký, ghi rõ họ tên)", "head_signer"),
    (
        "Ý KIẾN CỦA CHỦ SỞ HỮU HOẶC NGƯỜI ĐƯỢC ỦY QUYỀN CHỖ Ở HỢP PHÁP (3)",
        "(Ghi rõ nội dung, ký, ghi rõ họ tên)",
        "owner_signer",
    ),
    (
        "Ý KIẾN CỦA CHA, MẸ HOẶC NGƯỜI GIÁM HỘ (3)",
        "(Ghi rõ nội dung, ký, ghi rõ họ tên)",
        "guardian_signer",
    ),
    ("NGƯỜI KÊ KHAI (4)", "(Ký, ghi rõ họ tên)", "signer_name"),
]
FOOTNOTES = [
    "(1) Cơ quan đăng ký cư trú nơi làm thủ tục.",
    "(2) Ghi rõ ràng, cụ thể nội dung đề nghị, ví dụ: đăng ký thường trú, đăng ký tạm trú, "
    "gia hạn tạm trú, tách hộ, điều chỉnh thông tin về cư trú...",
    "(3) Ghi ý kiến đồng ý trong trường hợp pháp luật về cư trú yêu cầu phải có ý kiến của "
    "chủ hộ, chủ sở hữu chỗ ở hợp pháp, cha, mẹ hoặc người giám hộ.",
    "(4) Người kê khai ký, ghi rõ họ tên.",
]


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


def members_table(f: FormBuilder) -> None:
    """Item 11's table, from the current line down; leaves the current line on the last row."""
    xs = [LEFT]
    for _, _, share in MEMBER_COLUMNS:
        xs.append(xs[-1] + share * WIDTH)
    xs[-1] = RIGHT
    top = f.y + ABOVE
    # Headings, wrapped in their columns, bold, centred vertically in the header row.
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
                f"m{row}_{suffix}",
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


def draw_form(c) -> FormBuilder:
    f = FormBuilder(c)
    national_header(f, "TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ")
    f.newline(1.6)
    f.labelled("Kính gửi (1):", "kinh_gui")
    f.newline(1.4)

    f.labelled("1. Họ, chữ đệm và tên:", "full_name")
    f.newline()
    split = LEFT + 0.62 * WIDTH
    f.labelled("2. Ngày, tháng, năm sinh:", "birth_date", x1=split - 2 * mm)
    f.labelled("3. Giới tính:", "gender", x=split)
    f.newline()
    x = f.text(LEFT, "4. Số định danh cá nhân:")
    f.digit_boxes("id", x + GAP + 2, tooltip="Số định danh cá nhân")
    f.newline(1.15)
    f.labelled("5. Số điện thoại liên hệ:", "phone", x1=LEFT + 0.5 * WIDTH - 2 * mm)
    f.labelled("6. Email:", "email", x=LEFT + 0.5 * WIDTH)
    f.newline()
    f.labelled("7. Họ, chữ đệm và tên chủ hộ:", "head_name")
    f.newline()
    f.labelled("8. Mối quan hệ với chủ hộ:", "head_relationship")
    f.newline()
    x = f.text(LEFT, "9. Số định danh cá nhân của chủ hộ:")
    f.digit_boxes("head_id", x + GAP + 2, tooltip="Số định danh cá nhân của chủ hộ")
    f.newline(1.15)
    f.text(LEFT, "10. Nội dung đề nghị (2):")
    f.newline()
    f.text_field("request", LEFT, RIGHT, lines=3, tooltip="Nội dung đề nghị")
    f.newline()
    f.text(LEFT, "11. Những thành viên trong hộ gia đình cùng thay đổi:")
    f.newline(1.2)
    members_table(f)
    f.newline(1.6)

    place_date_line(f, place_label="")  # 12 pt for all but 3 communes
    f.newline(1.2)

    # Four signature blocks side by side: title (bold, wrapped), note (italic), room, name.
    col_w = WIDTH / len(SIGNATURES)
    title_top = f.y
    lowest = title_top
    for i, (title, note, _) in enumerate(SIGNATURES):
        cx = LEFT + (i + 0.5) * col_w
        words = wrap_words(title.split(), col_w - 8, col_w - 8, BOLD, SIGN_TITLE)
        y = lines_at(f, cx, title_top, [" ".join(w) for w in words], BOLD, SIGN_TITLE)
        words = wrap_words(note.split(), col_w - 8, col_w - 8, ITALIC, SIGN_NOTE)
        y = lines_at(f, cx, y - SIGN_TITLE * 1.3, [" ".join(w) for w in words], ITALIC, SIGN_NOTE)
        lowest = min(lowest, y)
    f.y = lowest - 4.2 * PITCH
    for i, (_, _, name) in enumerate(SIGNATURES):
        cx = LEFT + (i + 0.5) * col_w
        f.y = lowest - 4.2 * PITCH
        # Two lines: a name in capitals at 12 pt breaks between its words.
        f.text_field(
            name, cx - col_w / 2 + 2, cx + col_w / 2 - 2, 2, tooltip="Họ tên", centred=True
        )
    f.newline(1.5)

    for note in FOOTNOTES:
        for words in wrap_words(note.split(), WIDTH, WIDTH, ITALIC, NOTE):
            f.text(LEFT, " ".join(words), ITALIC, NOTE)
            f.y -= NOTE * 1.3
    f.y += NOTE * 1.3
    f.check_fits()
    return f


def main(argv: list[str]) -> None:
    build(
        Path(argv[0]) if argv else OUTPUT,
        draw_form,
        title="Tờ khai thay đổi thông tin cư trú (CT01)",
        subject="Mẫu CT01 (Thông tư 53/2025/TT-BCA), dựng lại bởi dvc",
        creator="dvc: forms/residence-registration/build_template.py",
    )


if __name__ == "__main__":
    main(sys.argv[1:])
