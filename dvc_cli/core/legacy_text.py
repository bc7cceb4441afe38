"""Vietnamese text in legacy encodings, recognised and converted to Unicode (pure functions).

Old office spreadsheets hold text typed with the VNI or TCVN3 (ABC) fonts: the letters are
Latin-1 characters that only those fonts draw as Vietnamese (``HOAØNG``, ``Sè 233 ®­êng``).
Others hold UTF-8 read as Windows-1252 (``Nguyá»…n``), undone with ftfy.

The tables below follow the two code charts as their fonts use them: VNI-Windows (VNI Software,
the ``VNI-Times`` font family: a base letter followed by one byte per diacritic, ``aø`` = à,
``aâ`` = â, ``aá`` = ấ; single bytes for ơ ư đ ĩ ị ỉ ỵ í ì) and TCVN3 = TCVN 5712:1993 "VN3"
(the ``.VnTime`` fonts: one byte per lowercase letter, ``¸`` = á, ``®`` = đ, U+00AD = ư; only
the seven bare capitals Ă Â Ê Ô Ơ Ư Đ have their own bytes). Written from those charts and
checked by the tests: the issue's examples, 84 names and places transcribed separately from the
tables (tests/office/cells/test_legacy_words.py), and every bundled label and example resident
left as it is; not yet against a converter's own tables such as Unikey's (maintainers: do that
before widening detection).

Detection is conservative: a text is looked at only if it holds a character that Unicode
Vietnamese never uses (``Ø``, ``®``, ``µ``...), a VNI letter pair that no Vietnamese syllable
has (``eã``, ``oâ``), or a capital inside a lowercase word (TCVN3 ``NguyÔn``); it is converted
only if the result is plain Vietnamese (every letter of the Vietnamese alphabet, at most one
tone mark a word). Real Unicode Vietnamese is returned as it is.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from dvc_cli.i18n import N_

VNI = N_("mã VNI")
TCVN3 = N_("mã TCVN3 (ABC)")
MOJIBAKE = N_("chữ UTF-8 bị đọc sai thành Windows-1252")

# -- VNI-Windows ----------------------------------------------------------------------------
# Diacritic bytes after a base vowel: (lowercase byte, uppercase byte) → combining marks.
_VNI_MARKS: dict[str, str] = {}
for _low, _up, _marks in [
    ("ù", "Ù", "\u0301"),  # sắc
    ("ø", "Ø", "\u0300"),  # huyền
    ("û", "Û", "\u0309"),  # hỏi
    ("õ", "Õ", "\u0303"),  # ngã
    ("ï", "Ï", "\u0323"),  # nặng
    ("â", "Â", "\u0302"),  # â ê ô
    ("á", "Á", "\u0302\u0301"),  # ấ ế ố
    ("à", "À", "\u0302\u0300"),  # ầ ề ồ
    ("å", "Å", "\u0302\u0309"),  # ẩ ể ổ
    ("ã", "Ã", "\u0302\u0303"),  # ẫ ễ ỗ
    ("ä", "Ä", "\u0302\u0323"),  # ậ ệ ộ
    ("ê", "Ê", "\u0306"),  # ă
    ("é", "É", "\u0306\u0301"),  # ắ
    ("è", "È", "\u0306\u0300"),  # ằ
    ("ú", "Ú", "\u0306\u0309"),  # ẳ
    ("ü", "Ü", "\u0306\u0303"),  # ẵ
    ("ë", "Ë", "\u0306\u0323"),  # ặ
]:
    _VNI_MARKS[_low] = _VNI_MARKS[_up] = _marks
#: Bytes that are a letter on their own.
_VNI_SINGLE = {
    "ô": "ơ", "Ô": "Ơ", "ö": "ư", "Ö": "Ư", "ñ": "đ", "Ñ": "Đ",
    "í": "í", "Í": "Í", "ì": "ì", "Ì": "Ì", "æ": "ỉ", "Æ": "Ỉ",
    "ó": "ĩ", "Ó": "Ĩ", "ò": "ị", "Ò": "Ị", "î": "ỵ", "Î": "Ỵ",
}  # fmt: skip
_VNI_BASES = set("aeouyAEOUY") | {"ơ", "Ơ", "ư", "Ư"}

# -- TCVN3 (TCVN 5712:1993, VN3) ------------------------------------------------------------
_TCVN3_PAIRS = (
    "¸á µà ¶ả ·ã ¹ạ ¨ă ¾ắ »ằ ¼ẳ ½ẵ Æặ ©â Êấ Çầ Èẩ Éẫ Ëậ Ðé Ìè Îẻ Ïẽ Ñẹ ªê Õế Òề Óể Ôễ Öệ "
    "Ýí ×ì Øỉ Üĩ Þị ãó ßò áỏ âõ äọ «ô èố åồ æổ çỗ éộ ¬ơ íớ êờ ëở ìỡ îợ óú ïù ñủ òũ ôụ "
    "\u00adư øứ õừ öử ÷ữ ùự ýý úỳ ûỷ üỹ þỵ ®đ ¡Ă ¢Â £Ê ¤Ô ¥Ơ ¦Ư §Đ"
)
_TCVN3 = {pair[0]: pair[1] for pair in _TCVN3_PAIRS.split()}

# -- what Unicode Vietnamese is made of -----------------------------------------------------
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_VOWELS = "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY"
#: Every non-ASCII letter of the Vietnamese alphabet (NFC): vowels with or without a tone, đ.
_VN_ALPHABET = {unicodedata.normalize("NFC", v + t) for v in _VOWELS for t in ["", *_TONES]} | set(
    "đĐ"
)
#: Latin-1 symbols no Vietnamese text has inside a word: the surest sign of TCVN3.
_STRONG = set("¸µ¶·¹¨©ª¬\u00ad®¾¼½¡¢£¤¥¦§")
#: Latin-1 letters no Vietnamese word has (but a foreign name may: Müller).
_FOREIGN = set("äåæçëîïñöøûüþÿðÄÅÆÇËÎÏÑÖØÛÜÞß«»×÷") | _STRONG
_VNI_BYTES = set(_VNI_MARKS) | set(_VNI_SINGLE)
#: VNI letter pairs no Vietnamese syllable has (hoà, quá, thuê, tuân, yêu are real).
_VNI_PAIR = re.compile(
    "[aAeE][ùøûõïâáàåãäêéèúüëÙØÛÕÏÂÁÀÅÃÄÊÉÈÚÜË]"
    "|[oO][ùøûõïâåäêúüëÙØÛÕÏÂÅÄÊÚÜË]"
    "|[uU][ùøûõïåäüëúÙØÛÕÏÅÄÜËÚ]"
    "|[yYôÔ][ùøûõïÙØÛÕÏ]"
)
#: TCVN3 lowercase text: a capital letter right after a lowercase one (``NguyÔn``).
_TCVN3_CAPITAL = re.compile("[a-zđ][ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ]")
#: Characters UTF-8 mojibake is made of (the lead bytes Ã Ä Æ á» and cp1252's extras).
_MOJIBAKE_HINT = re.compile(
    "[ÃÄÆÂÅá][\u0080-\u00bf\u2010-\u203a\u0152\u0153\u0160\u0161\u0178\u017d\u017e"
    "\u0192\u02c6\u02dc\u20ac\u2122]"
)

#: Anything any of the checks below looks for: text without it is returned at C speed.
_SUSPICIOUS = re.compile(
    "|".join(
        [
            "[" + re.escape("".join(sorted(_FOREIGN))) + "]",
            _VNI_PAIR.pattern,
            _TCVN3_CAPITAL.pattern,
            _MOJIBAKE_HINT.pattern,
        ]
    )
)


@dataclass(frozen=True)
class Converted:
    """A text converted to Unicode and the encoding (a message id, see ``_()``) it was in."""

    text: str
    encoding: str


def is_vietnamese(text: str) -> bool:
    """True if every letter is of the Vietnamese alphabet (ASCII included) and no word has
    more than one tone mark, nor more than one shaped vowel but ươ (VNI read into Unicode
    text makes "Lăê" of the commune name "Laêê")."""
    for word in unicodedata.normalize("NFC", text).split():
        tones = 0
        for letter in word:
            if letter in _FOREIGN or unicodedata.category(letter) == "Mn":
                return False
            if letter.isascii() or not letter.isalpha():
                continue
            if letter not in _VN_ALPHABET:
                return False
            tones += any(ch in _TONES for ch in unicodedata.normalize("NFD", letter))
        if tones > 1:
            return False
        shaped = [ch for ch in _bare_letters(word) if ch in _SHAPED]
        if len(shaped) > 1 and shaped != ["ư", "ơ"]:  # only ươ (người) has two
            return False
    return True


_SHAPED = frozenset("ăâêôơư")


def _bare_letters(word: str) -> str:
    """``word`` in lower case without tone marks (shapes kept: ờ → ơ, ễ → ê)."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONES))


def from_vni(text: str) -> str:
    """``text`` read with the VNI-Windows table."""
    out: list[str] = []
    for ch in text:
        marks = _VNI_MARKS.get(ch)
        if marks is not None and out and out[-1] in _VNI_BASES:
            base = _VNI_SINGLE.get(out[-1], out[-1])
            out[-1] = unicodedata.normalize("NFC", base + marks)
        else:
            out.append(_VNI_SINGLE.get(ch, ch))
    return unicodedata.normalize("NFC", "".join(out))


def from_tcvn3(text: str) -> str:
    """``text`` read with the TCVN3 table."""
    return "".join(_TCVN3.get(ch, ch) for ch in text)


def _unicode(text: str) -> bool:
    """True if ``text`` has a Vietnamese letter beyond Latin-1 (ă đ ơ ư ạ ờ...): it is Unicode
    already, whatever else it holds (« » × are then typography)."""
    return any(ord(ch) > 0xFF and ch in _VN_ALPHABET for ch in text)


def _in_word(text: str, i: int) -> bool:
    """Whether the character at ``i`` touches a letter (``6×`` or ``« a »`` do not count)."""
    return (i > 0 and text[i - 1].isalpha()) or (i + 1 < len(text) and text[i + 1].isalpha())


def _signals(text: str, *, mixed: bool = False) -> tuple[int, int]:
    """How strongly ``text`` looks like VNI and like TCVN3 (0: not at all). One foreign
    letter alone (Müller) is not enough; one TCVN3 symbol (``®``, ``¸``) or VNI pair is.
    Text with Unicode Vietnamese letters counts only with ``mixed`` (half-converted text)."""
    if not mixed and _unicode(text):
        return 0, 0
    foreign = [ch for i, ch in enumerate(text) if ch in _FOREIGN and _in_word(text, i)]
    pairs = len(_VNI_PAIR.findall(text))
    vni = sum(ch in _VNI_BYTES for ch in foreign) + 2 * pairs
    tcvn3 = sum(ch in _TCVN3 for ch in foreign) + len(_TCVN3_CAPITAL.findall(text))
    strong = any(ch in _STRONG for ch in foreign)
    return (vni if vni >= 2 else 0, tcvn3 if tcvn3 >= 2 or strong else 0)


def _fix_mojibake(text: str) -> str | None:
    if not _MOJIBAKE_HINT.search(text):
        return None
    try:
        import ftfy  # only for suspicious text: it costs ~40 ms to import
    except ImportError:  # a broken install: the text is refused (suspect), never garbled
        return None

    fixed = unicodedata.normalize("NFC", ftfy.fix_encoding(text))
    return fixed if fixed != text and is_vietnamese(fixed) else None


@cache
def _place_words() -> frozenset[str]:
    """Words of official unit names that read like VNI ("Laêê" of Xã Laêê, Quảng Nam):
    Unicode as the table writes them, never converted nor refused."""
    from dvc_cli.core.vn.admin_table import table

    t = table()
    groups = (t.provinces, t.communes, t.old_provinces, t.old_districts, t.old_communes)
    words = {w for group in groups for u in group.values() for w in u.name.split()}
    return frozenset(w.casefold() for w in words if not w.isascii() and _signals(w, mixed=True)[0])


def _without_place_words(text: str) -> str:
    return " ".join(w for w in text.split() if w.casefold() not in _place_words())


def convert(text: str) -> Converted | None:
    """``text`` in Unicode if it is legacy-encoded Vietnamese, else None (already Unicode, or
    not recognisably one encoding: see :func:`suspect`)."""
    if text.isascii() or not _SUSPICIOUS.search(text):
        return None
    if not _SUSPICIOUS.search(_without_place_words(text)):
        return None
    fixed = _fix_mojibake(text)
    if fixed is not None:
        return Converted(fixed, MOJIBAKE)
    vni, tcvn3 = _signals(text)
    if not (vni or tcvn3):
        return None
    found = []
    if vni:
        found.append((vni, Converted(from_vni(text), VNI)))
    if tcvn3:
        found.append((tcvn3, Converted(from_tcvn3(text), TCVN3)))
    good = [(score, c) for score, c in found if c.text != text and is_vietnamese(c.text)]
    if not good:
        return None
    good.sort(key=lambda sc: -sc[0])
    return good[0][1]


def suspect(text: str) -> tuple[str, str] | None:
    """(the first suspicious character, the encoding it suggests) when ``text`` looks like a
    legacy encoding or mojibake that :func:`convert` could not undo; None for clean text."""
    if text.isascii() or not _SUSPICIOUS.search(text):
        return None
    text = _without_place_words(text)
    hint = _MOJIBAKE_HINT.search(text)
    if hint:
        return hint.group(0)[0], MOJIBAKE
    vni, tcvn3 = _signals(text, mixed=True)
    if not (vni or tcvn3):
        return None
    char = next((ch for ch in text if ch in _FOREIGN), None)
    if char is None:
        match = _VNI_PAIR.search(text) or _TCVN3_CAPITAL.search(text)
        char = match.group(0)[1] if match else text[0]
    return char, VNI if vni >= tcvn3 else TCVN3
