"""Numbers and strings of digits: integers, citizen ID numbers, mobile phone numbers."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from dvc_cli.core.answer_types.base import AnswerType, cell_text, whole_number
from dvc_cli.core.vn import citizen_id
from dvc_cli.errors import AnswerError
from dvc_cli.i18n import _
from dvc_cli.text import clean

if TYPE_CHECKING:
    from dvc_cli.core.schema import Question

# Vietnamese mobile prefixes (after the 0), as allocated since the 2018 renumbering.
_MOBILE_PREFIXES = (
    {f"3{d}" for d in "23456789"}
    | {"56", "58", "59", "70"}
    | {f"7{d}" for d in "6789"}
    | {f"8{d}" for d in "123456789"}
    | {f"9{d}" for d in "0123456789"}
)


# -- integer ----------------------------------------------------------------------------------
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


def _integer_cell(q: Question, value: Any) -> Any:
    """A spreadsheet number is the number (2.0 as 2)."""
    number = whole_number(value)
    return number if number is not None else cell_text(q, value)


INTEGER = AnswerType(
    "integer",
    parse=_integer,
    from_cell=_integer_cell,
    example=lambda q: q.min if q.min is not None else 0,
    typed_default=True,
)


# -- citizen_id -------------------------------------------------------------------------------
# 3.81952E+10: Excel showed (and saved to CSV) a long number in scientific notation
_SCIENTIFIC = re.compile(r"^\d(?:[.,]\d+)?[eE]\+?\d+$")


def _citizen_id(q: Question, raw: Any, ctx: Mapping[str, Any], today: dt.date) -> str:
    text = clean(str(raw))
    if _SCIENTIFIC.match(text):
        raise AnswerError(
            _(
                "Excel đã đổi số định danh sang dạng khoa học (…E+…) và làm mất các chữ số "
                "cuối: định dạng cột là Văn bản (Text) rồi nhập lại số trên thẻ"
            ),
            q.id,
        )
    number = citizen_id.normalise(text)
    if len(number) == 8 and number.isdigit():  # a 9-digit CMND whose leading 0 Excel dropped
        raise AnswerError(
            _(
                "chỉ có 8 chữ số: nếu là số CMND 9 số cũ, Excel đã bỏ số 0 ở đầu; hãy nhập số "
                "định danh cá nhân 12 số trên thẻ căn cước (định dạng cột là Văn bản/Text)"
            ),
            q.id,
        )
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


def _citizen_id_cell(q: Question, value: Any) -> Any:
    """A 12-digit number that a spreadsheet stored as a number lost its leading zeros (every
    ID number starts with 0, the code of a province of birth): they are put back."""
    number = whole_number(value)
    if number is not None and len(str(number)) in (10, 11):
        return str(number).zfill(12)
    return cell_text(q, value)


CITIZEN_ID = AnswerType("citizen_id", parse=_citizen_id, from_cell=_citizen_id_cell)


# -- phone ------------------------------------------------------------------------------------
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


def _phone_cell(q: Question, value: Any) -> Any:
    """A mobile number stored as a number lost its leading 0: it is put back."""
    number = whole_number(value)
    if number is not None and len(str(number)) == 9:
        return "0" + str(number)
    return cell_text(q, value)


PHONE = AnswerType("phone", parse=_phone, from_cell=_phone_cell)
