"""`--procedures DIR` / DVC_PROCEDURES_PATH: local procedures alongside the bundled ones."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import LOCAL_PROCEDURE
from pypdf import PdfReader
from typer.testing import CliRunner

from dvc_cli.catalog import procedures, registry
from dvc_cli.cli.main import app
from dvc_cli.errors import UsageError

DEMO = LOCAL_PROCEDURE

OUTPUT = """\
outputs:
  - id: form
    file: form.pdf
    template: demo/form.pdf
    title: Mẫu
    fields:
      name: "{{ full_name | upper }}"
"""


def write_demo(folder: Path, title: str = "Thủ tục riêng", *, output: bool = False) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "demo.yaml"
    path.write_text(DEMO.format(title=title) + (OUTPUT if output else ""), encoding="utf-8")
    return path


def make_template(path: Path) -> Path:
    from reportlab.pdfgen.canvas import Canvas

    path.parent.mkdir(parents=True, exist_ok=True)
    c = Canvas(str(path), invariant=1)
    c.drawString(72, 700, "Form")
    c.acroForm.textfield(name="name", x=72, y=650, width=300, height=18, borderWidth=0)
    c.showPage()
    c.save()
    return path


def dvc(*args: str):
    return CliRunner().invoke(app, list(args))


def test_local_folder_adds_procedures(tmp_path):
    write_demo(tmp_path / "procs")
    result = dvc("--procedures", str(tmp_path / "procs"), "list")
    assert result.exit_code == 0, result.output
    assert "demo" in result.stdout and "single-status" in result.stdout
    assert "Thủ tục riêng" in result.stdout
    # the option lasts one command: the next one sees the bundled procedures only
    assert "demo" not in dvc("list").stdout
    assert dvc("show", "demo").exit_code == 2


def test_local_procedure_fills_with_its_own_template(tmp_path):
    write_demo(tmp_path / "procs", output=True)
    make_template(tmp_path / "forms" / "demo" / "form.pdf")  # procs/../forms
    answers = tmp_path / "a.yaml"
    answers.write_text("full_name: Nguyễn Văn An\n", encoding="utf-8")
    out = tmp_path / "out"
    result = dvc(
        "--procedures", str(tmp_path / "procs"),
        "fill", "demo", "--answers", str(answers), "--no-input", "--out", str(out),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    text = PdfReader(out / "form.pdf").pages[0].extract_text()
    assert "NGUYỄN VĂN AN" in text
    assert (out / "checklist.pdf").is_file()


def test_where_templates_are_looked_up(tmp_path):
    folder = tmp_path / "province" / "procedures"
    folder.mkdir(parents=True)
    assert registry.forms_dir_for(folder) == folder  # alongside, when there is no forms folder
    (tmp_path / "province" / "forms").mkdir()
    assert registry.forms_dir_for(folder) == tmp_path / "province" / "forms"  # ../forms
    (folder / "forms").mkdir()
    assert registry.forms_dir_for(folder) == folder / "forms"  # its own forms/ first
    assert registry.forms_dir_for(registry.data_dir("procedures")) == registry.data_dir("forms")


def test_local_procedure_overrides_a_bundled_one(tmp_path):
    folder = tmp_path / "procs"
    folder.mkdir()
    bundled = registry.data_dir("procedures") / "single-status.yaml"
    text = bundled.read_text(encoding="utf-8")
    text = text.replace(
        "vi: Cấp Giấy xác nhận tình trạng hôn nhân\n", "vi: Xác nhận độc thân (bản của tỉnh)\n", 1
    )
    (folder / "single-status.yaml").write_text(text, encoding="utf-8")
    forms = folder / "forms" / "single-status"
    forms.mkdir(parents=True)
    shutil.copy(registry.data_dir("forms") / "single-status" / "to-khai.pdf", forms)
    result = dvc("--procedures", str(folder), "show", "single-status")
    assert result.exit_code == 0, result.output
    assert "Xác nhận độc thân (bản của tỉnh)" in result.stdout
    assert "(bản của tỉnh)" not in dvc("show", "single-status").stdout
    assert registry.procedure_files(registry.search_path())["single-status"] == bundled.resolve()


def test_env_var_holds_several_folders_first_wins(tmp_path, monkeypatch):
    write_demo(tmp_path / "a", "Bản A")
    write_demo(tmp_path / "b", "Bản B")
    (tmp_path / "b" / "other.yaml").write_text(
        DEMO.format(title="Khác").replace("id: demo", "id: other"), encoding="utf-8"
    )
    monkeypatch.setenv(registry.ENV_VAR, f"{tmp_path / 'a'}{os.pathsep}{tmp_path / 'b'}")
    result = dvc("list")
    assert result.exit_code == 0, result.output
    assert "Bản A" in result.stdout and "Bản B" not in result.stdout and "other" in result.stdout
    # the command line replaces the environment variable
    result = dvc("--procedures", str(tmp_path / "b"), "show", "demo")
    assert "Bản B" in result.stdout
    # the library reads the variable too
    assert procedures.load("demo").model.title.vi == "Bản A"


def test_changing_the_path_invalidates_the_cache(tmp_path):
    write_demo(tmp_path / "a", "Bản A")
    write_demo(tmp_path / "b", "Bản B")
    with pytest.raises(UsageError):
        procedures.load("demo")
    registry.use_local_dirs([tmp_path / "a"])
    assert procedures.load("demo").model.title.vi == "Bản A"
    assert procedures.load("demo") is procedures.load("demo")  # still cached
    registry.use_local_dirs([tmp_path / "b"])
    assert procedures.load("demo").model.title.vi == "Bản B"
    assert {p.id for p in procedures.load_all()} >= {"demo", "single-status"}
    registry.reset()
    with pytest.raises(UsageError):
        procedures.load("demo")


def test_missing_folder_is_a_usage_error(tmp_path):
    result = dvc("--procedures", str(tmp_path / "nope"), "list")
    assert result.exit_code == 2
    assert result.stderr.strip() == f"dvc: lỗi: không có thư mục thủ tục {tmp_path / 'nope'}"


def test_local_shared_questions_file_is_used(tmp_path):
    folder = tmp_path / "procs"
    write_demo(folder)
    (folder / "_common.yaml").write_text(
        "schema_version: 1\nquestions:\n  full_name:\n    type: name\n    label: Họ tên người dân tỉnh\n",
        encoding="utf-8",
    )
    registry.use_local_dirs([folder])
    assert procedures.load("demo").questions["full_name"].label.vi == "Họ tên người dân tỉnh"
    assert "_common" not in procedures.procedure_files()
