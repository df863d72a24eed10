"""POS and chunk tags (and underthesea's stock NER) from underthesea's bundled CRF models.

The models are underthesea's own. The pipeline's POS and chunk tags come from their model files run on
template columns (``danvan.models.compiled_crf``, crfsuite's tags); the stock NER (a baseline) is fed the
feature strings of ``danvan.models.crf_template`` (identical to underthesea's, linear time).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from danvan.models.compiled_crf import CompiledCrf, read_crfsuite
from danvan.models.crf_template import (
    PYTHON_FUNCTIONS,
    CompiledTemplate,
    column_templates,
    compile_templates,
    sentence_features,
    template_columns,
)


@cache
def _predictors() -> tuple[Any, Any, Any]:
    """underthesea's POS, chunk and NER CRF predictors (loaded once, read-only afterwards)."""
    from underthesea.pipeline.chunking.model_crf import CRFChunkingPredictor
    from underthesea.pipeline.ner.model_crf import CRFNERPredictor
    from underthesea.pipeline.pos_tag.model_crf import CRFPOSTagPredictor

    return CRFPOSTagPredictor.Instance(), CRFChunkingPredictor.Instance(), CRFNERPredictor.Instance()


@cache
def _templates() -> tuple[list[CompiledTemplate], list[CompiledTemplate], list[CompiledTemplate]]:
    pos, chunk, ner = _predictors()
    return tuple(compile_templates(p.transformer.template) for p in (pos, chunk, ner))  # type: ignore[return-value]


@cache
def _compiled_models() -> tuple[CompiledCrf, CompiledCrf]:
    """underthesea's POS and chunk CRFs run on template columns (the same tags, a test checks it)."""
    from underthesea.pipeline import chunking, pos_tag

    pos_templates, chunk_templates, _ = _templates()
    return (
        CompiledCrf(read_crfsuite(Path(pos_tag.__file__).parent / POS_MODEL), column_templates(pos_templates)),
        CompiledCrf(read_crfsuite(Path(chunking.__file__).parent / CHUNK_MODEL), column_templates(chunk_templates)),
    )


POS_MODEL, CHUNK_MODEL = "pos_crf_2017_10_11.bin", "chunk_crf_2017_10_12.bin"
"""The model files of underthesea's CRFPOSTagPredictor and CRFChunkingPredictor."""


def pos_and_chunk_tags(words: list[str]) -> tuple[list[str], list[str]]:
    """VLSP POS tags and chunk tags (B-NP, I-VP, …) of a sentence's words, as underthesea.chunk gives them."""
    return sentences_pos_and_chunk_tags([words])[0]


def sentences_pos_and_chunk_tags(sentences: Sequence[Sequence[str]]) -> list[tuple[list[str], list[str]]]:
    """``pos_and_chunk_tags`` of each sentence, all scored together (a document's sentences, say)."""
    pos_model, chunk_model = _compiled_models()
    pos_templates, chunk_templates, _ = _templates()
    pos = pos_model.tag([template_columns([(w, "X") for w in s], pos_templates, PYTHON_FUNCTIONS) for s in sentences])
    rows = [[(w, p, "X") for w, p in zip(s, tags, strict=True)] for s, tags in zip(sentences, pos, strict=True)]
    chunks = chunk_model.tag([template_columns(r, chunk_templates, PYTHON_FUNCTIONS) for r in rows])
    return list(zip(pos, chunks, strict=True))


def stock_ner_tags(words: list[str], pos_tags: list[str], chunk_tags: list[str]) -> list[str]:
    """underthesea's stock CRF NER tags (BIO) for words already POS- and chunk-tagged."""
    if not words:
        return []
    _, _, ner_predictor = _predictors()
    _, _, ner_templates = _templates()
    rows = [(w, p, c, "X") for w, p, c in zip(words, pos_tags, chunk_tags, strict=True)]
    return list(ner_predictor.model.tag(sentence_features(rows, ner_templates)))


def vlsp_pos_tags(words: Sequence[str]) -> list[str]:
    """underthesea's CRF POS tags (VLSP tag set) for already segmented words."""
    if not words:
        return []
    pos_predictor, _, _ = _predictors()
    pos_templates, _, _ = _templates()
    return list(pos_predictor.model.tag(sentence_features([(w, "X") for w in words], pos_templates)))
