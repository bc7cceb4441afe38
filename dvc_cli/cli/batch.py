"""``dvc batch`` and ``dvc csv-template``: a spreadsheet of residents in, their papers out."""

from __future__ import annotations

import json
import shlex
import sys
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from dvc_cli.cli import ui
from dvc_cli.cli.app import app
from dvc_cli.cli.interview import signals_interrupt
from dvc_cli.cli.report import handled, os_error, say
from dvc_cli.errors import EXIT_BAD_INPUT, EXIT_INTERRUPTED, EXIT_INVALID_ANSWERS, DvcError
from dvc_cli.i18n import _, ngettext

_SHOWN_FAILURES = 20  # failed rows listed on a terminal (all of them are in errors.csv)


@app.command(
    "batch",
    help=_(
        "Điền thủ tục cho mọi dòng của bảng tính: mỗi người một thư mục (tờ khai, danh sách giấy "
        "tờ, câu trả lời), kèm manifest.csv và errors.csv. Mã thoát: 0 mọi dòng đều được, 1 có "
        "dòng lỗi, 2 dòng lệnh hoặc tệp sai, 130 bị dừng (chạy tiếp bằng --resume)."
    ),
)
def batch_command(
    procedure: Annotated[str, typer.Argument(help=_("Mã thủ tục, ví dụ single-status"))],
    input_file: Annotated[
        Path,
        typer.Argument(
            metavar="INPUT", help=_("Bảng tính: CSV UTF-8 (dấu , ; hoặc tab) hoặc Excel .xlsx")
        ),
    ],
    out: Annotated[
        Path,
        typer.Option("--out", "-o", help=_("Thư mục kết quả (mới, hoặc của lần chạy dở).")),
    ],
    sheet: Annotated[
        Optional[str],  # noqa: UP045 - typer needs Optional here
        typer.Option("--sheet", help=_("Trang tính của tệp .xlsx (mặc định: trang đầu tiên).")),
    ] = None,
    header_row: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option(
            "--header-row",
            min=1,
            help=_(
                "Số dòng của dòng tiêu đề (mặc định: tự tìm, bỏ qua các dòng tên bảng phía trên)."
            ),
        ),
    ] = None,
    jobs: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option("--jobs", "-j", min=1, help=_("Số tiến trình song song (mặc định: mọi lõi).")),
    ] = None,
    resume: Annotated[
        bool,
        typer.Option("--resume", help=_("Chạy tiếp một lần chạy bị dừng, trong cùng --out.")),
    ] = False,
    make_zip: Annotated[
        bool,
        typer.Option("--zip", help=_("Nén toàn bộ kết quả vào một tệp .zip trong --out.")),
    ] = False,
    name_folders: Annotated[
        bool,
        typer.Option(
            "--name-folders",
            help=_(
                "Thêm tên người vào tên thư mục của mỗi dòng (0002-nguyen-thi-dung). Mặc định "
                "chỉ có số dòng (0002), vì danh sách thư mục có thể hiện trên màn hình dùng chung; "
                "--resume giữ cách đặt tên của lần chạy đầu."
            ),
        ),
    ] = False,
    print_pdf: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--print-pdf",
            metavar="FILE",
            help=_(
                "Ghi giấy tờ của mọi dòng vào một tệp PDF để in (theo thứ tự dòng, trang bìa "
                "liệt kê các dòng và dòng bỏ qua)."
            ),
        ),
    ] = None,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help=_(
                "Coi dòng trùng số định danh với một dòng trước là lỗi (không điền, ghi vào "
                "errors.csv). Mặc định chỉ cảnh báo trong manifest.csv và phần tóm tắt."
            ),
        ),
    ] = False,
) -> None:
    from dvc_cli import Batch, BatchInterrupted, load_procedure

    again = _resume_command(procedure, input_file, out, sheet, make_zip, strict, header_row)
    if print_pdf is not None:
        _check_print_pdf(print_pdf)
    with handled():
        proc = load_procedure(procedure)
        batch = Batch(
            proc,
            input_file,
            out,
            sheet=sheet,
            header_row=header_row,
            resume=resume,
            name_folders=name_folders,
            strict=strict,
        )
    with batch, signals_interrupt() as signalled:  # SIGTERM, SIGHUP: as Ctrl-C
        for notice in batch.notices():
            say(notice)
        display = _Display(batch.estimated_rows)
        try:
            summary = batch.run(
                jobs=jobs,
                make_zip=make_zip,
                on_start=display.start,
                on_row=display.row,
                print_pdf=print_pdf,
            )
            display.stop(finished=True)
        except BatchInterrupted as stop:
            display.stop()
            _print_summary(stop.summary)
            done = stop.summary.ok + stop.summary.failed
            message = ngettext(
                "đã dừng; {done} dòng đã xong được giữ lại. Chạy tiếp: {command}",
                "đã dừng; {done} dòng đã xong được giữ lại. Chạy tiếp: {command}",
                done,
            )
            say(message.format(done=done, command=again))
            raise typer.Exit(_stopped_code(signalled)) from None
        except KeyboardInterrupt:
            display.stop()
            say(
                _("đã dừng; các dòng đã xong được giữ lại. Chạy tiếp: {command}").format(
                    command=again
                )
            )
            raise typer.Exit(_stopped_code(signalled)) from None
        except DvcError as exc:  # refused resume, a full disk, a worker killed...
            display.stop()
            say(_("lỗi: {error}").format(error=exc))
            raise typer.Exit(exc.exit_code) from None
        except OSError as exc:  # the file system, wherever it was not caught: not a bug
            display.stop()
            os_error(exc)
            raise typer.Exit(EXIT_BAD_INPUT) from None
        finally:
            display.stop()
    _print_summary(summary)
    if summary.failed:
        raise typer.Exit(EXIT_INVALID_ANSWERS)


def _check_print_pdf(path: Path) -> None:
    """Refuse a --print-pdf FILE that cannot be written, before any row is done."""
    if path.is_dir():
        message = _("--print-pdf {path}: là một thư mục; cho tên một tệp .pdf")
        say(message.format(path=path))
        raise typer.Exit(EXIT_BAD_INPUT)
    if not path.parent.is_dir():
        message = _(
            "--print-pdf {path}: không có thư mục {folder}; tạo nó trước hoặc chọn chỗ khác"
        )
        say(message.format(path=path, folder=path.parent))
        raise typer.Exit(EXIT_BAD_INPUT)


def _stopped_code(signalled: list[int]) -> int:
    """130 for Ctrl-C; 128 + the signal for SIGTERM (143) and SIGHUP (129)."""
    return 128 + signalled[0] if signalled else EXIT_INTERRUPTED


def _resume_command(
    procedure: str,
    input_file: Path,
    out: Path,
    sheet: str | None,
    make_zip: bool,
    strict: bool = False,
    header_row: int | None = None,
) -> str:
    parts = ["dvc", "batch", procedure, str(input_file), "--out", str(out)]
    if sheet:
        parts += ["--sheet", sheet]
    if header_row:
        parts += ["--header-row", str(header_row)]
    if make_zip:
        parts.append("--zip")
    if strict:
        parts.append("--strict")
    return shlex.join([*parts, "--resume"])


class _Display:
    """A Rich progress bar on a terminal (rows, rows/s, ETA); nothing otherwise.

    Failed rows are listed by number and column only: names and ID numbers never appear.
    """

    def __init__(self, total: int | None) -> None:
        self.total = total
        self.progress: Any = None
        self.task: Any = None
        self.failures = 0

    def start(self, already_done: int) -> None:
        if not sys.stderr.isatty():
            return
        if ui.plain():
            self.progress = _PlainProgress(self.total, already_done)
            return
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            ProgressColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )
        from rich.text import Text

        class Rate(ProgressColumn):
            def render(self, task: Any) -> Text:
                speed = task.finished_speed or task.speed
                if not speed:
                    return Text(_("… dòng/s"), style="cyan")
                return Text(_("{speed} dòng/s").format(speed=f"{speed:,.0f}"), style="cyan")

        self.progress = Progress(
            TextColumn("[bold]" + _("Đang điền")),
            BarColumn(),
            MofNCompleteColumn(),
            Rate(),
            TimeElapsedColumn(),
            TextColumn(_("còn")),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            speed_estimate_period=10.0,
        )
        total = max(self.total, already_done) if self.total is not None else None
        self.task = self.progress.add_task("rows", total=total, completed=already_done)
        self.progress.start()

    def row(self, outcome: Any) -> None:
        if self.progress is None:
            return
        self.progress.advance(self.task)
        if not outcome.ok:
            self.failures += 1
            if self.failures <= _SHOWN_FAILURES:
                columns = ", ".join(dict.fromkeys(e.column or "?" for e in outcome.errors))
                self.progress.console.print(
                    _("[red]dòng {row}[/]: lỗi ở {columns}").format(
                        row=outcome.row, columns=columns
                    )
                )
            elif self.failures == _SHOWN_FAILURES + 1:
                self.progress.console.print(_("… (các dòng lỗi khác: xem errors.csv)"))

    def stop(self, *, finished: bool = False) -> None:
        if self.progress is not None:
            if finished and not isinstance(self.progress, _PlainProgress):
                # the row count was an estimate: end the bar full
                self.progress.update(self.task, total=self.progress.tasks[0].completed)
            self.progress.stop()
            self.progress = None


class _PlainProgress:
    """Progress for a screen reader: a line at every tenth of the rows, no animation."""

    def __init__(self, total: int | None, done: int) -> None:
        self.total = total
        self.done = done
        self.next_tenth = self._tenth(done) + 1
        self.console = ui.console(stderr=True)

    def _tenth(self, done: int) -> int:
        return done * 10 // self.total if self.total else done // 100

    def advance(self, _task: Any) -> None:
        self.done += 1
        if self._tenth(self.done) >= self.next_tenth:
            self.next_tenth = self._tenth(self.done) + 1
            if self.total:
                line = _("Đang điền: {done}/{total} dòng").format(done=self.done, total=self.total)
            else:
                line = _("Đang điền: {done} dòng").format(done=self.done)
            self.console.print(line)

    def stop(self) -> None:
        pass


def _print_summary(summary: Any) -> None:
    """A short summary on a terminal (in the interface language); one JSON line when piped
    (counts and paths, machine-readable: never translated)."""
    if not sys.stdout.isatty():
        if summary.duplicates:  # for the person at the desk; the JSON line has the rows
            say(duplicates_line(summary.duplicates))
        if summary.warned:
            say(warned_line(summary.warned))
        data = {
            "status": "interrupted"
            if summary.interrupted
            else ("failed" if summary.failed else "ok"),
            "ok": summary.ok,
            "failed": summary.failed,
            "done_before": summary.skipped_done,
            "processed": summary.processed,
            "blank_rows": summary.blank,
            "seconds": round(summary.seconds, 3),
            "rows_per_second": round(summary.rows_per_second, 1),
            "out": str(summary.out_dir),
            "manifest": str(summary.manifest) if summary.manifest else None,
            "errors": str(summary.errors) if summary.errors else None,
            "zip": str(summary.zip) if summary.zip else None,
            "print_pdf": str(summary.print_pdf) if summary.print_pdf else None,
            "duplicate_rows": summary.duplicates,
            "warning_rows": summary.warned,
        }
        typer.echo(json.dumps(data, ensure_ascii=False))
        return
    head = _("Đã dừng") if summary.interrupted else _("Xong")
    ok = ngettext("{count} dòng thành công", "{count} dòng thành công", summary.ok)
    failed = ngettext("{count} dòng lỗi", "{count} dòng lỗi", summary.failed)
    processed = ngettext(
        "{count} dòng trong {seconds} giây", "{count} dòng trong {seconds} giây", summary.processed
    )
    rate = _("{rate} dòng/giây").format(rate=f"{summary.rows_per_second:.0f}")
    details = processed.format(count=summary.processed, seconds=f"{summary.seconds:.1f}")
    details += f", {rate}"
    if summary.skipped_done:
        before = ngettext(
            "{count} dòng đã xong từ trước",
            "{count} dòng đã xong từ trước",
            summary.skipped_done,
        )
        details += "; " + before.format(count=summary.skipped_done)
    ok_text, failed_text = ok.format(count=summary.ok), failed.format(count=summary.failed)
    paths = [(_("Kết quả:"), summary.out_dir)]
    if summary.manifest:
        paths.append((_("Danh sách:"), summary.manifest))
    if summary.errors:
        paths.append((_("Dòng lỗi:"), summary.errors))
    if summary.zip:
        paths.append((_("Tệp nén:"), summary.zip))
    if summary.print_pdf:
        paths.append((_("Bản in:"), summary.print_pdf))
    width = max(len(_("Danh sách:")), *(len(label) for label, _path in paths)) + 2
    lines = [f"{head}: {ok_text}, {failed_text} ({details})."]
    if summary.duplicates:
        lines.append(duplicates_line(summary.duplicates))
    if summary.warned:
        lines.append(warned_line(summary.warned))
    lines += [f"  {label:<{width}}{path}" for label, path in paths]
    typer.echo("\n".join(lines))


_SHOWN_DUPLICATES = 10  # groups of rows listed in the summary (all are in manifest.csv)


def duplicates_line(groups: list[list[int]]) -> str:
    """``2 người trùng số định danh: dòng 5 và 9; dòng 7, 12 và 30`` (never the number)."""
    shown = []
    for rows in groups[:_SHOWN_DUPLICATES]:
        head = ", ".join(str(r) for r in rows[:-1])
        shown.append(_("dòng {rows} và {last}").format(rows=head, last=rows[-1]))
    if len(groups) > _SHOWN_DUPLICATES:
        shown.append(_("… (xem cột warning của manifest.csv)"))
    message = ngettext(
        "{count} người trùng số định danh: {rows}",
        "{count} người trùng số định danh: {rows}",
        len(groups),
    )
    return message.format(count=len(groups), rows="; ".join(shown))


def warned_line(rows: list[int]) -> str:
    """``3 dòng có câu trả lời cần đối chiếu với giấy tờ: dòng 2, 5, 6 (...)``: rows whose
    manifest warning is their own (a name without diacritics); never the answer."""
    shown = ", ".join(str(r) for r in rows[:_SHOWN_DUPLICATES])
    if len(rows) > _SHOWN_DUPLICATES:
        shown += ", …"
    message = ngettext(
        "{count} dòng có câu trả lời cần đối chiếu với giấy tờ: dòng {rows} (xem cột warning "
        "của manifest.csv)",
        "{count} dòng có câu trả lời cần đối chiếu với giấy tờ: dòng {rows} (xem cột warning "
        "của manifest.csv)",
        len(rows),
    )
    return message.format(count=len(rows), rows=shown)


@app.command(
    "csv-template",
    help=_("In dòng tiêu đề (mã câu hỏi, theo thứ tự phỏng vấn) và một dòng ví dụ, dạng CSV."),
)
def csv_template_command(
    procedure: Annotated[str, typer.Argument(help=_("Mã thủ tục, ví dụ single-status"))],
    bom: Annotated[
        Optional[bool],  # noqa: UP045
        typer.Option(
            "--bom/--no-bom",
            help=_("Thêm BOM UTF-8 để Excel hiện đúng tiếng Việt (mặc định: có, khi ghi ra tệp)."),
        ),
    ] = None,
) -> None:
    import csv
    import io

    from dvc_cli import load_procedure, template_row

    with handled():
        header, example = template_row(load_procedure(procedure))
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(header)
    writer.writerow(example)
    if bom is None:
        bom = not sys.stdout.isatty()
    typer.echo(("\ufeff" if bom else "") + buf.getvalue(), nl=False)
