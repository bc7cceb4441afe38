"""Find, read and check local-facts files (``--local DIR``, ``DVC_LOCAL_PATH``).

In a local folder, ``<procedure-id>.yaml`` states the local facts of one procedure and
``_all.yaml`` those of every procedure (the model: :mod:`dvc_cli.core.local_facts`). They are
read with the procedures' loader (positions, limits, duplicate keys) and worded with the same
schema messages; :func:`attach` gives a loaded procedure the overlays that concern it, and
:func:`problems` lists what ``dvc check`` reports of one file.
"""

from __future__ import annotations

import dataclasses
import difflib
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dvc_cli import context
from dvc_cli.catalog import registry, yamlsource
from dvc_cli.catalog.yamlsource import YamlDocument, display_path, load_yaml
from dvc_cli.core import expressions
from dvc_cli.core.procedure import LoadedProcedure, fmt_loc
from dvc_cli.errors import DvcError, ProcedureError
from dvc_cli.i18n import _, ngettext
from dvc_cli.text import fold

if TYPE_CHECKING:  # the model is imported where a file is read: no file, no model to build
    from dvc_cli.core.local_facts import LocalFacts, Overlay

ENV_VAR = "DVC_LOCAL_PATH"
ALL_FILE = "_all.yaml"

Problem = tuple[tuple[Any, ...], str]


# -- where -----------------------------------------------------------------------------------
def local_dirs_checked(dirs: Iterable[Path]) -> tuple[Path, ...]:
    """``dirs`` resolved, in order, for a :class:`~dvc_cli.context.Context`; each must be a
    folder."""
    return registry.folders_checked(dirs, _("không có thư mục thông tin địa phương {folder}"))


def local_dirs() -> tuple[Path, ...]:
    """The local-facts folders in order: the context's, else ``DVC_LOCAL_PATH``'s."""
    given = context.current().local_dirs
    if given is not None:
        return given
    raw = os.environ.get(ENV_VAR, "")
    return tuple(Path(p).expanduser().resolve() for p in raw.split(os.pathsep) if p)


def files_for(procedure_id: str, dirs: Iterable[Path]) -> list[Path]:
    """The overlay files concerning ``procedure_id``, in the order they count."""
    out = []
    for folder in dirs:
        for name in (f"{procedure_id}.yaml", ALL_FILE):
            if (folder / name).is_file():
                out.append(folder / name)
    return out


def files_in(dirs: Iterable[Path]) -> list[Path]:
    """Every overlay file of ``dirs`` (what ``dvc check --local`` checks)."""
    return [p for folder in dirs for p in sorted(Path(folder).glob("*.yaml"))]


# -- checking ----------------------------------------------------------------------------------
def _expression(
    source: str | None, loc: tuple[Any, ...], names: set[str], *, template: bool, proc_id: str
) -> Iterator[Problem]:
    if not isinstance(source, str) or (template and "{" not in source):
        return
        refused = expressions.refusal(source, template=template)
        if refused:
            yield loc, refused
            return
    unknown = sorted(expressions.names_in(source, template=template) - names)
    if unknown:
        yield (
            loc,
            _("tên không có trong thủ tục {procedure}: {names}").format(
                procedure=proc_id, names=", ".join(unknown)
            ),
        )


def _province_code(facts: LocalFacts) -> tuple[str | None, str | None]:
    """(code, None) of the overlay's province, or (None, the error)."""
    if facts.province is None:
        return None, None
    from dvc_cli.core.vn.admin_map import find_province

    try:
        return find_province(facts.province).code, None
    except (ValueError, DvcError) as exc:  # admin_map.LookupError_: no such province
        return None, str(exc)


def _answer(facts: LocalFacts, loaded: LoadedProcedure) -> tuple[str | None, Problem | None]:
    """The answer naming the person's province, for an overlay limited to one province."""
    from dvc_cli.core.local_facts import PROVINCE_ANSWERS

    names = set(loaded.questions) | {c.id for c in loaded.model.computed}
    if facts.province_answer is not None:
        if facts.province_answer not in names:
            message = _("thủ tục {procedure} không có câu hỏi '{id}'").format(
                procedure=loaded.id, id=facts.province_answer
            )
            return None, (("province_answer",), message)
        return facts.province_answer, None
    found = next((a for a in PROVINCE_ANSWERS if a in names), None)
    if found is None:
        message = _(
            "thủ tục {procedure} không có câu hỏi tỉnh/thành phố nào ({names}): ghi "
            "province_answer (câu hỏi cho biết tỉnh của người nộp)"
        ).format(procedure=loaded.id, names=", ".join(PROVINCE_ANSWERS))
        return None, (("province",), message)
    return found, None


def against(facts: LocalFacts, loaded: LoadedProcedure) -> Iterator[Problem]:
    """What ``facts`` gets wrong about the procedure ``loaded``: unknown answers named by its
    conditions and texts, extra papers reusing an id, no answer telling the province."""
    names = set(loaded.questions) | {c.id for c in loaded.model.computed}
    names |= expressions.BUILTIN_NAMES
    if facts.province is not None:
        _found, problem = _answer(facts, loaded)
        if problem:
            yield problem
    own = {d.id for d in loaded.model.dossier}
    for kind, items in (("visits", facts.visits), ("dossier_extra", facts.dossier_extra)):
        for i, item in enumerate(items):
            yield from _expression(item.when, (kind, i, "when"), names, template=False,
                                   proc_id=loaded.id)  # fmt: skip
            for key in ("title", "note"):
                text = getattr(item, key)
                if text:
                    for loc, source in (((kind, i, key), text.vi), ((kind, i, key, "en"), text.en)):
                        yield from _expression(source, loc, names, template=True,
                                               proc_id=loaded.id)  # fmt: skip
            if kind == "dossier_extra" and item.id in own:
                message = _("giấy tờ '{id}' đã có trong thủ tục {procedure}").format(
                    id=item.id, procedure=loaded.id
                )
                yield (kind, i, "id"), message


def _validated(data: Any) -> tuple[LocalFacts | None, list[Problem]]:
    from pydantic import ValidationError  # here: a load without overlays needs no pydantic

    from dvc_cli.catalog import schema_messages
    from dvc_cli.core.local_facts import LocalFacts

    if not isinstance(data, dict):
        return None, [((), _("tệp thông tin địa phương phải là một bảng (mapping)"))]
    try:
        return LocalFacts.model_validate(data), []
    except ValidationError as exc:
        return None, schema_messages.problems(exc, LocalFacts)


def _procedure_problems(facts: LocalFacts, path: Path) -> Iterator[Problem]:
    """The ``procedure`` key against the file name."""
    if path.name == ALL_FILE:
        if facts.procedure is not None:
            yield (
                ("procedure",),
                _("{file} dùng cho mọi thủ tục: bỏ khóa 'procedure'").format(file=ALL_FILE),
            )
        return
    if facts.procedure is None:
        yield (), _("thiếu khóa 'procedure' (mã thủ tục, trùng tên tệp)")
    elif facts.procedure != path.stem:
        yield (
            ("procedure",),
            _("'{id}' phải trùng tên tệp ({file})").format(id=facts.procedure, file=path.name),
        )


def unknown_procedure(path: Path, known: Iterable[str]) -> str | None:
    """The message for a file named after no procedure (None when it names one)."""
    known = list(known)
    if path.name == ALL_FILE or path.stem in known:
        return None
    close = difflib.get_close_matches(fold(path.stem), known, n=3, cutoff=0.4)
    hint = _("; có phải: {names}?").format(names=", ".join(close)) if close else ""
    return _("không có thủ tục '{id}'{hint} (tên tệp là mã thủ tục, hoặc {all})").format(
        id=path.stem, hint=hint, all=ALL_FILE
    )


def problems(
    doc: YamlDocument, procedures: Iterable[LoadedProcedure]
) -> tuple[LocalFacts | None, list[Problem]]:
    """Every problem of one parsed overlay file, checked against ``procedures`` (those it
    concerns), in file order."""
    facts, found = _validated(doc.data)
    if facts is None:
        return None, found
    found += list(_procedure_problems(facts, doc.path))
    _code, error = _province_code(facts)
    if error:
        found.append((("province",), error))
    for loaded in procedures:
        found += list(against(facts, loaded))
    seen: set[Problem] = set()
    unique = [p for p in found if not (p in seen or seen.add(p))]  # type: ignore[func-returns-value]
    return facts, unique


# -- loading -----------------------------------------------------------------------------------
def _fail(doc: YamlDocument, found: list[Problem]) -> ProcedureError:
    loc, message = found[0]
    others = len(found) - 1
    if others:
        message += ngettext(" (và {count} lỗi khác)", " (và {count} lỗi khác)", others).format(
            count=others
        )
    line, col = doc.position(loc)
    where = f"{display_path(doc.path)}:{line}:{col}"
    return ProcedureError(f"{where}: {fmt_loc(loc)}: {message}" if loc else f"{where}: {message}")


def overlay(path: Path, loaded: LoadedProcedure) -> Overlay:
    """The overlay file ``path`` checked against ``loaded``; a ProcedureError names the first
    problem with ``file:line:col``."""
    doc = load_yaml(path)
    facts, found = problems(doc, [loaded])
    if facts is None or found:
        raise _fail(doc, found)
    code, _error = _province_code(facts)
    answer = _answer(facts, loaded)[0] if facts.province is not None else None
    from dvc_cli.core.local_facts import Overlay

    return Overlay(facts, path, code, answer, locate=yamlsource.locator(path))


_cache: dict[tuple[Any, ...], tuple[LoadedProcedure, LoadedProcedure]] = {}


def attach(loaded: LoadedProcedure) -> LoadedProcedure:
    """``loaded`` with the overlays of the local folders in force (itself when none)."""
    paths = files_for(loaded.id, local_dirs())
    if not paths:
        return loaded
    key = (id(loaded), *((p, p.stat().st_mtime_ns) for p in paths))
    hit = _cache.get(key)
    if hit is not None and hit[0] is loaded:
        return hit[1]
    result = dataclasses.replace(loaded, local=tuple(overlay(p, loaded) for p in paths))
    _cache[key] = (loaded, result)
    return result


def known_procedures() -> list[str]:
    """Procedure ids on the search path."""
    return list(registry.procedure_files())
