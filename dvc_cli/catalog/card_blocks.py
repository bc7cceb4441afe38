"""A procedure's ``id_card`` declarations checked: every question they name exists and is of
a type that can take the card's field (``dvc check``, file:line:col through the loader)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from dvc_cli.core.schema import Procedure, Question
from dvc_cli.core.vn import id_card
from dvc_cli.i18n import _
from dvc_cli.text import fold

Problem = tuple[tuple[Any, ...], str]

#: The question types each field of a card may go to.
TYPES: dict[str, tuple[str, ...]] = {
    "name": ("name", "text"),
    "birth_date": ("date",),
    "gender": ("choice",),
    "id_number": ("citizen_id",),
    "old_id_number": ("text",),
    "id_type": ("choice",),
    "issue_date": ("date",),
    "issuer": ("text",),
    "street": ("text",),
    "province": ("province",),
    "commune": ("commune",),
    "line": ("text",),
    "has_card": ("boolean",),
}
#: The choices a choice question must offer, by the labels (or values) the card gives it.
CHOICES: dict[str, tuple[str, ...]] = {
    "gender": tuple(id_card.GENDER_LABELS.values()),
    "id_type": tuple(id_card.TYPE_LABELS.values()),
}


def _offers(q: Question, wanted: str) -> bool:
    key = fold(wanted)
    return any(
        key in {fold(c.value), fold(c.label.vi), *(fold(a) for a in c.aliases)}
        for c in q.choices or []
    )


def problems(proc: Procedure) -> Iterator[Problem]:
    """What is wrong with ``proc.id_card``, each with its place in the file."""
    questions = {q.id: q for step in proc.steps for q in step.questions}
    roles: set[str] = set()
    claimed: dict[str, str] = {}
    for bi, block in enumerate(proc.id_card):
        base = ("id_card", bi)
        if block.role in roles:
            yield (*base, "role"), _("vai '{role}' đã khai báo ở trên").format(role=block.role)
        roles.add(block.role)
        first = block.first_question
        if first is None:
            yield (*base, "fills"), _("cần 'first' hoặc 'fills.name' (câu hỏi nhận lần quét)")
        elif first not in questions:
            yield (*base, "first"), _("không có câu hỏi '{id}'").format(id=first)
        elif questions[first].type in ("choice", "boolean"):  # a list: nothing to type into
            loc = (*base, "first") if block.first else (*base, "fills", "name")
            message = _("câu hỏi '{id}' là danh sách chọn: lần quét cần một câu hỏi gõ chữ")
            yield loc, message.format(id=first)
        targets = block.fills.targets()
        for path, qid in targets:
            loc = (*base, "fills", *path)
            q = questions.get(qid)
            if q is None:
                yield loc, _("không có câu hỏi '{id}'").format(id=qid)
                continue
            if qid in claimed:
                message = _("câu hỏi '{id}' đã do thẻ của '{role}' điền")
                yield loc, message.format(id=qid, role=claimed[qid])
            claimed[qid] = block.role
            wanted = TYPES[path[-1]]
            if q.type not in wanted:
                message = _("câu hỏi '{id}' loại '{type}' không nhận được trường này (cần {types})")
                yield loc, message.format(id=qid, type=q.type, types=", ".join(wanted))
                continue
            for label in CHOICES.get(path[-1], ()):
                if not _offers(q, label):
                    message = _("câu hỏi '{id}' không có lựa chọn '{label}' mà thẻ điền")
                    yield loc, message.format(id=qid, label=label)
        residence = block.fills.residence
        if residence is not None:
            loc = (*base, "fills", "residence")
            if residence.line and (residence.street or residence.province or residence.commune):
                yield loc, _("'line' (cả địa chỉ) không dùng cùng street/province/commune")
            elif not residence.line and not (residence.province and residence.commune):
                yield loc, _("cần 'province' và 'commune', hoặc 'line'")
            commune = questions.get(residence.commune or "")
            if (
                commune is not None
                and residence.province
                and commune.province_question != residence.province
            ):
                message = _("câu hỏi '{id}' thuộc tỉnh của '{other}', không phải '{province}'")
                yield (
                    (*loc, "commune"),
                    message.format(
                        id=commune.id, other=commune.province_question, province=residence.province
                    ),
                )
