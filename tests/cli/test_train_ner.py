"""`danvan train-ner` as a user with another corpus meets it: input forms, tag schemes, `_`-joined words,
evaluation splits, settings, the JSON scores, the sidecar and the shipped model's protection."""

import json
import subprocess
import sys
from pathlib import Path

from datasets import ClassLabel, Dataset, Features, List, Value

from danvan.models.crf_ner.model import load_crf
from danvan.models.crf_ner.units import TaggedSentence
from tests.conftest import ROOT

PRODUCTS = ["Gạo_ST25", "Cà_phê_Buôn_Ma_Thuột", "Nước_mắm_Phú_Quốc", "Chè_Thái_Nguyên"]
CITIES = ["Hà_Nội", "Đà_Nẵng", "Cần_Thơ", "Huế"]


def rows(scheme: str = "iob2") -> list[dict]:
    """Sentences "<product> được bán tại <city> ." with PROD and CITY entities, words joined by '_'."""
    out = []
    for product in PRODUCTS:
        for city in CITIES:
            tokens = [product, "được", "bán", "tại", city, "."]
            tags = ["B-PROD", "O", "O", "O", "B-CITY", "O"]
            if scheme == "bioes":
                tags = ["S-PROD", "O", "O", "O", "S-CITY", "O"]
            out.append({"tokens": tokens, "ner_tags": tags})
    return out


def write_jsonl(path: Path, records: list[dict]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")


def train_ner(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "danvan", "train-ner", *args], capture_output=True, text=True,
                          cwd=ROOT)  # fmt: skip


def test_json_lines_with_a_dev_split_joined_words_and_string_tags(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    write_jsonl(data / "train.jsonl", rows())
    write_jsonl(data / "dev.jsonl", rows()[::3])
    out, scores = tmp_path / "m.crfsuite", tmp_path / "scores.json"
    result = train_ner("--data-files", str(data), "--level", "word", "--out", str(out), "--json", str(scores))
    assert result.returncode == 0, result.stderr
    assert "joined by '_'" in result.stderr and "dev" in result.stdout
    figures = json.loads(scores.read_text(encoding="utf-8"))
    assert set(figures) == {"dev"} and figures["dev"]["micro_f1"] == 1.0
    assert set(figures["dev"]["per_type"]) == {"CITY", "PROD"}
    sidecar = (tmp_path / "m.crfsuite.json").read_text(encoding="utf-8")
    assert json.loads(sidecar)["gazetteer_form"] == "hashed" and len(json.loads(sidecar)["gazetteer"]) == 8
    assert not any(name in sidecar for name in ("Huế", "huế", "Đà Nẵng", "đà nẵng", "cần", "mắm"))
    model = load_crf(out)
    words = ("Nước mắm Phú Quốc", "được", "bán", "tại", "Đà Nẵng", ".")
    assert model.tag_sentence(TaggedSentence(words, ("Np", "V", "V", "E", "Np", "CH"))) == [
        "B-PROD", "O", "O", "O", "B-CITY", "O"
    ]  # fmt: skip


def test_a_hashed_gazetteer_matches_and_tags_as_the_plain_one(tmp_path: Path) -> None:
    from danvan.models.crf_ner.model import train_crf
    from danvan.pipeline.tag import pos_and_chunk_tags

    sentences = []
    for r in rows():
        words = tuple(w.replace("_", " ") for w in r["tokens"])
        pos, chunks = pos_and_chunk_tags(list(words))
        sentences.append(TaggedSentence(words, tuple(pos), tuple(r["ner_tags"]), tuple(chunks), f"d{len(sentences)}-0"))
    plain = train_crf(sentences, tmp_path / "p.crfsuite", "word", gazetteer="plain")
    hashed = load_crf(train_crf(sentences, tmp_path / "h.crfsuite", "word", gazetteer="hashed").path)
    assert (tmp_path / "p.crfsuite").read_bytes() == (tmp_path / "h.crfsuite").read_bytes()  # same weights
    syllables = "bán gạo st25 tại hà nội và cà phê buôn ma thuột".split()
    assert hashed.gazetteer.match(syllables) == plain.gazetteer.match(syllables)
    assert "B-PROD" in plain.gazetteer.match(syllables) and "B-CITY" in plain.gazetteer.match(syllables)
    for sentence in sentences:
        assert hashed.tag_sentence(sentence) == plain.tag_sentence(sentence)


def test_a_saved_dataset_with_bioes_labels_is_converted_and_generic_features_are_recorded(tmp_path: Path) -> None:
    names = ["O", "S-PROD", "S-CITY", "B-PROD", "E-PROD"]
    features = Features({"tokens": List(Value("string")), "ner_tags": List(ClassLabel(names=names))})
    records = [{"tokens": r["tokens"], "ner_tags": [names.index(t) for t in r["ner_tags"]]} for r in rows("bioes")]
    Dataset.from_list(records, features=features).save_to_disk(str(tmp_path / "single"))  # a Dataset, no splits
    out = tmp_path / "g.crfsuite"
    result = train_ner("--dataset", str(tmp_path / "single"), "--features", "generic", "--max-iterations", "30",
                       "--c2", "0.05", "--out", str(out))  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "BIOES" in result.stderr and "nothing is scored" in result.stderr
    sidecar = json.loads((tmp_path / "g.crfsuite.json").read_text(encoding="utf-8"))
    assert sidecar["labels"] == ["B-CITY", "B-PROD", "O"] and sidecar["feature_set"] == "generic"
    assert sidecar["params"]["max_iterations"] == 30 and sidecar["params"]["c2"] == 0.05
    assert load_crf(out).feature_set == "generic"


def test_tags_that_are_not_iob2_are_refused_with_the_row_and_word(tmp_path: Path) -> None:
    bad = rows()
    bad[5] = {"tokens": ["Bán", "tại", "Huế"], "ner_tags": ["O", "O", "I-CITY"]}
    write_jsonl(tmp_path / "train.jsonl", bad)
    result = train_ner("--data-files", str(tmp_path / "train.jsonl"), "--out", str(tmp_path / "m.crfsuite"))
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert "row 5, word 3: 'I-CITY' follows 'O'" in result.stderr
    assert not (tmp_path / "m.crfsuite").exists()


def test_the_shipped_model_is_not_overwritten_without_force() -> None:
    shipped = ROOT / "src" / "danvan" / "data" / "ner-crf.crfsuite"
    before = shipped.read_bytes()
    result = train_ner("--dataset", "/nonexistent", "--out", str(shipped))  # a regression fails at loading
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "--force" in result.stderr
    assert shipped.read_bytes() == before


def test_help_shows_the_defaults() -> None:
    result = train_ner("--help")
    assert result.returncode == 0
    for default in ("(default: corpus)", "(default: syllable)", "(default: news)", "(default: 200)", "(default: 0.1)"):
        assert default in " ".join(result.stdout.split()), default


def test_a_hub_style_folder_loads_without_config(tmp_path: Path) -> None:
    out, scores = str(tmp_path / "c.crfsuite"), str(tmp_path / "s.json")
    result = train_ner("--dataset", str(ROOT / "corpus"), "--train-splits", "validation", "--eval-splits", "test",
                       "--max-iterations", "10", "--out", out, "--json", scores)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert set(json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))["test"]["per_type"]) == {
        "LOC", "MISC", "ORG", "PER"
    }  # fmt: skip


def test_ordinary_mistakes_in_the_data_are_one_line(tmp_path: Path) -> None:
    good = rows()
    cases = {
        "short.jsonl": ([*good, {"tokens": ["a", "b", "c"], "ner_tags": ["O", "O"]}], "row 16: 3 tokens but 2 tags"),
        "broken.jsonl": (None, "cannot load a dataset"),
    }
    for name, (records, message) in cases.items():
        folder = tmp_path / name.split(".")[0]
        folder.mkdir()
        if records is None:
            (folder / "train.jsonl").write_text('{"tokens": ["a"], "ner_tags": ["O"]}\n{"tokens": [', encoding="utf-8")
        else:
            write_jsonl(folder / "train.jsonl", records)
        result = train_ner("--data-files", str(folder), "--out", str(tmp_path / "m.crfsuite"))
        assert result.returncode == 2 and result.stderr.count("\n") == 1 and message in result.stderr, result.stderr
    write_jsonl(tmp_path / "train.jsonl", good)
    write_jsonl(tmp_path / "heldout.jsonl", good)
    result = train_ner("--data-files", str(tmp_path / "train.jsonl"), str(tmp_path / "heldout.jsonl"),
                       "--out", str(tmp_path / "m.crfsuite"))  # fmt: skip
    assert result.returncode == 2 and "heldout.jsonl: among several files" in result.stderr
    result = train_ner("--data-files", str(tmp_path / "train.jsonl"), "--out", str(tmp_path / "no" / "m.crfsuite"))
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "cannot write there" in result.stderr
    assert not (tmp_path / "m.crfsuite").exists()


def test_a_scored_split_without_entities_is_a_note_not_a_crash(tmp_path: Path) -> None:
    punctuation = {"tokens": [".", ",", "."], "ner_tags": ["O"] * 3}
    write_jsonl(tmp_path / "train.jsonl", rows() + [punctuation] * 8)  # the model learns punctuation is O
    write_jsonl(tmp_path / "valid.jsonl", [punctuation])
    result = train_ner("--data-files", str(tmp_path / "train.jsonl"), str(tmp_path / "valid.jsonl"), "--level",
                       "word", "--out", str(tmp_path / "m.crfsuite"), "--json", str(tmp_path / "s.json"))  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "split 'validation': no entity" in result.stderr
    assert json.loads((tmp_path / "s.json").read_text(encoding="utf-8")) == {}


def test_the_shipped_model_and_its_test_scores_are_what_the_readme_command_makes(tmp_path: Path) -> None:
    """README's command (with --out elsewhere) rebuilds ner-crf.crfsuite byte for byte and its scores JSON."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (line,) = [line for line in readme.splitlines() if line.endswith("# the shipped model")]
    argv = line.split("#")[0].split()[2:]
    shipped = ROOT / "src" / "danvan" / "data"
    assert argv[argv.index("--out") + 1] == "src/danvan/data/ner-crf.crfsuite"
    argv[argv.index("--out") + 1] = str(tmp_path / "ner-crf.crfsuite")
    argv[argv.index("--json") + 1] = str(tmp_path / "scores.json")
    result = train_ner(*[a for a in argv if a != "--force"])
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "ner-crf.crfsuite").read_bytes() == (shipped / "ner-crf.crfsuite").read_bytes()
    assert (tmp_path / "scores.json").read_bytes() == (shipped / "ner-crf.scores.json").read_bytes()
    sidecar = json.loads((tmp_path / "ner-crf.crfsuite.json").read_text(encoding="utf-8"))
    assert sidecar == json.loads((shipped / "ner-crf.crfsuite.json").read_text(encoding="utf-8"))
