"""NER taggers for documents without gold: the project's CRF model, or underthesea's stock CRF."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

import underthesea

from danvan.model import Token
from danvan.ner_crf import CrfNerModel, TaggedSentence, load_crf
from danvan.tag import stock_ner_tags


class NerTagger(Protocol):
    """Anything that BIO-tags a sentence's tokens (which carry text, norm, POS and chunk)."""

    name: str
    fingerprint: str
    """Changes whenever the tagger's output can change (part of the build cache key)."""

    def tag(self, tokens: list[Token]) -> list[str]:
        """One BIO tag per token."""
        ...


class StockNerTagger:
    """underthesea's bundled CRF NER, fed the pipeline's own words, POS and chunk tags."""

    name = f"underthesea-{underthesea.__version__}-crf"
    fingerprint = name

    def tag(self, tokens: list[Token]) -> list[str]:
        """One BIO tag per token."""
        return stock_ner_tags([t.text for t in tokens], [t.pos for t in tokens], [t.chunk for t in tokens])


class ProjectNerTagger:
    """The project's CRF NER model (``danvan.ner_crf``) behind the NerTagger protocol."""

    def __init__(self, model: CrfNerModel) -> None:
        self.model = model
        self.name = model.name
        self.fingerprint = model.fingerprint

    def tag(self, tokens: list[Token]) -> list[str]:
        """One BIO tag per token."""
        words = tuple(t.text for t in tokens)
        pos, chunks = tuple(t.pos for t in tokens), tuple(t.chunk for t in tokens)
        return self.model.tag_sentence(TaggedSentence(words, pos, chunks=chunks))


SHIPPED_MODEL = Path(__file__).resolve().parents[2] / "models" / "ner-crf.crfsuite"
"""The model trained on all gold documents by ``scripts/train_ner.py`` (see models/README.md)."""


def default_ner_tagger() -> NerTagger:
    """The tagger the build uses for documents without gold: the shipped model, else underthesea's."""
    if SHIPPED_MODEL.exists():
        return ProjectNerTagger(load_crf(SHIPPED_MODEL))
    return StockNerTagger()
