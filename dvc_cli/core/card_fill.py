"""An ID card's QR code applied to an interview: the answers of one person block.

The procedure says which questions a card fills (``id_card`` in its file, one block per
person: :class:`~dvc_cli.core.schema.IdCardBlock`); :func:`apply_card` gives the card's fields
to those questions through the interview's normal answer path (:meth:`Interview.give`), so
each is checked by its type and rules, and an old address is converted to the current units
with the usual note. A split old commune is given as the card has it: it is refused with its
choices, and the interview asks which one (a run without prompts reports it). Answers given
otherwise (an answers file, a spreadsheet's own columns) win: a card that disagrees is
reported by question, never by value. The payload itself is not kept anywhere.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dvc_cli.core import answer_types
from dvc_cli.core.engine import Interview
from dvc_cli.core.procedure import LoadedProcedure
from dvc_cli.core.vn import address_line, admin_map
from dvc_cli.core.vn.id_card import IdCard
from dvc_cli.errors import AnswerError, UsageError
from dvc_cli.i18n import _
from dvc_cli.text import clean

if TYPE_CHECKING:
    from dvc_cli.core.schema import IdCardBlock


@dataclass
class CardFill:
    """What :func:`apply_card` did: the questions answered from the card (and applicable),
    those whose answer given otherwise disagrees with the card (kept), the card's answers a
    question refused (left to ask or report, with the reason), the split communes to choose,
    notes on how a value was read, and the card's own warnings. No value, only question ids
    and messages."""

    role: str
    filled: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    refused: list[AnswerError] = field(default_factory=list)
    to_choose: list[str] = field(default_factory=list)
    notes: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    #: Every answer the card gives, by question id, as given to the interview (for a caller
    #: that passes them on to another interview: explicit answers still win there).
    answers: dict[str, Any] = field(default_factory=dict)


def blocks(proc: LoadedProcedure) -> list[IdCardBlock]:
    """The procedure's person blocks an ID card fills, in file order."""
    return list(proc.model.id_card)


def block_for(proc: LoadedProcedure, role: str | None = None) -> IdCardBlock:
    """The block of ``role`` (None: the first); UsageError naming the roles there are."""
    found = blocks(proc)
    if not found:
        raise UsageError(
            _("thủ tục '{id}' không khai báo câu hỏi nào điền từ thẻ căn cước").format(id=proc.id)
        )
    if role is None:
        return found[0]
    for block in found:
        if block.role == role:
            return block
    roles = ", ".join(b.role for b in found)
    message = _("thủ tục '{id}' không có người '{role}' điền từ thẻ; có: {roles}")
    raise UsageError(message.format(id=proc.id, role=role, roles=roles))


def block_starting_at(proc: LoadedProcedure, qid: str) -> IdCardBlock | None:
    """The block whose first question is ``qid`` (where a scan is accepted), if any."""
    return next((b for b in blocks(proc) if b.first_question == qid), None)


def _residence(block: IdCardBlock, card: IdCard, out: CardFill) -> list[tuple[str, Any]]:
    """The residence questions' answers from the card's address line."""
    residence = block.fills.residence
    if residence is None:
        return []
    line = card.address
    try:
        address = address_line.parse_address(line)
    except admin_map.Ambiguous as exc:
        address, street = None, exc.street
    except admin_map.LookupError_ as exc:
        qid = residence.line or residence.commune or residence.province or ""
        out.refused.append(
            AnswerError(_("địa chỉ trên thẻ: {error}; hãy nhập tay").format(error=exc), qid)
        )
        return []
    else:
        street = address.street
    if residence.line:
        if address is None:  # split: only the person knows which commune it is now
            out.to_choose.append(residence.line)
            return []
        notice = address.notice()
        if notice:
            out.notes[residence.line] = notice
        return [(residence.line, address.current_text())]
    parts = address_line.parts(line)
    skip = len(address_line.parts(street)) if street else 0
    found: list[tuple[str, Any]] = []
    if residence.street and street:
        found.append((residence.street, street))
    if residence.province:
        found.append((residence.province, parts[-1]))
    if residence.commune:
        found.append((residence.commune, ", ".join(parts[skip:])))
    return found


def card_answers(block: IdCardBlock, card: IdCard, out: CardFill) -> dict[str, Any]:
    """Question id → the answer the card gives it, as a person would type it (the card type
    and gender by their Vietnamese labels, the address's parts as printed)."""
    f = block.fills
    given: list[tuple[str | None, Any]] = [
        (f.name, card.name),
        (f.birth_date, card.birth_date),
        (f.gender, card.gender_label),
        (f.id_number, card.number),
        (f.old_id_number, card.old_number or None),
        (f.id_type, card.type_label),
        (f.issue_date, card.issue_date),
        (f.issuer, card.issuer),
        (f.has_card, True),
    ]
    answers = {qid: value for qid, value in given if qid and value is not None}
    answers.update(_residence(block, card, out))
    return answers


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, str) and isinstance(b, str):
        return clean(a).casefold() == clean(b).casefold()
    if isinstance(a, dt.date) and isinstance(b, dt.date):
        return (a.year, a.month, a.day) == (b.year, b.month, b.day)
    return bool(a == b)


def _disagrees(interview: Interview, qid: str, raw: Any) -> bool:
    """Whether the card's ``raw`` for ``qid`` reads differently from the answer given."""
    q = interview.procedure.questions[qid]
    given = interview.value(qid)
    if given is None:
        return False  # refused or blank: reported as such, not as a disagreement
    try:
        value = answer_types.parse(q, raw, interview.partial_context(), interview.today)
    except AnswerError:
        return False  # the card's value would be refused anyway (a split commune...)
    return not _same(value, given)


def apply_card(
    interview: Interview,
    card: IdCard,
    role: str | None = None,
    *,
    replace: bool = False,
) -> CardFill:
    """Give ``card``'s fields to the questions of ``role``'s block (None: the first block),
    in interview order. An answer given otherwise is kept and a different card value is a
    conflict, unless ``replace`` (a new scan at the interview replaces that block's answers).
    Raises UsageError when the procedure has no such block."""
    block = block_for(interview.procedure, role)
    out = CardFill(block.role, warnings=card.warnings())
    answers = out.answers = card_answers(block, card, out)
    order = {q.id: i for i, q in enumerate(interview.procedure.ordered())}
    where = block.fills.residence
    province = where.province if where else None
    below = {where.street, where.commune} if where else set()  # within the province
    # a province given otherwise and not the card's: its street and commune are not either
    skip_residence = bool(
        province
        and province in answers
        and not replace
        and interview.is_given(province)
        and _disagrees(interview, province, answers[province])
    )
    for qid in sorted(answers, key=order.__getitem__):
        raw = answers[qid]
        if skip_residence and qid in below:
            continue
        if not replace and interview.is_given(qid):
            if _disagrees(interview, qid, raw):
                out.conflicts.append(qid)
            continue
        error = interview.give(qid, raw)
        if error is None:
            out.filled.append(qid)
        elif error.choices:
            out.to_choose.append(qid)
        else:
            out.refused.append(error)
    applicable = {q.id for q in interview.applicable}
    out.filled = [qid for qid in out.filled if qid in applicable]
    return out
