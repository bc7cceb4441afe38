"""A list question in answers files and drafts: a YAML list of mappings, read back the same;
an old answers file or draft with the one period of single-status (``confirm_period_*``) loads
as a one-item list (the procedure's ``migrate``)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml
from conftest import SINGLE

from dvc_cli.catalog import procedures
from dvc_cli.core.engine import Interview
from dvc_cli.store import answers_file, drafts

TRUONG_THI = "Phường Trường Thi, thành phố Thanh Hóa, tỉnh Thanh Hóa"
ITEMS = [
    {"place": TRUONG_THI, "from": "21/04/2014", "to": "30/06/2018"},
    {
        "place": "Xã Quảng Tâm, thành phố Thanh Hóa, tỉnh Thanh Hóa",
        "from": "01/07/2018",
        "to": "30/06/2022",
    },
]


def _interview(answers):
    interview = Interview(procedures.load("single-status"), answers, today=dt.date(2026, 11, 23))
    interview.apply_defaults()
    return interview


def test_a_yaml_list_of_mappings_is_read_and_written_back(tmp_path: Path):
    path = tmp_path / "a.yaml"
    path.write_text(
        "procedure: single-status\nanswers:\n  had_other_residence: true\n"
        "  earlier_residences:\n"
        f"    - {{place: '{TRUONG_THI}', from: 2014-04-21, to: 30/06/2018}}\n"
        f"    - place: {ITEMS[1]['place']}\n      from: 01/07/2018\n      to: 30/06/2022\n",
        encoding="utf-8",
    )
    read = answers_file.read(path, "single-status")
    assert read["earlier_residences"] == ITEMS  # a YAML date as dd/mm/yyyy, like any answer
    interview = _interview({**SINGLE, **read})
    assert interview.is_complete(), interview.problems()
    answers_file.write(tmp_path / "b.yaml", "single-status", interview.export())
    again = yaml.safe_load((tmp_path / "b.yaml").read_text(encoding="utf-8"))
    assert again["answers"]["earlier_residences"] == ITEMS


def test_a_draft_keeps_the_list(tmp_path: Path, data_dir: Path):
    interview = _interview({**SINGLE, "had_other_residence": True, "earlier_residences": ITEMS})
    saved = drafts.save(interview)
    assert drafts.load(saved).answers()["earlier_residences"] == ITEMS


def test_an_old_answers_file_with_one_period_still_loads(tmp_path: Path):
    path = tmp_path / "old.yaml"
    old = {
        **SINGLE,
        "had_other_residence": "có",
        "confirm_period_place": TRUONG_THI,
        "confirm_period_from": "21/04/2014",
        "confirm_period_to": "30/06/2022",
    }
    answers_file.write(path, "single-status", old)
    interview = _interview(answers_file.read(path, "single-status"))
    assert interview.unknown == []
    assert interview.is_complete(), interview.problems()
    assert interview.export()["earlier_residences"] == [
        {"place": TRUONG_THI, "from": "21/04/2014", "to": "30/06/2022"}
    ]


def test_an_old_draft_with_one_period_resumes_with_it_as_the_lists_item(tmp_path, data_dir):
    from conftest import ENTER
    from test_drafts import fill

    # a draft saved before earlier residences were a list, stopped at the marital status
    answers = {**SINGLE, "had_other_residence": True, "earlier_residences": ITEMS[:1]}
    answers.pop("marital_status")
    path = drafts.save(_interview(answers))
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert doc["draft"]["next_question"] == "marital_status"
    del doc["answers"]["earlier_residences"]
    doc["answers"].update(
        confirm_period_place=TRUONG_THI,
        confirm_period_from="21/04/2014",
        confirm_period_to="30/06/2022",
    )
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "out"
    result = fill([ENTER, "1" + ENTER], "--resume", "--out", str(out))  # status; review: done
    assert result.exit_code == 0, result.output
    assert answers_file.read(out / "answers.yaml", "single-status")["earlier_residences"] == [
        {"place": TRUONG_THI, "from": "21/04/2014", "to": "30/06/2022"}
    ]
