"""The values given for a form, checked before anything is drawn: every name a field of the
template, a bool for a checkbox and text for a text field, text NFC-normalised (one line for a
single-line field) and drawable by the bundled font."""

from __future__ import annotations

from collections.abc import Mapping

from dvc_cli.fonts import missing_chars
from dvc_cli.i18n import _
from dvc_cli.render.form_template import FormRenderError, Template
from dvc_cli.text import nfc


def cannot_draw(name: str, ch: str) -> FormRenderError:
    """The error for a character of field ``name``'s value that its font cannot draw."""
    return FormRenderError(
        _("trường '{field}': phông chữ không vẽ được ký tự '{char}' ({code})").format(
            field=name, char=ch, code=f"U+{ord(ch):04X}"
        ),
        field=name,
    )


def check_values(tpl: Template, values: Mapping[str, str | bool | None]) -> dict[str, str | bool]:
    """Normalise and check every value; return only the fields to fill."""
    for error in tpl.missing(values):
        raise error
    out: dict[str, str | bool] = {}
    for name, value in values.items():
        if value is None or value == "":
            continue
        widget = tpl.fields[name][0]
        if widget.type == "checkbox":
            if not isinstance(value, bool):
                raise FormRenderError(
                    _(
                        "trường '{field}' là ô đánh dấu: giá trị phải là True hoặc False, "
                        "không phải {value}"
                    ).format(field=name, value=type(value).__name__),
                    field=name,
                )
            out[name] = value
            continue
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise FormRenderError(
                _("trường '{field}' là ô chữ: giá trị phải là chuỗi, không phải {value}").format(
                    field=name, value=type(value).__name__
                ),
                field=name,
            )
        kept = _NORMAL.get((value, widget.multiline)) if type(value) is str else None
        if kept is not None:  # a text met before (a nationality, a date, a place)
            if kept:
                out[name] = kept
            continue
        text = nfc(str(value)).replace("\r\n", "\n").replace("\r", "\n")
        if not widget.multiline:
            text = " ".join(text.split())  # one line: newlines and tabs become spaces
        if not text.strip():
            text = ""
        elif missing := missing_chars(text):
            raise cannot_draw(name, missing[0])  # not kept: the error is made again
        if type(value) is str:
            if len(_NORMAL) > 4096:
                _NORMAL.clear()
            _NORMAL[value, widget.multiline] = text
        if text:
            out[name] = text
    return out


# (a field's text value, whether its field is multi-line) → the text as drawn ("": none): a
# function of the two alone (the bundled font's characters do not change in a process)
_NORMAL: dict[tuple[str, bool], str] = {}
