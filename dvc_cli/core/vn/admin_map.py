"""The 2025 two-tier administrative map: 34 provinces and their communes.

Data comes from the pinned ``vietnam-provinces`` package (no network). Lookups are
accent- and case-insensitive; the type word (tỉnh, thành phố, xã, phường, đặc khu) may be
left out.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import cache

from dvc_cli.i18n import _
from dvc_cli.text import clean, fold

DATA_SOURCE = "vietnam-provinces 2025.10.1"

_PROVINCE_PREFIX = re.compile(r"^(tinh|thanh pho|tp\.?)\s+")
_COMMUNE_PREFIX = re.compile(r"^(xa|phuong|dac khu|thi tran|p\.|x\.)\s*")
_PROVINCE_ALIASES = {
    "hcm": "79",
    "tphcm": "79",
    "tp hcm": "79",
    "sai gon": "79",
    "ho chi minh": "79",
    "hn": "1",
}
# Provinces merged on 01/07/2025 (Nghị quyết 202/2025/QH15): old name → the new province.
MERGED_PROVINCES = {
    "ha giang": "Tuyên Quang",
    "yen bai": "Lào Cai",
    "bac kan": "Thái Nguyên",
    "vinh phuc": "Phú Thọ",
    "hoa binh": "Phú Thọ",
    "bac giang": "Bắc Ninh",
    "thai binh": "Hưng Yên",
    "hai duong": "Thành phố Hải Phòng",
    "ha nam": "Ninh Bình",
    "nam dinh": "Ninh Bình",
    "quang binh": "Quảng Trị",
    "quang nam": "Thành phố Đà Nẵng",
    "kon tum": "Quảng Ngãi",
    "binh dinh": "Gia Lai",
    "ninh thuan": "Khánh Hòa",
    "dak nong": "Lâm Đồng",
    "binh thuan": "Lâm Đồng",
    "phu yen": "Đắk Lắk",
    "binh duong": "Thành phố Hồ Chí Minh",
    "ba ria vung tau": "Thành phố Hồ Chí Minh",
    "ba ria - vung tau": "Thành phố Hồ Chí Minh",
    "binh phuoc": "Đồng Nai",
    "long an": "Tây Ninh",
    "soc trang": "Thành phố Cần Thơ",
    "hau giang": "Thành phố Cần Thơ",
    "ben tre": "Vĩnh Long",
    "tra vinh": "Vĩnh Long",
    "tien giang": "Đồng Tháp",
    "bac lieu": "Cà Mau",
    "kien giang": "An Giang",
    "thua thien hue": "Thành phố Huế",
}


@dataclass(frozen=True)
class Unit:
    """A province or a commune-level unit (xã, phường, đặc khu)."""

    code: str
    name: str
    province_code: str


class LookupError_(ValueError):
    """No unit, or several, match; ``suggestions`` are close names."""

    def __init__(self, message: str, suggestions: list[str] | None = None) -> None:
        super().__init__(message)
        self.suggestions = suggestions or []


def _key(name: str, prefix: re.Pattern[str]) -> str:
    return prefix.sub("", fold(name)).strip()


@cache
def _unit_fold(name: str) -> str:
    """:func:`fold` of a unit's name, computed once (a failed lookup scans all 3,321)."""
    return fold(name)


@cache
def _unit_key(name: str, prefix: re.Pattern[str]) -> str:
    return _key(name, prefix)


@cache
def provinces() -> tuple[Unit, ...]:
    """All 34 provinces and centrally-run cities."""
    from vietnam_provinces import Province

    return tuple(Unit(str(p.code.value), p.name, str(p.code.value)) for p in Province.iter_all())


@cache
def _communes_by_province() -> dict[str, tuple[Unit, ...]]:
    from vietnam_provinces import Ward

    out: dict[str, list[Unit]] = {}
    for w in Ward.iter_all():
        pcode = str(w.province_code.value)
        out.setdefault(pcode, []).append(Unit(str(w.code.value), w.name, pcode))
    return {k: tuple(v) for k, v in out.items()}


def communes(province_code: str) -> tuple[Unit, ...]:
    """Commune-level units of one province."""
    return _communes_by_province().get(province_code, ())


def all_communes() -> tuple[Unit, ...]:
    """Every commune-level unit (3,321)."""
    return tuple(u for units in _communes_by_province().values() for u in units)


def _match(text: str, units: tuple[Unit, ...], prefix: re.Pattern[str]) -> list[Unit]:
    typed = clean(text)
    exact = [u for u in units if u.name.casefold() == typed.casefold()]
    if exact:
        return exact
    folded = fold(typed)
    full = [u for u in units if _unit_fold(u.name) == folded]
    if full:
        return full
    stripped = _key(typed, prefix)
    bare_exact = [
        u
        for u in units
        if _unit_key(u.name, prefix) == stripped
        and prefix.sub("", u.name.casefold()) == prefix.sub("", typed.casefold())
    ]
    if len(bare_exact) == 1:
        return bare_exact
    return [u for u in units if _unit_key(u.name, prefix) == stripped]


def suggest(text: str, units: tuple[Unit, ...], prefix: re.Pattern[str], n: int = 3) -> list[str]:
    """Names of ``units`` closest to ``text`` (accent-insensitive)."""
    by_key: dict[str, str] = {}
    for u in units:
        by_key.setdefault(_unit_key(u.name, prefix), u.name)
    close = difflib.get_close_matches(_key(text, prefix), list(by_key), n=n, cutoff=0.6)
    return [by_key[k] for k in close]


MAX_NAME = 100  # longer text is no unit's name (and would make the fuzzy matching slow)


def _check_length(text: str, what: str) -> None:
    if len(text) > MAX_NAME:
        raise LookupError_(
            _("tên {what} quá dài (tối đa {limit} ký tự)").format(what=what, limit=MAX_NAME)
        )


def find_province(text: str) -> Unit:
    """The province named by ``text``; raise LookupError_ with suggestions otherwise."""
    _check_length(text, _("tỉnh/thành phố"))
    alias = _PROVINCE_ALIASES.get(fold(text))
    if alias:
        return next(p for p in provinces() if p.code == alias)
    found = _match(text, provinces(), _PROVINCE_PREFIX)
    if len(found) == 1:
        return found[0]
    merged = MERGED_PROVINCES.get(_key(text, _PROVINCE_PREFIX))
    hints = [merged] if merged else suggest(text, provinces(), _PROVINCE_PREFIX)
    msg = _(
        "không có tỉnh/thành phố '{name}' trong danh sách 34 tỉnh, thành phố từ 01/07/2025"
    ).format(name=clean(text))
    if merged:
        msg += _("; từ 01/07/2025 đã sáp nhập vào {province}").format(province=merged)
    elif hints:
        msg += _("; có phải: {names}?").format(names=", ".join(hints))
    raise LookupError_(msg, hints)


def find_commune(text: str, province: Unit) -> Unit:
    """The commune-level unit ``text`` inside ``province``."""
    _check_length(text, _("xã/phường/đặc khu"))
    units = communes(province.code)
    found = _match(text, units, _COMMUNE_PREFIX)
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        names = ", ".join(u.name for u in found)
        raise LookupError_(
            _("'{name}' có nhiều đơn vị trùng tên: {names}; hãy ghi rõ xã/phường").format(
                name=clean(text), names=names
            ),
            [u.name for u in found],
        )
    hints = suggest(text, units, _COMMUNE_PREFIX)
    elsewhere = [
        f"{u.name} ({next(p.name for p in provinces() if p.code == u.province_code)})"
        for u in _match(text, all_communes(), _COMMUNE_PREFIX)[:3]
    ]
    msg = _("{province} không có xã/phường/đặc khu '{name}'").format(
        province=province.name, name=clean(text)
    )
    if hints:
        msg += _("; có phải: {names}?").format(names=", ".join(hints))
    if elsewhere:
        msg += _(" (tên này có ở: {places})").format(places=", ".join(elsewhere))
    msg += _(" Lưu ý: tên trước 01/07/2025 có thể đã đổi sau sáp nhập.")
    raise LookupError_(msg, hints)


def commune_names(province: Unit) -> list[str]:
    """Names for autocomplete."""
    return [u.name for u in communes(province.code)]
