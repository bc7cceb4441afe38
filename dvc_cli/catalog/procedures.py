"""Find, load and check procedure files (``procedures/*.yaml``)."""

from __future__ import annotations

import datetime as dt
import difflib
import re
import time
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from dvc_cli import log
from dvc_cli.catalog import registry, yamlsource
from dvc_cli.catalog.registry import data_dir
from dvc_cli.catalog.yamlsource import YamlDocument, display_path, load_yaml
from dvc_cli.core import expressions
from dvc_cli.core.procedure import LoadedProcedure, fmt_loc
from dvc_cli.errors import ProcedureError, UsageError
from dvc_cli.i18n import _, ngettext
from dvc_cli.text import fold

if TYPE_CHECKING:  # a procedure read back from the cache needs neither pydantic nor the schema
    from dvc_cli.core.schema import Procedure, Question

Problem = tuple[tuple[Any, ...], str]  # (path inside the file, message)


def _fail(doc: YamlDocument, loc: tuple[Any, ...], message: str) -> ProcedureError:
    shown = YamlDocument(Path(display_path(doc.path)), doc.data, doc.root)
    return ProcedureError(f"{shown.where(loc)}: {fmt_loc(loc)}: {message}")


def semantic_problems(proc: Procedure, forms_dir: Path) -> Iterator[Problem]:
    """Cross-references pydantic cannot see (ids, expressions, names, files), in file order."""
    from dvc_cli.catalog import card_blocks, list_problems, sources  # not for a kept procedure

    known: dict[str, tuple[Any, ...]] = {}
    for si, step in enumerate(proc.steps):
        for qi, q in enumerate(step.questions):
            loc = ("steps", si, "questions", qi, "id")
            if q.id in known:
                yield loc, _("câu hỏi '{id}' bị khai báo hai lần").format(id=q.id)
            known[q.id] = loc
    for ci, comp in enumerate(proc.computed):
        if comp.id in known:
            yield ("computed", ci, "id"), _("'{id}' trùng với một id khác").format(id=comp.id)
        known[comp.id] = ("computed", ci, "id")
    yield from _synonym_problems(proc)
    names = set(known) | expressions.BUILTIN_NAMES

    def check(
        source: Any, loc: tuple[Any, ...], *, template: bool, names: set[str] = names
    ) -> Iterator[Problem]:
        if not isinstance(source, str):
            return
        if template and "{" not in source:
            return
        refused = expressions.refusal(source, template=template)
        if refused:
            yield loc, refused
            return
        unknown = sorted(expressions.names_in(source, template=template) - names)
        if unknown:
            yield loc, _("tên không có trong thủ tục: {names}").format(names=", ".join(unknown))

    for si, step in enumerate(proc.steps):
        for qi, q in enumerate(step.questions):
            base = ("steps", si, "questions", qi)
            yield from check(q.when, (*base, "when"), template=False)
            yield from _when_text_problems(q, base)
            yield from check(q.default, (*base, "default"), template=True)
            yield from check(q.example, (*base, "example"), template=True)
            for ri, rule in enumerate(q.rules):
                yield from check(rule.check, (*base, "rules", ri, "check"), template=False)
            yield from _default_problems(q, base)
            for attr in ("province_question", "gender_question", "birth_date_question"):
                ref = getattr(q, attr)
                if ref and ref not in known:
                    yield (*base, attr), _("không có câu hỏi '{id}'").format(id=ref)
    yield from list_problems.problems(proc, names, check, _default_problems)
    for ci, comp in enumerate(proc.computed):
        yield from check(comp.value, ("computed", ci, "value"), template=True)
    for kind, items in (("dossier", proc.dossier), ("visits", proc.visits)):
        for i, item in enumerate(items):
            yield from check(item.when, (kind, i, "when"), template=False)
            yield from _when_text_problems(item, (kind, i))
            if getattr(item, "for_each", None):
                continue  # its texts see an item: checked by list_problems
            for key in ("title", "note"):
                text = getattr(item, key)
                if text:
                    yield from check(text.vi, (kind, i, key), template=True)
                    yield from check(text.en, (kind, i, key, "en"), template=True)
    if proc.name_question not in known:
        yield ("name_question",), _("không có câu hỏi '{id}'").format(id=proc.name_question)
    for oi, out in enumerate(proc.outputs):
        if not (forms_dir / out.template).is_file():
            message = _("không tìm thấy mẫu {template}").format(template=out.template)
            yield ("outputs", oi, "template"), message
        for name, source in out.fields.items():
            yield from check(source, ("outputs", oi, "fields", name), template=True)
    yield from card_blocks.problems(proc)
    yield from sources.reference_problems(proc)


def _when_text_problems(item: Any, base: tuple[Any, ...]) -> Iterator[Problem]:
    """``when_text`` says a ``when`` in words: it needs one, and is words, not a template."""
    said = item.when_text
    if said is None:
        return
    if not item.when:
        yield (*base, "when_text"), _("'when_text' cần có 'when' (điều kiện mà nó diễn đạt)")
    for lang, text in (("vi", said.vi), ("en", said.en)):
        if text and ("{{" in text or "{%" in text):
            loc = (*base, "when_text") if lang == "vi" else (*base, "when_text", "en")
            yield loc, _("'when_text' là câu chữ, không phải mẫu Jinja2")


def _header_key(text: str) -> str:
    """A header as batch column matching compares it: folded words (``so cccd``)."""
    return " ".join(re.findall(r"[a-z0-9]+", fold(text)))


def _synonym_problems(proc: Procedure) -> Iterator[Problem]:
    """A synonym (a spreadsheet header, compared without accents or case) claimed by two
    questions, or naming another question's id: a column could not tell which one it is."""
    words = _header_key
    ids = {words(q.id): q.id for step in proc.steps for q in step.questions}
    owner: dict[str, str] = {}
    for si, step in enumerate(proc.steps):
        for qi, q in enumerate(step.questions):
            for ki, synonym in enumerate(q.synonyms):
                key = words(synonym)
                loc = ("steps", si, "questions", qi, "synonyms", ki)
                if not key:
                    yield (
                        loc,
                        _("tên cột đồng nghĩa '{synonym}' không có chữ hay số nào").format(
                            synonym=synonym
                        ),
                    )
                elif ids.get(key, q.id) != q.id:
                    message = _("tên cột đồng nghĩa '{synonym}' là mã của câu hỏi '{other}'")
                    yield loc, message.format(synonym=synonym, other=ids[key])
                elif owner.get(key, q.id) != q.id:
                    message = _(
                        "tên cột đồng nghĩa '{synonym}' đã thuộc câu hỏi '{other}'; một cột "
                        "như vậy không biết là câu hỏi nào"
                    )
                    yield loc, message.format(synonym=synonym, other=owner[key])
                else:
                    owner[key] = q.id


def _default_problems(q: Question, base: tuple[Any, ...]) -> Iterator[Problem]:
    """A plain default of a typed question (see AnswerType.typed_default) must be a valid
    answer to it."""
    if q.default is None:  # most questions: no need to import anything
        return
    from dvc_cli.core import answer_types
    from dvc_cli.errors import AnswerError

    if not answer_types.of(q).typed_default:
        return
    if isinstance(q.default, str) and "{" in q.default:
        return  # a template: rendered, then checked, at run time
    try:
        answer_types.parse(q, q.default, {}, dt.date.today())
    except AnswerError as exc:
        yield (
            (*base, "default"),
            _("giá trị mặc định không hợp lệ: {error}").format(error=exc.message),
        )


def _check_semantics(doc: YamlDocument, proc: Procedure, forms_dir: Path) -> None:
    """Raise the first of :func:`semantic_problems` as a ProcedureError."""
    for loc, message in semantic_problems(proc, forms_dir):
        raise _fail(doc, loc, message)


COMMON_FILE = "_common.yaml"


def common_questions(folder: Path) -> dict[str, dict[str, Any]]:
    """Shared question definitions: ``folder/_common.yaml``, else the bundled one."""
    path = folder / COMMON_FILE
    if not path.is_file():
        path = data_dir("procedures") / COMMON_FILE
    return _common_questions(path)


@cache
def _common_questions(path: Path) -> dict[str, dict[str, Any]]:
    if not path.is_file():
        return {}
    doc = load_yaml(path)
    questions = doc.data.get("questions") if isinstance(doc.data, dict) else None
    if not isinstance(questions, dict):
        raise ProcedureError(
            _("{path}:1:1: cần khóa 'questions' (bảng id: câu hỏi)").format(path=display_path(path))
        )
    return questions


def expand_uses(doc: YamlDocument) -> Iterator[Problem]:
    """Replace ``- use: <id>`` items (plus overrides) by the shared question definition.

    A generator: consume it whole; it yields each unknown shared id, leaving that item as is.
    """
    steps = doc.data.get("steps")
    if not isinstance(steps, list):
        return
    common: dict[str, dict[str, Any]] | None = None
    # the steps' questions, then a list question's item questions (a household member's name)
    todo: list[tuple[tuple[Any, ...], Any]] = [
        (("steps", si, "questions"), step.get("questions") if isinstance(step, dict) else None)
        for si, step in enumerate(steps)
    ]
    while todo:
        at, questions = todo.pop(0)
        if not isinstance(questions, list):
            continue
        for qi, item in enumerate(questions):
            if isinstance(item, dict) and isinstance(item.get("items"), list):
                todo.append(((*at, qi, "items"), item["items"]))
            if not (isinstance(item, dict) and "use" in item):
                continue
            common = common if common is not None else common_questions(doc.path.parent)
            name = item["use"]
            if not isinstance(name, str) or name not in common:
                yield (
                    (*at, qi, "use"),
                    _("không có câu hỏi dùng chung '{id}' trong {file}").format(
                        id=name, file=COMMON_FILE
                    ),
                )
                continue
            merged = {"id": name, **common[name]}
            if item.get("id", name) != name:
                merged.pop("synonyms", None)  # another person's question: not "Số CCCD"
            merged.update({k: v for k, v in item.items() if k != "use"})
            questions[qi] = merged


def load_file(path: Path, forms_dir: Path | None = None) -> LoadedProcedure:
    """Load and fully check one procedure file; raise ProcedureError with file:line:col."""
    doc = load_yaml(path)
    if not isinstance(doc.data, dict):
        raise ProcedureError(
            _("{path}:1:1: tệp thủ tục phải là một bảng (mapping)").format(path=display_path(path))
        )
    for loc, message in expand_uses(doc):
        raise _fail(doc, loc, message)
    from pydantic import ValidationError

    from dvc_cli.catalog import schema_messages
    from dvc_cli.core.schema import Procedure

    try:
        proc = Procedure.model_validate(doc.data)
    except ValidationError as exc:
        found = schema_messages.problems(exc, Procedure)
        loc, message = found[0]
        others = len(found) - 1
        more = (
            ngettext(" (và {count} lỗi khác)", " (và {count} lỗi khác)", others).format(
                count=others
            )
            if others
            else ""
        )
        raise _fail(doc, loc, message + more) from None
    forms_dir = forms_dir or data_dir("forms")
    _check_semantics(doc, proc, forms_dir)
    return loaded_from(proc, path, forms_dir)


def loaded_from(proc: Procedure, path: Path, forms_dir: Path) -> LoadedProcedure:
    """The loaded procedure of a model read from ``path`` and checked (``dvc check`` has one
    already, and need not read the file again)."""
    loaded = LoadedProcedure(proc, path, forms_dir, locate=yamlsource.locator(path))
    for si, step in enumerate(proc.steps):
        for q in step.questions:
            loaded.questions[q.id] = q
            loaded.step_of[q.id] = si
    return loaded


def procedure_files() -> dict[str, Path]:
    """Procedure ids → files on the search path (local folders first, see registry.py)."""
    return registry.procedure_files()


class Keeper(Protocol):
    """Keeps checked procedures between runs (:mod:`dvc_cli.store.procedure_cache`): what a
    load of ``path`` made, while the files it read (:func:`files_read`) and dvc are the same."""

    def get(self, path: Path) -> Procedure | None: ...

    def put(self, path: Path, proc: Procedure) -> None: ...


def files_read(path: Path) -> tuple[Path, ...]:
    """The files loading ``path`` reads: the procedure and the shared questions it may use."""
    common = path.parent / COMMON_FILE
    return (path, common if common.is_file() else data_dir("procedures") / COMMON_FILE)


def load(procedure_id: str, keeper: Keeper | None = None) -> LoadedProcedure:
    """Load a procedure by id, with the local facts in force; unknown ids suggest the nearest
    ones. ``keeper``: where a procedure checked in an earlier run may be found, and this one
    kept."""
    from dvc_cli.catalog import local_facts

    return local_facts.attach(_load(procedure_id, registry.search_path(), keeper))


def load_without_local(procedure_id: str) -> LoadedProcedure:
    """:func:`load` without the local facts (what they are checked against)."""
    return _load(procedure_id, registry.search_path())


_LOADED: dict[tuple[str, tuple[Path, ...]], LoadedProcedure] = {}


def _load(
    procedure_id: str, search_path: tuple[Path, ...], keeper: Keeper | None = None
) -> LoadedProcedure:
    """:func:`load`, once a process per search path (so ``--procedures`` changes what is
    found)."""
    if (procedure_id, search_path) in _LOADED:
        return _LOADED[procedure_id, search_path]
    files = registry.procedure_files(search_path)
    if procedure_id not in files:
        close = registry.suggest(procedure_id) or difflib.get_close_matches(
            fold(procedure_id), list(files), n=3, cutoff=0.4
        )
        hint = _("; có phải: {names}?").format(names=", ".join(close)) if close else ""
        message = _("không có thủ tục '{id}'{hint} (xem: dvc list)")
        raise UsageError(message.format(id=procedure_id, hint=hint))
    path = files[procedure_id]
    started = time.perf_counter()
    kept = _kept(path, keeper)
    loaded = kept or load_file(path, registry.forms_dir_for(path.parent))
    log.info(
        _("thủ tục {id}: {file} ({ms:.0f} ms)").format(
            id=procedure_id, file=display_path(path), ms=(time.perf_counter() - started) * 1000
        )
    )
    if loaded.id != procedure_id:
        raise ProcedureError(
            _("{where}: id '{id}' phải trùng tên tệp ({name})").format(
                where=loaded.where("id"), id=loaded.id, name=f"{procedure_id}.yaml"
            )
        )
    if keeper is not None and kept is None:  # read and checked in this run
        keeper.put(path, loaded.model)
    _LOADED[procedure_id, search_path] = loaded
    return loaded


def _kept(path: Path, keeper: Keeper | None) -> LoadedProcedure | None:
    """The procedure ``keeper`` kept for ``path``, its form templates still there (the one
    check of a load that looks outside the files read); None: load it."""
    proc = keeper.get(path) if keeper is not None else None
    if proc is None:
        return None
    forms_dir = registry.forms_dir_for(path.parent)
    if not all((forms_dir / out.template).is_file() for out in proc.outputs):
        return None
    return loaded_from(proc, path, forms_dir)


def load_all() -> list[LoadedProcedure]:
    """Every procedure on the search path."""
    return [load(pid) for pid in procedure_files()]
