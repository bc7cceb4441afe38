"""``dvc batch``: fill one procedure for every row of a spreadsheet, in parallel.

Columns are matched to questions by id or label (accent- and case-insensitively); each row
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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dvc_cli.batch import store as batch_store
from dvc_cli.batch.cells import CellReader
from dvc_cli.batch.columns import check_columns, match_columns
from dvc_cli.batch.pool import Pool
from dvc_cli.batch.row import RowProcessor, expected_files
from dvc_cli.batch.store import RowOutcome, RunInfo, Store
from dvc_cli.batch.table import Table, open_table
from dvc_cli.core.procedure import LoadedProcedure
from dvc_cli.errors import UsageError
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
    interrupted: bool = False

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
        resume: bool = False,
        name_folders: bool = False,
    ) -> None:
        self.proc = proc
        self.input_path = Path(input_path)
        self.out_dir = Path(out_dir)
        self.sheet = sheet
        self.resume = resume
        self.name_folders = name_folders  # for a new run; a resumed one keeps its own
        self.table: Table = open_table(self.input_path, sheet=sheet)
        try:
            self.columns = match_columns(self.table.header, proc)
            check_columns(self.columns, proc)
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
        out = []
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
        if self.resume:
            return Store.resume(self.out_dir, info, expected_files(self.proc))
        return Store.create(self.out_dir, info)

    def _rows(self, done: set[int], summary: Summary) -> Iterator[tuple[int, dict[str, Any]]]:
        questions = [
            (i, self.proc.questions[qid], self.columns.name(i))
            for i, qid in self.columns.questions.items()
        ]
        read = CellReader()
        for number, cells in self.table.rows:
            width = len(cells)
            answers = {}
            for i, q, column in questions:
                if i < width:
                    value = read(q, cells[i], number, column)
                    if value is not None:
                        answers[q.id] = value
            if not answers and all(c is None or str(c).strip() == "" for c in cells):
                summary.blank += 1
                continue
            if number in done:
                continue
            yield number, answers

    def run(
        self,
        *,
        jobs: int | None = None,
        make_zip: bool = False,
        on_start: Callable[[int], None] | None = None,
        on_row: Callable[[RowOutcome], None] | None = None,
    ) -> Summary:
        """Process every row not done yet; write manifest.csv, errors.csv (and the zip).

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
        )
        rows = self._rows(store.done, summary)
        pool = Pool(processor, jobs) if jobs > 1 else None
        failure: str | None = None

        def record(outcome: RowOutcome) -> None:
            store.record(outcome)
            summary.processed += 1
            if on_row:
                on_row(outcome)

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
        except OSError as exc:
            failure = _("không ghi được {path}: {error}").format(
                path=exc.filename or self.out_dir, error=exc.strerror or exc
            )
        finally:
            if pool is not None:
                pool.close()
        summary.seconds = time.perf_counter() - started
        try:
            summary.ok, summary.failed, summary.manifest, summary.errors = store.write_reports()
            if make_zip and not summary.interrupted and failure is None:
                summary.zip = store.make_zip(f"{self.proc.id}-{store.info.date:%Y%m%d}.zip")
        except OSError as exc:
            failure = failure or _("không ghi được {path}: {error}").format(
                path=exc.filename or self.out_dir, error=exc.strerror
            )
        store.close(sync=not summary.interrupted and failure is None)
        self.store = None
        if failure:
            message = _("{error}; các dòng đã xong được giữ lại, chạy tiếp bằng --resume")
            raise UsageError(message.format(error=failure))
        if summary.interrupted:
            raise BatchInterrupted(summary)
        return summary
