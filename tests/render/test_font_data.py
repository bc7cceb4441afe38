"""fonts/fixed-subsets.json: the fonts' character sets and the fast writer's subsets, made
once by scripts/font_data.py, are what reportlab works out from the TTFs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from dvc_cli import fonts
from dvc_cli.render import pdf_text

REPO = Path(__file__).resolve().parents[2]


def test_the_shipped_file_is_what_the_fonts_give():
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "font_data.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("style", list(fonts.STYLES))
def test_read_and_built_subsets_are_the_same(style):
    assert fonts.bundled_data() is not None  # the file is used
    read, built = pdf_text.font(style), pdf_text.build_font(style)
    assert read.objects == built.objects
    assert read.table == built.table and read.widths == built.widths
    assert fonts.charset(style) == frozenset(fonts.face(style).charToGlyph)
    assert {ord(c) for c in "ĐđƠơƯưẠạẶặỹỸ₫"} <= fonts.charset(style)


def test_a_file_made_from_other_fonts_is_ignored(tmp_path, monkeypatch):
    data = json.loads((REPO / "dvc_cli" / "fonts" / fonts.BUNDLED_DATA).read_text())
    data["ttf_sha256"]["Bold"] = "0" * 64
    fake = tmp_path / "dvc_cli" / "fonts"
    fake.mkdir(parents=True)
    (fake / fonts.BUNDLED_DATA).write_text(json.dumps(data))
    for style in fonts.STYLES:
        name = fonts.font_path(style).name
        (fake / name).write_bytes(fonts.font_path(style).read_bytes())
    monkeypatch.setattr(fonts, "_folder", lambda: fake)
    fonts.bundled_data.cache_clear()
    try:
        assert fonts.bundled_data() is None
        (fake / fonts.BUNDLED_DATA).write_text("{not json")
        fonts.bundled_data.cache_clear()
        assert fonts.bundled_data() is None
    finally:
        fonts.bundled_data.cache_clear()
