"""Calendar dates, dd/mm/yyyy."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from dvc_cli.core.answer_types.base import AnswerType, cell_text
from dvc_cli.core.expressions import VnDate, age
from dvc_cli.errors import AnswerError
from dvc_cli.i18n import _, ngettext
from dvc_cli.text import clean

if TYPE_CHECKING:
    from dvc_cli.core.schema import Question

_DATE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_SERIAL = re.compile(r"^\d{5}(?:\.0+)?$")  # 32957 is 25/03/1990 counted as Excel does


def parse_date(raw: Any) -> VnDate:
    """dd/mm/yyyy (also d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy) or a date object."""
    if isinstance(raw, dt.datetime):
        return VnDate.of(raw.date())
    if isinstance(raw, dt.date):
        return VnDate.of(raw)
    text = clean(str(raw))
    m = _DATE.match(text)
    iso = None if m else _ISO_DATE.match(text)
    if m:
        day, month, year = int(m[1]), int(m[2]), int(m[3])
    elif iso:
        year, month, day = int(iso[1]), int(iso[2]), int(iso[3])
    elif _SERIAL.match(text) and 1 <= float(text) < 100_000:
        raise ValueError(
            _(
                "ô chứa số ngày kiểu Excel (một con số, không phải ngày/tháng/năm): định dạng ô "
                "là Ngày (Date) hoặc Văn bản, ghi dạng 05/03/1990"
            )
        )
    else:
        raise ValueError(_("không phải ngày dạng ngày/tháng/năm, ví dụ 05/03/1990"))
    try:
        return VnDate(year, month, day)
    except ValueError:
        raise ValueError(_("không phải ngày có thật trong lịch")) from None


def _date(q: Question, raw: Any, ctx: Mapping[str, Any], today: dt.date) -> VnDate:
    try:
        value = parse_date(raw)
    except ValueError as exc:
        raise AnswerError(str(exc), q.id) from None
    if value.year < 1900:
        raise AnswerError(_("năm phải từ 1900 trở đi"), q.id)
    if q.not_future and value > today:
        raise AnswerError(_("ngày ở tương lai"), q.id)
    years = age(value, today)
    if q.min_age is not None and years is not None and years < q.min_age:
        message = ngettext(
            "phải đủ {min} tuổi (hiện {age} tuổi)",
            "phải đủ {min} tuổi (hiện {age} tuổi)",
            q.min_age,
        )
        raise AnswerError(message.format(min=q.min_age, age=years), q.id)
    if q.max_age is not None and years is not None and years > q.max_age:
        message = _("ngày sinh cho thấy {age} tuổi, quá {max}").format(age=years, max=q.max_age)
        raise AnswerError(message, q.id)
    return value


def _from_cell(q: Question, value: Any) -> Any:
    """A spreadsheet date is the day itself (its time of day dropped)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return cell_text(q, value)


DATE = AnswerType("date", parse=_date, from_cell=_from_cell, typed_default=True)
