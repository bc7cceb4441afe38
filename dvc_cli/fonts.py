"""The bundled Vietnamese font (Noto Serif subset, OFL-1.1) and reportlab registration."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

FONT_FAMILY = "NotoSerif"
STYLES = {"Regular": FONT_FAMILY, "Bold": f"{FONT_FAMILY}-Bold", "Italic": f"{FONT_FAMILY}-Italic"}


def font_path(style: str = "Regular") -> Path:
    """Path of the bundled TTF for ``style`` (Regular, Bold or Italic)."""
    return Path(str(resources.files("dvc_cli") / "fonts" / f"NotoSerif-{style}.ttf"))


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


@cache
def _charset() -> frozenset[int]:
    from reportlab.pdfbase import pdfmetrics

    register_fonts()
    face = pdfmetrics.getFont(STYLES["Regular"]).face
    return frozenset(face.charToGlyph)


def missing_chars(text: str) -> list[str]:
    """Characters of ``text`` (already NFC) that the bundled font cannot draw, in order."""
    charset = _charset()
    seen: list[str] = []
    for ch in text:
        if ch not in "\n\t" and ord(ch) not in charset and ch not in seen:
            seen.append(ch)
    return seen
