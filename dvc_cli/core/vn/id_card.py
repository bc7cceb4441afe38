"""The QR code on Vietnamese chip ID cards, read into a typed result (pure functions).

Chip citizen identity cards (căn cước công dân, CCCD, issued with a chip from 2021; QR code on
the front) and identity cards (thẻ căn cước, from 01/07/2024 under Luật Căn cước 2023 and
Thông tư 16/2024/TT-BCA; QR code on the back) carry a QR code whose text is the card's fields
separated by ``|``, dates as ``ddmmyyyy``::

    <12-digit ID>|<old 9-digit CMND, may be empty>|<full name>|<birth date>|<Nam/Nữ>
        |<permanent address>|<issue date>          (one line, no spaces around the bars)

Variants seen in public parsers (read 2026-12-01; none is official): 6 fields (no CMND slot),
11 fields on 2024 cards (4 trailing fields, often empty, some holding the parents' names),
a leading BOM, a trailing CR or CRLF (the scanner's Enter), text in NFD. The address is the
one printed on the card, usually with the pre-2025 units, comma-separated and sometimes without
the "Phường/Xã" words (``Số 15 ngõ 4, Trường Thi, Thanh Hóa, Thanh Hóa``).

Not in the payload: ethnicity, nationality, the place of issue. The card type and its issuer
follow from the date of issue: before 01/07/2024 a căn cước công dân, issued (with a chip,
from 2021) by the "Cục Cảnh sát quản lý hành chính về trật tự xã hội"; from 01/07/2024 a thẻ
căn cước, issued by the "Bộ Công an" (the procedures' ``id_issuer`` default says the same;
the dates as in ``procedures/_common.yaml``'s ``id_issue_date`` rules, Luật Căn cước 2023
Điều 46 and Luật Căn cước công dân 2014, checked 2026-12-01; the issuer's wording is
third-party: read in public desk notes and parsers the same day). A card dated before 2021
carries no such QR code: its issuer is left to be asked.

Checks: the ID number against the gender and birth year (:func:`citizen_id.check`, the one
place of that rule); dates real and in order; text a scanner in the wrong keyboard mode
mangled — missing diacritics (a Vietnamese word that cannot be written without them, the rule
of :func:`dvc_cli.core.answer_types.text.lacks_marks`; ``Nu`` for ``Nữ``), replaced ones (``?``,
U+FFFD), legacy encodings and mojibake (:func:`dvc_cli.core.legacy_text.suspect`) — refused
with what to change (:class:`CardMangled`), never read into answers. Text that is not an
ID-card code at all is :class:`NotIdCard`.

Recognising a payload by its shape (:func:`looks_like_card`) needs ``|`` separators, which no
name, date or ID number typed at a prompt has.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from dvc_cli.core import legacy_text
from dvc_cli.core.vn import citizen_id
from dvc_cli.errors import EXIT_BAD_INPUT, EXIT_INVALID_ANSWERS, DvcError
from dvc_cli.i18n import N_, _
from dvc_cli.text import clean, fold

CCCD = "cccd"  # căn cước công dân
THE_CAN_CUOC = "the_can_cuoc"  # thẻ căn cước
#: The first day of the thẻ căn cước (Luật Căn cước 2023, Điều 46: in force 01/07/2024).
CAN_CUOC_FROM = dt.date(2024, 7, 1)
#: The first chip CCCD, whose front carries this QR code (chip cards were issued from 2021).
CHIP_FROM = dt.date(2021, 1, 1)
#: The first CCCD of all (Luật Căn cước công dân 2014, in force 01/01/2016).
CCCD_FROM = dt.date(2016, 1, 1)
#: The card type's name as printed on forms (the procedures' ``id_type`` choice labels).
TYPE_LABELS = {CCCD: N_("Căn cước công dân"), THE_CAN_CUOC: N_("Thẻ căn cước")}
#: The gender as printed on forms and in the payload (the procedures' ``gender`` labels).
GENDER_LABELS = {"nam": "Nam", "nu": "Nữ"}
#: Who issued the card, by type (see the module's docstring).
ISSUERS = {CCCD: "Cục Cảnh sát quản lý hành chính về trật tự xã hội", THE_CAN_CUOC: "Bộ Công an"}
#: The number of fields of each known layout.
LAYOUTS = (6, 7, 11)
MAX_PAYLOAD = 1000  # a real payload is under 300 characters

_DATE = re.compile(r"^\d{8}$")
_BAD_MARK = re.compile("[?\ufffd]")
_WORD = re.compile(r"[^\W\d_]+")
#: The digit keys of a French (AZERTY) keyboard without Shift: a scanner typing through
#: that layout turns ``038196004521`` into ``à(ç&éè-àà'é&``.
_AZERTY_DIGITS = "à&é\"'(-è_ç"


class CardError(DvcError):
    """A payload refused: ``str(err)`` says why and what to do (never the payload)."""

    exit_code = EXIT_INVALID_ANSWERS


class NotIdCard(CardError):
    """Text that is not the QR code of a CCCD or thẻ căn cước."""

    exit_code = EXIT_BAD_INPUT


class CardMangled(CardError):
    """An ID-card code whose text the scanner mangled (wrong keyboard mode or code page)."""


@dataclass(frozen=True)
class IdCard:
    """What an ID card's QR code holds, checked; text NFC. ``extra``: the trailing fields
    of an 11-field (2024) payload, as read (often empty; some hold the parents' names)."""

    number: str
    old_number: str
    name: str
    birth_date: dt.date
    gender: str  # "nam" or "nu"
    address: str
    issue_date: dt.date
    fields: int  # 6, 7 or 11
    extra: tuple[str, ...] = ()

    @property
    def card_type(self) -> str:
        """:data:`CCCD` or :data:`THE_CAN_CUOC`, by the date of issue."""
        return THE_CAN_CUOC if self.issue_date >= CAN_CUOC_FROM else CCCD

    @property
    def type_label(self) -> str:
        """The card type as printed on forms (Vietnamese)."""
        return TYPE_LABELS[self.card_type]

    @property
    def issuer(self) -> str | None:
        """Who issued the card (Vietnamese, as forms print it); None when the date does not
        tell (a card dated before the chip cards)."""
        if self.card_type == CCCD and self.issue_date < CHIP_FROM:
            return None
        return ISSUERS[self.card_type]

    @property
    def gender_label(self) -> str:
        return GENDER_LABELS[self.gender]

    def warnings(self) -> list[str]:
        """What stands but deserves a look (interface language)."""
        out = []
        if self.issuer is None:
            out.append(
                _(
                    "ngày cấp trước năm 2021 (trước thẻ gắn chip): không suy ra được nơi cấp, "
                    "hãy ghi theo thẻ"
                )
            )
        if self.fields == 11 and self.card_type == CCCD:
            out.append(
                _(
                    "mã có 11 trường như thẻ căn cước 2024 nhưng ngày cấp trước 01/07/2024: "
                    "đối chiếu ngày cấp với thẻ"
                )
            )
        return out


def looks_like_card(text: str) -> bool:
    """Whether ``text`` is shaped like an ID card's QR payload (so a prompt treats it as a
    scan): at least five ``|`` separators, a first field of digits. Ordinary answers —
    names, dates, ID numbers, addresses — have no ``|``."""
    body = _strip(text)
    if body.count("|") < 5:
        return False
    first = body.split("|", 1)[0].strip()
    return bool(first) and (first.isdigit() or all(ch in _AZERTY_DIGITS for ch in first))


def _strip(text: str) -> str:
    """Without the BOM, the scanner's CR/LF and surrounding spaces."""
    return text.lstrip("\ufeff").strip(" \t\r\n")


def _not_card(reason: str) -> NotIdCard:
    return NotIdCard(_("không phải mã QR của thẻ căn cước/CCCD ({reason})").format(reason=reason))


def _mangled(what: str) -> CardMangled:
    return CardMangled(
        _(
            "mã QR của thẻ đọc ra bị sai chữ ({what}): máy quét đang gõ sai chế độ bàn phím — "
            "đặt máy quét gõ chữ Unicode (UTF-8) theo hướng dẫn của máy, hoặc dùng chế độ cổng "
            "COM (--scanner), rồi quét lại; không điền gì từ lần quét này"
        ).format(what=what)
    )


def _date(text: str, what: str) -> dt.date:
    if not _DATE.match(text):
        raise _not_card(_("{what} không phải dạng ngàythángnăm 8 chữ số").format(what=what))
    try:
        return dt.date(int(text[4:]), int(text[2:4]), int(text[:2]))
    except ValueError:
        raise CardError(
            _("mã QR của thẻ có {what} không có thật trong lịch").format(what=what)
        ) from None


def _check_text(text: str, what: str) -> None:
    """Refuse text a scanner mangled: control or invisible characters, replaced marks,
    legacy encodings, letters no Vietnamese text has."""
    if any(unicodedata.category(ch) in ("Cc", "Cf") for ch in text):
        raise _mangled(_("{what} có ký tự điều khiển hoặc vô hình").format(what=what))
    if _BAD_MARK.search(text):
        raise _mangled(_("{what} có dấu '?' thay cho chữ có dấu").format(what=what))
    found = legacy_text.suspect(text)
    if found is not None:
        char, encoding = found
        raise _mangled(
            _("{what} có ký tự '{char}' của {encoding}").format(
                what=what, char=char, encoding=_(encoding)
            )
        )
    if not legacy_text.is_vietnamese(text):
        raise _mangled(_("{what} có chữ không phải tiếng Việt").format(what=what))


def _without_marks(name: str, address: str, gender: str) -> bool:
    """Whether the payload lost its diacritics: all ASCII, and a word that Vietnamese always
    writes with a mark (or ``Nu`` for ``Nữ``)."""
    from dvc_cli.core.answer_types.text import lacks_marks

    if not (name + address + gender).isascii():
        return False
    if gender.casefold() == "nu":
        return True
    return any(lacks_marks(w) for w in _WORD.findall(f"{name} {address}"))


def parse(payload: str, today: dt.date | None = None) -> IdCard:
    """Read ``payload`` (the text of the QR code, as a scanner typed it) into an
    :class:`IdCard`; raise :class:`NotIdCard`, :class:`CardMangled` or :class:`CardError`.

    Messages never repeat the payload nor any of its values.
    """
    today = today or dt.date.today()
    if not isinstance(payload, str) or len(payload) > MAX_PAYLOAD:
        raise _not_card(_("quá dài"))
    body = unicodedata.normalize("NFC", _strip(payload))
    parts = body.split("|")
    if len(parts) not in LAYOUTS:
        raise _not_card(
            _("có {count} trường, mã của thẻ có 6, 7 hoặc 11 trường ngăn bằng '|'").format(
                count=len(parts)
            )
        )
    count = len(parts)
    parts = [p.strip() for p in parts]
    if count == 6:
        parts.insert(1, "")
    number, old, name, born, gender, address, issued, *extra = parts
    if len(number) == 12 and all(ch in _AZERTY_DIGITS for ch in number):
        raise _mangled(_("số định danh ra ký tự thay cho chữ số, như bàn phím kiểu Pháp"))
    if not (number.isascii() and number.isdigit() and len(number) == 12):
        raise _not_card(_("trường đầu không phải số định danh 12 chữ số"))
    if old and not (old.isascii() and old.isdigit() and len(old) == 9):
        raise _not_card(_("trường thứ hai không phải số CMND 9 chữ số"))
    birth_date = _date(born, _("ngày sinh"))
    issue_date = _date(issued, _("ngày cấp"))
    if _without_marks(name, address, gender):
        raise _mangled(_("mất dấu tiếng Việt"))
    for text, what in ((name, _("họ tên")), (address, _("địa chỉ")), (gender, _("giới tính"))):
        _check_text(text, what)
    folded = fold(gender)
    if folded not in ("nam", "nu"):
        if folded[:1] == "n" and len(folded) <= 3:  # "N", "Nu" with its ữ dropped
            raise _mangled(_("giới tính đọc ra '{text}'").format(text=gender))
        raise _not_card(_("giới tính không phải Nam hay Nữ"))
    if not name or not address:
        raise _not_card(_("thiếu họ tên hoặc địa chỉ"))
    name, address = clean(name), clean(address)
    problem = citizen_id.check(number, gender=folded, birth_year=birth_date.year)
    if problem:
        raise CardError(_("số định danh trong mã QR: {problem}").format(problem=problem))
    if birth_date > today or issue_date > today:
        raise CardError(_("mã QR của thẻ có ngày ở tương lai"))
    if issue_date <= birth_date:
        raise CardError(_("mã QR của thẻ có ngày cấp không sau ngày sinh"))
    if issue_date < CCCD_FROM:
        raise CardError(_("mã QR của thẻ có ngày cấp trước khi có thẻ căn cước công dân (2016)"))
    return IdCard(
        number=number,
        old_number=old,
        name=name,
        birth_date=birth_date,
        gender=folded,
        address=address,
        issue_date=issue_date,
        fields=count,
        extra=tuple(clean(e) for e in extra),
    )
