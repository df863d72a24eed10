"""NER taggers for documents without gold: the project's CRF model, or underthesea's stock CRF."""

from __future__ import annotations

from typing import Protocol

import underthesea

from danvan.model import Token
from danvan.tag import stock_ner_tags


class NerTagger(Protocol):
    """Anything that BIO-tags a sentence's tokens (which carry text, norm, POS and chunk)."""

    name: str

    def tag(self, tokens: list[Token]) -> list[str]:
        """One BIO tag per token."""
        ...


class StockNerTagger:
    """underthesea's bundled CRF NER, fed the pipeline's own words, POS and chunk tags."""

    name = f"underthesea-{underthesea.__version__}-crf"

    def tag(self, tokens: list[Token]) -> list[str]:
        """One BIO tag per token."""
        return stock_ner_tags([t.text for t in tokens], [t.pos for t in tokens], [t.chunk for t in tokens])


def default_ner_tagger() -> NerTagger:
    """The tagger the build uses for documents without gold."""
    return StockNerTagger()
