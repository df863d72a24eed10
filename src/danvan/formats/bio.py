"""The one conversion between character-span entities and BIO tags on tokens (IOB2), both ways.

Reading tags, an ``I-`` tag that does not continue an entity of its label opens one (as seqeval
does in its default, non-strict mode); writing tags, tokens are first split at entity edges that
fall inside them, so every entity is a run of whole tokens.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from danvan.model import Entity, Token, strip_span
from danvan.pipeline.normalize import normalize_word


def tag_runs(tags: Sequence[str]) -> list[tuple[str, int, int]]:
    """The entities of a BIO tag sequence as (label, first index, index after the last)."""
    runs: list[tuple[str, int, int]] = []
    current: tuple[str, int] | None = None
    for index, tag in enumerate(tags):
        prefix, _, label = tag.partition("-")
        if current is not None and prefix == "I" and label == current[0]:
            continue
        if current is not None:
            runs.append((current[0], current[1], index))
            current = None
        if prefix in ("B", "I"):
            current = (label, index)
    if current is not None:
        runs.append((current[0], current[1], len(tags)))
    return runs


def entities_from_tags(tokens: tuple[Token, ...], raw: str) -> tuple[Entity, ...]:
    """Character-span entities read off the tokens' BIO tags (offsets into ``raw``)."""
    entities = []
    for label, first, after in tag_runs([t.ner for t in tokens]):
        start, end = tokens[first].start, tokens[after - 1].end
        entities.append(Entity(start, end, label, raw[start:end]))
    return tuple(entities)


def split_tokens_at(tokens: tuple[Token, ...], cuts: set[int], raw: str) -> tuple[tuple[Token, ...], int]:
    """Split tokens at character offsets falling strictly inside them: (new tokens, number of splits)."""
    result: list[Token] = []
    splits = 0
    for token in tokens:
        bounds = [token.start, *sorted(c for c in cuts if token.start < c < token.end), token.end]
        pieces = [strip_span(raw, start, end) for start, end in zip(bounds, bounds[1:], strict=False)]
        pieces = [(start, end) for start, end in pieces if start < end]
        if len(pieces) == 1:
            result.append(token)
            continue
        splits += len(pieces) - 1
        for index, (start, end) in enumerate(pieces):
            chunk = token.chunk if index == 0 or token.chunk == "O" else "I-" + token.chunk[2:]
            piece = raw[start:end]
            result.append(replace(token, start=start, end=end, text=piece, norm=normalize_word(piece), chunk=chunk))
    return tuple(result), splits


def align_entities_to_tokens(
    tokens: tuple[Token, ...], entities: tuple[Entity, ...], raw: str
) -> tuple[tuple[Token, ...], int]:
    """BIO-tag tokens from character-span entities, splitting tokens at entity edges: (tokens, splits)."""
    tokens, splits = split_tokens_at(tokens, {e.start for e in entities} | {e.end for e in entities}, raw)
    tagged: list[Token] = []
    for token in tokens:
        entity = next((e for e in entities if e.start <= token.start and token.end <= e.end), None)
        if entity is None:
            tagged.append(replace(token, ner="O"))
        else:
            prefix = "B" if token.start == entity.start else "I"
            tagged.append(replace(token, ner=f"{prefix}-{entity.label}"))
    return tuple(tagged), splits


def tags_from_entities(tokens: tuple[Token, ...], entities: tuple[Entity, ...], raw: str) -> list[str]:
    """The BIO tags of ``entities`` on ``tokens`` (split at the entities' edges first, as in alignment)."""
    return [t.ner for t in align_entities_to_tokens(tokens, entities, raw)[0]]
