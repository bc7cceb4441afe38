"""A whole address line, as printed on ID cards and old papers, read into its parts.

``Số 15 ngõ 4, Trường Thi, Thanh Hóa, Thanh Hóa`` → street ``Số 15 ngõ 4``, commune Phường
Hạc Thành (was Phường Trường Thi, TP Thanh Hóa), province Tỉnh Thanh Hóa. The parts are
comma-separated, the smallest unit first; unit words (Phường, TP, Huyện...) may be missing, as
on QR codes. The district, when given, only narrows an old commune down.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dvc_cli.core.vn import admin_map
from dvc_cli.core.vn.admin_map import LookupError_, Place, ProvinceMatch, Unit
from dvc_cli.core.vn.admin_table import bare, spelling
from dvc_cli.i18n import _
from dvc_cli.text import clean

# a comma inside brackets is not a separator: "Phường Điện Biên (cũ, quận Ba Đình) → ..."
_SEPARATORS = re.compile(r"\s*[,;]\s*(?![^()]*\))")
MAX_LINE = 300


@dataclass(frozen=True)
class Address:
    """An address line read: ``street`` as typed (may be empty), the current commune and
    province, and the old district named on the line ("" when none)."""

    street: str
    place: Place
    province: ProvinceMatch
    district: str = ""

    @property
    def commune(self) -> Unit:
        return self.place.unit

    def notice(self) -> str | None:
        """What was converted, in one line; None when the line named current units."""
        return self.place.notice() or self.province.notice()

    def current_text(self) -> str:
        """The address as written today: ``Số 15 ngõ 4, Phường Hạc Thành, Tỉnh Thanh Hóa``."""
        parts = [self.street] if self.street else []
        return ", ".join([*parts, self.place.unit.name, self.province.unit.name])


def parts(line: str) -> list[str]:
    """The comma- (or semicolon-) separated parts of ``line``, blanks dropped."""
    return [p for p in _SEPARATORS.split(clean(line)) if p]


def _is_old_district(text: str, province: Unit) -> bool:
    return any(
        any(bare(d.name) == key for d in admin_map.old_districts_in(province))
        or any(k[1] == key for k in admin_map.admin_aliases.DISTRICTS)
        for key in admin_map.keys(text)
    )


_COMMUNE_WORD = re.compile(r"^(?:(?:phuong|xa|thi tran|p|x|tt)[.\s]|p\d)")
_DISTRICT_WORD = re.compile(r"^(?:thanh pho|tp|quan|huyen|thi xa|tx)[.\s]")


def _typed_as_commune(text: str) -> bool:
    """Whether ``text`` starts with a commune's type word (``Phường``, ``X.``, ``tt``...)."""
    return bool(_COMMUNE_WORD.match(spelling(text)))


def parse_address(line: str, province: Unit | None = None) -> Address:
    """Read ``line`` into street, commune and province.

    Without ``province`` the last part names it (current or old); with it, a last part naming
    the same province is dropped, and one naming another is refused. A last part written as a
    city named like its province (``TP Thanh Hóa``) is tried first as that old city. Raise
    :class:`~dvc_cli.core.vn.admin_map.Ambiguous` for a split commune (its ``street`` set to
    the line's part before the commune), LookupError_ otherwise.
    """
    if len(line) > MAX_LINE:
        raise LookupError_(_("địa chỉ quá dài (tối đa {limit} ký tự)").format(limit=MAX_LINE))
    rest = parts(line)
    if not rest:
        raise LookupError_(_("địa chỉ trống"))
    match = _province_part(rest, province)
    dropped = ""
    if match is not None and (province is None or len(rest) > 1):
        dropped, rest = rest[-1], rest[:-1]
    elif province is not None:
        match = ProvinceMatch(province)
    else:  # unreachable: _province_part raised
        raise LookupError_(_("thiếu tỉnh/thành phố"))
    if not rest:
        raise LookupError_(
            _("thiếu xã/phường/đặc khu trước {province}").format(province=match.unit.name)
        )
    unit = match.unit
    has_district = len(rest) >= 2 and _is_old_district(rest[-1], unit)
    if (
        not has_district
        and _DISTRICT_WORD.match(spelling(dropped))
        and _is_old_district(dropped, unit)
    ):
        # "Phường Lam Sơn, thành phố Thanh Hóa": the city of the province's name, which
        # decides between the two old Phường Lam Sơn; failing that, the province
        try:
            place = admin_map.resolve_commune(
                rest[-1], unit, district=dropped, old_province=match.old
            )
            return Address(", ".join(rest[:-1]), place, match, dropped)
        except admin_map.Ambiguous as exc:
            exc.street = ", ".join(rest[:-1])
            raise
        except LookupError_:
            pass
    if has_district:
        try:
            place = admin_map.resolve_commune(
                rest[-2], unit, district=rest[-1], old_province=match.old
            )
            return Address(", ".join(rest[:-2]), place, match, rest[-1])
        except admin_map.Ambiguous as exc:
            exc.street = ", ".join(rest[:-2])
            raise
        except LookupError_:
            # "Số 5, Phù Yên, Sơn La": Phù Yên is the commune, not its district; but
            # "Phường Không Có, TP Thủ Dầu Một, ..." names a commune the district lacks
            if _typed_as_commune(rest[-2]):
                raise
    try:
        place = admin_map.resolve_commune(rest[-1], unit, old_province=match.old)
    except admin_map.Ambiguous as exc:
        exc.street = ", ".join(rest[:-1])
        raise
    return Address(", ".join(rest[:-1]), place, match)


def _province_part(rest: list[str], province: Unit | None) -> ProvinceMatch | None:
    """The province the last part names; None when ``province`` is given and the last part
    does not name a province at all (it is then the commune)."""
    try:
        found = admin_map.resolve_province(rest[-1])
    except LookupError_:
        if province is None:
            raise
        return None
    if province is not None and found.unit.code != province.code:
        if len(rest) == 1:
            return None  # a commune named like another province ("Xã Thái Bình")
        raise LookupError_(
            _("địa chỉ ghi {named}, nhưng tỉnh/thành phố đã chọn là {chosen}").format(
                named=rest[-1], chosen=province.name
            )
        )
    return found
