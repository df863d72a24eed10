"""The data model's own behaviour: ``Token.updated``."""

from __future__ import annotations

import pickle
from dataclasses import FrozenInstanceError, fields, replace

import pytest

from danvan.model import Token

TOKEN = Token(4, 11, "Hà  Nội", "Hà Nội", "Np", "B-NP", "B-LOC", "PROPN")


@pytest.mark.parametrize(
    "changes",
    [{"ner": "O"}, {"upos": "NOUN"}, {"head": 0, "deprel": "root"}, {}, {f.name: None for f in fields(Token)}],
)
def test_updated_is_replace(changes: dict) -> None:
    updated = TOKEN.updated(**changes)
    expected = replace(TOKEN, **changes)
    assert updated == expected and hash(updated) == hash(expected) and type(updated) is Token
    assert pickle.loads(pickle.dumps(updated)) == expected
    assert TOKEN == Token(4, 11, "Hà  Nội", "Hà Nội", "Np", "B-NP", "B-LOC", "PROPN")  # the original unchanged


def test_updated_stays_frozen_and_refuses_unknown_fields() -> None:
    with pytest.raises(FrozenInstanceError):
        TOKEN.updated(ner="O").ner = "B-PER"  # type: ignore[misc]
    with pytest.raises(TypeError, match="no field 'heads'"):
        TOKEN.updated(heads=1)
