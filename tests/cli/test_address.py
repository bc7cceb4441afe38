"""`dvc address`: the desk's lookup of an old or current address — the unit(s) it is in now,
with official codes, what was converted, a split's candidates, nearest names when nothing
fits; several addresses, stdin, JSON, English."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import invoke
from typer.testing import CliRunner

import dvc_cli
from dvc_cli.cli.main import app, main

DIEN_BIEN_SPLIT = [
    ("Phường Ba Đình", "00004"),
    ("Phường Hoàn Kiếm", "00070"),
    ("Phường Ô Chợ Dừa", "00190"),
    ("Phường Văn Miếu - Quốc Tử Giám", "00226"),
]


def _json_lines(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines()]


def test_an_old_ward_is_answered_with_the_current_one_its_code_and_the_notice():
    result = invoke("address", "Phường Trường Thi, TP Thanh Hóa, Thanh Hóa")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "Phường Trường Thi, TP Thanh Hóa, Thanh Hóa"
    assert "Xã/phường/đặc khu: Phường Hạc Thành (mã 14797)" in result.stdout
    assert "Tỉnh/thành phố:    Tỉnh Thanh Hóa (mã 38)" in result.stdout
    assert (
        "Chuyển đổi:        Phường Trường Thi (cũ, TP Thanh Hóa) → Phường Hạc Thành, tỉnh Thanh Hóa"
        in result.stdout
    )
    assert "Số nhà" not in result.stdout  # no street on the line
    assert result.stderr == ""


def test_an_id_card_line_keeps_its_street_and_gives_the_address_as_written_today():
    result = invoke("address", "Số 15 ngõ 4, Trường Thi, Thanh Hóa, Thanh Hóa")
    assert result.exit_code == 0, result.output
    assert "Hiện nay:          Số 15 ngõ 4, Phường Hạc Thành, Tỉnh Thanh Hóa" in result.stdout
    assert "Số nhà, đường/phố: Số 15 ngõ 4" in result.stdout
    assert "Phường Hạc Thành (mã 14797)" in result.stdout
    assert "Phường Trường Thi (cũ, TP Thanh Hóa) → Phường Hạc Thành" in result.stdout


def test_a_current_name_maps_to_itself_without_a_notice():
    result = invoke("address", "Phường Hạc Thành, Tỉnh Thanh Hóa")
    assert result.exit_code == 0, result.output
    assert "Xã/phường/đặc khu: Phường Hạc Thành (mã 14797)" in result.stdout
    assert "Chuyển đổi" not in result.stdout and "cũ" not in result.stdout
    data = _json_lines(invoke("address", "--json", "hoan kiem, ha noi").stdout)
    assert data == [
        {
            "input": "hoan kiem, ha noi",
            "street": "",
            "candidates": [
                {"commune": "Phường Hoàn Kiếm", "province": "Thành phố Hà Nội", "code": "00070"}
            ],
            "split": False,
            "notice": None,
        }
    ]


def test_a_split_ward_lists_every_candidate_and_exits_0():
    result = invoke("address", "Phường Điện Biên, Quận Ba Đình, Hà Nội")
    assert result.exit_code == 0, result.output
    assert "Xã/phường/đặc khu: 4 nơi có thể:" in result.stdout
    for name, code in DIEN_BIEN_SPLIT:
        assert f"{name} (mã {code})" in result.stdout
    assert "Thành phố Hà Nội (mã 01)" in result.stdout
    assert "Phường Điện Biên (cũ, quận Ba Đình) nay thuộc 4 xã/phường" in result.stdout
    assert "chọn theo đường, thôn, tổ nơi ở" in result.stdout
    assert "Hiện nay" not in result.stdout  # no single answer to give


def test_a_split_in_json_says_split_with_every_candidate_and_the_street():
    line = "Số 8 phố Đội Cấn, Phường Điện Biên, Quận Ba Đình, Hà Nội"
    result = invoke("address", "--json", line)
    assert result.exit_code == 0, result.output
    (data,) = _json_lines(result.stdout)
    assert data["input"] == line
    assert data["split"] is True
    assert data["street"] == "Số 8 phố Đội Cấn"
    assert [(c["commune"], c["code"]) for c in data["candidates"]] == DIEN_BIEN_SPLIT
    assert {c["province"] for c in data["candidates"]} == {"Thành phố Hà Nội"}
    assert data["notice"].startswith("Phường Điện Biên (cũ, quận Ba Đình) nay thuộc 4 xã/phường")
    assert "Quốc Tử Giám" in result.stdout  # not \u-escaped


def test_json_of_an_old_ward_has_the_required_keys():
    result = invoke("address", "--json", "Số 15 ngõ 4, Trường Thi, Thanh Hóa, Thanh Hóa")
    assert result.exit_code == 0, result.output
    (data,) = _json_lines(result.stdout)
    assert set(data) == {"input", "street", "candidates", "split", "notice"}
    assert data["candidates"] == [
        {"commune": "Phường Hạc Thành", "province": "Tỉnh Thanh Hóa", "code": "14797"}
    ]
    assert data["split"] is False
    assert data["street"] == "Số 15 ngõ 4"
    assert data["notice"] == (
        "Phường Trường Thi (cũ, TP Thanh Hóa) → Phường Hạc Thành, tỉnh Thanh Hóa"
    )


def test_nothing_found_exits_1_naming_the_nearest_names():
    result = invoke("address", "Phường Trường Thy, Thanh Hóa")
    assert result.exit_code == 1
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith("dvc: Tỉnh Thanh Hóa không có xã/phường/đặc khu 'Phường Trường Thy'")
    assert "có phải:" in line and "Phường Trường Thi (cũ)" in line


def test_nothing_found_in_json_still_prints_the_answer_with_no_candidates():
    result = invoke("address", "--json", "Xã Hạc Thành, Nghệ An")
    assert result.exit_code == 1
    assert _json_lines(result.stdout) == [
        {"input": "Xã Hạc Thành, Nghệ An", "street": "", "candidates": [], "split": False,
         "notice": None}
    ]  # fmt: skip
    assert "dvc: Tỉnh Nghệ An không có xã/phường/đặc khu 'Xã Hạc Thành'" in result.stderr
    assert "(tên này có ở: Phường Hạc Thành (Tỉnh Thanh Hóa))" in result.stderr


def test_a_commune_without_its_province_names_the_provinces_that_have_it():
    result = invoke("address", "Trường Thi")
    assert result.exit_code == 1
    assert result.stderr == (
        "dvc: 'Trường Thi': thiếu tỉnh/thành phố; có phải: Trường Thi, Tỉnh Ninh Bình; "
        "Trường Thi, Tỉnh Thanh Hóa; Trường Thi, Tỉnh Nghệ An?\n"
    )


def test_several_addresses_are_each_answered_and_one_not_found_makes_exit_1():
    result = invoke(
        "address", "Phường Trường Thi, Thanh Hóa", "Xã Không Có, Hà Nội", "Hoàn Kiếm, Hà Nội"
    )
    assert result.exit_code == 1
    assert "Phường Hạc Thành (mã 14797)" in result.stdout
    assert "Phường Hoàn Kiếm (mã 00070)" in result.stdout
    (line,) = result.stderr.splitlines()
    assert line.startswith("dvc: địa chỉ 2: Thành phố Hà Nội không có xã/phường/đặc khu")
    ok = invoke("address", "Phường Trường Thi, Thanh Hóa", "Hoàn Kiếm, Hà Nội")
    assert ok.exit_code == 0 and ok.stderr == ""


def test_dash_reads_one_address_per_line_of_stdin():
    lines = (
        "\ufeffSố 15 ngõ 4, Trường Thi, Thanh Hóa, Thanh Hóa\r\n"
        "\n"
        "Phường Điện Biên, Quận Ba Đình, Hà Nội\n"
        "Phường Trường Thy, Thanh Hóa\n"
        "Phường Sài Gòn, TP Hồ Chí Minh"
    )
    result = CliRunner().invoke(app, ["address", "--json", "-"], input=lines)
    assert result.exit_code == 1  # one of them is not found
    data = _json_lines(result.stdout)
    assert [d["input"] for d in data] == [
        "Số 15 ngõ 4, Trường Thi, Thanh Hóa, Thanh Hóa",
        "Phường Điện Biên, Quận Ba Đình, Hà Nội",
        "Phường Trường Thy, Thanh Hóa",
        "Phường Sài Gòn, TP Hồ Chí Minh",
    ]
    assert [len(d["candidates"]) for d in data] == [1, 4, 0, 1]
    assert [d["split"] for d in data] == [False, True, False, False]
    assert data[3]["candidates"][0]["province"] == "Thành phố Hồ Chí Minh"
    # the blank line counts: the line number is the one in the input
    (line,) = result.stderr.splitlines()
    assert line.startswith("dvc: stdin dòng 4: Tỉnh Thanh Hóa không có")


def test_stdin_that_is_not_utf8_is_refused_with_exit_2():
    result = CliRunner().invoke(
        app, ["address", "-"], input="Tr\xf0\xf6\xeang Thi".encode("latin-1")
    )
    assert result.exit_code == 2
    assert result.stderr == "dvc: stdin dòng 1: không phải văn bản UTF-8\n"


def test_no_address_is_a_bad_command_line(monkeypatch, capsys):
    monkeypatch.setattr(sys, "argv", ["dvc", "address"])
    with pytest.raises(SystemExit) as stop:
        main()
    assert stop.value.code == 2
    assert capsys.readouterr().err == (
        "dvc: lỗi: thiếu đối số ADDRESSES (xem: dvc address --help)\n"
    )


def test_english_interface():
    result = invoke("--lang", "en", "address", "Số 15 ngõ 4, Trường Thi, Thanh Hóa, Thanh Hóa")
    assert result.exit_code == 0, result.output
    assert "House number, street: Số 15 ngõ 4" in result.stdout
    assert "Commune/ward:         Phường Hạc Thành (code 14797)" in result.stdout
    assert "Province/city:        Tỉnh Thanh Hóa (code 38)" in result.stdout
    assert "Converted:            Phường Trường Thi (former, TP Thanh Hóa) →" in result.stdout
    split = invoke("--lang", "en", "address", "Phường Điện Biên, Quận Ba Đình, Hà Nội")
    assert "Commune/ward:  4 possible units:" in split.stdout
    assert "is now part of 4 communes or wards" in split.stdout
    missing = invoke("--lang", "en", "address", "Trường Thi", "Phường Trường Thy, Thanh Hóa")
    assert missing.exit_code == 1
    first, second = missing.stderr.splitlines()
    assert first.startswith("dvc: address 1: 'Trường Thi': the province/city is missing; did ")
    assert second.startswith("dvc: address 2: Tỉnh Thanh Hóa has no commune, ward or special")
    assert "did you mean:" in second
    env = {**os.environ, "COLUMNS": "200"}  # help texts are built at import: a new process
    helped = subprocess.run(
        [sys.executable, "-m", "dvc_cli", "--lang", "en", "address", "--help"],
        capture_output=True, text=True, env=env, check=True,
    ).stdout  # fmt: skip
    assert "Look up an address (old, before 01/07/2025, or current)" in helped
    assert "'-': read one address per line of stdin." in helped and "Tra một địa chỉ" not in helped


def test_the_library_answers_the_same_without_the_cli():
    found = dvc_cli.lookup_address("Số 15 ngõ 4, Trường Thi, Thanh Hóa, Thanh Hóa")
    assert (found.candidates[0].code, found.province.name) == ("14797", "Tỉnh Thanh Hóa")
    assert found.current_text() == "Số 15 ngõ 4, Phường Hạc Thành, Tỉnh Thanh Hóa"
    address = dvc_cli.parse_address("Số 15 ngõ 4, Trường Thi, Thanh Hóa, Thanh Hóa")
    assert isinstance(address, dvc_cli.Address) and address.street == "Số 15 ngõ 4"
    try:
        dvc_cli.parse_address("Phường Điện Biên, Quận Ba Đình, Hà Nội")
    except dvc_cli.AmbiguousPlace as exc:
        assert [name for name, _code in DIEN_BIEN_SPLIT] == exc.choices
    else:
        raise AssertionError("a split must raise AmbiguousPlace")
