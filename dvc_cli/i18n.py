"""The interface language: gettext catalogs for dvc's own messages, and bilingual labels.

Messages are written in Vietnamese in the code (``_("Đã tạo")``); ``locale/en`` holds their
English translations (``dvc.po``, compiled to ``dvc.mo`` with Babel). Procedure files carry
their own ``{vi, en}`` labels, picked by :func:`pick`. Vietnamese is the default; ``--lang en``
or ``DVC_LANG=en`` switches. The language is read once at import (so ``--help`` texts, built
when the command modules load, are translated) and again by the root command.
"""

from __future__ import annotations

import gettext
import os
import sys
from pathlib import Path
from typing import Protocol

LANGUAGES = ("vi", "en")
DEFAULT = "vi"
DOMAIN = "dvc"
LOCALE_DIR = Path(__file__).parent / "locale"

_language = DEFAULT
_catalog: gettext.NullTranslations = gettext.NullTranslations()


class _Text(Protocol):
    vi: str
    en: str | None


def language() -> str:
    """The current interface language (``"vi"`` or ``"en"``)."""
    return _language


def normalise(lang: str | None) -> str | None:
    """``"EN"``, ``"en_US.UTF-8"`` → ``"en"``; None when not a supported language."""
    if not lang:
        return None
    code = lang.strip().lower().replace("-", "_").split(".")[0].split("_")[0]
    return code if code in LANGUAGES else None


def set_language(lang: str | None) -> str:
    """Switch the interface language; None means ``DVC_LANG`` or Vietnamese."""
    global _language, _catalog
    chosen = normalise(lang) or normalise(os.environ.get("DVC_LANG")) or DEFAULT
    if chosen == DEFAULT:
        _catalog = gettext.NullTranslations()
    else:
        _catalog = gettext.translation(
            DOMAIN, localedir=LOCALE_DIR, languages=[chosen], fallback=True
        )
    _language = chosen
    return chosen


def _(message: str) -> str:
    """Translate one message of dvc's own (written in Vietnamese) into the current language."""
    return _catalog.gettext(message)


def N_(message: str) -> str:
    """Mark a message for extraction without translating it: for messages kept in module-level
    constants (evaluated once, at import), which are passed through :func:`_` when shown."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a message with a count (Vietnamese has one form, English two)."""
    return _catalog.ngettext(singular, plural, n)


def pick(text: _Text | None) -> str:
    """A procedure label in the current language; a missing English label falls back to
    Vietnamese."""
    if text is None:
        return ""
    if _language == "en" and text.en:
        return text.en
    return text.vi


def _from_argv(argv: list[str]) -> str | None:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


set_language(_from_argv(sys.argv[1:]))
