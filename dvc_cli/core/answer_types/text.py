"""Free text and people's names."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from dvc_cli.core.answer_types.base import AnswerType
from dvc_cli.core.schema import Question
from dvc_cli.errors import AnswerError
from dvc_cli.i18n import _, ngettext
from dvc_cli.text import clean


def visible(q: Question, value: str) -> None:
    """Refuse a control character, then an invisible one (a zero-width space, a BOM, a
    direction mark...: pasted from a web page or Word), named by its code since it cannot be
    seen."""
    if any(unicodedata.category(ch) == "Cc" for ch in value):
        raise AnswerError(_("có ký tự điều khiển không hợp lệ"), q.id)
    for ch in value:
        if unicodedata.category(ch) == "Cf":
            message = _(
                "có ký tự vô hình U+{code:04X} (thường do sao chép từ trang web hay Word): "
                "xóa nó rồi nhập lại"
            )
            raise AnswerError(message.format(code=ord(ch)), q.id)


def drawable(q: Question, value: str) -> None:
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


def parse_text(q: Question, raw: Any, ctx: Mapping[str, Any], today: dt.date) -> str:
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
    visible(q, value)
    drawable(q, value)
    return value


def _name(q: Question, raw: Any, ctx: Mapping[str, Any], today: dt.date) -> str:
    value = clean(str(raw))
    visible(q, value)
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
    drawable(q, value)
    return value


TEXT = AnswerType("text", parse=parse_text)
NAME = AnswerType("name", parse=_name)
