"""POS and chunk tags (and underthesea's stock NER) from underthesea's bundled CRF models."""

from __future__ import annotations

from functools import cache
from typing import Any


@cache
def _predictors() -> tuple[Any, Any, Any]:
    """underthesea's POS, chunk and NER CRF predictors (loaded once, read-only afterwards)."""
    from underthesea.pipeline.chunking.model_crf import CRFChunkingPredictor
    from underthesea.pipeline.ner.model_crf import CRFNERPredictor
    from underthesea.pipeline.pos_tag.model_crf import CRFPOSTagPredictor

    return CRFPOSTagPredictor.Instance(), CRFChunkingPredictor.Instance(), CRFNERPredictor.Instance()


def pos_and_chunk_tags(words: list[str]) -> tuple[list[str], list[str]]:
    """VLSP POS tags and chunk tags (B-NP, I-VP, …) of a sentence's words, as underthesea.chunk gives them."""
    if not words:
        return [], []
    pos_predictor, chunk_predictor, _ = _predictors()
    tagged = pos_predictor.predict(words)
    chunked = chunk_predictor.predict(tagged)
    return [pos for _, pos in tagged], [chunk for _, _, chunk in chunked]


def stock_ner_tags(words: list[str], pos_tags: list[str], chunk_tags: list[str]) -> list[str]:
    """underthesea's stock CRF NER tags (BIO) for words already POS- and chunk-tagged."""
    if not words:
        return []
    _, _, ner_predictor = _predictors()
    tagged = ner_predictor.predict(list(zip(words, pos_tags, chunk_tags, strict=True)))
    return [tag for *_, tag in tagged]
