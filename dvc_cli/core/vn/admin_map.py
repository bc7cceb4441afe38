"""The 2025 two-tier map (34 provinces, 3,321 communes) and how old names lead to it.

Residents' papers issued before 01/07/2025 name the old units (63 provinces, districts,
~10,000 communes). A lookup accepts a current name or an old one, accent- and
case-insensitively, with or without its type word (``P. Trường Thi``); an old name is
converted to the current unit with a :class:`Place` that says so, and an old commune split
across several current ones raises :class:`Ambiguous` listing them (only the resident knows
which street is where). Data: :mod:`dvc_cli.core.vn.admin_table` (official codes).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

from dvc_cli.core.vn import admin_aliases
from dvc_cli.core.vn.admin_table import OldCommune, OldDistrict, OldProvince, Unit, bare, table
from dvc_cli.core.vn.admin_table import spelling as _spelling
from dvc_cli.core.vn.unit_names import OLD_MARK, accented_bare, keys, match, split_pick, suggest
from dvc_cli.i18n import _, language
from dvc_cli.text import clean, fold

__all__ = [
    "Ambiguous",
    "DATA_SOURCE",
    "LookupError_",
    "Place",
    "ProvinceMatch",
    "Unit",
    "all_communes",
    "commune_names",
    "communes",
    "find_commune",
    "find_province",
    "keys",
    "province_of",
    "province_names",
    "provinces",
    "resolve_commune",
    "resolve_province",
]

#: Recorded in every answers file; ``tests`` check it names the shipped table's release.
DATA_SOURCE = "vietnam-provinces 2026.9.0"
MAX_NAME = 100  # longer text is no unit's name (and would make the fuzzy matching slow)


class LookupError_(ValueError):
    """No unit matches; ``suggestions`` are close names."""

    def __init__(self, message: str, suggestions: Sequence[str] | None = None) -> None:
        super().__init__(message)
        self.suggestions = list(suggestions or [])


class Ambiguous(LookupError_):
    """Several current units fit (a split commune, a name in several old districts):
    ``choices`` are the current units' names, ``labels`` what to show beside each, and
    ``answers`` the answer that picks each while keeping the old name it came from
    (``Phường Điện Biên (cũ, quận Ba Đình) → Phường Ba Đình``: its notice still says so)."""

    def __init__(
        self,
        message: str,
        choices: Sequence[str],
        labels: Sequence[str],
        answers: Sequence[str] | None = None,
    ) -> None:
        super().__init__(message, choices)
        #: The part of an address line before the commune (house number, street), when the
        #: line was read by address_line.parse_address; None otherwise.
        self.street: str | None = None
        self.choices = list(choices)
        self.labels = list(labels)
        self.answers = list(answers) if answers is not None else list(choices)


@dataclass(frozen=True)
class ProvinceMatch:
    """A current province, and the old one it was named by (None: named as it is now)."""

    unit: Unit
    old: OldProvince | None = None

    def notice(self) -> str | None:
        """``Tỉnh Hà Giang (cũ) → Tỉnh Tuyên Quang``, or None when nothing was converted."""
        if self.old is None:
            return None
        return _("{old} (cũ) → {new}").format(old=self.old.name, new=self.unit.name)


@dataclass(frozen=True)
class Place:
    """Where a commune answer is now: one current unit, and the old unit it was named by."""

    unit: Unit
    old: OldCommune | OldDistrict | None = None
    candidates: tuple[Unit, ...] = field(default=())  # the split's units (chosen: ``unit``)

    @property
    def province(self) -> Unit:
        return table().provinces[self.unit.province_code]

    def notice(self) -> str | None:
        """``Phường Trường Thi (cũ, TP Thanh Hóa) → Phường Hạc Thành, tỉnh Thanh Hóa``."""
        if self.old is None:
            return None
        return _("{old} → {new}, {province}").format(
            old=old_label(self.old), new=self.unit.name, province=_lower_type(self.province.name)
        )


def _lower_type(name: str) -> str:
    for word in ("Tỉnh ", "Thành phố "):
        if name.startswith(word):
            return word.lower() + name[len(word) :]
    return name


_DISTRICT_SHORT = (
    ("Thành phố ", "TP "),
    ("Thị xã ", "TX "),
    ("Quận ", "quận "),
    ("Huyện ", "huyện "),
)


def district_short(name: str) -> str:
    """``Thành phố Thanh Hóa`` → ``TP Thanh Hóa``, ``Huyện Côn Đảo`` → ``huyện Côn Đảo``."""
    for word, short in _DISTRICT_SHORT:
        if name.startswith(word):
            return short + name[len(word) :]
    return name


def old_label(old: OldCommune | OldDistrict) -> str:
    """An old unit as the notices name it: ``Phường Trường Thi (cũ, TP Thanh Hóa)``."""
    t = table()
    if isinstance(old, OldDistrict):
        where = t.old_provinces[old.province_code].name
    else:
        where = district_short(t.old_districts[old.district_code].name)
    return _("{name} (cũ, {where})").format(name=old.name, where=where)


# -- indexes ---------------------------------------------------------------------------------
@cache
def provinces() -> tuple[Unit, ...]:
    """All 34 provinces and centrally-run cities."""
    return tuple(table().provinces.values())


@cache
def _communes_by_province() -> dict[str, tuple[Unit, ...]]:
    out: dict[str, list[Unit]] = {}
    for unit in table().communes.values():
        out.setdefault(unit.province_code, []).append(unit)
    return {k: tuple(v) for k, v in out.items()}


def communes(province_code: str) -> tuple[Unit, ...]:
    """Commune-level units of one province."""
    return _communes_by_province().get(province_code, ())


def all_communes() -> tuple[Unit, ...]:
    """Every commune-level unit (3,321)."""
    return tuple(table().communes.values())


@cache
def _new_province_of_old() -> dict[str, str]:
    """Old province code → the current province its communes went to (one each)."""
    t = table()
    out: dict[str, str] = {}
    for old in t.old_provinces:  # its first linked commune's (each old province's own rows)
        first = t.first_linked_commune(old)
        if first is not None:
            out[old] = t.communes[first.new_codes[0]].province_code
    for d in t.old_districts.values():
        if d.zone:
            out.setdefault(d.province_code, t.communes[d.zone].province_code)
    return out


@cache
def old_communes_in(province: Unit) -> tuple[OldCommune, ...]:
    """Old communes whose area lies in ``province`` now, in the table's order (code order):
    only the rows of the old provinces that went into it are read."""
    t = table()
    now = _new_province_of_old()
    olds = [c for p in t.old_provinces if now.get(p) == province.code for c in t.old_communes_of(p)]
    return tuple(sorted(olds, key=lambda c: c.code))


@cache
def _old_districts_by_province() -> dict[str, tuple[OldDistrict, ...]]:
    """Current province code → the old districts that lie in it now."""
    now = _new_province_of_old()
    by: dict[str, list[OldDistrict]] = {}
    for d in table().old_districts.values():
        by.setdefault(now[d.province_code], []).append(d)
    return {k: tuple(v) for k, v in by.items()}


def old_districts_in(province: Unit) -> tuple[OldDistrict, ...]:
    return _old_districts_by_province().get(province.code, ())


def province_of(unit: Unit) -> Unit:
    """The province a commune-level unit belongs to."""
    return table().provinces[unit.province_code]


def _check_length(text: str, what: str) -> None:
    if len(text) > MAX_NAME:
        raise LookupError_(
            _("tên {what} quá dài (tối đa {limit} ký tự)").format(what=what, limit=MAX_NAME)
        )


# -- provinces -------------------------------------------------------------------------------
def resolve_province(text: str) -> ProvinceMatch:
    """The current province named by ``text``, current or old (``Hà Giang`` → Tuyên Quang);
    raise LookupError_ with suggestions otherwise."""
    _check_length(text, _("tỉnh/thành phố"))
    t = table()
    typed = OLD_MARK.sub("", split_pick(clean(text))[0])  # "X (cũ) → Y": X says it all
    alias = admin_aliases.PROVINCES.get(bare(typed))
    if alias is not None:
        kind, code, *printed = alias
        if kind == "new":
            return ProvinceMatch(t.provinces[code])
        old = t.old_provinces[code]
        if printed:  # a name from before the table: the old province it became part of
            old = OldProvince(code, printed[0])
        return ProvinceMatch(t.provinces[_new_province_of_old()[code]], old)
    found = match(typed, provinces())
    if len(found) == 1:
        return ProvinceMatch(found[0])
    old = match(typed, t.old_provinces.values())
    if len(old) == 1:
        return ProvinceMatch(t.provinces[_new_province_of_old()[old[0].code]], old[0])
    names = [p.name for p in provinces()] + [p.name for p in t.old_provinces.values()]
    hints = suggest(typed, names)
    msg = _(
        "không có tỉnh/thành phố '{name}' (34 tỉnh, thành phố từ 01/07/2025 hoặc 63 tỉnh, "
        "thành phố trước đó)"
    ).format(name=typed)
    if hints:
        msg += _("; có phải: {names}?").format(names=", ".join(hints))
    raise LookupError_(msg, hints)


def province_names() -> list[str]:
    """Names for autocomplete: the 34 provinces, then each old province merged into another
    with where it went (``Tỉnh Hà Giang (cũ) → Tỉnh Tuyên Quang``)."""
    return list(_province_names(language()))


@cache
def _province_names(lang: str) -> tuple[str, ...]:  # lang: of the mark
    t = table()
    current = [p.name for p in provinces()]
    now = _new_province_of_old()
    merged = [
        _("{old} (cũ) → {new}").format(old=p.name, new=t.provinces[now[p.code]].name)
        for p in t.old_provinces.values()
        if p.name not in current
    ]
    return tuple(current + merged)


def find_province(text: str) -> Unit:
    """The current province named by ``text`` (an old name gives the province it is in now)."""
    return resolve_province(text).unit


# -- communes --------------------------------------------------------------------------------
def _targets(olds: Sequence[OldCommune | OldDistrict]) -> list[Unit]:
    """The current units ``olds`` went to, in code order, each once."""
    t = table()
    codes: dict[str, None] = {}
    for old in olds:
        if isinstance(old, OldDistrict):
            if old.zone:
                codes[old.zone] = None
            else:
                for c in t.old_communes.values():
                    if c.district_code == old.code:
                        codes.update(dict.fromkeys(c.new_codes))
        else:
            codes.update(dict.fromkeys(old.new_codes))
    return [t.communes[c] for c in sorted(codes, key=int)]


def _in_district(olds: list[OldCommune], district: str) -> list[OldCommune]:
    """``olds`` in the old district named ``district``: none when that district is in the
    table (or took over a renamed one) and holds none of them; all of them when no old district
    has that name (one unknown to the table: the district only narrows down)."""
    t = table()

    def names(c: OldCommune, key: str) -> set[str]:
        took_over = admin_aliases.DISTRICTS.get((c.province_code, key))
        return {bare(name) for name in took_over} if took_over else {key}

    known = False
    for key in keys(district):
        inside = [c for c in olds if bare(t.old_districts[c.district_code].name) in names(c, key)]
        if inside:
            return inside
        known = known or key in _district_keys()
    return [] if known else olds


@cache
def _district_keys() -> frozenset[str]:
    """Every old district's key, and the renamed ones the aliases know."""
    return frozenset(bare(d.name) for d in table().old_districts.values()) | frozenset(
        k[1] for k in admin_aliases.DISTRICTS
    )


def _merged_before(typed: str, district: str, province: Unit) -> list[OldCommune]:
    """The table's old commune that took over ``typed`` of ``district`` before 2025, named as
    typed for the notice (:data:`admin_aliases.COMMUNES`); [] when none did."""
    t = table()
    for dkey in keys(district):
        for ckey in keys(typed):
            for c in old_communes_in(province):
                alias = admin_aliases.COMMUNES.get((c.province_code, dkey, ckey))
                if alias and c.name == alias[1]:
                    if bare(t.old_districts[c.district_code].name) == dkey:
                        return [c._replace(name=alias[0])]
    return []


def resolve_commune(
    text: str,
    province: Unit,
    *,
    district: str | None = None,
    old_province: OldProvince | None = None,
) -> Place:
    """The current commune-level unit ``text`` names in ``province`` (current or old name).

    ``district`` (an old district's name) and ``old_province`` narrow an old name down, as an
    address line gives them. ``Xã X (cũ, ...) → Xã Y``, as autocomplete offers an old name,
    picks Y among X's current units. Raise :class:`Ambiguous` when several current units fit,
    LookupError_ when none does.
    """
    _check_length(text, _("xã/phường/đặc khu"))
    typed, picked = split_pick(clean(text))
    marked = OLD_MARK.search(typed)
    if marked:
        typed = typed[: marked.start()]
        district = district or marked.group("where")
    current = match(typed, communes(province.code))
    spelt = _spelling(typed)
    if (
        current
        and not (district or old_province or marked or picked)
        and any(_spelling(u.name) == spelt for u in current)
    ):  # today's name as spelt (most answers): no old name can win over it (prefer_old
        # below is false), so the old units are not looked for (two of three matches)
        if len(current) == 1:
            return Place(current[0])
        raise _same_name(typed, current)
    olds: list[OldCommune | OldDistrict] = list(match(typed, old_communes_in(province)))
    old_districts = list(match(typed, old_districts_in(province)))
    # An old name wins over a current one only when spelt exactly as the old one ("Thị trấn
    # Phù Yên" is the old thị trấn, not today's "Xã Phù Yên"), or when the old district or
    # province was given, or the name marked old ("X (cũ)", "X (cũ) → Y" as autocomplete
    # offers it: Phường Cửa Nam (cũ) is not today's Phường Cửa Nam).
    prefer_old = bool(district or old_province or marked or picked) or (
        not any(_spelling(u.name) == spelt for u in current)
        and any(_spelling(o.name) == spelt for o in olds + old_districts)
    )
    accented = accented_bare(typed)
    if prefer_old and current and accented != fold(accented):
        # typed with its marks: "Thuận Hóa" is today's ward, not the old Phường Thuận Hòa
        exact = [u for u in current if accented_bare(u.name) == accented]
        others = olds if district else olds + old_districts
        if exact and not any(accented_bare(o.name) == accented for o in others):
            prefer_old, current = False, exact
    if current and not prefer_old:
        if len(current) == 1:
            return Place(current[0])
        raise _same_name(typed, current)
    if old_province is not None:
        olds = [c for c in olds if c.province_code == old_province.code]
    elsewhere: list[OldCommune | OldDistrict] = olds
    if district:
        olds = list(_in_district(olds, district))  # type: ignore[arg-type]
        olds = olds or list(_merged_before(typed, district, province))
    if not olds and not district:
        olds = old_districts
    if not olds and current:
        if len(current) == 1:
            return Place(current[0])
        raise _same_name(typed, current)
    if not olds and district and elsewhere:
        raise _not_in_district(typed, district, elsewhere)
    if not olds:
        raise _not_found(typed, province)
    targets = _targets(olds)
    if picked:
        chosen = match(picked, targets)
        if len(chosen) == 1:
            came = [o for o in olds if chosen[0] in _targets([o])]
            return Place(chosen[0], came[0] if len(came) == 1 else None, tuple(targets))
    if len(targets) == 1:
        return Place(targets[0], olds[0] if len(olds) == 1 else None)
    if not targets:
        msg = _(
            "{old} không có trong bảng chuyển đổi chính thức sang đơn vị mới; hãy nhập tên "
            "xã/phường hiện nay"
        ).format(old=old_label(olds[0]))
        if current:
            msg += _(" (có thể là: {names})").format(names=", ".join(u.name for u in current))
        raise LookupError_(msg, [u.name for u in current])
    raise _ambiguous(olds, targets, province)


def _same_name(typed: str, current: list[Unit]) -> Ambiguous:
    names = [u.name for u in current]
    return Ambiguous(
        _("'{name}' có nhiều đơn vị trùng tên: {names}; hãy ghi rõ xã/phường").format(
            name=typed, names=", ".join(names)
        ),
        names,
        names,
    )


def _ambiguous(
    olds: Sequence[OldCommune | OldDistrict], targets: list[Unit], province: Unit
) -> Ambiguous:
    names = ", ".join(u.name for u in targets)
    if len(olds) == 1:
        message = _(
            "{old} nay thuộc {count} xã/phường: {names}; chọn theo đường, thôn, tổ nơi ở"
        ).format(old=old_label(olds[0]), count=len(targets), names=names)
        part = _("{new} — có một phần {old} cũ")
        labels = [part.format(new=u.name, old=olds[0].name) for u in targets]
    else:
        message = _(
            "có {count} đơn vị cũ tên '{name}' ở {province}: {olds}; ghi thêm huyện/quận cũ "
            "(ví dụ '{example}') hoặc chọn xã/phường hiện nay: {names}"
        ).format(
            count=len(olds),
            name=olds[0].name,
            province=province.name,
            olds=", ".join(old_label(o) for o in olds),
            example=_example_with_district(olds[0]),
            names=names,
        )
        labels = [_label_for(u, olds) for u in targets]
    answers = []
    for u in targets:
        came = [o for o in olds if u in _targets([o])]
        answers.append(f"{old_label(came[0])} → {u.name}" if len(came) == 1 else u.name)
    return Ambiguous(message, [u.name for u in targets], labels, answers)


def _example_with_district(old: OldCommune | OldDistrict) -> str:
    if isinstance(old, OldDistrict):
        return old.name
    return f"{old.name}, {table().old_districts[old.district_code].name}"


def _label_for(unit: Unit, olds: Sequence[OldCommune | OldDistrict]) -> str:
    came = [old_label(o) for o in olds if unit in _targets([o])]
    return f"{unit.name} ← {', '.join(came)}" if came else unit.name


def _not_in_district(
    typed: str, district: str, elsewhere: Sequence[OldCommune | OldDistrict]
) -> LookupError_:
    """``typed`` was an old commune, but not of ``district`` in the official table (merged
    before it was drawn up, or the district mistyped)."""
    names = [old_label(o) for o in elsewhere[:4]]
    return LookupError_(
        _(
            "{district} (cũ) không có '{name}' trong bảng chính thức (có thể đã sáp nhập trước "
            "đó); tên này có ở: {places}; hãy nhập tên xã/phường hiện nay"
        ).format(district=district, name=typed, places=", ".join(names))
    )


def _not_found(typed: str, province: Unit) -> LookupError_:
    current = [u.name for u in communes(province.code)]
    old = {
        c.name: _("{name} (cũ)").format(name=c.name)
        for c in old_communes_in(province)
        if c.name not in current
    }
    # closest first, current and old together (an old name that fits best comes first)
    ranked = suggest(typed, current + list(old), n=4, shown=old)
    hints = [n for n in ranked if n in current]
    elsewhere = [f"{u.name} ({province_of(u).name})" for u in match(typed, all_communes())[:3]]
    msg = _("{province} không có xã/phường/đặc khu '{name}', kể cả tên trước 01/07/2025").format(
        province=province.name, name=typed
    )
    if ranked:
        msg += _("; có phải: {names}?").format(names=", ".join(ranked))
    if elsewhere:
        msg += _(" (tên này có ở: {places})").format(places=", ".join(elsewhere))
    return LookupError_(msg, hints)


def find_commune(text: str, province: Unit) -> Unit:
    """The current commune-level unit ``text`` (current or old name) names in ``province``."""
    return resolve_commune(text, province).unit


def commune_names(province: Unit) -> list[str]:
    """Names for autocomplete: the current units, then each old name with where it went
    (``Phường Trường Thi (cũ) → Phường Hạc Thành``; a split: one entry per current unit)."""
    return list(_commune_names(province.code, language()))


@cache
def _commune_names(province_code: str, lang: str) -> tuple[str, ...]:  # lang: of the mark
    province = table().provinces[province_code]
    out = [u.name for u in communes(province_code)]
    current = set(out)
    for old in old_communes_in(province):
        if old.name in current and len(old.new_codes) == 1:
            if table().communes[old.new_codes[0]].name == old.name:
                continue  # kept its name: the current entry is enough
        for unit in _targets([old]):
            out.append(_("{old} (cũ) → {new}").format(old=old.name, new=unit.name))
    return tuple(dict.fromkeys(out))
