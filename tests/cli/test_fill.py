"""`dvc fill single-status --no-input`: PDFs, checklists and answers files end to end."""

from __future__ import annotations

import datetime as dt
import stat
import unicodedata

import pytest
import yaml
from conftest import DIVORCED, SINGLE, WIDOWED, invoke, pdf_text, pdftotext, write_answers

TODAY = dt.date.today()


def _texts(path):
    """The PDF's text by every extractor available."""
    texts = [pdf_text(path)]
    poppler = pdftotext(path)
    if poppler is not None:
        texts.append(poppler)
    return texts


def test_single_person_form_text(fill):
    result, out = fill(SINGLE)
    assert result.exit_code == 0, result.output
    for text in _texts(out / "to-khai.pdf"):
        assert "TỜ KHAI CẤP GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN" in text
        assert "Ủy ban nhân dân phường Hạc Thành, tỉnh Thanh Hóa" in text
        assert "TRƯƠNG THỊ ÁNH TUYẾT" in text
        assert "21/04/1996" in text
        assert "Nữ" in text
        assert "Kinh" in text
        assert "Việt Nam" in text
        assert "Số 27 phố Lê Hoàn, tổ dân phố 5, phường Hạc Thành, tỉnh Thanh Hóa" in text
        assert "Thẻ căn cước số 038196004521, cấp ngày 12/07/2024, nơi cấp: Bộ Công an" in text
        assert "Hiện tại chưa đăng ký kết hôn với ai." in text
        assert "Để bổ sung hồ sơ vay vốn ngân hàng" in text
        assert f"{TODAY:%d}" in text and str(TODAY.year) in text


def test_divorced_person_form_text(fill):
    result, out = fill(DIVORCED)
    assert result.exit_code == 0, result.output
    for text in _texts(out / "to-khai.pdf"):
        assert "NGUYỄN THỊ DUNG" in text
        assert (
            "Đã đăng ký kết hôn, nhưng đã ly hôn theo Quyết định ly hôn số 25/2020/QĐST-HNGĐ "
            "ngày 05 tháng 03 năm 2020 của Tòa án nhân dân quận Hoàn Kiếm, thành phố Hà Nội; "
            "hiện tại chưa đăng ký kết hôn với ai."
        ) in text
        assert (
            "Để đăng ký kết hôn với ông TRẦN VĂN MINH, sinh năm 1988, quốc tịch Việt Nam." in text
        )
        assert "Ủy ban nhân dân phường Hoàn Kiếm, thành phố Hà Nội" in text


def test_widowed_person_form_text(fill):
    result, out = fill(WIDOWED)
    assert result.exit_code == 0, result.output
    for text in _texts(out / "to-khai.pdf"):
        assert "LÊ VĂN HÙNG" in text
        assert "Nam" in text
        assert (
            "Đã đăng ký kết hôn, nhưng vợ đã chết (Trích lục khai tử số 45/TLKT do Ủy ban nhân "
            "dân phường Bến Nghé cấp ngày 10 tháng 10 năm 2019); hiện tại chưa đăng ký kết hôn "
            "với ai."
        ) in text
        assert "Ủy ban nhân dân phường Sài Gòn, thành phố Hồ Chí Minh" in text


def test_checklists_differ_by_status(fill):
    _, single = fill(SINGLE, name="single")
    _, divorced = fill(DIVORCED, name="divorced")
    _, widowed = fill(WIDOWED, name="widowed")
    md = {
        k: (v / "checklist.md").read_text(encoding="utf-8")
        for k, v in {"single": single, "divorced": divorced, "widowed": widowed}.items()
    }
    divorce_line = "Quyết định ly hôn số 25/2020/QĐST-HNGĐ ngày 05/03/2020"
    death_line = (
        "Trích lục khai tử số 45/TLKT do Ủy ban nhân dân phường Bến Nghé cấp ngày 10/10/2019"
    )
    assert divorce_line in md["divorced"] and "Bản sao, 01 bản" in md["divorced"]
    assert divorce_line not in md["single"] and divorce_line not in md["widowed"]
    assert death_line in md["widowed"]
    assert death_line not in md["single"] and death_line not in md["divorced"]
    for text in md.values():
        assert "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân" in text
        assert "Thông tư 04/2020/TT-BTP" in text
        assert "03 ngày làm việc" in text
        assert "Văn bản ủy quyền" not in text
    assert "Trung tâm phục vụ hành chính công phường Hạc Thành, tỉnh Thanh Hóa" in md["single"]
    # the PDF checklist says the same
    assert divorce_line in pdf_text(divorced / "checklist.pdf")
    assert death_line in pdf_text(widowed / "checklist.pdf")
    assert "Quyết định ly hôn" not in pdf_text(single / "checklist.pdf")


def test_earlier_residence_and_proxy_appear_only_when_they_apply(fill):
    # an answers file from before earlier residences were a list: its one period still loads
    answers = {
        **SINGLE,
        "had_other_residence": "có",
        "confirm_period_place": "Phường Trường Thi, tỉnh Nam Định (cũ)",
        "confirm_period_from": "21/04/2014",
        "confirm_period_to": "30/06/2022",
        "requester_is_subject": "không",
        "requester_name": "Trương Văn Bình",
        "requester_relationship": "cha/mẹ",
        "requester_residence": "Số 27 phố Lê Hoàn, phường Hạc Thành, tỉnh Thanh Hóa",
        "requester_id_number": "038066000123",
    }
    result, out = fill(answers)
    assert result.exit_code == 0, result.output
    md = (out / "checklist.md").read_text(encoding="utf-8")
    assert (
        "trong thời gian cư trú tại Phường Trường Thi, tỉnh Nam Định (cũ) (từ 21/04/2014 đến 30/06/2022)"
        in md
    )
    assert "bạn KHÔNG phải tự về Phường Trường Thi, tỉnh Nam Định (cũ)" in md
    assert "Văn bản ủy quyền" in md
    assert "Không cần chứng thực, vì người đi nộp là cha/mẹ" in md
    text = pdf_text(out / "to-khai.pdf")
    assert "TRƯƠNG VĂN BÌNH" in text
    assert "Cha/mẹ" in text
    assert "Phường Trường Thi, tỉnh Nam Định (cũ)" in text
    # Nam Định's Phường Trường Thi kept its name in Ninh Bình, which now holds its records
    office = "Ủy ban nhân dân phường Trường Thi, tỉnh Ninh Bình"
    assert f"Hồ sơ của nơi đó nay do {office} lưu giữ" in " ".join(md.split())


EARLIER = {**SINGLE, "had_other_residence": "có"}


def _at(place: str) -> dict:
    """One earlier residence at ``place`` (a list of one item)."""
    return {"earlier_residences": [{"place": place, "from": "21/04/2014", "to": "30/06/2022"}]}


def _said(path):
    """The checklist's text on one line (Markdown and PDF wrap it differently)."""
    text = path.read_text(encoding="utf-8") if path.suffix == ".md" else pdf_text(path)
    return " ".join(text.split())


def test_a_past_place_stays_as_typed_and_the_checklist_names_who_holds_its_records(fill):
    place = "Phường Trường Thi, thành phố Thanh Hóa, tỉnh Thanh Hóa"
    result, out = fill({**EARLIER, **_at(place)})
    assert result.exit_code == 0, result.stderr
    for text in _texts(out / "to-khai.pdf"):
        assert place in text  # the form: as named at the time
        assert "lưu giữ" not in text  # the office is the checklist's, not the form's
    office = "Ủy ban nhân dân phường Hạc Thành, tỉnh Thanh Hóa"
    for path in (out / "checklist.md", out / "checklist.pdf"):
        said = _said(path)
        assert f"trong thời gian cư trú tại {place} (từ 21/04/2014" in said
        assert f"bạn KHÔNG phải tự về {place}:" in said
        assert f"Hồ sơ của nơi đó nay do {office} lưu giữ" in said
    assert (
        f"earlier_residences[1].place: ghi như đã nhập; hồ sơ của nơi đó nay do {office}"
        in result.stderr
    )
    saved = yaml.safe_load((out / "answers.yaml").read_text(encoding="utf-8"))
    assert saved["answers"]["earlier_residences"][0]["place"] == place


def test_a_split_past_place_names_the_candidates(fill):
    place = "Phường Đông Thọ, thành phố Thanh Hóa, tỉnh Thanh Hóa"
    result, out = fill({**EARLIER, **_at(place)})
    assert result.exit_code == 0, result.stderr  # no choice to make: the place stays as typed
    offices = (
        "Ủy ban nhân dân phường Hàm Rồng hoặc phường Hạc Thành, tỉnh Thanh Hóa (tùy địa chỉ cụ thể)"
    )
    assert f"Hồ sơ của nơi đó nay do {offices} lưu giữ" in _said(out / "checklist.md")
    assert f"Hồ sơ của nơi đó nay do {offices} lưu giữ" in _said(out / "checklist.pdf")
    assert place in pdf_text(out / "to-khai.pdf")


@pytest.mark.parametrize(
    "place",
    [
        "Thị trấn Bông Sen, huyện Hoa Lư, tỉnh Hoa Sen",  # no such place in the table
        "Quận Shinjuku, Tokyo, Nhật Bản",  # abroad
    ],
)
def test_an_unknown_past_place_is_accepted_and_no_office_is_named(fill, place):
    result, out = fill({**EARLIER, **_at(place)})
    assert result.exit_code == 0, result.stderr
    assert (
        "earlier_residences[1].place: không có trong bảng đơn vị hành chính: ghi như đã nhập, nhưng "
        "danh sách giấy tờ không nêu được nơi nay lưu giữ hồ sơ"
    ) in result.stderr
    said = _said(out / "checklist.md")
    assert f"bạn KHÔNG phải tự về {place}:" in said
    assert "Hồ sơ của nơi đó nay do" not in said
    assert place in pdf_text(out / "to-khai.pdf")


def test_the_english_checklist_names_the_office_too(tmp_path):
    place = "Phường Trường Thi, thành phố Thanh Hóa, tỉnh Thanh Hóa"
    src = write_answers(tmp_path / "a.yaml", {**EARLIER, **_at(place)})
    out = tmp_path / "out"
    args = ("--lang", "en", "fill", "single-status", "--answers", str(src), "--no-input")
    result = invoke(*args, "--out", str(out))
    assert result.exit_code == 0, result.stderr
    office = "the People's Committee of phường Hạc Thành, tỉnh Thanh Hóa"
    assert (
        f"earlier_residences[1].place: written as typed; the records of that place are now kept by {office}"
        in (result.stderr)
    )
    said = _said(out / "checklist.md")
    assert f"go back to {place} yourself" in said
    assert f"The records of that place are now kept by {office}: the request" in said
    assert (
        "The records of that place are now kept by the People's Committee of phường Hạc Thành, "
        "tỉnh Thanh Hóa"
    ) in _said(out / "checklist.md")


def test_answers_file_round_trip_and_private(fill, tmp_path):
    result, out = fill(DIVORCED)
    assert result.exit_code == 0, result.output
    saved = out / "answers.yaml"
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    data = yaml.safe_load(saved.read_text(encoding="utf-8"))
    assert data["procedure"] == "single-status"
    assert data["answers"]["marital_status"] == "da_ly_hon"
    assert data["answers"]["id_number"] == "001190012345"
    assert data["answers"]["residence_commune"] == "Phường Hoàn Kiếm"
    assert "spouse_name" not in data["answers"]  # not applicable: not written
    # re-render from the saved file gives the same form text
    from conftest import invoke

    again = tmp_path / "again"
    result = invoke(
        "fill", "single-status", "--answers", str(saved), "--no-input", "--out", str(again)
    )
    assert result.exit_code == 0, result.output
    assert pdf_text(again / "to-khai.pdf") == pdf_text(out / "to-khai.pdf")


def test_missing_and_invalid_answers_exit_1_and_write_nothing(fill):
    answers = {**SINGLE, "birth_date": "31/02/1996", "id_number": "038096004521"}
    del answers["residence_commune"]
    answers["colour"] = "blue"
    result, out = fill(answers)
    assert result.exit_code == 1
    err = result.stderr
    assert "birth_date: không phải ngày có thật trong lịch" in err
    assert "residence_commune: thiếu câu trả lời bắt buộc" in err
    assert "colour: không phải câu hỏi của thủ tục này" in err
    assert "038096004521" not in err  # ID numbers are never echoed
    assert "Traceback" not in result.output
    assert not out.exists()


def test_id_number_must_agree_with_gender_and_birth_year(fill):
    result, out = fill({**SINGLE, "id_number": "038096004521"})
    assert result.exit_code == 1
    assert "id_number: chữ số thứ 4 (0) là của người giới tính nam" in result.stderr
    result, out = fill({**SINGLE, "id_number": "038195004521"}, name="year")
    assert result.exit_code == 1
    assert "chữ số thứ 5-6 phải là hai số cuối của năm sinh đã khai" in result.stderr
    result, out = fill({**SINGLE, "id_number": "999196004521"}, name="province")
    assert "3 số đầu (999) không phải mã tỉnh" in result.stderr


def test_commune_must_belong_to_province(fill):
    result, out = fill({**SINGLE, "residence_commune": "Phường Hoàn Kiếm"})
    assert result.exit_code == 1
    assert "Thanh Hóa không có xã/phường/đặc khu 'Phường Hoàn Kiếm'" in result.stderr
    assert "Phường Hoàn Kiếm (Thành phố Hà Nội)" in result.stderr


def test_an_old_commune_is_converted_with_a_notice(fill):
    result, out = fill({**SINGLE, "residence_commune": "P. Trường Thi"})
    assert result.exit_code == 0, result.stderr
    notice = "Phường Trường Thi (cũ, TP Thanh Hóa) → Phường Hạc Thành, tỉnh Thanh Hóa"
    assert notice in result.stderr
    assert "phường Hạc Thành, tỉnh Thanh Hóa" in pdf_text(out / "to-khai.pdf")


def test_future_birth_date_rejected(fill):
    future = (TODAY + dt.timedelta(days=40)).strftime("%d/%m/%Y")
    result, _ = fill({**SINGLE, "birth_date": future})
    assert result.exit_code == 1
    assert "birth_date: ngày ở tương lai" in result.stderr


def test_nfd_input_is_normalised(fill):
    nfd = {
        k: unicodedata.normalize("NFD", v) if isinstance(v, str) else v for k, v in SINGLE.items()
    }
    assert nfd["full_name"] != SINGLE["full_name"]
    result, out = fill(nfd)
    assert result.exit_code == 0, result.output
    text = pdf_text(out / "to-khai.pdf")
    assert "TRƯƠNG THỊ ÁNH TUYẾT" in text
    assert unicodedata.normalize("NFD", "TRƯƠNG") not in text
    saved = yaml.safe_load((out / "answers.yaml").read_text(encoding="utf-8"))
    assert saved["answers"]["full_name"] == "Trương Thị Ánh Tuyết"


@pytest.mark.parametrize("label", ["da ly hon", "Đã ly hôn", "DA_LY_HON", "ly hôn"])
def test_choice_accepts_id_or_label_accent_insensitively(fill, label):
    result, out = fill({**DIVORCED, "marital_status": label})
    assert result.exit_code == 0, result.output


def test_marriage_purpose_rules(fill):
    result, _ = fill({**DIVORCED, "copies": 2})
    assert result.exit_code == 1
    assert "copies: với mục đích kết hôn chỉ được cấp 01 bản" in result.stderr
    result, _ = fill(
        {
            **SINGLE,
            # 16 years old today, whatever the year the tests run in
            "birth_date": f"01/01/{TODAY.year - 16}",
            "id_number": f"0383{(TODAY.year - 16) % 100:02d}004521",
            "id_issue_date": f"01/02/{TODAY.year - 2}",
            "purpose": "ket_hon",
            "partner_name": "Trần Văn Minh",
            "partner_birth_date": "02/01/2000",
        },
        name="young",
    )
    assert result.exit_code == 1
    assert "purpose: chưa đủ tuổi kết hôn" in result.stderr


def test_editable_output_keeps_fields(fill):
    from pypdf import PdfReader

    result, out = fill(SINGLE, "--editable")
    assert result.exit_code == 0, result.output
    fields = PdfReader(out / "to-khai.pdf").get_fields()
    assert fields["full_name"]["/V"] == "TRƯƠNG THỊ ÁNH TUYẾT"
    assert fields["marital_status_text"]["/V"] == "Hiện tại chưa đăng ký kết hôn với ai."


def test_default_output_folder_is_private_and_holds_no_name(
    tmp_path, runner, monkeypatch, data_dir
):
    from conftest import write_answers

    from dvc_cli.cli.main import app

    monkeypatch.chdir(tmp_path)
    src = write_answers(tmp_path / "a.yaml", SINGLE)
    for _ in range(2):
        result = runner.invoke(app, ["fill", "single-status", "--answers", str(src), "--no-input"])
        assert result.exit_code == 0, result.output
    base = f"single-status-{TODAY:%Y%m%d}"
    first, second = data_dir / "ho-so" / base, data_dir / "ho-so" / f"{base}-2"
    assert (first / "to-khai.pdf").is_file()
    assert (second / "to-khai.pdf").is_file()
    assert not (tmp_path / "dvc-output").exists()
    for folder in (data_dir, data_dir / "ho-so", first, second):
        assert folder.stat().st_mode & 0o777 == 0o700, folder
    assert (first / "answers.yaml").stat().st_mode & 0o777 == 0o600
    assert "Đã tạo" in result.stdout and str(second) in result.stdout.replace("\n", "")


def test_out_folder_created_by_dvc_is_owner_only(fill):
    result, out = fill(SINGLE)
    assert result.exit_code == 0, result.output
    assert out.stat().st_mode & 0o777 == 0o700
    assert (out / "answers.yaml").stat().st_mode & 0o777 == 0o600


def test_character_the_font_lacks_is_a_clear_error(fill):
    result, out = fill({**SINGLE, "purpose_detail": "Để nộp hồ sơ du học 中国"})
    assert result.exit_code == 1
    # refused at the answer (as the interview would), naming the question
    assert "  - purpose_detail: phông chữ của tờ khai không in được ký tự '中' (U+4E2D)\n" in (
        result.stderr
    )
    assert "Traceback" not in result.output
    assert not out.exists()


def test_longest_allowed_answers_still_fit_the_form(fill):
    """Answer length limits are set so that every valid answer fits its box."""
    long = {
        **DIVORCED,
        "full_name": ("Tôn Nữ Hoàng Thị Phương " * 3)[:50],
        "residence_address": ("Số 1234 đường Nguyễn Thị Minh Khai, tổ dân phố " * 3)[:120],
        "divorce_ref": "1234567/2020/QĐST-HNGĐ-" + "X" * 17,
        "divorce_court": ("Tòa án nhân dân khu vực " * 6)[:120],
        "marriage_place": ("Ủy ban nhân dân xã Ea Kiết " * 6)[:120],
        "partner_name": "Công Tằng Tôn Nữ Hoàng Thị Phương Thảo Minh",
    }
    result, out = fill(long)
    assert result.exit_code == 0, result.output
    assert "TÔN NỮ HOÀNG THỊ PHƯƠNG" in pdf_text(out / "to-khai.pdf")


def test_value_too_long_for_the_form_names_the_answers_behind_it(fill, monkeypatch):
    from dvc_cli.render import pdf_form

    def too_long(template, values, editable=False, continuation=None):
        raise pdf_form.FormRenderError(
            "trường 'purpose': nội dung quá dài cho ô trên mẫu", "purpose"
        )

    monkeypatch.setattr(pdf_form, "render_form", too_long)
    result, out = fill(SINGLE)
    assert result.exit_code == 1 and not out.exists()
    assert (
        "  - gender, purpose, purpose_detail: trường 'purpose': nội dung quá dài cho ô trên mẫu"
        in result.stderr
    )
