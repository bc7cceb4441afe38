"""The shipped administrative table: what the named release gives, read on Python 3.11."""

from __future__ import annotations

import ast
import datetime as dt
from collections import Counter
from pathlib import Path

from dvc_cli import Interview, load_procedure, read_answers
from dvc_cli.core.vn import admin_map, admin_table

ROOT = Path(__file__).resolve().parents[3]

# vietnam-provinces 2026.9.0 (data retrieved 2026-09-20), counted in its own modules when the
# file was generated: 34 provinces, 3,321 communes; before 01/07/2025 63 provinces, 696
# districts, 10,051 communes of which 10,023 have a link to the new units (28 have none), and
# 5 island districts without communes that became special zones.
RELEASE_COUNTS = {
    "provinces": 34,
    "communes": 3321,
    "old_provinces": 63,
    "old_districts": 696,
    "old_communes": 10051,
    "linked": 10028,
}


def _script_release() -> str:
    tree = ast.parse((ROOT / "scripts" / "admin_data.py").read_text("utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "RELEASE":
            return ast.literal_eval(node.value)
    raise AssertionError("scripts/admin_data.py names no RELEASE")


def test_the_shipped_file_holds_what_the_release_gives():
    t = admin_table.table()
    assert t.release == _script_release() == "2026.9.0"
    assert admin_map.DATA_SOURCE == f"vietnam-provinces {t.release}"
    assert t.counts == RELEASE_COUNTS
    linked = sum(bool(c.new_codes) for c in t.old_communes.values())
    zones = sum(bool(d.zone) for d in t.old_districts.values())
    assert {
        "provinces": len(t.provinces),
        "communes": len(t.communes),
        "old_provinces": len(t.old_provinces),
        "old_districts": len(t.old_districts),
        "old_communes": len(t.old_communes),
        "linked": linked + zones,
    } == RELEASE_COUNTS
    assert zones == 5


def test_every_link_leads_to_a_current_unit_and_splits_are_marked():
    t = admin_table.table()
    for c in t.old_communes.values():
        assert all(code in t.communes for code in c.new_codes), c
        if len(c.new_codes) > 1:
            assert c.split, c
    assert sum(c.split for c in t.old_communes.values()) > 500  # partly merged, by the table
    per_province = Counter(u.province_code for u in t.communes.values())
    assert len(per_province) == 34 and min(per_province.values()) > 20


def test_official_names_as_the_release_json_gives_them():
    names = {u.name for u in admin_map.provinces()}
    # The release's Python objects call these "Thành phố"; its JSON and the resolution: "Tỉnh"
    assert {"Tỉnh Quảng Ninh", "Tỉnh Bắc Ninh", "Tỉnh Đồng Nai"} <= names
    assert "Thành phố Huế" in names and "Thành phố Hồ Chí Minh" in names


def test_read_once_and_lazily():
    admin_table.table.cache_clear()
    assert admin_table.table() is admin_table.table()


def test_an_answers_file_of_the_draft_data_still_loads_by_name(tmp_path):
    """Saved with vietnam-provinces 2025.10.1, whose code 226 was Phường Kim Liên: in the
    official table 226 is Văn Miếu - Quốc Tử Giám, and the answer stays Kim Liên (by name)."""
    assert admin_table.table().communes["00226"].name == "Phường Văn Miếu - Quốc Tử Giám"
    saved = tmp_path / "old.yaml"
    saved.write_text(
        "procedure: single-status\nschema_version: 1\ndvc_version: 0.7.0\n"
        "data_version: vietnam-provinces 2025.10.1\nanswers:\n"
        "  residence_province: Hà Nội\n  residence_commune: Phường Kim Liên\n",
        encoding="utf-8",
    )
    proc = load_procedure("single-status")
    interview = Interview(proc, read_answers(saved, proc.id), today=dt.date(2026, 12, 1))
    assert interview.value("residence_province") == "Thành phố Hà Nội"
    assert interview.value("residence_commune") == "Phường Kim Liên"
    assert interview.note_for("residence_commune") is None  # a current name: nothing to say
    # a spelling the draft data had and the official one changed (Hoà → Hòa) still matches
    assert admin_map.find_province("Khánh Hoà").name == "Tỉnh Khánh Hòa"


def test_each_row_is_read_as_its_line_says():
    """The table read (its rows made with tuple.__new__) against a plain reading of the file,
    field by field through each named tuple's own constructor."""
    t = admin_table.table()
    seen: Counter[str] = Counter()
    districts: dict[str, str] = {}
    for line in admin_table.source_text().splitlines():
        if line.startswith("#"):
            continue
        kind, code, name, *rest = line.split("\t")
        seen[kind] += 1
        if kind == "P":
            expected, got = admin_table.Unit(code, name, code), t.provinces[code]
        elif kind == "C":
            expected, got = admin_table.Unit(code, name, rest[0]), t.communes[code]
        elif kind == "OP":
            expected, got = admin_table.OldProvince(code, name), t.old_provinces[code]
        elif kind == "OD":
            districts[code] = rest[0]
            expected = admin_table.OldDistrict(code, name, rest[0], rest[1])
            got = t.old_districts[code]
        else:
            assert kind == "OC", line
            new = tuple(rest[1].split(",")) if rest[1] else ()
            expected = admin_table.OldCommune(
                code, name, rest[0], districts[rest[0]], new, rest[2] == "1"
            )
            got = t.old_communes[code]
        assert type(got) is type(expected) and got == expected, line
    assert dict(seen) == {"P": 34, "C": 3321, "OP": 63, "OD": 696, "OC": 10051}
    assert isinstance(t.old_communes["00001"].new_codes, tuple)


def test_one_provinces_old_communes_are_what_the_whole_table_gives():
    """The old communes of a province, read for its old provinces only, against the whole
    table read at once (the grouping this replaced), for every province."""
    admin_table.table.cache_clear()
    admin_map._new_province_of_old.cache_clear()
    admin_map.old_communes_in.cache_clear()
    admin_map._old_districts_by_province.cache_clear()
    try:
        t = admin_table.table()
        lazily = {p.code: admin_map.old_communes_in(p) for p in admin_map.provinces()}
        assert "old_communes" not in vars(t)  # nothing so far needed every row
        assert t.old_communes_of("38")[0].name == "Phường Hàm Rồng"
        whole = admin_table.Table(
            t.release, t.counts, t.provinces, t.communes, t.old_provinces, t.old_districts,
            t._rows,
        )  # fmt: skip
        now: dict[str, str] = {}
        for c in whole.old_communes.values():
            if c.new_codes:
                now.setdefault(c.province_code, whole.communes[c.new_codes[0]].province_code)
        for d in whole.old_districts.values():
            if d.zone:
                now.setdefault(d.province_code, whole.communes[d.zone].province_code)
        assert admin_map._new_province_of_old() == now
        by: dict[str, list[admin_table.OldCommune]] = {}
        for c in whole.old_communes.values():
            by.setdefault(now[c.province_code], []).append(c)
        assert lazily == {p: tuple(by.get(p, ())) for p in lazily}
        assert sum(map(len, lazily.values())) == 10051
        districts: dict[str, list[admin_table.OldDistrict]] = {}
        for d in whole.old_districts.values():
            districts.setdefault(now[d.province_code], []).append(d)
        for p in admin_map.provinces():
            assert admin_map.old_districts_in(p) == tuple(districts.get(p.code, ()))
        assert list(t.old_communes) == list(whole.old_communes)  # every row, in file order
    finally:
        admin_map.old_communes_in.cache_clear()


def test_matching_against_a_kept_tuple_finds_what_a_scan_finds():
    # unit_names.match indexes admin_map's tuples (a batch resolves thousands of communes
    # against them); over a list it scans: both give the same units in the same order.
    from dvc_cli.core.vn import unit_names

    thanh_hoa = admin_map.find_province("Thanh Hóa")
    olds = admin_map.old_communes_in(thanh_hoa)
    current = admin_map.communes(thanh_hoa.code)
    typed = [u.name for u in current[:40]] + [o.name for o in olds[:200]]
    typed += ["phuong truong thi", "P. Trường Thi", "Xã Văn Lăng", "TT Vĩnh Lộc", "Hạc Thành"]
    for units in (olds, current, admin_map.old_districts_in(thanh_hoa)):
        for text in typed:
            assert unit_names.match(text, units) == unit_names.match(text, list(units)), text
    assert len(unit_names.match("Phường Trường Thi", olds)) >= 1


def test_todays_name_as_spelt_is_that_commune_without_looking_at_old_ones():
    """resolve_commune answers a current name spelt as the table writes it from today's
    communes alone: that unit, or the units of the same name refused as ambiguous (typed with
    its accents, Xã Văn Lang is not Xã Văn Lăng; without them, it is either); an old name
    spelt the same never wins. Every commune of every province, both ways."""
    from dvc_cli.text import fold

    for province in admin_map.provinces():
        units = admin_map.communes(province.code)
        for typed_as, same in (
            (str, str.casefold),
            (lambda n: fold(n).upper(), admin_table.spelling),
        ):
            count = Counter(same(u.name) for u in units)
            for unit in units:
                typed = typed_as(unit.name)
                if count[same(unit.name)] == 1:
                    place = admin_map.resolve_commune(typed, province)
                    assert (place.unit, place.old) == (unit, None), typed
                    continue
                try:
                    admin_map.resolve_commune(typed, province)
                except admin_map.Ambiguous as exc:
                    assert unit.name in exc.answers, typed
                else:
                    raise AssertionError(f"{typed}: not refused as ambiguous")
