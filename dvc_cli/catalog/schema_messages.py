"""dvc's wording of pydantic's validation errors of procedure files.

Each error is worded from its ``type`` and ``ctx``, which pydantic keeps stable, never from its
English ``msg``, which changes between releases; the model tells what is allowed where (the
keys of a mapping, the values of a ``Literal``). The errors of one union's members become one
problem at the union's location.
"""

from __future__ import annotations

import difflib
import re
import types
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from dvc_cli.core.schema import ID_PATTERN, PDF_FILE_PATTERN, PROCEDURE_ID_PATTERN
from dvc_cli.i18n import N_, _, ngettext

Loc = tuple[Any, ...]
Problem = tuple[Loc, str]  # (path inside the file, message)

_SHOWN_MAX = 40  # characters of a wrong value quoted back


@dataclass(frozen=True)
class _Members:
    """The alternatives of a union (``None`` left out): pydantic names the one that failed,
    by its class, or by its tag when ``tag`` (the discriminating key) is set."""

    types: tuple[Any, ...]
    tag: str | None = None

    def named(self, key: Any) -> Any:
        """The member pydantic calls ``key`` (None when unknown)."""
        for member in self.types:
            if self.tag is None and getattr(member, "__name__", None) == key:
                return member
            if self.tag is not None and _is_model(member):
                field = member.model_fields.get(self.tag)
                if field and key in get_args(field.annotation):
                    return member
        return None


def _unwrap(tp: Any) -> Any:
    """``tp`` without ``Annotated`` and ``| None``; a real union as :class:`_Members`."""
    if isinstance(tp, _Members):
        return tp
    while get_origin(tp) is Annotated:
        tp = get_args(tp)[0]
    if get_origin(tp) in (Union, types.UnionType):
        members = tuple(a for a in get_args(tp) if a is not type(None))
        return _unwrap(members[0]) if len(members) == 1 else _Members(members)
    return tp


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def _child(tp: Any, key: Any) -> Any:
    """The declared type of ``key`` inside a value of type ``tp`` (None when unknown)."""
    if _is_model(tp):
        field = tp.model_fields.get(key) if isinstance(key, str) else None
        if field is None:
            return None
        members = _unwrap(field.annotation)
        if isinstance(members, _Members) and isinstance(field.discriminator, str):
            return _Members(members.types, field.discriminator)
        return field.annotation
    origin, args = get_origin(tp), get_args(tp)
    if origin in (list, tuple, set, frozenset, Sequence) and isinstance(key, int) and args:
        return args[0]
    if origin in (dict, Mapping) and len(args) == 2:
        return args[1]
    return None


@dataclass(frozen=True)
class _Place:
    """Where an error is: its location without union member names, and the types there."""

    loc: Loc
    union_at: int | None  # length of ``loc`` at the first union crossed
    target: Any  # the declared type at ``loc``
    parent: Any  # the declared type holding the last key of ``loc``


def _place(model: type[BaseModel] | None, loc: Loc) -> _Place:
    tp: Any = model
    parent: Any = None
    clean: list[Any] = []
    union_at: int | None = None
    for key in loc:
        tp = _unwrap(tp)
        if isinstance(tp, _Members):  # ``key`` names a member, it is not a key of the file
            if tp.tag is None:  # every member failed: one problem, at the union
                union_at = len(clean) if union_at is None else union_at
            tp = tp.named(key)
            continue
        parent = tp
        clean.append(key)
        tp = _child(tp, key)
    return _Place(tuple(clean), union_at, _unwrap(tp), parent)


def _shown(value: Any) -> str | None:
    """A wrong scalar as the author wrote it, shortened; None for a list or mapping."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, int | float):
        text = str(value)
    elif isinstance(value, str):
        text = value
    else:
        return None
    text = " ".join(text.split())
    if len(text) > _SHOWN_MAX:
        text = text[: _SHOWN_MAX - 1] + "…"
    return f"'{text}'" if isinstance(value, str) else text


def _quoted_values(expected: str) -> list[str]:
    """``'a', 'b' or 'c'`` (pydantic's list of allowed values) → ``["a", "b", "c"]``."""
    quoted = re.findall(r"'((?:[^'\\]|\\.)*)'", expected)
    return quoted or [t for t in re.split(r"[\s,]+", expected) if t and t != "or"]


def _literal(err: ErrorDetails, place: _Place) -> str:
    target = place.target
    if get_origin(target) is Literal:
        allowed = [str(v).lower() if isinstance(v, bool) else str(v) for v in get_args(target)]
    else:
        allowed = _quoted_values(str(err.get("ctx", {}).get("expected", "")))
    if not allowed:
        return _fallback(err, place)
    value = _shown(err.get("input"))
    if len(allowed) == 1:
        if value is None:
            return _("phải là {expected}").format(expected=allowed[0])
        return _("phải là {expected}, không phải {value}").format(expected=allowed[0], value=value)
    if value is None:
        return _("giá trị không hợp lệ; chọn: {expected}").format(expected=", ".join(allowed))
    return _("{value} không phải giá trị hợp lệ; chọn: {expected}").format(
        value=value, expected=", ".join(allowed)
    )


def _extra(err: ErrorDetails, place: _Place) -> str:
    key = str(place.loc[-1]) if place.loc else "?"
    message = _("khóa không xác định")
    if _is_model(place.parent):
        close = difflib.get_close_matches(key, list(place.parent.model_fields), n=1, cutoff=0.6)
        if close:
            message += _("; có phải: {names}?").format(names=close[0])
    return message


def _pattern(err: ErrorDetails, place: _Place) -> str:
    pattern = str(err.get("ctx", {}).get("pattern", ""))
    if pattern == ID_PATTERN:
        return _("phải bắt đầu bằng chữ thường a-z, rồi chỉ gồm a-z, 0-9 và _ (không dấu)")
    if pattern == PROCEDURE_ID_PATTERN:
        return _("phải bắt đầu bằng chữ thường a-z, rồi chỉ gồm a-z, 0-9 và - (không dấu)")
    if pattern == PDF_FILE_PATTERN:
        return _("phải là tên tệp .pdf chỉ gồm chữ không dấu, số, '.', '_' và '-'")
    return _("không khớp mẫu {pattern}").format(pattern=pattern)


def _mapping(err: ErrorDetails, place: _Place) -> str:
    if err.get("ctx", {}).get("class_name") == "Bilingual":
        return _("phải là một văn bản, hoặc một bảng có khóa vi (và en nếu có)")
    return _("phải là một bảng (mapping)")


def _length(err: ErrorDetails, place: _Place) -> str:
    ctx = err.get("ctx", {})
    kind = err["type"]
    if kind == "string_too_short":
        count = int(ctx.get("min_length", 1))
        if count <= 1:
            return _("không được để trống")
        return ngettext("cần ít nhất {count} ký tự", "cần ít nhất {count} ký tự", count).format(
            count=count
        )
    if kind == "string_too_long":
        count = int(ctx.get("max_length", 0))
        return ngettext(
            "dài quá mức: tối đa {count} ký tự", "dài quá mức: tối đa {count} ký tự", count
        ).format(count=count)
    if kind == "too_short":
        count = int(ctx.get("min_length", 1))
        if count <= 1:
            return _("không được để trống (cần ít nhất một mục)")
        return ngettext("cần ít nhất {count} mục", "cần ít nhất {count} mục", count).format(
            count=count
        )
    count = int(ctx.get("max_length", 0))
    return ngettext("nhiều nhất {count} mục", "nhiều nhất {count} mục", count).format(count=count)


_BOUNDS = {  # error type → (its ctx key, wording)
    "greater_than": ("gt", N_("phải lớn hơn {limit}")),
    "greater_than_equal": ("ge", N_("phải lớn hơn hoặc bằng {limit}")),
    "less_than": ("lt", N_("phải nhỏ hơn {limit}")),
    "less_than_equal": ("le", N_("phải nhỏ hơn hoặc bằng {limit}")),
}


def _bound(err: ErrorDetails, place: _Place) -> str:
    key, message = _BOUNDS[err["type"]]
    return _(message).format(limit=err.get("ctx", {}).get(key, "?"))


def _own(err: ErrorDetails, place: _Place) -> str:
    """A dvc validator's own message (schema.py raises them already worded)."""
    error = err.get("ctx", {}).get("error")
    text = " ".join(str(error).split()) if error is not None else ""
    return text or _fallback(err, place)


def _union_tag(err: ErrorDetails, place: _Place) -> str:
    ctx = err.get("ctx", {})
    key = str(ctx.get("discriminator", "?")).strip("'\"")
    if err["type"] == "union_tag_not_found":
        return _("thiếu khóa {key} (cho biết đây là loại nào)").format(key=key)
    expected = ", ".join(_quoted_values(str(ctx.get("expected_tags", ""))))
    return _("{key}: '{tag}' không phải loại hợp lệ; chọn: {expected}").format(
        key=key, tag=ctx.get("tag", "?"), expected=expected
    )


def _fallback(err: ErrorDetails, place: _Place) -> str:
    return _("giá trị không hợp lệ ({kind})").format(kind=err["type"])


def _fixed(message: str) -> Callable[[ErrorDetails, _Place], str]:
    """A message that needs nothing from the error (``message`` is marked with N_)."""
    return lambda err, place: _(message)


_LIST = _fixed(N_("phải là một danh sách (list)"))
_INTEGER = _fixed(N_("phải là một số nguyên"))

# pydantic error type → its wording.
_WORDING: dict[str, Callable[[ErrorDetails, _Place], str]] = {
    "missing": _fixed(N_("thiếu khóa bắt buộc")),
    "extra_forbidden": _extra,
    "literal_error": _literal,
    "list_type": _LIST,
    "tuple_type": _LIST,
    "set_type": _LIST,
    "iterable_type": _LIST,
    "dict_type": _mapping,
    "mapping_type": _mapping,
    "model_type": _mapping,
    "model_attributes_type": _mapping,
    "string_type": _fixed(N_("phải là một văn bản (chuỗi)")),
    "bool_type": _fixed(N_("phải là true hoặc false")),
    "bool_parsing": _fixed(N_("phải là true hoặc false")),
    "int_type": _INTEGER,
    "int_parsing": _INTEGER,
    "int_from_float": _fixed(N_("phải là một số nguyên (không có phần thập phân)")),
    "int_parsing_size": _fixed(N_("số nguyên quá lớn")),
    "float_type": _fixed(N_("phải là một số")),
    "float_parsing": _fixed(N_("phải là một số")),
    "finite_number": _fixed(N_("phải là một số hữu hạn")),
    "none_required": _fixed(N_("phải để trống (null)")),
    "string_pattern_mismatch": _pattern,
    "string_too_short": _length,
    "string_too_long": _length,
    "too_short": _length,
    "too_long": _length,
    "greater_than": _bound,
    "greater_than_equal": _bound,
    "less_than": _bound,
    "less_than_equal": _bound,
    "value_error": _own,
    "assertion_error": _own,
    "union_tag_invalid": _union_tag,
    "union_tag_not_found": _union_tag,
}


def _describe(err: ErrorDetails, place: _Place) -> str:
    return _WORDING.get(err["type"], _fallback)(err, place)


def message(err: ErrorDetails, model: type[BaseModel] | None = None) -> str:
    """dvc's message for one pydantic error; ``model`` (the one validated) tells what is
    allowed at the error's location."""
    return _describe(err, _place(model, tuple(err["loc"])))


def problems(exc: ValidationError, model: type[BaseModel]) -> list[Problem]:
    """Every error of ``exc`` (raised validating ``model``) as (location, dvc's message), in
    order; the members of a union that all failed are one problem, at the union."""
    out: list[tuple[Loc, list[str] | str]] = []
    unions: dict[Loc, list[str]] = {}
    for err in exc.errors(include_url=False):
        place = _place(model, tuple(err["loc"]))
        text = _describe(err, place)
        if place.union_at is None:
            out.append((place.loc, text))
            continue
        base, inner = place.loc[: place.union_at], place.loc[place.union_at :]
        detail = f"{'.'.join(str(p) for p in inner)}: {text}" if inner else text
        if base not in unions:
            unions[base] = []
            out.append((base, unions[base]))
        if detail not in unions[base]:
            unions[base].append(detail)
    return [(loc, text if isinstance(text, str) else _union(text)) for loc, text in out]


def _union(details: list[str]) -> str:
    """One problem for a value no member of a union accepts: what each member said."""
    return _("không khớp dạng nào được phép: {details}").format(details="; ".join(details))
