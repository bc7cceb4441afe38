"""Parse and validate one answer by its question type: the answer types' functions, under the
names other modules import (the behaviour lives in :mod:`dvc_cli.core.answer_types`).

Every parser takes what a person typed (or a CSV cell, or a YAML value) and returns the typed
value the engine stores, or raises AnswerError with a message in the interface language.
"""

from __future__ import annotations

from dvc_cli.core.answer_types import (
    display,
    is_blank,
    match_choice,
    parse,
    parse_date,
    to_plain,
)

__all__ = ["display", "is_blank", "match_choice", "parse", "parse_date", "to_plain"]
