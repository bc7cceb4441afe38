"""``dvc fill``: interview (or read an answers file), then write the person's papers."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

import dvc_cli
from dvc_cli.cli import id_card, ui
from dvc_cli.cli.app import app, resume_collector
from dvc_cli.cli.report import handled, say
from dvc_cli.errors import DvcError, UsageError
from dvc_cli.i18n import _


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
    example: Annotated[
        bool,
        typer.Option(
            "--example",
            help=_(
                "Điền bằng câu trả lời mẫu kèm theo thủ tục, không hỏi"
                " (như --answers examples/<thủ tục>.yaml --no-input)."
            ),
        ),
    ] = False,
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
    force: Annotated[
        bool,
        typer.Option(
            "--force", help=_("Ghi vào thư mục --out dù thư mục đó đã có giấy tờ (ghi đè).")
        ),
    ] = False,
    id_cards: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Option(
            "--id-card",
            metavar=_("[VAI=]MÃ"),
            help=_(
                "Nội dung mã QR của thẻ căn cước/CCCD, điền các câu trả lời về người đó; lặp lại"
                " cho từng người (VAI=MÃ khi thủ tục có nhiều người, ví dụ bride=...). Câu trả"
                " lời trong --answers được giữ."
            ),
        ),
    ] = None,
    scanner: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--scanner",
            metavar=_("CỔNG"),
            help=_(
                "Máy quét ở chế độ cổng COM (ví dụ /dev/ttyACM0 hoặc COM3): khi hỏi, quét thẻ ở"
                " câu đầu của mỗi người; với --no-input, đọc một mã cho mỗi người chưa có"
                " --id-card (cần: pip install 'dvc-cli[scanner]')."
            ),
        ),
    ] = None,
    draft_ref: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--draft",
            metavar=_("SỐ"),
            help=_(
                "Làm tiếp bản nháp có số này (số in ra khi bản nháp được lưu; xem dvc drafts),"
                " không hỏi."
            ),
        ),
    ] = None,
) -> None:
    from dvc_cli.cli import checklist_view

    with handled():
        if example and (answers is not None or resume or fresh or draft_ref):
            raise UsageError(
                _("--example dùng câu trả lời mẫu và không hỏi: bỏ --answers, --resume, --fresh")
            )
        proc = dvc_cli.load_procedure(procedure)
        if example:  # a volunteer's first try, a demo at a training
            answers, no_input = dvc_cli.example_answers(proc.id), True
        if not no_input:  # an interview: the garbage collector back on (cli/app.py)
            resume_collector()
        given = dvc_cli.read_answers(answers, proc.id) if answers else {}
        cards = id_card.cards_for(proc, id_cards) if id_cards else []
        if scanner is not None:
            id_card.check_scanner(proc)
        results = None if out else dvc_cli.results_dir()  # unusable? say so before asking
        if out is not None:  # another person's papers there? say so before asking
            dvc_cli.check_out_dir(proc, out, force=force)
        # an interview may change what the file said: then the answers are to blame, not it
        source = str(answers) if answers and no_input else _("câu trả lời")
        draft = None
        if no_input:  # drafts are for interviews only
            if resume or fresh or draft_ref:
                raise UsageError(_("--resume, --draft và --fresh chỉ dùng khi hỏi (bỏ --no-input)"))
            if scanner is not None:  # one card per person still to fill, read in turn
                cards += id_card.scan_cards(proc, given, cards, scanner)
            interview = dvc_cli.Interview(proc, given, checks=[dvc_cli.check_fit])
            if cards:  # before the defaults: a card's answers are given answers
                id_card.apply_cards(interview, cards)
            interview.apply_defaults()  # a file's missing answers take their defaults
            for qid, note in interview.notes().items():
                say(f"{qid}: {note}")
            for qid, doubt in interview.doubts().items():  # a warning: the answer stands
                say(f"{qid}: {doubt}")
        else:
            from dvc_cli.cli.interview import ask_with_draft

            if cards:  # the cards' answers, those of --answers winning
                probe = dvc_cli.Interview(proc, given)
                given = {**id_card.apply_cards(probe, cards), **given}
            interview, draft = ask_with_draft(
                proc,
                given,
                prefill=bool(answers),
                resume=resume,
                fresh=fresh,
                draft_ref=draft_ref,
                out=out,
                scanner=scanner,
            )
            if out is None and draft.out is not None:  # the --out the draft remembers
                out, results = draft.out, None
        try:
            rendered = dvc_cli.render_outputs(interview, editable=editable, source=source)
            if out is not None:
                dvc_cli.check_out_dir(proc, out, force=force)  # filled while we asked?
            out_dir = out if results is None else dvc_cli.default_out_dir(interview, results)
            try:
                written = dvc_cli.write_outputs(rendered, out_dir)
            except DvcError:
                if results is not None:  # the new folder dvc made: leave nothing half-done
                    _remove_new(out_dir)
                raise
        except DvcError as exc:
            if draft is not None and draft.keep():  # what was typed is not lost
                from dvc_cli.cli.interview import resume_command

                exc.hint = _(
                    'các câu trả lời đã lưu ở bản nháp {ref}; sửa bằng "{command}"'
                ).format(ref=draft.ref(), command=resume_command(draft))
            raise
        if draft is not None:
            draft.delete()
        console = ui.console()
        console.print(checklist_view.to_rich(rendered.checklist))
        console.print(_("[bold green]Đã tạo[/] trong {folder}:").format(folder=out_dir))
        for path in written:
            console.print(f"  {path.name}")


def _remove_new(folder: Path) -> None:
    """Remove a result folder dvc created for a write that failed (its files are temporary)."""
    import shutil

    shutil.rmtree(folder, ignore_errors=True)
