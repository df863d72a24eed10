"""The per-document pipeline, one stage after another: raw text → zones → sentences → words with POS and
chunk tags → NER (gold or a tagger) → UPOS → dependency trees, as one complete Document."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from danvan.errors import CorpusError
from danvan.formats.bio import align_entities_to_tokens, entities_from_tags
from danvan.model import KEPT_ZONE_KINDS, Document, Entity, Metadata, Sentence, Token, check_spans
from danvan.models.biaffine.parser import BiaffineParser
from danvan.pipeline.ingest import extract_metadata
from danvan.pipeline.ner import NerTagger
from danvan.pipeline.normalize import normalize_word
from danvan.pipeline.parse import parse_document
from danvan.pipeline.segment import Span, segment_sentences_words, sentence_spans, syllable_spans
from danvan.pipeline.tag import sentences_pos_and_chunk_tags
from danvan.pipeline.text_view import TextView, map_to_raw, needs_view, text_view
from danvan.pipeline.upos import tag_upos
from danvan.pipeline.zoning import zone_text

PIPELINE_VERSION = "1"
"""Bumped whenever a change to the pipeline can change its output (part of the cache key)."""


def merge_spans_across(spans: list[Span], entities: tuple[Entity, ...]) -> list[Span]:
    """Merge consecutive sentence spans whose boundary falls inside an entity."""
    merged: list[Span] = []
    for span in spans:
        if merged and any(e.start < merged[-1][1] and e.end > span[0] for e in entities):
            merged[-1] = (merged[-1][0], span[1])
        else:
            merged.append(span)
    return merged


def tag_sentence(raw: str, start: int, end: int) -> tuple[Token, ...]:
    """Words, normalized forms, POS and chunk tags of one sentence, in one pass over it."""
    return tag_sentences(raw, [(start, end)])[0]


def tag_sentences(raw: str, spans: Sequence[Span]) -> list[tuple[Token, ...]]:
    """``tag_sentence`` of each sentence span, each stage run over all of them at once."""
    words = segment_sentences_words(raw, [syllable_spans(raw, start, end) for start, end in spans])
    tags = sentences_pos_and_chunk_tags([[fed for _, fed in sentence] for sentence in words])
    return [
        tuple(
            Token(s, e, raw[s:e], normalize_word(raw[s:e]), pos, chunk)
            for ((s, e), _), pos, chunk in zip(sentence, pos_tags, chunk_tags, strict=True)
        )
        for sentence, (pos_tags, chunk_tags) in zip(words, tags, strict=True)
    ]


def tag_entities(
    doc_id: str, raw: str, sentences: list[Sentence], ner_tagger: NerTagger, gold: tuple[Entity, ...] | None
) -> tuple[list[Sentence], int]:
    """The NER stage: sentences with BIO tags and entities from ``gold`` (tokens split at its edges) or
    from ``ner_tagger``; (sentences, tokens split). Every gold entity must lie in one kept sentence."""
    if gold is None:
        tagged = []
        for sentence, tags in zip(sentences, ner_tagger.tag([s.tokens for s in sentences]), strict=True):
            tokens = tuple(t.updated(ner=tag) for t, tag in zip(sentence.tokens, tags, strict=True))
            tagged.append(replace(sentence, tokens=tokens, entities=entities_from_tags(tokens, raw)))
        return tagged, 0
    tagged, splits, placed = [], 0, set()
    for sentence in sentences:
        entities = tuple(e for e in gold if sentence.start <= e.start and e.end <= sentence.end)
        placed.update(entities)
        tokens, sentence_splits = align_entities_to_tokens(sentence.tokens, entities, raw)
        splits += sentence_splits
        tagged.append(replace(sentence, tokens=tokens, entities=entities))
    if lost := [e for e in gold if e not in placed]:
        e = lost[0]
        raise CorpusError(f"{doc_id}: offset {e.start}-{e.end}: gold {e.label} {e.text!r} is outside the kept text")
    return tagged, splits


def tag_document(
    doc_id: str,
    raw: str,
    ner_tagger: NerTagger,
    gold: tuple[Entity, ...] | None = None,
    metadata: Metadata | None = None,
) -> Document:
    """Zones, sentences, words with POS and chunk tags, and NER of one raw text (no UPOS or trees yet);
    offsets into ``raw``, the invariant checked. With ``gold`` the NER layer is the gold entities (every
    one must lie in a kept zone); otherwise ``ner_tagger`` tags it. The stages read the text's NFC view
    (:mod:`danvan.pipeline.text_view`); the Document's offsets and texts are the raw text's."""
    if not needs_view(raw):
        return _tag_text(doc_id, raw, ner_tagger, gold, metadata)
    view = text_view(raw)
    view_gold = None if gold is None else tuple(_entity_in_view(doc_id, e, view) for e in gold)
    return map_to_raw(_tag_text(doc_id, view.text, ner_tagger, view_gold, metadata), view, raw)


def _entity_in_view(doc_id: str, entity: Entity, view: TextView) -> Entity:
    """A gold entity (raw offsets) in view offsets; CorpusError when an edge falls inside a letter's marks."""
    start, end = view.view_offset(entity.start), view.view_offset(entity.end)
    if start is None or end is None:
        raise CorpusError(f"{doc_id}: offset {entity.start}-{entity.end}: gold {entity.label} {entity.text!r} "
                          "begins or ends between a letter and its combining marks")  # fmt: skip
    return replace(entity, start=start, end=end, text=view.text[start:end])


def _tag_text(
    doc_id: str,
    raw: str,
    ner_tagger: NerTagger,
    gold: tuple[Entity, ...] | None,
    metadata: Metadata | None,
) -> Document:
    """``tag_document`` on a text that is its own view."""
    zones = zone_text(raw)
    spans: list[tuple[Span, str]] = []
    for zone in zones:
        if zone.kind not in KEPT_ZONE_KINDS:
            continue
        zone_gold = tuple(e for e in gold or () if zone.start <= e.start and e.end <= zone.end)
        spans.extend(
            (span, zone.kind) for span in merge_spans_across(sentence_spans(raw, zone.start, zone.end), zone_gold)
        )
    tokens = tag_sentences(raw, [span for span, _ in spans])
    sentences = [
        Sentence(start, end, raw[start:end], kind, sentence_tokens)
        for ((start, end), kind), sentence_tokens in zip(spans, tokens, strict=True)
    ]
    sentences, splits = tag_entities(doc_id, raw, sentences, ner_tagger, gold)
    check_spans(doc_id, raw, [(s.start, s.end, s.text) for s in sentences])
    check_spans(doc_id, raw, [(t.start, t.end, t.text) for s in sentences for t in s.tokens])
    return Document(
        id=doc_id,
        raw=raw,
        zones=zones,
        sentences=tuple(sentences),
        metadata=metadata or extract_metadata(raw, zones),
        ner_source="gold" if gold is not None else ner_tagger.name,
        token_splits=splits,
    )


def annotate_document(
    doc_id: str,
    raw: str,
    ner_tagger: NerTagger,
    parser: BiaffineParser,
    gold: tuple[Entity, ...] | None = None,
    metadata: Metadata | None = None,
) -> Document:
    """Every layer of one raw text: :func:`tag_document`, then UPOS, then ``parser``'s dependency trees."""
    return parse_document(tag_upos(tag_document(doc_id, raw, ner_tagger, gold, metadata)), parser)
