"""NER evaluation: seqeval figures on hand-made tags, and the evaluation script on the built corpus."""

import json
import subprocess
import sys
from pathlib import Path

from danvan.ner_eval import entity_scores, gold_sentences_by_document
from tests.conftest import ROOT
from tests.test_build import fresh_corpus  # noqa: F401  (session fixture)


def test_entity_scores_are_strict_entity_level() -> None:
    gold = [["B-PER", "I-PER", "O", "B-LOC"], ["B-ORG", "O"]]
    predicted = [["B-PER", "O", "O", "B-LOC"], ["B-ORG", "O"]]  # PER cut short: wrong
    scores = entity_scores(gold, predicted)
    assert scores["micro_precision"] == round(2 / 3, 4) and scores["micro_recall"] == round(2 / 3, 4)
    assert scores["per_type"]["PER"]["f1-score"] == 0.0 and scores["per_type"]["LOC"]["f1-score"] == 1.0


def test_gold_sentences_come_with_pos_and_chunks(fresh_corpus: Path) -> None:  # noqa: F811
    by_document = gold_sentences_by_document(fresh_corpus)
    assert len(by_document) == len(list((ROOT / "annotations").glob("*.ann")))
    sentence = next(iter(by_document.values()))[0]
    assert len(sentence.words) == len(sentence.pos) == len(sentence.chunks) == len(sentence.tags)


def test_evaluate_ner_script_writes_json_for_both_taggers(fresh_corpus: Path, tmp_path: Path) -> None:  # noqa: F811
    out = tmp_path / "ner.json"
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "evaluate_ner.py"), "--corpus", str(fresh_corpus), "--json", str(out)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert set(figures) == {"model", "underthesea"}
    assert set(figures["model"]["per_type"]) == {"PER", "ORG", "LOC", "MISC"}
    assert figures["model"]["micro_f1"] > figures["underthesea"]["micro_f1"]


def test_evaluate_ner_script_missing_corpus_is_exit_2(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "evaluate_ner.py"), "--corpus", str(tmp_path)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2 and "not a built corpus" in result.stderr
