"""Conditions and templates said in words (``dvc show``), from the question and choice labels:
every bundled procedure's, and the single-status sentences one by one, in both languages."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from dvc_cli import i18n, load_procedure
from dvc_cli.catalog import registry
from dvc_cli.cli.main import app
from dvc_cli.core.schema import Procedure
from dvc_cli.core.wording import Wording

PROCEDURES = sorted(
    p.stem for p in registry.data_dir("procedures").glob("*.yaml") if not p.stem.startswith("_")
)


@pytest.fixture(scope="module")
def single() -> Wording:
    return Wording(load_procedure("single-status").model)


@pytest.mark.parametrize(
    ("when", "words"),
    [
        ("marital_status == 'da_ly_hon'", "Tình trạng hôn nhân hiện tại là «Đã ly hôn»"),
        (
            "marital_status == 'da_ly_hon' and not divorce_abroad",
            "Tình trạng hôn nhân hiện tại là «Đã ly hôn» và "
            "Ly hôn (hoặc hủy kết hôn) ở nước ngoài? «Không»",
        ),
        ("not requester_is_subject", "Người đi nộp hồ sơ chính là người được cấp giấy? «Không»"),
        (
            "had_previous_certificate and previous_certificate_available",
            "Trước đây đã được cấp Giấy xác nhận tình trạng hôn nhân (đã hết hạn hoặc cho việc "
            "khác)? «Có» và Còn giữ giấy đã cấp để nộp lại? «Có»",
        ),
        ("purpose != 'ket_hon'", "Mục đích sử dụng giấy xác nhận không phải «Để đăng ký kết hôn»"),
        (
            "marital_status in ['da_ly_hon', 'vo_chong_da_mat']",
            "Tình trạng hôn nhân hiện tại là «Đã ly hôn» hoặc «Vợ/chồng đã chết»",
        ),
        (
            "not (purpose == 'ket_hon' or had_other_residence)",
            "không phải: Mục đích sử dụng giấy xác nhận là «Để đăng ký kết hôn» hoặc "
            "Trước đây (từ khi đủ tuổi kết hôn) có thường trú ở xã/phường khác không? «Có»",
        ),
        (
            "birth_date is defined and age(birth_date, today) < 18",
            "tuổi (tính theo Ngày, tháng, năm sinh) dưới 18",
        ),
        ("copies >= 2", "Số bản sao đề nghị cấp (0 nếu không cần) từ 2 trở lên"),
        (
            "purpose == 'khac' and (copies > 0 or had_other_residence)",
            "Mục đích sử dụng giấy xác nhận là «Mục đích khác» và (Số bản sao đề nghị cấp "
            "(0 nếu không cần) lớn hơn 0 hoặc Trước đây (từ khi đủ tuổi kết hôn) có thường trú "
            "ở xã/phường khác không? «Có»)",
        ),
        ("copies * 2 > 3", "`(copies * 2)` lớn hơn 3"),
    ],
)
def test_single_status_conditions_in_words(single, when, words):
    assert single.condition(when) == words


def test_single_status_texts_in_words(single):
    assert single.text("{{ labels.id_type }} của {{ full_name }}") == (
        "«Loại giấy tờ tùy thân» của «Họ, chữ đệm, tên»"
    )
    assert single.text("{{ labels.divorce_kind }} ly hôn của {{ divorce_court_text }}") == (
        "«Ly hôn theo» ly hôn của «Tòa án đã xử»"
    )
    assert single.text("Nơi cũ{{ ' (' ~ place ~ ')' if had_other_residence }}") == (
        "Nơi cũ («Nơi thường trú trước đây (xã/phường, tỉnh — ghi theo tên lúc đó)») (nếu "
        "Trước đây (từ khi đủ tuổi kết hôn) có thường trú ở xã/phường khác không? «Có»)"
    )
    assert single.text(
        "{%- if purpose == 'ket_hon' -%}Để kết hôn{%- else -%}Việc khác{%- endif -%}"
    ) == ("Nếu Mục đích sử dụng giấy xác nhận là «Để đăng ký kết hôn»: Để kết hôn. "
          "Nếu không: Việc khác.")  # fmt: skip
    assert single.text("Không có mẫu") == "Không có mẫu"


def test_english_words(single):
    i18n.set_language("en")
    assert single.condition("marital_status == 'da_ly_hon' and not divorce_abroad") == (
        "Current marital status is «Divorced» and Divorced (or marriage annulled) abroad? «No»"
    )
    assert single.text("{{ labels.id_type }} of {{ full_name }}") == (
        "«Type of identity document» of «Full name»"
    )


def invoke(*args: str, columns: int = 80):
    return CliRunner().invoke(app, list(args), env={"COLUMNS": str(columns)})


def _words_of(proc: Procedure) -> list[str]:
    words = Wording(proc)
    said = []
    for step in proc.steps:
        said += [words.condition(q.when) for q in step.questions if q.when]
    for item in [*proc.dossier, *proc.visits]:
        said.append(words.condition(item.when))
        said.append(words.text(item.title.vi))
        if item.title.en:
            said.append(words.text(item.title.en))
    return said


@pytest.mark.parametrize("procedure", PROCEDURES)
def test_every_bundled_condition_and_title_is_said_in_words(procedure):
    for text in _words_of(load_procedure(procedure).model):
        assert "{{" not in text and "{%" not in text and "==" not in text, text
        assert "`" not in text, text  # no construct of a bundled procedure left as code
        assert " là là " not in text and "? là " not in text, text


@pytest.mark.parametrize("procedure", PROCEDURES)
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_dvc_show_prints_no_template_code(procedure, lang):
    result = invoke("--lang", lang, "show", procedure)
    assert result.exit_code == 0, result.output
    assert "{{" not in result.output and "{%" not in result.output
    assert "==" not in result.output and "!=" not in result.output


def test_when_text_is_shown_instead(single):
    lines = invoke("show", "single-status", columns=400).output.splitlines()
    (divorce,) = [line for line in lines if "«Ly hôn theo» ly hôn số" in line]
    assert re.search(
        r"Bản sao, 01 bản +Đã ly hôn ở Việt Nam \(không phải ở nước ngoài\)$", divorce.rstrip()
    )
    (widowed,) = [line for line in lines if "«Giấy tờ về việc vợ/chồng đã chết» số" in line]
    assert widowed.rstrip().endswith("Tình trạng hôn nhân hiện tại là «Vợ/chồng đã chết»")
    (asked,) = [line for line in lines if " divorce_ref " in line]
    assert asked.rstrip().endswith("Tình trạng hôn nhân hiện tại là «Đã ly hôn»")


def test_an_items_answer_in_words():
    copies = Wording(load_procedure("copy-certification").model)
    assert copies.condition("'nuoc_ngoai' in documents | map(attribute='kind') | list") == (
        "một mục của «Các giấy tờ cần chứng thực» có «Giấy tờ là» là «Giấy tờ do cơ quan nước "
        "ngoài cấp»"
    )
    assert copies.text("Bản chính {{ title }} ({{ pages }} trang)") == (
        "Bản chính «Tên giấy tờ» («Số trang của bản chính» trang)"
    )
