"""The bundled procedures beyond single-status, end to end through ``dvc fill --no-input``.

Every answers file under ``tests/fixtures/<procedure>/`` is a person: it is filled with the CLI
(Typer's CliRunner), must exit 0, and the exact Vietnamese strings its ``expect`` block lists
must appear in the form's text (pypdf, and poppler's pdftotext when installed) and in
checklist.md — and the documents that do not apply to that person must not. A fixture's
``today`` freezes the date (ages, late registration and the form's date depend on it); dvc
ignores both keys, so each fixture is also a plain answers file:

    dvc fill birth-registration --answers tests/fixtures/birth-registration/x.yaml --no-input
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import MAINTAINER_WORDS, flat, pdf_text
from pypdf import PdfReader
from typer.testing import CliRunner

from dvc_cli.catalog import registry
from dvc_cli.cli.main import app
from dvc_cli.core import engine
from dvc_cli.core.validators import parse_date

FIXTURES = Path(__file__).parents[1] / "fixtures"
PROCEDURES = [
    "birth-registration",
    "marriage-registration",
    "death-registration",
    "residence-registration",
    "copy-certification",
]
FORMS = {  # procedure -> the form file it writes (none for copy-certification)
    "birth-registration": "to-khai.pdf",
    "marriage-registration": "to-khai.pdf",
    "death-registration": "to-khai.pdf",
    "residence-registration": "ct01.pdf",
}
CASES = sorted(FIXTURES.glob("*/*.yaml"))


@pytest.fixture(autouse=True)
def _bundled_only(monkeypatch):
    monkeypatch.delenv(registry.ENV_VAR, raising=False)
    registry.reset()
    yield
    registry.reset()


def freeze_today(monkeypatch, day: dt.date) -> None:
    """Make every Interview the CLI creates see ``day`` as today."""
    original = engine.Interview.__init__

    def init(self, procedure, answers=None, *, today=None, **options):
        original(self, procedure, answers, today=today or day, **options)

    monkeypatch.setattr(engine.Interview, "__init__", init)


def load(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def fill(monkeypatch, tmp_path: Path, procedure: str, data: dict[str, Any], name: str = "out"):
    """Write ``data`` as an answers file, freeze its ``today``, run dvc fill; (result, dir)."""
    if data.get("today"):
        freeze_today(monkeypatch, parse_date(data["today"]))
    src = tmp_path / f"{name}.yaml"
    src.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    out = tmp_path / name
    result = CliRunner().invoke(
        app, ["fill", procedure, "--answers", str(src), "--no-input", "--out", str(out)]
    )
    return result, out


def form_texts(path: Path) -> list[str]:
    """The PDF's text, whitespace collapsed: pypdf's, and poppler's in content order."""
    texts = [pdf_text(path)]
    exe = shutil.which("pdftotext")
    if exe:
        out = subprocess.run([exe, "-raw", str(path), "-"], capture_output=True, check=True)
        texts.append(flat(out.stdout.decode("utf-8")))
    return texts


# -- every fixture renders and says what it should -----------------------------------------
def test_every_procedure_has_fixtures():
    for pid in PROCEDURES:
        assert len(list((FIXTURES / pid).glob("*.yaml"))) >= 3, pid


@pytest.mark.parametrize("path", CASES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_fixture_renders(path: Path, tmp_path, monkeypatch):
    procedure = path.parent.name
    data = load(path)
    assert data["procedure"] == procedure
    expect = data.get("expect") or {}
    result, out = fill(monkeypatch, tmp_path, procedure, data)
    assert result.exit_code == 0, result.output

    form = FORMS.get(procedure)
    written = sorted(p.name for p in out.iterdir())
    assert written == sorted(
        ["checklist.md", "checklist.pdf", "answers.yaml", *([form] if form else [])]
    )
    if form:
        for text in form_texts(out / form):
            for wanted in expect.get("form", []):
                assert wanted in text, wanted
            for unwanted in expect.get("form_absent", []):
                assert unwanted not in text, unwanted
            for wanted, count in (expect.get("form_count") or {}).items():
                assert text.count(wanted) == count, wanted
    else:
        assert not expect.get("form")

    md = (out / "checklist.md").read_text(encoding="utf-8")
    for wanted in expect.get("checklist", []):
        assert wanted in md, wanted
    # Documents and places only: the fixed notes below them may name any document.
    personal = md.split("## Lệ phí, thời hạn")[0]
    for unwanted in expect.get("checklist_absent", []):
        assert unwanted not in personal, unwanted
    checklist_pdf = pdf_text(out / "checklist.pdf")
    for wanted in expect.get("checklist_pdf", []):
        assert wanted in checklist_pdf, wanted
    for doubt in MAINTAINER_WORDS:  # maintainers' doubts stay in the procedure file
        assert doubt not in md, doubt
        assert doubt not in checklist_pdf, doubt

    # The saved answers re-render the same form.
    saved = load(out / "answers.yaml")
    assert saved["procedure"] == procedure
    again, out2 = fill(
        monkeypatch, tmp_path, procedure, {**saved, "today": data.get("today")}, "again"
    )
    assert again.exit_code == 0, again.output
    if form:
        assert pdf_text(out2 / form) == pdf_text(out / form)
    assert (out2 / "checklist.md").read_text(encoding="utf-8") == md


def test_fixtures_cover_every_choice_and_branch():
    """Each answer that drives a condition takes each of its values in some fixture."""
    from dvc_cli.catalog import procedures
    from dvc_cli.store import answers_file

    seen: dict[str, set[Any]] = {}
    for path in CASES:
        proc = procedures.load(path.parent.name)
        interview = engine.Interview(
            proc, answers_file.read(path, proc.id), today=parse_date(load(path)["today"])
        )
        interview.apply_defaults()
        assert interview.is_complete(), (path, interview.problems())
        for key, value in interview.answers().items():
            if isinstance(value, list):  # a list question: how many items
                value = len(value)
            seen.setdefault(f"{proc.id}:{key}", set()).add(value)
    wanted = {
        "birth-registration:father_status": {"da_ket_hon", "nhan_con", "chua_xac_dinh"},
        "birth-registration:has_birth_certificate": {True, False},
        "birth-registration:birth_proof": {"lam_chung", "cam_doan"},
        "birth-registration:birth_place_kind": {"co_so_y_te", "ngoai_co_so_y_te"},
        "birth-registration:father_same_residence": {True, False},
        "birth-registration:register_at": {"cha"},
        "birth-registration:requester_relationship": {"me", "cha", "ong_ba", "uy_quyen"},
        "marriage-registration:register_at": {"ben_nu", "ben_nam"},
        "marriage-registration:bride_marriage_number": {1, 2},
        "marriage-registration:groom_marriage_number": {1, 2},
        "marriage-registration:bride_previous_end": {"ly_hon"},
        "marriage-registration:groom_previous_end": {"vo_chong_chet"},
        "marriage-registration:groom_id_type": {"the_can_cuoc", "cccd"},
        "death-registration:death_notice_kind": {"giay_bao_tu", "xac_nhan_ubnd", "cong_an"},
        "death-registration:death_place_kind": {"co_so_y_te", "noi_cu_tru", "noi_khac"},
        "death-registration:has_id": {True, False},
        "death-registration:requester_same_residence": {True, False},
        "death-registration:requester_relationship": {"vo_chong", "con", "uy_quyen"},
        "residence-registration:registration_kind": {"thuong_tru", "tam_tru"},
        "residence-registration:home_kind": {"so_huu", "nguoi_than", "thue_muon"},
        "residence-registration:join_household": {True, False},
        "residence-registration:members": {0, 1, 2},
        "residence-registration:guardian_relationship": {"me"},
        "residence-registration:child_with_guardian": {True},
        "copy-certification:office_kind": {"ubnd_xa", "cong_chung"},
        "copy-certification:documents": {1, 2, 3},
        "copy-certification:has_photocopies": {True, False},
        "copy-certification:foreign_legalised": {True, False},
    }
    for key, values in wanted.items():
        assert values <= seen.get(key, set()), (key, values - seen.get(key, set()))


@pytest.mark.parametrize("path", CASES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_interview_question_by_question(path: Path):
    """As the interactive interview does: one question at a time from nothing, defaults and
    the checklist evaluated after each answer; no state in between may break a condition."""
    from dvc_cli.catalog import procedures
    from dvc_cli.core import checklist, lists
    from dvc_cli.store import answers_file

    proc = procedures.load(path.parent.name)
    given = lists.migrate(proc.model.migrate, answers_file.read(path, proc.id))  # old files
    interview = engine.Interview(proc, {}, today=parse_date(load(path)["today"]))
    asked = []
    while (q := interview.next_question()) is not None:
        assert q.id not in asked, q.id
        asked.append(q.id)
        default = interview.default_for(q)
        checklist.build(interview)
        raw = given.get(q.id, default)
        if raw is None and q.type == "list":  # "Có … nào không?" answered no: no items
            raw = []
        interview.answer(q.id, "" if raw is None else raw)
    assert interview.is_complete()
    assert set(given) <= set(asked), set(given) - set(asked)  # no answer left unused


# -- the same shared answers everywhere ----------------------------------------------------
def test_shared_answers_use_the_same_definitions():
    """full_name, birth_date, id_number and residence keep their ids and validators."""
    from dvc_cli.catalog import procedures

    single = procedures.load("single-status").questions
    for pid in ["death-registration", "residence-registration"]:
        qs = procedures.load(pid).questions
        for qid in ("full_name", "birth_date", "gender", "id_number", "residence_province"):
            mine, theirs = qs[qid], single[qid]
            assert (mine.type, mine.gender_question, mine.birth_date_question) == (
                theirs.type,
                theirs.gender_question,
                theirs.birth_date_question,
            ), (pid, qid)
        assert qs["residence_commune"].province_question == "residence_province"
    marriage = procedures.load("marriage-registration").questions
    assert marriage["groom_id_number"].type == "citizen_id"
    assert marriage["groom_id_number"].birth_date_question == "groom_birth_date"
    assert marriage["bride_residence_commune"].province_question == "bride_residence_province"
    assert procedures.load("residence-registration").questions["phone"].type == "phone"


# -- answers the procedures refuse ---------------------------------------------------------
def fixture(procedure: str, stem: str) -> dict[str, Any]:
    return load(FIXTURES / procedure / f"{stem}.yaml")


def refused(monkeypatch, tmp_path, procedure: str, data: dict[str, Any], *messages: str):
    result, out = fill(monkeypatch, tmp_path, procedure, data)
    assert result.exit_code == 1, result.output
    for message in messages:
        assert message in result.stderr, (message, result.stderr)
    assert not out.exists()
    assert "Traceback" not in result.output


def test_marriage_man_under_20_on_the_registration_date(monkeypatch, tmp_path):
    data = fixture("marriage-registration", "dung-hung-first-marriage")
    data["answers"].update(groom_birth_date="01/01/2007", groom_id_number="001207012345")
    refused(
        monkeypatch,
        tmp_path,
        "marriage-registration",
        data,
        "groom_birth_date: bên nam chưa đủ 20 tuổi vào ngày đăng ký kết hôn "
        "(Luật Hôn nhân và gia đình, Điều 8)",
    )


def test_marriage_woman_under_18_before_her_birthday(monkeypatch, tmp_path):
    # Valid on 15/12/2026 (the fixture: she turns 18 on 10/12/2026), refused a week earlier.
    data = fixture("marriage-registration", "tuyet-widower-registers-at-groom")
    data["answers"]["registration_date"] = "03/12/2026"
    refused(
        monkeypatch,
        tmp_path,
        "marriage-registration",
        data,
        "bride_birth_date: bên nữ chưa đủ 18 tuổi vào ngày đăng ký kết hôn",
    )


def test_marriage_parties_must_be_two_people(monkeypatch, tmp_path):
    data = fixture("marriage-registration", "dung-hung-first-marriage")
    # Born the same year, so only the identity check can refuse the number.
    data["answers"].update(
        groom_birth_date="03/09/1995", groom_id_number=data["answers"]["bride_id_number"]
    )
    refused(
        monkeypatch,
        tmp_path,
        "marriage-registration",
        data,
        "groom_id_number: trùng số định danh cá nhân của bên nữ — hai bên phải là hai người khác nhau",
    )


def test_marriage_id_gender_digit_and_past_date(monkeypatch, tmp_path):
    data = fixture("marriage-registration", "dung-hung-first-marriage")
    data["answers"].update(bride_id_number="001095012345", registration_date="01/11/2026")
    refused(
        monkeypatch,
        tmp_path,
        "marriage-registration",
        data,
        "bride_id_number: chữ số thứ 4 của số định danh là của người giới tính nam",
        "registration_date: ngày đăng ký không thể ở quá khứ",
    )


def test_birth_parents_ids_and_dates(monkeypatch, tmp_path):
    data = fixture("birth-registration", "dung-on-time-married")
    data["answers"].update(
        mother_birth_date="15/08/2027",
        father_birth_date="03/09/1995",  # the mother's birth year: only identity can fail
        father_id_number=data["answers"]["mother_id_number"],
    )
    refused(
        monkeypatch,
        tmp_path,
        "birth-registration",
        data,
        "mother_birth_date: ngày ở tương lai",
        "father_id_number: trùng số định danh của người mẹ",
    )


def test_birth_no_father_cannot_be_filed_by_the_father(monkeypatch, tmp_path):
    data = fixture("birth-registration", "tuyet-late-no-father-witness")
    data["answers"]["requester_relationship"] = "cha"
    refused(
        monkeypatch,
        tmp_path,
        "birth-registration",
        data,
        "requester_relationship: chưa xác định được người cha thì người đi khai sinh không thể là cha",
    )


def test_death_date_between_birth_and_today(monkeypatch, tmp_path):
    data = fixture("death-registration", "hung-hospital-on-time")
    data["answers"]["death_date"] = "01/01/1939"
    refused(
        monkeypatch,
        tmp_path,
        "death-registration",
        data,
        "death_date: ngày chết không thể trước ngày sinh",
    )
    data["answers"]["death_date"] = "25/11/2026"
    refused(monkeypatch, tmp_path, "death-registration", data, "death_date: ngày ở tương lai")


def test_residence_temporary_stay_at_most_two_years(monkeypatch, tmp_path):
    data = fixture("residence-registration", "an-student-temporary-rented")
    data["answers"]["stay_until"] = "30/06/2029"
    refused(
        monkeypatch,
        tmp_path,
        "residence-registration",
        data,
        "stay_until: thời hạn tạm trú tối đa 02 năm",
    )


def test_residence_phone_and_head_of_household(monkeypatch, tmp_path):
    data = fixture("residence-registration", "hung-family-joins-household")
    data["answers"].update(
        phone="0212345678", household_head_id_number=data["answers"]["id_number"]
    )
    refused(
        monkeypatch,
        tmp_path,
        "residence-registration",
        data,
        "phone: đầu số 021 không phải đầu số di động Việt Nam",
        "household_head_id_number: trùng số định danh của người đăng ký",
    )


def test_copy_certification_refuses_damaged_originals(monkeypatch, tmp_path):
    data = fixture("copy-certification", "tuyet-two-papers-commune")
    data["answers"]["originals_ok"] = "không"
    refused(
        monkeypatch,
        tmp_path,
        "copy-certification",
        data,
        "originals_ok: không chứng thực được bản sao từ bản chính bị tẩy xóa",
    )


# -- a procedure with no form --------------------------------------------------------------
def test_copy_certification_writes_only_checklist_and_answers(monkeypatch, tmp_path):
    data = fixture("copy-certification", "tuyet-two-papers-commune")
    result, out = fill(monkeypatch, tmp_path, "copy-certification", data)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "answers.yaml",
        "checklist.md",
        "checklist.pdf",
    ]
    assert "Danh sách giấy tờ — Chứng thực bản sao từ bản chính" in result.stdout
    assert "to-khai.pdf" not in result.stdout
    result = CliRunner().invoke(
        app,
        ["fill", "copy-certification", "--answers", str(out / "answers.yaml"), "--no-input",
         "--editable", "--out", str(tmp_path / "editable")],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    show = CliRunner().invoke(app, ["show", "copy-certification"])
    assert show.exit_code == 0 and "Bản chính" in show.stdout


# -- templates ------------------------------------------------------------------------------
@pytest.mark.parametrize("procedure", sorted(FORMS))
def test_templates_are_a4_with_vietnamese_field_font(procedure):
    from dvc_cli.catalog import procedures

    proc = procedures.load(procedure)
    (out,) = proc.model.outputs
    reader = PdfReader(proc.template_path(out.template))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    acro = reader.trailer["/Root"]["/AcroForm"]
    font = acro["/DR"]["/Font"]["/NotoSerif"].get_object()
    assert font["/Subtype"] == "/Type0" and font["/Encoding"] == "/Identity-H"
    from dvc_cli.render import form_lists

    # every field is filled: by a template of `fields`, or as a row of a list's table
    assert sorted(reader.get_fields()) == sorted([*out.fields, *form_lists.field_names(out)])


@pytest.mark.parametrize(
    ("procedure", "field", "text"),
    [
        # a commune and province of ~60 characters, an address of ~120 with them
        ("birth-registration", "kinh_gui", "Ủy ban nhân dân phường Xuân Hương - Đà Lạt, tỉnh Lâm Đồng"),
        ("birth-registration", "birth_place", "Bệnh viện Sản - Nhi tỉnh Quảng Ngãi, " + "x" * 40 + ", xã Nghĩa Hành, tỉnh Quảng Ngãi"),
        ("birth-registration", "mother_residence", "Số 123/45 đường Nguyễn Văn Cừ nối dài, khu dân cư số 7, tổ dân phố 12, phường Xuân Hương - Đà Lạt, tỉnh Lâm Đồng"),
        ("marriage-registration", "bride_residence", "Số 123/45 đường Nguyễn Văn Cừ nối dài, khu dân cư số 7, tổ dân phố 12, phường Xuân Hương - Đà Lạt, tỉnh Lâm Đồng"),
        ("marriage-registration", "groom_id_doc", "Căn cước công dân số 001092012345, cấp ngày 20/03/2021, nơi cấp: Cục Cảnh sát quản lý hành chính về trật tự xã hội"),
        ("marriage-registration", "bride_name", "TÔN NỮ THỊ HOÀNG PHƯƠNG THẢO"),
        ("death-registration", "death_place", "Bệnh viện Đa khoa Trung ương Cần Thơ, Số 315 đường Nguyễn Văn Linh, phường Tân An, thành phố Cần Thơ"),
        ("death-registration", "death_notice", "Văn bản xác nhận của cơ quan công an hoặc kết quả giám định pháp y số 125/GĐPY, cấp ngày 03/11/2026, cơ quan cấp: Trung tâm Pháp y tỉnh Thanh Hóa"),
        ("residence-registration", "request", "Đăng ký thường trú cùng 3 thành viên hộ gia đình ghi ở mục 11 vào hộ gia đình có chủ hộ là TÔN NỮ THỊ HOÀNG PHƯƠNG THẢO tại Số 123/45 đường Nguyễn Văn Cừ nối dài, khu dân cư số 7, tổ dân phố 12, phường Xuân Hương - Đà Lạt, tỉnh Lâm Đồng."),
        ("residence-registration", "owner_signer", "TÔN NỮ THỊ HOÀNG PHƯƠNG THẢO"),
        ("residence-registration", "signer_name", "TÔN NỮ THỊ HOÀNG PHƯƠNG THẢO NGUYỄN NGỌC BẢO AN"),  # 47 letters
        ("residence-registration", "member_name_1", "TÔN NỮ THỊ HOÀNG PHƯƠNG THẢO"),
        ("residence-registration", "sign_place", "phường Văn Miếu - Quốc Tử Giám"),  # the longest
        ("death-registration", "sign_place", "phường Văn Miếu - Quốc Tử Giám"),
    ],
)  # fmt: skip
def test_long_values_fit_their_fields(procedure, field, text):
    from dvc_cli.catalog import procedures
    from dvc_cli.render import pdf_form

    proc = procedures.load(procedure)
    (out,) = proc.model.outputs
    pdf = pdf_form.render_form(proc.template_path(out.template), {field: text})
    assert pdf.startswith(b"%PDF")


def test_checklist_names_the_person_by_their_role(monkeypatch, tmp_path):
    result, out = fill(
        monkeypatch,
        tmp_path,
        "death-registration",
        fixture("death-registration", "hung-hospital-on-time"),
    )
    assert result.exit_code == 0, result.output
    md = (out / "checklist.md").read_text(encoding="utf-8")
    assert "Người đã chết: **" in md and "Người được cấp" not in md
