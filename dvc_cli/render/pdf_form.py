"""Fill a PDF form template with answers: flat (default) or with the fields kept (editable).

The public entry; the work is done by one module per concern:

- :mod:`~dvc_cli.render.form_template`: reading a template once (fields, rectangles, the flat
  base; cached by path and modification time), and the check that it has the named fields;
- :mod:`~dvc_cli.render.form_values`: the values checked and NFC-normalised before drawing;
- :mod:`~dvc_cli.render.form_layout`: a value fitted into its field (wrap, shrink, too long);
- :mod:`~dvc_cli.render.form_flat`: flat output (the fast fixed subset, or reportlab);
- :mod:`~dvc_cli.render.form_editable`: fillable output with appearance streams.

Anything that cannot be drawn raises :class:`FormRenderError` naming the field. Nothing here
prints.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from dvc_cli.render.form_flat import render_flat
from dvc_cli.render.form_template import FieldInfo, FormRenderError, load, missing_fields
from dvc_cli.render.form_values import check_values

if TYPE_CHECKING:
    from dvc_cli.render.form_lists import Continuation

__all__ = ["FieldInfo", "FormRenderError", "missing_fields", "render_form", "template_fields"]


def template_fields(template: Path) -> list[FieldInfo]:
    """The text and checkbox fields of ``template``, in page and annotation order."""
    return [widgets[0] for widgets in load(Path(template)).fields.values()]


def render_form(
    template: Path,
    values: Mapping[str, str | bool | None],
    *,
    editable: bool = False,
    continuation: Continuation | None = None,
) -> bytes:
    """Fill ``template`` with ``values`` (field name → text, or bool for a checkbox).

    None and "" leave a field empty. Returns the bytes of the filled PDF: flattened (no
    fields left) by default, or with the fields kept and filled when ``editable``; the
    ``continuation`` page(s) of its lists after its pages
    (:class:`~dvc_cli.render.form_lists.Continuation`).
    """
    tpl = load(Path(template))
    checked = check_values(tpl, values)
    if editable:  # imported here: a flat form (every fill but --editable) needs none of it
        from dvc_cli.render.form_editable import render_editable

        form = render_editable(tpl, checked)
        if continuation is None:
            return form
        from dvc_cli.render import form_lists

        return form_lists.append(form, continuation.pdf())
    return render_flat(tpl, checked, continuation)
