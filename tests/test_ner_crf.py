"""The project's CRF NER: training and tagging on small datasets the tests build, any label set."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from datasets import ClassLabel, Dataset, DatasetDict, Features, List, Value

from danvan.ner_crf import Gazetteer, TaggedSentence, load_crf, shape, train_crf, unit_tags, word_tags
from tests.conftest import ROOT

PEOPLE = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Hoàng Cường", "Phạm Minh Đức"]
PLACES = ["Hà Nội", "Nghệ An", "Lạng Sơn", "Đà Nẵng"]


def sentences(labels: tuple[str, str] = ("PER", "LOC")) -> list[TaggedSentence]:
    """Small sentences: đồng chí <person> thăm tỉnh <place> ."""
    per, loc = labels
    result = []
    for person in PEOPLE:
        for place in PLACES:
            words = ("đồng chí", person, "thăm", "tỉnh", place, ".")
            tags = ("O", f"B-{per}", "O", "O", f"B-{loc}", "O")
            result.append(TaggedSentence(words, ("N", "Np", "V", "N", "Np", "CH"), tags))
    return result


@pytest.mark.parametrize("level", ["word", "syllable"])
def test_train_and_tag_with_another_label_set(tmp_path: Path, level: str) -> None:
    training = sentences(("DRUG", "SITE"))
    model = train_crf(training, tmp_path / "m.crfsuite", level, version="t")
    assert model.labels == ["B-DRUG", "B-SITE", "O"]
    unseen = TaggedSentence(
        ("đồng chí", "Hoàng Văn Em", "thăm", "tỉnh", "Cao Bằng", "."), ("N", "Np", "V", "N", "Np", "CH")
    )
    assert model.tag_sentence(unseen) == ["O", "B-DRUG", "O", "O", "B-SITE", "O"]
    reloaded = load_crf(tmp_path / "m.crfsuite")
    assert reloaded.name == f"danvan-ner-crf-{level}-t"
    assert reloaded.tag_sentence(unseen) == model.tag_sentence(unseen)


def test_training_is_deterministic(tmp_path: Path) -> None:
    train_crf(sentences(), tmp_path / "a.crfsuite", "syllable")
    train_crf(sentences(), tmp_path / "b.crfsuite", "syllable")
    assert (tmp_path / "a.crfsuite").read_bytes() == (tmp_path / "b.crfsuite").read_bytes()
    assert (tmp_path / "a.crfsuite.json").read_bytes() == (tmp_path / "b.crfsuite.json").read_bytes()


def test_syllable_tags_spread_and_map_back() -> None:
    sentence = TaggedSentence(("Ban Dân vận", "Trung ương", "họp"), ("N", "N", "V"), ("B-ORG", "I-ORG", "O"))
    assert unit_tags(sentence, "syllable") == ["B-ORG", "I-ORG", "I-ORG", "I-ORG", "I-ORG", "O"]
    assert word_tags(sentence, "syllable", ["B-ORG", "I-ORG", "I-ORG", "I-ORG", "I-ORG", "O"]) == list(sentence.tags)


def test_gazetteer_comes_from_training_sentences_only() -> None:
    gazetteer = Gazetteer.from_sentences(sentences())
    assert gazetteer.entries[("hà", "nội")] == "LOC"
    assert gazetteer.match(["thăm", "hà", "nội", "và", "cao", "bằng"]) == ["O", "B-LOC", "I-LOC", "O", "O", "O"]


def test_shape_squeezes_character_classes() -> None:
    assert [shape(s) for s in ["Nghệ", "MTTQ", "25-NQ/TW", "dân"]] == ["Xx", "X", "d-X/X", "x"]


def save_dataset(path: Path, names: list[str]) -> None:
    features = Features({"tokens": List(Value("string")), "ner_tags": List(ClassLabel(names=names))})
    rows = [
        {"tokens": list(s.words), "ner_tags": [names.index(t) for t in s.tags]} for s in sentences(("DRUG", "SITE"))
    ]
    split = Dataset.from_list(rows, features=features)
    DatasetDict({"train": split, "validation": split.select(range(4)), "test": split.select(range(4, 8))}).save_to_disk(
        str(path)
    )


def test_train_ner_script_reads_label_names_from_the_features(tmp_path: Path) -> None:
    save_dataset(tmp_path / "ds", ["O", "B-DRUG", "I-DRUG", "B-SITE", "I-SITE"])
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "train_ner.py"),
            "--dataset",
            str(tmp_path / "ds"),
            "--out",
            str(tmp_path / "m.crfsuite"),
            "--level",
            "word",
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "DRUG" in result.stdout and "validation" in result.stdout and "test" in result.stdout
    assert json.loads((tmp_path / "m.crfsuite.json").read_text(encoding="utf-8"))["labels"] == ["B-DRUG", "B-SITE", "O"]


def test_train_ner_script_bad_dataset_is_exit_2(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "train_ner.py"), "--dataset", str(tmp_path / "missing")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
