#!/usr/bin/env python3
"""Refresh dvc's message catalogs: extract, update, compile (needs Babel: ``pip install babel``).

    python scripts/i18n.py          # dvc_cli/locale/dvc.pot, en/LC_MESSAGES/dvc.po and dvc.mo
    python scripts/i18n.py --check  # change nothing; exit 1 if a catalog is stale or incomplete

Steps, the same as::

    pybabel extract -F babel.cfg --no-default-keywords -k _ -k ngettext:1,2 -k N_ \\
        --add-location=file -o dvc_cli/locale/dvc.pot dvc_cli
    pybabel update -i dvc_cli/locale/dvc.pot -d dvc_cli/locale -D dvc --ignore-obsolete
    pybabel compile -d dvc_cli/locale -D dvc

After an update, translate the new (empty) and the ``#, fuzzy`` entries of ``dvc.po`` (a fuzzy
one is Babel's guess from a similar old message: check it, then drop the flag), and run the
script again to compile. Locations are written without line numbers, so that an edit elsewhere
in a file does not touch the catalogs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_keywords, parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "dvc_cli"
LOCALE_DIR = PACKAGE / "locale"
DOMAIN = "dvc"
LANGUAGES = ("en",)
TEMPLATE = LOCALE_DIR / f"{DOMAIN}.pot"
# _("...") translates now; ngettext(singular, plural, n) by count; N_("...") only marks a
# message kept in a constant (translated with _() when shown).
KEYWORDS = ("_", "ngettext:1,2", "N_")
WIDTH = 100
# Fixed dates in the headers: the files change only when the messages or translations do.
DATE = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)


class _Catalog(Catalog):
    """A catalog whose header leaves out ``Generated-By``: the files change only when the
    messages or translations do, not when Babel releases a new version."""

    @property
    def mime_headers(self) -> list[tuple[str, str]]:
        headers = [(k, v) for k, v in Catalog.mime_headers.fget(self) if k != "Generated-By"]
        if headers:  # Babel ends the header block with a newline on its last line
            key, value = headers[-1]
            headers[-1] = (key, value if value.endswith("\n") else value + "\n")
        return headers

    @mime_headers.setter
    def mime_headers(self, headers: list[tuple[str, str]]) -> None:
        Catalog.mime_headers.fset(self, headers)


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(lang: str) -> Path:
    return po_path(lang).with_suffix(".mo")


def extract() -> Catalog:
    """dvc's own messages, as found in dvc_cli/ (the template, in memory)."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as fh:
        method_map, options_map = parse_mapping_cfg(fh)
    template = _Catalog(
        project="dvc",
        copyright_holder="dvc developers",
        charset="utf-8",
        fuzzy=False,
        creation_date=DATE,
        revision_date=DATE,
    )
    keywords = parse_keywords(KEYWORDS)
    for filename, lineno, message, comments, context in extract_from_dir(
        PACKAGE, method_map, options_map, keywords=keywords, comment_tags=("Translators:",)
    ):
        template.add(
            message,
            None,
            [(f"dvc_cli/{filename}", lineno)],
            auto_comments=comments,
            context=context,
        )
    return template


def _po_bytes(catalog: Catalog) -> bytes:
    """The catalog as a .po file, messages sorted by id: the extraction order differs between
    Python versions (3.12 tokenizes f-strings, so a message inside one is found at another
    point), the file must not."""
    buf = io.BytesIO()
    write_po(
        buf, catalog, width=WIDTH, include_lineno=False, ignore_obsolete=True, sort_output=True
    )
    return buf.getvalue()


def _mo_bytes(catalog: Catalog) -> bytes:
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    return buf.getvalue()


def updated(template: Catalog, lang: str) -> Catalog:
    """The language's catalog brought in line with ``template`` (new messages empty, changed
    ones fuzzy, removed ones dropped)."""
    path = po_path(lang)
    if path.is_file():
        with path.open("rb") as fh:
            catalog = read_po(fh, locale=lang)
        catalog.__class__ = _Catalog
    else:
        catalog = _Catalog(
            locale=lang,
            project="dvc",
            copyright_holder="dvc developers",
            fuzzy=False,
            revision_date=DATE,
            language_team=f"{lang} <dvc developers>",
            last_translator="dvc developers",
        )
    catalog.update(template, update_header_comment=False)
    return catalog


def problems(catalog: Catalog) -> list[str]:
    """Messages without a translation, or still fuzzy."""
    out = []
    for message in catalog:
        if not message.id:
            continue
        plural = isinstance(message.id, tuple | list)
        strings = tuple(message.string) if plural else (message.string,)
        first = message.id[0] if plural else message.id
        if not all(strings):
            out.append(f"untranslated: {first!r}")
        elif message.fuzzy:
            out.append(f"fuzzy: {first!r}")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--check", action="store_true", help="report only, exit 1 if stale")
    args = parser.parse_args(argv)
    template = extract()
    outputs = {TEMPLATE: _po_bytes(template)}
    status = 0
    for lang in LANGUAGES:
        catalog = updated(template, lang)
        outputs[po_path(lang)] = _po_bytes(catalog)
        missing = problems(catalog)
        for problem in missing:
            print(f"{po_path(lang).relative_to(ROOT)}: {problem}", file=sys.stderr)
        status = status or int(bool(missing))
        outputs[mo_path(lang)] = _mo_bytes(catalog)
        total = sum(1 for m in catalog if m.id)
        print(f"{lang}: {total - len(missing)}/{total} messages translated", file=sys.stderr)
    for path, data in outputs.items():
        current = path.read_bytes() if path.is_file() else None
        if current == data:
            continue
        if args.check:
            print(f"{path.relative_to(ROOT)}: out of date", file=sys.stderr)
            status = 1
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            print(f"wrote {path.relative_to(ROOT)}", file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main())
