"""A checked procedure as plain frozen records, for a run that never imports pydantic.

:mod:`dvc_cli.core.schema` validates a procedure file into pydantic models; importing pydantic
and building those model classes is ~60–90 ms of a ``dvc fill`` that reads its procedure from
the cache (``store/procedure_cache.py``), which validates nothing. So the cache keeps the
procedure as records: one class here per model of the schema, of the same name, holding the
same fields (in the schema's order) with the same values, frozen, compared and hashed by its
fields as a frozen pydantic model is, with the schema's few methods (``Bilingual.__str__``,
``CardFills.targets``, ``IdCardBlock.first_question``). Readers only read attributes, so a
procedure reads the same from either; :func:`from_model` makes the records of a validated
model (``tests/core/test_records.py`` holds the classes to the schema's).
"""

from __future__ import annotations

from typing import Any


class Record:
    """A frozen record: attributes set once, from :func:`from_model` (or when unpickled)."""

    def __init__(self, **fields: Any) -> None:
        self.__dict__.update(fields)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is frozen")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is frozen")

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self.__dict__ == other.__dict__

    def __hash__(self) -> int:  # as pydantic's frozen models: by the fields' values
        return hash(tuple(self.__dict__.values()))

    def __repr__(self) -> str:
        inner = ", ".join(f"{k}={v!r}" for k, v in self.__dict__.items())
        return f"{type(self).__name__}({inner})"


class Bilingual(Record):
    vi: str
    en: str | None

    def __str__(self) -> str:
        return self.vi


class Choice(Record):
    pass


class Rule(Record):
    pass


class Computed(Record):
    pass


class Question(Record):
    pass


class Step(Record):
    pass


class Document(Record):
    pass


class Visit(Record):
    pass


class LegalBasis(Record):
    pass


class Source(Record):
    pass


class ListColumn(Record):
    pass


class FormList(Record):
    pass


class OutputForm(Record):
    pass


class CardResidence(Record):
    pass


class CardFills(Record):
    def targets(self) -> list[tuple[tuple[str, ...], str]]:
        """((key path), question id) of every field given, in declaration order."""
        return card_targets(self)


def card_targets(fills: Any) -> list[tuple[tuple[str, ...], str]]:
    """What :meth:`CardFills.targets` says, of ``fills`` as a record or as the schema's model
    (both hold their fields, in declaration order, as attributes; the residence is the one
    field that holds fields of its own)."""
    out: list[tuple[tuple[str, ...], str]] = []
    for key, value in vars(fills).items():
        if value is None or isinstance(value, str):
            if value:
                out.append(((key,), value))
            continue
        out += [((key, sub), inner) for sub, inner in vars(value).items() if inner]
    return out


class IdCardBlock(Record):
    @property
    def first_question(self) -> str | None:
        return self.first or self.fills.name  # type: ignore[attr-defined, no-any-return]


class Migration(Record):
    pass


class Procedure(Record):
    pass


CLASSES: dict[str, type[Record]] = {
    cls.__name__: cls for cls in Record.__subclasses__()
}  # the schema's model name → its record class


def from_model(value: Any) -> Any:
    """The records of a validated model (lists, dicts and other values copied as they are)."""
    fields = getattr(type(value), "model_fields", None)
    if fields is not None:  # a pydantic model of the schema
        record = CLASSES[type(value).__name__].__new__(CLASSES[type(value).__name__])
        record.__dict__.update({name: from_model(getattr(value, name)) for name in fields})
        return record
    if isinstance(value, list):
        return [from_model(v) for v in value]
    if isinstance(value, dict):
        return {k: from_model(v) for k, v in value.items()}
    return value
