"""`dvc list`, `dvc show`, `--version`, `python -m dvc_cli`, bad command lines."""

from __future__ import annotations

import subprocess
import sys

from conftest import invoke
from typer.testing import CliRunner

from dvc_cli import __version__
from dvc_cli.cli.main import app


def test_version():
    result = invoke("--version")
    assert result.exit_code == 0
    assert result.output.strip() == f"dvc {__version__}"


def test_python_dash_m():
    out = subprocess.run(
        [sys.executable, "-m", "dvc_cli", "--version"], capture_output=True, text=True
    )
    assert out.returncode == 0
    assert out.stdout.strip() == f"dvc {__version__}"


def test_list():
    result = invoke("list")
    assert result.exit_code == 0
    assert "single-status" in result.output
    assert "1.004873" in result.output
    assert "Cấp Giấy xác nhận tình trạng hôn nhân" in result.output


def test_show_lists_dossier_with_conditions():
    result = invoke("show", "single-status")
    assert result.exit_code == 0, result.output
    out = " ".join(result.output.split())
    assert "Thành phần hồ sơ" in out
    assert "marital_status == 'da_ly_hon'" not in out and "«Đã ly hôn»" in out
    assert "Luật Hộ tịch" in out
    wide = CliRunner().invoke(app, ["show", "single-status", "--raw"], env={"COLUMNS": "400"})
    raw = " ".join(wide.output.split())
    assert "marital_status == 'da_ly_hon'" in raw and "{{ labels.id_type }}" in raw


def test_show_sources_groups_them_by_fact():
    result = CliRunner().invoke(app, ["show", "single-status", "--sources"], env={"COLUMNS": "400"})
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    fee = lines.index("Lệ phí  [fee]")
    assert lines[fee + 1 : fee + 4] == [
        "  • Cổng Dịch vụ công quốc gia, thủ tục 1.004873 (công bố tại Quyết định 163/QĐ-BTP)",
        "    đọc tại: https://dichvucong.gov.vn — thủ tục 1.004873 (bản thu thập năm 2026 của bên"
        " thứ ba)",
        "    đối chiếu ngày 2026-11-23; theo bản sao của bên thứ ba, chưa xác nhận",
    ]
    form = lines.index("Mẫu: Tờ khai cấp Giấy xác nhận tình trạng hôn nhân  [outputs.to_khai]")
    assert "chưa rõ" in " ".join(lines[form : form + 12])
    assert "Giấy tờ: Trích lục ghi chú ly hôn (ly hôn/hủy kết hôn ở nước ngoài đã ghi vào sổ" in (
        result.output
    )
    assert "Ghi chú cho người duy trì (không in trên giấy tờ)" in result.output
    assert "chưa được đối chiếu (CHƯA XÁC NHẬN)" in " ".join(result.output.split())
    english = CliRunner().invoke(
        app, ["--lang", "en", "show", "single-status", "--sources"], env={"COLUMNS": "400"}
    )
    assert english.exit_code == 0, english.output
    out = english.output
    assert "Fee  [fee]" in out
    assert "read at: https://dichvucong.gov.vn" in out
    assert "checked on 2026-11-23; from a third-party copy, not confirmed" in out
    assert "the exact layout of the appendix has not been checked (UNCONFIRMED)" in out


def test_show_prints_the_maintainer_notes_apart():
    result = CliRunner().invoke(app, ["show", "residence-registration"], env={"COLUMNS": "400"})
    assert result.exit_code == 0, result.output
    out = result.output
    notes = out.index("Ghi chú cho người duy trì (không in trên giấy tờ)")
    assert out.index("ý nghĩa từng dấu (CHƯA XÁC NHẬN)") > notes


def test_unknown_procedure_suggests_and_exits_2():
    result = invoke("fill", "single-statu", "--no-input")
    assert result.exit_code == 2
    assert "có phải: single-status?" in result.stderr


def test_missing_answers_file_exits_2(tmp_path):
    result = invoke("fill", "single-status", "--answers", str(tmp_path / "no.yaml"), "--no-input")
    assert result.exit_code == 2
    assert "no.yaml: không tìm thấy tệp câu trả lời" in result.stderr


def test_bad_option_exits_2():
    assert invoke("fill", "single-status", "--bogus").exit_code == 2


def test_malformed_answers_file_names_line(tmp_path):
    bad = tmp_path / "a.yaml"
    bad.write_text("full_name: [Nguyễn\n", encoding="utf-8")
    result = invoke("fill", "single-status", "--answers", str(bad), "--no-input")
    assert result.exit_code == 2
    assert f"{bad}:2:1: tệp câu trả lời không hợp lệ" in result.stderr


def test_fill_without_a_terminal_asks_for_no_input():
    result = invoke("fill", "single-status")
    assert result.exit_code == 2
    assert "đầu vào không phải là terminal" in result.stderr
    assert "--no-input" in result.stderr
