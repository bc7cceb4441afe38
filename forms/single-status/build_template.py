"""Build ``to-khai.pdf``: the declaration form for a certificate of marital status.

"Tờ khai cấp Giấy xác nhận tình trạng hôn nhân" (form of Thông tư 04/2020/TT-BTP), rebuilt
as an A4 portrait page: labels drawn with reportlab in the bundled Noto Serif (correct
Vietnamese diacritics), dotted lines where answers go, and AcroForm fields whose rectangles
say where each answer is drawn.

Run from anywhere (an optional argument writes elsewhere, e.g. to compare)::

    python forms/single-status/build_template.py [OUTPUT.pdf]

The official appendix's exact layout was not available: the items, their order and their
wording follow the form's item list in the project's domain notes, and the margins the usual
rules for administrative papers (left 30 mm, right 15 mm). The separate "Trong thời gian cư
trú tại … từ ngày … đến ngày …" line comes from the older form; in the form as amended an
earlier period is written inside "Tình trạng hôn nhân", so those fields may stay empty.

reportlab only creates fields in standard-14 fonts, so the file is post-processed with
pypdf: the AcroForm /DR gets a Type0 (CIDFontType2, Identity-H) font embedding the whole
bundled NotoSerif-Regular.ttf, and every text field's /DA names it (auto size), so a field
filled by pypdf ``update_page_form_field_values(..., auto_regenerate=False)`` or by a PDF
viewer shows Vietnamese correctly. The output is deterministic.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from reportlab.pdfgen.canvas import Canvas  # noqa: E402

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


def draw_form(c: Canvas) -> FormBuilder:
    """Draw the labels and add the fields; return the builder (its fields, in order)."""
    f = FormBuilder(c)
    national_header(f, "TỜ KHAI CẤP GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN")
    f.newline(1.6)
    f.labelled("Kính gửi:", "kinh_gui", x=LEFT + 10 * mm)  # 12 pt for all but 2 communes
    f.newline(1.25)
    f.labelled("Họ, chữ đệm, tên người yêu cầu:", "requester_name")
    f.newline()
    f.labelled("Nơi cư trú:", "requester_residence", lines=2)
    f.newline()
    f.labelled("Giấy tờ tùy thân:", "requester_id_doc", lines=2)
    f.newline()
    f.text(LEFT, "Quan hệ với người được cấp Giấy xác nhận tình trạng hôn nhân:")
    f.newline()
    f.text_field("requester_relationship", LEFT, RIGHT, tooltip="Quan hệ với người được cấp")
    f.newline()
    f.text(LEFT, "Đề nghị cấp Giấy xác nhận tình trạng hôn nhân cho người có tên dưới đây:")
    f.newline()
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
    f.labelled("Nơi cư trú:", "residence", lines=2)
    f.newline()
    f.labelled("Giấy tờ tùy thân:", "id_doc", lines=2)
    f.newline()
    # One line for an earlier residence (row 1 of the procedure's list ``earlier_residences``:
    # fields ``<column>_1``); more of them go on a continuation page, and ``period_more``
    # then says "xem trang bổ sung".
    f.labelled("Trong thời gian cư trú tại:", "period_place_1", lines=2)  # a place of 120 letters
    f.newline()
    first = LEFT + 0.34 * WIDTH
    second = LEFT + 0.68 * WIDTH
    f.labelled("từ ngày", "period_from_1", x1=first - 2 * mm)
    f.labelled("đến ngày", "period_to_1", x=first, x1=second - 2 * mm)
    f.text_field("period_more", second, RIGHT, tooltip="Các nơi cư trú khác", dotted=False)
    f.newline()
    f.labelled("Tình trạng hôn nhân:", "marital_status_text", lines=4)
    f.newline()
    f.text(LEFT, "Mục đích sử dụng Giấy xác nhận tình trạng hôn nhân:")
    f.newline()
    f.text_field("purpose", LEFT, RIGHT, lines=3, tooltip="Mục đích sử dụng")
    f.newline(1.1)
    declaration_close(
        f,
        "Tôi cam đoan những nội dung khai trên đây là đúng sự thật và chịu trách nhiệm "
        "trước pháp luật về cam đoan của mình.",
    )
    return f


def main(argv: list[str]) -> None:
    build(
        Path(argv[0]) if argv else OUTPUT,
        draw_form,
        title="Tờ khai cấp Giấy xác nhận tình trạng hôn nhân",
        subject="Mẫu theo Thông tư 04/2020/TT-BTP, dựng lại bởi dvc",
        creator="dvc: forms/single-status/build_template.py",
    )


if __name__ == "__main__":
    main(sys.argv[1:])
