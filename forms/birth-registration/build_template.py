"""Build ``to-khai.pdf``: the declaration form for a birth registration.

"Tờ khai đăng ký khai sinh" (form of Thông tư 04/2020/TT-BTP, as amended by Thông tư
04/2024/TT-BTP), rebuilt as an A4 portrait page with :mod:`dvc_cli.formkit`: labels in the
bundled Noto Serif, dotted lines where answers go, and AcroForm fields whose rectangles say
where each answer is drawn.

Run from anywhere (an optional argument writes elsewhere, e.g. to compare)::

    python forms/birth-registration/build_template.py [OUTPUT.pdf]

The official appendix's exact layout was not available: the items, their order and their
wording follow the form's item list (the requester with a date of birth; "Đề nghị cơ quan
đăng ký khai sinh cho người dưới đây"; the child with the date of birth also in words, place
of birth and home town; the mother; the father, each with "Năm sinh (1)" taking the full date
when known; the line on the parents' marriage certificate, "Số…, Quyển số…, đăng ký ngày…
tại…"; the oath; place and date; signature; copies requested; footnote (1)). The TT 04/2024
additions come from third-party copies of the form; the oath is worded as in the 2020 form as
commonly reproduced (unconfirmed against the appendix).
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from dvc_cli.authoring.formkit import (  # noqa: E402
    GAP,
    ITALIC,
    LEFT,
    RIGHT,
    WIDTH,
    FormBuilder,
    build,
    copies_line,
    mm,
    national_header,
    place_date_line,
    signature_block,
)

OUTPUT = HERE / "to-khai.pdf"
NOTE = 10  # footnote size
FOOTNOTE = "(1) Ghi đủ ngày, tháng, năm sinh nếu biết."


def parent(f: FormBuilder, who: str, prefix: str) -> None:
    """The four lines about the mother or the father."""
    f.labelled(f"Họ, chữ đệm, tên người {who}:", f"{prefix}_name")
    f.newline()
    third = LEFT + 0.36 * WIDTH  # room for a full date after "Năm sinh (1):"
    two_thirds = LEFT + 0.66 * WIDTH
    f.labelled("Năm sinh (1):", f"{prefix}_birth_date", x1=third - 2 * mm)
    f.labelled("Dân tộc:", f"{prefix}_ethnicity", x=third, x1=two_thirds - 2 * mm)
    f.labelled("Quốc tịch:", f"{prefix}_nationality", x=two_thirds)
    f.newline()
    f.labelled("Nơi cư trú:", f"{prefix}_residence", lines=2)
    f.newline()
    f.labelled("Giấy tờ tùy thân:", f"{prefix}_id_doc")


def marriage_certificate(f: FormBuilder) -> None:
    """ "Thông tin về Giấy chứng nhận kết hôn của cha, mẹ trẻ: Số… Quyển số… đăng ký ngày…
    tại…" on two lines (the form's commas left out: see below)."""
    label = "Thông tin về Giấy chứng nhận kết hôn của cha, mẹ trẻ: Số"
    f.labelled(label, "parents_marriage_number")
    f.newline()
    x = f.text(LEFT, "Quyển số")
    f.text_field("parents_marriage_book", x + GAP, x + GAP + 18 * mm, tooltip="Quyển số")
    # No comma after a field: an empty one would leave it floating (" , đăng ký").
    x = f.text(x + GAP + 18 * mm + GAP, "đăng ký ngày")
    f.text_field("parents_marriage_date", x + GAP, x + GAP + 22.5 * mm, tooltip="Đăng ký ngày")
    x = f.text(x + GAP + 22.5 * mm, " tại")
    f.text_field("parents_marriage_place", x + GAP, RIGHT, tooltip="Đăng ký tại")


def close(f: FormBuilder, oath: str) -> None:
    """The oath, place and date, the requester's signature, the copies line and the footnote
    (formkit's declaration_close with less space between them)."""
    f.paragraph(oath)
    f.newline(1.15)
    place_date_line(f, 48 * mm)  # the longest commune name fits at 8 pt
    f.newline()
    signature_block(f, LEFT + 0.70 * WIDTH, "Người yêu cầu", "signer_name", space=2.0)
    f.newline(1.25)
    copies_line(f)
    f.newline(0.75)
    f.text(LEFT, FOOTNOTE, ITALIC, NOTE)
    f.check_fits()


def draw_form(c) -> FormBuilder:
    f = FormBuilder(c)
    national_header(f, "TỜ KHAI ĐĂNG KÝ KHAI SINH")
    f.newline(1.1)
    f.labelled("Kính gửi:", "kinh_gui", x=LEFT + 10 * mm)  # 12 pt for all but 2 communes
    f.newline(1.0)

    # The requester.
    f.labelled("Họ, chữ đệm, tên người yêu cầu:", "requester_name")
    f.newline()
    f.labelled("Nơi cư trú:", "requester_residence", lines=2)
    f.newline()
    f.labelled("Ngày, tháng, năm sinh:", "requester_birth_date")
    f.newline()
    f.labelled("Giấy tờ tùy thân:", "requester_id_doc")
    f.newline()
    f.labelled("Quan hệ với người được khai sinh:", "requester_relationship")
    f.newline()
    f.text(LEFT, "Đề nghị cơ quan đăng ký khai sinh cho người dưới đây:")
    f.newline()

    # The child.
    f.labelled("Họ, chữ đệm, tên:", "full_name")
    f.newline()
    f.labelled("Ngày, tháng, năm sinh:", "birth_date", x1=LEFT + 0.62 * WIDTH)
    f.text(LEFT + 0.62 * WIDTH + 2 * mm, "ghi bằng chữ:")
    f.newline()
    f.text_field("birth_date_words", LEFT, RIGHT, tooltip="Ngày, tháng, năm sinh ghi bằng chữ")
    f.newline()
    third = LEFT + 0.30 * WIDTH
    two_thirds = LEFT + 0.62 * WIDTH
    f.labelled("Giới tính:", "gender", x1=third - 2 * mm)
    f.labelled("Dân tộc:", "ethnicity", x=third, x1=two_thirds - 2 * mm)
    f.labelled("Quốc tịch:", "nationality", x=two_thirds)
    f.newline()
    f.labelled("Nơi sinh:", "birth_place", lines=2)
    f.newline()
    f.labelled("Quê quán:", "hometown")

    # The parents, each block set off by a little space.
    f.newline()
    parent(f, "mẹ", "mother")
    f.newline()
    parent(f, "cha", "father")
    f.newline()
    marriage_certificate(f)
    f.newline()

    close(
        f,
        "Tôi cam đoan nội dung đề nghị đăng ký khai sinh trên đây là đúng sự thật, được sự "
        "thỏa thuận nhất trí của các bên liên quan theo quy định pháp luật. Tôi chịu hoàn toàn "
        "trách nhiệm trước pháp luật về nội dung cam đoan của mình.",
    )
    return f


def main(argv: list[str]) -> None:
    build(
        Path(argv[0]) if argv else OUTPUT,
        draw_form,
        title="Tờ khai đăng ký khai sinh",
        subject=(
            "Mẫu theo Thông tư 04/2020/TT-BTP (sửa đổi bởi Thông tư 04/2024/TT-BTP), "
            "dựng lại bởi dvc"
        ),
        creator="dvc: forms/birth-registration/build_template.py",
    )


if __name__ == "__main__":
    main(sys.argv[1:])
