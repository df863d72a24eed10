"""The project's CRF NER: training and tagging on small datasets the tests build, any label set."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from datasets import ClassLabel, Dataset, DatasetDict, Features, List, Value

from danvan.errors import CorpusError
from danvan.models.crf_ner.features import (
    document_number_tags,
    left_cues,
    quote_marks,
    sentence_features,
    unit_tags,
    word_tags,
)
from danvan.models.crf_ner.model import jackknife_gazetteers, load_crf, train_crf
from danvan.models.crf_ner.units import Gazetteer, TaggedSentence, load_lexicon, shape
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


def test_a_model_trained_with_other_features_is_refused(tmp_path: Path) -> None:
    train_crf(sentences(), tmp_path / "m.crfsuite", "word")
    sidecar_path = tmp_path / "m.crfsuite.json"
    sidecar = json.loads(sidecar_path.read_text(encoding="utf-8"))
    sidecar["features"] = "0" * 16
    sidecar_path.write_text(json.dumps(sidecar), encoding="utf-8")
    with pytest.raises(CorpusError, match="retrain it"):
        load_crf(tmp_path / "m.crfsuite")


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


def test_training_features_use_a_gazetteer_without_the_sentence_own_document() -> None:
    training = [
        TaggedSentence(("thăm", "Nghệ An"), ("V", "Np"), ("O", "B-LOC"), id="a-s0000"),
        TaggedSentence(("thăm", "Lạng Sơn"), ("V", "Np"), ("O", "B-LOC"), id="b-s0000"),
        TaggedSentence(("về", "Nghệ An"), ("V", "Np"), ("O", "B-LOC"), id="b-s0001"),
    ]
    first, second, third = jackknife_gazetteers(training)
    assert ("nghệ", "an") in first.entries and ("lạng", "sơn") in first.entries  # from document b only
    assert second is third and set(second.entries) == {("nghệ", "an")}  # document a only: no "lạng sơn"


def test_training_features_without_document_ids_fall_back_to_blocks_of_sentences() -> None:
    training = sentences()  # 16 sentences, no ids: 5 contiguous blocks
    gazetteers = jackknife_gazetteers(training)
    assert ("nguyễn", "văn", "an") not in gazetteers[0].entries  # the first block holds every sentence with An
    assert ("nguyễn", "văn", "an") in gazetteers[-1].entries


def test_document_numbers_are_marked_from_so_to_the_last_code() -> None:
    words = ["thực hiện", "Nghị quyết", "số", "25", "-", "NQ", "/", "TW", "của", "Ban"]
    assert document_number_tags(words) == ["O", "O", "B", "I", "I", "I", "I", "I", "O", "O"]
    assert document_number_tags(["Chỉ thị", "số", "33", "/", "CT-TTg", "Ban"]) == ["O", "B", "I", "I", "I", "O"]
    assert document_number_tags(["có", "số", "25", "người"]) == ["O", "O", "O", "O"]  # no "/": a plain number


def test_quote_marks_and_left_cues() -> None:
    words = ["mô hình", "“", "Dân vận", "khéo", "”", "của", "tỉnh"]
    assert quote_marks(words) == ["O", "open", "in", "in", "close", "O", "O"]
    lex = ["O", "B-ROLE", "O", "O", "O", "O", "O"]
    assert left_cues(["ông", "Phó", "Chủ tịch", "Lê", ",", "An"], lex[:6]) == [
        "none",
        "none",
        "ROLE/1",
        "ROLE/2",
        "ROLE/3",
        "none",  # the comma ends the clause
    ]


def test_features_read_the_lexicon_and_document_numbers() -> None:
    sentence = TaggedSentence(("Bí thư", "Tỉnh ủy", "ký", "số", "5", "-", "QĐ", "/", "TU"), ("N",) * 9)
    features = sentence_features(sentence, "word", Gazetteer(), load_lexicon())
    assert "lex[0]=B-ROLE" in features[0] and "lex[0]=B-ORGHEAD" in features[1]
    assert "docnum[0]=B" in features[3] and "docnum[0]=I" in features[8] and "docnum[0]=O" in features[2]
    assert "cue[0]=ROLE/1" in features[1]
    assert features == sentence_features(sentence, "word", Gazetteer(), load_lexicon())


def test_titles_and_their_abbreviations_are_roles_before_a_name() -> None:
    lexicon = load_lexicon()
    for title in (["PGS.TS"], ["ThS."], ["GS"], ["Tổng", "thống"], ["Thượng", "tọa"], ["Bác", "sĩ"]):
        tags = lexicon.match([s.lower() for s in [*title, "Đồng", "Văn", "Hệ"]])
        assert tags[: len(title) + 1] == ["B-ROLE"] + ["I-ROLE"] * (len(title) - 1) + ["O"], title


def test_shape_squeezes_character_classes() -> None:
    assert [shape(s) for s in ["Nghệ", "MTTQ", "25-NQ/TW", "dân"]] == ["Xx", "X", "d-X/X", "x"]


def save_dataset(path: Path, names: list[str], rows: list[dict] | None = None) -> None:
    """A saved DatasetDict (train, validation, test) of the small sentences or of ``rows``."""
    features = Features({"tokens": List(Value("string")), "ner_tags": List(ClassLabel(names=names))})
    if rows is None:
        rows = [
            {"tokens": list(s.words), "ner_tags": [names.index(t) for t in s.tags]} for s in sentences(("DRUG", "SITE"))
        ]
    split = Dataset.from_list(rows, features=features)
    DatasetDict({"train": split, "validation": split.select(range(4)), "test": split.select(range(4, 8))}).save_to_disk(
        str(path)
    )


def train_ner(*args: str) -> subprocess.CompletedProcess[str]:
    script = ROOT / "scripts" / "train_ner.py"
    return subprocess.run([sys.executable, str(script), *args], capture_output=True, text=True)


def test_train_ner_script_reads_label_names_from_the_features(tmp_path: Path) -> None:
    save_dataset(tmp_path / "ds", ["O", "B-DRUG", "I-DRUG", "B-SITE", "I-SITE"])
    result = train_ner("--dataset", str(tmp_path / "ds"), "--out", str(tmp_path / "m.crfsuite"), "--level", "word")
    assert result.returncode == 0, result.stderr
    assert "DRUG" in result.stdout and "validation" in result.stdout and "test" in result.stdout
    assert json.loads((tmp_path / "m.crfsuite.json").read_text(encoding="utf-8"))["labels"] == ["B-DRUG", "B-SITE", "O"]


MONTHS = ["3", "6", "9", "12"]
DAYS = ["1", "15", "20", "28"]


def date_rows() -> list[dict]:
    """Sentences whose only entities are multi-word dates: "họp ngày <d> tháng <m> năm 2023 tại xã"."""
    rows = []
    for day in DAYS:
        for month in MONTHS:
            tokens = ["Hội nghị", "họp", "ngày", day, "tháng", month, "năm", "2023", "tại", "xã", "."]
            tags = ["O", "O", "B-DATE", "I-DATE", "I-DATE", "I-DATE", "I-DATE", "I-DATE", "O", "O", "O"]
            rows.append({"tokens": tokens, "ner_tags": [["O", "B-DATE", "I-DATE"].index(t) for t in tags]})
    return rows


def test_train_ner_script_with_a_date_only_label_set(tmp_path: Path) -> None:
    save_dataset(tmp_path / "ds", ["O", "B-DATE", "I-DATE"], date_rows())
    result = train_ner("--dataset", str(tmp_path / "ds"), "--out", str(tmp_path / "d.crfsuite"), "--version", "9")
    assert result.returncode == 0, result.stderr
    assert "DATE" in result.stdout and "PER" not in result.stdout
    model = load_crf(tmp_path / "d.crfsuite")
    assert model.labels == ["B-DATE", "I-DATE", "O"] and model.name == "danvan-ner-crf-syllable-9"
    words = ("Hội nghị", "họp", "ngày", "7", "tháng", "5", "năm", "2023", "tại", "xã", ".")
    tags = model.tag_sentence(TaggedSentence(words, ("N", "V", "N", "M", "N", "M", "N", "M", "E", "N", "CH")))
    assert tags == ["O", "O", "B-DATE", "I-DATE", "I-DATE", "I-DATE", "I-DATE", "I-DATE", "O", "O", "O"]


def test_train_ner_script_bad_dataset_is_exit_2(tmp_path: Path) -> None:
    result = train_ner("--dataset", str(tmp_path / "missing"))
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_train_ner_script_missing_split_or_column_is_exit_2(tmp_path: Path) -> None:
    save_dataset(tmp_path / "ds", ["O", "B-DATE", "I-DATE"], date_rows())
    result = train_ner("--dataset", str(tmp_path / "ds"), "--train-splits", "dev", "--out", str(tmp_path / "m"))
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "no split 'dev'" in result.stderr
    plain = Dataset.from_list([{"tokens": ["a"], "ner_tags": [0]}])  # ner_tags are plain integers, no label names
    DatasetDict({"train": plain}).save_to_disk(str(tmp_path / "plain"))
    result = train_ner("--dataset", str(tmp_path / "plain"), "--out", str(tmp_path / "m"))
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "not a ClassLabel" in result.stderr
    assert not (tmp_path / "m").exists()


def test_the_shipped_model_decodes_the_gold_sentences_as_crfsuite_does() -> None:
    import pycrfsuite

    from danvan.eval.ner import gold_sentences_by_document
    from danvan.models.crf_ner.features import sentence_features, word_tags
    from danvan.pipeline.ner import load_ner_tagger

    model = load_ner_tagger().model
    crfsuite = pycrfsuite.Tagger()
    crfsuite.open(str(model.path))
    for sentences in list(gold_sentences_by_document(ROOT / "corpus").values())[:10]:
        for s in sentences:
            features = sentence_features(s, model.level, model.gazetteer, model.lexicon, model.places)
            assert model.tag_sentence(s) == word_tags(s, model.level, crfsuite.tag(features))
