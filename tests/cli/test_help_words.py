"""Click's and Typer's English words (``Usage:``, ``Options``, ``Show this message and exit.``,
``[required]``, bad-value details) said in dvc's words: Vietnamese by default, English with
``--lang en``; in the Rich help, the plain help and the one-line usage errors."""

from __future__ import annotations

import subprocess
import sys

import pytest
from typer.testing import CliRunner

from dvc_cli.cli.main import app, main

ENGLISH = (
    "Usage",
    "Options",
    "Arguments",
    "Commands",
    "Show this message and exit",
    "[required]",
    "required",
    "env var",
    "<str>",
    "<path>",
    "<int",
    "[OPTIONS]",
    "COMMAND",
    "[ARGS]",
)


def help_of(*args: str) -> str:
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("plain", [(), ("--plain",)], ids=["rich", "plain"])
def test_dvc_help_has_no_english_words(plain):
    text = help_of(*plain, "--help")
    for word in ENGLISH:
        assert word not in text, word
    assert "Cách dùng: dvc [TÙY_CHỌN] LỆNH [ĐỐI_SỐ]..." in text
    assert "Tùy chọn" in text and "Lệnh" in text
    assert "Hiện trợ giúp này rồi thoát." in text
    assert "[biến môi trường: DVC_LANG]" in text


@pytest.mark.parametrize("plain", [(), ("--plain",)], ids=["rich", "plain"])
def test_fill_help_has_no_english_words(plain):
    text = help_of(*plain, "fill", "--help")
    for word in ENGLISH:
        assert word not in text, word
    assert "Cách dùng: dvc fill [TÙY_CHỌN] {procedure}" in text
    assert "Đối số" in text and "[bắt buộc]" in text
    assert "<đường dẫn>" in text


def test_batch_help_names_number_and_path_types():
    text = help_of("batch", "--help")
    assert "<số> [x>=1]" in text and "<đường dẫn>" in text
    assert "int range" not in text


def test_english_interface_keeps_clicks_words():
    text = help_of("--lang", "en", "fill", "--help")
    assert "Usage: dvc fill [OPTIONS] {procedure}" in text
    assert "Arguments" in text and "Options" in text and "[required]" in text
    assert "Show this message and exit." in text
    assert "Cách dùng" not in text and "bắt buộc" not in text and "Tùy chọn" not in text


def run_main(monkeypatch, capsys, *args: str) -> tuple[int, str]:
    monkeypatch.setattr(sys, "argv", ["dvc", *args])
    with pytest.raises(SystemExit) as stop:
        main()
    return stop.value.code, capsys.readouterr().err


CLICK_ENGLISH = (
    "Missing",
    "No such option",
    "Got unexpected",
    "extra argument",
    "requires an argument",
    "does not take a value",
    "is not a valid",
    "Invalid value",
    "Error",
    "Usage",
)


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["fill"], "dvc: lỗi: thiếu đối số PROCEDURE (xem: dvc fill --help)"),
        (
            ["fill", "single-status", "thừa", "nữa"],
            "dvc: lỗi: thừa đối số: thừa nữa (xem: dvc fill --help)",
        ),
        (["fill", "single-status", "--out"], "dvc: lỗi: tùy chọn --out cần một giá trị"),
        (
            ["fill", "single-status", "--no-input=có"],
            "dvc: lỗi: tùy chọn --no-input không nhận giá trị",
        ),
        (
            ["search", "ket hon", "--limit", "abc"],
            "dvc: lỗi: giá trị của --limit không hợp lệ: cần một số nguyên, ít nhất 1",
        ),
        (["fill", "single-status", "--bogus"], "dvc: lỗi: không có tùy chọn --bogus"),
    ],
)
def test_bad_command_lines_in_dvcs_words(monkeypatch, capsys, args, line):
    code, err = run_main(monkeypatch, capsys, *args)
    assert code == 2
    assert err.startswith(line), err
    for word in CLICK_ENGLISH:
        assert word not in err, word


def test_bad_command_line_in_english():
    done = subprocess.run(
        [sys.executable, "-m", "dvc_cli", "--lang", "en", "fill", "single-status", "x", "y"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert done.stderr == "dvc: error: unexpected extra arguments: x y (see: dvc fill --help)\n"


def test_standalone_app_says_the_same_line():
    """Run as ``app()`` (Typer's own error box otherwise): dvc's line, no English box."""
    result = CliRunner().invoke(app, ["fill"])
    assert result.exit_code == 2
    assert result.output == "dvc: lỗi: thiếu đối số PROCEDURE (xem: dvc fill --help)\n"
    result = CliRunner().invoke(app, ["--plain", "fill", "single-status", "a", "b"])
    assert result.output == "dvc: lỗi: thừa đối số: a b (xem: dvc fill --help)\n"


def test_bad_value_details_reworded():
    from dvc_cli.cli.usage_errors import _bad_value

    assert _bad_value("'abc' is not a valid int range.") == "'abc' không hợp lệ"
    assert _bad_value("'x' is not a valid boolean. Recognized values: 1, 0") == (
        "'x': cần có hoặc không (yes/no)"
    )
    assert _bad_value("something else") == "something else"
