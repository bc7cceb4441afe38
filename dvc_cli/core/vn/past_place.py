"""Where the records of a place named as it was at the time are kept today.

An earlier residence is written as it was then named (``Phường Trường Thi, thành phố Thanh
Hóa, tỉnh Thanh Hóa``) and stays so on the papers; this module finds the current commune whose
People's Committee now holds that place's records (Phường Hạc Thành, tỉnh Thanh Hóa), or the
candidates when the old commune was split. The line is read as a whole address line
(:func:`~dvc_cli.core.vn.address_line.parse_address`: commune, the old district if given,
province last); a place the table does not know (renamed before it was drawn up, abroad) has
no holder, and nothing is guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from dvc_cli.core.vn import address_line, admin_map
from dvc_cli.core.vn.admin_map import Unit


@dataclass(frozen=True)
class Holder:
    """The current commune-level units holding a past place's records: one, or the
    candidates of a split (in code order); ``notice`` says what one old unit became (None: the
    line named current units, or a split)."""

    units: tuple[Unit, ...]
    notice: str | None = None

    @property
    def split(self) -> bool:
        return len(self.units) > 1

    def provinces(self) -> tuple[Unit, ...]:
        """The provinces of :attr:`units`, each once, in order."""
        return tuple(dict.fromkeys(admin_map.province_of(u) for u in self.units))


@lru_cache(maxsize=1024)
def holder(text: str) -> Holder | None:
    """Who holds the records of the place ``text`` names now; None when it names no place of
    the table."""
    try:
        address = address_line.parse_address(text)
    except admin_map.Ambiguous as exc:
        return _split(text, exc)
    except admin_map.LookupError_:
        return None
    return Holder((address.commune,), address.notice())


def _split(text: str, exc: admin_map.Ambiguous) -> Holder | None:
    """The candidates of a split commune, found in the province the line ends with."""
    parts = address_line.parts(text)
    try:
        province = admin_map.resolve_province(parts[-1]).unit
    except (admin_map.LookupError_, IndexError):
        return None
    units = []
    for name in exc.choices:
        try:
            units.append(admin_map.find_commune(name, province))
        except admin_map.LookupError_:
            return None  # not a name of the province after all: say nothing rather than guess
    return Holder(tuple(dict.fromkeys(units))) if units else None
