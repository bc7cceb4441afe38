"""A PDF form template, read once: its fields (name, kind, page, rectangle) and a flat base.

:func:`load` reads a template (cached by path, modification time and size) into a
:class:`Template`: the reader (for editable output), the text and checkbox fields by name, and
the same pages without widgets and without /AcroForm (the base of flat output).
:func:`missing_fields` is dvc's one check that a template has the fields a caller names.
"""

from __future__ import annotations

import logging
import os
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import Any, Literal

from dvc_cli.errors import EXIT_BAD_INPUT, EXIT_INVALID_ANSWERS, DvcError
from dvc_cli.i18n import _

# pypdf logs what it repairs in a damaged file; without a handler Python would print it.
logging.getLogger("pypdf").addHandler(logging.NullHandler())

_FF_MULTILINE = 1 << 12
_FF_RADIO = 1 << 15
_FF_PUSHBUTTON = 1 << 16


class FormRenderError(DvcError):
    """A value cannot be drawn on the form, or the template cannot be used.

    ``field`` names the field when the problem is one value (else None); ``str(err)`` is a
    complete one-line message.
    """

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.exit_code = EXIT_INVALID_ANSWERS if field else EXIT_BAD_INPUT


@dataclass(frozen=True)
class FieldInfo:
    """One field of a template; ``rect`` is (x0, y0, x1, y1) in PDF points on ``page`` (1-based)."""

    name: str
    type: Literal["text", "checkbox"]
    page: int
    rect: tuple[float, float, float, float]
    multiline: bool
    align: Literal["left", "center", "right"] = "left"


@dataclass
class Template:
    """A template as read once; the renderers keep what they derive from it here."""

    path: Path
    reader: Any  # PdfReader of the template, for editable output
    fields: dict[str, list[FieldInfo]]  # name -> its widgets (usually one)
    base: Any  # PdfReader of the flattened base, for flat output
    flat_writer: Any = None  # pdf_text.TemplateWriter of the base (form_flat makes it)
    field_fonts: dict[str | None, Any] = field(default_factory=dict)  # /DA font -> FieldFont

    def missing(self, names: Iterable[str], shown: str | None = None) -> list[FormRenderError]:
        """One error for each of ``names`` that is no field here, in order; the message calls
        the template ``shown`` (default: its file name)."""
        return [no_such_field(shown or self.path.name, n) for n in names if n not in self.fields]


def no_such_field(template: str, name: str) -> FormRenderError:
    """The error for a field name the template (``template``, as the reader knows it) lacks."""
    message = _("mẫu {template} không có trường '{field}'")
    return FormRenderError(message.format(template=template, field=name), field=name)


def missing_fields(
    template: Path, names: Iterable[str], *, shown: str | None = None
) -> list[FormRenderError]:
    """An error for each of ``names`` that ``template`` has no field for, in order.

    ``shown`` is the template's name in the messages (default: its file name); reading the
    template raises :class:`FormRenderError` when it cannot be used.
    """
    return load(Path(template)).missing(names, shown)


# path (as resolved, and as given) → the file it was read from (see _identity) and what it gave
_CACHE: dict[Path, tuple[tuple[int, ...], Template]] = {}
_CACHE_SIZE = 16


def _identity(st: os.stat_result) -> tuple[int, ...]:
    """The file a stat is of, as it stands: a change, or another file, gives another."""
    return (st.st_mtime_ns, st.st_size, st.st_ino, st.st_dev)


def load(path: Path) -> Template:
    """The template at ``path``, read once while the file stays the same."""
    try:  # the file the path leads to now (through any link) is the one read before
        hit = _CACHE.get(path)
        if hit is not None and hit[0] == _identity(os.stat(path)):
            return hit[1]
    except OSError:
        pass  # worded below
    try:
        resolved = path.resolve()
        st = resolved.stat()
    except OSError as exc:
        message = _("không đọc được mẫu PDF {path}: {error}")
        raise FormRenderError(message.format(path=path, error=exc.strerror or exc)) from exc
    key = _identity(st)
    hit = _CACHE.get(resolved)
    if hit and hit[0] == key:
        _CACHE[path] = hit
        return hit[1]
    try:
        with resolved.open("rb") as fh:
            head = fh.read(1024)
    except OSError as exc:
        raise FormRenderError(
            _("không đọc được mẫu PDF {path}: {reason}").format(
                path=path, reason=exc.strerror or exc
            )
        ) from exc
    if b"%PDF-" not in head:  # readers accept junk before the header, within 1 kB
        what = _("tệp rỗng") if not head else _("không phải tệp PDF")
        raise FormRenderError(
            _("không đọc được mẫu PDF {path}: {reason}").format(path=path, reason=what)
        )
    tpl = _kept(resolved)
    try:
        with warnings.catch_warnings():  # pypdf warns about what it repairs: not for the user
            warnings.simplefilter("ignore")
            if tpl is None:
                tpl = _read(resolved)
                _serialise(tpl)
    except FormRenderError:
        raise
    except Exception as exc:  # pypdf raises many kinds of errors on a broken file
        if isinstance(exc, KeyError):
            reason = _("thiếu mục {key}").format(key=exc.args[0] if exc.args else "?")
        else:
            reason = " ".join(str(exc).split()) or type(exc).__name__
        message = _("không đọc được mẫu PDF {path}: {error}")
        raise FormRenderError(message.format(path=path, error=reason)) from exc
    while len(_CACHE) >= _CACHE_SIZE - 1:
        _CACHE.pop(next(iter(_CACHE)))
    _CACHE[resolved] = _CACHE[path] = (key, tpl)
    return tpl


def _kept(path: Path) -> Template | None:
    """The template as a previous run read it (render/template_cache.py), without its pypdf
    readers (:func:`complete` adds them when the editable or reportlab output needs them)."""
    from dvc_cli.render import template_cache
    from dvc_cli.render.pdf_text import TemplateWriter

    try:
        data = path.read_bytes()
    except OSError:
        return None
    kept = template_cache.read(data, _depends())
    if kept is None:
        return None
    try:
        fields: dict[str, list[FieldInfo]] = {}
        for name, kind, page, rect, multiline, align in kept["fields"]:
            if kind not in ("text", "checkbox") or align not in _ALIGNS or len(rect) != 4:
                return None
            x0, y0, x1, y1 = (float(v) for v in rect)
            info = FieldInfo(str(name), kind, int(page), (x0, y0, x1, y1), bool(multiline), align)
            fields.setdefault(info.name, []).append(info)
        writer = TemplateWriter.from_state(kept["writer"])
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
    return Template(path=path, reader=None, fields=fields, base=None, flat_writer=writer)


_ALIGNS = ("left", "center", "right")


def _depends() -> bytes:
    """What a kept flat writer depends on besides the template: the font subset it embeds,
    and the code that makes it (the label fonts cut down and merged, the state's fields), so
    that a state written by another version of that code is made again."""
    from dvc_cli.render import font_subset, pdf_text

    try:
        code = b"".join(Path(m.__file__).read_bytes() for m in (pdf_text, font_subset))
    except (OSError, TypeError):  # no source beside the module: its version says enough
        code = b""
    return b"".join(pdf_text.font("Regular").objects) + code


def complete(tpl: Template) -> Template:
    """``tpl`` with its pypdf readers (a template from the cache has none until needed)."""
    if tpl.reader is None or tpl.base is None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            read = _read(tpl.path)
        tpl.reader, tpl.base = read.reader, read.base
    return tpl


def _serialise(tpl: Template) -> None:
    """Make the flat writer of a template just read, and keep both for the next runs (a
    `dvc check` that reads the template makes the next `dvc fill` faster too)."""
    from dvc_cli.render import pdf_text

    tpl.flat_writer = pdf_text.TemplateWriter(tpl.base)
    keep(tpl)


def keep(tpl: Template) -> None:
    """Keep ``tpl``'s fields and flat writer for the next runs (render/template_cache.py)."""
    from dvc_cli.render import template_cache

    if tpl.flat_writer is None or tpl.reader is None:  # nothing new to keep
        return
    try:
        data = tpl.path.read_bytes()
    except OSError:
        return
    fields = [
        [f.name, f.type, f.page, list(f.rect), f.multiline, f.align]
        for widgets in tpl.fields.values()
        for f in widgets
    ]
    content = {"fields": fields, "writer": tpl.flat_writer.state()}
    template_cache.write(data, _depends(), content)


def get(obj: Any, key: str, default: Any = None) -> Any:
    """``obj[key]`` resolved (``dict.get`` would return pypdf's indirect references)."""
    return obj[key] if key in obj else default


def inherited(node: Any, key: str, default: Any = None) -> Any:
    """``key`` of a field dictionary or of the nearest parent field that has it."""
    while node is not None:
        if key in node:
            return node[key]
        parent = node.get("/Parent")
        node = parent.get_object() if parent is not None else None
    return default


def qualified_name(widget: Any) -> str | None:
    """The field's full name (``parent.child``), or None for a widget without a name."""
    parts = []
    node = widget
    while node is not None:
        if "/T" in node:
            parts.append(str(node["/T"]))
        parent = node.get("/Parent")
        node = parent.get_object() if parent is not None else None
    return ".".join(reversed(parts)) if parts else None


def _read(path: Path) -> Template:
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, NameObject

    reader = PdfReader(path)
    fields: dict[str, list[FieldInfo]] = {}
    for page_no, page in enumerate(reader.pages, start=1):
        for ref in get(page, "/Annots", []):
            widget = ref.get_object()
            if widget.get("/Subtype") != "/Widget":
                continue
            name = qualified_name(widget)
            ft = inherited(widget, "/FT")
            flags = int(inherited(widget, "/Ff", 0))
            if name is None:
                continue
            if ft == "/Tx":
                kind: Literal["text", "checkbox"] = "text"
            elif ft == "/Btn" and not flags & (_FF_RADIO | _FF_PUSHBUTTON):
                kind = "checkbox"
            else:
                continue  # choice, signature, radio and push-button fields are not filled
            x0, y0, x1, y1 = (float(v) for v in widget["/Rect"])
            q = int(inherited(widget, "/Q", 0))
            fields.setdefault(name, []).append(
                FieldInfo(
                    name=name,
                    type=kind,
                    page=page_no,
                    rect=(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)),
                    multiline=kind == "text" and bool(flags & _FF_MULTILINE),
                    align=("left", "center", "right")[q] if q in (0, 1, 2) else "left",
                )
            )

    # The flat base: the same pages without widgets and without the form.
    writer = PdfWriter(clone_from=reader)
    for page in writer.pages:
        if "/Annots" not in page:
            continue
        kept = ArrayObject(
            a for a in page["/Annots"] if a.get_object().get("/Subtype") != "/Widget"
        )
        if kept:
            page[NameObject("/Annots")] = kept
        else:
            del page["/Annots"]
    if "/AcroForm" in writer.root_object:
        del writer.root_object["/AcroForm"]
    writer.compress_identical_objects(remove_duplicates=True, remove_unreferenced=True)
    buf = BytesIO()
    writer.write(buf)
    base = PdfReader(BytesIO(buf.getvalue()))
    return Template(path=path, reader=reader, fields=fields, base=base)
