"""The ``dvc`` Typer app and its global options (language, --plain, --procedures, --local,
--verbose, --debug). Commands live in their own modules (:mod:`dvc_cli.cli.main` gathers
them); heavy imports stay inside commands."""

from __future__ import annotations

import gc
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

import dvc_cli
from dvc_cli import __version__, context, i18n, log
from dvc_cli.cli import click_words, report, ui
from dvc_cli.i18n import _

click_words.install()  # Click's and Typer's English help words in dvc's

app = typer.Typer(
    name="dvc",
    help=_("dvc (dịch vụ công): điền tờ khai và lập danh sách giấy tờ cho thủ tục hành chính."),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # --plain / NO_COLOR: plain help text, with no boxes (and no Rich import).
    rich_markup_mode=None if ui.plain(sys.argv[1:]) else "rich",
)


def resume_collector() -> None:
    """Start Python's cyclic garbage collector again, what start-up made frozen out of its
    scans. The ``dvc`` program (``dvc_cli/__main__.py``) stops it for start-up: the imports
    make ~100,000 objects that live as long as the process and no garbage, and scanning them
    again and again cost a ``dvc fill`` ~10 ms for nothing. Every command but ``fill`` starts
    it before it runs (cli/main.py); ``fill`` when it asks questions (an interview can be
    long): a ``fill --no-input`` is one person's papers, then the process ends. Nothing when
    it runs (tests run commands in their own process, the collector on)."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def _version(value: bool) -> None:
    if value:
        typer.echo(f"dvc {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    version: Annotated[
        Optional[bool],  # noqa: UP045 - typer needs Optional here
        typer.Option(
            "--version", callback=_version, is_eager=True, help=_("In phiên bản rồi thoát.")
        ),
    ] = None,
    procedures_dirs: Annotated[
        Optional[list[Path]],  # noqa: UP045
        typer.Option(
            "--procedures",
            envvar="DVC_PROCEDURES_PATH",
            metavar="DIR",
            help=_(
                "Thêm thư mục thủ tục riêng (lặp lại được; trùng mã thì thủ tục riêng được dùng)."
            ),
        ),
    ] = None,
    local_dirs: Annotated[
        Optional[list[Path]],  # noqa: UP045
        typer.Option(
            "--local",
            envvar="DVC_LOCAL_PATH",
            metavar="DIR",
            help=_(
                "Thư mục thông tin địa phương: lệ phí, nơi nộp, giờ làm việc do tỉnh quy định "
                "(lặp lại được)."
            ),
        ),
    ] = None,
    lang: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--lang",
            envvar="DVC_LANG",
            metavar="vi|en",
            help=_("Ngôn ngữ giao diện: vi (mặc định) hoặc en."),
        ),
    ] = None,
    plain: Annotated[
        bool,
        typer.Option(
            "--plain",
            help=_("Không màu, không kẻ khung (cho trình đọc màn hình); như NO_COLOR."),
        ),
    ] = False,
    verbose: Annotated[
        bool,
        typer.Option(
            "--verbose", "-v", help=_("Ghi nhật ký các bước ra stderr (không có dữ liệu cá nhân).")
        ),
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help=_("Khi có lỗi, in toàn bộ traceback."))
    ] = False,
) -> None:
    """dvc (dịch vụ công)."""
    if lang is not None and context.normalise_language(lang) is None:
        i18n.set_language(None)  # not the language of an earlier run in this process
        report.say(_("lỗi: --lang {lang}: chỉ có vi hoặc en").format(lang=lang))
        raise typer.Exit(2)
    log.setup(verbose)
    report.set_debug(debug)
    chosen = context.normalise_language(lang) or context.default().language
    with report.handled():
        dirs = dvc_cli.checked_procedure_dirs(procedures_dirs) if procedures_dirs else None
        local = dvc_cli.checked_local_dirs(local_dirs) if local_dirs else None
    # One context for the whole command, put back when it ends (tests run many in one process).
    token = context.activate(
        context.Context(language=chosen, procedure_dirs=dirs, plain=plain, local_dirs=local)
    )
    ctx.call_on_close(lambda: context.restore(token))
