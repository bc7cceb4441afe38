"""Vietnamese text helpers: NFC normalisation and accent-insensitive folding."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC, the form every stored and drawn value uses."""
    return unicodedata.normalize("NFC", text)


def clean(text: str) -> str:
    """NFC-normalise, trim and collapse runs of whitespace to one space."""
    return _SPACES.sub(" ", nfc(text)).strip()


def fold(text: str) -> str:
    """Fold for matching: lower case, no tone or vowel marks, đ → d, single spaces.

    ``fold("Độc Thân") == fold("doc than") == "doc than"``.
    """
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = decomposed if decomposed.isascii() else decomposed.translate(_COMBINING)
    return " ".join(stripped.lower().replace("_", " ").split())  # _SPACES.sub, then strip


class _Combining(dict[int, int | None]):
    """``str.translate``'s table dropping combining characters (``unicodedata.combining``),
    filled as characters are met: a look-up in C for each one instead of a Python call."""

    def __missing__(self, code: int) -> int | None:
        if len(self) > 65536:  # fuzzed text: stay small
            self.clear()
        kept = None if unicodedata.combining(chr(code)) else code
        self[code] = kept
        return kept


_COMBINING = _Combining()


def slug(text: str, *, max_length: int = 40) -> str:
    """ASCII-safe file-name fragment: ``"Nguyễn Thị Dung"`` → ``"nguyen-thi-dung"``."""
    folded = fold(text)
    out = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")
    return out[:max_length].strip("-") or "x"
