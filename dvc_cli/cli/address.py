"""``dvc address``: the desk's lookup of an address, old (before 01/07/2025) or current: the
commune-level unit(s) and province it is in now, with their official codes and what was
converted. One answer per address (arguments, or lines of stdin with ``-``)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Annotated

import typer

import dvc_cli
from dvc_cli.cli.app import app
from dvc_cli.cli.report import handled, say
from dvc_cli.errors import EXIT_BAD_INPUT, EXIT_INVALID_ANSWERS
from dvc_cli.i18n import _, ngettext


@app.command(
    "address",
    help=_(
        "Tra một địa chỉ (cũ trước 01/07/2025 hoặc hiện nay): xã/phường, tỉnh/thành phố hiện "
        "nay và mã chính thức. '-' đọc mỗi dòng stdin một địa chỉ."
    ),
)
def address_command(
    addresses: Annotated[
        list[str],
        typer.Argument(
            help=_(
                "Địa chỉ như trên thẻ căn cước, có dấu hay không đều được ('So 15 ngo 4, Truong "
                "Thi, Thanh Hoa, Thanh Hoa'), hoặc xã/phường và tỉnh ('Truong Thi, Thanh Hoa'); "
                "'-': đọc mỗi dòng stdin một địa chỉ."
            ),
        ),
    ],
    as_json: Annotated[
        bool,
        typer.Option(
            "--json",
            help=_(
                "In JSON, mỗi địa chỉ một dòng: input, street, candidates (commune, province, "
                "code), split, notice."
            ),
        ),
    ] = False,
) -> None:
    not_found = 0
    with handled():
        for where, line in _lines(addresses):
            try:
                found = dvc_cli.lookup_address(line)
            except dvc_cli.PlaceNotFound as exc:
                not_found += 1
                say(f"{where}: {exc}" if where else str(exc))
                if as_json:
                    _json({"input": line, "street": "", "candidates": [], "split": False,
                           "notice": None})  # fmt: skip
                continue
            if as_json:
                _json(found.as_dict())
            else:
                _show(found)
    if not_found:
        raise typer.Exit(EXIT_INVALID_ANSWERS)


def _lines(addresses: list[str]) -> Iterator[tuple[str, str]]:
    """(where, address) for each argument, and each non-blank line of stdin for ``-``;
    ``where`` names the argument or line when there are several ("" for a lone argument)."""
    several = len(addresses) > 1 or "-" in addresses
    for number, argument in enumerate(addresses, 1):
        if argument != "-":
            yield (_("địa chỉ {number}").format(number=number) if several else ""), argument
            continue
        stdin = typer.get_binary_stream("stdin")
        for line_number, raw in enumerate(stdin, 1):
            where = _("stdin dòng {number}").format(number=line_number)
            try:
                text = raw.decode("utf-8-sig" if line_number == 1 else "utf-8")
            except UnicodeDecodeError:
                say(_("{where}: không phải văn bản UTF-8").format(where=where))
                raise typer.Exit(EXIT_BAD_INPUT) from None
            if text.strip():
                yield where, text.strip()


def _json(value: dict) -> None:
    typer.echo(json.dumps(value, ensure_ascii=False))


def _show(found: dvc_cli.AddressLookup) -> None:
    """The answer for one address, as the desk reads it."""
    province = found.province
    rows: list[tuple[str, str]] = []
    if not found.split:
        rows.append((_("Hiện nay"), found.current_text()))
    if found.street:
        rows.append((_("Số nhà, đường/phố"), found.street))
    with_code = _("{name} (mã {code})")
    if found.split:
        count = len(found.candidates)
        rows.append(
            (
                _("Xã/phường/đặc khu"),
                ngettext("{count} nơi có thể:", "{count} nơi có thể:", count).format(count=count),
            )
        )
        rows += [("", "  " + with_code.format(name=u.name, code=u.code)) for u in found.candidates]
    else:
        unit = found.candidates[0]
        rows.append((_("Xã/phường/đặc khu"), with_code.format(name=unit.name, code=unit.code)))
    rows.append((_("Tỉnh/thành phố"), with_code.format(name=province.name, code=province.code)))
    if found.notice:
        rows.append((_("Chuyển đổi") if not found.split else _("Ghi chú"), found.notice))
    width = max(len(label) for label, _value in rows) + 1
    typer.echo(found.input)
    for label, value in rows:
        typer.echo(f"  {(label + ':') if label else '':<{width}} {value}")
