"""``dvc id-card``: what an ID card's QR code holds, for a desk to check a card; and the
``--id-card`` cards of ``dvc fill`` applied to its answers.

The ID number is masked unless ``--show`` (:func:`dvc_cli.privacy.mask_id`); nothing of the
payload is logged.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

import dvc_cli
from dvc_cli.cli import ui
from dvc_cli.cli.app import app
from dvc_cli.cli.report import handled, say
from dvc_cli.errors import UsageError
from dvc_cli.i18n import _, pick
from dvc_cli.privacy import mask_id

if TYPE_CHECKING:
    from dvc_cli import IdCard, Interview, LoadedProcedure, Scanner

_ROLE = re.compile(r"^([a-z][a-z0-9_]*)=(.*)$", re.DOTALL)


def _read(payload: str | None, image: Path | None, scanner: str | None) -> str:
    given = [x for x in (payload, image, scanner) if x is not None]
    if len(given) != 1:
        raise UsageError(
            _("cần đúng một nguồn mã: MÃ (hoặc '-' đọc stdin), --image ẢNH hoặc --scanner CỔNG")
        )
    if image is not None:
        return dvc_cli.read_card_image(image)
    if scanner is not None:
        return dvc_cli.read_scanner(scanner)
    if payload == "-":  # a terminal: the one line a scanner types; else a file or a pipe
        text = sys.stdin.readline() if sys.stdin.isatty() else sys.stdin.read()
        lines = [line for line in text.splitlines() if line.strip()]
        if len(lines) > 1:
            message = _("stdin có {count} dòng: mỗi lần đọc một mã")
            raise UsageError(message.format(count=len(lines)))
        return text
    return str(payload)


def _address_now(card: IdCard) -> dict[str, Any]:
    """The card's address in today's units: the line, its notice, or a split's candidates."""
    try:
        address = dvc_cli.parse_address(card.address)
    except dvc_cli.AmbiguousPlace as exc:
        return {"text": None, "notice": str(exc), "split": True, "candidates": exc.choices}
    except dvc_cli.PlaceNotFound as exc:
        return {"text": None, "notice": str(exc), "split": False, "candidates": []}
    return {
        "text": address.current_text(),
        "notice": address.notice(),
        "split": False,
        "candidates": [],
    }


def describe(card: IdCard, *, show: bool) -> dict[str, Any]:
    """What the card holds as JSON-ready values (dates ISO; the ID numbers masked unless
    ``show``; the 2024 cards' extra fields only with ``show``)."""
    number = card.number if show else mask_id(card.number)
    old = card.old_number if show or not card.old_number else mask_id(card.old_number)
    return {
        "card_type": card.card_type,
        "card_type_label": card.type_label,
        "id_number": number,
        "old_id_number": old,
        "name": card.name,
        "birth_date": card.birth_date.isoformat(),
        "gender": card.gender,
        "address": card.address,
        "address_now": _address_now(card),
        "issue_date": card.issue_date.isoformat(),
        "issuer": card.issuer,
        "fields": card.fields,
        "extra": list(card.extra) if show else None,
        "extra_filled": sum(1 for e in card.extra if e),
        "masked": not show,
        "warnings": card.warnings(),
    }


def _print(card: IdCard, shown: dict[str, Any]) -> None:
    console = ui.console()
    dmy = "%d/%m/%Y"
    rows = [
        (_("Loại thẻ"), _(card.type_label)),
        (_("Số định danh cá nhân"), shown["id_number"]),
        (_("Số CMND cũ"), shown["old_id_number"] or "—"),
        (_("Họ, chữ đệm, tên"), card.name),
        (_("Ngày sinh"), card.birth_date.strftime(dmy)),
        (_("Giới tính"), _(card.gender_label)),
        (_("Nơi thường trú (trên thẻ)"), card.address),
    ]
    now = shown["address_now"]
    if now["text"]:
        rows.append((_("Nơi thường trú (đơn vị hiện nay)"), now["text"]))
    if now["notice"]:
        rows.append(("→", now["notice"]))
    rows += [
        (_("Ngày cấp"), card.issue_date.strftime(dmy)),
        (_("Nơi cấp"), card.issuer or "—"),
    ]
    for label, value in rows:
        line = f"{label} {value}" if label == "→" else f"{label}: {value}"
        console.print(line, highlight=False, markup=False)
    if card.extra:
        if shown["extra"] is not None:
            extra = " | ".join(e or "—" for e in card.extra)
            console.print(_("Trường thêm (thẻ 2024): {extra}").format(extra=extra), markup=False)
        else:
            message = _("{count} trường thêm (thẻ 2024), {filled} có nội dung: xem bằng --show")
            console.print(message.format(count=len(card.extra), filled=shown["extra_filled"]))
    for warning in card.warnings():
        say(warning)


@app.command(
    "id-card",
    help=_(
        "Đọc mã QR của thẻ căn cước/CCCD (như máy quét gõ ra, '-' đọc stdin, --image hoặc "
        "--scanner) và in nội dung; số định danh được che trừ khi có --show."
    ),
)
def id_card_command(
    payload: Annotated[
        Optional[str],  # noqa: UP045
        typer.Argument(metavar=_("[MÃ|-]"), help=_("Nội dung mã QR; '-': đọc từ stdin.")),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help=_("In JSON."))] = False,
    show: Annotated[
        bool, typer.Option("--show", help=_("Hiện đủ số định danh và các trường thêm."))
    ] = False,
    image: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--image",
            metavar=_("ẢNH"),
            help=_("Đọc mã QR từ ảnh chụp thẻ (cần: pip install 'dvc-cli[image]')."),
        ),
    ] = None,
    scanner: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--scanner",
            metavar=_("CỔNG"),
            help=_(
                "Đọc một mã từ máy quét ở chế độ cổng COM, ví dụ /dev/ttyACM0 hoặc COM3 "
                "(cần: pip install 'dvc-cli[scanner]')."
            ),
        ),
    ] = None,
) -> None:
    with handled():
        card = dvc_cli.parse_id_card(_read(payload, image, scanner))
        shown = describe(card, show=show)
        if as_json:
            typer.echo(json.dumps(shown, ensure_ascii=False))
        else:
            _print(card, shown)


# -- dvc fill --id-card ---------------------------------------------------------------------
def cards_for(proc: LoadedProcedure, values: list[str]) -> list[tuple[str, IdCard]]:
    """``--id-card [role=]PAYLOAD`` values as (role, card): a value without a role goes to
    the first block not named by another value, in the procedure's order."""
    roles = [b.role for b in dvc_cli.card_blocks(proc)]
    named: list[tuple[str | None, str, int]] = []
    for n, value in enumerate(values, 1):
        m = _ROLE.match(value)
        if m and m.group(1) in roles:
            named.append((m.group(1), m.group(2), n))
        elif m and not dvc_cli.looks_like_id_card(value):
            message = _("--id-card {n}: thủ tục '{id}' không có người '{role}'; có: {roles}")
            raise UsageError(
                message.format(n=n, id=proc.id, role=m.group(1), roles=", ".join(roles) or "—")
            )
        else:
            named.append((None, value, n))
    free = [r for r in roles if r not in {role for role, _v, _n in named}]
    out: list[tuple[str, IdCard]] = []
    for role, payload, n in named:
        if role is None:
            if not free:
                message = _("--id-card {n}: thủ tục '{id}' chỉ có {count} người điền từ thẻ")
                raise UsageError(message.format(n=n, id=proc.id, count=len(roles)))
            role = free.pop(0)
        try:
            card = dvc_cli.parse_id_card(payload)
        except dvc_cli.IdCardError as exc:
            exc.args = (f"--id-card {role}: {exc}",)
            raise
        out.append((role, card))
    if not roles and values:
        raise UsageError(_no_blocks(proc))
    return out


def _no_blocks(proc: LoadedProcedure) -> str:
    return _("thủ tục '{id}' không khai báo câu hỏi nào điền từ thẻ căn cước").format(id=proc.id)


def check_scanner(proc: LoadedProcedure) -> None:
    """``--scanner`` for a procedure no card fills: said before anything is asked or read."""
    if not dvc_cli.card_blocks(proc):
        raise UsageError(_no_blocks(proc))


def scan_cards(
    proc: LoadedProcedure,
    given: dict[str, Any],
    cards: list[tuple[str, IdCard]],
    device: str,
) -> list[tuple[str, IdCard]]:
    """``fill --no-input --scanner``: one payload from the serial scanner for each person
    block, in the procedure's order, that applies (given the answers, the cards so far and
    the defaults) and that no ``--id-card`` filled. Before each, stderr says whose card to
    scan (the block's first question, never a value); a card not scanned in time is an
    error."""
    done = {role for role, _card in cards}
    out: list[tuple[str, IdCard]] = []
    scanner: Scanner | None = None
    try:
        for block in dvc_cli.card_blocks(proc):
            probe = dvc_cli.Interview(proc, given)
            for role, card in cards + out:
                dvc_cli.apply_card(probe, card, role)
            probe.apply_defaults()  # as the run will: a default may make a person not apply
            applies = {q.id for q in probe.applicable}
            if block.role in done or block.first_question not in applies:
                continue
            if scanner is None:
                scanner = dvc_cli.Scanner(device)  # opened once, when a card is wanted
            question = proc.questions[str(block.first_question)]
            message = _("--scanner: quét thẻ căn cước cho «{label}» ({role}) trên {device}")
            say(message.format(label=pick(question.label), role=block.role, device=device))
            try:
                card = dvc_cli.parse_id_card(scanner.wait())
            except dvc_cli.DvcError as exc:
                exc.args = (f"--scanner {block.role}: {exc}",)
                raise
            out.append((block.role, card))
    finally:
        if scanner is not None:
            scanner.close()
    return out


def apply_cards(interview: Interview, cards: list[tuple[str, IdCard]]) -> dict[str, Any]:
    """Apply each card (answers given otherwise win); say each disagreement, refusal and
    warning by question, never by value. Returns the answers the cards gave, to pass on to
    an interview."""
    given: dict[str, Any] = {}
    for role, card in cards:
        done = dvc_cli.apply_card(interview, card, role)
        for qid in done.conflicts:
            message = _(
                "--id-card {role}: {question}: câu trả lời đã cho khác với thẻ; giữ câu trả lời "
                "đã cho"
            )
            say(message.format(role=role, question=qid))
        for qid in done.to_choose:
            message = _("--id-card {role}: {question}: xã/phường cũ trên thẻ nay thuộc nhiều nơi")
            say(message.format(role=role, question=qid))
        for error in done.refused:  # one given is reported with the other answers' problems
            if error.question and not interview.is_given(error.question):
                say(f"--id-card {role}: {error}")
        for note in done.notes.values():
            say(f"--id-card {role}: {note}")
        for warning in done.warnings:
            say(f"--id-card {role}: {warning}")
        given.update(done.answers)
    return given
