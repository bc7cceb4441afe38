"""Free text and people's names."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from dvc_cli.core.answer_types.base import AnswerType
from dvc_cli.errors import AnswerError
from dvc_cli.i18n import _, ngettext
from dvc_cli.text import clean, fold

if TYPE_CHECKING:
    from dvc_cli.core.schema import Question


def visible(q: Question, value: str) -> None:
    """Refuse a control character, then an invisible one (a zero-width space, a BOM, a
    direction mark...: pasted from a web page or Word), named by its code since it cannot be
    seen."""
    if value.isprintable():  # no character of a category C* (nor a separator but space)
        return  # (one test in C: the two looks below cost ~4 µs a name)
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


_NAME_MARKS = str.maketrans("", "", " '’-")  # what a name may hold besides its letters


def _name(q: Question, raw: Any, ctx: Mapping[str, Any], today: dt.date) -> str:
    value = clean(str(raw))
    visible(q, value)
    letters = value.translate(_NAME_MARKS)
    if letters.isalpha():  # letters and " '’-" only (most names): no character to look at
        count = len(letters)
    else:
        bad = [
            ch
            for ch in value
            if not (ch.isalpha() or ch in " '’-" or unicodedata.category(ch) == "Mn")
        ]
        if bad:
            message = _("họ tên chỉ gồm chữ cái và dấu cách (có ký tự '{char}')").format(
                char=bad[0]
            )
            raise AnswerError(message, q.id)
        count = sum(ch.isalpha() for ch in value)
    if count < 2:
        raise AnswerError(_("họ tên quá ngắn"), q.id)
    limit = q.max_length or 50  # the longest real names are about 40 letters
    if len(value) > limit:
        message = ngettext("họ tên tối đa {count} ký tự", "họ tên tối đa {count} ký tự", limit)
        raise AnswerError(message.format(count=limit), q.id)
    drawable(q, value)
    return value


#: Vietnamese syllables as typed without marks: an initial consonant, one to three vowels, a
#: final consonant (the vowels end the syllable in "mai", "hieu").
_SYLLABLE = re.compile(
    r"(?P<initial>ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdghklmnprstvx])?"
    r"(?P<vowels>[aeiouy]{1,3})(?P<final>ch|ng|nh|[cmnpt])?"
)
#: Folded name words that are always written with a mark: the common family names and the
#: middle names (Nguyễn, Trần, Lê, Thị, Văn...); a word that is also a name unmarked (Phan,
#: Mai, Lam, Dung) is not here.
_MARKED_WORDS = frozenset(
    "nguyen tran le pham hoang huynh vu vo dang bui do ho ngo duong ly dinh trinh doan dao "
    "truong luong la lo ta to tong thi van huu cong hung tuan".split()
)


def _marked_syllable(word: str) -> bool:
    """Whether ``word`` (folded) is a Vietnamese name word that cannot be written without a
    mark: one of :data:`_MARKED_WORDS`, a syllable ending in -c, -ch, -p or -t (they always
    have a sắc or nặng tone: Đức, Việt, Ngọc, Bích) or one with ie, ye or uo (always iê, yê,
    ươ/uô: Hiếu, Tuyết, Dương)."""
    if word in _MARKED_WORDS:
        return True
    m = _SYLLABLE.fullmatch(word)
    if m is None:
        return False
    vowels = m["vowels"]
    return m["final"] in ("c", "ch", "p", "t") or any(v in vowels for v in ("ie", "ye", "uo"))


def _name_doubt(q: Question, value: str) -> str | None:
    """Ask whether a Vietnamese name typed without its marks (``Nguyen Thi Dung``, on a
    terminal without a Vietnamese input method) is really written so on the ID card: the forms
    would print ``NGUYEN THI DUNG``, which the official will not match.

    The rule: the name has no diacritics at all (folded it is only lower-cased; Đ counts as
    one), every word is spelled like a Vietnamese syllable, and at least one word cannot be
    Vietnamese without a mark (see :func:`_marked_syllable`). So ``Nguyen Thi Dung`` and ``Le
    Van Hung`` are doubted; names that may have none are not: Vietnamese ones whose every word
    exists unmarked (``Phan Thanh Lam``, ``Mai Anh``), foreign ones (``John Smith``, ``Maria
    Garcia``: not Vietnamese syllables) and ethnic-minority ones spelled otherwise (``H'Hen``).
    A doubt is not an error: the person confirms and the name is kept as typed.
    """
    if not lacks_marks(value):
        return None
    return _("Tên không có dấu — đúng như trên giấy tờ tùy thân?")


def lacks_marks(value: str) -> bool:
    """Whether ``value`` is Vietnamese written without its marks, by the rule of
    :func:`_name_doubt` (also how an ID card's QR payload read by a scanner that drops
    diacritics is told apart, :mod:`dvc_cli.core.vn.id_card`)."""
    words = value.lower().split()
    if fold(value) != " ".join(words):
        return False  # it has marks (even if only some)
    if not all(_SYLLABLE.fullmatch(w) for w in words):
        return False
    return any(_marked_syllable(w) for w in words)


TEXT = AnswerType("text", parse=parse_text)
NAME = AnswerType("name", parse=_name, doubt=_name_doubt)
