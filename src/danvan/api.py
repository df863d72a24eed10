"""The library's entry point for notebooks: ``danvan.annotate(text)`` gives a Document with every layer."""

from __future__ import annotations

from functools import cache

from danvan.model import Document


@cache
def _models() -> tuple[object, object]:
    """The shipped NER model and parser, loaded once per process."""
    from danvan.pipeline.ner import load_ner_tagger
    from danvan.pipeline.parse import load_parser

    return load_ner_tagger(), load_parser()


def annotate(text: str, doc_id: str = "text") -> Document:
    """Zones, sentences, words (POS, chunk), entities from the project's NER model, UPOS and dependency trees
    of one raw Vietnamese text; every offset indexes ``text``."""
    from danvan.pipeline.annotate import annotate_document

    ner_tagger, parser = _models()
    return annotate_document(doc_id, text, ner_tagger, parser)  # type: ignore[arg-type]
