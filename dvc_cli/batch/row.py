"""One batch row through the same engine and outputs as ``dvc fill``: answers in, files out."""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path
from typing import Any

from dvc_cli import context
from dvc_cli.batch import store as batch_store
from dvc_cli.batch.cells import CARD_KEY, ID_HINT, shown_cell
from dvc_cli.batch.store import RowError, RowOutcome
from dvc_cli.core import answer_types, lists
from dvc_cli.core.procedure import LoadedProcedure
from dvc_cli.errors import AnswerError, AnswersInvalid, DvcError
from dvc_cli.i18n import _
from dvc_cli.privacy import mask_digits

TEST_DELAY_ENV = "DVC_BATCH_TEST_DELAY"  # seconds to sleep after each row: tests only


# -- one row --------------------------------------------------------------------------------
def expected_files(proc: LoadedProcedure) -> tuple[str, ...]:
    """The files every row folder holds (as output.render makes them)."""
    from dvc_cli.render.output import ANSWERS_NAME

    return (
        *(o.file for o in proc.model.outputs),
        "checklist.pdf",
        "checklist.md",
        ANSWERS_NAME,
    )


class RowProcessor:
    """Turn one row's answers into its folder, or into its errors (picklable settings)."""

    def __init__(
        self,
        proc: LoadedProcedure,
        out_dir: Path,
        today: dt.date,
        columns: dict[str, str],
        name_folders: bool = False,
        cards: dict[str, str] | None = None,
    ) -> None:
        self.proc = proc
        self.out_dir = out_dir
        self.today = today
        self.cards = cards or {}  # role → the header of its ID-card QR column
        # a question a card fills, without its own column, is reported in the card's column
        by_card = {
            qid: self.cards[b.role]
            for b in proc.model.id_card
            if b.role in self.cards
            for _path, qid in b.fills.targets()
        }
        self.columns = {**by_card, **columns}
        self.name_folders = name_folders  # 0002-nguyen-thi-dung rather than 0002
        self.delay = float(os.environ.get(TEST_DELAY_ENV) or 0)
        self.context = context.current()  # errors.csv's language, also in spawned workers

    def _errors(self, problems: list[AnswerError], answers: dict[str, Any]) -> tuple[RowError, ...]:
        out = []
        for p in problems:
            q = lists.question_at(self.proc.questions, p.question)
            value = lists.raw_at(answers, p.question)
            message = mask_digits(p.message)
            if q is not None and q.type == "citizen_id" and str(value or "").isdigit():
                if len(str(value)) in (10, 11):
                    message += _(ID_HINT)
            column = self.columns.get(p.question or "", p.question or "")
            out.append(RowError(column, message, shown_cell(q, value)))
        return tuple(out)

    def __call__(self, row: int, answers: dict[str, Any]) -> RowOutcome:
        from dvc_cli.core.engine import Interview
        from dvc_cli.render import output
        from dvc_cli.render.fit import check_fit

        try:
            keys = [k for k in answers if k.startswith(CARD_KEY)]
            cards = {k[len(CARD_KEY) :]: answers.pop(k) for k in keys}
            interview = Interview(self.proc, answers, today=self.today, checks=[check_fit])
            conflicts, noted = self._apply_cards(interview, cards)
            interview.apply_defaults()
            problems = interview.problems()
            if problems or conflicts:
                errors = conflicts + self._errors(problems, answers)
                warned = noted + self._warnings(interview)
                return RowOutcome(row, errors=errors, warnings=warned)
            rendered = output.render(interview, source=_("dòng {row}").format(row=row))
        except AnswersInvalid as exc:
            return RowOutcome(row, errors=self._errors(exc.problems, answers))
        except DvcError as exc:  # e.g. a procedure template failing on this row's values
            return RowOutcome(row, errors=(RowError("", mask_digits(str(exc)), ""),))
        except Exception as exc:  # a bug must not stop the other rows (and shows no data)
            message = _("lỗi nội bộ khi xử lý dòng này ({error})").format(error=type(exc).__name__)
            return RowOutcome(row, errors=(RowError("", message, ""),))
        person = interview.person_name() if self.name_folders else None
        folder = batch_store.folder_name(row, person)
        batch_store.write_row(self.out_dir, folder, rendered.files, rendered.private)
        if self.delay:
            time.sleep(self.delay)
        converted = tuple(
            qid
            for qid in interview.notes()
            if answer_types.of(interview.question_for(qid)).converts
        )
        return RowOutcome(
            row,
            folder,
            tuple(rendered.files),
            converted=converted,
            warnings=noted + self._warnings(interview),
        )

    def _apply_cards(
        self, interview: Any, cards: dict[str, Any]
    ) -> tuple[tuple[RowError, ...], tuple[str, ...]]:
        """Fill each role's questions from its card; the row's other columns win, and a card
        that disagrees with one is an error of the card's column naming the question's. Also
        the cards' warnings, by column (the manifest's warning column)."""
        from dvc_cli.core.card_fill import apply_card

        errors, warnings = [], []
        for role, card in cards.items():
            done = apply_card(interview, card, role)
            warnings += [f"{self.cards.get(role, role)}: {w}" for w in done.warnings]
            for qid in done.conflicts:
                message = _("{question}: mã QR của thẻ khác với cột {column}").format(
                    question=qid, column=self.columns.get(qid, qid)
                )
                errors.append(RowError(self.cards.get(role, role), message, ""))
        return tuple(errors), tuple(warnings)

    def _warnings(self, interview: Any) -> tuple[str, ...]:
        """The manifest's warnings of a row: the answers probably not as on the papers (a
        name without diacritics), by column and never the value."""
        return tuple(
            f"{self.columns.get(qid, qid)}: {doubt}" for qid, doubt in interview.doubts().items()
        )
