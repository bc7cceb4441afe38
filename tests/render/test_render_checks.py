"""One check each, everywhere it is asked: "the template has no field X" (render_form,
dvc fill, dvc check) and "the bundled font can draw this" (one character set, read once)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dvc_cli import fonts
from dvc_cli.catalog import registry
from dvc_cli.cli.main import app
from dvc_cli.render import pdf_text
from dvc_cli.render.pdf_form import FormRenderError, missing_fields, render_form

REPO = Path(__file__).resolve().parents[2]
TEMPLATE = REPO / "forms" / "single-status" / "to-khai.pdf"
SHOWN = "single-status/to-khai.pdf"  # the template as the procedure names it


def _dvc(*args: str):
    return CliRunner().invoke(app, list(args))


def test_a_field_the_template_lacks_is_said_one_way_everywhere(tmp_path):
    message = f"mẫu {SHOWN} không có trường 'ho_ten'"
    errors = missing_fields(TEMPLATE, ["full_name", "ho_ten", "so_ho"], shown=SHOWN)
    assert [(e.field, str(e)) for e in errors] == [
        ("ho_ten", message),
        ("so_ho", f"mẫu {SHOWN} không có trường 'so_ho'"),
    ]
    for editable in (False, True):
        with pytest.raises(FormRenderError) as err:
            render_form(
                TEMPLATE, {"full_name": "Nguyễn Thị Dung", "ho_ten": "x"}, editable=editable
            )
        assert (err.value.field, str(err.value)) == (
            "ho_ten",
            "mẫu to-khai.pdf không có trường 'ho_ten'",
        )

    # The bundled procedure and template, one mapping added: dvc check and dvc fill say the same.
    folder = tmp_path / "procs"
    (folder / "forms" / "single-status").mkdir(parents=True)
    shutil.copy(TEMPLATE, folder / "forms" / "single-status")
    text = (registry.data_dir("procedures") / "single-status.yaml").read_text(encoding="utf-8")
    text = text.replace("    fields:\n", '    fields:\n      ho_ten: "{{ full_name }}"\n', 1)
    path = folder / "single-status.yaml"
    path.write_text(text, encoding="utf-8")
    checked = _dvc("check", str(path))
    assert checked.exit_code != 0
    assert checked.stdout.strip().endswith(f"outputs.0.fields.ho_ten: {message}")
    filled = _dvc(
        "--procedures",
        str(folder),
        "fill",
        "single-status",
        "--answers",
        str(REPO / "examples" / "single-status.yaml"),
        "--no-input",
        "--out",
        str(tmp_path / "out"),
    )
    assert filled.exit_code == 2, filled.output
    assert filled.stderr.strip().endswith(f"outputs.0.fields.ho_ten: {message}")
    assert not (tmp_path / "out").exists()


def test_the_font_can_draw_is_one_character_set_and_the_fast_subset_a_part_of_it():
    drawable = fonts.charset("Regular")
    subset = pdf_text.font("Regular").chars
    assert {ord(ch) for ch in subset} <= drawable
    for style in fonts.STYLES:
        assert {ord(ch) for ch in pdf_text.font(style).chars} <= fonts.charset(style)
    # Ł: the font draws it, outside the fast subset; 中: neither.
    assert fonts.missing_chars("Łucja") == [] and not pdf_text.in_fixed_subset(["Łucja"])
    assert fonts.missing_chars("Nguyễn 中 中") == ["中"] and not pdf_text.in_fixed_subset(["中"])
    assert pdf_text.in_fixed_subset(["Nguyễn Thị Ánh Tuyết — Müller\n"])
    for editable in (False, True):
        assert render_form(TEMPLATE, {"full_name": "Łucja Nowak"}, editable=editable)
        with pytest.raises(FormRenderError) as err:
            render_form(TEMPLATE, {"full_name": "Nguyễn 中 Dung"}, editable=editable)
        assert str(err.value) == "trường 'full_name': phông chữ không vẽ được ký tự '中' (U+4E2D)"


COUNT_READS = """
import sys
from pathlib import Path
from reportlab.pdfbase import ttfonts

reads = []
original = ttfonts.TTFontFile.__init__


def counting(self, file, *args, **kwargs):
    reads.append(file if isinstance(file, str) else "embedded")
    original(self, file, *args, **kwargs)


ttfonts.TTFontFile.__init__ = counting
from dvc_cli.fonts import missing_chars
from dvc_cli.render.pdf_form import render_form

template = Path(sys.argv[1])
missing_chars("Nguyễn")
render_form(template, {"full_name": "Nguyễn Thị Dung"})  # the fast subset
render_form(template, {"full_name": "Łucja Nowak"})  # reportlab
render_form(template, {"full_name": "Łucja Nowak"}, editable=True)  # the template's own font
print(len([r for r in reads if r != "embedded"]), reads.count("embedded"))
"""


def test_each_bundled_font_file_is_read_once():
    out = subprocess.run(
        [sys.executable, "-c", COUNT_READS, str(TEMPLATE)],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    ).stdout.split()
    assert out == [str(len(fonts.STYLES)), "1"]
