"""Zoning and sentences against the hand-zoned set (tests/data/zoning): the targets on the tuning documents,
and the held-out documents (never used to tune) reported on their own."""

import json

import pytest

from danvan.errors import CorpusError
from danvan.eval.zoning import ZoningScores, parse_zoned, score_document, zoning_set
from tests.conftest import ROOT

FOLDER = ROOT / "tests" / "data" / "zoning"
SETS = json.loads((FOLDER / "sets.json").read_text(encoding="utf-8"))


def report(name: str, scores: ZoningScores) -> None:
    print(f"{name}: accuracy {scores.accuracy:.4f}, body {scores.body_recall:.4f}, F1 {scores.boundary_f1:.4f}")


def pooled(names: list[str]) -> ZoningScores:
    documents = zoning_set(FOLDER)
    total = ZoningScores()
    for name in names:
        raw, gold = documents[name]
        total = total + score_document(raw, gold)
    return total


def test_the_set_has_30_pool_documents_and_the_seeds_and_reproduces_their_raw_texts() -> None:
    documents = zoning_set(FOLDER)
    assert len([n for n in documents if not n.startswith("00")]) >= 30 and len(documents) >= 35
    for name, (raw, gold) in documents.items():
        seed = ROOT / "seeds" / f"{name}.txt"
        if seed.exists():
            assert seed.read_bytes().decode("utf-8") == raw, name
        assert json.loads((FOLDER / f"{name}.json").read_text(encoding="utf-8")) == gold


def test_tuning_documents_meet_the_targets() -> None:
    scores = pooled(SETS["tuning"])
    print(
        f"tuning: accuracy {scores.accuracy:.4f}, body {scores.body_recall:.4f}, boundary F1 {scores.boundary_f1:.4f}"
    )
    assert scores.body_recall >= 0.99 and scores.accuracy >= 0.98 and scores.boundary_f1 >= 0.98


def test_heldout_documents_hold_near_the_targets() -> None:
    scores = pooled(SETS["heldout"])
    print(
        f"held out: accuracy {scores.accuracy:.4f}, body {scores.body_recall:.4f}, boundary F1 {scores.boundary_f1:.4f}"
    )
    assert scores.body_recall >= 0.98 and scores.accuracy >= 0.97 and scores.boundary_f1 >= 0.95


def test_bad_zoned_markup_is_a_corpus_error() -> None:
    for bad in ("⟦body|a", "⟦nonsense|a⟧", "a⟦body|b⟧", "⟦body|a\nb⟧", "⟦body|a⟧¦"):
        with pytest.raises(CorpusError):
            parse_zoned(bad)
    assert parse_zoned("⟦title|T⟧\n⟦body|A.¦ B.⟧⟦credit|Ảnh: X⟧\n") == (
        "T\nA. B.Ảnh: X\n",
        {"zones": [[0, 1, "title"], [2, 7, "body"], [7, 13, "credit"]], "sentence_ends": [4]},
    )
