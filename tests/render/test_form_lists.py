"""A list on a form, for any procedure: its items fill the table rows the form has (fields
``<column>_<n>``), the rest go on a continuation page of the same PDF, "xem trang bổ sung" on
the form; an item answer too long for its row is refused where it is typed, naming the item."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import PROCEDURE_HEAD, flat
from pypdf import PdfReader

from dvc_cli.authoring.formkit import LEFT, RIGHT, FormBuilder, build, mm
from dvc_cli.catalog import procedures
from dvc_cli.core.engine import Interview
from dvc_cli.render import output
from dvc_cli.render.fit import check_fit

pytest.importorskip("fontTools")  # building a template embeds the font

ROWS = 3
PROCEDURE = (
    PROCEDURE_HEAD
    + """\
steps:
  - id: one
    title: Bước một
    questions:
      - id: full_name
        type: name
        label: Họ tên người kê khai
      - id: members
        type: list
        label: Những thành viên trong hộ gia đình cùng thay đổi
        item_label: "Thành viên thứ {{ n }}"
        min: 0
        items:
          - id: name
            type: name
            label: "Họ, chữ đệm và tên"
          - id: relation
            label: Mối quan hệ với chủ hộ
            max_length: 60
outputs:
  - id: to_khai
    file: to-khai.pdf
    template: demo/members.pdf
    title: Tờ khai thay đổi thông tin cư trú
    fields:
      full_name: "{{ full_name | upper }}"
    lists:
      - question: members
        rows: 3
        more_field: members_more
        columns:
          - {field: member_no, value: "{{ n }}", heading: TT}
          - {field: member_name, value: "{{ name }}", heading: "Họ, chữ đệm và tên"}
          - {field: member_relation, value: "{{ relation }}", heading: Mối quan hệ với chủ hộ}
"""
)
MEMBERS = [
    ("Nguyễn Thị Dung", "Vợ"),
    ("Trương Thị Ánh Tuyết", "Con"),
    ("Lê Văn Hùng", "Con"),
    ("Nguyễn Văn An", "Cháu"),
    ("Trương Văn Bình", "Bố"),
    ("Lê Thị Hoa", "Mẹ"),
]


def _draw(c):
    f = FormBuilder(c)
    f.labelled("Họ tên người kê khai:", "full_name")
    f.newline()
    f.text(LEFT, "11. Những thành viên trong hộ gia đình cùng thay đổi:")
    for n in range(1, ROWS + 1):
        f.newline()
        f.text_field(f"member_no_{n}", LEFT, LEFT + 10 * mm, tooltip="TT")
        f.text_field(f"member_name_{n}", LEFT + 12 * mm, LEFT + 44 * mm, tooltip="Họ tên")
        f.text_field(f"member_relation_{n}", LEFT + 46 * mm, RIGHT, tooltip="Quan hệ")
    f.newline()
    f.text_field("members_more", LEFT, RIGHT, tooltip="Trang bổ sung", dotted=False)
    return f


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    root = tmp_path_factory.mktemp("lists")
    (root / "forms" / "demo").mkdir(parents=True)
    build(root / "forms" / "demo" / "members.pdf", _draw, title="Demo", subject="", creator="test")
    path = root / "demo.yaml"
    path.write_text(PROCEDURE, encoding="utf-8")
    return procedures.load_file(path, root / "forms")


def _members(count: int) -> list[dict[str, str]]:
    return [{"name": name, "relation": rel} for name, rel in MEMBERS[:count]]


def _pages(demo, count: int) -> list[str]:
    answers = {"full_name": "Trương Văn Thắng", "members": _members(count)}
    interview = Interview(demo, answers, today=dt.date(2026, 11, 23), checks=[check_fit])
    assert interview.is_complete(), interview.problems()
    pdf = output.render(interview).files["to-khai.pdf"]
    path = Path(demo.path.parent / f"out-{count}.pdf")
    path.write_bytes(pdf)
    return [flat(page.extract_text()) for page in PdfReader(path).pages]


def test_six_members_fill_the_three_rows_and_a_continuation_page(demo):
    form, more = _pages(demo, 6)
    for name, relation in MEMBERS[:3]:
        assert name in form and relation in form
    assert "xem trang bổ sung" in form
    assert all(name not in form for name, _rel in MEMBERS[3:])
    assert "TRANG BỔ SUNG (tiếp theo Tờ khai thay đổi thông tin cư trú)" in more
    assert "Người được cấp: TRƯƠNG VĂN THẮNG" in more
    for n, (name, relation) in enumerate(MEMBERS[3:], 4):
        assert f"Thành viên thứ {n} TT: {n} Họ, chữ đệm và tên: {name}" in more
        assert f"Mối quan hệ với chủ hộ: {relation}" in more


@pytest.mark.parametrize("count", [0, 1, 3])
def test_as_many_members_as_rows_need_no_continuation(demo, count):
    pages = _pages(demo, count)
    assert len(pages) == 1
    assert "xem trang bổ sung" not in pages[0]
    assert all((name in pages[0]) == (i < count) for i, (name, _r) in enumerate(MEMBERS))


def test_a_name_too_long_for_its_row_is_refused_where_it_is_typed(demo):
    interview = Interview(demo, {"full_name": "Trương Văn Thắng"}, checks=[check_fit])
    items = [{"name": "Nguyễn Thị Dung", "relation": "Vợ"}, {}]
    long_name = "Tôn Nữ Hoàng Thị Kim Ngọc Bảo Châu Phương Thảo"  # 46 letters
    error = interview.check_item("members", items, 1, "name", long_name)
    assert error is not None and error.question == "members[2].name"
    assert error.message.startswith("quá dài để ghi vào tờ khai: tối đa khoảng")
    assert interview.label_of(error.question) == "Thành viên thứ 2 — Họ, chữ đệm và tên"
    assert interview.check_item("members", items, 1, "name", "Nguyễn Văn An") is None
