"""Local facts: what a province (or a desk) sets for a procedure — its fee, its offices and
opening hours, local notes and extra papers — stated in an overlay file instead of a copy of
the procedure.

This module has the overlay's model (schema version 1) and what the checklist needs of it:
which overlays apply to one person's answers (:func:`applying`) and the facts they give,
merged (:class:`Applied`). Finding, reading and checking overlay files is the catalogue's
(:mod:`dvc_cli.catalog.local_facts`); a loaded procedure carries its overlays
(``LoadedProcedure.local``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from dvc_cli import i18n
from dvc_cli.core.schema import (
    ID_PATTERN,
    PROCEDURE_ID_PATTERN,
    Bilingual,
    Document,
    Visit,
    _bilingual_from_str,
    _Strict,
)
from dvc_cli.i18n import _, pick

# The answer naming the province whose desk handles the file, when an overlay does not say
# (``province_answer``): the first of these the procedure has.
PROVINCE_ANSWERS = ("reg_province", "office_province", "residence_province")


class LocalFee(_Strict):
    """The local fee: the text residents read, and optionally the amount in đồng."""

    vi: str | None = Field(default=None, min_length=1)
    en: str | None = None
    amount: int | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _said(self) -> LocalFee:
        if self.vi is None and self.amount is None:
            raise ValueError(_("cần 'vi' (mức phí bằng chữ) hoặc 'amount' (số đồng)"))
        return self

    def text(self) -> str:
        """The fee in the interface language: the text given, else the amount."""
        if self.vi is not None:
            return pick(Bilingual(vi=self.vi, en=self.en))
        if self.amount == 0:
            return _("Miễn lệ phí")
        digits = f"{self.amount:,}"  # 8,000: English groups with commas, Vietnamese with dots
        if i18n.language() == i18n.DEFAULT:
            digits = digits.replace(",", ".")
        return _("{amount} đồng").format(amount=digits)


class LocalFacts(_Strict):
    """One overlay file."""

    schema_version: Literal[1]
    procedure: str | None = Field(default=None, pattern=PROCEDURE_ID_PATTERN)
    decided_by: Bilingual
    province: str | None = Field(default=None, min_length=1)
    province_answer: str | None = Field(default=None, pattern=ID_PATTERN)
    fee: LocalFee | None = None
    visits: list[Visit] = []
    opening_hours: Bilingual | None = None
    extra_notes: list[Bilingual] = []
    dossier_extra: list[Document] = []

    _coerce = field_validator("decided_by", "opening_hours", mode="before")(_bilingual_from_str)

    @field_validator("fee", mode="before")
    @classmethod
    def _coerce_fee(cls, value: Any) -> Any:
        return {"vi": value} if isinstance(value, str) else value

    @field_validator("extra_notes", mode="before")
    @classmethod
    def _coerce_notes(cls, value: Any) -> Any:
        if isinstance(value, list):
            return [_bilingual_from_str(v) for v in value]
        return value


@dataclass(frozen=True)
class Overlay:
    """An overlay file checked against one procedure.

    ``province_code``: the province it is limited to (None: everywhere); ``answer``: the
    answer or computed value naming the person's province; ``locate`` gives ``file:line:col``
    of a place in the file (for runtime errors).
    """

    facts: LocalFacts
    path: Path
    province_code: str | None = None
    answer: str | None = None
    locate: Callable[[tuple[Any, ...]], str] | None = field(default=None, repr=False)

    def where(self, *loc: Any) -> Callable[[], str]:
        """Where ``loc`` is in the file, looked up when an error is reported."""

        def place() -> str:
            at = self.locate(loc) if self.locate else str(self.path)
            return f"{at}: {'.'.join(str(p) for p in loc)}"

        return place

    def applies(self, answers: dict[str, Any]) -> bool:
        """Whether the person's answers put them under this overlay."""
        if self.province_code is None:
            return True
        value = answers.get(self.answer or "")
        if not isinstance(value, str) or not value:
            return False
        from dvc_cli.core.vn.admin_map import find_province

        try:
            return find_province(value).code == self.province_code
        except ValueError:  # admin_map.LookupError_: not a province (cannot be: it was parsed)
            return False


@dataclass
class Applied:
    """The facts of the overlays that apply, merged: for fee, visits and opening hours the
    first overlay giving one wins (local folders in order, a procedure's own file before
    ``_all.yaml``); notes, extra papers and the deciding documents add up."""

    fee: tuple[Overlay, LocalFee] | None = None
    visits: tuple[Overlay, list[Visit]] | None = None
    opening_hours: Bilingual | None = None
    notes: list[Bilingual] = field(default_factory=list)
    dossier: list[tuple[Overlay, int, Document]] = field(default_factory=list)
    decided_by: list[str] = field(default_factory=list)

    def fee_text(self) -> str | None:
        """``8.000 đồng (theo Nghị quyết … của HĐND tỉnh Thanh Hóa)``, or None."""
        if self.fee is None:
            return None
        overlay, fee = self.fee
        return _("{fee} (theo {decided_by})").format(
            fee=fee.text(), decided_by=pick(overlay.facts.decided_by)
        )


def applying(overlays: Sequence[Overlay], answers: dict[str, Any]) -> Applied:
    """The merged facts of ``overlays`` that apply to ``answers``."""
    out = Applied()
    for overlay in overlays:
        if not overlay.applies(answers):
            continue
        facts = overlay.facts
        used = False
        if facts.fee is not None and out.fee is None:
            out.fee, used = (overlay, facts.fee), True
        if facts.visits and out.visits is None:
            out.visits, used = (overlay, list(facts.visits)), True
        if facts.opening_hours is not None and out.opening_hours is None:
            out.opening_hours, used = facts.opening_hours, True
        if facts.extra_notes:
            out.notes.extend(facts.extra_notes)
            used = True
        if facts.dossier_extra:
            out.dossier.extend((overlay, i, d) for i, d in enumerate(facts.dossier_extra))
            used = True
        by = pick(facts.decided_by)
        if used and by not in out.decided_by:
            out.decided_by.append(by)
    return out
