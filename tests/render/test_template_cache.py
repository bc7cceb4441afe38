"""Templates kept between runs (render/template_cache.py): the same papers with or without
the cache, a broken cache file ignored, owner-only files in dvc's data folder."""

from __future__ import annotations

import io
import os
import shutil
import stat
from pathlib import Path

from pypdf import PdfReader

from dvc_cli.render import form_template, pdf_form, template_cache

REPO = Path(__file__).resolve().parents[2]
TEMPLATE = REPO / "forms" / "single-status" / "to-khai.pdf"
VALUES = {"full_name": "TRƯƠNG THỊ ÁNH TUYẾT", "ethnicity": "Kinh"}


def _fresh_render(template: Path = TEMPLATE, **kw) -> bytes:
    form_template._CACHE.clear()  # a new process: only the data folder remembers
    return pdf_form.render_form(template, VALUES, **kw)


def _cache_files(data_dir: Path) -> list[Path]:
    return sorted((data_dir / "cache" / "templates").glob("*.json"))


def test_a_form_is_the_same_from_the_pdf_and_from_the_cache(data_dir):
    cold = _fresh_render()
    (kept,) = _cache_files(data_dir)
    assert stat.S_IMODE(os.stat(kept).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(kept.parent).st_mode) == 0o700
    warm_tpl = form_template._kept(TEMPLATE.resolve())
    assert warm_tpl is not None and warm_tpl.reader is None  # read without pypdf
    warm = _fresh_render()
    assert warm == cold
    text = PdfReader(io.BytesIO(warm)).pages[0].extract_text()
    assert "TRƯƠNG THỊ ÁNH TUYẾT" in text


def test_editable_output_from_a_kept_template_reads_the_pdf_when_needed(data_dir):
    _fresh_render()
    editable = _fresh_render(editable=True)
    fields = PdfReader(io.BytesIO(editable)).get_fields()
    assert fields["full_name"]["/V"] == "TRƯƠNG THỊ ÁNH TUYẾT"


def test_a_broken_cache_file_is_ignored_and_made_again(data_dir):
    cold = _fresh_render()
    (kept,) = _cache_files(data_dir)
    for broken in (kept.read_bytes()[:500], b"", b'{"format": 1}', b"[]"):
        kept.write_bytes(broken)
        assert form_template._kept(TEMPLATE.resolve()) is None
        assert _fresh_render() == cold
        assert form_template._kept(TEMPLATE.resolve()) is not None  # written again


def test_a_changed_template_is_not_taken_for_the_kept_one(data_dir, tmp_path):
    copy = tmp_path / "to-khai.pdf"
    shutil.copyfile(TEMPLATE, copy)
    _fresh_render(copy)
    with copy.open("ab") as fh:
        fh.write(b"\n% changed\n")
    assert template_cache.read(copy.read_bytes(), form_template._depends()) is None
    assert _fresh_render(copy)
    assert len(_cache_files(data_dir)) == 2
