"""The checklist's paragraphs, and the procedure's part after the person's papers, are laid
out once per process (checklist_paper._LAID; a paragraph put at a place, _PLACED), its
entries' conditions worked out once per the answers they name (checklist._HELD): a checklist
made after others is the same, byte for byte, as one made first."""

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
        checklist_paper._PLACED.clear()  # paragraphs put at their places
        checklist._HELD.clear()  # the dossier's conditions too (core/checklist.py _holds)
        first[person["full_name"]] = _pdf(person)
        starts |= {key[2] for key in checklist_paper._LAID if key[0] == "tail"}
    assert checklist_paper._LAID and checklist_paper._PLACED
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


def _streams(pdf: bytes) -> list[list[bytes]]:
    """Each page's content streams, decoded, in order."""
    out = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        contents = page.raw_get("/Contents").get_object()
        refs = list(contents) if isinstance(contents, list) else [page.raw_get("/Contents")]
        out.append([ref.get_object().get_data() for ref in refs])
    return out


def test_the_procedures_part_is_one_stream_the_same_for_every_person():
    # The procedure's part (fees, legal basis, notes) is a content stream of its own on each
    # page, made once per process: the same bytes in two people's checklists, holding neither
    # name; the person's part before it has the name. Each is drawn within q/Q so that one's
    # gray or text rendering mode does not leak into the next.
    dung, tuyet = _pdf({**SINGLE, "full_name": "Nguyễn Thị Dung"}), _pdf(SINGLE)
    ours, theirs = _streams(dung), _streams(tuyet)
    assert len(ours) == len(theirs) >= 2 and len(ours[0]) == 2
    assert ours[0][1] == theirs[0][1] and ours[1:] == theirs[1:]  # the procedure's part
    assert ours[0][0] != theirs[0][0]  # the person's part
    for page in ours:
        for stream in page:
            assert stream.startswith(b"q\n") and stream.endswith(b"\nQ")
    text = PdfReader(io.BytesIO(dung)).pages[0].extract_text()
    assert text.index("Nguyễn Thị Dung") < text.index("Lệ phí") < text.index("Căn cứ pháp lý")
    # kept by identity: laid out again (another process), the same bytes
    checklist_paper._LAID.clear()
    assert _pdf(SINGLE) == tuyet


def test_a_paragraph_in_one_style_breaks_as_any_paragraph():
    # _Pages._lines measures a one-style paragraph's words in one call: the same lines as the
    # general path (which a second, empty run of the same style takes), at every width.
    from dvc_cli.render import pdf_text

    fonts = {style: pdf_text.drawn_font(style) for style in ("Regular", "Bold", "Italic")}
    doc = checklist_paper._Pages(
        lambda text, style, size: fonts[style].width(text, size),
        None,
        lambda texts, style, size: fonts[style].widths_of(texts, size),
    )
    texts = [
        "Trung tâm phục vụ hành chính công xã Krông Nô, tỉnh Đắk Lắk (bộ phận một cửa)",
        "Thẻ căn cước của Trương Thị Ánh Tuyết  —  Xuất trình bản chính ",
        " Nguyễn Thị Dung",
        "Supercalifragilisticexpialidocious-Nguyễn-Thị-Dung-Trương-Thị-Ánh-Tuyết",
        "",
    ]
    for proc in procedures.load_all():
        texts += [b.title for b in proc.model.legal_basis] + [n.vi for n in proc.model.notes]
    assert len(texts) > 20
    for text in texts:
        for avail in (40.0, 120.0, 300.0, 481.9):
            for style, size in (("Regular", 11), ("Bold", 12.5), ("Italic", 10)):
                general = doc._lines([(text, style), ("", style)], size, avail)
                assert doc._lines([(text, style)], size, avail) == general, (text, avail)
