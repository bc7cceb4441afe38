"""Fitting a value into its field: single lines shrink from 12 pt to 7 pt, multi-line fields
wrap on spaces and shrink; what does not fit even at 7 pt is refused, naming the field.

The layout depends only on the field and a width function, so the flat and the editable
output place a value identically.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from dvc_cli.i18n import _
from dvc_cli.render.form_template import FieldInfo, FormRenderError

MAX_SIZE = 12.0  # answers are drawn at this size when they fit...
MIN_SIZE = 7.0  # ...and shrink down to this one; below it the value is refused
SIZE_STEP = 0.5  # multi-line fields shrink by this much per try
LEADING = 1.5  # line distance / font size (1.5 x 12 pt = the template's 18 pt line pitch)
TOP_PAD = 1.125  # multi-line: first baseline this many font sizes below the field top
DESCENT = 0.3  # room kept under the last baseline for descenders and dots below (ạ, ụ)
PAD_LEFT = 2.0  # horizontal room between the field edges and the text
PAD_RIGHT = 1.0

WidthFn = Callable[[str, float], float]  # (text, size) -> advance width in points


@dataclass(frozen=True)
class Layout:
    """A value placed in its field: one font size, and its lines."""

    size: float
    lines: list[tuple[float, float, str]]  # (x, baseline, text) in page coordinates


def too_long(field: FieldInfo, text: str) -> FormRenderError:
    """The error for a value that does not fit ``field`` even at the smallest size."""
    return FormRenderError(
        _(
            "trường '{field}': nội dung quá dài cho ô trên mẫu, kể cả ở cỡ chữ "
            "{size} pt ({count} ký tự)"
        ).format(field=field.name, size=f"{MIN_SIZE:g}", count=len(text)),
        field=field.name,
    )


def _x(field: FieldInfo, width: float) -> float:
    x0, _y0, x1, _y1 = field.rect
    if field.align == "center":
        return x0 + PAD_LEFT + (x1 - x0 - PAD_LEFT - PAD_RIGHT - width) / 2
    if field.align == "right":
        return x1 - PAD_RIGHT - width
    return x0 + PAD_LEFT


def wrap(text: str, size: float, avail: float, width: WidthFn) -> list[str] | None:
    """Greedy word wrap; None when a single word is wider than the line."""
    space = width(" ", size)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line: list[str] = []  # its words, joined when it is full
        line_w = 0.0
        for word in paragraph.split():
            w = width(word, size)
            if w > avail:
                return None
            if line and line_w + space + w <= avail:
                line.append(word)
                line_w = line_w + space + w
            elif line:
                lines.append(" ".join(line))
                line, line_w = [word], w
            else:
                line, line_w = [word], w
        lines.append(" ".join(line))
    while lines and not lines[-1]:
        lines.pop()
    return lines


# id(field) → (the field, held so that its id is not reused; (text, id(font)) → its layout):
# by the field's identity, as hashing a FieldInfo (its rectangle's floats) cost more than
# the look-up itself, ~35 times a row
_KEPT: dict[int, tuple[FieldInfo, dict[tuple[str, int], Layout]]] = {}


def layout(field: FieldInfo, text: str, width: WidthFn) -> Layout:
    """``text`` laid out in ``field``; raises :func:`too_long`'s error when it cannot fit.

    Laid out once per process when ``width`` is a font's own method (pdf_text's fixed subset,
    made once a process): the fit check and the flat form place the same values in the same
    fields, and many values come again from row to row (a nationality, a date)."""
    owner = getattr(width, "__self__", None)
    if owner is None:
        return _layout(field, text, width)
    kept = _KEPT.get(id(field))
    if kept is None or kept[0] is not field:
        if len(_KEPT) > 1024:  # templates read again and again (tests)
            _KEPT.clear()
        kept = _KEPT[id(field)] = (field, {})
    by_text = kept[1]
    key = (text, id(owner))
    found = by_text.get(key)
    if found is None:
        found = _layout(field, text, width)  # a refusal is raised, not kept
        if len(by_text) > 1024:
            by_text.clear()
        by_text[key] = found
    return found


def _layout(field: FieldInfo, text: str, width: WidthFn) -> Layout:
    x0, y0, x1, y1 = field.rect
    avail = x1 - x0 - PAD_LEFT - PAD_RIGHT
    height = y1 - y0
    if not field.multiline:
        ref = min(MAX_SIZE, round(height / LEADING, 3))  # 18 pt / 1.5 is 12, not 11.99...
        natural = width(text, 1.0)
        size = min(ref, math.floor(avail / natural * 10) / 10 if natural else ref)
        if size < MIN_SIZE:
            raise too_long(field, text)
        # Baseline placed for the full size, so a shrunk answer still sits on the line.
        baseline = y0 + (height - LEADING * ref) / 2 + (LEADING - TOP_PAD) * ref
        return Layout(size, [(_x(field, width(text, size)), baseline, text)])
    size = MAX_SIZE
    while size >= MIN_SIZE - 1e-9:
        lines = wrap(text, size, avail, width)
        if lines is not None and size * (TOP_PAD + (len(lines) - 1) * LEADING + DESCENT) <= height:
            first = y1 - TOP_PAD * size
            return Layout(
                size,
                [
                    (_x(field, width(line, size)), first - i * LEADING * size, line)
                    for i, line in enumerate(lines)
                    if line
                ],
            )
        size -= SIZE_STEP
    raise too_long(field, text)
