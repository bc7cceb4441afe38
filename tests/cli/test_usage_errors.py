"""A wrong command line: one ``dvc: lỗi:`` line naming what is wrong, exit 2, through the real
entry point (``dvc`` / ``python -m dvc_cli``), in the interface language."""

from __future__ import annotations

import subprocess
import sys

import pytest

from dvc_cli import i18n
from dvc_cli.cli.main import main


def run_main(monkeypatch, capsys, *args: str) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "argv", ["dvc", *args])
    with pytest.raises(SystemExit) as stop:
        main()
    out, err = capsys.readouterr()
    return stop.value.code, out, err


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["fill"], "dvc: lỗi: thiếu đối số PROCEDURE (xem: dvc fill --help)"),
        (["fil"], "dvc: lỗi: không có lệnh 'fil'; có phải: fill, fields? (xem: dvc --help)"),
        (
            ["fill", "single-status", "--bogus"],
            "dvc: lỗi: không có tùy chọn --bogus; có phải: --out? (xem: dvc fill --help)",
        ),
        (
            ["batch", "single-status", "x.csv", "--out", "o", "--jobs", "abc"],
            "dvc: lỗi: giá trị của --jobs không hợp lệ: cần một số nguyên, ít nhất 1",
        ),
        (
            ["batch", "single-status", "x.csv", "--out", "o", "--jobs", "0"],
            "dvc: lỗi: giá trị của --jobs không hợp lệ: cần một số nguyên, ít nhất 1",
        ),
        (
            ["batch", "single-status", "x.csv"],
            "dvc: lỗi: thiếu tùy chọn --out (xem: dvc batch --help)",
        ),
        (["drafts", "resume"], "dvc: lỗi: thiếu đối số SỐ|THỦ_TỤC (xem: dvc drafts resume --help)"),
    ],
)
def test_a_wrong_command_line_is_one_line_exit_2(monkeypatch, capsys, args, line):
    code, out, err = run_main(monkeypatch, capsys, *args)
    assert code == 2
    assert err.splitlines() == [line]
    assert "Traceback" not in out + err and "╭" not in err


def test_in_english(monkeypatch, capsys):
    monkeypatch.setenv("DVC_LANG", "en")
    i18n.set_language(None)
    code, _, err = run_main(monkeypatch, capsys, "fill")
    assert (code, err) == (2, "dvc: error: missing argument PROCEDURE (see: dvc fill --help)\n")


def test_success_help_and_exit_codes_pass_through(monkeypatch, capsys, tmp_path):
    code, out, _ = run_main(monkeypatch, capsys, "--help")
    assert code == 0 and "fill" in out
    code, out, _ = run_main(monkeypatch, capsys, "list")
    assert code == 0 and "single-status" in out
    bad = tmp_path / "a.yaml"
    bad.write_text("birth_date: 31/02/1996\n", encoding="utf-8")
    code, _, err = run_main(
        monkeypatch, capsys, "fill", "single-status", "--answers", str(bad), "--no-input",
        "--out", str(tmp_path / "out"),
    )  # fmt: skip
    assert code == 1 and "birth_date: không phải ngày có thật trong lịch" in err


def test_no_command_shows_the_help():
    done = subprocess.run(
        [sys.executable, "-m", "dvc_cli"], capture_output=True, text=True, env={"COLUMNS": "100"}
    )
    assert done.returncode == 2
    assert "fill" in done.stdout and "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["fill", "single-status"], "fill"),
        (["--lang", "en", "-v", "--plain", "--debug", "list"], "list"),
        (["--lang=en", "--procedures", "fill", "drafts", "list"], "drafts"),
        (["--help"], None),
        (["--bogus", "fill"], None),
        (["--", "fill"], None),
        ([], None),
    ],
)
def test_the_command_a_command_line_names(args, named):
    from dvc_cli.cli import main as entry

    assert entry._command_named(args) == named


def test_a_run_makes_only_the_command_it_names_and_leaves_the_app_whole(monkeypatch, capsys):
    """Typer makes a Click command of every registered one: a run makes the one it names."""
    import typer.main

    from dvc_cli.cli.app import app

    made: list[list[str]] = []
    real = typer.main.get_command

    def spy(typer_app):
        command = real(typer_app)
        made.append(sorted(command.commands))
        return command

    monkeypatch.setattr(typer.main, "get_command", spy)
    everything = [c.name for c in app.registered_commands] + [g.name for g in app.registered_groups]
    assert run_main(monkeypatch, capsys, "list")[0] == 0
    assert run_main(monkeypatch, capsys, "drafts", "--help")[0] == 0
    assert run_main(monkeypatch, capsys, "fil")[0] == 2  # unknown: the whole app suggests
    assert made == [["list"], ["drafts"], sorted(everything)]
    assert [c.name for c in app.registered_commands] + [
        g.name for g in app.registered_groups
    ] == everything
