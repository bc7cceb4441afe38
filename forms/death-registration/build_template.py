"""Build ``to-khai.pdf``: the declaration form for a death registration.

"Tờ khai đăng ký khai tử" (form of Thông tư 04/2020/TT-BTP, as amended by Thông tư
04/2024/TT-BTP), rebuilt as an A4 portrait page with :mod:`dvc_cli.formkit`.

Run from anywhere (an optional argument writes elsewhere, e.g. to compare)::

    python forms/death-registration/build_template.py [OUTPUT.pdf]

The official appendix's exact layout was not available: the items, their order and their
wording follow the form's item list (the requester and their relationship to the deceased;
"Đề nghị cơ quan đăng ký khai tử cho người có tên dưới đây"; the deceased with their last
residence and identity document; time, place and cause of death; the death notice or the paper
replacing it, with its number, date and issuer; the oath; place and date; signature; copies).
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from dvc_cli.authoring.formkit import (  # noqa: E402
    LEFT,
    RIGHT,
    WIDTH,
    FormBuilder,
    build,
    declaration_close,
    mm,
    national_header,
)

OUTPUT = HERE / "to-khai.pdf"


def draw_form(c) -> FormBuilder:
    f = FormBuilder(c)
    national_header(f, "TỜ KHAI ĐĂNG KÝ KHAI TỬ")
    f.newline(1.6)
    f.labelled("Kính gửi:", "kinh_gui", x=LEFT + 10 * mm)  # 12 pt for all but 2 communes
    f.newline(1.4)

    # The requester.
    f.labelled("Họ, chữ đệm, tên người yêu cầu:", "requester_name")
    f.newline()
    f.labelled("Nơi cư trú:", "requester_residence", lines=2)
    f.newline()
    f.labelled("Giấy tờ tùy thân:", "requester_id_doc")
    f.newline()
    f.labelled("Quan hệ với người đã chết:", "requester_relationship")
    f.newline(1.3)
    f.text(LEFT, "Đề nghị cơ quan đăng ký khai tử cho người có tên dưới đây:")
    f.newline()

    # The deceased.
    f.labelled("Họ, chữ đệm, tên:", "full_name")
    f.newline()
    f.labelled("Ngày, tháng, năm sinh:", "birth_date")
    f.newline()
    third = LEFT + 0.30 * WIDTH
    two_thirds = LEFT + 0.62 * WIDTH
    f.labelled("Giới tính:", "gender", x1=third - 2 * mm)
    f.labelled("Dân tộc:", "ethnicity", x=third, x1=two_thirds - 2 * mm)
    f.labelled("Quốc tịch:", "nationality", x=two_thirds)
    f.newline()
    f.labelled("Nơi cư trú cuối cùng:", "residence", lines=2)
    f.newline()
    f.labelled("Giấy tờ tùy thân:", "id_doc")
    f.newline(1.3)

    # The death.
    f.labelled("Đã chết vào lúc:", "death_time")
    f.newline()
    f.labelled("Nơi chết:", "death_place", lines=2)
    f.newline()
    f.labelled("Nguyên nhân chết:", "death_cause")
    f.newline()
    f.text(LEFT, "Giấy báo tử/Giấy tờ thay thế Giấy báo tử (số, ngày cấp, cơ quan cấp):")
    f.newline()
    f.text_field("death_notice", LEFT, RIGHT, lines=3, tooltip="Giấy báo tử/Giấy tờ thay thế")
    f.newline(1.4)

    declaration_close(
        f,
        "Tôi cam đoan những nội dung khai trên đây là đúng sự thật và chịu trách nhiệm "
        "trước pháp luật về cam đoan của mình.",
        place_width=48 * mm,  # the longest commune name fits at 8 pt
    )
    return f


def main(argv: list[str]) -> None:
    build(
        Path(argv[0]) if argv else OUTPUT,
        draw_form,
        title="Tờ khai đăng ký khai tử",
        subject=(
            "Mẫu theo Thông tư 04/2020/TT-BTP (sửa đổi bởi Thông tư 04/2024/TT-BTP), "
            "dựng lại bởi dvc"
        ),
        creator="dvc: forms/death-registration/build_template.py",
    )


if __name__ == "__main__":
    main(sys.argv[1:])
