"""The bundled Vietnamese font (Noto Serif subset, OFL-1.1): its files, its reportlab
registration, and what it can draw.

The one place that knows the font's character set: :func:`charset` reads it from the faces
reportlab registered (each TTF is parsed once per process, and the fast PDF writer of
:mod:`dvc_cli.render.pdf_text` builds its subsets from the same faces). "Can the font draw
this?" is :func:`missing_chars`; "is it in the fast fixed subset?" is a narrower question,
:func:`dvc_cli.render.pdf_text.in_fixed_subset`.
"""

from __future__ import annotations

from collections.abc import Container
from functools import cache
from pathlib import Path
from typing import Any

FONT_FAMILY = "NotoSerif"
STYLES = {"Regular": FONT_FAMILY, "Bold": f"{FONT_FAMILY}-Bold", "Italic": f"{FONT_FAMILY}-Italic"}


def _folder() -> Path:
    """The bundled fonts' folder (beside this module: ``importlib.resources`` would cost a
    command ~3 ms of imports to say the same of an installed package's files)."""
    return Path(__file__).parent / "fonts"


def font_path(style: str = "Regular") -> Path:
    """Path of the bundled TTF for ``style`` (Regular, Bold or Italic)."""
    return _folder() / f"NotoSerif-{style}.ttf"


@cache
def register_fonts() -> str:
    """Register the bundled fonts with reportlab once; return the regular font name."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for style, name in STYLES.items():
        pdfmetrics.registerFont(TTFont(name, str(font_path(style))))
    addMapping(FONT_FAMILY, 0, 0, STYLES["Regular"])
    addMapping(FONT_FAMILY, 1, 0, STYLES["Bold"])
    addMapping(FONT_FAMILY, 0, 1, STYLES["Italic"])
    addMapping(FONT_FAMILY, 1, 1, STYLES["Bold"])
    return FONT_FAMILY


def face(style: str = "Regular") -> Any:
    """The parsed TTF of ``style`` (reportlab's TTFontFace), the one registered with reportlab."""
    from reportlab.pdfbase import pdfmetrics

    register_fonts()
    return pdfmetrics.getFont(STYLES[style]).face


@cache
def charset(style: str = "Regular") -> frozenset[int]:
    """The code points the bundled ``style`` can draw."""
    data = bundled_data()
    if data is None:
        return frozenset(face(style).charToGlyph)
    return frozenset(c for start, end in data["charsets"][style] for c in range(start, end + 1))


BUNDLED_DATA = "fixed-subsets.json"


@cache
def bundled_data() -> dict[str, Any] | None:
    """``fonts/fixed-subsets.json``: each style's character set and the fast PDF writer's
    fixed subset, worked out from the TTFs by ``scripts/font_data.py`` (which ``--check``s it)
    so that a command needs neither reportlab nor the TTFs parsed. None when the file is
    missing, unreadable or not made from these very TTFs (their SHA-256 are in it): then
    everything is worked out from the fonts, as before."""
    import hashlib
    import json

    try:
        path = _folder() / BUNDLED_DATA
        data = json.loads(path.read_text(encoding="ascii"))
        for style in STYLES:
            digest = hashlib.sha256(font_path(style).read_bytes()).hexdigest()
            if data["ttf_sha256"][style] != digest:
                return None
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return data if isinstance(data, dict) else None


def charset_ranges(style: str) -> list[list[int]]:
    """The TTF's own character set of ``style`` as [first, last] runs (for the JSON)."""
    ranges: list[list[int]] = []
    for c in sorted(face(style).charToGlyph):
        if ranges and ranges[-1][1] == c - 1:
            ranges[-1][1] = c
        else:
            ranges.append([c, c])
    return ranges


def missing_from(chars: Container[int], text: str) -> list[str]:
    """Characters of ``text`` whose code point is not in ``chars``, once each, in order
    (newlines and tabs are layout, not drawn)."""
    seen: list[str] = []
    for ch in text:
        if ord(ch) not in chars and ch not in "\n\t" and ch not in seen:
            seen.append(ch)
    return seen


def missing_chars(text: str) -> list[str]:
    """Characters of ``text`` (already NFC) that the bundled font cannot draw, in order."""
    if _drawn().issuperset(text):  # every one (a set's look, in C); else find which
        return []
    return missing_from(charset(), text)


@cache
def _drawn() -> frozenset[str]:
    """:func:`charset` as characters."""
    return frozenset(map(chr, charset()))
