"""Worker processes for ``dvc batch``: chunks of rows to forked workers, a few in flight."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from dvc_cli import context
from dvc_cli.batch.row import RowProcessor
from dvc_cli.batch.store import RowOutcome

# -- the garbage collector during a run -------------------------------------------------------
# What start-up made (the procedure, templates, fonts, the address table) lives to the end of
# the run: it is frozen out of the cyclic collector's scans (and forked workers keep sharing
# its pages, as the gc module's documentation advises before a fork); a row's short-lived
# objects start a collection every 10,000 allocations rather than Python's 700. The collector
# took ~0.2 ms of a row's CPU, ~0.04 ms so.
ROW_GC_THRESHOLD = 10_000


def _collect_for_rows() -> None:
    gc.freeze()
    gc.set_threshold(ROW_GC_THRESHOLD, *gc.get_threshold()[1:])


@contextmanager
def collecting_for_rows() -> Iterator[None]:
    """The collector set for a run's rows (see above), as it was again afterwards (objects a
    program froze itself before stay frozen, with the run's)."""
    old, frozen = gc.get_threshold(), gc.get_freeze_count()
    _collect_for_rows()
    try:
        yield
    finally:
        gc.set_threshold(*old)
        if not frozen:
            gc.unfreeze()


# -- warm before the fork ------------------------------------------------------------------
FORKS = sys.platform.startswith("linux")  # workers forked (sharing what warm() made), or spawned


def warm(processor: RowProcessor) -> None:
    """Fill, in the main process and before the workers are forked, the caches that do not
    depend on the person, so that every worker starts with them (pages shared copy-on-write)
    instead of filling them again: the administrative table and every province's name indexes,
    the procedure's templates and expressions, and whatever one example row (the procedure's
    template row, as ``dvc csv-template`` makes it, rendered and dropped) fills — the
    interview's plans, the checklist's fixed paragraphs, the form template's writer, fonts.
    Only the caches' contents change, never what a row gives: the caches are made so that a
    row's bytes do not depend on earlier rows. Nothing is written. A procedure whose template
    row fails warms what it reached: its rows report their own errors."""
    from dvc_cli.batch.cells import cell_answer
    from dvc_cli.batch.template import template_row
    from dvc_cli.core import expressions
    from dvc_cli.core.engine import Interview
    from dvc_cli.core.vn import admin_map, unit_names
    from dvc_cli.render import output
    from dvc_cli.render.fit import check_fit

    proc = processor.proc
    expressions.prepare()
    for province in admin_map.provinces():  # the indexes a row naming today's commune uses
        unit_names.index(admin_map.communes(province.code), every=False)
        unit_names.index(admin_map.old_communes_in(province))
        unit_names.index(admin_map.old_districts_in(province))
    try:
        header, cells = template_row(proc)
        answers = {}
        for qid, cell in zip(header, cells, strict=True):
            q = proc.questions.get(qid)
            value = cell_answer(q, cell) if q is not None else None
            if value is not None:
                answers[qid] = value
        interview = Interview(proc, answers, today=processor.today, checks=[check_fit])
        interview.apply_defaults()
        if not interview.problems():
            output.render(interview, source="warm")
    except Exception:  # noqa: S110 - a row meeting the same problem reports it
        pass


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
    for name in ("SIGINT", "SIGTERM", "SIGHUP"):  # the main process stops the run cleanly
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_IGN)
    _die_with_parent()
    if os.getppid() != parent:  # the main process died before prctl took effect
        os._exit(1)
    context.activate(processor.context)
    _PROCESSOR = processor
    _collect_for_rows()  # inherited when forked; a spawned worker sets it itself


def _run_chunk(chunk: list[tuple[int, dict[str, Any]]]) -> list[RowOutcome]:
    assert _PROCESSOR is not None
    return [_PROCESSOR(row, answers) for row, answers in chunk]


class Pool:
    """Worker processes fed with chunks of rows, a bounded number in flight."""

    def __init__(self, processor: RowProcessor, jobs: int) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        method = "fork" if FORKS else "spawn"
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
