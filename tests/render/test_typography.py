"""Typography an official notices, on every bundled form filled with every fixture and example.

The forms are read back with their text's positions and sizes (pypdf's text visitor), and put
together in reading order, line by line, as a person sees them:

* no space before a comma, full stop, semicolon or colon (``phường Hạc Thành, ngày 01``);
* every answer at the form's base size (12 pt) — a value shrinks only when it cannot fit its
  box at 12 pt, and then only that value;
* names in capitals wherever a name is printed (main names, members, signatures);
* the prompt says "(không bắt buộc)" once.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import pytest
import yaml
from conftest import flat
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DecodedStreamObject
from reportlab.pdfbase.pdfmetrics import stringWidth

import dvc_cli
from dvc_cli import fonts
from dvc_cli.core.validators import parse_date
from dvc_cli.render import form_layout, form_template, output
from dvc_cli.render.pdf_form import render_form

REPO = Path(__file__).resolve().parents[2]
CASES = sorted((REPO / "tests" / "fixtures").glob("*/*.yaml")) + sorted(
    (REPO / "examples").glob("*.yaml")
)
BASE_SIZE = form_layout.MAX_SIZE
PUNCTUATION = re.compile(r"\s[,.;:]")


@dataclass(frozen=True)
class Run:
    """One piece of text as drawn: where it starts (its baseline), its size, its end."""

    page: int
    x: float
    y: float
    size: float
    text: str
    end: float


_TOKENS = re.compile(rb"(/[^\s/]+\s+[-\d.]+\s+Tf)|(\sTm\s)")


def _one_run_per_move(data: bytes) -> bytes:
    """The content stream with its font set again after every Tm: pypdf's visitor then
    reports each positioned string on its own (it joins strings of one line otherwise)."""
    out, last, font = [], 0, b""
    for m in _TOKENS.finditer(data):
        if m.group(1):
            font = m.group(1)
        elif font:
            out.append(data[last : m.end()] + font + b" ")
            last = m.end()
    out.append(data[last:])
    return b"".join(out)


def _style(base_font: str) -> str:
    return next((s for s in ("Bold", "Italic") if base_font.endswith(f"-{s}")), "Regular")


def runs(pdf: bytes) -> list[Run]:
    fonts.register_fonts()
    writer = PdfWriter(clone_from=PdfReader(BytesIO(pdf)))
    found: list[Run] = []
    for number, page in enumerate(writer.pages, 1):
        stream = DecodedStreamObject()
        stream.set_data(_one_run_per_move(page.get_contents().get_data()))
        page.replace_contents(stream)

        def visit(text, cm, tm, font, size, number=number):
            text = text.strip("\n").rstrip()
            if not text.strip():
                return
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            size = round(size * (tm[3] * cm[3] or 1), 2)
            style = fonts.STYLES[_style(str(font.get("/BaseFont", "")) if font else "")]
            end = x + stringWidth(text, style, size)
            found.append(Run(number, x, y, size, text, end))

        page.extract_text(visitor_text=visit)
    return found


def reading_lines(items: list[Run], boxes: list[Run] = ()) -> list[str]:
    """The runs joined into lines as read: by baseline, left to right, a space where there
    is a visible gap (a tenth of the size, as pdftotext decides)."""
    lines: list[list[Run]] = []
    for run in sorted([*items, *boxes], key=lambda r: (r.page, -r.y, r.x)):
        line = next(
            (li for li in lines if li[0].page == run.page and abs(li[0].y - run.y) < 3), None
        )
        if line is None:
            lines.append([run])
        else:
            line.append(run)
    texts = []
    for line in lines:
        line.sort(key=lambda r: r.x)
        text = line[0].text
        for before, run in zip(line, line[1:], strict=False):
            gap = run.x - before.end
            text += (
                " " if gap > 0.1 * run.size and not run.text.startswith(" ") else ""
            ) + run.text
        texts.append(text)
    return texts


def checkboxes(tpl: form_template.Template) -> list[Run]:
    """A box glyph where each checkbox is drawn (its baseline: the box's bottom + 1)."""
    return [
        Run(w.page, w.rect[0], w.rect[1] + 1, 13, "☐", w.rect[2])
        for widgets in tpl.fields.values()
        for w in widgets
        if w.type == "checkbox"
    ]


def inside(run: Run, field: form_template.FieldInfo) -> bool:
    x0, y0, x1, y1 = field.rect
    return run.page == field.page and x0 - 1 <= run.x < x1 - 2 and y0 <= run.y <= y1


@dataclass
class Filled:
    case: str
    interview: dvc_cli.Interview
    template: form_template.Template
    runs: list[Run]

    def field_texts(self) -> dict[str, str]:
        """The text drawn in each text field, its lines joined by spaces."""
        texts: dict[str, str] = {}
        for name, widgets in self.template.fields.items():
            parts = [r.text for w in widgets if w.type == "text" for r in self.runs if inside(r, w)]
            if parts:
                texts[name] = flat(" ".join(parts))
        return texts


def fill(case: Path) -> list[Filled]:
    """Every form of ``case``'s procedure, rendered as ``dvc fill --no-input`` does."""
    doc = yaml.safe_load(case.read_text(encoding="utf-8"))
    proc = dvc_cli.load_procedure(doc["procedure"])
    today = parse_date(doc["today"]) if doc.get("today") else dt.date(2026, 12, 1)
    interview = dvc_cli.Interview(proc, dvc_cli.read_answers(case, proc.id), today=today)
    interview.apply_defaults()
    rendered = dvc_cli.render_outputs(interview)
    return [
        Filled(
            f"{case.parent.name}/{case.name}",
            interview,
            form_template.load(proc.template_path(out.template)),
            runs(rendered.files[out.file]),
        )
        for out in proc.model.outputs
    ]


FORMS = [f for case in CASES for f in fill(case)]
IDS = [f.case for f in FORMS]


def test_every_bundled_form_is_checked():
    ids = [p.stem for p in (REPO / "procedures").glob("*.yaml") if not p.stem.startswith("_")]
    with_forms = {i for i in ids if dvc_cli.load_procedure(i).model.outputs}
    assert len(with_forms) == 5
    assert {f.interview.procedure.id for f in FORMS} == with_forms


@pytest.mark.parametrize("form", FORMS, ids=IDS)
def test_no_space_before_punctuation(form: Filled):
    lines = reading_lines(form.runs, checkboxes(form.template))
    assert [line for line in lines if PUNCTUATION.search(line)] == []


def test_the_place_ends_at_its_comma():
    (form,) = fill(REPO / "examples" / "single-status.yaml")
    lines = reading_lines(form.runs, checkboxes(form.template))
    assert "Làm tại: phường Hạc Thành, ngày 01 tháng 12 năm 2026" in lines
    assert "Đề nghị cấp bản sao: Có ☐, Không ☐ Số lượng: 01 bản" in [flat(li) for li in lines]


@pytest.mark.parametrize("form", FORMS, ids=IDS)
def test_answers_are_at_the_base_size(form: Filled):
    fields = [w for ws in form.template.fields.values() for w in ws if w.type == "text"]
    answers = [r for r in form.runs if any(inside(r, w) for w in fields)]
    assert len(answers) >= 10
    assert {(r.text, r.size) for r in answers if r.size != BASE_SIZE} == set()


def test_every_text_field_is_tall_enough_for_the_base_size():
    """A box shorter than 12 pt's line would draw its answer smaller however short it is
    (what made "Kính gửi" and the groom's ID smaller)."""
    paths = sorted((REPO / "forms").glob("*/*.pdf"))
    assert len(paths) == 5
    for path in paths:
        tpl = form_template.load(path)
        for widgets in tpl.fields.values():
            for w in widgets:
                if w.type == "text":
                    assert w.rect[3] - w.rect[1] >= BASE_SIZE * form_layout.LEADING - 0.01, (
                        path,
                        w,
                    )


def test_only_a_value_too_long_for_its_box_shrinks():
    path = REPO / "forms" / "single-status" / "to-khai.pdf"
    values = {
        "kinh_gui": "Ủy ban nhân dân phường Hạc Thành, tỉnh Thanh Hóa",
        "full_name": "TRƯƠNG THỊ ÁNH TUYẾT",
        "sign_place": "phường Văn Miếu - Quốc Tử Giám",  # the longest commune's name
        "sign_day": "01",
    }
    tpl = form_template.load(path)
    drawn = runs(render_form(path, values))
    sizes = {name: {r.size for r in drawn if inside(r, tpl.fields[name][0])} for name in values}
    assert sizes["kinh_gui"] == sizes["full_name"] == sizes["sign_day"] == {BASE_SIZE}
    (small,) = sizes["sign_place"]
    assert form_layout.MIN_SIZE <= small < BASE_SIZE


@pytest.mark.parametrize("form", FORMS, ids=IDS)
def test_names_are_in_capitals(form: Filled):
    iv = form.interview
    names = {
        str(iv.answers()[q.id])
        for q in iv.applicable
        if q.type == "name" and iv.answers().get(q.id)
    }
    assert names
    texts = form.field_texts()
    printed = 0
    for name in names:
        for field, text in texts.items():
            if name.casefold() in text.casefold():
                assert name.upper() in text, (field, text)
                printed += 1
    assert printed >= 2  # the person's name at least, and where it is signed


def test_ct01_prints_members_and_signatures_in_capitals():
    case = (
        REPO / "tests" / "fixtures" / "residence-registration" / "hung-family-joins-household.yaml"
    )
    (form,) = fill(case)
    texts = form.field_texts()
    answers = form.interview.answers()
    assert texts["member_name_1"] == answers["members"][0]["name"].upper()
    assert texts["signer_name"] == answers["full_name"].upper()
    assert texts["head_signer"] == answers["household_head_name"].upper()
    values = output.form_values(form.interview, "ct01")
    assert values["member_name_1"] == texts["member_name_1"]


def test_a_label_saying_optional_gets_no_second_suffix():
    from dvc_cli.cli.prompts import with_optional

    seen = 0
    for proc_id in ("single-status", "copy-certification", "residence-registration"):
        proc = dvc_cli.load_procedure(proc_id)
        for step in proc.model.steps:
            for q in step.questions:
                label = with_optional(q)
                assert label.count("không bắt buộc") <= 1, label
                if not q.required:
                    assert "không bắt buộc" in label, label
                    seen += 1
    assert seen >= 3
