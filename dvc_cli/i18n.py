"""The interface language: gettext catalogs for dvc's own messages, and bilingual labels.

Messages are written in Vietnamese in the code (``_("Đã tạo")``); ``locale/en`` holds their
English translations (``dvc.po``, compiled to ``dvc.mo`` with Babel). Procedure files carry
their own ``{vi, en}`` labels, picked by :func:`pick`. Vietnamese is the default; ``--lang en``
or ``DVC_LANG=en`` switches. The language is that of the :class:`~dvc_cli.context.Context` in
force, read at every message.
"""

from __future__ import annotations

import gettext
import os
from functools import cache
from pathlib import Path
from typing import Protocol

from dvc_cli import context

LANGUAGES = context.LANGUAGES
DEFAULT = context.DEFAULT_LANGUAGE
DOMAIN = "dvc"
LOCALE_DIR = Path(__file__).parent / "locale"


class _Text(Protocol):
    vi: str
    en: str | None


def language() -> str:
    """The interface language of the context in force (``"vi"`` or ``"en"``)."""
    return context.current().language


normalise = context.normalise_language


def set_language(lang: str | None) -> str:
    """Put the context in force in another language; None means ``DVC_LANG`` or Vietnamese.

    For one block of code, prefer ``with context.using(ctx.but(language=...))``.
    """
    chosen = normalise(lang) or normalise(os.environ.get("DVC_LANG")) or DEFAULT
    context.activate(context.current().but(language=chosen))
    return chosen


@cache
def _catalog(lang: str) -> gettext.NullTranslations:
    if lang == DEFAULT:
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[lang], fallback=True)


def _(message: str) -> str:
    """Translate one message of dvc's own (written in Vietnamese) into the current language."""
    lang = context.current().language
    if lang == DEFAULT:  # what the Vietnamese catalogue (gettext's NullTranslations) gives
        return message
    return _catalog(lang).gettext(message)


def N_(message: str) -> str:
    """Mark a message for extraction without translating it: for messages kept in module-level
    constants (evaluated once, at import), which are passed through :func:`_` when shown."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a message with a count (Vietnamese has one form, English two)."""
    return _catalog(context.current().language).ngettext(singular, plural, n)


def pick(text: _Text | None) -> str:
    """A procedure label in the current language; a missing English label falls back to
    Vietnamese."""
    if text is None:
        return ""
    if text.en and context.current().language == "en":
        return text.en
    return text.vi
