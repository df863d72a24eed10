from pathlib import Path

import conllu

from danvan.annotate import annotate_document
from danvan.conllu_format import document_conllu, parse, serialize
from danvan.ner import StockNerTagger

RAW = "Tiêu đề\n\nĐồng chí\u00a0Bùi Thị Minh Hoài phát biểu tại Hà Nội, “Dân vận khéo”.\n"


def test_round_trip_raw_to_conllu_to_same_tokens() -> None:
    document, _ = annotate_document("doc", RAW, StockNerTagger())
    text = serialize(document_conllu(document))
    sentences = parse(text)
    assert serialize(sentences) == text
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
    document, _ = annotate_document("doc", RAW, StockNerTagger())
    for sentence in parse(serialize(document_conllu(document))):
        rebuilt = "".join(
            row["form"] + ("" if (row["misc"] or {}).get("SpaceAfter") == "No" else " ") for row in sentence
        )
        assert rebuilt.strip() == sentence.metadata["text"]


def test_every_corpus_conllu_file_parses_and_round_trips() -> None:
    files = sorted((Path(__file__).resolve().parents[1] / "corpus" / "conllu").glob("*.conllu"))
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert "".join(s.serialize() for s in conllu.parse(text)) == text
