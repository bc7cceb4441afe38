"""The law in force on 2026-12-01 in the bundled procedures (issue 16, items 4 and 5): the
identity paper is a number the office looks up (NĐ 18/2026), papers held in the national
databases are not asked for (NQ 66.7/2025), the legal bases a current portal record names, and
the residence rules of 01/07/2026 (Luật 118/2025/QH15, TT 116/2026/TT-BCA). Each example is
filled with the real CLI; the checklist (Markdown and PDF) is read back."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import flat, invoke, pdf_text

REPO = Path(__file__).resolve().parents[2]
CIVIL_STATUS = [
    "single-status",
    "birth-registration",
    "marriage-registration",
    "death-registration",
]
PORTAL_BASES = [  # a current portal record's legal bases (third-party copies)
    "Nghị định 18/2026/NĐ-CP, Điều 13",
    "Nghị quyết 66.7/2025/NQ-CP",
    "Nghị định 87/2020/NĐ-CP; Thông tư 01/2022/TT-BTP; Thông tư 03/2023/TT-BTP",
    "Nghị định 104/2022/NĐ-CP",
]
CARD = "cán bộ có thể chỉ cần số định danh cá nhân"


def fill_example(pid: str, tmp_path: Path) -> tuple[str, str]:
    out = tmp_path / pid
    result = invoke("fill", pid, "--example", "--no-input", "--out", str(out))
    assert result.exit_code == 0, result.output
    md = flat((out / "checklist.md").read_text(encoding="utf-8"))
    return md, pdf_text(out / "checklist.pdf")


@pytest.mark.parametrize("pid", CIVIL_STATUS)
def test_civil_status_checklists_name_the_current_bases_and_the_id_number(pid, tmp_path):
    md, pdf = fill_example(pid, tmp_path)
    for basis in PORTAL_BASES:
        assert basis in md, basis
        assert basis in pdf, basis
    assert CARD in md and CARD in pdf
    assert "Xuất trình để đối chiếu" not in md  # the old "present your card" wording
    # another commune helps to file online (NĐ 120/2025, Điều 4)
    assert "nơi đó hỗ trợ nộp hồ sơ trực tuyến đến nơi có thẩm quyền" in md


@pytest.mark.parametrize("pid", [*CIVIL_STATUS, "residence-registration"])
def test_every_new_instrument_is_cited_with_its_checked_date(pid):
    data = yaml.safe_load((REPO / "procedures" / f"{pid}.yaml").read_text(encoding="utf-8"))
    by_id = {s["id"]: s for s in data["sources"]}
    wanted = ["nq66_7"] + (["nd18_2026", "portal_basis_2026"] if pid in CIVIL_STATUS else [])
    for sid in wanted:
        source = by_id[sid]
        assert str(source["checked"]) == "2026-12-01"
        # not found with the search tool: stays third-party, never "confirmed"
        assert source["certainty"] == "third-party"
        assert "legal_basis" in source["backs"]


def test_show_sources_prints_the_new_bases(tmp_path):
    result = invoke("show", "birth-registration", "--sources")
    assert result.exit_code == 0, result.output
    out = flat(result.output)
    assert "Nghị định 18/2026/NĐ-CP (14/01/2026) sửa đổi Nghị định 123/2015/NĐ-CP" in out
    assert "đối chiếu ngày 2026-12-01; theo bản sao của bên thứ ba, chưa xác nhận" in out


def test_marriage_is_free_by_law_and_asks_no_single_status_certificate(tmp_path):
    md, pdf = fill_example("marriage-registration", tmp_path)
    fee = (
        "Không mất lệ phí: đăng ký kết hôn giữa công dân Việt Nam cư trú ở trong nước được miễn"
        " lệ phí theo Luật Hộ tịch, Điều 11."
    )
    assert fee in md and fee in pdf
    assert "Không phải nộp Giấy xác nhận tình trạng hôn nhân" in md


def test_residence_checklist_follows_the_law_of_july_2026(tmp_path):
    md, pdf = fill_example("residence-registration", tmp_path)
    for text in (
        "Luật số 68/2020/QH14, Điều 20-22 (thường trú), Điều 27-28 (tạm trú), sửa đổi bởi"
        " Luật số 118/2025/QH15 (từ 01/07/2026)",
        "Thông tư 116/2026/TT-BCA ngày 29/06/2026 (từ 01/07/2026)",
        "Nghị định 154/2024/NĐ-CP, sửa đổi bởi Nghị định 58/2026/NĐ-CP",
        "xác nhận qua ứng dụng VNeID, hoặc lập văn bản riêng (không cần công chứng, chứng thực)",
        "chỉ phải nộp khi cơ quan đăng ký không khai thác được thông tin trong cơ sở dữ liệu",
    ):
        assert text.lower() in md.lower(), text
    assert "Thông tư 53/2025/TT-BCA" not in md  # the replaced CT01
    assert "Thông tư 116/2026/TT-BCA" in pdf
