"""CoNLL-U: the writer's output read back (our reader and the conllu library), the validator, trees."""

import subprocess
import sys
from pathlib import Path

import conllu

from danvan.formats.conllu import document_blocks, read_conllu_text, write_conllu_text
from danvan.pipeline.annotate import annotate_document
from danvan.pipeline.ner import StockNerTagger
from danvan.pipeline.parse import load_parser
from tests.conftest import ROOT

RAW = "Tiêu đề\n\nĐồng chí\u00a0Bùi Thị Minh Hoài phát biểu tại Hà Nội, “Dân vận khéo”.\n"


def test_round_trip_raw_to_conllu_to_same_tokens() -> None:
    document = annotate_document("doc", RAW, StockNerTagger(), load_parser())
    text = write_conllu_text(document_blocks(document))
    assert write_conllu_text(read_conllu_text(text)) == text
    sentences = conllu.parse(text)  # the reference library reads what we write (FORMs have single spaces)
    assert "".join(s.serialize() for s in sentences) == text
    tokens = [t for s in document.sentences for t in s.tokens]
    rows = [row for s in sentences for row in s]
    assert len(rows) == len(tokens)
    for token, row in zip(tokens, rows, strict=True):
        start, end = map(int, row["misc"]["TokenRange"].split(":"))
        assert (start, end) == (token.start, token.end)
        assert row["form"] == " ".join(token.text.split())
        assert row["lemma"] == row["form"].lower()
        assert row["xpos"] == token.pos and row["misc"]["NER"] == token.ner
    assert sentences[0].metadata["newdoc id"] == "doc"
    assert [s.metadata["sent_id"] for s in sentences] == ["doc-s0000", "doc-s0001"]


def test_space_after_no_and_text_agree() -> None:
    document = annotate_document("doc", RAW, StockNerTagger(), load_parser())
    for sentence in conllu.parse(write_conllu_text(document_blocks(document))):
        rebuilt = "".join(
            row["form"] + ("" if (row["misc"] or {}).get("SpaceAfter") == "No" else " ") for row in sentence
        )
        assert rebuilt.strip() == sentence.metadata["text"]


def test_every_corpus_conllu_file_parses_and_round_trips() -> None:
    files = sorted((ROOT / "corpus" / "conllu").glob("*.conllu"))
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert "".join(s.serialize() for s in conllu.parse(text)) == text


def test_every_corpus_conllu_file_passes_the_official_validator_at_level_2() -> None:
    """udtools' udvalidate (the UD validator) on the committed corpus, as UD's own CI runs it."""
    files = sorted((ROOT / "corpus" / "conllu").glob("*.conllu"))
    validator = Path(sys.executable).with_name("udvalidate")
    result = subprocess.run(
        [str(validator), "--lang", "vi", "--level", "2", *map(str, files)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "*** PASSED ***" in result.stdout + result.stderr


def test_corpus_sentences_are_trees_with_one_root() -> None:
    files = sorted((ROOT / "corpus" / "conllu").glob("*.conllu"))
    for path in files:
        for sentence in conllu.parse(path.read_text(encoding="utf-8")):
            heads = [row["head"] for row in sentence]
            assert heads.count(0) == 1, sentence.metadata["sent_id"]
            assert [row["deprel"] for row in sentence if row["head"] == 0] == ["root"]
            assert all(0 <= h <= len(sentence) for h in heads)
            assert sentence.to_tree() is not None  # conllu raises if the heads do not form one tree
