"""``dvc check``: every problem of procedure files and their templates, as ``file:line:col``.

Unlike :func:`dvc_cli.catalog.procedures.load_file`, which stops at the first problem, this reports
all it can: YAML errors and duplicate keys, schema errors, the cross-reference checks of
procedures.py (expressions that do not parse or name unknown answers, missing templates), and
what only an author needs to hear about: ``labels.x`` where ``x`` is no choice question, form
fields left unmapped or mapped to no field of the template, two outputs writing one file, text
the bundled font cannot draw, a missing legal basis, a fact no source backs
(catalog/sources.py). :func:`remarks` adds what is information, not an error: the maintainer
notes of each file and, with ``stale_days``, the sources not checked for that long.
"""

from __future__ import annotations

import datetime as dt
import gc
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from dvc_cli.catalog import procedures, registry, schema_messages, sources
from dvc_cli.catalog.procedures import COMMON_FILE, display_path
from dvc_cli.catalog.yamlsource import YamlDocument, load_yaml
from dvc_cli.core import answer_types, expressions
from dvc_cli.core.schema import Procedure, Question
from dvc_cli.errors import ProcedureError, UsageError
from dvc_cli.fonts import missing_chars
from dvc_cli.i18n import _, pick
from dvc_cli.text import nfc

# Keys whose text is never drawn (expressions, patterns, search words): not font-checked.
_NOT_DRAWN = frozenset(
    {"when", "check", "pattern", "description", "keywords", "aliases", "synonyms"}
)
_POSITIONED = re.compile(r"^(.*?):(\d+):(\d+): (.*)$", re.DOTALL)


@dataclass(frozen=True, order=True)
class Finding:
    """One problem: ``str(finding)`` is ``path:line:col: message``."""

    path: str
    line: int
    col: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.message}"


class _Report:
    """Findings of one file, located through its YAML node tree."""

    def __init__(self, path: Path) -> None:
        self.shown = display_path(path)
        self.doc: YamlDocument | None = None
        self.findings: list[Finding] = []

    def add(self, loc: tuple[Any, ...], message: str, *, prefix: bool = True) -> None:
        line, col = self.doc.position(loc) if self.doc else (1, 1)
        where = ".".join(str(p) for p in loc)
        text = f"{where}: {message}" if prefix and where else message
        self.findings.append(Finding(self.shown, line, col, text))

    def at(self, line: int, col: int, message: str) -> None:
        self.findings.append(Finding(self.shown, line, col, message))

    def error(self, exc: ProcedureError) -> None:
        """A ProcedureError's own ``file:line:col: message`` (1:1 when it has none)."""
        m = _POSITIONED.match(str(exc))
        if m:
            self.findings.append(Finding(m[1], int(m[2]), int(m[3]), m[4]))
        else:
            self.at(1, 1, str(exc).split(": ", 1)[-1])

    def sorted(self) -> list[Finding]:
        return sorted(set(self.findings))


# -- public API -----------------------------------------------------------------------------
def default_targets() -> list[Path]:
    """Every procedure on the search path (bundled and local), plus each folder's shared file."""
    targets = list(registry.procedure_files().values())
    for folder in registry.search_path():
        common = folder / COMMON_FILE
        if common.is_file():
            targets.append(common)
    return targets


def expand_targets(paths: Iterable[Path]) -> list[Path]:
    """Files to check for the given files and folders (a folder: its ``*.yaml``)."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.extend(sorted(path.glob("*.yaml")))
        elif path.is_file():
            out.append(path)
        else:
            raise UsageError(_("không tìm thấy {path}").format(path=path))
    return list(dict.fromkeys(out))


def check_paths(paths: Iterable[Path]) -> list[Finding]:
    """Findings of every file (``_*.yaml`` files are shared definitions, checked as such)."""
    findings: list[Finding] = []
    for path in paths:
        if path.name.startswith("_"):
            findings.extend(check_common(path))
        else:
            findings.extend(check_file(path))
    return findings


# Files check_file found clean in this process: (path, forms folder) -> (the bytes read, the
# loaded procedure, its YAML document), so that remarks() need not load and check them again.
# Reused only while the file still holds the same bytes.
_CLEAN: dict[tuple[Path, Path], tuple[bytes, Any, YamlDocument]] = {}


def _file_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def check_file(path: Path, forms_dir: Path | None = None) -> list[Finding]:
    """Findings of one procedure file; templates are looked up as ``dvc fill`` would."""
    report = _Report(path)
    before = _file_bytes(path)
    data = _parse(path, report)
    if data is None:
        return report.sorted()
    if not isinstance(data, dict):
        report.at(1, 1, _("tệp thủ tục phải là một bảng (mapping)"))
        return report.sorted()
    _check_fonts(data, (), report)
    bad_uses = []
    try:
        for loc, message in procedures.expand_uses(report.doc):
            report.add(loc, message)
            bad_uses.append(loc)
    except ProcedureError as exc:  # the shared-questions file itself is broken
        report.error(exc)
        return report.sorted()
    try:
        proc = Procedure.model_validate(data)
    except ValidationError as exc:
        for loc, message in schema_messages.problems(exc, Procedure):
            if not any(loc[: len(u) - 1] == u[:-1] for u in bad_uses):
                report.add(loc, _schema_message(loc, message))
        return report.sorted()
    if proc.id != path.stem:
        message = _("id '{id}' phải trùng tên tệp ({file})").format(
            id=proc.id, file=f"{path.stem}.yaml"
        )
        report.add(("id",), message, prefix=False)
    forms_dir = forms_dir or registry.forms_dir_for(path.parent)
    for loc, message in procedures.semantic_problems(proc, forms_dir):
        report.add(loc, message)
    for loc, message in sources.unbacked(proc):
        report.add(loc, message)
    _check_labels(proc, report)
    _check_legal_basis(proc, report)
    _check_outputs(proc, forms_dir, report)
    if not report.findings:  # the model is what loading the file gives: no need to read it again
        loaded = procedures.loaded_from(proc, path, forms_dir)
        _check_examples(loaded, report)
        if not report.findings and before is not None and report.doc is not None:
            _CLEAN[(path, forms_dir)] = (before, loaded, report.doc)
    return report.sorted()


def _check_examples(loaded: Any, report: _Report) -> None:
    """The examples given must make a valid person (``dvc csv-template`` uses them)."""
    from dvc_cli.batch.template import MissingExample, template_row

    try:
        template_row(loaded)
    except MissingExample:
        pass  # examples are optional; csv-template says which one it needs
    except ProcedureError as exc:
        report.add(("steps",), str(exc).split(": ", 1)[-1])


def check_common(path: Path) -> list[Finding]:
    """Findings of a shared-questions file (``_common.yaml``)."""
    report = _Report(path)
    data = _parse(path, report)
    if data is None:
        return report.sorted()
    questions = data.get("questions") if isinstance(data, dict) else None
    if not isinstance(questions, dict):
        report.at(1, 1, _("cần khóa 'questions' (bảng id: câu hỏi)"))
        return report.sorted()
    _check_fonts(data, (), report)
    for qid, body in questions.items():
        base = ("questions", qid)
        if not isinstance(body, dict):
            report.add(base, _("câu hỏi phải là một bảng (mapping)"))
            continue
        try:
            q = Question.model_validate({"id": qid, **body})
        except ValidationError as exc:
            for loc, message in schema_messages.problems(exc, Question):
                report.add((*base, *loc), message)
            continue
        sources = [("when", q.when, False), ("default", q.default, True)]
        sources += [(("rules", i, "check"), r.check, False) for i, r in enumerate(q.rules)]
        for key, source, template in sources:
            if isinstance(source, str) and (not template or "{" in source):
                loc = (*base, *(key if isinstance(key, tuple) else (key,)))
                error = expressions.syntax_error(source, template=template)
                if error:
                    report.add(loc, _("biểu thức Jinja2 không hợp lệ: {error}").format(error=error))
                elif refused := expressions.forbidden(source, template=template):
                    report.add(
                        loc, _("biểu thức Jinja2 bị từ chối: {reason}").format(reason=refused)
                    )
    return report.sorted()


# -- the checks -----------------------------------------------------------------------------
def _parse(path: Path, report: _Report) -> Any:
    """The file's data (None after a YAML error); every duplicate key is a finding."""
    from dvc_cli.store import check_cache

    duplicates: list[yaml.Node] = []
    try:  # load_yaml's document, or the one an earlier check kept of the same text
        report.doc = check_cache.document(path, duplicates)
    except ProcedureError as exc:  # unreadable, too big, bad YAML: one positioned finding
        report.error(exc)
        return None
    if report.doc.data is None and report.doc.root is None:
        report.at(1, 1, _("tệp rỗng"))
        return None
    for key in duplicates:
        m = key.start_mark
        report.at(m.line + 1, m.column + 1, _("khóa trùng lặp '{key}'").format(key=key.value))
    return report.doc.data


def _schema_message(loc: tuple[Any, ...], message: str) -> str:
    if loc == ("legal_basis",):
        return _("thiếu căn cứ pháp lý (cần ít nhất một văn bản) — {error}").format(error=message)
    return message


@cache
def _drawn() -> frozenset[str]:
    """The characters the bundled font draws, and the layout ones (newline, tab) it needs not:
    a text made of them only has nothing to report."""
    from dvc_cli.fonts import charset

    return frozenset(map(chr, charset())) | {"\n", "\t"}


def _check_fonts(data: Any, loc: tuple[Any, ...], report: _Report) -> None:
    """Every drawn text (labels, choices, help, dossier, fields...) against the bundled font."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key not in _NOT_DRAWN:
                _check_fonts(value, (*loc, key), report)
    elif isinstance(data, list):
        for i, value in enumerate(data):
            _check_fonts(value, (*loc, i), report)
    elif isinstance(data, str) and not data.isascii():
        text = nfc(data)
        if _drawn().issuperset(text):  # the whole text at once, rather than letter by letter
            return
        for ch in missing_chars(text):
            message = _("phông chữ không vẽ được ký tự '{char}' ({code})")
            report.add(loc, message.format(char=ch, code=f"U+{ord(ch):04X}"))


def _expression_sources(proc: Procedure) -> Iterator[tuple[tuple[Any, ...], str, bool]]:
    """(loc, source, is_template) of every Jinja2 expression and template in ``proc``."""
    for si, step in enumerate(proc.steps):
        for qi, q in enumerate(step.questions):
            base = ("steps", si, "questions", qi)
            yield (*base, "when"), q.when, False
            yield (*base, "default"), q.default, True
            for ri, rule in enumerate(q.rules):
                yield (*base, "rules", ri, "check"), rule.check, False
    for ci, comp in enumerate(proc.computed):
        yield ("computed", ci, "value"), comp.value, True
    for kind, items in (("dossier", proc.dossier), ("visits", proc.visits)):
        for i, item in enumerate(items):
            yield (kind, i, "when"), item.when, False
            yield (kind, i, "title"), item.title.vi, True
            yield (kind, i, "title", "en"), item.title.en, True
            yield (kind, i, "note"), item.note.vi if item.note else None, True
            yield (kind, i, "note", "en"), item.note.en if item.note else None, True
    for oi, out in enumerate(proc.outputs):
        for name, source in out.fields.items():
            yield ("outputs", oi, "fields", name), source, True


def _labels_used(source: str, template: bool) -> set[str]:
    from jinja2 import nodes

    tree = expressions.source_tree(source, template=template)  # parsed by the syntax check
    used = set()
    for node in tree.find_all((nodes.Getattr, nodes.Getitem)):
        if isinstance(node.node, nodes.Name) and node.node.name == "labels":
            if isinstance(node, nodes.Getattr):
                used.add(node.attr)
            elif isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
                used.add(node.arg.value)
    return used


def _check_labels(proc: Procedure, report: _Report) -> None:
    """``labels.x`` exists only for a choice question ``x`` (a labelled answer type)."""
    choices = {q.id for step in proc.steps for q in step.questions if answer_types.of(q).labelled}
    for loc, source, template in _expression_sources(proc):
        if not isinstance(source, str) or "labels" not in source:
            continue
        if expressions.syntax_error(source, template=template):
            continue  # already reported
        for name in sorted(_labels_used(source, template) - choices):
            message = _("labels.{name}: '{name}' không phải câu hỏi lựa chọn (choice)")
            report.add(loc, message.format(name=name))


def _check_legal_basis(proc: Procedure, report: _Report) -> None:
    for i, basis in enumerate(proc.legal_basis):
        if not basis.title.strip():
            report.add(("legal_basis", i, "title"), _("căn cứ pháp lý không có tên văn bản"))


def _check_outputs(proc: Procedure, forms_dir: Path, report: _Report) -> None:
    """Output files written once; template fields all mapped, and only to real fields."""
    # The template's fields only (form_template, not pdf_form: nothing is drawn here, so the
    # writers it imports are not needed)
    from dvc_cli.render import form_lists, form_template

    files: dict[str, int] = {}
    for oi, out in enumerate(proc.outputs):
        if out.file in files:
            message = _("outputs.{index} cũng ghi {file}").format(
                index=files[out.file], file=out.file
            )
            report.add(("outputs", oi, "file"), message)
        files.setdefault(out.file, oi)
        template = forms_dir / out.template
        if not template.is_file():
            continue  # reported by semantic_problems
        try:
            read = form_template.load(template)
        except form_template.FormRenderError as exc:
            report.add(("outputs", oi, "template"), str(exc))
            continue
        fields = list(read.fields)  # in page and annotation order
        for error in read.missing(out.fields, out.template):
            report.add(("outputs", oi, "fields", error.field), error.message)
        rows = form_lists.field_names(out)  # what the form's lists fill: <column>_<n>
        for error in read.missing(rows, out.template):
            report.add(("outputs", oi, "lists"), error.message)
        unmapped = [name for name in fields if name not in out.fields and name not in rows]
        if unmapped:
            report.add(
                ("outputs", oi, "fields"),
                _("trường của mẫu {template} chưa được gán: {fields}").format(
                    template=out.template, fields=", ".join(unmapped)
                ),
            )


def check_local_file(path: Path) -> list[Finding]:
    """Findings of one local-facts file (``--local``), checked against the procedure(s) it
    concerns on the search path."""
    from dvc_cli.catalog import local_facts

    report = _Report(path)
    data = _parse(path, report)
    if data is None:
        return report.sorted()
    known = registry.procedure_files()
    unknown = local_facts.unknown_procedure(path, known)
    if unknown:
        report.at(1, 1, unknown)
        return report.sorted()
    _check_fonts(data, (), report)
    concerned = []
    for pid in known if path.name == local_facts.ALL_FILE else [path.stem]:
        try:
            concerned.append(procedures.load_without_local(pid))
        except ProcedureError:
            continue  # the procedure's own file is broken: its check says so
    _facts, found = local_facts.problems(report.doc, concerned)
    for loc, message in found:
        report.add(loc, message)
    return report.sorted()


def check(
    paths: Iterable[Path] | None = None, local: Iterable[Path] | None = None
) -> tuple[list[Finding], int]:
    """Findings of ``paths`` (default: every procedure on the search path, and the local-facts
    files in force) and of the local-facts files of the folders ``local``, and the file count."""
    from dvc_cli.catalog import local_facts

    local = list(local or [])
    targets = expand_targets(paths) if paths else [] if local else default_targets()
    dirs = local_facts.local_dirs_checked(local) if local else ()
    if not paths and not local:
        dirs = local_facts.local_dirs()
    overlays = local_facts.files_in(dirs)
    from dvc_cli.store import check_cache

    check_cache.use()  # what earlier checks parsed and compiled
    with _few_collections():
        findings = check_paths(targets)
        for path in overlays:
            findings.extend(check_local_file(path))
    return findings, len(targets) + len(overlays)


@contextmanager
def _few_collections() -> Iterator[None]:
    """Python's cyclic garbage collector run less often while checking: the checks make and
    drop ~10⁶ small objects (YAML nodes, Jinja2 trees, compiled templates), few of them in
    cycles, and the youngest generation's default threshold (700) ran it ~2 % of the
    instructions of a `dvc check` for nothing (measured: the same peak memory, 53 MB)."""
    before = gc.get_threshold()
    gc.set_threshold(50_000, *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


def remarks(
    paths: Iterable[Path] | None = None,
    *,
    stale_days: int | None = None,
    today: dt.date | None = None,
) -> tuple[list[Finding], list[Finding]]:
    """(maintainer notes, stale sources) of the procedures among ``paths`` that load, each as
    a positioned line: information for whoever keeps the files, never an error."""
    targets = expand_targets(paths) if paths else default_targets()
    today = today or dt.date.today()
    notes: list[Finding] = []
    old: list[Finding] = []
    for path in targets:
        if path.name.startswith("_"):
            continue
        forms_dir = registry.forms_dir_for(path.parent)
        clean = _CLEAN.get((path, forms_dir))
        report = _Report(path)
        if clean is not None and clean[0] == _file_bytes(path):
            _bytes, proc, report.doc = clean  # check() loaded it, unchanged since
        else:
            try:
                proc = procedures.load_file(path, forms_dir)
            except ProcedureError:
                continue  # check() reports it
            report.doc = load_yaml(path)
        for i, note in enumerate(proc.model.maintainer_notes):
            report.add(("maintainer_notes", i), pick(note), prefix=False)
        notes.extend(report.findings)
        if stale_days is not None:
            report.findings = []
            for loc, message in sources.stale(proc.model, stale_days, today):
                report.add(loc, message, prefix=False)
            old.extend(report.findings)
    return notes, old
