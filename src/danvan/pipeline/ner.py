"""NER taggers for documents without gold: the project's CRF model, or underthesea's stock CRF."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import pycrfsuite
import underthesea

from danvan.errors import CorpusError
from danvan.model import Token
from danvan.models.crf_ner.model import CrfNerModel, load_crf
from danvan.models.crf_ner.units import TaggedSentence
from danvan.pipeline.tag import stock_ner_tags
from danvan.resources import NER_MODEL, data_file


class NerTagger(Protocol):
    """Anything that BIO-tags sentences' tokens (which carry text, norm, POS and chunk)."""

    name: str
    fingerprint: str
    """Changes whenever the tagger's output can change (part of the build cache key)."""

    def tag(self, sentences: Sequence[Sequence[Token]]) -> list[list[str]]:
        """One BIO tag per token of each sentence (a document's sentences in one call)."""
        ...


class StockNerTagger:
    """underthesea's bundled CRF NER, fed the pipeline's own words, POS and chunk tags."""

    name = f"underthesea-{underthesea.__version__}-crf"
    fingerprint = name

    def tag(self, sentences: Sequence[Sequence[Token]]) -> list[list[str]]:
        """One BIO tag per token of each sentence."""
        return [stock_ner_tags([t.text for t in s], [t.pos for t in s], [t.chunk for t in s]) for s in sentences]


class ProjectNerTagger:
    """The project's CRF NER model (:mod:`danvan.models.crf_ner`) behind the NerTagger protocol."""

    def __init__(self, model: CrfNerModel) -> None:
        self.model = model
        self.name = model.name
        self.fingerprint = model.fingerprint

    def tag(self, sentences: Sequence[Sequence[Token]]) -> list[list[str]]:
        """One BIO tag per token of each sentence, scored together."""
        return self.model.tag_sentences(
            [
                TaggedSentence(tuple(t.text for t in s), tuple(t.pos for t in s), chunks=tuple(t.chunk for t in s))
                for s in sentences
            ]  # fmt: skip
        )


def load_ner_tagger(path: Path | None = None) -> ProjectNerTagger:
    """The project's CRF NER model at ``path`` (default: the shipped one); CorpusError if it cannot be read."""
    path = path or data_file(NER_MODEL)
    for needed in (path, Path(f"{path}.json")):
        if not needed.is_file():
            raise CorpusError(f"{needed}: no such file; a model is FILE and FILE.json, written by train_ner.py")
    try:
        pycrfsuite.Tagger().open(str(path))  # a truncated or foreign file fails here, not mid-build
        return ProjectNerTagger(load_crf(path))
    except (OSError, ValueError, KeyError) as err:
        raise CorpusError(f"{path}: cannot load the NER model: {err}") from None
