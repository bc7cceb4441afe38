"""Click's and Typer's own words in the help (``Usage:``, ``Options``, ``Show this message and
exit.``, ``[required]``, ``[env var: …]``…), said in the interface language.

Typer vendors Click with these words written in English (not through gettext), and its Rich
help keeps them in module constants computed at import. :func:`install` (called once, when
:mod:`dvc_cli.cli.app` is imported) puts dvc's words in their place, read at every help so the
language of the context in force is used: the constants of ``typer.rich_utils`` are set before
each help or usage is made, the help formatter writes dvc's usage prefix, the ``--help`` option
gets dvc's help text, and the words of the plain (``--plain``) help go through :func:`_`.
Click's error messages are reworded separately, in :mod:`dvc_cli.cli.usage_errors`.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any

from dvc_cli.i18n import N_, _

# Typer's English words in the plain help (typer.core's ``_``) → dvc's message.
_PLAIN = {
    "Arguments": N_("Đối số"),
    "Options": N_("Tùy chọn"),
    "Commands": N_("Lệnh"),
    "required": N_("bắt buộc"),
    "default: {default}": N_("mặc định: {default}"),
    "env var: {var}": N_("biến môi trường: {var}"),
    "(dynamic)": N_("(tính khi chạy)"),
    "Aborted!": N_("Đã dừng."),
}

# Click's type names, shown as ``<str>`` beside an option → dvc's word.
_TYPES = {
    "str": N_("chữ"),
    "text": N_("chữ"),
    "path": N_("đường dẫn"),
    "filename": N_("đường dẫn"),
    "int": N_("số"),
    "int range": N_("số"),
    "float": N_("số thực"),
    "float range": N_("số thực"),
}


_naming_argument = False  # True while Typer writes an argument's name for the usage line


def usage_prefix() -> str:
    """The word before a command's usage line (``Cách dùng: dvc fill …``)."""
    return _("Cách dùng: ")


def help_option_text() -> str:
    """The help of ``--help``."""
    return _("Hiện trợ giúp này rồi thoát.")


def usage_args(args: str) -> str:
    """Click's placeholders in a usage line (``[OPTIONS] COMMAND [ARGS]...``) in dvc's words."""
    for english, mine in (
        ("[OPTIONS]", _("[TÙY_CHỌN]")),
        ("COMMAND", _("LỆNH")),
        ("[ARGS]", _("[ĐỐI_SỐ]")),
    ):
        args = args.replace(english, mine)
    return args


def _plain_word(message: str) -> str:
    mine = _PLAIN.get(message)
    return _(mine) if mine is not None else message


def _set_rich_words(ctx: Any) -> None:
    """Put dvc's words, in the current language, into Typer's Rich help constants (not loading
    Rich for a plain help)."""
    rich = getattr(getattr(ctx, "command", None), "rich_markup_mode", None) is not None
    if not rich and "typer.rich_utils" not in sys.modules:
        return
    from typer import rich_utils

    rich_utils.ARGUMENTS_PANEL_TITLE = _("Đối số")
    rich_utils.OPTIONS_PANEL_TITLE = _("Tùy chọn")
    rich_utils.COMMANDS_PANEL_TITLE = _("Lệnh")
    rich_utils.ERRORS_PANEL_TITLE = _("Lỗi")
    rich_utils.REQUIRED_LONG_STRING = "[" + _("bắt buộc") + "]"
    rich_utils.DEFAULT_STRING = "[" + _("mặc định: {default}").replace("{default}", "{}") + "]"
    rich_utils.ENVVAR_STRING = "[" + _("biến môi trường: {var}").replace("{var}", "{}") + "]"
    rich_utils.DEPRECATED_STRING = "(" + _("không dùng nữa") + ") "
    rich_utils.ABORTED_TEXT = _("Đã dừng.")
    rich_utils.RICH_HELP = _("Xem {command} để được trợ giúp.").format(
        command="[blue]'{command_path} {help_option}'[/]"
    )


def _refreshing(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def wrapper(ctx: Any, *args: Any, **kwargs: Any) -> Any:
        _set_rich_words(ctx)
        return method(ctx, *args, **kwargs)

    wrapper._dvc_words = True  # type: ignore[attr-defined]
    return wrapper


def install() -> None:
    """Give Typer's Click dvc's words (idempotent)."""
    import typer.core
    from typer import _click

    context = _click.core.Context
    if getattr(context.get_help, "_dvc_words", False):
        return
    base = context.formatter_class

    class Formatter(base):  # type: ignore[misc, valid-type]
        """Click's formatter with dvc's usage prefix."""

        def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
            prefix = usage_prefix() if prefix is None else prefix
            super().write_usage(prog, usage_args(args), prefix)

    context.formatter_class = Formatter
    context.get_help = _refreshing(context.get_help)  # type: ignore[method-assign]
    context.get_usage = _refreshing(context.get_usage)  # type: ignore[method-assign]

    command = _click.core.Command
    original = command.get_help_option

    @functools.wraps(original)
    def get_help_option(self: Any, ctx: Any) -> Any:
        option = original(self, ctx)
        if option is not None:
            option.help = help_option_text()
        return option

    command.get_help_option = get_help_option  # type: ignore[method-assign]

    kind = _click.types.ParamType
    metavar = kind.get_metavar

    @functools.wraps(metavar)
    def get_metavar(self: Any, param: Any, ctx: Any) -> str | None:
        shown = metavar(self, param, ctx)
        word = _TYPES.get(getattr(self, "name", ""))
        if shown is not None or word is None or _naming_argument:
            return shown
        return f"<{_(word)}>"

    kind.get_metavar = get_metavar  # type: ignore[method-assign]

    # An argument's usage name (``{procedure}``) stays without its type.
    argument = typer.core.TyperArgument
    name_of = argument.make_metavar

    @functools.wraps(name_of)
    def make_metavar(self: Any, *args: Any, **kwargs: Any) -> str:
        global _naming_argument
        _naming_argument = True
        try:
            return name_of(self, *args, **kwargs)
        finally:
            _naming_argument = False

    argument.make_metavar = make_metavar  # type: ignore[method-assign]
    typer.core._ = _plain_word  # type: ignore[attr-defined]

    # Run standalone (``app()``, as Typer's test runner does), a wrong command line is dvc's
    # one line too, not Click's English box: errors take the plain path, which shows them with
    # :func:`_show`.
    run = typer.core._main

    @functools.wraps(run)
    def main(*args: Any, **kwargs: Any) -> Any:
        kwargs["rich_markup_mode"] = None
        return run(*args, **kwargs)

    typer.core._main = main  # type: ignore[attr-defined]
    for kind in (_click.exceptions.ClickException, _click.exceptions.UsageError):
        kind.show = _show  # type: ignore[method-assign]


def _say_usage_error(exc: Any) -> None:
    from dvc_cli.cli import report, usage_errors

    if usage_errors.is_help_request(exc):
        return
    report.say(_("lỗi: {error}").format(error=usage_errors.message(exc)))


def _show(self: Any, file: Any = None) -> None:
    _say_usage_error(self)
