"""One spreadsheet cell as an answer: what Excel makes of numbers, dates and booleans undone."""

from __future__ import annotations

import datetime as dt
from typing import Any

from dvc_cli.core import answer_types
from dvc_cli.core.schema import Question
from dvc_cli.i18n import N_
from dvc_cli.privacy import mask_digits, mask_id

ID_HINT = N_(" (Excel có thể đã bỏ số 0 ở đầu: hãy định dạng cột này là Văn bản/Text)")


# -- cells ----------------------------------------------------------------------------------
#: A spreadsheet cell as an answer for a question (None: no answer, the default applies); each
#: answer type repairs its own cells (see AnswerType.from_cell).
cell_answer = answer_types.from_cell


def shown_cell(q: Question | None, value: Any) -> str:
    """A value as written to errors.csv: ID numbers masked."""
    if value is None:
        return ""
    text = value.strftime("%d/%m/%Y") if isinstance(value, dt.date) else str(value)
    if q is not None and q.type == "citizen_id":
        return mask_id(text)
    return mask_digits(text)
