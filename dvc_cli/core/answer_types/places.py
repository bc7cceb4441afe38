"""Administrative units of the 2025 map: provinces, and communes within a province."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from dvc_cli.core.answer_types.base import AnswerType
from dvc_cli.core.schema import Question
from dvc_cli.core.vn import admin_map
from dvc_cli.errors import AnswerError
from dvc_cli.i18n import _


# -- province ---------------------------------------------------------------------------------
def _province(q: Question, raw: Any, ctx: Mapping[str, Any], today: dt.date) -> str:
    try:
        return admin_map.find_province(str(raw)).name
    except admin_map.LookupError_ as exc:
        raise AnswerError(str(exc), q.id) from None


PROVINCE = AnswerType(
    "province",
    parse=_province,
    suggestions=lambda q, answers: [p.name for p in admin_map.provinces()],
)


# -- commune ----------------------------------------------------------------------------------
def _commune(q: Question, raw: Any, ctx: Mapping[str, Any], today: dt.date) -> str:
    province_name = ctx.get(q.province_question or "")
    if not province_name:
        message = _("cần trả lời '{question}' trước").format(question=q.province_question)
        raise AnswerError(message, q.id)
    try:
        province = admin_map.find_province(province_name)
        return admin_map.find_commune(str(raw), province).name
    except admin_map.LookupError_ as exc:
        raise AnswerError(str(exc), q.id) from None


def _communes_of_province(q: Question, answers: Mapping[str, Any]) -> Iterable[str] | None:
    """The communes of the province answered so far (none before it is answered)."""
    province = answers.get(q.province_question or "")
    if not province:
        return None
    return admin_map.commune_names(admin_map.find_province(province))


COMMUNE = AnswerType("commune", parse=_commune, suggestions=_communes_of_province)
