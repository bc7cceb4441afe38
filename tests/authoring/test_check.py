"""`dvc check`: every finding of procedure files and their templates, as file:line:col."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from conftest import PROCEDURE_HEAD, PROCEDURE_WITH_NAME, SOURCES
from typer.testing import CliRunner

from dvc_cli.authoring import lint
from dvc_cli.catalog import registry
from dvc_cli.cli.main import app

DEMO_BODY = (
    PROCEDURE_WITH_NAME
    + """\
      - id: gender
        type: choice
        label: Giới tính
        choices:
          - {value: nam, label: Nam}
          - {value: nu, label: Nữ}
outputs:
  - id: form
    file: form.pdf
    template: demo/form.pdf
    title: Mẫu
    fields:
      a: "{{ full_name | upper }}"
      b: "{{ labels.gender }}"
      c: "{{ gender == 'nam' }}"
"""
)
DEMO = DEMO_BODY + SOURCES


def make_template(path: Path, names: tuple[str, ...] = ("a", "b", "c")) -> Path:
    """A reportlab form: text fields, the last one a checkbox."""
    from reportlab.pdfgen.canvas import Canvas

    path.parent.mkdir(parents=True, exist_ok=True)
    c = Canvas(str(path), invariant=1)
    for i, name in enumerate(names[:-1]):
        c.acroForm.textfield(name=name, x=72, y=650 - 40 * i, width=300, height=18)
    c.acroForm.checkbox(name=names[-1], x=72, y=400, size=12)
    c.showPage()
    c.save()
    return path


@pytest.fixture
def demo(tmp_path: Path):
    """Write procs/demo.yaml (with ``text``) next to forms/demo/form.pdf; return its path."""
    make_template(tmp_path / "forms" / "demo" / "form.pdf")
    path = tmp_path / "procs" / "demo.yaml"
    path.parent.mkdir()

    def _write(text: str = DEMO, name: str = "demo.yaml") -> Path:
        target = path.parent / name
        target.write_text(text, encoding="utf-8")
        return target

    return _write


def pos(text: str, needle: str, nth: int = 1) -> str:
    """``line:col`` (1-based) of the ``nth`` occurrence of ``needle`` in ``text``."""
    index = -1
    for _ in range(nth):
        index = text.index(needle, index + 1)
    line = text.count("\n", 0, index) + 1
    return f"{line}:{index - (text.rfind(chr(10), 0, index) + 1) + 1}"


def check(*args: str):
    result = CliRunner().invoke(app, ["check", *args])
    return result, result.stdout.splitlines()


# -- the bundled set (CI runs `dvc check` over it: this test is that requirement) ------------
def test_all_bundled_procedures_pass():
    result, lines = check()
    assert result.exit_code == 0, result.output
    assert lines == []
    assert "không có lỗi" in result.stderr
    assert "single-status" in registry.procedure_files()


def test_bundled_folder_given_explicitly_passes():
    result, _ = check(str(registry.data_dir("procedures")))
    assert result.exit_code == 0, result.output


def test_clean_demo_passes(demo):
    result, lines = check(str(demo()))
    assert result.exit_code == 0, result.output
    assert lines == []
    assert "đã kiểm tra 1 tệp, không có lỗi" in result.stderr


# -- each kind of finding, with its position ----------------------------------------------
def test_schema_error(demo):
    text = DEMO.replace("type: name", "type: colour")
    path = demo(text)
    result, lines = check(str(path))
    assert result.exit_code == 2
    assert lines[0] == (
        f"{path}:{pos(text, 'colour')}: steps.0.questions.0.type: 'colour' không phải giá trị"
        " hợp lệ; chọn: text, name, date, choice, boolean, integer, citizen_id, phone, province,"
        " commune, past_place, list"
    )
    assert "1 lỗi trong 1/1 tệp" in result.stderr


def test_all_schema_errors_are_listed(demo):
    text = DEMO.replace("type: name", "type: colour").replace("kind: original", "kind: paper")
    path = demo(text)
    _, lines = check(str(path))
    assert [line.split(": ")[0] for line in lines] == [
        f"{path}:{pos(text, 'paper')}",
        f"{path}:{pos(text, 'colour')}",
    ]


def test_missing_legal_basis(demo):
    text = DEMO.replace("legal_basis:\n  - title: Luật Hộ tịch\n", "")
    path = demo(text)
    result, lines = check(str(path))
    assert result.exit_code == 2
    assert lines == [
        f"{path}:1:1: legal_basis: thiếu căn cứ pháp lý (cần ít nhất một văn bản) — thiếu khóa bắt buộc"
    ]
    text = DEMO.replace("  - title: Luật Hộ tịch\n", "  []\n")
    path = demo(text)
    _, lines = check(str(path))
    assert lines[0].startswith(f"{path}:{pos(text, '[]')}: legal_basis: thiếu căn cứ pháp lý")


def test_expression_that_does_not_parse(demo):
    text = DEMO.replace(
        "        label: Giới tính\n", "        label: Giới tính\n        when: full_name ==\n"
    )
    path = demo(text)
    _, lines = check(str(path))
    assert len(lines) == 1
    assert lines[0].startswith(
        f"{path}:{pos(text, 'full_name ==')}: steps.0.questions.1.when: biểu thức Jinja2 không hợp lệ"
    )


def test_expression_naming_unknown_answers(demo):
    text = DEMO.replace(
        'b: "{{ labels.gender }}"', 'b: "{{ marital | upper }} {{ labels.gender }}"'
    )
    path = demo(text)
    _, lines = check(str(path))
    where = pos(text, '"{{ marital')
    assert lines == [f"{path}:{where}: outputs.0.fields.b: tên không có trong thủ tục: marital"]


def test_labels_of_a_question_that_is_no_choice(demo):
    text = DEMO.replace("labels.gender", "labels.full_name")
    path = demo(text)
    _, lines = check(str(path))
    where = pos(text, '"{{ labels.full_name')
    assert lines == [
        f"{path}:{where}: outputs.0.fields.b: "
        "labels.full_name: 'full_name' không phải câu hỏi lựa chọn (choice)"
    ]


def test_missing_template(demo):
    text = DEMO.replace("demo/form.pdf", "demo/nope.pdf")
    path = demo(text)
    _, lines = check(str(path))
    assert lines == [
        f"{path}:{pos(text, 'demo/nope.pdf')}: outputs.0.template: không tìm thấy mẫu demo/nope.pdf"
    ]


def test_unreadable_template(demo, tmp_path):
    (tmp_path / "forms" / "demo" / "form.pdf").write_text("not a pdf", encoding="utf-8")
    path = demo()
    _, lines = check(str(path))
    assert len(lines) == 1
    assert lines[0].startswith(
        f"{path}:{pos(DEMO, 'demo/form.pdf')}: outputs.0.template: không đọc được mẫu PDF"
    )


def test_form_fields_not_mapped_and_mapped_to_nothing(demo):
    text = DEMO.replace("      c: \"{{ gender == 'nam' }}\"\n", "").replace("      a:", "      z:")
    path = demo(text)
    _, lines = check(str(path))
    z_value = pos(text, '"{{ full_name | upper')
    assert lines == [
        f"{path}:{pos(text, 'z:')}: outputs.0.fields: trường của mẫu demo/form.pdf chưa được gán: a, c",
        f"{path}:{z_value}: outputs.0.fields.z: mẫu demo/form.pdf không có trường 'z'",
    ]


def test_field_mapped_twice(demo):
    text = DEMO_BODY + '      a: "{{ full_name }}"\n' + SOURCES
    path = demo(text)
    result, lines = check(str(path))
    assert result.exit_code == 2
    assert lines == [f"{path}:{pos(text, 'a:', 2)}: khóa trùng lặp 'a'"]


def test_two_outputs_writing_the_same_file(demo):
    second = DEMO_BODY[DEMO_BODY.index("  - id: form") :].replace("id: form", "id: form2")
    text = DEMO_BODY + second + SOURCES
    path = demo(text)
    _, lines = check(str(path))
    assert lines == [
        f"{path}:{pos(text, 'form.pdf', 3)}: outputs.1.file: outputs.0 cũng ghi form.pdf"
    ]


def test_characters_the_font_cannot_draw(demo):
    text = (
        DEMO.replace("label: Họ tên", "label: Họ tên → đầy đủ")
        .replace("label: Nữ}", "label: Nữ ✓}")
        .replace("title: Tờ khai", "title: Tờ khai ☐")
        .replace("label: Giới tính", "label: Giới tính\n        help: Chọn ✔")
    )
    path = demo(text)
    _, lines = check(str(path))
    assert lines == [
        f"{path}:{pos(text, 'Tờ khai ☐')}: dossier.0.title: phông chữ không vẽ được ký tự '☐' (U+2610)",
        f"{path}:{pos(text, 'Họ tên →')}: steps.0.questions.0.label: phông chữ không vẽ được ký tự '→' (U+2192)",
        f"{path}:{pos(text, 'Chọn ✔')}: steps.0.questions.1.help: phông chữ không vẽ được ký tự '✔' (U+2714)",
        f"{path}:{pos(text, 'Nữ ✓')}: steps.0.questions.1.choices.1.label: phông chữ không vẽ được ký tự '✓' (U+2713)",
    ]


def test_id_must_match_file_name(demo):
    path = demo(name="other.yaml")
    _, lines = check(str(path))
    assert lines == [f"{path}:2:5: id 'demo' phải trùng tên tệp (other.yaml)"]


def test_broken_yaml(demo):
    path = demo("schema_version: 1\nid: demo\ntitle: [unclosed\n")
    result, lines = check(str(path))
    assert result.exit_code == 2
    assert len(lines) == 1 and lines[0].startswith(f"{path}:4:1: YAML không hợp lệ")


def test_unknown_shared_question(demo):
    text = DEMO.replace("      - id: gender\n", "      - use: nope\n      - id: gender\n")
    path = demo(text)
    _, lines = check(str(path))
    assert lines == [
        f"{path}:{pos(text, 'nope')}: steps.0.questions.1.use: không có câu hỏi dùng chung 'nope' trong _common.yaml"
    ]


def test_many_findings_in_one_run_sorted_by_line(demo):
    text = (
        DEMO.replace("label: Họ tên", "label: Họ tên →\n        when: marital == 1")
        .replace("labels.gender", "labels.full_name")
        .replace("demo/form.pdf", "demo/nope.pdf")
    )
    path = demo(text)
    result, lines = check(str(path))
    assert result.exit_code == 2
    where = [line.split(": ")[0].removeprefix(f"{path}:") for line in lines]
    assert where == [
        pos(text, "Họ tên →"),
        pos(text, "marital"),
        pos(text, "demo/nope.pdf"),
        pos(text, '"{{ labels.full_name'),
    ]
    assert "4 lỗi trong 1/1 tệp" in result.stderr


def test_shared_questions_file_is_checked(tmp_path):
    common = tmp_path / "_common.yaml"
    text = (
        "schema_version: 1\nquestions:\n  full_name:\n    type: name\n    label: Họ tên ✓\n"
        "  age:\n    type: number\n    label: Tuổi\n    when: x ==\n"
    )
    common.write_text(text, encoding="utf-8")
    _, lines = check(str(common))
    assert (
        lines[0]
        == f"{common}:{pos(text, 'Họ tên ✓')}: questions.full_name.label: phông chữ không vẽ được ký tự '✓' (U+2713)"
    )
    assert lines[1].startswith(
        f"{common}:{pos(text, 'number')}: questions.age.type: 'number' không phải giá trị hợp lệ;"
        " chọn: text, name"
    )


def test_folder_argument_and_local_procedures_are_checked(demo, tmp_path):
    demo()
    demo(DEMO.replace("type: name", "type: colour").replace("id: demo", "id: bad"), name="bad.yaml")
    result, lines = check(str(tmp_path / "procs"))
    assert result.exit_code == 2
    assert len(lines) == 1 and "bad.yaml" in lines[0]
    assert "1 lỗi trong 1/2 tệp" in result.stderr
    # with no argument: the bundled procedures and those of --procedures
    result = CliRunner().invoke(app, ["--procedures", str(tmp_path / "procs"), "check"])
    assert result.exit_code == 2
    assert result.stdout.count("\n") == 1 and "bad.yaml" in result.stdout
    assert f"1 lỗi trong 1/{len(registry.procedure_files()) + 3} tệp" in result.stderr


def test_missing_path_is_a_usage_error(tmp_path):
    result, lines = check(str(tmp_path / "nope.yaml"))
    assert result.exit_code == 2
    assert lines == []
    assert result.stderr.strip() == f"dvc: lỗi: không tìm thấy {tmp_path / 'nope.yaml'}"


def test_library_returns_findings_as_strings(demo):
    path = demo(DEMO.replace("type: name", "type: colour"))
    findings = lint.check_file(path)
    assert [f.line for f in findings] == [18]
    assert str(findings[0]).startswith(f"{path}:18:15: ")


def test_examples_must_make_a_valid_person(tmp_path):
    path = tmp_path / "demo.yaml"
    path.write_text(
        PROCEDURE_HEAD
        + "steps:\n  - id: one\n    title: Bước một\n    questions:\n"
        + "      - id: full_name\n        type: name\n        label: Họ tên\n"
        + "        example: Dung 2\n"
        + SOURCES,
        encoding="utf-8",
    )
    findings = [str(f) for f in lint.check_file(path, tmp_path)]
    assert findings == [
        f"{path}:14:3: steps: ví dụ của full_name không hợp lệ: "
        "họ tên chỉ gồm chữ cái và dấu cách (có ký tự '2')"
    ]


# -- sources: every fact cited; stale ones a reminder; maintainer notes as information -------
def test_a_fact_without_a_source_is_an_error_at_the_fact(demo):
    text = DEMO.replace("backs: [legal_basis, authority, processing_time, fee, form,", "backs: [")
    path = demo(text)
    result, lines = check(str(path))
    assert result.exit_code == 2
    assert lines[0] == (
        f"{path}:{pos(text, 'UBND cấp xã')}: authority: 'authority' không có nguồn nào"
        " (thêm vào 'sources' với backs: [authority])"
    )
    form_id = pos(text, "form\n    file")
    assert lines[-1].startswith(f"{path}:{form_id}: ")
    assert lines[-1].endswith(
        "outputs.0.id: 'outputs.form' không có nguồn nào"
        " (thêm vào 'sources' với backs: [outputs.form])"
    )
    assert len(lines) == 5  # legal_basis, authority, processing_time, fee, the form


def test_a_procedure_without_sources_cites_nothing(demo):
    path = demo(DEMO_BODY)
    result, lines = check(str(path))
    assert result.exit_code == 2
    assert [line.split(": ", 1)[1].split(":")[0] for line in lines] == [
        "authority",
        "processing_time",
        "fee",
        "legal_basis",
        "dossier.0.id",
        "outputs.0.id",
    ]


def test_one_output_can_be_backed_by_its_id(demo):
    path = demo(DEMO.replace("fee, form, dossier", "fee, outputs.form, dossier"))
    result, lines = check(str(path))
    assert result.exit_code == 0, result.output


def test_stale_sources_are_a_warning_and_exit_zero(demo):
    text = DEMO.replace("checked: 2026-11-23", "checked: 2020-01-15")
    path = demo(text)
    result, lines = check("--stale", "365", str(path))
    assert result.exit_code == 0, result.output
    assert lines == []
    (warning,) = [line for line in result.stderr.splitlines() if "cảnh báo" in line]
    age = (dt.date.today() - dt.date(2020, 1, 15)).days
    assert warning == (
        f"dvc: {path}:{pos(text, '2020-01-15')}: cảnh báo: nguồn 'portal'"
        f" (Cổng Dịch vụ công quốc gia, thủ tục 1.004873) được đối chiếu lần cuối 2020-01-15,"
        f" {age} ngày trước"
    )
    fresh, _ = check("--stale", str(age + 1), str(path))
    assert "cảnh báo" not in fresh.stderr
    assert "không có lỗi" in fresh.stderr


def test_stale_needs_a_number_of_days(demo):
    result, _ = check("--stale", "abc", str(demo()))
    assert result.exit_code == 2
    assert "giá trị của --stale không hợp lệ: cần một số nguyên, ít nhất 0" in result.stderr


def test_maintainer_notes_are_information_not_errors(demo):
    text = (
        DEMO_BODY
        + (
            "maintainer_notes:\n"
            "  - vi: Bố cục chính xác của phụ lục chưa được đối chiếu (CHƯA XÁC NHẬN).\n"
            "    en: The exact layout of the appendix has not been checked.\n"
        )
        + SOURCES
    )
    path = demo(text)
    result, lines = check("--notes", str(path))
    assert result.exit_code == 0, result.output
    assert lines == []
    assert (
        f"dvc: {path}:{pos(text, 'vi: Bố cục')}: ghi chú cho người duy trì: Bố cục chính xác"
        " của phụ lục chưa được đối chiếu (CHƯA XÁC NHẬN)."
    ) in result.stderr.splitlines()
    # Without --notes, a count and where to read them: not every note on every run.
    plain, lines = check(str(path))
    assert plain.exit_code == 0 and lines == []
    assert "Bố cục chính xác" not in plain.stderr
    assert (
        "dvc: 1 ghi chú cho người duy trì (xem: dvc check --notes, dvc show THỦ_TỤC --sources)"
    ) in plain.stderr.splitlines()


def test_plain_check_of_the_bundled_procedures_prints_no_note():
    result, lines = check()
    assert result.exit_code == 0, result.output
    assert lines == []
    assert "ghi chú cho người duy trì:" not in result.stderr
    assert "CHƯA XÁC NHẬN" not in result.stderr
    (count,) = [line for line in result.stderr.splitlines() if "dvc check --notes" in line]
    assert count.startswith("dvc: ") and "ghi chú cho người duy trì" in count


def test_bundled_stale_reminder_names_every_source_after_a_long_time():
    result, lines = check(
        "--stale", "0", str(registry.data_dir("procedures") / "single-status.yaml")
    )
    assert result.exit_code == 0
    warnings = [line for line in result.stderr.splitlines() if ": cảnh báo: " in line]
    checked = yaml.safe_load(
        (registry.data_dir("procedures") / "single-status.yaml").read_text(encoding="utf-8")
    )["sources"]
    # each source of single-status checked before today
    assert len(warnings) == sum(s["checked"] < dt.date.today() for s in checked) >= 8
    assert "nguồn 'portal' (Cổng Dịch vụ công quốc gia, thủ tục 1.004873" in warnings[0]


def test_remarks_reuse_what_check_loaded_only_while_the_file_is_unchanged(demo):
    """check() keeps each clean file's loaded procedure for remarks(); a file changed since is
    loaded again, so its notes are the new ones."""
    note = (
        "maintainer_notes:\n"
        "  - vi: Mẫu của Nguyễn Thị Dung chưa được đối chiếu.\n"
        "    en: Not checked.\n"
    )
    path = demo(DEMO_BODY + note + SOURCES)
    findings, _count = lint.check([path])
    assert findings == []
    assert (path, registry.forms_dir_for(path.parent)) in lint._CLEAN
    notes, _old = lint.remarks([path])
    assert [n.message for n in notes] == ["Mẫu của Nguyễn Thị Dung chưa được đối chiếu."]
    path.write_text(
        DEMO_BODY + note.replace("Nguyễn Thị Dung", "Trương Thị Ánh Tuyết") + SOURCES,
        encoding="utf-8",
    )
    notes, _old = lint.remarks([path])
    assert [n.message for n in notes] == ["Mẫu của Trương Thị Ánh Tuyết chưa được đối chiếu."]


def test_check_leaves_the_garbage_collector_as_it_found_it(demo):
    import gc

    before = gc.get_threshold()
    findings, count = lint.check([demo()])
    assert (findings, count) == ([], 1)
    assert gc.get_threshold() == before
