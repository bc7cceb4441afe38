"""The same person twice in one batch: rows whose person has the same ID number.

Rows are read in the main process, in order, so duplicates are found there as rows are read,
before any worker sees them. Only a salted hash of each ID number is kept (the salt is random
for each run and never written anywhere), with the row it was first seen on; nothing of it goes
to the output folder. A resumed run reads every row of the input again (the journal only says
which rows are done), so it knows the earlier rows' ID numbers without storing them.
"""

from __future__ import annotations

import hashlib
import os
import re
from typing import TYPE_CHECKING, Any

from dvc_cli.core.procedure import LoadedProcedure
from dvc_cli.i18n import _

if TYPE_CHECKING:
    from dvc_cli.core.schema import Question

_MIN_DIGITS = 9  # a CMND has 9 digits, a citizen ID 12; fewer is no ID number at all


def person_id_question(proc: LoadedProcedure) -> Question | None:
    """The ID number of the person the papers are for: the citizen ID question in the step
    of the procedure's name question (asked always preferred), or None (a birth
    registration: the child has none; parents and requesters may repeat across rows)."""
    name = proc.questions.get(proc.model.name_question)
    if name is None:
        return None
    step = proc.model.steps[proc.step_of[name.id]]
    ids = [q for q in step.questions if q.type == "citizen_id"]
    ids.sort(key=lambda q: q.when is not None)
    return ids[0] if ids else None


def normalise(value: Any) -> str | None:
    """The digits of an ID number (spaces, dots and a lost leading zero do not matter)."""
    if value is None:
        return None
    digits = re.sub(r"\D", "", str(value))
    if len(digits) == 11:
        digits = "0" + digits  # Excel dropped the leading zero
    return digits if len(digits) >= _MIN_DIGITS else None


class Duplicates:
    """Rows seen so far by the hash of their person's ID number."""

    def __init__(self) -> None:
        self._salt = os.urandom(16)
        self._first: dict[int, int] = {}  # hash → first row with it
        self.groups: dict[int, list[int]] = {}  # first row → every row with its ID (2+)

    def _key(self, digits: str) -> int:
        """64 bits of a keyed hash: small (a few MB for 100,000 rows), and two different
        numbers of one batch meet by chance about once in 10^9 batches of a million rows."""
        digest = hashlib.blake2b(digits.encode(), key=self._salt, digest_size=8).digest()
        return int.from_bytes(digest, "big")

    def add(self, row: int, value: Any) -> int | None:
        """Note ``row``'s ID number; return the earlier row with the same one, if any."""
        digits = normalise(value)
        if digits is None:
            return None
        key = self._key(digits)
        first = self._first.setdefault(key, row)
        if first == row:
            return None
        self.groups.setdefault(first, [first]).append(row)
        return first

    def sets(self) -> list[list[int]]:
        """Each group of rows sharing an ID number, by their first row."""
        return [rows for _first, rows in sorted(self.groups.items())]

    def warnings(self) -> dict[int, str]:
        """Row → the manifest's warning (``trùng số định danh với dòng 5``); never the ID."""
        out: dict[int, str] = {}
        for rows in self.groups.values():
            for row in rows:
                others = ", ".join(str(r) for r in rows if r != row)
                out[row] = _("trùng số định danh với dòng {rows}").format(rows=others)
        return out
