"""``dvc csv-template``: the header and an example row a desk fills in."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dvc_cli.core import answer_types
from dvc_cli.core.procedure import LoadedProcedure
from dvc_cli.errors import AnswerError, ProcedureError
from dvc_cli.i18n import _

if TYPE_CHECKING:
    from dvc_cli.core.schema import Question

# -- csv-template -----------------------------------------------------------------------------
#: How many items a list's columns show in the template (the example fills the first).
TEMPLATE_ITEMS = 2


def _list_example(interview: Any, q: Question) -> Any:
    """One example item of list ``q``: each item question's example, default or made-up one."""
    from dvc_cli.core import lists

    item: dict[str, Any] = {}
    for iq in q.items or ():
        state = interview.item_state(q.id, [item], 0)
        if iq.id not in {a.id for a in state.applicable}:
            continue
        value = iq.example if iq.example is not None else iq.default
        if value is None:
            value = answer_types.example(iq)
        if value is None and iq.required:
            message = _("{procedure}: câu hỏi {id} cần 'example' để làm dòng mẫu")
            raise MissingExample(
                message.format(procedure=interview.procedure.id, id=lists.path(q.id, 0, iq.id))
            )
        if value is not None:
            item[iq.id] = value
    return [item] if (q.min or 0) > 0 or item else []


def _example(interview: Any, q: Question) -> Any:
    if q.type == "list":
        return _list_example(interview, q)
    if isinstance(q.example, str) and "{" in q.example:  # relative to today, e.g. a stay's end
        from dvc_cli.core import expressions

        where = interview.procedure.question_where(q.id, "example")
        return expressions.render(q.example, interview.context(), where)
    if q.example is not None:
        return q.example
    default = interview.default_for(q)
    if default is not None and default != "":
        return default
    return answer_types.example(q)


class MissingExample(ProcedureError):
    """A required question has no example, default or choice to show in the template row."""


def template_row(proc: LoadedProcedure) -> tuple[list[str], list[str]]:
    """The header (question ids, in interview order) and one example row that passes.

    The example follows the interview: each question that applies gets its ``example``,
    else its default, else its first choice; questions that do not apply stay empty.
    """
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
    from dvc_cli.batch import item_columns

    header: list[str] = []
    row: list[str] = []
    for q in proc.ordered():
        value = interview.value(q.id)
        if q.type == "list":  # numbered columns, two items: earlier_residences.1.place
            for index in range(TEMPLATE_ITEMS):
                item = value[index] if value and index < len(value) else {}
                for iq in q.items or ():
                    header.append(item_columns.header(q.id, index, iq.id))
                    got = item.get(iq.id)
                    row.append("" if got is None else answer_types.display(iq, got))
            continue
        header.append(q.id)
        row.append("" if value is None else answer_types.display(q, value))
    return header, row
