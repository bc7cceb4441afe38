"""Administrative units of the 2025 map: provinces, and communes within a province; and
places of the past, kept as they were named.

An old name (before 01/07/2025) is understood and converted to the unit that holds it now,
with a note saying so; an old commune split across several current ones is refused with the
candidates as ``choices`` (an interview offers them, a batch row lists them). A
``past_place`` (an earlier residence, "as named at the time") is stored as typed, whatever the
table says; its note, and the ``records_held_by`` template filter, name the current commune
that holds its records.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from dvc_cli.core import expressions
from dvc_cli.core.answer_types.base import AnswerType
from dvc_cli.core.answer_types.text import parse_text
from dvc_cli.core.vn import address_line, admin_map, past_place
from dvc_cli.errors import AnswerError
from dvc_cli.i18n import _, language
from dvc_cli.text import clean

if TYPE_CHECKING:
    from dvc_cli.core.schema import Question


def _refused(exc: admin_map.LookupError_, q: Question) -> AnswerError:
    if isinstance(exc, admin_map.Ambiguous):
        return AnswerError(str(exc), q.id, tuple(zip(exc.answers, exc.labels, strict=True)))
    return AnswerError(str(exc), q.id)


# -- province ---------------------------------------------------------------------------------
@lru_cache(maxsize=512)
def _province_match(text: str) -> admin_map.ProvinceMatch:
    return admin_map.resolve_province(text)


def _province(q: Question, raw: Any, ctx: Mapping[str, Any], today: dt.date) -> str:
    try:
        return _province_match(str(raw)).unit.name
    except admin_map.LookupError_ as exc:
        raise _refused(exc, q) from None


def _province_note(q: Question, raw: Any, ctx: Mapping[str, Any], today: dt.date) -> str | None:
    return _province_match(str(raw)).notice()


PROVINCE = AnswerType(
    "province",
    parse=_province,
    note=_province_note,
    converts=True,
    suggestions=lambda q, answers: admin_map.province_names(),
)


# -- commune ----------------------------------------------------------------------------------
@lru_cache(maxsize=4096)
def _place(text: str, province_name: str) -> admin_map.Place:
    """The current unit ``text`` names in the province; an address-like answer ("Trường Thi,
    TP Thanh Hóa, Thanh Hóa") may add the old district and province."""
    province = _province_match(province_name).unit  # admin_map.find_province, kept
    if len(address_line.parts(text)) < 2:
        return admin_map.resolve_commune(text, province)
    address = address_line.parse_address(text, province)
    if address.street:
        raise admin_map.LookupError_(
            _("'{street}' không phải tên xã/phường: số nhà, đường, thôn ghi ở câu địa chỉ").format(
                street=address.street
            )
        )
    return address.place


def _province_answer(q: Question, ctx: Mapping[str, Any]) -> str:
    name = ctx.get(q.province_question or "")
    if not name:
        message = _("cần trả lời '{question}' trước").format(question=q.province_question)
        raise AnswerError(message, q.id)
    return str(name)


def _commune(q: Question, raw: Any, ctx: Mapping[str, Any], today: dt.date) -> str:
    province = _province_answer(q, ctx)
    try:
        return _place(str(raw).strip(), province).unit.name
    except admin_map.LookupError_ as exc:
        raise _refused(exc, q) from None


def _commune_note(q: Question, raw: Any, ctx: Mapping[str, Any], today: dt.date) -> str | None:
    return _place(str(raw).strip(), _province_answer(q, ctx)).notice()


def _communes_of_province(q: Question, answers: Mapping[str, Any]) -> Iterable[str] | None:
    """The communes of the province answered so far, then the old names that lead to them
    (none before the province is answered)."""
    province = answers.get(q.province_question or "")
    if not province:
        return None
    return admin_map.commune_names(admin_map.find_province(province))


COMMUNE = AnswerType(
    "commune",
    parse=_commune,
    note=_commune_note,
    converts=True,
    suggestions=_communes_of_province,
)


# -- past_place -------------------------------------------------------------------------------
def _past_place(q: Question, raw: Any, ctx: Mapping[str, Any], today: dt.date) -> str:
    """The place as typed (cleaned): it is written as named at the time, found in the table or
    not (a name from before earlier renames, a place abroad)."""
    return parse_text(q, raw, ctx, today)


def _past_place_note(q: Question, raw: Any, ctx: Mapping[str, Any], today: dt.date) -> str | None:
    """Where the place's records are now when that is not what was typed (an old name, a
    split); that the checklist cannot name the office when the table does not know it."""
    found = past_place.holder(clean(str(raw)))
    if found is None:
        return _(
            "không có trong bảng đơn vị hành chính: ghi như đã nhập, nhưng danh sách giấy tờ "
            "không nêu được nơi nay lưu giữ hồ sơ"
        )
    if found.notice is None and not found.split:
        return None  # current names: the checklist says the same
    office = expressions.records_held_by(clean(str(raw)), language())
    return _("ghi như đã nhập; hồ sơ của nơi đó nay do {office} lưu giữ").format(office=office)


PAST_PLACE = AnswerType("past_place", parse=_past_place, note=_past_place_note)
