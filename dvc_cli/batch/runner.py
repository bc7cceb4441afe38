"""``dvc batch``: fill one procedure for every row of a spreadsheet, in parallel.

Columns are matched to questions by id or label (accent- and case-insensitively); each row
becomes the answers of an :class:`~dvc_cli.engine.Interview`, exactly as an answers file does,
and gets the same outputs as ``dvc fill`` in its own folder. Invalid rows are reported in
``errors.csv`` and produce nothing. Rows are streamed to a process pool with a bounded number
of chunks in flight, so memory stays flat; the output folder is managed by
:mod:`dvc_cli.batch_store` (atomic row folders, resume journal, reports, zip).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dvc_cli import i18n
from dvc_cli.batch import store as batch_store
from dvc_cli.batch.store import RowError, RowOutcome, RunInfo, Store
from dvc_cli.batch.table import Table, column_letter, open_table
from dvc_cli.core.procedure import LoadedProcedure
from dvc_cli.core.schema import Question
from dvc_cli.errors import AnswerError, AnswersInvalid, DvcError, ProcedureError, UsageError
from dvc_cli.i18n import N_, _, ngettext, pick
from dvc_cli.text import fold

__all__ = [
    "Batch",
    "BatchInterrupted",
    "ColumnMap",
    "Summary",
    "cell_answer",
    "match_columns",
    "template_row",
]

TEST_DELAY_ENV = "DVC_BATCH_TEST_DELAY"  # seconds to sleep after each row: tests only
_STOPWORDS = {"va", "cua", "and", "of", "the"}
_ID_HINT = N_(" (Excel có thể đã bỏ số 0 ở đầu: hãy định dạng cột này là Văn bản/Text)")


# -- columns --------------------------------------------------------------------------------
def _words(text: str) -> tuple[str, ...]:
    return tuple(re.findall(r"[a-z0-9]+", fold(text)))


@dataclass
class ColumnMap:
    """Which column answers which question."""

    header: list[str]
    questions: dict[int, str] = field(default_factory=dict)  # column index → question id
    unknown: list[int] = field(default_factory=list)  # columns matching no question
    ambiguous: dict[int, list[str]] = field(default_factory=dict)  # column → candidates
    guessed: list[int] = field(default_factory=list)  # matched by a shortened label
    duplicates: list[tuple[str, list[int]]] = field(default_factory=list)
    missing_required: list[str] = field(default_factory=list)

    def name(self, index: int) -> str:
        """``'Ho ten' (cột A)``."""
        return _("'{header}' (cột {column})").format(
            header=self.header[index], column=column_letter(index)
        )

    def column_of(self) -> dict[str, str]:
        """Question id → the column's header as written in the file."""
        return {qid: self.header[i] for i, qid in self.questions.items()}


def _required_columns(proc: LoadedProcedure) -> list[Question]:
    """Questions every row must answer: required, asked always, without a default."""
    return [q for q in proc.ordered() if q.required and not q.when and q.default is None]


def match_columns(header: list[str], proc: LoadedProcedure) -> ColumnMap:
    """Match each header cell to a question: by id, by label (vi or en), or by a shortened
    label (``Ho ten`` → ``Họ, chữ đệm, tên``: every word of the header in the label, the
    shortest such label winning). Accents, case and punctuation do not matter."""
    by_id: dict[tuple[str, ...], str] = {}
    by_label: dict[tuple[str, ...], list[str]] = {}
    label_words: dict[str, list[set[str]]] = {}
    for q in proc.ordered():
        by_id[_words(q.id)] = q.id
        labels = [q.label.vi] + ([q.label.en] if q.label.en else [])
        for label in labels:
            words = _words(label)
            by_label.setdefault(words, [])
            if q.id not in by_label[words]:
                by_label[words].append(q.id)
            label_words.setdefault(q.id, []).append(set(words))
    cmap = ColumnMap(header)
    claimed: dict[str, list[int]] = {}
    for index, text in enumerate(header):
        words = _words(text)
        if not words:
            if text.strip():
                cmap.unknown.append(index)
            continue
        qid: str | None = by_id.get(words)
        if qid is None and words in by_label:
            found = by_label[words]
            if len(found) > 1:
                cmap.ambiguous[index] = found
                continue
            qid = found[0]
        if qid is None:
            key = set(words) - _STOPWORDS
            if len(key) >= 2:
                scored = sorted(
                    (min(len(s) for s in sets if key <= s), qid)
                    for qid, sets in label_words.items()
                    if any(key <= s for s in sets)
                )
                if len(scored) == 1 or (len(scored) > 1 and scored[0][0] < scored[1][0]):
                    qid = scored[0][1]
                    cmap.guessed.append(index)
                elif scored:
                    best = scored[0][0]
                    cmap.ambiguous[index] = [q for n, q in scored if n == best]
                    continue
        if qid is None:
            cmap.unknown.append(index)
            continue
        claimed.setdefault(qid, []).append(index)
        cmap.questions[index] = qid
    cmap.duplicates = [(qid, cols) for qid, cols in claimed.items() if len(cols) > 1]
    cmap.missing_required = [q.id for q in _required_columns(proc) if q.id not in claimed]
    return cmap


def check_columns(cmap: ColumnMap, proc: LoadedProcedure) -> None:
    """Raise UsageError for what stops a run before any output: a missing required column,
    or two columns answering the same question."""
    if cmap.duplicates:
        qid, cols = cmap.duplicates[0]
        raise UsageError(
            _("các cột {columns} cùng là câu hỏi {id}; hãy giữ một cột").format(
                columns=", ".join(cmap.name(i) for i in cols), id=qid
            )
        )
    if cmap.missing_required:
        names = ", ".join(
            f"{qid} ({pick(proc.questions[qid].label)})" for qid in cmap.missing_required
        )
        message = _("thiếu cột bắt buộc: {columns}; xem mẫu: dvc csv-template {procedure}")
        raise UsageError(message.format(columns=names, procedure=proc.id))


# -- cells ----------------------------------------------------------------------------------
def cell_answer(q: Question, value: Any) -> Any:
    """A spreadsheet cell as an answer for ``q`` (None: no answer, the default applies).

    Text is trimmed; spreadsheet dates and numbers are accepted. A number in an ID or phone
    column gets back the leading zeros a spreadsheet drops (ID numbers always start with 0).
    """
    if value is None:
        return None
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, bool):
        return value if q.type == "boolean" else ("Có" if value else "Không")
    if isinstance(value, dt.datetime | dt.date):
        day = value.date() if isinstance(value, dt.datetime) else value
        return day if q.type == "date" else day.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        if q.type == "integer":
            return value
        text = str(value)
        if q.type == "citizen_id" and len(text) in (10, 11):
            return text.zfill(12)
        if q.type == "phone" and len(text) == 9:
            return "0" + text
        return text
    return str(value).strip() or None


def _shown(q: Question | None, value: Any) -> str:
    """A value as written to errors.csv: ID numbers masked."""
    if value is None:
        return ""
    text = value.strftime("%d/%m/%Y") if isinstance(value, dt.date) else str(value)
    if q is not None and q.type == "citizen_id":
        return batch_store.mask_id(text)
    return batch_store.mask_digits(text)


# -- one row --------------------------------------------------------------------------------
def expected_files(proc: LoadedProcedure) -> tuple[str, ...]:
    """The files every row folder holds (as output.render makes them)."""
    from dvc_cli.render.output import ANSWERS_NAME

    return (
        *(o.file for o in proc.model.outputs),
        "checklist.pdf",
        "checklist.md",
        ANSWERS_NAME,
    )


class RowProcessor:
    """Turn one row's answers into its folder, or into its errors (picklable settings)."""

    def __init__(
        self,
        proc: LoadedProcedure,
        out_dir: Path,
        today: dt.date,
        columns: dict[str, str],
    ) -> None:
        self.proc = proc
        self.out_dir = out_dir
        self.today = today
        self.columns = columns
        self.delay = float(os.environ.get(TEST_DELAY_ENV) or 0)
        self.language = i18n.language()  # messages in errors.csv, also in spawned workers

    def _errors(self, problems: list[AnswerError], answers: dict[str, Any]) -> tuple[RowError, ...]:
        out = []
        for p in problems:
            q = self.proc.questions.get(p.question or "")
            value = answers.get(p.question or "")
            message = batch_store.mask_digits(p.message)
            if q is not None and q.type == "citizen_id" and str(value or "").isdigit():
                if len(str(value)) in (10, 11):
                    message += _(_ID_HINT)
            column = self.columns.get(p.question or "", p.question or "")
            out.append(RowError(column, message, _shown(q, value)))
        return tuple(out)

    def __call__(self, row: int, answers: dict[str, Any]) -> RowOutcome:
        from dvc_cli.core.engine import Interview
        from dvc_cli.render import output

        try:
            interview = Interview(self.proc, answers, today=self.today)
            interview.apply_defaults()
            problems = interview.problems()
            if problems:
                return RowOutcome(row, errors=self._errors(problems, answers))
            rendered = output.render(interview, source=_("dòng {row}").format(row=row))
        except AnswersInvalid as exc:
            return RowOutcome(row, errors=self._errors(exc.problems, answers))
        except DvcError as exc:  # e.g. a procedure template failing on this row's values
            return RowOutcome(row, errors=(RowError("", batch_store.mask_digits(str(exc)), ""),))
        except Exception as exc:  # a bug must not stop the other rows (and shows no data)
            message = _("lỗi nội bộ khi xử lý dòng này ({error})").format(error=type(exc).__name__)
            return RowOutcome(row, errors=(RowError("", message, ""),))
        folder = batch_store.folder_name(row, interview.person_name())
        batch_store.write_row(self.out_dir, folder, rendered.files, rendered.private)
        if self.delay:
            time.sleep(self.delay)
        return RowOutcome(row, folder, tuple(rendered.files))


# -- worker processes -----------------------------------------------------------------------
_PROCESSOR: RowProcessor | None = None


def _die_with_parent() -> None:
    """Linux: have the kernel kill this worker when the main process dies (even by SIGKILL),
    so that no orphan keeps writing while a ``--resume`` runs."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, int(signal.SIGKILL), 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # pragma: no cover - no prctl: resume still checks
        pass


def _init_worker(processor: RowProcessor, parent: int) -> None:
    import signal

    global _PROCESSOR
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the main process stops the run cleanly
    _die_with_parent()
    if os.getppid() != parent:  # the main process died before prctl took effect
        os._exit(1)
    i18n.set_language(processor.language)
    _PROCESSOR = processor


def _run_chunk(chunk: list[tuple[int, dict[str, Any]]]) -> list[RowOutcome]:
    assert _PROCESSOR is not None
    return [_PROCESSOR(row, answers) for row, answers in chunk]


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
    ) -> None:
        self.proc = proc
        self.input_path = Path(input_path)
        self.out_dir = Path(out_dir)
        self.sheet = sheet
        self.resume = resume
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
        )
        if self.resume:
            return Store.resume(self.out_dir, info, expected_files(self.proc))
        return Store.create(self.out_dir, info)

    def _rows(self, done: set[int], summary: Summary) -> Iterator[tuple[int, dict[str, Any]]]:
        questions = [(i, self.proc.questions[qid]) for i, qid in self.columns.questions.items()]
        for number, cells in self.table.rows:
            width = len(cells)
            answers = {}
            for i, q in questions:
                if i < width:
                    value = cell_answer(q, cells[i])
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
        processor = RowProcessor(self.proc, self.out_dir, store.info.date, self.columns.column_of())
        rows = self._rows(store.done, summary)
        pool = _Pool(processor, jobs) if jobs > 1 else None
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


class _Pool:
    """Worker processes fed with chunks of rows, a bounded number in flight."""

    def __init__(self, processor: RowProcessor, jobs: int) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        method = "fork" if sys.platform.startswith("linux") else "spawn"
        self.jobs = jobs
        self.executor = ProcessPoolExecutor(
            max_workers=jobs,
            mp_context=multiprocessing.get_context(method),
            initializer=_init_worker,
            initargs=(processor, os.getpid()),
        )
        # Start the workers now, before any other thread (a progress display) exists.
        self.executor.submit(int).result()

    def run(
        self,
        rows: Iterator[tuple[int, dict[str, Any]]],
        chunk_size: int,
        record: Callable[[RowOutcome], None],
    ) -> None:
        from concurrent.futures import FIRST_COMPLETED, Future, wait

        pending: set[Future[list[RowOutcome]]] = set()

        def collect(done: set[Future[list[RowOutcome]]]) -> None:
            failed: BaseException | None = None
            for future in done:
                if future.cancelled():
                    continue
                if future.exception() is not None:
                    failed = failed or future.exception()
                    continue
                for outcome in future.result():
                    record(outcome)
            if failed is not None:
                raise failed

        try:
            chunk: list[tuple[int, dict[str, Any]]] = []
            for item in rows:
                chunk.append(item)
                if len(chunk) < chunk_size:
                    continue
                while len(pending) >= self.jobs * 2:  # rows are read only as they are needed
                    done, pending = wait(pending, return_when=FIRST_COMPLETED)
                    collect(done)
                pending.add(self.executor.submit(_run_chunk, chunk))
                chunk = []
            if chunk:
                pending.add(self.executor.submit(_run_chunk, chunk))
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                collect(done)
        except BaseException:
            # Ctrl-C or a failure: let the running chunks finish and keep what they made.
            self.executor.shutdown(wait=True, cancel_futures=True)
            try:
                collect({f for f in pending if f.done()})
            except Exception:  # noqa: S110 - the first failure is the one reported
                pass
            raise

    def close(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)


# -- csv-template -----------------------------------------------------------------------------
def _example(interview: Any, q: Question) -> Any:
    if isinstance(q.example, str) and "{" in q.example:  # relative to today, e.g. a stay's end
        from dvc_cli.core import expressions

        where = interview.procedure.question_where(q.id, "example")
        return expressions.render(q.example, interview.context(), where)
    if q.example is not None:
        return q.example
    default = interview.default_for(q)
    if default is not None and default != "":
        return default
    if q.type == "choice" and q.choices:
        return q.choices[0].value
    if q.type == "boolean":
        return False
    if q.type == "integer":
        return q.min if q.min is not None else 0
    return None


class MissingExample(ProcedureError):
    """A required question has no example, default or choice to show in the template row."""


def template_row(proc: LoadedProcedure) -> tuple[list[str], list[str]]:
    """The header (question ids, in interview order) and one example row that passes.

    The example follows the interview: each question that applies gets its ``example``,
    else its default, else its first choice; questions that do not apply stay empty.
    """
    from dvc_cli.core import validators
    from dvc_cli.core.engine import Interview

    interview = Interview(proc, {})
    while (q := interview.next_question()) is not None:
        value = _example(interview, q)
        if value is None and q.required:
            message = _("{procedure}: câu hỏi {id} cần 'example' để làm dòng mẫu")
            raise MissingExample(message.format(procedure=proc.id, id=q.id))
        try:
            interview.answer(q.id, value)
        except AnswerError as exc:
            message = _("{procedure}: ví dụ của {id} không hợp lệ: {error}")
            raise ProcedureError(
                message.format(procedure=proc.id, id=q.id, error=exc.message)
            ) from None
    header = [q.id for q in proc.ordered()]
    row = []
    for qid in header:
        q = proc.questions[qid]
        value = interview.values.get(qid) if q in interview.applicable else None
        row.append("" if value is None else validators.display(q, value))
    return header, row
