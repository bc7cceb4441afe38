"""A procedure's records (core/records.py, what the cache keeps) read as its validated models."""

from __future__ import annotations

import pickle
from typing import Any

import pytest
from pydantic import BaseModel

from dvc_cli.catalog import procedures
from dvc_cli.core import records, schema

MODELS = {
    name: cls
    for name, cls in vars(schema).items()
    if isinstance(cls, type) and issubclass(cls, BaseModel) and cls.__module__ == schema.__name__
}
MODELS.pop("_Strict")


def test_every_model_of_the_schema_has_its_record_class():
    assert set(records.CLASSES) == set(MODELS)


def _same(model: Any, record: Any, where: str = "") -> int:
    """Walk both: the same fields, in order, the same values; how many models were met."""
    if isinstance(model, BaseModel):
        assert type(record).__name__ == type(model).__name__, where
        assert list(record.__dict__) == list(type(model).model_fields), where
        assert str(record) == str(model) if isinstance(model, schema.Bilingual) else True
        return 1 + sum(
            _same(getattr(model, name), getattr(record, name), f"{where}.{name}")
            for name in type(model).model_fields
        )
    if isinstance(model, list):
        assert isinstance(record, list) and len(record) == len(model), where
        return sum(
            _same(m, r, f"{where}[{i}]") for i, (m, r) in enumerate(zip(model, record, strict=True))
        )
    if isinstance(model, dict):
        assert isinstance(record, dict) and list(record) == list(model), where
        return sum(_same(model[k], record[k], f"{where}.{k}") for k in model)
    assert type(record) is type(model) and record == model, where
    return 0


@pytest.mark.parametrize("procedure", sorted(procedures.procedure_files()))
def test_a_procedures_records_hold_what_its_models_hold(procedure):
    model = procedures.load_file(procedures.procedure_files()[procedure]).model  # validated
    kept = pickle.loads(pickle.dumps(records.from_model(model)))
    assert _same(model, kept) > 20
    assert kept == records.from_model(model) and kept != model
    for block, record in zip(model.id_card, kept.id_card, strict=True):
        assert record.first_question == block.first_question
        assert record.fills.targets() == block.fills.targets()


def test_the_id_card_methods_agree_on_a_residence_and_a_missing_first():
    block = schema.IdCardBlock.model_validate(
        {
            "role": "groom",
            "fills": {
                "name": "groom_name",
                "residence": {"province": "groom_province", "commune": "groom_commune"},
                "has_card": "groom_has_card",
            },
        }
    )
    record = records.from_model(block)
    assert record.first_question == block.first_question == "groom_name"
    assert record.fills.targets() == block.fills.targets()
    assert record.fills.targets()[1] == (("residence", "province"), "groom_province")


def test_records_are_frozen_and_hash_like_frozen_models():
    text = schema.Bilingual(vi="Tờ khai", en="Form")
    record = records.from_model(text)
    with pytest.raises(AttributeError, match="frozen"):
        record.vi = "khác"
    assert hash(record) == hash(records.from_model(schema.Bilingual(vi="Tờ khai", en="Form")))
    assert record != records.from_model(schema.Bilingual(vi="Tờ khai"))
    assert str(record) == "Tờ khai" and "vi='Tờ khai'" in repr(record)
