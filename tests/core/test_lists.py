"""List questions in the engine: items typed by their own answer types, rules per item and
across items, conditions seeing an item's answers, errors naming the item, old answers migrated."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import PROCEDURE_WITH_NAME, SINGLE

from dvc_cli.catalog import procedures
from dvc_cli.core import expressions
from dvc_cli.core.engine import Interview
from dvc_cli.errors import ProcedureError

TODAY = dt.date(2026, 11, 23)
TRUONG_THI = "Phường Trường Thi, thành phố Thanh Hóa, tỉnh Thanh Hóa"
DIEN_BIEN = "Phường Điện Biên, thành phố Thanh Hóa, tỉnh Thanh Hóa"
TWO = [
    {"place": TRUONG_THI, "from": "21/04/2014", "to": "30/06/2018"},
    {"place": DIEN_BIEN, "from": "01/07/2018", "to": "30/06/2022"},
]


def _interview(**changes: object) -> Interview:
    answers = {**SINGLE, "had_other_residence": True, **changes}
    interview = Interview(procedures.load("single-status"), answers, today=TODAY)
    interview.apply_defaults()
    return interview


def _problems(interview: Interview) -> list[str]:
    return [str(p) for p in interview.problems()]


def test_items_are_typed_and_are_ordinary_answers_in_templates():
    interview = _interview(earlier_residences=TWO)
    assert interview.is_complete(), _problems(interview)
    items = interview.value("earlier_residences")
    assert items[1] == {"place": DIEN_BIEN, "from": dt.date(2018, 7, 1), "to": dt.date(2022, 6, 30)}
    ctx = interview.context()
    text = "{{ earlier_residences | length }}: {{ earlier_residences[1].place }} {{ earlier_residences[0].to }}"
    assert expressions.render(text, ctx) == f"2: {DIEN_BIEN} 30/06/2018"
    assert interview.export()["earlier_residences"] == TWO  # as typed, dates dd/mm/yyyy


def test_overlapping_periods_are_refused_naming_the_item():
    overlapping = [TWO[0], {**TWO[1], "from": "01/01/2017"}]
    interview = _interview(earlier_residences=overlapping)
    assert _problems(interview) == [
        "earlier_residences[2].from: các thời gian cư trú phải theo thứ tự và không chồng lên "
        "nhau (nơi này bắt đầu trước khi nơi trước kết thúc)"
    ]
    assert interview.next_question().id == "earlier_residences"


def test_each_period_counts_from_the_age_of_marriage():
    # born 21/04/1996, a woman: marriageable from 21/04/2014
    early = [{"place": TRUONG_THI, "from": "21/04/2008", "to": "20/04/2014"}]
    assert _problems(_interview(earlier_residences=early)) == [
        "earlier_residences[1].to: thời gian này kết thúc trước khi đủ tuổi kết hôn (nam 20, "
        "nữ 18): không cần khai"
    ]
    ok = [{"place": TRUONG_THI, "from": "21/04/2008", "to": "21/04/2014"}]
    assert _interview(earlier_residences=ok).is_complete()


def test_each_item_answer_is_parsed_by_its_type_and_named():
    bad = [TWO[0], {"place": DIEN_BIEN, "from": "31/02/2019"}]
    found = _problems(_interview(earlier_residences=bad))
    assert found[0].startswith("earlier_residences[2].from: ")
    assert found[1] == "earlier_residences[2].to: thiếu câu trả lời bắt buộc"
    unknown = [{**TWO[0], "noi": "x"}]
    assert _problems(_interview(earlier_residences=unknown)) == [
        "earlier_residences[1].noi: không phải câu hỏi của mục này (bỏ qua hoặc sửa tên)"
    ]


def test_how_many_items_and_when_the_list_applies():
    assert _problems(_interview(earlier_residences=[])) == ["earlier_residences: cần ít nhất 1 mục"]
    assert _problems(_interview(earlier_residences=TWO * 6))[-1] == (
        "earlier_residences: nhiều nhất 10 mục"
    )
    not_asked = _interview(had_other_residence=False, earlier_residences=TWO)
    assert not_asked.is_complete()
    assert "earlier_residences" not in not_asked.export()
    asked = _interview()
    assert "earlier_residences: thiếu câu trả lời bắt buộc" in _problems(asked)


def test_a_past_place_item_gets_its_note_by_item():
    interview = _interview(earlier_residences=TWO)
    note = interview.notes()["earlier_residences[1].place"]
    assert "phường Hạc Thành" in note
    assert interview.label_of("earlier_residences[2].to") == "Nơi cư trú trước đây thứ 2 — Đến ngày"


def test_old_answers_with_one_period_become_a_one_item_list():
    old = {
        "confirm_period_place": TRUONG_THI,
        "confirm_period_from": "21/04/2014",
        "confirm_period_to": "30/06/2022",
    }
    interview = _interview(**old)
    assert interview.unknown == []
    assert interview.is_complete(), _problems(interview)
    assert interview.export()["earlier_residences"] == [
        {"place": TRUONG_THI, "from": "21/04/2014", "to": "30/06/2022"}
    ]


def test_checking_one_item_answer_before_it_is_stored():
    interview = _interview()
    items = [TWO[0], {"place": DIEN_BIEN}]
    error = interview.check_item("earlier_residences", items, 1, "from", "01/01/2017")
    assert error is not None and error.question == "earlier_residences[2].from"
    assert interview.check_item("earlier_residences", items, 1, "from", "01/07/2018") is None
    state = interview.item_state("earlier_residences", items, 1)
    assert [q.id for q in state.applicable] == ["place", "from", "to"]


ITEM_WHEN = (
    PROCEDURE_WITH_NAME
    + """\
      - id: household
        type: boolean
        label: Có người cùng chuyển?
      - id: members
        type: list
        when: household
        label: Thành viên cùng chuyển
        item_label: "Thành viên thứ {{ n }}"
        items:
          - id: name
            type: name
            label: Họ tên
          - id: minor
            type: boolean
            label: Dưới 14 tuổi?
          - id: id_number
            when: not minor and full_name
            type: citizen_id
            label: Số định danh
"""
)


def test_an_items_condition_sees_its_answers_and_the_outer_ones(tmp_path: Path):
    path = tmp_path / "demo.yaml"
    path.write_text(ITEM_WHEN, encoding="utf-8")
    proc = procedures.load_file(path, tmp_path)
    items = [
        {"name": "Nguyễn Thị Dung", "minor": True},
        {"name": "Trương Thị Ánh Tuyết", "minor": False},
    ]
    interview = Interview(proc, {"full_name": "Lê Văn Hùng", "household": True, "members": items})
    assert _problems(interview) == ["members[2].id_number: thiếu câu trả lời bắt buộc"]
    assert Interview(proc, {"household": False, "members": items}).problems()[0].question == (
        "full_name"
    )


@pytest.mark.parametrize(
    ("item", "where", "message"),
    [
        ("          - id: keys\n            label: x\n", ":24:17:", "'keys' là tên dành riêng"),
        (
            "          - id: a\n            label: x\n            when: b == 1\n",
            ":26:19: steps.0.questions.1.items.0.when:",
            "tên không có trong thủ tục: b",
        ),
    ],
)
def test_dvc_check_names_the_item_question(tmp_path: Path, item: str, where: str, message: str):
    text = (
        PROCEDURE_WITH_NAME
        + "      - id: things\n        type: list\n        label: Các thứ\n        items:\n"
        + item
    )
    path = tmp_path / "demo.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProcedureError) as caught:
        procedures.load_file(path, tmp_path)
    assert where in str(caught.value)  # the item question's own line
    assert message in str(caught.value)


def test_copy_certification_fees_per_paper_from_the_schedule():
    """2,000 đ a page for pages 1-2, 1,000 đ from page 3, at most 200,000 đ a copy
    (Thông tư 226/2016/TT-BTC, stated in the procedure file), times the copies."""
    papers = [
        {"kind": "giấy khai sinh", "pages": 1, "copies": 3},  # 2,000 × 3
        {"kind": "văn bằng", "pages": 3, "copies": 2},  # (4,000 + 1,000) × 2
        {"kind": "học bạ", "pages": 250, "copies": 1},  # 252,000, capped at 200,000
        {"kind": "khac", "name": "Giấy xác nhận thông tin về cư trú", "pages": 2, "copies": 1},
    ]
    answers = {"full_name": "Nguyễn Thị Dung", "office_kind": "cong_chung", "documents": papers}
    interview = Interview(procedures.load("copy-certification"), answers, today=TODAY)
    interview.apply_defaults()
    assert interview.is_complete(), _problems(interview)
    items = interview.value("documents")
    assert [i["fee"] for i in items] == [6000, 10000, 200000, 4000]
    assert items[3]["title"] == "Giấy xác nhận thông tin về cư trú"
    assert interview.context()["fee_total"] == "220.000 đồng"
    assert "fee" not in interview.export()["documents"][0]  # worked out, not an answer


def test_old_copy_certification_answers_become_one_item_per_paper():
    old = {
        "full_name": "Lê Văn Hùng",
        "office_kind": "cong_chung",
        "doc_count": 2,
        "doc_1_kind": "hộ chiếu",
        "doc_1_pages": 4,
        "doc_1_copies": 1,
        "doc_2_kind": "khac",
        "doc_2_name": "Giấy xác nhận thông tin về cư trú",
        "doc_2_pages": 1,
        "doc_2_copies": 2,
    }
    interview = Interview(procedures.load("copy-certification"), old, today=TODAY)
    interview.apply_defaults()
    assert interview.unknown == [] and interview.is_complete(), _problems(interview)
    assert interview.export()["documents"] == [
        {"kind": "ho_chieu", "pages": 4, "copies": 1},
        {"kind": "khac", "name": "Giấy xác nhận thông tin về cư trú", "pages": 1, "copies": 2},
    ]


MEMBERS_USE = (
    PROCEDURE_WITH_NAME
    + """\
      - id: members
        type: list
        label: Những thành viên trong hộ gia đình cùng thay đổi
        item_label: "Thành viên thứ {{ n }}"
        items:
          - use: full_name
          - use: birth_date
          - use: gender
          - use: id_number
"""
)


def test_item_questions_use_the_shared_ones_checked_against_the_items_own_answers(tmp_path):
    path = tmp_path / "demo.yaml"
    path.write_text(MEMBERS_USE, encoding="utf-8")
    proc = procedures.load_file(path, tmp_path)
    dung = {
        "full_name": "Nguyễn Thị Dung",
        "birth_date": "15/08/1990",
        "gender": "nữ",
        "id_number": "001190012345",
    }
    hung = {**dung, "full_name": "Lê Văn Hùng", "gender": "nam"}  # a woman's number
    interview = Interview(proc, {"full_name": "Trương Thị Ánh Tuyết", "members": [dung, hung]})
    assert [p.question for p in interview.problems()] == ["members[2].id_number"]
    assert "giới tính" in interview.problems()[0].message


def test_a_rule_on_the_whole_list_names_the_list(tmp_path: Path):
    text = ITEM_WHEN.replace(
        "        item_label:",
        "        rules:\n"
        "          - check: members | map(attribute='name') | unique | list | length"
        " == members | length\n"
        "            message: một người được khai hai lần\n"
        "        item_label:",
    )
    path = tmp_path / "demo.yaml"
    path.write_text(text, encoding="utf-8")
    proc = procedures.load_file(path, tmp_path)
    twice = [{"name": "Nguyễn Thị Dung", "minor": True}] * 2
    interview = Interview(proc, {"full_name": "Lê Văn Hùng", "household": True, "members": twice})
    assert _problems(interview) == ["members: một người được khai hai lần"]
    once = twice[:1]
    assert Interview(
        proc, {"full_name": "Lê Văn Hùng", "household": True, "members": once}
    ).is_complete()
