"""A loaded procedure: the validated model, where it came from, and quick lookups.

The catalogue (:mod:`dvc_cli.catalog.procedures`) finds, reads and checks procedure files and
makes these; the core only reads them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dvc_cli.core.local_facts import Overlay
    from dvc_cli.core.schema import Procedure, Question


def fmt_loc(loc: tuple[Any, ...]) -> str:
    """``steps.0.questions.1`` for a place inside a procedure file."""
    return ".".join(str(p) for p in loc)


@dataclass
class LoadedProcedure:
    """A validated procedure plus where it came from and quick lookups."""

    model: Procedure
    path: Path
    forms_dir: Path
    questions: dict[str, Question] = field(default_factory=dict)
    step_of: dict[str, int] = field(default_factory=dict)
    locate: Callable[[tuple[Any, ...]], str] | None = field(default=None, repr=False)
    # local facts (``--local``), checked against this procedure: see core/local_facts.py
    local: tuple[Overlay, ...] = ()

    @property
    def id(self) -> str:
        return self.model.id

    def ordered(self) -> list[Question]:
        """All questions in interview order."""
        return [q for step in self.model.steps for q in step.questions]

    def old_answer_ids(self) -> set[str]:
        """Answer ids of older versions that ``migrate`` carries into today's questions."""
        return {old for rule in self.model.migrate for old in rule.item.values()}

    def template_path(self, template: str) -> Path:
        return self.forms_dir / template

    def where(self, *loc: Any) -> str:
        """``file:line:col: a.b.c`` of ``loc`` in the procedure file, for runtime errors.

        The catalogue that loaded the procedure gives ``locate``, which reads the file again
        (only when an error is being reported).
        """
        place = self.locate(loc) if self.locate else str(self.path)
        return f"{place}: {fmt_loc(loc)}"

    def lazy_where(self, *loc: Any) -> Callable[[], str]:
        """:meth:`where`, looked up only when called (when an error is being reported)."""
        return lambda: self.where(*loc)

    def question_where(self, qid: str, *key: Any) -> Callable[[], str]:
        """:meth:`lazy_where` of ``key`` inside question ``qid``."""
        return lambda: self.where(*self.question_loc(qid), *key)

    def question_loc(self, qid: str) -> tuple[Any, ...]:
        """``("steps", i, "questions", j)`` of question ``qid``."""
        si = self.step_of[qid]
        qi = next(i for i, q in enumerate(self.model.steps[si].questions) if q.id == qid)
        return ("steps", si, "questions", qi)
