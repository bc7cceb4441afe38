"""Produce a procedure's outputs for one person: forms, checklist, answers file.

Everything is rendered in memory first; only when all of it succeeded are the files written,
each atomically, so a failure never leaves a half-written output folder.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from pathlib import Path

from dvc_cli import log
from dvc_cli.core import checklist, expressions
from dvc_cli.core.engine import Interview
from dvc_cli.errors import AnswerError, AnswersInvalid, ProcedureError
from dvc_cli.i18n import _
from dvc_cli.render import checklist_paper
from dvc_cli.store import answers_file, atomic, paths

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
    from dvc_cli.render import form_template

    proc = interview.procedure
    out = proc.model.outputs[oi]
    try:
        tpl = form_template.load(proc.template_path(out.template))
    except form_template.FormRenderError as exc:
        raise _template_error(interview, oi, exc) from None
    missing = tpl.missing(out.fields, out.template)
    if missing:  # the template's fault, not the person's
        where = proc.where("outputs", oi, "fields", missing[0].field)
        raise ProcedureError(f"{where}: {missing[0]}")
    ctx = interview.context()
    values: dict[str, str | bool] = {}
    for name, source in out.fields.items():
        text = expressions.render(source, ctx, proc.lazy_where("outputs", oi, "fields", name))
        checkbox = tpl.fields[name][0].type == "checkbox"
        values[name] = text.casefold() in _TRUE_TEXT if checkbox else text
    return values


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
    from dvc_cli.render import pdf_form

    started = time.perf_counter()
    problems = interview.problems()
    if problems:
        raise AnswersInvalid(source, problems)
    proc = interview.procedure
    files: dict[str, bytes] = {}
    for oi, out in enumerate(proc.model.outputs):
        values = _form_values(interview, oi)
        try:
            files[out.file] = pdf_form.render_form(
                proc.template_path(out.template), values, editable=editable
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
    """A new folder ``<procedure>-<yyyymmdd>`` (``-2``, ``-3`` if taken) under ``root``
    (:func:`dvc_cli.store.paths.results_dir`). The name holds no personal data: on a shared desk
    computer, folder names are seen by everyone.
    """
    today = interview.today if isinstance(interview.today, dt.date) else dt.date.today()
    base = f"{interview.procedure.id}-{today:%Y%m%d}"
    candidate = root / base
    n = 2
    while candidate.exists():
        candidate = root / f"{base}-{n}"
        n += 1
    return candidate


def write(rendered: Rendered, out_dir: Path) -> list[Path]:
    """Write every file atomically into ``out_dir``; answers files are owner-only.

    A folder dvc creates for them is owner-only too (0700); an existing one is left alone.
    """
    paths.private_dir(out_dir)
    written = []
    for name, data in rendered.files.items():
        path = out_dir / name
        atomic.write_bytes(path, data, private=name in rendered.private)
        log.info(_("đã ghi {file} ({size} byte)").format(file=name, size=len(data)))
        written.append(path)
    return written
