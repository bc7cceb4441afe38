"""The bundled example answers (``examples/<procedure>.yaml``), ``dvc fill PROC --example``,
and the second command name ``dichvucong``.

The examples are filled on the real date (no frozen ``today``): they are what a volunteer
tries first and what a trainer shows, so they must stay valid with today's rules. The
installed layout is the real wheel, built by hatchling from this checkout and unpacked.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
import yaml
from conftest import MAINTAINER_WORDS, invoke, pdf_text

from dvc_cli.catalog import registry

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
PROCEDURES = sorted(
    p.stem for p in (REPO / "procedures").glob("*.yaml") if not p.name.startswith("_")
)
FORMS = {  # procedure -> the form it writes (copy-certification has none)
    "single-status": "to-khai.pdf",
    "birth-registration": "to-khai.pdf",
    "marriage-registration": "to-khai.pdf",
    "death-registration": "to-khai.pdf",
    "residence-registration": "ct01.pdf",
}
# The person each example is about, as the form prints it (names in capitals) and the
# checklist names them.
PEOPLE = {
    "single-status": "Trương Thị Ánh Tuyết",
    "birth-registration": "Phạm Minh Anh",
    "marriage-registration": "Trương Thị Ánh Tuyết",
    "death-registration": "Nguyễn Văn Bình",
    "residence-registration": "Trương Thị Ánh Tuyết",
    "copy-certification": "Nguyễn Thị Dung",
}


def test_every_bundled_procedure_ships_an_example():
    assert PROCEDURES  # the glob found the procedures
    assert sorted(p.stem for p in EXAMPLES.glob("*.yaml")) == PROCEDURES
    assert sorted(PEOPLE) == PROCEDURES
    for pid in PROCEDURES:
        data = yaml.safe_load((EXAMPLES / f"{pid}.yaml").read_text(encoding="utf-8"))
        # a plain answers file: no test-only keys (today, expect) in what users copy
        assert set(data) == {"procedure", "answers"}, pid
        assert data["procedure"] == pid


@pytest.mark.parametrize("pid", PROCEDURES)
def test_each_example_fills_with_todays_rules(pid, tmp_path):
    out = tmp_path / "out"
    result = invoke(
        "fill", pid, "--answers", str(EXAMPLES / f"{pid}.yaml"), "--no-input", "--out", str(out)
    )
    assert result.exit_code == 0, result.output
    form = FORMS.get(pid)
    written = sorted(p.name for p in out.iterdir())
    assert written == sorted(
        ["answers.yaml", "checklist.md", "checklist.pdf", *[form] * bool(form)]
    )
    if form:
        assert PEOPLE[pid].upper() in pdf_text(out / form)
    md = (out / "checklist.md").read_text(encoding="utf-8")
    assert PEOPLE[pid] in md
    for doubt in MAINTAINER_WORDS:  # maintainers' doubts stay in the procedure file
        assert doubt not in md, doubt


@pytest.mark.parametrize("pid", PROCEDURES)
def test_english_checklist_carries_no_maintainer_doubt(pid, tmp_path):
    out = tmp_path / "out"
    args = ["--lang", "en", "fill", pid, "--answers", str(EXAMPLES / f"{pid}.yaml")]
    result = invoke(*args, "--no-input", "--out", str(out))
    assert result.exit_code == 0, result.output
    md = (out / "checklist.md").read_text(encoding="utf-8")
    assert PEOPLE[pid] in md
    for doubt in MAINTAINER_WORDS:
        assert doubt not in md, doubt


@pytest.mark.parametrize("pid", ["birth-registration", "copy-certification"])
def test_example_option_fills_the_bundled_example(pid, tmp_path):
    by_file, by_option = tmp_path / "file", tmp_path / "option"
    first = invoke(
        "fill", pid, "--answers", str(EXAMPLES / f"{pid}.yaml"), "--no-input", "--out", str(by_file)
    )
    assert first.exit_code == 0, first.output
    result = invoke("fill", pid, "--example", "--out", str(by_option))
    assert result.exit_code == 0, result.output
    assert "Đã tạo trong" in result.output
    md = (by_option / "checklist.md").read_text(encoding="utf-8")
    assert md == (by_file / "checklist.md").read_text(encoding="utf-8")
    if pid in FORMS:
        assert pdf_text(by_option / FORMS[pid]) == pdf_text(by_file / FORMS[pid])


def test_example_without_out_writes_into_the_data_folder(data_dir):
    result = invoke("fill", "copy-certification", "--example")
    assert result.exit_code == 0, result.output
    (folder,) = (data_dir / "ho-so").iterdir()
    assert folder.name.startswith("copy-certification-")
    assert "Nguyễn Thị Dung" in (folder / "checklist.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "extra",
    [["--answers", "x.yaml"], ["-a", "x.yaml"], ["--resume"], ["--fresh"]],
    ids=["answers", "a", "resume", "fresh"],
)
def test_example_with_answers_or_a_draft_is_a_usage_error(extra, tmp_path):
    result = invoke("fill", "single-status", "--example", *extra, "--out", str(tmp_path / "o"))
    assert result.exit_code == 2
    assert (
        "dvc: lỗi: --example dùng câu trả lời mẫu và không hỏi: bỏ --answers, --resume, --fresh"
        in result.output
    )
    assert not (tmp_path / "o").exists()


def test_example_of_an_unknown_procedure_says_so():
    result = invoke("fill", "single-statu", "--example")
    assert result.exit_code == 2
    assert "dvc: lỗi: không có thủ tục 'single-statu'; có phải: single-status?" in result.output


def _local_copy_procedure(root: Path) -> Path:
    """``root/procedures/my-copy.yaml``: copy-certification under another id."""
    folder = root / "procedures"
    folder.mkdir(parents=True)
    text = (REPO / "procedures" / "copy-certification.yaml").read_text(encoding="utf-8")
    assert "\nid: copy-certification\n" in text
    text = text.replace("\nid: copy-certification\n", "\nid: my-copy\n")
    (folder / "my-copy.yaml").write_text(text, encoding="utf-8")
    return folder


def test_a_local_procedure_without_an_example(tmp_path):
    folder = _local_copy_procedure(tmp_path)
    result = invoke("--procedures", str(folder), "fill", "my-copy", "--example")
    assert result.exit_code == 2
    assert (
        "dvc: lỗi: thủ tục my-copy không có câu trả lời mẫu (examples/my-copy.yaml)"
        in result.output
    )


def test_a_local_procedure_finds_its_example_next_to_its_folder(tmp_path):
    """As for templates: ``examples/`` beside ``procedures/`` (the repository layout)."""
    folder = _local_copy_procedure(tmp_path)
    (tmp_path / "examples").mkdir()
    example = (EXAMPLES / "copy-certification.yaml").read_text(encoding="utf-8")
    example = example.replace("procedure: copy-certification", "procedure: my-copy")
    example = example.replace("Nguyễn Thị Dung", "Trương Thị Ánh Tuyết")
    (tmp_path / "examples" / "my-copy.yaml").write_text(example, encoding="utf-8")
    out = tmp_path / "out"
    result = invoke("--procedures", str(folder), "fill", "my-copy", "--example", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "Trương Thị Ánh Tuyết" in (out / "checklist.md").read_text(encoding="utf-8")
    # a bundled procedure keeps the bundled example
    assert registry.example_file("copy-certification") == registry.data_dir("examples") / (
        "copy-certification.yaml"
    )


# -- the wheel: examples inside it, both commands, --example from the installed layout -----
@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel hatchling builds from this checkout (the README's `pip install .`)."""
    pytest.importorskip("hatchling")
    from hatchling.builders.wheel import WheelBuilder

    out = tmp_path_factory.mktemp("wheel")
    (built,) = WheelBuilder(str(REPO)).build(directory=str(out), versions=["standard"])
    return Path(built)


def test_the_wheel_ships_every_example_and_both_commands(wheel):
    with zipfile.ZipFile(wheel) as whl:
        names = set(whl.namelist())
        (entry_points,) = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
        scripts = whl.read(entry_points).decode()
    for pid in PROCEDURES:
        assert f"dvc_cli/_data/examples/{pid}.yaml" in names
    assert "dvc = dvc_cli.__main__:main" in scripts
    assert "dichvucong = dvc_cli.__main__:main" in scripts


def test_example_from_the_installed_layout(wheel, tmp_path):
    """Unpacked wheel on PYTHONPATH, run from elsewhere: no checkout's examples/ to fall
    back on, the example comes from dvc_cli/_data/examples."""
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as whl:
        whl.extractall(site)
    (site / "dvc_cli" / "_data" / "examples" / "single-status.yaml").write_text(
        (EXAMPLES / "single-status.yaml")
        .read_text(encoding="utf-8")
        .replace("Trương Thị Ánh Tuyết", "Nguyễn Thị Dung"),  # proves which file was read
        encoding="utf-8",
    )
    env = {**os.environ, "PYTHONPATH": str(site), "DVC_DATA_DIR": str(tmp_path / "data")}
    env.pop(registry.ENV_VAR, None)
    out = tmp_path / "out"
    run = subprocess.run(
        [sys.executable, "-m", "dvc_cli", "fill", "single-status", "--example", "--out", str(out)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert "NGUYỄN THỊ DUNG" in pdf_text(out / "to-khai.pdf")


# -- dichvucong: the same program under a second name --------------------------------------
def test_dichvucong_is_the_same_entry_point_as_dvc():
    scripts = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "scripts"
    ]
    assert scripts["dichvucong"] == scripts["dvc"] == "dvc_cli.__main__:main"


@pytest.mark.parametrize("argv0", ["/usr/local/bin/dichvucong", "dvc"])
def test_either_name_runs_dvc_and_calls_itself_dvc(argv0, monkeypatch, capsys):
    """The program's name in its messages stays ``dvc`` under either command, so `--version`
    tells it from Data Version Control (which prints a bare number)."""
    from dvc_cli.__main__ import main

    monkeypatch.setattr(sys, "argv", [argv0, "--version"])
    main()
    from dvc_cli import __version__

    assert capsys.readouterr().out == f"dvc {__version__}\n"
    monkeypatch.setattr(sys, "argv", [argv0, "fill"])
    with pytest.raises(SystemExit) as exit_:
        main()
    assert exit_.value.code == 2
    assert "dvc: lỗi: thiếu đối số PROCEDURE (xem: dvc fill --help)" in capsys.readouterr().err
