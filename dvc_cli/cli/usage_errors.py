"""A wrong command line as one line in the interface language (exit 2), instead of Click's
English box.

Click (vendored in Typer) raises its own exceptions for a missing argument, an unknown option
or command and a bad value; :func:`message` words them the way every other dvc error reads:
``dvc: lỗi: thiếu đối số PROCEDURE (xem: dvc fill --help)``. Classes are recognised by name,
so both Typer's vendored Click and the ``click`` package of older Typer releases work.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

from dvc_cli.i18n import _

_NO_SUCH_COMMAND = re.compile(r"No such command '([^']*)'")
_EXTRA = re.compile(r"Got unexpected extra argument(?:\(s\)|s)? \((.*)\)")
_NEEDS_VALUE = re.compile(r"Option '([^']*)' requires (?:an argument|(\d+) arguments)")
_TAKES_NO_VALUE = re.compile(r"Option '([^']*)' does not take a value")
_NOT_VALID = re.compile(r"^('.*') is not a valid (boolean|[\w ]+)\b")


def is_click_exception(exc: BaseException) -> bool:
    """True for Click's errors about the command line (they carry an exit code)."""
    return any(c.__name__ == "ClickException" for c in type(exc).__mro__)


def is_help_request(exc: BaseException) -> bool:
    """``dvc`` alone: Click's way of showing the help when no command is given."""
    return type(exc).__name__ == "NoArgsIsHelpError"


def _kinds(obj: object) -> set[str]:
    """Names of ``obj``'s classes (Click's are recognised by name)."""
    return {c.__name__ for c in type(obj).__mro__}


def _param_name(param: Any) -> str:
    if param is None:
        return "?"
    opts = [o for o in getattr(param, "opts", []) if o.startswith("--")]
    if getattr(param, "param_type_name", "") == "option" and opts:
        return opts[0]
    return str(getattr(param, "human_readable_name", None) or param.name).upper()


def _commands(ctx: Any) -> list[str]:
    command = getattr(ctx, "command", None)
    listed = getattr(command, "commands", None)
    return sorted(listed) if isinstance(listed, dict) else []


def message(exc: BaseException) -> str:
    """The one-line message (without ``dvc: lỗi:``) for a Click command-line error."""
    ctx = getattr(exc, "ctx", None)
    path = getattr(ctx, "command_path", None) or "dvc"
    see = _("(xem: {command} --help)").format(command=path)
    kinds = _kinds(exc)
    if "MissingParameter" in kinds:
        param = getattr(exc, "param", None)
        if getattr(param, "param_type_name", "") == "option":
            text = _("thiếu tùy chọn {name}").format(name=_param_name(param))
        else:
            text = _("thiếu đối số {name}").format(name=_param_name(param))
        return f"{text} {see}"
    if "NoSuchOption" in kinds:
        text = _("không có tùy chọn {option}").format(option=getattr(exc, "option_name", "?"))
        close = sorted(getattr(exc, "possibilities", None) or [])
        if close:
            text += _("; có phải: {names}?").format(names=", ".join(close))
        return f"{text} {see}"
    found = _NO_SUCH_COMMAND.search(str(getattr(exc, "message", "")))
    if found:
        name = found.group(1)
        text = _("không có lệnh '{name}'").format(name=name)
        close = difflib.get_close_matches(name, _commands(ctx), n=3, cutoff=0.5)
        if close:
            text += _("; có phải: {names}?").format(names=", ".join(close))
        return f"{text} {see}"
    detail = " ".join(str(exc.format_message()).split())  # type: ignore[attr-defined]
    if found := _EXTRA.search(detail):
        return _("thừa đối số: {args}").format(args=found.group(1)) + f" {see}"
    if found := _NEEDS_VALUE.search(detail):
        option, count = found.group(1), found.group(2)
        if count:
            text = _("tùy chọn {option} cần {count} giá trị").format(option=option, count=count)
        else:
            text = _("tùy chọn {option} cần một giá trị").format(option=option)
        return f"{text} {see}"
    if found := _TAKES_NO_VALUE.search(detail):
        return _("tùy chọn {option} không nhận giá trị").format(option=found.group(1)) + f" {see}"
    if "BadParameter" in kinds and getattr(exc, "param", None) is not None:
        param = exc.param  # type: ignore[attr-defined]
        detail = _number_needed(param) or _bad_value(
            re.sub(r"^Invalid value for [^:]*: ", "", detail)
        )
        name = _param_name(param)
        return _("giá trị của {name} không hợp lệ: {detail}").format(name=name, detail=detail)
    return f"{detail} {see}"


def _bad_value(detail: str) -> str:
    """Click's "'abc' is not a valid …" in dvc's words (other details as they are)."""
    found = _NOT_VALID.match(detail)
    if found is None:
        return detail
    if found.group(2) == "boolean":
        return _("{value}: cần có hoặc không (yes/no)").format(value=found.group(1))
    return _("{value} không hợp lệ").format(value=found.group(1))


def _number_needed(param: Any) -> str | None:
    """What a number option takes ("cần một số nguyên, ít nhất 1"), from its declared type;
    None for other types."""
    kind = getattr(param, "type", None)
    names = _kinds(kind)
    if "IntParamType" in names:
        number = _("số nguyên")
    elif "FloatParamType" in names:
        number = _("số")
    else:
        return None
    low, high = getattr(kind, "min", None), getattr(kind, "max", None)
    if low is not None and high is not None:
        return _("cần một {number} từ {min} đến {max}").format(number=number, min=low, max=high)
    if low is not None:
        return _("cần một {number}, ít nhất {min}").format(number=number, min=low)
    if high is not None:
        return _("cần một {number}, nhiều nhất {max}").format(number=number, max=high)
    return _("cần một {number}").format(number=number)
