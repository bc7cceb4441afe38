"""Personal data stays private: nothing personal in log lines, errors or progress; no network.

A resident's name, ID number, birth date and phone number may appear in their own papers (the
form, the checklist, the answers file) and nowhere else: not in ``--verbose`` log lines, not in
error messages, not in a batch's progress or summary.
"""

from __future__ import annotations

import csv
import re
import socket
from pathlib import Path

import pytest
import yaml
from conftest import SINGLE, write_answers
from typer.testing import CliRunner

from dvc_cli.cli.main import app
from dvc_cli.privacy import mask, mask_id

REPO = Path(__file__).resolve().parents[1]
AN = REPO / "tests" / "fixtures" / "residence-registration" / "an-student-temporary-rented.yaml"


def _runner() -> CliRunner:
    try:
        return CliRunner(mix_stderr=False)  # click < 8.2
    except TypeError:
        return CliRunner()


def _secrets(answers: dict) -> list[str]:
    """Every spelling of the personal values a leak could take."""
    found = []
    for key, value in answers.items():
        text = str(value)
        if key.endswith("name") and "_" not in key.removesuffix("_name") or key == "full_name":
            found += [text, text.upper()]
        if key in ("id_number", "phone"):
            digits = re.sub(r"\D", "", text)
            found += [text, digits, digits[4:10]]
        if key.endswith("birth_date"):
            d, m, y = text.split("/")
            found += [text, f"{y}-{m}-{d}", f"{d}/{m}", f"năm sinh {y}", f"({y[2:]})"]
    return [s for s in found if s]


def _assert_private(text: str, secrets: list[str]) -> None:
    for secret in secrets:
        assert secret not in text, f"personal value {secret!r} leaked into: {text!r}"


def test_mask_keeps_four_leading_and_two_trailing_digits():
    assert mask_id("038196004521") == "0381******21"
    assert mask("CCCD 038196004521, sinh 21/04/1996, 0389 123 456") == (
        "CCCD 0381******21, sinh **/**/****, 0389****56"
    )
    assert mask("lệ phí 15.000 đồng, mẫu 25/2020/QĐST") == "lệ phí 15.000 đồng, mẫu 25/2020/QĐST"


def test_verbose_fill_logs_steps_but_no_personal_data(tmp_path):
    data = yaml.safe_load(AN.read_text(encoding="utf-8"))
    answers = write_answers(tmp_path / "a.yaml", {"procedure": data["procedure"], **data})
    result = _runner().invoke(
        app,
        [
            "--verbose",
            "fill",
            "residence-registration",
            "--answers",
            str(answers),
            "--no-input",
            "--out",
            str(tmp_path / "out"),
        ],
    )
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stderr.splitlines() if line.startswith("dvc: [")]
    assert len(lines) >= 5, result.stderr  # the log is there ...
    assert any("residence-registration" in line for line in lines)
    assert any("to-khai-ct01.pdf" in line or ".pdf" in line for line in lines)
    secrets = _secrets(data["answers"])
    _assert_private(result.stderr, secrets)  # ... and holds nothing personal
    # stdout is the person's own checklist: no ID number, birth date or phone there either
    _assert_private(result.stdout, [s for s in secrets if any(ch.isdigit() for ch in s)])


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"id_number": "038096004521"}, "id_number"),  # 4th digit says male
        ({"id_number": "038195004521"}, "id_number"),  # digits 5-6 say born in 1995
        ({"birth_date": "21/04/2096"}, "birth_date"),  # in the future
        ({"birth_date": "31/02/1996"}, "birth_date"),  # no such day
        ({"full_name": "Trương Thị Ánh Tuyết 2"}, "full_name"),
        ({"marital_status": "Trương Thị Ánh Tuyết"}, "marital_status"),  # a name in a wrong column
        ({"copies": "038196004521"}, "copies"),
    ],
)
def test_error_messages_name_the_field_not_the_value(tmp_path, changes, field):
    answers = {**SINGLE, **changes}
    src = write_answers(tmp_path / "a.yaml", answers)
    result = _runner().invoke(
        app,
        ["--verbose", "fill", "single-status", "--answers", str(src), "--no-input",
         "--out", str(tmp_path / "out")],
    )  # fmt: skip
    assert result.exit_code == 1, result.output
    assert field in result.stderr
    _assert_private(result.stderr + result.stdout, _secrets({**SINGLE, **changes}))
    assert not (tmp_path / "out").exists()


def test_batch_progress_and_report_hold_no_personal_data(tmp_path):
    rows = [
        {**SINGLE},
        {**SINGLE, "full_name": "Nguyễn Thị Dung", "id_number": "001190012345",
         "birth_date": "15/08/1990"},  # ID says born 1990, male/female agree: fine
        {**SINGLE, "full_name": "Lê Văn Hùng", "id_number": "079075001234"},  # wrong gender
        {**SINGLE, "full_name": "Đỗ Thị Hằng", "birth_date": "30/02/1990"},
    ]  # fmt: skip
    table = tmp_path / "people.csv"
    with table.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(SINGLE))
        writer.writeheader()
        writer.writerows(rows)
    result = _runner().invoke(
        app,
        ["--verbose", "batch", "single-status", str(table), "--out", str(tmp_path / "out"),
         "--jobs", "1"],
    )  # fmt: skip
    assert result.exit_code == 1, result.output
    secrets = [s for row in rows for s in _secrets(row)]
    _assert_private(result.stdout + result.stderr, secrets)
    report = (tmp_path / "out" / "errors.csv").read_text(encoding="utf-8")
    assert "0790******34" in report  # IDs in the report are masked the documented way
    _assert_private(report, [s for s in secrets if s.isdigit() and len(s) >= 10])


class _NetworkUsed(AssertionError):
    pass


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a network connection or resolve a name fails the test."""

    def refuse(*args, **kwargs):
        raise _NetworkUsed(f"network access attempted: {args!r}")

    class NoSocket(socket.socket):
        def connect(self, *args, **kwargs):
            refuse(*args)

        def connect_ex(self, *args, **kwargs):
            refuse(*args)

        def sendto(self, *args, **kwargs):
            refuse(*args)

    monkeypatch.setattr(socket, "socket", NoSocket)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "gethostbyname", refuse)


def test_the_blocker_blocks(no_network):
    with pytest.raises(_NetworkUsed):
        socket.create_connection(("example.com", 80))
    with pytest.raises(_NetworkUsed):
        socket.socket().connect(("127.0.0.1", 9))


def test_fill_and_batch_work_with_the_network_blocked(tmp_path, no_network):
    src = write_answers(tmp_path / "a.yaml", SINGLE)
    for command in (
        ["fill", "single-status", "--answers", str(src), "--no-input", "--out",
         str(tmp_path / "fill")],
        ["--lang", "en", "search", "giay xac nhan tinh trang hon nhan"],
        ["check"],
    ):  # fmt: skip
        result = _runner().invoke(app, command)
        assert result.exit_code == 0, result.output
        assert not isinstance(result.exception, _NetworkUsed)
    assert (tmp_path / "fill" / "to-khai.pdf").stat().st_size > 10_000
