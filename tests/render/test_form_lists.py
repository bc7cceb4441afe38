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


def _render(demo, count: int, answers: dict | None = None) -> bytes:
    answers = answers or {"full_name": "Trương Văn Thắng", "members": _members(count)}
    interview = Interview(demo, answers, today=dt.date(2026, 11, 23), checks=[check_fit])
    assert interview.is_complete(), interview.problems()
    return output.render(interview).files["to-khai.pdf"]


def test_the_continuation_is_written_with_the_form_in_its_answers_font(demo, monkeypatch):
    """pdf_text.TemplateWriter appends the continuation page itself (no pypdf): one page
    tree, one Regular program for the answers and the continuation (its bold and italic
    drawn from it, pdf_text.FACES), holding every glyph either draws."""
    import io

    from fontTools.ttLib import TTFont
    from pypdf.generic import ContentStream

    from dvc_cli.render import form_lists

    def no_pypdf(form, extra):
        raise AssertionError("appended with pypdf")

    monkeypatch.setattr(form_lists, "append", no_pypdf)
    pdf = _render(demo, 6)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 2 and reader.trailer["/Root"]["/Pages"]["/Count"] == 2
    fonts = [page["/Resources"]["/Font"] for page in reader.pages]
    answers = fonts[0]["/DvcR"].indirect_reference
    assert list(fonts[1]) == ["/DvcR"] and fonts[1]["/DvcR"].indirect_reference == answers
    program = TTFont(io.BytesIO(fonts[0]["/DvcR"]["/FontDescriptor"]["/FontFile2"].get_data()))
    cmap, glyf = program["cmap"].getcmap(1, 0).cmap, program["glyf"]
    for page in reader.pages:
        current = None
        for operands, op in ContentStream(page.get_contents(), reader).operations:
            if op == b"Tf":
                current = str(operands[0])
            elif op == b"Tj" and current == "/DvcR":
                string = operands[0]
                raw = bytes(
                    string.get_original_bytes() if hasattr(string, "get_original_bytes") else string
                )
                assert all(glyf[cmap[c]].numberOfContours for c in set(raw) - {32}), raw
    more = flat(reader.pages[1].extract_text())
    assert "TRANG BỔ SUNG (tiếp theo Tờ khai thay đổi thông tin cư trú)" in more
    assert "Thành viên thứ 6 TT: 6 Họ, chữ đệm và tên: Lê Thị Hoa" in more


def test_a_kept_template_writes_the_same_continuation(demo):
    from dvc_cli.render import form_template
    from dvc_cli.render import pdf_text as fast

    first = _render(demo, 6)
    (tpl,) = [t for path, (_key, t) in form_template._CACHE.items() if path.name == "members.pdf"]
    kept = fast.TemplateWriter.from_state(tpl.flat_writer.state())
    assert kept.extends and kept.page_tree == tpl.flat_writer.page_tree
    old = dict(tpl.flat_writer.state())
    del old["page_tree"]  # an older dvc's state: refused, so the template is read again
    with pytest.raises(KeyError):
        fast.TemplateWriter.from_state(old)
    tpl.flat_writer = kept
    assert _render(demo, 6) == first


def test_where_the_writer_cannot_append_pypdf_still_does(demo, monkeypatch):
    """A template whose page tree has several nodes, a text outside the fixed subsets: the
    continuation page is appended with pypdf as before, and reads the same."""
    from dvc_cli.render import form_template
    from dvc_cli.render import pdf_text as fast

    for _key, tpl in form_template._CACHE.values():
        tpl.flat_writer = None  # built again below
    monkeypatch.setattr(fast, "_flat_page_tree", lambda *args: None)
    pdf = _render(demo, 6)
    reader = PdfReader(__import__("io").BytesIO(pdf))
    assert len(reader.pages) == 2
    assert "Thành viên thứ 6 TT: 6 Họ, chữ đệm và tên: Lê Thị Hoa" in flat(
        reader.pages[1].extract_text()
    )
    monkeypatch.undo()
    for _key, tpl in form_template._CACHE.values():
        tpl.flat_writer = None
    members = [
        *_members(5),
        {"name": "Jana Dvořák", "relation": "Mẹ"},
    ]  # ř: not in the fixed subsets
    pdf = _render(demo, 0, {"full_name": "Trương Văn Thắng", "members": members})
    reader = PdfReader(__import__("io").BytesIO(pdf))
    assert "Jana Dvořák" in reader.pages[1].extract_text()
