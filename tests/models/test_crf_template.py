"""underthesea's feature templates compiled: the same strings as underthesea's own word2features."""

import pytest
from underthesea.pipeline.pos_tag.tagged_feature import word2features

from danvan.models.compiled_crf import feature_strings
from danvan.models.crf_template import PYTHON_FUNCTIONS, column_templates, sentence_features, template_columns
from danvan.pipeline.tag import _templates, pos_and_chunk_tags, sentences_pos_and_chunk_tags
from tests.conftest import ROOT

WORDS = (ROOT / "seeds" / "000_014cf6934badd3d1.txt").read_text(encoding="utf-8").split()[:400]
LENGTHS = [1, 2, 3, 5, 8, 13, 21, 34, 37, 30, 9]
SENTENCES = [WORDS[i : i + length] for i, length in zip(range(0, 400, 37), LENGTHS, strict=True)] + [
    ["Ban", "Dân vận", "Trung ương", "tổ chức", "Hội nghị", "tổng kết", "công tác", "dân vận", "năm", "2022", "."]
]


@pytest.mark.parametrize("which", [0, 1, 2], ids=["pos", "chunk", "ner"])
def test_features_equal_underthesea_word2features(which: int) -> None:
    templates = _templates()[which]
    for words in SENTENCES:
        rows = [(w, *(["Np", "B-NP", "X"][:which]), "X") for w in words]
        texts = [t.text for t in templates]
        assert sentence_features(rows, templates) == [word2features(rows, i, texts) for i in range(len(rows))]
    assert sentence_features([], templates) == []


@pytest.mark.parametrize("which", [0, 1, 2], ids=["pos", "chunk", "ner"])
def test_template_columns_give_the_same_strings(which: int) -> None:
    templates = _templates()[which]
    for words in [*SENTENCES, []]:
        rows = [(w, *(["Np", "B-NP", "X"][:which]), "X") for w in words]
        columns = template_columns(rows, templates, PYTHON_FUNCTIONS)
        assert feature_strings(columns, column_templates(templates)) == sentence_features(rows, templates)


def test_sentences_tagged_together_as_alone() -> None:
    assert sentences_pos_and_chunk_tags(SENTENCES) == [pos_and_chunk_tags(words) for words in SENTENCES]


def test_pos_and_chunk_tags_are_underthesea_chunk_on_the_same_words() -> None:
    from underthesea.pipeline.chunking.model_crf import CRFChunkingPredictor
    from underthesea.pipeline.pos_tag.model_crf import CRFPOSTagPredictor

    for words in SENTENCES[3:]:
        pos = [tag for _, tag in CRFPOSTagPredictor.Instance().predict(words)]
        chunks = [row[2] for row in CRFChunkingPredictor.Instance().predict(list(zip(words, pos, strict=True)))]
        assert pos_and_chunk_tags(words) == (pos, chunks)
