"""The interview in a real pseudo-terminal: prompts on stderr, answers typed, files written."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SINGLE, pdf_text, spawn_dvc, write_answers

pexpect = pytest.importorskip("pexpect")


def test_interview_in_a_pty(tmp_path: Path):
    partial = {k: v for k, v in SINGLE.items() if k not in ("purpose_detail", "id_number")}
    src = write_answers(tmp_path / "a.yaml", partial)
    out = tmp_path / "out"
    child = spawn_dvc("fill", "single-status", "--answers", str(src), "--out", str(out))
    try:
        child.expect("Số định danh cá nhân")
        child.send("038096004521\r")  # digit 4 says male: refused where it is typed
        child.expect("không khớp với giới tính đã khai")
        child.send("\x15038196004521\r")
        child.expect("Ghi rõ mục đích")
        child.send("Để bổ sung hồ sơ xin việc\r")
        child.expect("Các thông tin trên đã đúng chưa")
        child.send("1\r")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0, child.before
    text = pdf_text(out / "to-khai.pdf")
    assert "Thẻ căn cước số 038196004521" in text
    assert "Để bổ sung hồ sơ xin việc" in text
