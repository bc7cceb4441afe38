"""Produce a procedure's outputs for one person: forms, checklist, answers file.

Everything is rendered in memory first; only when all of it succeeded are the files written,
each atomically, so a failure never leaves a half-written output folder.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dvc_cli import log
from dvc_cli.core import checklist, expressions
from dvc_cli.core.engine import Interview
from dvc_cli.core.procedure import LoadedProcedure
from dvc_cli.errors import (
    AnswerError,
    AnswersInvalid,
    FileSystemError,
    ProcedureError,
    UsageError,
)
from dvc_cli.i18n import _
from dvc_cli.render import checklist_paper
from dvc_cli.store import answers_file, atomic, paths

if TYPE_CHECKING:
    from dvc_cli.render.form_lists import Continuation

_TRUE_TEXT = {"true", "1", "x", "yes", "co"}
ANSWERS_NAME = "answers.yaml"


@dataclass
class Rendered:
    """All outputs of one person, in memory: file name → bytes, plus the checklist."""

    files: dict[str, bytes]
    checklist: checklist.Checklist
    private: frozenset[str] = frozenset({ANSWERS_NAME})


def form_values(interview: Interview, output_id: str) -> dict[str, str | bool]:
    """The values of one output form's fields, rendered from the answers."""
    oi = next(i for i, o in enumerate(interview.procedure.model.outputs) if o.id == output_id)
    return _form_values(interview, oi)


def _form_values(interview: Interview, oi: int) -> dict[str, str | bool]:
    from dvc_cli.render import fit, form_lists, form_template

    proc = interview.procedure
    out = proc.model.outputs[oi]
    try:
        tpl = form_template.load(_template_path(proc, out.template))
    except form_template.FormRenderError as exc:
        raise _template_error(interview, oi, exc) from None
    kept = _HAS_FIELDS.get(id(out))
    if kept is None or kept[0] is not out or kept[1] is not tpl:  # once an output and template
        missing = tpl.missing(out.fields, out.template)
        if missing:  # the template's fault, not the person's
            where = proc.where("outputs", oi, "fields", missing[0].field)
            raise ProcedureError(f"{where}: {missing[0]}")
        missing = tpl.missing(form_lists.field_names(out), out.template)
        if missing:
            raise ProcedureError(f"{proc.where('outputs', oi, 'lists')}: {missing[0]}")
        if len(_HAS_FIELDS) > 64:
            _HAS_FIELDS.clear()
        _HAS_FIELDS[id(out)] = (out, tpl)  # both held: their ids stay theirs
    ctx = interview.context()
    values: dict[str, str | bool] = {}
    rendered = fit.rendered_fields(ctx)  # what the fit check rendered already
    for name, source in out.fields.items():
        text = rendered.get((oi, name))
        if text is None:
            text = expressions.render(source, ctx, proc.lazy_where("outputs", oi, "fields", name))
        checkbox = tpl.fields[name][0].type == "checkbox"
        values[name] = text.casefold() in _TRUE_TEXT if checkbox else text
    if out.lists:
        values.update(form_lists.values(interview, oi, ctx)[0])
    return values


# id(output) → (the output, the template it was found to have every field of)
_HAS_FIELDS: dict[int, tuple[Any, Any]] = {}

# id(procedure) → (the procedure, held so that its id is not reused; its forms folder; template
# → its path)
_PATHS: dict[int, tuple[LoadedProcedure, Path, dict[str, Path]]] = {}


def _template_path(proc: LoadedProcedure, template: str) -> Path:
    """``proc.template_path(template)``, the same Path each time: a new one is joined, and
    hashed for the template cache's look-up, at every row."""
    kept = _PATHS.get(id(proc))
    if kept is None or kept[0] is not proc or kept[1] is not proc.forms_dir:
        if len(_PATHS) > 64:
            _PATHS.clear()
        kept = _PATHS[id(proc)] = (proc, proc.forms_dir, {})
    path = kept[2].get(template)
    if path is None:
        path = kept[2][template] = proc.template_path(template)
    return path


def _continuation(interview: Interview, oi: int) -> Continuation | None:
    """The continuation page of output ``oi`` when a list has more items than rows."""
    from dvc_cli.render import form_lists

    out = interview.procedure.model.outputs[oi]
    if not out.lists:
        return None
    overflow = form_lists.values(interview, oi, interview.context())[1]
    if not overflow:
        return None
    model = interview.procedure.model
    return form_lists.Continuation(
        out.title.vi, model.person_label.vi, interview.person_name().upper(), overflow
    )


def _template_error(interview: Interview, oi: int, exc: Exception) -> ProcedureError:
    """A template that cannot be used, located at the output's ``template`` key."""
    return ProcedureError(f"{interview.procedure.where('outputs', oi, 'template')}: {exc}")


def answers_behind(interview: Interview, source: str) -> list[str]:
    """The answer ids a field template draws on, through computed values, in interview order."""
    proc = interview.procedure
    computed = {c.id: c.value for c in proc.model.computed}
    seen: set[str] = set()
    todo = [source]
    while todo:
        for name in expressions.names_in(todo.pop(), template=True) - seen:
            seen.add(name)
            if name in computed:
                todo.append(computed[name])
    given = {k for k, v in interview.answers().items() if v is not None}
    return [q.id for q in interview.applicable if q.id in seen and q.id in given]


def render(interview: Interview, *, editable: bool = False, source: str = "answers") -> Rendered:
    """Render every output; raise AnswersInvalid when answers are missing or invalid."""
    from dvc_cli.render import fit, pdf_form

    started = time.perf_counter()
    problems = interview.problems()
    if not problems and fit.check_fit not in interview.checks:  # not checked while answering
        problems = fit.check_fit(interview, interview.context())
    if problems:
        raise AnswersInvalid(source, problems)
    proc = interview.procedure
    files: dict[str, bytes] = {}
    for oi, out in enumerate(proc.model.outputs):
        values = _form_values(interview, oi)
        try:
            files[out.file] = pdf_form.render_form(
                _template_path(proc, out.template),
                values,
                editable=editable,
                continuation=_continuation(interview, oi),
            )
        except pdf_form.FormRenderError as exc:
            if exc.field:
                behind = answers_behind(interview, out.fields.get(exc.field, ""))
                error = AnswerError(exc.message, ", ".join(behind) or None)
                raise AnswersInvalid(source, [error]) from None
            raise _template_error(interview, oi, exc) from None
    made = checklist.build(interview)
    files["checklist.pdf"] = checklist_paper.to_pdf(made)
    files["checklist.md"] = checklist_paper.to_markdown(made).encode("utf-8")
    files[ANSWERS_NAME] = answers_file.dump(proc.id, interview.export()).encode("utf-8")
    log.info(
        _("{id}: {count} câu trả lời, {files} tệp dựng trong bộ nhớ ({ms:.0f} ms)").format(
            id=proc.id,
            count=len(interview.answers()),
            files=len(files),
            ms=(time.perf_counter() - started) * 1000,
        )
    )
    return Rendered(files, made)


def default_out_dir(interview: Interview, root: Path) -> Path:
    """Create and return a new folder ``<procedure>-<yyyymmdd>`` (``-2``, ``-3`` if taken)
    under ``root`` (:func:`dvc_cli.store.paths.results_dir`), owner-only.

    The folder is made with an exclusive ``mkdir``: two runs at the same moment never get the
    same one. The name holds no personal data: on a shared desk computer, folder names are
    seen by everyone.
    """
    today = interview.today if isinstance(interview.today, dt.date) else dt.date.today()
    base = f"{interview.procedure.id}-{today:%Y%m%d}"
    n = 1
    while True:
        candidate = root / (base if n == 1 else f"{base}-{n}")
        try:
            os.mkdir(candidate, paths.PRIVATE_DIR)
        except FileExistsError:
            n += 1
            continue
        except OSError as exc:
            raise FileSystemError(exc, candidate) from None
        return candidate


def output_names(proc: LoadedProcedure) -> list[str]:
    """The names of the files a procedure writes: its forms, checklist and answers file."""
    return [o.file for o in proc.model.outputs] + ["checklist.pdf", "checklist.md", ANSWERS_NAME]


def check_out_dir(proc: LoadedProcedure, out_dir: Path, *, force: bool = False) -> None:
    """Refuse ``--out`` when it is a file, lies under a file, or already holds papers (one of
    ``proc``'s files, or any procedure's answers file) unless ``force``."""
    for parent in (out_dir, *out_dir.parents):
        if parent.exists():
            if not parent.is_dir():
                message = _("{path}: là một tệp, không phải thư mục; chọn --out khác")
                raise UsageError(message.format(path=parent))
            break
    if force or not out_dir.is_dir():
        return
    taken = [name for name in output_names(proc) if (out_dir / name).exists()]
    if taken:
        raise UsageError(
            _(
                "{folder}: thư mục đã có giấy tờ ({file}); chọn thư mục khác, "
                "hoặc thêm --force để ghi đè"
            ).format(folder=out_dir, file=taken[0])
        )


def write(rendered: Rendered, out_dir: Path) -> list[Path]:
    """Write every file atomically into ``out_dir``, each owner-only (0600: they hold ID
    numbers) from its first byte.

    A folder dvc creates for them is owner-only too (0700); an existing one is left alone.
    File-system errors are raised as :class:`~dvc_cli.errors.FileSystemError` naming the path.
    """
    try:
        paths.private_dir(out_dir)
    except OSError as exc:
        raise FileSystemError(exc, exc.filename or out_dir) from None
    files = [(out_dir / name, data) for name, data in rendered.files.items()]
    new = [path for path, _data in files if not path.exists()]
    try:  # all on the disk before any replaces an old one (their fsyncs together)
        atomic.write_all(files, private=True)
    except atomic.WriteFailed as failed:
        for done in failed.renamed:  # removed again: no half-written folder
            if done in new:
                done.unlink(missing_ok=True)
        raise FileSystemError(failed.error, failed.path) from None
    for path, data in files:
        log.info(_("đã ghi {file} ({size} byte)").format(file=path.name, size=len(data)))
    return [path for path, _data in files]
