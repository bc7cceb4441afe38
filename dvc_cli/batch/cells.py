"""One spreadsheet cell as an answer: what Excel makes of numbers, dates and booleans undone,
and text in a legacy encoding (VNI, TCVN3, UTF-8 mojibake) converted to Unicode; and the
notices of old place names a row's answers converted to today's."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from dvc_cli import log
from dvc_cli.core import answer_types, legacy_text
from dvc_cli.i18n import N_, _
from dvc_cli.privacy import mask_digits, mask_id

if TYPE_CHECKING:
    from dvc_cli.batch.store import RowError
    from dvc_cli.core.schema import Question

ID_HINT = N_(" (Excel có thể đã bỏ số 0 ở đầu: hãy định dạng cột này là Văn bản/Text)")


# -- cells ----------------------------------------------------------------------------------
#: A spreadsheet cell as an answer for a question (None: no answer, the default applies); each
#: answer type repairs its own cells (see AnswerType.from_cell).
cell_answer = answer_types.from_cell

#: Conversions reported one by one in each column; then one line says more follow.
NOTICES_PER_COLUMN = 3


class CellReader:
    """Cells as answers (:func:`cell_answer`), text in a legacy encoding converted to Unicode
    with a notice naming the row and column (the first few of each column, then one line)."""

    def __init__(self, warn: Callable[[str], None] = log.warning) -> None:
        self.warn = warn
        self.converted: Counter[str] = Counter()
        # text → legacy_text.convert's answer (a function of the text): the same "Kinh",
        # "Việt Nam", provinces and choices in row after row
        self._read: dict[str, legacy_text.Converted | None] = {}

    def __call__(self, q: Question, value: Any, row: int, column: str) -> Any:
        # cell_answer; a text cell (most of them, every one of a CSV) without the call
        answer = (value.strip() or None) if type(value) is str else cell_answer(q, value)
        if not isinstance(answer, str) or answer.isascii():
            return answer
        if answer in self._read:
            found = self._read[answer]
        else:
            found = legacy_text.convert(answer)
            if len(self._read) > 4096:
                self._read.clear()
            self._read[answer] = found
        if found is None:
            return answer  # clean Unicode; what still looks garbled is refused by its type
        self.converted[column] += 1
        count = self.converted[column]
        if count <= NOTICES_PER_COLUMN:
            message = _("dòng {row}, cột {column}: chuyển từ {encoding} sang Unicode")
            self.warn(message.format(row=row, column=column, encoding=_(found.encoding)))
        elif count == NOTICES_PER_COLUMN + 1:
            message = _(
                "cột {column}: các ô khác cũng được chuyển từ {encoding} sang Unicode; "
                "nên lưu lại bảng tính bằng Unicode (ví dụ bằng Unikey)"
            )
            self.warn(message.format(column=column, encoding=_(found.encoding)))
        return found.text


class PlaceNotices:
    """Tell the desk which rows had an old place name converted to today's (Nam Định → Ninh
    Bình: the forms print the current name, not the cell's). Row and column only, never the
    names (the privacy policy: a batch's progress shows row numbers, column names and counts):
    the first few of each column, then one line."""

    def __init__(self, warn: Callable[[str], None] = log.warning) -> None:
        self.warn = warn
        self.converted: Counter[str] = Counter()

    def __call__(self, row: int, columns: Iterable[str]) -> None:
        for column in columns:
            self.converted[column] += 1
            count = self.converted[column]
            if count <= NOTICES_PER_COLUMN:
                message = _("dòng {row}, cột {column}: địa danh cũ đã chuyển sang tên hiện nay")
                self.warn(message.format(row=row, column=column))
            elif count == NOTICES_PER_COLUMN + 1:
                message = _(
                    "cột {column}: các dòng khác cũng có địa danh cũ được chuyển sang tên hiện "
                    "nay (tờ khai ghi tên hiện nay)"
                )
                self.warn(message.format(column=column))


# -- ID-card QR columns ---------------------------------------------------------------------
CARD_KEY = "id_card:"  # answers[CARD_KEY + role]: the IdCard a row's QR column holds


def read_cards(
    cards: list[tuple[int, str, str]], cells: list[Any], answers: dict[str, Any]
) -> tuple[RowError, ...]:
    """Read each (column index, role, column name) QR cell of a row into ``answers`` (under
    :data:`CARD_KEY` + role, the parsed card: the payload itself goes no further); the row's
    errors for cells that are no usable card code, naming the column, never the cell."""
    from dvc_cli.batch.store import RowError
    from dvc_cli.core.vn import id_card

    errors = []
    for i, role, column in cards:
        cell = cells[i] if i < len(cells) else None
        if cell is None or not str(cell).strip():
            continue
        try:
            answers[CARD_KEY + role] = id_card.parse(str(cell))
        except id_card.CardError as exc:
            errors.append(RowError(column, str(exc), ""))
    return tuple(errors)


def card_number(proc: Any, answers: dict[str, Any], qid: str | None) -> str | None:
    """The ID number a row's card gives question ``qid`` (for finding the same person twice)."""
    for block in proc.model.id_card:
        card = answers.get(CARD_KEY + block.role)
        if card is not None and qid is not None and block.fills.id_number == qid:
            return str(card.number)
    return None


def shown_cell(q: Question | None, value: Any) -> str:
    """A value as written to errors.csv: ID numbers masked."""
    if value is None:
        return ""
    text = value.strftime("%d/%m/%Y") if isinstance(value, dt.date) else str(value)
    if q is not None and q.type == "citizen_id":
        return mask_id(text)
    return mask_digits(text)
