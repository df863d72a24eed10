"""POS and chunk tags (and underthesea's stock NER) from underthesea's bundled CRF models.

The models are underthesea's own; their features are computed by ``danvan.crf_features``
(identical strings, linear time) and fed to the models' taggers directly.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from danvan.models.crf_template import CompiledTemplate, compile_templates, sentence_features


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


def pos_and_chunk_tags(words: list[str]) -> tuple[list[str], list[str]]:
    """VLSP POS tags and chunk tags (B-NP, I-VP, …) of a sentence's words, as underthesea.chunk gives them."""
    if not words:
        return [], []
    pos_predictor, chunk_predictor, _ = _predictors()
    pos_templates, chunk_templates, _ = _templates()
    pos = pos_predictor.model.tag(sentence_features([(w, "X") for w in words], pos_templates))
    chunk = chunk_predictor.model.tag(
        sentence_features([(w, p, "X") for w, p in zip(words, pos, strict=True)], chunk_templates)
    )
    return list(pos), list(chunk)


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
