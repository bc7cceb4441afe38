"""Parse and validate one answer by its question type.

Every function takes what a person typed (or a CSV cell, or a YAML value) and returns the
typed value the engine stores, or raises AnswerError with a message in the interface language.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Mapping
from typing import Any

from dvc_cli.core.expressions import VnDate, age
from dvc_cli.core.schema import Question
from dvc_cli.core.vn import admin_map, citizen_id
from dvc_cli.errors import AnswerError
from dvc_cli.i18n import N_, _, ngettext, pick
from dvc_cli.text import clean, fold

_DATE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_TRUE = {"co", "c", "yes", "y", "true", "1", "x", "dung", "phai"}
_FALSE = {"khong", "k", "no", "n", "false", "0", "sai"}
# Vietnamese mobile prefixes (after the 0), as allocated since the 2018 renumbering.
_MOBILE_PREFIXES = (
    {f"3{d}" for d in "23456789"}
    | {"56", "58", "59", "70"}
    | {f"7{d}" for d in "6789"}
    | {f"8{d}" for d in "123456789"}
    | {f"9{d}" for d in "0123456789"}
)


def _text(q: Question, raw: Any, ctx: Mapping[str, Any], today: dt.date) -> str:
    value = clean(str(raw))
    if q.min_length is not None and len(value) < q.min_length:
        message = ngettext(
            "cần ít nhất {count} ký tự", "cần ít nhất {count} ký tự", q.min_length
        ).format(count=q.min_length)
        raise AnswerError(message, q.id)
    if q.max_length is not None and len(value) > q.max_length:
        message = ngettext(
            "tối đa {count} ký tự (đã nhập {given})",
            "tối đa {count} ký tự (đã nhập {given})",
            q.max_length,
        ).format(count=q.max_length, given=len(value))
        raise AnswerError(message, q.id)
    if q.pattern and not re.fullmatch(q.pattern, value):
        raise AnswerError(_("không đúng định dạng"), q.id)
    if any(unicodedata.category(ch) == "Cc" for ch in value):
        raise AnswerError(_("có ký tự điều khiển không hợp lệ"), q.id)
    _drawable(q, value)
    return value


def _drawable(q: Question, value: str) -> None:
    """Refuse a character the forms' font cannot print (Chinese, emoji...), at the answer."""
    if value.isascii():
        return
    from dvc_cli.fonts import missing_chars

    missing = missing_chars(value)
    if missing:
        ch = missing[0]
        raise AnswerError(
            _("phông chữ của tờ khai không in được ký tự '{char}' (U+{code:04X})").format(
                char=ch, code=ord(ch)
            ),
            q.id,
        )


def _name(q: Question, raw: Any, ctx: Mapping[str, Any], today: dt.date) -> str:
    value = clean(str(raw))
    bad = [
        ch for ch in value if not (ch.isalpha() or ch in " '’-" or unicodedata.category(ch) == "Mn")
    ]
    if bad:
        message = _("họ tên chỉ gồm chữ cái và dấu cách (có ký tự '{char}')").format(char=bad[0])
        raise AnswerError(message, q.id)
    if sum(ch.isalpha() for ch in value) < 2:
        raise AnswerError(_("họ tên quá ngắn"), q.id)
    limit = q.max_length or 50  # the longest real names are about 40 letters
    if len(value) > limit:
        message = ngettext("họ tên tối đa {count} ký tự", "họ tên tối đa {count} ký tự", limit)
        raise AnswerError(message.format(count=limit), q.id)
    _drawable(q, value)
    return value


def parse_date(raw: Any) -> VnDate:
    """dd/mm/yyyy (also d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy) or a date object."""
    if isinstance(raw, dt.datetime):
        return VnDate.of(raw.date())
    if isinstance(raw, dt.date):
        return VnDate.of(raw)
    text = clean(str(raw))
    m = _DATE.match(text)
    iso = _ISO_DATE.match(text)
    if m:
        day, month, year = (int(g) for g in m.groups())
    elif iso:
        year, month, day = (int(g) for g in iso.groups())
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


def match_choice(q: Question, raw: Any) -> str | None:
    """The choice value matching ``raw`` by id, label or alias, accent-insensitively."""
    key = fold(str(raw))
    for choice in q.choices or []:
        names = [choice.value, choice.label.vi, choice.label.en or "", *choice.aliases]
        if key in {fold(n) for n in names if n}:
            return choice.value
    return None


def _choice(q: Question, raw: Any, ctx: Mapping[str, Any], today: dt.date) -> str:
    value = match_choice(q, raw)
    if value is None:
        options = ", ".join(f"{c.value} ({pick(c.label)})" for c in q.choices or [])
        message = _("không phải lựa chọn hợp lệ; chọn: {options}")
        raise AnswerError(message.format(options=options), q.id)
    return value


def _boolean(q: Question, raw: Any, ctx: Mapping[str, Any], today: dt.date) -> bool:
    if isinstance(raw, bool):
        return raw
    key = fold(str(raw))
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise AnswerError(_("trả lời có hoặc không"), q.id)


def _integer(q: Question, raw: Any, ctx: Mapping[str, Any], today: dt.date) -> int:
    if isinstance(raw, bool):
        raise AnswerError(_("cần một số nguyên"), q.id)
    try:
        value = raw if isinstance(raw, int) else int(clean(str(raw)))
    except ValueError:
        raise AnswerError(_("không phải số nguyên"), q.id) from None
    if q.min is not None and value < q.min:
        raise AnswerError(_("phải từ {min} trở lên").format(min=q.min), q.id)
    if q.max is not None and value > q.max:
        raise AnswerError(_("tối đa {max}").format(max=q.max), q.id)
    return value


def _citizen_id(q: Question, raw: Any, ctx: Mapping[str, Any], today: dt.date) -> str:
    number = citizen_id.normalise(clean(str(raw)))
    gender = ctx.get(q.gender_question) if q.gender_question else None
    born = ctx.get(q.birth_date_question) if q.birth_date_question else None
    message = citizen_id.check(
        number,
        gender=gender if gender in ("nam", "nu") else None,
        birth_year=born.year if isinstance(born, dt.date) else None,
    )
    if message:
        raise AnswerError(message, q.id)
    return number


def _phone(q: Question, raw: Any, ctx: Mapping[str, Any], today: dt.date) -> str:
    digits = re.sub(r"[\s.\-()]", "", clean(str(raw)))
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    if not (digits.isascii() and digits.isdigit()) or len(digits) != 10 or digits[0] != "0":
        raise AnswerError(_("số điện thoại di động gồm 10 chữ số, bắt đầu bằng 0"), q.id)
    if digits[1:3] not in _MOBILE_PREFIXES:
        message = _("đầu số {prefix} không phải đầu số di động Việt Nam")
        raise AnswerError(message.format(prefix="0" + digits[1:3]), q.id)
    return digits


def _province(q: Question, raw: Any, ctx: Mapping[str, Any], today: dt.date) -> str:
    try:
        return admin_map.find_province(str(raw)).name
    except admin_map.LookupError_ as exc:
        raise AnswerError(str(exc), q.id) from None


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


PARSERS: dict[str, Callable[[Question, Any, Mapping[str, Any], dt.date], Any]] = {
    "text": _text,
    "name": _name,
    "date": _date,
    "choice": _choice,
    "boolean": _boolean,
    "integer": _integer,
    "citizen_id": _citizen_id,
    "phone": _phone,
    "province": _province,
    "commune": _commune,
}


def is_blank(raw: Any) -> bool:
    """True for None and for strings with only whitespace."""
    return raw is None or (isinstance(raw, str) and not raw.strip())


def parse(q: Question, raw: Any, ctx: Mapping[str, Any], today: dt.date) -> Any:
    """Parse ``raw`` for ``q``; blank gives None (the engine decides if that is allowed)."""
    if is_blank(raw):
        return None
    return PARSERS[q.type](q, raw, ctx, today)


def to_plain(q: Question, value: Any) -> Any:
    """The value as written to an answers file (dates as dd/mm/yyyy)."""
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return value


def display(q: Question, value: Any, *, localised: bool = False) -> str:
    """The value as shown to a person (choice labels, Có/Không): in Vietnamese, as the forms
    and csv-template print it, or with ``localised`` in the interface language (the review
    screen)."""
    if value is None:
        return "—"
    if q.type == "choice":
        for c in q.choices or []:
            if c.value == value:
                return pick(c.label) if localised else c.label.vi
    if q.type == "boolean":
        word = N_("Có") if value else N_("Không")
        return _(word) if localised else word
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)
