"""The interface language: the English catalog is complete and compiled, no message escapes it,
and ``--lang en`` / ``DVC_LANG=en`` switch messages, prompts and the checklist, not the form."""

from __future__ import annotations

import ast
import csv
import datetime as dt
import gettext
import importlib.util
import io
import os
import re
import string
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from conftest import SINGLE, flat, invoke, pdf_text, write_answers
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output.plain_text import PlainTextOutput
from typer.testing import CliRunner

from dvc_cli import i18n
from dvc_cli.catalog import procedures
from dvc_cli.cli.main import app

REPO = Path(__file__).resolve().parents[2]
PACKAGE = REPO / "dvc_cli"
PO = PACKAGE / "locale" / "en" / "LC_MESSAGES" / "dvc.po"
MO = PO.with_suffix(".mo")
POT = PACKAGE / "locale" / "dvc.pot"
EXAMPLE = REPO / "examples" / "single-status.yaml"


def _tool():
    """scripts/i18n.py, the one place that says how messages are extracted."""
    spec = importlib.util.spec_from_file_location("dvc_i18n_tool", REPO / "scripts" / "i18n.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _key(message) -> str:
    return message.id[0] if isinstance(message.id, tuple | list) else message.id


def _read(path: Path):
    with path.open("rb") as fh:
        return read_po(fh, locale="en" if path.suffix == ".po" else None)


def _en(text) -> str:
    """A procedure label as --lang en shows it (Vietnamese when the procedure has no English)."""
    return text.en or text.vi


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


# -- the catalog --------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def extracted():
    return {_key(m): m for m in _tool().extract() if m.id}


@pytest.fixture(scope="module")
def po():
    return {_key(m): m for m in _read(PO) if m.id}


def test_every_message_in_the_code_is_in_the_catalogs(extracted, po):
    """Run ``python scripts/i18n.py`` (then translate) when this fails."""
    assert not sorted(set(extracted) - set(po)), "messages missing from dvc.po"
    assert not sorted(set(po) - set(extracted)), "messages in dvc.po the code no longer has"
    pot = {_key(m) for m in _read(POT) if m.id}
    assert pot == set(extracted), "dvc.pot is stale"
    for key, message in extracted.items():  # a message that became plural, or stopped being
        assert isinstance(po[key].id, tuple | list) == isinstance(message.id, tuple | list), key
    assert len(extracted) > 200  # the extraction really found dvc's messages


def test_every_message_has_an_english_translation_with_the_same_placeholders(po):
    for key, message in po.items():
        assert not message.fuzzy, f"fuzzy: {key!r}"
        plural = isinstance(message.id, tuple | list)
        ids = message.id if plural else (message.id,)
        strings = tuple(message.string) if plural else (message.string,)
        assert len(strings) == (2 if plural else 1), key
        for text in strings:
            assert text and text.strip(), f"untranslated: {key!r}"
            assert _fields(text) == _fields(ids[-1]), f"placeholders differ: {key!r} → {text!r}"
            assert not re.search(r"[đĐăĂơƠưƯ]|[\u1ea0-\u1ef9]", text), (
                f"Vietnamese left in the translation of {key!r}: {text!r}"
            )


def test_the_committed_mo_is_the_compiled_po(po):
    with MO.open("rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    catalog = {k: v for k, v in compiled._catalog.items() if k != ""}
    expected = {}
    for message in po.values():
        if isinstance(message.id, tuple | list):
            for i, text in enumerate(message.string):
                expected[(message.id[0], i)] = text
        else:
            expected[message.id] = message.string
    assert catalog == expected, "run: python scripts/i18n.py"
    assert compiled.plural(1) == 0 and compiled.plural(2) == 1


# -- nothing left untranslated ---------------------------------------------------------------
_VIETNAMESE = re.compile(r"[À-ÃÈ-ÊÌÍÒ-ÕÙÚÝà-ãè-êìíò-õùúýĂăĐđĨĩŨũƠơƯư\u1ea0-\u1ef9]")
_MARKERS = {"_", "ngettext", "N_"}
# Vietnamese text that is not a message, by file and scope (a function, class or module-level
# name; "" for the whole file). Each entry must still match something.
ALLOWED = {
    # The official forms are Vietnamese whatever the interface language (they are the legal
    # documents): the code that draws their templates, and the template filters procedure files
    # use to write dates ("ngày 05 tháng 03 năm 2020"), unit names and the office holding a past
    # place's records ("Ủy ban nhân dân phường Hạc Thành") into them.
    ("authoring/formkit.py", ""),
    ("core/expressions.py", "ngay"),
    ("core/expressions.py", "admin_name"),
    ("core/expressions.py", "records_held_by"),
    ("core/expressions.py", "_UNIT_WORDS"),
    # Words matched at the end of a procedure's own labels ("Người đi khai sinh là"), in
    # either language, so that `dvc show` does not say "là là": read, never shown alone.
    ("core/wording.py", "_LINKING"),
    ("core/wording.py", "_COPULA"),
    # Data, not messages: Vietnamese place names, matched and shown as they are written.
    ("core/vn/admin_aliases.py", ""),
    ("core/vn/admin_map.py", "_lower_type"),
    ("core/vn/admin_map.py", "_DISTRICT_SHORT"),
    ("core/vn/unit_names.py", "_ACCENTED_PREFIX"),
    ("core/vn/unit_names.py", "OLD_MARK"),
    ("core/vn/citizen_id.py", "BIRTH_PROVINCE_CODES"),
    # An ID card's issuer and gender as the forms print them (Vietnamese whatever the
    # interface language), read from the card's QR code.
    ("core/vn/id_card.py", "ISSUERS"),
    ("core/vn/id_card.py", "GENDER_LABELS"),
    # The digit keys of a French keyboard: a character table, what a mangled scan holds.
    ("core/vn/id_card.py", "_AZERTY_DIGITS"),
    # Character tables: the letters the PDF font subset must hold, and accent folding (đ → d).
    ("render/pdf_text.py", "_PUNCTUATION"),
    ("render/pdf_text.py", "_VOWELS"),
    ("text.py", "fold"),
    # The VNI and TCVN3 code charts (legacy Vietnamese encodings) and the Vietnamese alphabet.
    ("core/legacy_text.py", ""),
    # A procedure label (bilingual, shown through i18n.pick): the default "person" label.
    ("core/schema.py", "Procedure.person_label"),
}


def _docstrings(tree: ast.AST) -> set[int]:
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                out.add(id(body[0].value))
    return out


def _scoped_strings(node: ast.AST, scope: str = ""):
    """(scope, string constant node) for every string in ``node``'s subtree."""
    for child in ast.iter_child_nodes(node):
        inner = scope
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            inner = f"{scope}.{child.name}" if scope else child.name
        elif isinstance(child, ast.Assign | ast.AnnAssign) and isinstance(
            node, ast.Module | ast.ClassDef
        ):
            targets = child.targets if isinstance(child, ast.Assign) else [child.target]
            names = [t.id for t in targets if isinstance(t, ast.Name)]
            if names:
                inner = f"{scope}.{names[0]}" if scope else names[0]
        if isinstance(child, ast.Constant) and isinstance(child.value, str):
            yield scope, child
        yield from _scoped_strings(child, inner)


def _marked(tree: ast.AST) -> tuple[set[int], list[str]]:
    """Ids of the nodes inside _()/ngettext()/N_() calls, and misuses of those calls."""
    inside: set[int] = set()
    misuses = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) in _MARKERS:
            for arg in node.args:
                inside.update(id(n) for n in ast.walk(arg))
                if isinstance(arg, ast.JoinedStr):  # never extracted, never translated
                    misuses.append(f"line {node.lineno}: f-string inside {node.func.id}()")
            if node.func.id == "ngettext" and not all(
                isinstance(a, ast.Constant) for a in node.args[:2]
            ):
                misuses.append(f"line {node.lineno}: ngettext() needs literal messages")
    return inside, misuses


def test_no_vietnamese_text_outside_the_catalog():
    found, misuses, used = [], [], set()
    for path in sorted(PACKAGE.rglob("*.py")):
        name = path.relative_to(PACKAGE).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docs = _docstrings(tree)
        inside, wrong = _marked(tree)
        misuses += [f"{name}: {w}" for w in wrong]
        for scope, node in _scoped_strings(tree):
            if id(node) in docs or id(node) in inside or not _VIETNAMESE.search(node.value):
                continue
            allowed = [
                (f, s)
                for f, s in ALLOWED
                if f == name and (not s or scope == s or scope.startswith(s + "."))
            ]
            if allowed:
                used.update(allowed)
            else:
                found.append(f"{name}:{node.lineno} ({scope or 'module'}): {node.value!r}")
    assert not misuses
    assert not found, "wrap these in _() (or N_() in a constant), or allow them with a reason"
    assert used == ALLOWED, f"stale allow-list entries: {ALLOWED - used}"


# -- the CLI in English -----------------------------------------------------------------------
def _fill(tmp_path: Path, *args: str, env: dict[str, str] | None = None, name: str = "out"):
    out = tmp_path / name
    result = CliRunner().invoke(
        app,
        [
            *args,
            "fill",
            "single-status",
            "--answers",
            str(EXAMPLE),
            "--no-input",
            "--out",
            str(out),
        ],
        env=env,
    )
    assert result.exit_code == 0, result.output
    return result, out


@pytest.fixture(scope="module")
def model():
    return procedures.load("single-status").model


def test_fill_in_english_translates_the_checklist_not_the_form(tmp_path, model):
    result, out = _fill(tmp_path, "--lang", "en")
    today = dt.date.today().strftime("%d/%m/%Y")
    screen = flat(result.stdout)
    for text in (
        f"Documents checklist — {_en(model.title)}",
        "Document",
        "Type",
        "1 original",
        "Where to go, in order",
        "Fee:",
        "Processing time:",
        "Valid for:",
        "Created in",
    ):
        assert text in screen, text
    assert "Giấy tờ" not in screen and "Đã tạo" not in screen

    md = (out / "checklist.md").read_text(encoding="utf-8")
    # choice labels inside the procedure's texts are in English too ({{ labels.id_type }})
    assert "2. [ ] **Citizen identity card (CCCD) of Trương Thị Ánh Tuyết**" in md
    lines = md.splitlines()
    assert lines[0] == f"# Documents checklist — {_en(model.title)}"
    assert (
        lines[2]
        == f"{_en(model.person_label)}: **Trương Thị Ánh Tuyết** · Made on {today} with dvc"
    )
    assert lines[4] == "## Documents to bring"
    assert lines[6] == f"1. [ ] **{_en(model.dossier[0].title)}** — 1 original"
    for line in (
        "## Where to go, in order",
        "## Fee and processing time",
        f"- **Handled by:** {_en(model.authority)}",
        f"- **Fee:** {_en(model.fee)}",
        f"- **Processing time:** {_en(model.processing_time)}",
        f"- **Valid for:** {_en(model.validity)}",
        f"**Apply online:** {_en(model.online)}",
        "## Legal basis",
        "- Luật Hộ tịch — Luật số 60/2014/QH13",  # names of legal documents stay as enacted
        "## Notes",
    ):
        assert line in lines, line

    pdf = pdf_text(out / "checklist.pdf")
    for text in (
        "DOCUMENTS TO PREPARE",
        f"{_en(model.person_label)}: Trương Thị Ánh Tuyết — made on {today}",
        "1. Documents to bring",
        "— 1 original",
        "2. Where to go, in order",
        "3. Fee and processing time",
        "Handled by:",
        "Processing time:",
        "4. Legal basis",
    ):
        assert text in pdf, text
    assert "DANH SÁCH GIẤY TỜ" not in pdf and "Lệ phí:" not in pdf

    # The form is the legal document: Vietnamese, and the same as a Vietnamese run makes.
    _, vi_out = _fill(tmp_path, name="vi")
    form = pdf_text(out / "to-khai.pdf")
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in form
    assert form == pdf_text(vi_out / "to-khai.pdf")
    # The answers file is data: not translated either.
    assert (out / "answers.yaml").read_bytes() == (vi_out / "answers.yaml").read_bytes()
    assert "# Danh sách giấy tờ" in (vi_out / "checklist.md").read_text(encoding="utf-8")


def test_dvc_lang_environment_variable_works_like_the_option(tmp_path):
    _, by_option = _fill(tmp_path, "--lang", "en", name="option")
    result, by_env = _fill(tmp_path, env={"DVC_LANG": "en"}, name="env")
    assert "Documents to bring" in (by_env / "checklist.md").read_text(encoding="utf-8")
    assert (by_env / "checklist.md").read_bytes() == (by_option / "checklist.md").read_bytes()
    # ...and the option wins over the variable.
    _, vi = _fill(tmp_path, "--lang", "vi", env={"DVC_LANG": "en"}, name="vi")
    assert "## Giấy tờ cần mang theo" in (vi / "checklist.md").read_text(encoding="utf-8")


def test_a_later_run_without_lang_is_vietnamese_again(tmp_path):
    _fill(tmp_path, "--lang", "en", name="en")
    result, out = _fill(tmp_path, name="vi")
    assert "Đã tạo" in result.stdout
    assert (out / "checklist.md").read_text(encoding="utf-8").startswith("# Danh sách giấy tờ — ")


@pytest.mark.parametrize("how", ["option", "env"])
def test_help_is_english_when_asked_at_start_up(how):
    """Help texts are built at import: the language must be known before (argv or env)."""
    env = {**os.environ, "COLUMNS": "200"}
    env.pop("DVC_LANG", None)
    args = [sys.executable, "-m", "dvc_cli", "--help"]
    if how == "option":
        args[3:3] = ["--lang", "en"]
    else:
        env["DVC_LANG"] = "en"
    english = subprocess.run(args, capture_output=True, text=True, env=env, check=True).stdout
    assert "List the procedures (id and name)." in english
    assert "Interface language: vi (default) or en." in english
    assert "Liệt kê" not in english
    env.pop("DVC_LANG", None)
    default = subprocess.run(
        [sys.executable, "-m", "dvc_cli", "--help"], capture_output=True, text=True, env=env
    ).stdout
    assert "Liệt kê các thủ tục (mã và tên)." in default


def test_validation_errors_in_english(tmp_path):
    answers = write_answers(tmp_path / "a.yaml", {**SINGLE, "birth_date": "31/02/1996"})
    result = invoke(
        "--lang", "en", "fill", "single-status", "--answers", str(answers), "--no-input",
        "--out", str(tmp_path / "out"),
    )  # fmt: skip
    assert result.exit_code == 1
    assert f"dvc: error: {answers}: 1 answer missing or invalid" in result.stderr
    assert "  - birth_date: not a real calendar date" in result.stderr
    assert not (tmp_path / "out").exists()


def test_choices_accept_english_labels_and_errors_list_them(tmp_path):
    good = write_answers(
        tmp_path / "good.yaml", {**SINGLE, "marital_status": "never married", "gender": "Female"}
    )
    result = invoke(
        "--lang", "en", "fill", "single-status", "--answers", str(good), "--no-input",
        "--out", str(tmp_path / "out"),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    bad = write_answers(tmp_path / "bad.yaml", {**SINGLE, "gender": "other"})
    result = invoke("--lang", "en", "fill", "single-status", "--answers", str(bad), "--no-input")
    assert "gender: not a valid choice; choose: nam (Male), nu (Female)" in result.stderr


def test_other_commands_in_english():
    listed = invoke("--lang", "en", "list")
    assert listed.exit_code == 0
    assert "Procedure" in listed.stdout and "Thủ tục" not in listed.stdout
    shown = invoke("--lang", "en", "show", "single-status")
    assert "Dossier" in shown.stdout and "always" in shown.stdout
    assert "Legal basis" in shown.stdout
    unknown = invoke("--lang", "en", "fill", "single-statu", "--no-input")
    assert unknown.exit_code == 2
    assert "dvc: error: there is no procedure 'single-statu'; did you mean: " in unknown.stderr
    assert "(see: dvc list)" in unknown.stderr
    checked = invoke("--lang", "en", "check")
    assert re.search(r"dvc: checked \d+ files, no problems", checked.stderr), checked.stderr
    bad = invoke("--lang", "xx", "list")
    assert bad.exit_code == 2 and "--lang xx: chỉ có vi hoặc en" in bad.stderr


def test_batch_errors_in_english_reports_untranslated(tmp_path):
    rows = [SINGLE, {**SINGLE, "birth_date": "31/02/1996"}]
    source = tmp_path / "in.csv"
    with source.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(list(SINGLE))
        writer.writerows([list(r.values()) for r in rows])
    out = tmp_path / "out"
    result = invoke("--lang", "en", "batch", "single-status", str(source), "--out", str(out))
    assert result.exit_code == 1
    summary = result.stdout.strip().splitlines()[-1]
    assert '"status": "failed", "ok": 1, "failed": 1' in summary  # JSON keys stay as they are
    with (out / "errors.csv").open(encoding="utf-8-sig") as fh:
        errors = list(csv.reader(fh))
    assert errors[0] == ["row", "column", "message", "value"]
    assert errors[1] == ["3", "birth_date", "not a real calendar date", "31/02/1996"]
    with (out / "manifest.csv").open(encoding="utf-8-sig") as fh:
        assert next(csv.reader(fh)) == ["row", "status", "folder", "files", "warning"]


def test_interview_prompts_in_english(tmp_path):
    from conftest import BASIC, ENTER

    questions = procedures.load("single-status").questions
    gender = questions["gender"]
    female = next(c for c in gender.choices if c.value == "nu")
    filing = questions["requester_is_subject"]

    screen = io.StringIO()
    out = tmp_path / "out"
    with create_pipe_input() as pipe:
        pipe.send_text("".join([*BASIC, "1" + ENTER]))
        with create_app_session(input=pipe, output=PlainTextOutput(screen)):
            result = CliRunner().invoke(
                app, ["--lang", "en", "fill", "single-status", "--out", str(out)]
            )
    assert result.exit_code == 0, result.output
    prompts = screen.getvalue()
    assert f"? {_en(gender.label)} {_en(female.label)}" in prompts  # labels and choices
    assert f"? {_en(filing.label)} Yes" in prompts  # yes/no questions
    assert "? Is everything above correct? Yes — make the form and the documents checklist" in (
        prompts
    )
    assert "Step 1/4 — " in result.stderr
    assert "Check your answers" in result.stderr
    assert "Bước" not in result.stderr
    assert "Documents to bring" in (out / "checklist.md").read_text(encoding="utf-8")


def test_pick_falls_back_to_vietnamese():
    from dvc_cli.core.schema import Bilingual

    both, vi_only = Bilingual(vi="Lệ phí", en="Fee"), Bilingual(vi="Lệ phí")
    assert (i18n.pick(both), i18n.pick(vi_only), i18n.pick(None)) == ("Lệ phí", "Lệ phí", "")
    i18n.set_language("en")
    assert (i18n.pick(both), i18n.pick(vi_only)) == ("Fee", "Lệ phí")
    assert i18n._("Giấy tờ cần mang theo") == "Documents to bring"
    assert i18n.ngettext("Bản sao, {count:02d} bản", "Bản sao, {count:02d} bản", 2) == (
        "{count} copies"
    )
    i18n.set_language("vi")
    assert i18n._("Giấy tờ cần mang theo") == "Giấy tờ cần mang theo"
