"""Build ``to-khai.pdf``: the declaration form for a marriage registration.

"Tờ khai đăng ký kết hôn" (form of Thông tư 04/2020/TT-BTP, as amended by Thông tư
04/2024/TT-BTP): one form for both parties, rebuilt as an A4 portrait page with
:mod:`dvc_cli.formkit`. The parties' items form a table with a column for each party, as the
official form prints them: họ, chữ đệm, tên; ngày, tháng, năm sinh; dân tộc; quốc tịch; nơi cư
trú; giấy tờ tùy thân; kết hôn lần thứ mấy. Then the joint oath, place and date, and a
signature for each party.

Run from anywhere (an optional argument writes elsewhere, e.g. to compare)::

    python forms/marriage-registration/build_template.py [OUTPUT.pdf]

The official appendix's exact layout was not available: the item list and its order follow
the project's domain notes; the column order (Bên nữ, then Bên nam) and the wording of the oath
follow the 2020 form as commonly reproduced, unconfirmed against the appendix.
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
    LEFT,
    PITCH,
    REGULAR,
    RIGHT,
    WIDTH,
    FormBuilder,
    build,
    copies_line,
    mm,
    national_header,
    place_date_line,
    signature_block,
    wrap_words,
)

OUTPUT = HERE / "to-khai.pdf"

CELL_SIZE = 12  # labels inside the table
PAD = 3  # space between a cell's left border and its label
AIR = 2.5  # space above and below a row's lines, inside its borders
# (label, field suffix, lines): each party's row; a row is as tall as its label or its field.
ROWS = [
    ("Họ, chữ đệm, tên", "name", 2),
    ("Ngày, tháng, năm sinh", "birth_date", 1),
    ("Dân tộc", "ethnicity", 1),
    ("Quốc tịch", "nationality", 1),
    ("Nơi cư trú", "residence", 4),
    ("Giấy tờ tùy thân", "id_doc", 5),  # a CCCD issued by C06 takes 5 lines
    ("Kết hôn lần thứ mấy", "marriage_number", 1),
]
PARTIES = [("Bên nữ", "bride"), ("Bên nam", "groom")]


def table(f: FormBuilder) -> None:
    """The parties' table, from the current line down; leaves the current line on the last
    row's last line."""
    xs = [LEFT, LEFT + 38 * mm]
    xs.append(xs[1] + (RIGHT - xs[1]) / 2)
    xs.append(RIGHT)
    top = f.y + ABOVE + AIR
    edges = [top]

    def row(label: str, font: str, fields: list[tuple[str, str]], lines: int) -> None:
        """One row starting at the last edge: the label (wrapped) and a field per party."""
        f.y = edges[-1] - AIR - ABOVE
        first = f.y
        width = xs[1] - xs[0] - 2 * PAD
        label_lines = wrap_words(label.split(), width, width, font, CELL_SIZE)
        if font == BOLD:
            f.centred(label, font, CELL_SIZE, cx=(xs[0] + xs[1]) / 2)
        else:
            for i, words in enumerate(label_lines):
                f.y = first - i * PITCH
                f.text(xs[0] + PAD, " ".join(words), font, CELL_SIZE)
        for i, (name, tooltip) in enumerate(fields):
            f.y = first
            f.text_field(name, xs[i + 1] + 1, xs[i + 2] - 1, lines, tooltip=tooltip, dotted=False)
        height = max(lines, len(label_lines))
        f.y = first - (height - 1) * PITCH
        edges.append(f.y - BELOW - AIR)

    row("Thông tin", BOLD, [], 1)
    for i, (title, _) in enumerate(PARTIES):  # the header's other cells
        f.centred(title, BOLD, CELL_SIZE, cx=(xs[i + 1] + xs[i + 2]) / 2)
    for label, suffix, lines in ROWS:
        fields = [(f"{prefix}_{suffix}", f"{title}: {label}") for title, prefix in PARTIES]
        row(label, REGULAR, fields, lines)
    for y in edges:
        f.rule(xs[0], y, xs[-1], y)
    for x in xs:
        f.rule(x, top, x, edges[-1])


def draw_form(c) -> FormBuilder:
    f = FormBuilder(c)
    national_header(f, "TỜ KHAI ĐĂNG KÝ KẾT HÔN")
    f.newline(1.6)
    f.labelled("Kính gửi:", "kinh_gui", x=LEFT + 10 * mm)  # 12 pt for all but 2 communes
    f.newline(1.6)
    table(f)
    f.newline(1.9)

    f.paragraph(
        "Chúng tôi cam đoan những lời khai trên đây là đúng sự thật, việc kết hôn của chúng "
        "tôi là tự nguyện, không vi phạm quy định của Luật Hôn nhân và gia đình Việt Nam. "
        "Chúng tôi chịu trách nhiệm trước pháp luật về cam đoan của mình."
    )
    f.newline()
    f.text(LEFT + 10 * mm, "Đề nghị Quý cơ quan đăng ký.")
    f.newline(1.6)
    place_date_line(f)  # 12 pt for all but 3 communes
    f.newline()
    y = f.y
    for i, (title, prefix) in enumerate(PARTIES):
        f.y = y
        signature_block(
            f,
            LEFT + (0.25 + 0.5 * i) * WIDTH,
            title,
            f"{prefix}_signer",
            half_width=0.22 * WIDTH,
            note="(Ký, ghi rõ họ, chữ đệm, tên)",
            space=3.0,
        )
    f.newline(1.7)
    copies_line(f)
    f.check_fits()
    return f


def main(argv: list[str]) -> None:
    build(
        Path(argv[0]) if argv else OUTPUT,
        draw_form,
        title="Tờ khai đăng ký kết hôn",
        subject=(
            "Mẫu theo Thông tư 04/2020/TT-BTP (sửa đổi bởi Thông tư 04/2024/TT-BTP), "
            "dựng lại bởi dvc"
        ),
        creator="dvc: forms/marriage-registration/build_template.py",
    )


if __name__ == "__main__":
    main(sys.argv[1:])
