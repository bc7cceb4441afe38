"""`dvc fields FORM.pdf`: a template's fields, to map a new form quickly."""

from __future__ import annotations

from pathlib import Path

import yaml
from typer.testing import CliRunner

from dvc_cli.catalog import registry
from dvc_cli.cli.main import app
from dvc_cli.render.pdf_form import template_fields

BUNDLED = registry.data_dir("forms") / "single-status" / "to-khai.pdf"


def dvc(*args: str):
    return CliRunner().invoke(app, list(args))


def two_page_template(path: Path) -> Path:
    from reportlab.pdfgen.canvas import Canvas

    c = Canvas(str(path), invariant=1)
    c.acroForm.textfield(name="ho_ten", x=72, y=650, width=300, height=18, borderWidth=0)
    c.showPage()
    c.acroForm.textfield(name="ghi chú", x=72, y=600, width=300, height=40, fieldFlags="multiline")
    c.acroForm.checkbox(name="dong_y", x=72, y=500, size=12)
    c.showPage()
    c.save()
    return path


def test_lists_name_type_page_and_rectangle(tmp_path):
    template = two_page_template(tmp_path / "form.pdf")
    result = dvc("fields", str(template))
    assert result.exit_code == 0, result.output
    lines = [line.split("  ") for line in result.stdout.splitlines()]
    rows = [[cell.strip() for cell in line if cell.strip()] for line in lines]
    assert rows == [
        ["Tên ô", "Loại", "Trang", "Hình chữ nhật x0, y0, x1, y1"],
        ["ho_ten", "text", "1", "72.0, 650.0, 372.0, 668.0"],
        ["ghi chú", "text, multiline", "2", "72.0, 600.0, 372.0, 640.0"],
        ["dong_y", "checkbox", "2", "72.0, 500.0, 84.0, 512.0"],
    ]


def test_bundled_template_lists_every_field_in_order():
    result = dvc("fields", str(BUNDLED))
    assert result.exit_code == 0, result.output
    names = [line.split()[0] for line in result.stdout.splitlines()[1:]]
    assert names == [f.name for f in template_fields(BUNDLED)]
    assert "kinh_gui" in names and "copy_yes" in names
    copy_yes = next(line for line in result.stdout.splitlines() if line.startswith("copy_yes "))
    assert "checkbox" in copy_yes


def test_yaml_skeleton_pastes_into_a_procedure(tmp_path):
    template = two_page_template(tmp_path / "form.pdf")
    result = dvc("fields", "--yaml", str(template))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1:3] == [
        "    fields:",
        '      ho_ten: "{{ ho_ten }}"  # text, trang 1',
    ]
    data = yaml.safe_load(result.stdout)
    assert data == {"fields": {"ho_ten": "{{ ho_ten }}", "ghi chú": "", "dong_y": "{{ dong_y }}"}}


def test_missing_file_is_one_line_exit_2(tmp_path):
    result = dvc("fields", str(tmp_path / "nope.pdf"))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"dvc: lỗi: không đọc được mẫu PDF {tmp_path / 'nope.pdf'}")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_not_a_pdf_exits_2(tmp_path):
    bad = tmp_path / "bad.pdf"
    bad.write_text("not a pdf", encoding="utf-8")
    result = dvc("fields", str(bad))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "không đọc được mẫu PDF" in result.stderr


def test_pdf_without_fields(tmp_path):
    from reportlab.pdfgen.canvas import Canvas

    plain = tmp_path / "plain.pdf"
    c = Canvas(str(plain))
    c.drawString(72, 700, "no fields")
    c.save()
    result = dvc("fields", str(plain))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "không có ô điền nào" in result.stderr


def test_yaml_skeleton_puts_a_tables_numbered_rows_under_lists(tmp_path):
    from reportlab.pdfgen.canvas import Canvas

    path = tmp_path / "table.pdf"
    c = Canvas(str(path), invariant=1)
    c.acroForm.textfield(name="ho_ten", x=72, y=700, width=300, height=18, borderWidth=0)
    for n in (1, 2):  # two table rows, one under the other
        y = 650 - 20 * n
        c.acroForm.textfield(name=f"member_name_{n}", x=72, y=y, width=150, height=18)
        c.acroForm.textfield(name=f"member_relation_{n}", x=230, y=y, width=100, height=18)
    for n in (1, 2, 3):  # boxes along one line: digits, not a table
        c.acroForm.textfield(name=f"id_{n}", x=72 + 20 * n, y=560, width=18, height=18)
    c.showPage()
    c.save()
    result = dvc("fields", "--yaml", str(path))
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(result.stdout)
    assert list(data["fields"]) == ["ho_ten", "id_1", "id_2", "id_3"]
    (table,) = data["lists"]
    assert table["rows"] == 2
    assert [c["field"] for c in table["columns"]] == ["member_name", "member_relation"]
