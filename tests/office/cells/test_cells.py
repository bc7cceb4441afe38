"""Office files with legacy encodings, Excel error values, wrong YAML types and people of the
wrong age, through the real CLI: each file's outcome is in expect.yaml beside this module."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from dvc_cli.cli.main import app
from dvc_cli.core import legacy_text

HERE = Path(__file__).parent
try:
    import ftfy  # noqa: F401  (in the locks; a venv without it refuses mojibake instead)

    NO_FTFY = None
except ImportError:
    NO_FTFY = "ftfy is not installed (it is in requirements.lock)"
EXPECT: dict[str, dict] = yaml.safe_load((HERE / "expect.yaml").read_text(encoding="utf-8"))


def test_every_file_has_an_expectation():
    files = {p.name for p in HERE.iterdir() if p.suffix in {".csv", ".xlsx", ".yaml"}}
    assert files - {"expect.yaml"} == set(EXPECT)
    assert len(EXPECT) >= 15


@pytest.mark.parametrize("name", sorted(EXPECT))
def test_office_file(name: str, tmp_path: Path) -> None:
    spec = EXPECT[name]
    if spec.get("needs") == "ftfy" and NO_FTFY:
        pytest.skip(NO_FTFY)
    out = tmp_path / "out"
    procedure = spec.get("procedure", "single-status")
    if spec["command"] == "batch":
        args = ["batch", procedure, str(HERE / name), "--out", str(out), "--jobs", "1"]
        answers_file = out / "0002" / "answers.yaml"
    else:
        args = ["fill", procedure, "--answers", str(HERE / name), "--no-input"]
        args += ["--out", str(out)]
        answers_file = out / "answers.yaml"
    result = CliRunner().invoke(app, args)
    printed = result.output
    assert result.exit_code == spec["exit"], printed
    assert "Traceback" not in printed
    for text in spec.get("output", []):
        assert text in printed
    for text in spec.get("absent", []):
        assert text not in printed
    if "errors" in spec:
        with (out / "errors.csv").open(encoding="utf-8-sig", newline="") as f:
            lines = [",".join(row) for row in csv.reader(f)]
            raw = (out / "errors.csv").read_text(encoding="utf-8-sig")
        for text in spec["errors"]:
            assert any(line.startswith(text) for line in lines) or text in raw, raw
    if "answer" in spec:
        saved = yaml.safe_load(answers_file.read_text(encoding="utf-8"))["answers"]
        for key, value in spec["answer"].items():
            assert saved[key] == value


def test_unicode_vietnamese_is_never_converted():
    """Every bundled label, example resident (examples/, tests/fixtures/) and place name
    stays as it is."""
    from dvc_cli.core.vn.admin_table import table

    texts = []
    root = HERE.parents[2]
    residents = [*root.glob("examples/*.yaml"), *root.glob("tests/fixtures/**/*.yaml")]
    for path in [*root.glob("procedures/*.yaml"), *residents]:
        texts += path.read_text(encoding="utf-8").splitlines()
    assert len(residents) >= 10
    t = table()  # every place name, current and old
    units = [t.provinces, t.communes, t.old_provinces, t.old_districts, t.old_communes]
    texts += [u.name for group in units for u in group.values()]
    texts += ["Trương Thị Ánh Tuyết", "Số 27 phố Lê Hoàn", "Hoà", "quá", "thuê", "Khuê", "Müller"]
    for text in texts:
        assert legacy_text.convert(text) is None, text
        assert legacy_text.suspect(text) is None, text


@pytest.mark.parametrize(
    ("legacy", "unicode", "encoding"),
    [
        ("HOAØNG KHAÙNH LAN", "HOÀNG KHÁNH LAN", legacy_text.VNI),
        ("Soá 260 ñöôøng", "Số 260 đường", legacy_text.VNI),
        ("Nguyeãn Thò Dung", "Nguyễn Thị Dung", legacy_text.VNI),
        ("TRÖÔNG THÒ AÙNH TUYEÁT", "TRƯƠNG THỊ ÁNH TUYẾT", legacy_text.VNI),
        ("Phöôøng Haïc Thaønh", "Phường Hạc Thành", legacy_text.VNI),
        ("Sè 233 ®\u00adêng", "Số 233 đường", legacy_text.TCVN3),
        ("NguyÔn ThÞ Dung", "Nguyễn Thị Dung", legacy_text.TCVN3),
        ("Ph\u00adêng H¹c Thµnh", "Phường Hạc Thành", legacy_text.TCVN3),
        ("Sè 27 phè Lª Hoµn", "Số 27 phố Lê Hoàn", legacy_text.TCVN3),
        ("Nguyá»…n Thá»‹ Dung", "Nguyễn Thị Dung", legacy_text.MOJIBAKE),
    ],
)
def test_legacy_text_is_converted(legacy: str, unicode: str, encoding: str) -> None:
    if encoding == legacy_text.MOJIBAKE and NO_FTFY:
        pytest.skip(NO_FTFY)
    assert legacy_text.convert(legacy) == legacy_text.Converted(unicode, encoding)
