"""The ``dvc`` command line: a thin layer over the library (heavy imports stay inside commands)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Optional

import typer

from dvc_cli import __version__, i18n, log, ui
from dvc_cli.errors import (
    EXIT_BAD_INPUT,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    AnswersInvalid,
    DvcError,
    UsageError,
)
from dvc_cli.i18n import _

app = typer.Typer(
    name="dvc",
    help=_("dvc (dịch vụ công): điền tờ khai và lập danh sách giấy tờ cho thủ tục hành chính."),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # --plain / NO_COLOR: plain help text, with no boxes (and no Rich import).
    rich_markup_mode=None if ui.plain(sys.argv[1:]) else "rich",
)


_debug = False


def _err(message: str) -> None:
    sys.stderr.write(f"dvc: {message}\n")


def _trace() -> None:
    """With ``--debug``, the full traceback of the exception being handled."""
    if _debug:
        import traceback

        traceback.print_exc(file=sys.stderr)


def _internal(exc: BaseException) -> None:
    """The last resort for a bug: one line (digits and dates masked), never a traceback."""
    text = log.mask(" ".join(str(exc).split()))
    text = text if len(text) <= 200 else text[:199] + "…"
    detail = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    _err(_("lỗi nội bộ: {detail} (chạy lại với --debug để xem chi tiết)").format(detail=detail))


def _hint(exc: DvcError) -> None:
    """A line saying what to do next, when the code that raised ``exc`` knew one."""
    if exc.hint:
        _err(exc.hint)


@contextmanager
def _handled() -> Iterator[None]:
    """Turn library errors into one-line messages and the documented exit codes."""
    try:
        yield
    except AnswersInvalid as exc:
        _trace()
        _err(_("lỗi: {error}").format(error=exc))
        for problem in exc.problems:
            sys.stderr.write(f"  - {problem}\n")
        _hint(exc)
        raise typer.Exit(exc.exit_code) from None
    except DvcError as exc:
        _trace()
        _err(_("lỗi: {error}").format(error=exc))
        _hint(exc)
        raise typer.Exit(exc.exit_code) from None
    except (KeyboardInterrupt, EOFError):
        _trace()
        _err(_("đã dừng; chưa tạo tệp nào."))
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except (typer.Exit, typer.Abort, typer.exceptions.TyperException):
        raise
    except Exception as exc:  # a bug: still one line, and a code of its own
        _trace()
        _internal(exc)
        raise typer.Exit(EXIT_INTERNAL) from None


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
    global _debug
    from dvc_cli import registry

    if lang is not None and i18n.normalise(lang) is None:
        i18n.set_language(None)  # not the language of an earlier run in this process
        _err(_("lỗi: --lang {lang}: chỉ có vi hoặc en").format(lang=lang))
        raise typer.Exit(2)
    i18n.set_language(lang)
    ui.set_plain(plain)
    log.setup(verbose)
    _debug = debug
    with _handled():
        registry.use_local_dirs(procedures_dirs or ())
    ctx.call_on_close(registry.reset)


@app.command("list", help=_("Liệt kê các thủ tục (mã và tên)."))
def list_command() -> None:
    from rich.table import Table

    from dvc_cli import registry

    # Titles are read without full validation (no pydantic, no Jinja2): `dvc list` must be
    # instant; `dvc check` and `dvc fill` report a broken file.
    with _handled():
        table = Table(show_header=True, header_style="bold", box=None)
        table.add_column(_("Mã dvc"))
        table.add_column(_("Mã TTHC"))
        table.add_column(_("Thủ tục"))
        for entry in registry.catalogue():
            first, second = entry.titles()
            title = f"{first}\n[dim]{second}[/]" if second else first
            table.add_row(entry.id, entry.portal_code or "", title)
        ui.console().print(table)


@app.command("show", help=_("Thông tin thủ tục và toàn bộ thành phần hồ sơ kèm điều kiện."))
def show_command(
    procedure: Annotated[str, typer.Argument(help=_("Mã thủ tục, ví dụ single-status"))],
) -> None:
    from dvc_cli import procedures, show

    with _handled():
        ui.console().print(show.describe(procedures.load(procedure)))


@app.command(
    "fill",
    help=_(
        "Phỏng vấn (hoặc đọc tệp câu trả lời), rồi tạo tờ khai PDF, danh sách giấy tờ, answers."
    ),
)
def fill_command(
    procedure: Annotated[str, typer.Argument(help=_("Mã thủ tục, ví dụ single-status"))],
    answers: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--answers", "-a", help=_("Tệp câu trả lời (YAML) để điền sẵn.")),
    ] = None,
    out: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--out",
            "-o",
            help=_("Thư mục ghi kết quả (mặc định: ho-so/... trong thư mục dữ liệu của dvc)."),
        ),
    ] = None,
    no_input: Annotated[
        bool,
        typer.Option("--no-input", help=_("Không hỏi; thiếu hoặc sai thì báo lỗi (mã 1).")),
    ] = False,
    editable: Annotated[
        bool, typer.Option("--editable", help=_("Giữ các ô điền được trong PDF tờ khai."))
    ] = False,
    resume: Annotated[
        bool, typer.Option("--resume", help=_("Làm tiếp bản nháp mới nhất, không hỏi."))
    ] = False,
    fresh: Annotated[
        bool, typer.Option("--fresh", help=_("Bắt đầu lại từ đầu, không hỏi (bản nháp giữ lại)."))
    ] = False,
    draft_ref: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--draft", hidden=True),  # dvc drafts resume N
    ] = None,
) -> None:
    from dvc_cli import answers_file, checklist, output, paths, procedures
    from dvc_cli.engine import Interview

    with _handled():
        proc = procedures.load(procedure)
        given = answers_file.read(answers, proc.id) if answers else {}
        results = None if out else paths.results_dir()  # unusable? say so before asking
        source = str(answers) if answers else _("câu trả lời")
        draft = None
        if no_input:  # drafts are for interviews only
            if resume or fresh or draft_ref:
                raise UsageError(_("--resume và --fresh chỉ dùng khi hỏi (bỏ --no-input)"))
            interview = Interview(proc, given)
            interview.apply_defaults()  # a file's missing answers take their defaults
        else:
            from dvc_cli.cli_drafts import ask_with_draft

            interview, draft = ask_with_draft(
                proc, given, prefill=bool(answers), resume=resume, fresh=fresh, draft_ref=draft_ref
            )
        try:
            rendered = output.render(interview, editable=editable, source=source)
            out_dir = out if results is None else output.default_out_dir(interview, results)
            written = output.write(rendered, out_dir)
        except DvcError as exc:
            if draft is not None and draft.keep():  # what was typed is not lost
                exc.hint = _(
                    'các câu trả lời đã lưu ở bản nháp; sửa bằng "dvc fill {id} --resume"'
                ).format(id=proc.id)
            raise
        if draft is not None:
            draft.delete()
        console = ui.console()
        console.print(checklist.to_rich(rendered.checklist))
        console.print(_("[bold green]Đã tạo[/] trong {folder}:").format(folder=out_dir))
        for path in written:
            console.print(f"  {path.name}")


def main() -> None:
    """Console-script entry point: Click's command-line errors become one dvc line (exit 2)."""
    from dvc_cli import usage_errors

    try:
        code = app(prog_name="dvc", standalone_mode=False)
    except KeyboardInterrupt:  # outside a command (e.g. during import)
        _err(_("đã dừng."))
        sys.exit(EXIT_INTERRUPTED)
    except Exception as exc:  # outside ``_handled()``: still no bare traceback
        if usage_errors.is_help_request(exc):  # `dvc` alone: the help, as Click would
            try:
                app(["--help"], prog_name="dvc")
            except SystemExit:
                pass
            sys.exit(EXIT_BAD_INPUT)
        if usage_errors.is_click_exception(exc):
            _trace()
            _err(_("lỗi: {error}").format(error=usage_errors.message(exc)))
            sys.exit(EXIT_BAD_INPUT)
        if type(exc).__name__ == "Abort":  # end of input at a Click prompt
            _err(_("đã dừng."))
            sys.exit(EXIT_INTERRUPTED)
        _trace()
        _internal(exc)
        sys.exit(EXIT_INTERNAL)
    sys.exit(code if isinstance(code, int) else 0)


# -- commands kept in their own modules register themselves on ``app`` when imported --
from dvc_cli import cli_batch, cli_catalogue, cli_drafts  # noqa: E402, F401
