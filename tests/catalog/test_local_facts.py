"""`--local DIR` / DVC_LOCAL_PATH: a province's own fee, offices, hours and notes, stated in an
overlay file beside the bundled procedure and printed on the checklist with whose decision sets
them."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import DIVORCED, SINGLE, flat, pdf_text, write_answers

from dvc_cli.cli.main import app

THANH_HOA = """\
schema_version: 1
procedure: single-status
decided_by:
  vi: Nghị quyết 12/2025/NQ-HĐND của HĐND tỉnh Thanh Hóa
  en: Resolution 12/2025/NQ-HĐND of the Thanh Hóa People's Council
province: thanh hoa
fee:
  amount: 8000
opening_hours:
  vi: Thứ Hai đến Thứ Sáu, 7 giờ 30 đến 17 giờ
  en: Monday to Friday, 7:30 to 17:00
visits:
  - title:
      vi: Trung tâm phục vụ hành chính công {{ residence_commune | admin_name }}, tỉnh Thanh Hóa
      en: Public administration service centre of {{ residence_commune | admin_name }}
extra_notes:
  - vi: Lấy số thứ tự qua ứng dụng Thanh Hóa Số trước khi đến.
    en: Take a queue number in the Thanh Hóa Số app before you go.
dossier_extra:
  - id: anh_the
    title: Ảnh 4x6 của {{ full_name }}
    kind: original
    count: 1
"""

FEE_TH = "8.000 đồng (theo Nghị quyết 12/2025/NQ-HĐND của HĐND tỉnh Thanh Hóa)"
OFFICE_TH = "Trung tâm phục vụ hành chính công phường Hạc Thành, tỉnh Thanh Hóa"


def overlay(folder: Path, text: str = THANH_HOA, name: str = "single-status.yaml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def run_fill(runner, tmp_path: Path, answers: dict, *global_args: str, name: str = "out", env=None):
    src = write_answers(tmp_path / f"{name}.yaml", answers)
    out = tmp_path / name
    args = [*global_args, "fill", "single-status", "--answers", str(src), "--no-input"]
    result = runner.invoke(app, [*args, "--out", str(out)], env=env)
    return result, out


def test_thanh_hoa_resident_gets_the_local_fee_office_hours_and_papers(runner, tmp_path):
    local = tmp_path / "thanh-hoa"
    overlay(local)
    result, out = run_fill(runner, tmp_path, SINGLE, "--local", str(local))
    assert result.exit_code == 0, result.output
    md = flat((out / "checklist.md").read_text(encoding="utf-8"))
    assert f"**Lệ phí:** {FEE_TH}" in md
    assert f"1. **{OFFICE_TH}**" in md
    assert "**Giờ làm việc:** Thứ Hai đến Thứ Sáu, 7 giờ 30 đến 17 giờ" in md
    assert "- Lấy số thứ tự qua ứng dụng Thanh Hóa Số trước khi đến." in md
    assert "**Ảnh 4x6 của Trương Thị Ánh Tuyết** — Bản chính, 01 bản" in md
    assert "- Nghị quyết 12/2025/NQ-HĐND của HĐND tỉnh Thanh Hóa" in md  # legal basis
    assert "Trung tâm phục vụ hành chính công cấp xã" not in md  # the bundled visit replaced
    pdf = pdf_text(out / "checklist.pdf")
    assert FEE_TH in pdf and "Giờ làm việc:" in pdf
    assert f"Lệ phí: {FEE_TH}" in flat(result.output)  # the terminal checklist too


def test_ha_noi_resident_keeps_the_bundled_facts(runner, tmp_path):
    local = tmp_path / "thanh-hoa"
    overlay(local)
    plain, plain_out = run_fill(runner, tmp_path, DIVORCED, name="plain")
    result, out = run_fill(runner, tmp_path, DIVORCED, "--local", str(local))
    assert result.exit_code == 0, result.output
    md = (out / "checklist.md").read_text(encoding="utf-8")
    assert md == (plain_out / "checklist.md").read_text(encoding="utf-8")
    assert "Thanh Hóa" not in md and "8.000 đồng" not in md and "Giờ làm việc" not in md


def test_env_var_gives_the_folder(runner, tmp_path):
    local = tmp_path / "thanh-hoa"
    overlay(local)
    env = {
        "DVC_LOCAL_PATH": f"{tmp_path / 'none-yet'}:{local}".replace(":", __import__("os").pathsep)
    }
    (tmp_path / "none-yet").mkdir()
    result, out = run_fill(runner, tmp_path, SINGLE, env=env)
    assert result.exit_code == 0, result.output
    assert FEE_TH in flat((out / "checklist.md").read_text(encoding="utf-8"))


def test_all_file_and_first_folder_wins(runner, tmp_path):
    desk = overlay(
        tmp_path / "desk",
        "schema_version: 1\n"
        "decided_by: Quyết định 5/QĐ-UBND của UBND phường Hạc Thành\n"
        "fee: {vi: 'Miễn lệ phí cho người có công'}\n"
        "extra_notes: [Bãi gửi xe ở cổng sau.]\n",
        name="_all.yaml",
    )
    overlay(tmp_path / "thanh-hoa")
    args = ("--local", str(desk.parent), "--local", str(tmp_path / "thanh-hoa"))
    result, out = run_fill(runner, tmp_path, SINGLE, *args)
    assert result.exit_code == 0, result.output
    md = flat((out / "checklist.md").read_text(encoding="utf-8"))
    fee = "Miễn lệ phí cho người có công (theo Quyết định 5/QĐ-UBND của UBND phường Hạc Thành)"
    assert f"**Lệ phí:** {fee}" in md
    assert "- Bãi gửi xe ở cổng sau." in md and "Thanh Hóa Số" in md  # notes add up
    assert OFFICE_TH in md  # the desk gives no office: the province's


def test_english_interface(runner, tmp_path):
    overlay(tmp_path / "thanh-hoa")
    result, out = run_fill(
        runner, tmp_path, SINGLE, "--lang", "en", "--local", str(tmp_path / "thanh-hoa")
    )
    assert result.exit_code == 0, result.output
    md = flat((out / "checklist.md").read_text(encoding="utf-8"))
    assert (
        "**Fee:** 8,000 VND (under Resolution 12/2025/NQ-HĐND of the Thanh Hóa People's Council)"
        in md
    )
    assert "**Opening hours:** Monday to Friday, 7:30 to 17:00" in md


@pytest.mark.parametrize(
    ("change", "where", "message"),
    [
        (
            ("fee:\n  amount: 8000", "fees:\n  amount: 8000"),
            ":8:3: fees: ",
            "khóa không xác định; có phải: fee?",
        ),
        (
            ("province: thanh hoa", "province: thanh hao"),
            ":6:11: province: ",
            "không có tỉnh/thành phố 'thanh hao'",
        ),
        (
            ("procedure: single-status", "procedure: birth-registration"),
            ":2:12: procedure: ",
            "'birth-registration' phải trùng tên tệp (single-status.yaml)",
        ),
        (
            ("    count: 1", "    count: 1\n    when: is_married"),
            ":24:11: dossier_extra.0.when: ",
            "tên không có trong thủ tục single-status: is_married",
        ),
        (("  amount: 8000", "  amount: -5"), ":8:11: fee.amount: ", "phải lớn hơn hoặc bằng 0"),
    ],
)
def test_bad_overlay_is_refused_with_its_position(runner, tmp_path, change, where, message):
    path = overlay(tmp_path / "thanh-hoa", THANH_HOA.replace(*change))
    result, out = run_fill(runner, tmp_path, SINGLE, "--local", str(path.parent))
    assert result.exit_code == 2, result.output
    assert f"single-status.yaml{where}{message}" in flat(result.output)
    assert "Traceback" not in result.output and not out.exists()
    checked = runner.invoke(app, ["check", "--local", str(path.parent)])
    assert checked.exit_code == 2
    assert f"single-status.yaml{where}{message}" in flat(checked.output)


def test_check_local_reports_every_problem_and_passes_a_good_folder(runner, tmp_path):
    good = overlay(tmp_path / "good")
    result = runner.invoke(app, ["check", "--local", str(good.parent)])
    assert result.exit_code == 0, result.output
    assert "đã kiểm tra 1 tệp, không có lỗi" in result.output
    bad = tmp_path / "bad"
    overlay(bad, THANH_HOA, name="single-statu.yaml")
    overlay(bad, "schema_version: 2\ndecided_by: ''\nhours: 8h\n", name="_all.yaml")
    result = runner.invoke(app, ["check", "--local", str(bad)])
    assert result.exit_code == 2, result.output
    lines = result.output.splitlines()
    assert any(
        line.startswith(str(bad / "single-statu.yaml") + ":1:1: không có thủ tục 'single-statu'")
        and "có phải: single-status," in line
        for line in lines
    ), result.output
    text = flat(result.output)
    assert "_all.yaml:1:17: schema_version: phải là 1, không phải 2" in text
    assert "_all.yaml:2:13: decided_by.vi: không được để trống" in text
    assert "_all.yaml:3:8: hours: khóa không xác định" in text
    assert "4 lỗi trong 2/2 tệp" in text


def test_global_local_is_checked_with_the_procedures(runner, tmp_path):
    path = overlay(tmp_path / "thanh-hoa", THANH_HOA.replace("thanh hoa", "thanh hao"))
    result = runner.invoke(app, ["--local", str(path.parent), "check"])
    assert result.exit_code == 2
    assert "single-status.yaml:6:11: province: không có tỉnh/thành phố 'thanh hao'" in flat(
        result.output
    )


def test_missing_local_folder_is_one_line(runner, tmp_path):
    result = runner.invoke(app, ["--local", str(tmp_path / "nowhere"), "list"])
    assert result.exit_code == 2
    assert f"không có thư mục thông tin địa phương {tmp_path / 'nowhere'}" in result.output
    assert "Traceback" not in result.output


def test_readme_example_overlay_is_valid_and_applies(runner, tmp_path):
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    block = readme.split("# thanh-hoa/single-status.yaml\n", 1)[1].split("```", 1)[0]
    folder = tmp_path / "thanh-hoa"
    overlay(folder, block)
    checked = runner.invoke(app, ["check", "--local", str(folder)])
    assert checked.exit_code == 0, checked.output
    result, out = run_fill(runner, tmp_path, SINGLE, "--local", str(folder))
    assert result.exit_code == 0, result.output
    md = flat((out / "checklist.md").read_text(encoding="utf-8"))
    assert f"**Lệ phí:** {FEE_TH}" in md and "**Ảnh 4x6** — Bản chính, 01 bản" in md


def test_batch_rows_get_the_local_facts(runner, tmp_path):
    folder = tmp_path / "thanh-hoa"
    overlay(folder)
    template = runner.invoke(app, ["csv-template", "single-status"])
    assert template.exit_code == 0, template.output
    rows = tmp_path / "rows.csv"
    rows.write_text(template.stdout, encoding="utf-8")
    out = tmp_path / "batch"
    result = runner.invoke(
        app, ["--local", str(folder), "batch", "single-status", str(rows), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    (checklist,) = out.glob("*/checklist.md")
    assert FEE_TH in flat(checklist.read_text(encoding="utf-8"))


def test_show_lists_the_overlays_in_force(runner, tmp_path):
    local = tmp_path / "thanh-hoa"
    path = overlay(local)
    result = runner.invoke(
        app, ["--local", str(local), "show", "single-status"], env={"COLUMNS": "400"}
    )
    assert result.exit_code == 0, result.output
    out = result.output
    head = out.index("Thông tin địa phương đang áp dụng (--local)")
    assert out.index(f"• {path}", head) > head
    assert "theo: Nghị quyết 12/2025/NQ-HĐND của HĐND tỉnh Thanh Hóa" in out
    assert "áp dụng cho: thanh hoa" in out
    assert "đặt: lệ phí, nơi đến, giờ làm việc, lưu ý, giấy tờ thêm" in out
    plain = runner.invoke(app, ["show", "single-status"], env={"COLUMNS": "400"})
    assert "Thông tin địa phương" not in plain.output
