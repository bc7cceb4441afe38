"""One spreadsheet cell as an answer: what Excel makes of numbers, dates and booleans undone."""

from __future__ import annotations

import datetime as dt
from typing import Any

from dvc_cli.core.schema import Question
from dvc_cli.i18n import N_
from dvc_cli.privacy import mask_digits, mask_id

ID_HINT = N_(" (Excel có thể đã bỏ số 0 ở đầu: hãy định dạng cột này là Văn bản/Text)")


# -- cells ----------------------------------------------------------------------------------
def cell_answer(q: Question, value: Any) -> Any:
    """A spreadsheet cell as an answer for ``q`` (None: no answer, the default applies).

    Text is trimmed; spreadsheet dates and numbers are accepted. A number in an ID or phone
    column gets back the leading zeros a spreadsheet drops (ID numbers always start with 0).
    """
    if value is None:
        return None
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, bool):
        return value if q.type == "boolean" else ("Có" if value else "Không")
    if isinstance(value, dt.datetime | dt.date):
        day = value.date() if isinstance(value, dt.datetime) else value
        return day if q.type == "date" else day.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        if q.type == "integer":
            return value
        text = str(value)
        if q.type == "citizen_id" and len(text) in (10, 11):
            return text.zfill(12)
        if q.type == "phone" and len(text) == 9:
            return "0" + text
        return text
    return str(value).strip() or None


def shown_cell(q: Question | None, value: Any) -> str:
    """A value as written to errors.csv: ID numbers masked."""
    if value is None:
        return ""
    text = value.strftime("%d/%m/%Y") if isinstance(value, dt.date) else str(value)
    if q is not None and q.type == "citizen_id":
        return mask_id(text)
    return mask_digits(text)
