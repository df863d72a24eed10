"""The library's entry point for notebooks: ``danvan.annotate(text)`` gives a Document with every layer."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from danvan.model import Document


@cache
def _models(ner_model: Path | None) -> tuple[object, object]:
    """The NER model (default: the shipped one) and the shipped parser, loaded once per process."""
    from danvan.pipeline.ner import load_ner_tagger
    from danvan.pipeline.parse import load_parser

    return load_ner_tagger(ner_model), load_parser()


def annotate(text: str, doc_id: str = "text", ner_model: str | Path | None = None) -> Document:
    """Zones, sentences, words (POS, chunk), entities from the project's NER model (or the CRF model file
    ``ner_model``, e.g. one ``train-ner`` made), UPOS and dependency trees of one raw Vietnamese text; every
    offset indexes ``text``."""
    from danvan.pipeline.annotate import annotate_document

    ner_tagger, parser = _models(Path(ner_model).resolve() if ner_model else None)
    return annotate_document(doc_id, text, ner_tagger, parser)  # type: ignore[arg-type]
