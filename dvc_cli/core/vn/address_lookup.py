"""The desk's question "where is this address now?": an address line (or a commune and its
province) answered with the current unit, or every unit of a split, with official codes.

``Phường Trường Thi, TP Thanh Hóa, Thanh Hóa`` → Phường Hạc Thành (14797), Tỉnh Thanh Hóa,
with the notice saying what was converted; ``Phường Điện Biên, Quận Ba Đình, Hà Nội`` → the
four wards it was split between (``split``: only the resident knows which street is where).
A line naming nothing raises :class:`~dvc_cli.core.vn.admin_map.LookupError_` whose message
names the nearest names.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dvc_cli.core.vn import address_line, admin_map
from dvc_cli.core.vn.admin_map import Ambiguous, LookupError_, Unit
from dvc_cli.i18n import _

_MAX_PLACES = 5  # provinces named for a commune typed without one


@dataclass(frozen=True)
class AddressLookup:
    """The answer for one line: ``candidates`` are the current commune-level units (one, or
    several when ``split``), ``street`` the part before the commune ("" when none), ``notice``
    what was converted (for a split: which old unit went where), None for current names."""

    input: str
    street: str
    candidates: tuple[Unit, ...]
    split: bool = False
    notice: str | None = None

    @property
    def province(self) -> Unit:
        return admin_map.province_of(self.candidates[0])

    def current_text(self) -> str:
        """The address as written today (``Số 15 ngõ 4, Phường Hạc Thành, Tỉnh Thanh Hóa``); a
        split's first candidate, so ask :attr:`split` first."""
        street = [self.street] if self.street else []
        return ", ".join([*street, self.candidates[0].name, self.province.name])

    def as_dict(self) -> dict[str, Any]:
        """The JSON form: input, street, candidates (commune, province, code), split, notice."""
        return {
            "input": self.input,
            "street": self.street,
            "candidates": [
                {
                    "commune": unit.name,
                    "province": admin_map.province_of(unit).name,
                    "code": unit.code,
                }
                for unit in self.candidates
            ],
            "split": self.split,
            "notice": self.notice,
        }


def lookup_address(line: str) -> AddressLookup:
    """Where ``line`` (``street, commune[, old district], province``, current or old names)
    is now. A split or a name shared by several units gives them all (``split``); nothing
    found raises LookupError_ (its message and ``suggestions`` name the nearest names)."""
    try:
        address = address_line.parse_address(line)
    except Ambiguous as exc:
        return _split(line, exc)
    except LookupError_:
        rest = address_line.parts(line)
        if len(rest) == 1 and not _is_province(rest[0]):
            _no_province(rest[0])
        raise
    return AddressLookup(line, address.street, (address.commune,), notice=address.notice())


def _is_province(text: str) -> bool:
    try:
        admin_map.resolve_province(text)
    except LookupError_:
        return False
    return True


def _no_province(name: str) -> None:
    """A commune named without its province: raise LookupError_ naming the provinces that
    have it (current or old name); return when none has, for parse_address's message."""
    if len(name) > admin_map.MAX_NAME:
        return
    where = []
    for province in admin_map.provinces():
        try:
            admin_map.resolve_commune(name, province)
        except LookupError_ as exc:  # Ambiguous included: the name is there
            if not isinstance(exc, Ambiguous):
                continue
        where.append(f"{name}, {province.name}")
    if not where:
        return
    shown = where[:_MAX_PLACES]
    message = _("'{name}': thiếu tỉnh/thành phố; có phải: {places}?").format(
        name=name, places="; ".join(shown) + ("; …" if len(where) > len(shown) else "")
    )
    raise LookupError_(message, shown)


def _split(line: str, exc: Ambiguous) -> AddressLookup:
    rest = address_line.parts(line)
    province = admin_map.resolve_province(rest[-1]).unit  # parse_address read it so
    rest = rest[:-1]
    by_name: dict[str, list[Unit]] = {}
    for unit in admin_map.communes(province.code):
        by_name.setdefault(unit.name, []).append(unit)
    units = tuple(u for name in dict.fromkeys(exc.choices) for u in by_name.get(name, ()))
    if not units:  # not expected: the choices are names of the province's units
        raise exc
    # As parse_address reads it: an old district after the commune is not part of the street.
    with_district = len(rest) >= 2 and address_line._is_old_district(rest[-1], province)
    street = ", ".join(rest[:-2] if with_district else rest[:-1])
    return AddressLookup(line, street, units, split=True, notice=str(exc))
