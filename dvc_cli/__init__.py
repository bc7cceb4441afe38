"""dvc (dịch vụ công): fill Vietnamese public-service forms and checklists.

The public library API; the command line (:mod:`dvc_cli.cli`) uses nothing else::

    import dvc_cli

    proc = dvc_cli.load_procedure("single-status")
    interview = dvc_cli.Interview(proc, dvc_cli.read_answers(Path("answers.yaml"), proc.id))
    interview.apply_defaults()
    papers = dvc_cli.render_outputs(interview)    # forms, checklist, answers file, in memory
    dvc_cli.write_outputs(papers, Path("out"))    # each file atomically, owner-only answers

Settings (language, local procedure folders) are passed in with ``dvc_cli.using(Context(...))``.
Errors are :class:`DvcError` subclasses whose ``exit_code`` the CLI returns. Names are loaded
on first use, so importing the package costs nothing (``dvc --version`` stays instant).
"""

from __future__ import annotations

__version__ = "0.1.0"

# public name -> (module, attribute); a module itself when the attribute is None
_API: dict[str, tuple[str, str | None]] = {
    # settings
    "Context": ("dvc_cli.context", "Context"),
    "using": ("dvc_cli.context", "using"),
    # errors and exit codes
    "DvcError": ("dvc_cli.errors", "DvcError"),
    "AnswerError": ("dvc_cli.errors", "AnswerError"),
    "AnswersInvalid": ("dvc_cli.errors", "AnswersInvalid"),
    "ProcedureError": ("dvc_cli.errors", "ProcedureError"),
    "UsageError": ("dvc_cli.errors", "UsageError"),
    # the catalogue
    "load_procedure": ("dvc_cli.store.procedure_cache", "load"),
    "load_procedure_file": ("dvc_cli.catalog.procedures", "load_file"),
    "catalogue": ("dvc_cli.catalog.registry", "catalogue"),
    "checked_procedure_dirs": ("dvc_cli.catalog.registry", "local_dirs_checked"),
    "checked_local_dirs": ("dvc_cli.catalog.local_facts", "local_dirs_checked"),
    "example_answers": ("dvc_cli.catalog.registry", "example_file"),
    "search": ("dvc_cli.catalog.search", "rank"),
    "LoadedProcedure": ("dvc_cli.core.procedure", "LoadedProcedure"),
    # the interview
    "Interview": ("dvc_cli.core.engine", "Interview"),
    "Question": ("dvc_cli.core.schema", "Question"),
    "answer_types": ("dvc_cli.core.answer_types", None),
    "Checklist": ("dvc_cli.core.checklist", "Checklist"),
    "build_checklist": ("dvc_cli.core.checklist", "build"),
    "document_form": ("dvc_cli.core.checklist", "how"),
    "Wording": ("dvc_cli.core.wording", "Wording"),
    # addresses: current and old (before 01/07/2025) administrative units
    "lookup_address": ("dvc_cli.core.vn.address_lookup", "lookup_address"),
    "AddressLookup": ("dvc_cli.core.vn.address_lookup", "AddressLookup"),
    "parse_address": ("dvc_cli.core.vn.address_line", "parse_address"),
    "Address": ("dvc_cli.core.vn.address_line", "Address"),
    "PlaceNotFound": ("dvc_cli.core.vn.admin_map", "LookupError_"),
    "AmbiguousPlace": ("dvc_cli.core.vn.admin_map", "Ambiguous"),
    # the QR code of ID cards (CCCD, thẻ căn cước) and the answers it fills
    "parse_id_card": ("dvc_cli.core.vn.id_card", "parse"),
    "looks_like_id_card": ("dvc_cli.core.vn.id_card", "looks_like_card"),
    "IdCard": ("dvc_cli.core.vn.id_card", "IdCard"),
    "IdCardError": ("dvc_cli.core.vn.id_card", "CardError"),
    "apply_card": ("dvc_cli.core.card_fill", "apply_card"),
    "card_blocks": ("dvc_cli.core.card_fill", "blocks"),
    "card_block_at": ("dvc_cli.core.card_fill", "block_starting_at"),
    "read_scanner": ("dvc_cli.store.card_input", "read_scanner"),
    "Scanner": ("dvc_cli.store.card_input", "Scanner"),
    "read_card_image": ("dvc_cli.store.card_input", "read_image"),
    # answers files and drafts
    "read_answers": ("dvc_cli.store.answers_file", "read"),
    "results_dir": ("dvc_cli.store.paths", "results_dir"),
    "drafts": ("dvc_cli.store.drafts", None),
    "Draft": ("dvc_cli.store.drafts", "Draft"),
    # papers
    "render_outputs": ("dvc_cli.render.output", "render"),
    "write_outputs": ("dvc_cli.render.output", "write"),
    "default_out_dir": ("dvc_cli.render.output", "default_out_dir"),
    "check_out_dir": ("dvc_cli.render.output", "check_out_dir"),
    "template_fields": ("dvc_cli.render.pdf_form", "template_fields"),
    "check_fit": ("dvc_cli.render.fit", "check_fit"),
    # batch
    "Batch": ("dvc_cli.batch.runner", "Batch"),
    "BatchInterrupted": ("dvc_cli.batch.runner", "BatchInterrupted"),
    "template_row": ("dvc_cli.batch.template", "template_row"),
    # authoring
    "check": ("dvc_cli.authoring.lint", "check"),
    "check_remarks": ("dvc_cli.authoring.lint", "remarks"),
    "sources_by_fact": ("dvc_cli.catalog.sources", "by_fact"),
}

__all__ = ["__version__", *_API]
# A public name must not be a subpackage's (``dvc_cli.render`` is one): importing the
# subpackage would replace the name (tests/test_layers.py checks).


def __getattr__(name: str) -> object:
    try:
        module, attribute = _API[name]
    except KeyError:
        raise AttributeError(f"module 'dvc_cli' has no attribute {name!r}") from None
    from importlib import import_module  # here: importing the package stays free

    loaded = import_module(module)
    value = loaded if attribute is None else getattr(loaded, attribute)
    globals()[name] = value  # once loaded, a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
