"""The checklist's paragraphs, and the procedure's part after the person's papers, are laid
out once per process (checklist_paper._LAID), its entries' conditions worked out once per the
answers they name (checklist._HELD): a checklist made after others is the same, byte for
byte, as one made first."""

from __future__ import annotations

import datetime as dt
import io

from conftest import DIVORCED, SINGLE, WIDOWED
from pypdf import PdfReader

from dvc_cli.catalog import procedures
from dvc_cli.core import checklist
from dvc_cli.core.engine import Interview
from dvc_cli.render import checklist_paper

TODAY = dt.date(2026, 11, 23)


def _pdf(answers: dict) -> bytes:
    interview = Interview(procedures.load("single-status"), answers, today=TODAY)
    interview.apply_defaults()
    return checklist_paper.to_pdf(checklist.build(interview))


def test_a_checklist_is_the_same_first_or_after_others():
    # a long name wraps the ID card's line: the procedure's part starts lower on the page
    long_name = {**SINGLE, "full_name": "Tôn Nữ Thị Hoàng Phương Quỳnh Như Ngọc Bảo Trâm"}
    people = [DIVORCED, SINGLE, WIDOWED, long_name]
    first, starts = {}, set()
    for person in people:
        checklist_paper._LAID.clear()
        checklist._HELD.clear()  # the dossier's conditions too (core/checklist.py _holds)
        first[person["full_name"]] = _pdf(person)
        starts |= {key[2] for key in checklist_paper._LAID if key[0] == "tail"}
    assert checklist_paper._LAID
    assert len(starts) >= 2  # the procedure's part starts elsewhere for some: kept for each
    assert checklist._HELD
    for person in people * 2:
        assert _pdf(person) == first[person["full_name"]]
    text = PdfReader(io.BytesIO(first["Nguyễn Thị Dung"])).pages[0].extract_text()
    assert "Nguyễn Thị Dung" in text and "Trương Thị Ánh Tuyết" not in text


def test_a_text_without_braces_reads_as_jinja2_renders_it():
    # checklist._text gives such a text back without Jinja2: what Jinja2 would give.
    from dvc_cli.core import expressions

    texts = ["Nhận kết quả tại nơi đã nộp", "  Bản sao\n", "Nguye\u0302\u0303n Thị Dung", " \n "]
    for proc in procedures.load_all():
        for d in proc.model.dossier:
            texts += [t.vi for t in (d.title, d.note) if t is not None]
        for v in proc.model.visits:
            texts += [t.vi for t in (v.title, v.note) if t is not None]
    static = [t for t in texts if "{" not in t]
    assert len(static) > 20
    for text in static:
        assert checklist._text(text, {}, "") == (expressions.render(text, {}) or None), text


def test_a_texts_place_kept_from_other_texts_writes_the_same_operators():
    # pdf_text.content keeps each (x, y)'s Tm operator: equal positions (0.0 and -0.0, 1 and
    # 1.0) write the same bytes, whichever came first.
    from dvc_cli.render import pdf_text

    def draw(x: float, y: float, text: str) -> bytes:
        return pdf_text.content([pdf_text.Text(x, y, "Regular", 12, text)], {"Regular": "/R"})

    fresh = []
    for x, y in ((0.0, 1), (56.693, 700.125), (300.5, 12.0)):
        pdf_text._PLACES.clear()
        fresh.append(draw(x, y, "Nguyễn Thị Dung"))
    assert b"1 0 0 1 0 1 Tm" in fresh[0] and b"1 0 0 1 56.69 700.12 Tm" in fresh[1]
    for (x, y), first in zip(((-0.0, 1.0), (56.693, 700.125), (300.5, 12)), fresh, strict=True):
        draw(x, y, "Trương Thị Ánh Tuyết")  # another text at that place first
        assert draw(x, y, "Nguyễn Thị Dung") == first
