"""Shared fixtures: real-looking residents, and helpers to run the CLI and read PDFs."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from pypdf import PdfReader
from typer.testing import CliRunner

from dvc_cli import i18n
from dvc_cli.catalog import registry
from dvc_cli.cli.main import app

# The top of a minimal valid procedure file, up to its steps (12 lines).
PROCEDURE_HEAD = """\
schema_version: 1
id: demo
title: {vi: Thử, en: Demo}
authority: UBND cấp xã
processing_time: 03 ngày làm việc
fee: Miễn phí
legal_basis:
  - title: Luật Hộ tịch
dossier:
  - id: to_khai
    title: Tờ khai
    kind: original
"""

# ... followed by a first step asking the name (20 lines): a valid procedure on its own.
PROCEDURE_WITH_NAME = (
    PROCEDURE_HEAD
    + """\
steps:
  - id: one
    title: Bước một
    questions:
      - id: full_name
        type: name
        label: Họ tên
"""
)

# ... the source of each fact PROCEDURE_HEAD states (`dvc check` wants every fact backed):
# appended at the end of a test procedure, so the positions of what comes before stay.
SOURCES = """\
sources:
  - id: portal
    document: Cổng Dịch vụ công quốc gia, thủ tục 1.004873
    read_at: https://dichvucong.gov.vn
    checked: 2026-11-23
    certainty: third-party
    backs: [legal_basis, authority, processing_time, fee, form, dossier.to_khai]
"""

# A procedure a province keeps in its own folder (``{title}`` to fill in), asking the name
# in a step of its own: a valid procedure on its own; more questions may follow.
LOCAL_PROCEDURE = (
    PROCEDURE_HEAD.replace("{vi: Thử, en: Demo}", "{{vi: {title}, en: Demo}}")
    + """\
    produced_by_dvc: true
steps:
  - id: one
    title: Người yêu cầu
    questions:
      - use: full_name
"""
)

# What only a maintainer may read (procedure files' `maintainer_notes`): never on a checklist.
MAINTAINER_WORDS = (
    "CHƯA XÁC NHẬN",
    "chưa được đối chiếu",
    "có thể khác",
    "(3P)",
    "maintainer",
    "UNCONFIRMED",
)

BASE: dict[str, Any] = {
    "full_name": "Trương Thị Ánh Tuyết",
    "birth_date": "21/04/1996",
    "gender": "nữ",
    "id_number": "038196004521",
    "id_issue_date": "12/07/2024",
    "residence_address": "Số 27 phố Lê Hoàn, tổ dân phố 5",
    "residence_province": "Thanh Hóa",
    "residence_commune": "Phường Hạc Thành",
    "marital_status": "chua_ket_hon",
    "purpose": "khac",
    "purpose_detail": "Để bổ sung hồ sơ vay vốn ngân hàng",
}

SINGLE = dict(BASE)

DIVORCED = {
    **BASE,
    "full_name": "Nguyễn Thị Dung",
    "birth_date": "15/08/1990",
    "id_number": "001190012345",
    "residence_province": "Hà Nội",
    "residence_commune": "Hoàn Kiếm",
    "marital_status": "đã ly hôn",
    "divorce_kind": "quyết định",
    "divorce_ref": "25/2020/QĐST-HNGĐ",
    "divorce_date": "05/03/2020",
    "divorce_court": "Tòa án nhân dân quận Hoàn Kiếm, thành phố Hà Nội",
    "purpose": "ket_hon",
    "partner_name": "Trần Văn Minh",
    "partner_birth_date": "02/01/1988",
}

WIDOWED = {
    **BASE,
    "full_name": "Lê Văn Hùng",
    "gender": "nam",
    "birth_date": "03/09/1975",
    "id_number": "079075001234",
    "residence_province": "TP Hồ Chí Minh",
    "residence_commune": "Phường Sài Gòn",
    "marital_status": "vo chong da mat",
    "spouse_death_doc": "trich luc khai tu",
    "spouse_death_ref": "45/TLKT",
    "spouse_death_issuer": "Ủy ban nhân dân phường Bến Nghé",
    "spouse_death_date": "10/10/2019",
}


def flat(text: str) -> str:
    """Collapse whitespace (wrapped lines) to single spaces."""
    return re.sub(r"\s+", " ", text).strip()


def pdf_text(path: Path) -> str:
    """Text of every page, via pypdf, whitespace collapsed."""
    return flat(" ".join(page.extract_text() or "" for page in PdfReader(path).pages))


def pdftotext(path: Path) -> str | None:
    """Text via poppler's pdftotext, or None when it is not installed."""
    exe = shutil.which("pdftotext")
    if not exe:
        return None
    out = subprocess.run([exe, "-layout", str(path), "-"], capture_output=True, check=True)
    return flat(out.stdout.decode("utf-8"))


def write_answers(path: Path, answers: dict[str, Any]) -> Path:
    path.write_text(yaml.safe_dump(answers, allow_unicode=True), encoding="utf-8")
    return path


def spawn_dvc(*args: str, env: dict[str, str] | None = None, rows: int = 40, columns: int = 100):
    """``python -m dvc_cli ARGS`` in a real pseudo-terminal (pexpect; skipped without it),
    with prompt_toolkit's cursor-position request off; ``env`` adds to the environment."""
    pexpect = pytest.importorskip("pexpect")
    term = {"PROMPT_TOOLKIT_NO_CPR": "1", "TERM": "xterm", "COLUMNS": str(columns)}
    return pexpect.spawn(
        sys.executable,
        ["-m", "dvc_cli", *args],
        env={**os.environ, **term, **(env or {})},
        encoding="utf-8",
        timeout=30,
        dimensions=(rows, columns),
    )


@pytest.fixture(autouse=True)
def data_dir(tmp_path_factory, monkeypatch) -> Path:
    """dvc's data directory (drafts, default results): a fresh temporary one, never $HOME."""
    path = tmp_path_factory.mktemp("dvc-data") / "dvc"
    monkeypatch.setenv("DVC_DATA_DIR", str(path))
    return path


@pytest.fixture(autouse=True)
def _no_local_procedures(monkeypatch):
    monkeypatch.delenv(registry.ENV_VAR, raising=False)
    monkeypatch.delenv("DVC_LOCAL_PATH", raising=False)
    registry.reset()
    yield
    registry.reset()


@pytest.fixture(autouse=True)
def _vietnamese_interface(monkeypatch):
    """Every test starts and ends in Vietnamese, the default, whatever language it switched to."""
    monkeypatch.delenv("DVC_LANG", raising=False)
    i18n.set_language("vi")
    yield
    i18n.set_language("vi")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def fill(tmp_path: Path, runner: CliRunner):
    """Run ``dvc fill single-status --no-input`` on answers; return (result, out_dir)."""

    def _fill(answers: dict[str, Any], *extra: str, name: str = "out"):
        src = write_answers(tmp_path / f"{name}.yaml", answers)
        out = tmp_path / name
        result = runner.invoke(
            app,
            [
                "fill",
                "single-status",
                "--answers",
                str(src),
                "--no-input",
                "--out",
                str(out),
                *extra,
            ],
        )
        return result, out

    return _fill


def invoke(*args: str):
    return CliRunner().invoke(app, list(args))


# -- keys for the interactive interview (prompt_toolkit pipe input) -------------------------
ENTER = "\r"
CLEAR = "\x15"  # Ctrl-U: a failed validation keeps the typed text
DOWN = "\x1b[B"

# The single-status interview of the README, key by key (a wrong ID corrected on the way).
BASIC = [
    "Nguyễn Thị Dung" + ENTER,  # full_name
    "15/08/1990" + ENTER,  # birth_date
    "2" + ENTER,  # gender: Nữ
    ENTER,  # ethnicity: Kinh
    ENTER,  # nationality: Việt Nam
    ENTER,  # id_type: Thẻ căn cước
    "001090012345" + ENTER,  # wrong: digit 4 says male
    CLEAR + "001190012345" + ENTER,  # corrected
    "12/07/2024" + ENTER,  # id_issue_date
    ENTER,  # id_issuer: Bộ Công an
    ENTER,  # residence_type: Thường trú
    "Số 5 phố Hàng Bạc" + ENTER,
    "ha noi" + ENTER,  # province, accents optional
    "hoan kiem" + ENTER,  # commune
    ENTER,  # had_other_residence: Không
    ENTER,  # marital_status: first choice, chưa đăng ký kết hôn
    "2" + ENTER,  # purpose: Mục đích khác
    "Để bổ sung hồ sơ vay vốn" + ENTER,
    ENTER,  # had_previous_certificate: Không
    ENTER,  # requester_is_subject: Có
    ENTER,  # copies: 1
]


# -- ID-card QR payloads (synthetic; their ID numbers agree with gender and birth year) -------
CARD_ADDRESS = "Số 15 ngõ 4, Trường Thi, Thanh Hóa, Thanh Hóa"
#: a 2024 thẻ căn cước, 7 fields with the old CMND number
CARD_TUYET = f"038196004521|186543210|Trương Thị Ánh Tuyết|21041996|Nữ|{CARD_ADDRESS}|12072024"
#: a 2021 chip CCCD, 6 fields (no CMND slot)
CARD_DUNG = f"038195001234|Nguyễn Thị Dung|15081995|Nữ|{CARD_ADDRESS}|10052021"
_HUNG = (
    "001092012345||Lê Văn Hùng|03091992|Nam|Số 5 phố Hàng Bạc, Hàng Bạc, Hoàn Kiếm, Hà Nội"
    "|20082024||"
)
#: a 2024 card, 11 fields: four trailing ones, two with the parents' names
CARD_HUNG = _HUNG + "Lê Văn Minh|Phạm Thị Lan|"
#: the same card with its trailing fields empty
CARD_HUNG_BLANK = _HUNG + "||"


# -- answering an interview in a pseudo-terminal ----------------------------------------------
def pty_answer(child, prompt: str, keys: str = "\r") -> None:
    """Wait for ``prompt`` on the pty, then type ``keys`` (Enter: take the default)."""
    child.expect_exact(prompt)
    child.send(keys)


def pty_single_status_rest(child) -> None:
    """single-status after the person's residence: never married, another purpose (a loan),
    no earlier certificate, filing for oneself, the default copies; up to the review."""
    pty_answer(child, "Tình trạng hôn nhân hiện tại")
    pty_answer(child, "Mục đích sử dụng giấy xác nhận", "2\r")
    pty_answer(child, "Ghi rõ mục đích", "Để bổ sung hồ sơ vay vốn\r")
    pty_answer(child, "Trước đây đã được cấp Giấy xác nhận")
    pty_answer(child, "Người đi nộp hồ sơ chính là người được cấp giấy")
    pty_answer(child, "Số bản sao đề nghị cấp")


def pty_marriage_groom_rest(child) -> None:
    """marriage-registration after the groom's ID number: the defaults for his ethnicity,
    nationality and marriage number, where to register and the copies; up to the review."""
    pty_answer(child, "Bên nam: dân tộc")
    pty_answer(child, "Bên nam: quốc tịch")
    pty_answer(child, "Bên nam: kết hôn lần thứ mấy")
    pty_answer(child, "Đăng ký tại xã/phường nơi cư trú của")
    pty_answer(child, "Số bản sao trích lục kết hôn")


def pty_finish(child, pexpect) -> None:
    """Confirm the review on the pty and check that dvc ended with exit code 0."""
    pty_answer(child, "Các thông tin trên đã đúng chưa", "1\r")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before


def saved_answers(out) -> dict:
    """The answers of the answers file dvc wrote into the output folder ``out``."""
    return yaml.safe_load((out / "answers.yaml").read_text(encoding="utf-8"))["answers"]


def poppler_words(pdf: bytes, tmp_path: Path) -> list[tuple[float, float, float, float, str]]:
    """Words with their boxes (x0, y0, x1, y1) in PDF coordinates (origin bottom-left)."""
    path = tmp_path / "words.pdf"
    path.write_bytes(pdf)
    html = subprocess.run(
        ["pdftotext", "-bbox", "-enc", "UTF-8", str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    height = float(re.search(r'<page width="[\d.]+" height="([\d.]+)"', html).group(1))
    words = []
    for m in re.finditer(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
        html,
    ):
        x0, top, x1, bottom = (float(v) for v in m.groups()[:4])
        words.append((x0, height - bottom, x1, height - top, m.group(5)))
    return words


def piped_interview(tmp_path: Path, keys: list[str]) -> tuple[Any, str, Path]:
    """Run ``dvc fill single-status``'s interview on ``keys`` (piped, plain output); return
    (result, prompts drawn, out folder)."""
    import io

    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output.plain_text import PlainTextOutput

    screen = io.StringIO()
    out = tmp_path / "out"
    with create_pipe_input() as pipe:
        pipe.send_text("".join(keys))
        with create_app_session(input=pipe, output=PlainTextOutput(screen)):
            result = CliRunner().invoke(app, ["fill", "single-status", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return result, screen.getvalue(), out
