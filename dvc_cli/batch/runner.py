"""``dvc batch``: fill one procedure for every row of a spreadsheet, in parallel.

Columns are matched to questions by id, label or synonym (accent- and case-insensitively); rows
whose person has an earlier row's ID number are found as rows are read
(:mod:`~dvc_cli.batch.duplicates`: a warning, or an error with ``strict``); each row
becomes the answers of an :class:`~dvc_cli.core.engine.Interview`, exactly as an answers file does,
and gets the same outputs as ``dvc fill`` in its own folder. Invalid rows are reported in
``errors.csv`` and produce nothing. Rows are streamed to a process pool with a bounded number
of chunks in flight (:mod:`~dvc_cli.batch.pool`), so memory stays flat; the output folder is
managed by :mod:`dvc_cli.batch.store` (atomic row folders, resume journal, reports, zip).
Columns: :mod:`~dvc_cli.batch.columns`; cells: :mod:`~dvc_cli.batch.cells`; one row:
:mod:`~dvc_cli.batch.row`.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dvc_cli.batch import item_columns
from dvc_cli.batch import store as batch_store
from dvc_cli.batch.cells import CellReader, PlaceNotices, card_number, read_cards
from dvc_cli.batch.columns import check_columns, match_columns, nearest_question
from dvc_cli.batch.duplicates import Duplicates, person_id_question
from dvc_cli.batch.pool import FORKS, Pool, collecting_for_rows, warm
from dvc_cli.batch.row import RowProcessor, expected_files
from dvc_cli.batch.store import RowError, RowOutcome, RunInfo, Store
from dvc_cli.batch.table import Table, open_table
from dvc_cli.core import lists
from dvc_cli.core.procedure import LoadedProcedure
from dvc_cli.errors import FileSystemError, UsageError
from dvc_cli.i18n import _, ngettext, pick

__all__ = ["Batch", "BatchInterrupted", "Summary", "default_jobs"]


# -- the run --------------------------------------------------------------------------------
@dataclass
class Summary:
    """Counts and paths of a finished (or interrupted) run; no personal data."""

    ok: int = 0
    failed: int = 0
    skipped_done: int = 0  # rows finished by an earlier run (resume)
    processed: int = 0  # rows done by this run
    blank: int = 0  # empty rows ignored
    seconds: float = 0.0
    out_dir: Path | None = None
    manifest: Path | None = None
    errors: Path | None = None
    zip: Path | None = None
    print_pdf: Path | None = None  # every row's papers in one PDF (--print-pdf)
    interrupted: bool = False
    duplicates: list[list[int]] = field(default_factory=list)  # rows sharing an ID number
    #: Rows whose answers are probably not as on the papers (a name without diacritics).
    warned: list[int] = field(default_factory=list)

    @property
    def rows_per_second(self) -> float:
        return self.processed / self.seconds if self.seconds > 0 else 0.0


class BatchInterrupted(Exception):
    """Ctrl-C: finished rows are kept and reported; ``--resume`` continues."""

    def __init__(self, summary: Summary) -> None:
        super().__init__("interrupted")
        self.summary = summary


def default_jobs() -> int:
    """All the cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _header_score(proc: LoadedProcedure) -> Callable[[list[str]], tuple[bool, int]]:
    """How well a row of names fits as the header: (every required column, matched columns)."""

    def score(names: list[str]) -> tuple[bool, int]:
        cmap = match_columns(names, proc)
        return bool(cmap.questions) and not cmap.missing_required, len(cmap.questions)

    return score


class Batch:
    """One ``dvc batch`` run. Constructing it opens the input and checks the columns, so every
    command-line problem is raised (as UsageError) before anything is written."""

    def __init__(
        self,
        proc: LoadedProcedure,
        input_path: Path,
        out_dir: Path,
        *,
        sheet: str | None = None,
        header_row: int | None = None,
        resume: bool = False,
        name_folders: bool = False,
        strict: bool = False,
    ) -> None:
        self.proc = proc
        self.input_path = Path(input_path)
        self.out_dir = Path(out_dir)
        self.sheet = sheet
        self.resume = resume
        self.name_folders = name_folders  # for a new run; a resumed one keeps its own
        self.strict = strict  # a later row with an earlier row's ID number is an error
        self.duplicates = Duplicates()
        self.table: Table = open_table(
            self.input_path, sheet=sheet, header_row=header_row, score=_header_score(proc)
        )
        try:
            self.columns = match_columns(self.table.header, proc)
            check_columns(self.columns, proc)
            self.table.check_not_empty()
        except BaseException:
            self.table.close()
            raise
        self.store: Store | None = None

    def close(self) -> None:
        self.table.close()
        if self.store is not None:
            self.store.close(sync=False)
            self.store = None

    def __enter__(self) -> Batch:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def estimated_rows(self) -> int | None:
        return self.table.estimated_rows

    def notices(self) -> list[str]:
        """What to tell the user once, at the start: ignored and guessed columns."""
        c = self.columns
        out = list(self.table.notices)
        if c.unknown:
            names = ", ".join(c.name(i) for i in c.unknown)
            message = ngettext(
                "bỏ qua {count} cột không khớp câu hỏi nào: {columns}",
                "bỏ qua {count} cột không khớp câu hỏi nào: {columns}",
                len(c.unknown),
            )
            out.append(message.format(count=len(c.unknown), columns=names))
        for i, found in c.ambiguous.items():
            message = _("bỏ qua cột {column}: khớp nhiều câu hỏi ({ids}); dùng mã")
            out.append(message.format(column=c.name(i), ids=", ".join(found)))
        for i in c.unknown:
            qid = nearest_question(c.header[i], c, self.proc)
            if qid is not None:
                message = _("cột {column} có phải là {id} ({label})? Nếu đúng, đặt tên cột là {id}")
                label = pick(self.proc.questions[qid].label)
                out.append(message.format(column=c.name(i), id=qid, label=label))
        for i in c.guessed:
            qid = c.questions[i]
            message = _("cột {column} được hiểu là {id} ({label})")
            label = pick(self.proc.questions[qid].label)
            out.append(message.format(column=c.name(i), id=qid, label=label))
        return out

    def _open_store(self) -> Store:
        info = RunInfo(
            procedure=self.proc.id,
            input_name=self.input_path.name,
            input_sha256=batch_store.file_sha256(self.input_path),
            sheet=self.sheet,
            today=dt.date.today().isoformat(),
            name_folders=self.name_folders,
        )
        try:
            if self.resume:
                return Store.resume(self.out_dir, info, expected_files(self.proc))
            return Store.create(self.out_dir, info)
        except OSError as exc:  # a read-only folder, a full disk, --out under a file...
            raise FileSystemError(exc, exc.filename or self.out_dir) from None

    def _refused(self, row: int, first: int) -> RowOutcome:
        """A later row of a person already in the batch, under ``--strict``."""
        q = person_id_question(self.proc)
        column = self.columns.column_of().get(q.id, q.id) if q else ""
        message = _("trùng số định danh với dòng {row} (--strict): mỗi người một dòng").format(
            row=first
        )
        return RowOutcome(row, errors=(RowError(column, message, ""),))

    def _rows(
        self,
        done: set[int],
        summary: Summary,
        refuse: Callable[[RowOutcome], None],
    ) -> Iterator[tuple[int, dict[str, Any]]]:
        questions = [
            (i, self.proc.questions[qid], self.columns.name(i))
            for i, qid in self.columns.questions.items()
        ]
        item_questions = [
            (i, lid, index, lists.question_at(self.proc.questions, lists.path(lid, index, iq)))
            for i, (lid, index, iq) in self.columns.items.items()
        ]
        read = CellReader()
        id_question = person_id_question(self.proc)
        id_key = id_question.id if id_question else None
        cards = [(i, role, self.columns.header[i]) for i, role in self.columns.cards.items()]
        for number, cells in self.table.rows:
            width = len(cells)
            answers = {}
            for i, q, column in questions:
                if i < width:
                    cell = cells[i]
                    if type(cell) is str and not cell.strip():
                        continue  # an empty cell: no answer (what read() gives, without it)
                    value = read(q, cell, number, column)
                    if value is not None:
                        answers[q.id] = value
            found: dict[tuple[str, int], dict[str, Any]] = {}
            for i, lid, index, iq in item_questions:  # a list's numbered columns
                entry = found.setdefault((lid, index), {})
                if i < width and iq is not None:
                    value = read(iq, cells[i], number, self.columns.name(i))
                    if value is not None:
                        entry[iq.id] = value
            answers.update(item_columns.items_of(found))
            refused = read_cards(cards, cells, answers)
            if not answers and all(c is None or str(c).strip() == "" for c in cells):
                summary.blank += 1
                continue
            # every row, done or not: a resumed run knows the earlier rows' ID numbers
            person = answers.get(id_key) or card_number(self.proc, answers, id_key)
            first = self.duplicates.add(number, person) if id_key else None
            if number in done:
                continue
            if refused:
                refuse(RowOutcome(number, errors=refused))
                continue
            if first is not None and self.strict:
                refuse(self._refused(number, first))
                continue
            yield number, answers

    def run(
        self,
        *,
        jobs: int | None = None,
        make_zip: bool = False,
        on_start: Callable[[int], None] | None = None,
        on_row: Callable[[RowOutcome], None] | None = None,
        print_pdf: Path | None = None,
    ) -> Summary:
        """Process every row not done yet; write manifest.csv, errors.csv (and the zip, and
        with ``print_pdf`` every row's papers in that one PDF: batch/print_pdf.py).

        ``on_start(rows already done)`` is called once the output folder and the workers are
        ready (start a progress display there: the workers are forked before it);
        ``on_row(outcome)`` after each finished row. Raises BatchInterrupted on Ctrl-C, and
        UsageError when the disk or a worker fails (finished rows are kept either way).
        """
        from concurrent.futures.process import BrokenProcessPool

        from dvc_cli.fonts import STYLES
        from dvc_cli.render import pdf_form, pdf_text

        jobs = max(1, jobs or default_jobs())
        # Load the templates and fonts before forking: every worker starts warm.
        for style in STYLES:
            pdf_text.font(style)
        for out in self.proc.model.outputs:
            pdf_form.render_form(self.proc.template_path(out.template), {})
        store = self.store = self._open_store()
        summary = Summary(out_dir=self.out_dir, skipped_done=len(store.done))
        processor = RowProcessor(
            self.proc,
            self.out_dir,
            store.info.date,
            self.columns.column_of(),
            name_folders=store.info.name_folders,
            cards=self.columns.card_column_of(),
        )
        if jobs > 1 and FORKS:
            warm(processor)  # once here rather than in every worker (batch/pool.py)
        with collecting_for_rows():  # see batch/pool.py
            pool = Pool(processor, jobs) if jobs > 1 else None
            failure: str | None = None
            converted = PlaceNotices()
            column_name = {qid: self.columns.name(i) for i, qid in self.columns.questions.items()}

            def record(outcome: RowOutcome) -> None:
                store.record(outcome)
                summary.processed += 1
                if outcome.converted:
                    converted(outcome.row, [column_name.get(q, q) for q in outcome.converted])
                if on_row:
                    on_row(outcome)

            rows = self._rows(store.done, summary, record)

            started = time.perf_counter()
            try:
                if on_start:
                    on_start(len(store.done))
                if pool is None:
                    for row, answers in rows:
                        record(processor(row, answers))
                else:
                    chunk_size = max(1, min(16, (self.table.estimated_rows or 0) // (jobs * 8)))
                    pool.run(rows, chunk_size, record)
            except KeyboardInterrupt:
                summary.interrupted = True
            except BrokenProcessPool:
                failure = _("một tiến trình xử lý bị dừng đột ngột (hết bộ nhớ?)")
            except OSError as exc:  # a full disk: the path, the error and what to do
                failure = str(FileSystemError(exc, exc.filename or self.out_dir))
            finally:
                if pool is not None:
                    pool.close()
        summary.seconds = time.perf_counter() - started
        try:
            summary.duplicates = self.duplicates.sets()
            reports = store.write_reports(self.duplicates.warnings())
            summary.ok, summary.failed, summary.manifest, summary.errors = reports
            summary.warned = list(store.warned)
            if make_zip and not summary.interrupted and failure is None:
                summary.zip = store.make_zip(f"{self.proc.id}-{store.info.date:%Y%m%d}.zip")
            if print_pdf is not None and not summary.interrupted and failure is None:
                from dvc_cli.batch import print_pdf as printing
                from dvc_cli.i18n import pick

                title = pick(self.proc.model.title)
                printing.write(print_pdf, self.out_dir, store.outcomes(), title, store.info.date)
                summary.print_pdf = print_pdf
        except OSError as exc:
            failure = failure or str(FileSystemError(exc, exc.filename or self.out_dir))
        store.close(sync=not summary.interrupted and failure is None)
        self.store = None
        if failure:
            message = _("{error}; các dòng đã xong được giữ lại, chạy tiếp bằng --resume")
            raise UsageError(message.format(error=failure))
        if summary.interrupted:
            raise BatchInterrupted(summary)
        return summary
