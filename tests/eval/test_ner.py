"""NER evaluation: seqeval figures on hand-made tags, end-to-end scoring of raw texts, the two scripts."""

import json
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest
from datasets import ClassLabel, Dataset, Features, List, Value

from danvan.build.corpus import Models, build_corpus
from danvan.eval.ner import (
    crf_trainer,
    entity_errors,
    entity_scores,
    gold_sentences_by_document,
    leave_one_document_out,
    pooled,
    raw_folder_scores,
    tagged_sentences_from_split,
)
from danvan.model import NER_TAGS, Token
from danvan.models.crf_ner.units import TaggedSentence
from danvan.pipeline.annotate import tag_document
from danvan.pipeline.ingest import read_raw
from tests.conftest import ROOT

NEW_OUTLET = ROOT / "tests" / "data" / "new_outlet"


def script(name: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "scripts" / name), *args], capture_output=True, text=True)


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory: pytest.TempPathFactory, models: Models) -> Path:
    """The held-out articles of tests/data/new_outlet built as a corpus of their own (4 short gold documents)."""
    folder = tmp_path_factory.mktemp("small")
    (folder / "seeds").mkdir()
    (folder / "annotations").mkdir()
    for text in sorted(NEW_OUTLET.glob("*.txt")):
        shutil.copy(text, folder / "seeds" / text.name)
        shutil.copy(text.with_suffix(".ann"), folder / "annotations" / text.with_suffix(".ann").name)
    build_corpus(folder / "seeds", folder / "annotations", folder / "corpus", models, workers=1, progress=False)
    return folder / "corpus"


class OracleTagger:
    """Tags each token with the gold entity it lies in: a perfect tagger when gold edges fall on token edges."""

    name = fingerprint = "oracle"

    def __init__(self, spans: list[tuple[int, int, str]]) -> None:
        self.spans = spans

    def tag(self, sentences: Sequence[Sequence[Token]]) -> list[list[str]]:
        tagged = []
        for tokens in sentences:
            tags = []
            for token in tokens:
                span = next(((s, label) for s, e, label in self.spans if s <= token.start and token.end <= e), None)
                tags.append("O" if span is None else f"{'B' if span[0] == token.start else 'I'}-{span[1]}")
            tagged.append(tags)
        return tagged


RAW = "Thứ Hai, 1/1/2024\nĐồng chí Nguyễn Văn An thăm huyện Kỳ Sơn\n\nĐồng chí Nguyễn Văn An thăm tỉnh Nghệ An.\n"
PLACES = [("PER", "Nguyễn Văn An", 0), ("LOC", "Kỳ Sơn", 0), ("PER", "Nguyễn Văn An", 1), ("LOC", "Nghệ An", 0)]


def write_article(folder: Path) -> list[tuple[int, int, str]]:
    """RAW and its gold .ann in ``folder``: the (start, end, label) spans."""
    spans = []
    for label, surface, occurrence in PLACES:
        start = RAW.index(surface, RAW.index(surface) + 1 if occurrence else 0)
        spans.append((start, start + len(surface), label))
    (folder / "a.txt").write_text(RAW, encoding="utf-8")
    lines = [f"T{i}\t{label} {s} {e}\t{RAW[s:e]}" for i, (s, e, label) in enumerate(sorted(spans), 1)]
    (folder / "a.ann").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return spans


def test_entity_scores_are_strict_entity_level() -> None:
    gold = [["B-PER", "I-PER", "O", "B-LOC"], ["B-ORG", "O"]]
    predicted = [["B-PER", "O", "O", "B-LOC"], ["B-ORG", "O"]]  # PER cut short: wrong
    scores = entity_scores(gold, predicted)
    assert scores["micro_precision"] == round(2 / 3, 4) and scores["micro_recall"] == round(2 / 3, 4)
    assert scores["per_type"]["PER"]["f1-score"] == 0.0 and scores["per_type"]["LOC"]["f1-score"] == 1.0


def test_raw_texts_are_scored_by_exact_character_spans(tmp_path: Path) -> None:
    spans = write_article(tmp_path)
    perfect = raw_folder_scores(tmp_path, OracleTagger(spans))
    assert perfect["micro_f1"] == 1.0 and perfect["support"] == len(spans)
    relabelled = [(s, e, "ORG" if RAW[s:e] == "Kỳ Sơn" else label) for s, e, label in spans]
    wrong = raw_folder_scores(tmp_path, OracleTagger(relabelled))  # one miss and one false alarm
    assert wrong["micro_precision"] == wrong["micro_recall"] == 0.75
    partial = raw_folder_scores(tmp_path, OracleTagger(spans[1:]))
    assert partial["micro_precision"] == 1.0 and partial["micro_recall"] == 0.75
    assert raw_folder_scores(tmp_path, OracleTagger([]))["micro_recall"] == 0.0


def test_leave_one_document_out_predicts_every_sentence(small_corpus: Path) -> None:
    by_document = gold_sentences_by_document(small_corpus)
    assert len(by_document) == len(list(NEW_OUTLET.glob("*.ann")))
    predictions = leave_one_document_out(by_document, crf_trainer("word"))
    assert [len(p) for p in predictions.values()] == [len(s) for s in by_document.values()]
    gold_spans = sum(len(a.read_text(encoding="utf-8").splitlines()) for a in NEW_OUTLET.glob("*.ann"))
    assert pooled(by_document, predictions)["support"] == gold_spans


def test_gold_sentences_come_with_pos_and_chunks(fresh_corpus: Path) -> None:  # noqa: F811
    by_document = gold_sentences_by_document(fresh_corpus)
    assert len(by_document) == len(list((ROOT / "annotations").glob("*.ann")))
    sentence = next(iter(by_document.values()))[0]
    assert isinstance(sentence, TaggedSentence)
    assert len(sentence.words) == len(sentence.pos) == len(sentence.chunks) == len(sentence.tags)


def test_evaluate_ner_script_writes_json_for_both_taggers(small_corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "ner.json"
    result = script("evaluate_ner.py", "--corpus", str(small_corpus), "--json", str(out))
    assert result.returncode == 0, result.stderr
    assert "leave-one-document-out over 4 gold documents" in result.stdout
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert set(figures) == {"model", "underthesea"}
    for system in figures.values():
        assert set(system["per_type"]) == {"PER", "ORG", "LOC", "MISC"}
        assert 0.0 <= system["micro_f1"] <= 1.0
        assert set(system["per_type"]["ORG"]) == {"precision", "recall", "f1-score", "support"}


def test_shipped_model_beats_the_stock_tagger_on_the_new_outlet_articles(tmp_path: Path) -> None:
    out = tmp_path / "new.json"
    result = script("evaluate_ner.py", "--new-texts", str(NEW_OUTLET), "--json", str(out))
    assert result.returncode == 0, result.stderr
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert figures["model"]["micro_f1"] >= figures["underthesea"]["micro_f1"] + 0.3


def test_train_ner_script_trains_on_the_corpus_ner_config(small_corpus: Path, tmp_path: Path) -> None:
    model = tmp_path / "m.crfsuite"
    result = script("train_ner.py", "--dataset", str(small_corpus), "--config", "ner", "--out", str(model))
    assert result.returncode == 0, result.stderr
    sidecar = json.loads(Path(f"{model}.json").read_text(encoding="utf-8"))
    assert {"B-PER", "B-ORG", "B-LOC", "B-MISC"} <= set(sidecar["labels"])


def test_evaluate_ner_script_missing_corpus_is_exit_2(tmp_path: Path) -> None:
    result = script("evaluate_ner.py", "--corpus", str(tmp_path))
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "not a built corpus" in result.stderr


def test_evaluate_ner_script_bad_gold_file_is_exit_2(tmp_path: Path) -> None:
    write_article(tmp_path)
    (tmp_path / "a.ann").write_text("T1\tPER 0 4\tThứ Hai\n", encoding="utf-8")
    result = script("evaluate_ner.py", "--new-texts", str(tmp_path))
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "a.ann:1" in result.stderr
    result = script("evaluate_ner.py", "--new-texts", str(tmp_path), "--model", str(tmp_path / "none.crfsuite"))
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert "none.crfsuite: no such file; a model is FILE and FILE.json" in result.stderr


def test_training_sees_the_pos_and_chunk_tags_the_build_feeds_the_tagger(models: Models) -> None:
    """No train/serve skew: a sentence's features at training time are the ones the build computes."""
    build_tags, rows = [], []
    for path in sorted((ROOT / "seeds").glob("*.txt"))[:12]:
        document = tag_document(path.stem, read_raw(path).raw, models.ner_tagger)
        for sentence in document.sentences:
            build_tags.append(([t.pos for t in sentence.tokens], [t.chunk for t in sentence.tokens]))
            rows.append({"tokens": [t.text for t in sentence.tokens], "ner_tags": [0] * len(sentence.tokens)})
    features = Features({"tokens": List(Value("string")), "ner_tags": List(ClassLabel(names=list(NER_TAGS)))})
    training = tagged_sentences_from_split(Dataset.from_list(rows, features=features))
    assert len(training) == len(build_tags) > 300
    assert [(list(s.pos), list(s.chunks)) for s in training] == build_tags


def test_evaluate_ner_cross_validates_the_bilstm_crf_family(small_corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "bilstm.json"
    result = script("evaluate_ner.py", "--corpus", str(small_corpus), "--family", "bilstm-crf", "--json", str(out))
    assert result.returncode == 0, result.stderr
    assert "BiLSTM-CRF (syllable level)" in result.stdout
    figures = json.loads(out.read_text(encoding="utf-8"))
    gold_spans = sum(len(a.read_text(encoding="utf-8").splitlines()) for a in NEW_OUTLET.glob("*.ann"))
    assert figures["model"]["support"] == gold_spans
    missing = script("evaluate_ner.py", "--corpus", str(small_corpus), "--family", "bilstm-crf", "--vectors", "no.npz")
    assert missing.returncode == 2 and missing.stderr.strip().count("\n") == 0 and "no.npz" in missing.stderr


def test_entity_errors_classify_every_gold_entity_and_each_spurious_prediction() -> None:
    sentence = TaggedSentence(
        words=("Ông", "Nguyễn Văn An", "Ban", "Dân vận", "tỉnh", "Nghệ An", "và", "Hà Nội", "họp"),
        pos=("Nc", "Np", "N", "N", "N", "Np", "C", "Np", "V"),
        tags=("O", "B-PER", "B-ORG", "I-ORG", "I-ORG", "I-ORG", "O", "B-LOC", "O"),
    )
    predicted = ["O", "B-LOC", "B-ORG", "I-ORG", "O", "B-LOC", "O", "O", "B-MISC"]
    rows = entity_errors({"d": [sentence]}, {"d": [predicted]})
    assert rows == [
        ("type", "d", "PER", "Nguyễn Văn An", "LOC", "Nguyễn Văn An"),
        ("boundary", "d", "ORG", "Ban Dân vận tỉnh Nghệ An", "ORG", "Ban Dân vận"),
        ("missed", "d", "LOC", "Hà Nội", "", ""),
        ("spurious", "d", "", "", "MISC", "họp"),
    ]
    assert entity_errors({"d": [sentence]}, {"d": [list(sentence.tags)]})[0][0] == "exact"


def test_evaluate_ner_refuses_an_unwritable_output_before_training(tmp_path: Path) -> None:
    result = script("evaluate_ner.py", "--folds", "5", "--errors", str(tmp_path / "missing" / "errors.tsv"))
    assert result.returncode == 2 and result.stderr.strip().count("\n") == 0
    assert "missing/errors.tsv: cannot write there" in result.stderr
