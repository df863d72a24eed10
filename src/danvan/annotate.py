"""The per-document pipeline: a pure function from raw text to an annotated Document."""

from __future__ import annotations

from dataclasses import replace

from danvan.errors import CorpusError
from danvan.gold import align_entities_to_tokens, entities_from_tags
from danvan.ingest import extract_metadata, zone_lines
from danvan.model import KEPT_ZONE_KINDS, Document, Entity, Metadata, Sentence, Token, check_spans
from danvan.ner import NerTagger
from danvan.normalize import normalize_word
from danvan.segment import Span, segment_words, sentence_spans, syllable_spans
from danvan.tag import pos_and_chunk_tags

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
    words = segment_words(raw, syllable_spans(raw, start, end))
    pos_tags, chunk_tags = pos_and_chunk_tags([fed for _, fed in words])
    return tuple(
        Token(s, e, raw[s:e], normalize_word(raw[s:e]), pos, chunk)
        for ((s, e), _), pos, chunk in zip(words, pos_tags, chunk_tags, strict=True)
    )


def annotate_document(
    doc_id: str,
    raw: str,
    ner_tagger: NerTagger,
    gold: tuple[Entity, ...] | None = None,
    metadata: Metadata | None = None,
) -> tuple[Document, int]:
    """Zone, split, tag and NER-tag one raw text: (document, number of tokens split at gold edges).

    With ``gold`` the NER layer is the gold entities (every one must lie in a kept zone);
    otherwise ``ner_tagger`` tags it. Offsets are into ``raw``; the invariant is checked.
    """
    zones = zone_lines(raw)
    sentences: list[Sentence] = []
    splits = 0
    placed: set[Entity] = set()
    for zone in zones:
        if zone.kind not in KEPT_ZONE_KINDS:
            continue
        zone_gold = tuple(e for e in gold or () if zone.start <= e.start and e.end <= zone.end)
        for start, end in merge_spans_across(sentence_spans(raw, zone.start, zone.end), zone_gold):
            tokens = tag_sentence(raw, start, end)
            if gold is not None:
                entities = tuple(e for e in zone_gold if start <= e.start and e.end <= end)
                placed.update(entities)
                tokens, sentence_splits = align_entities_to_tokens(tokens, entities, raw)
                splits += sentence_splits
            else:
                tags = ner_tagger.tag(list(tokens))
                tokens = tuple(replace(t, ner=tag) for t, tag in zip(tokens, tags, strict=True))
                entities = entities_from_tags(tokens, raw)
            sentences.append(Sentence(start, end, raw[start:end], zone.kind, tokens, entities))
    if gold is not None and (lost := [e for e in gold if e not in placed]):
        e = lost[0]
        raise CorpusError(f"{doc_id}: offset {e.start}-{e.end}: gold {e.label} {e.text!r} is outside the kept text")
    check_spans(doc_id, raw, [(s.start, s.end, s.text) for s in sentences])
    check_spans(doc_id, raw, [(t.start, t.end, t.text) for s in sentences for t in s.tokens])
    document = Document(
        id=doc_id,
        raw=raw,
        zones=zones,
        sentences=tuple(sentences),
        metadata=metadata or extract_metadata(raw, zones),
        ner_source="gold" if gold is not None else ner_tagger.name,
    )
    return document, splits
