"""Word-segmentation scores: precision, recall and F1 over word spans (syllable index pairs)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import conllu

from danvan.errors import CorpusError

SyllableSentence = tuple[list[str], list[str]]
"""A sentence's syllables and their gold B-W/I-W tags."""


@dataclass(frozen=True)
class SegmentationScore:
    """Word-level precision, recall and F1, and the gold word count."""

    precision: float
    recall: float
    f1: float
    words: int


def word_spans(tags: Sequence[str]) -> set[tuple[int, int]]:
    """(first, end) syllable indices of the words of a B-W/I-W sequence (an I-W at the start begins a word)."""
    spans, start = set(), 0
    for i, tag in enumerate(tags):
        if i and tag != "I-W":
            spans.add((start, i))
            start = i
    if tags:
        spans.add((start, len(tags)))
    return spans


def segmentation_score(pairs: Iterable[tuple[Sequence[str], Sequence[str]]]) -> SegmentationScore:
    """Micro word P/R/F1 of (gold tags, predicted tags) pairs."""
    true_positive = predicted = gold = 0
    for gold_tags, predicted_tags in pairs:
        a, b = word_spans(gold_tags), word_spans(predicted_tags)
        true_positive += len(a & b)
        predicted += len(b)
        gold += len(a)
    p = true_positive / predicted if predicted else 0.0
    r = true_positive / gold if gold else 0.0
    return SegmentationScore(p, r, 2 * p * r / (p + r) if p + r else 0.0, gold)


def treebank_sentences(path: Path) -> list[SyllableSentence]:
    """A UD Vietnamese treebank's sentences as syllables (its word forms split on spaces) and B-W/I-W tags."""
    try:
        parsed = conllu.parse(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as err:
        raise CorpusError(f"{path}: cannot read it as UTF-8 text ({err})") from None
    except conllu.exceptions.ParseException as err:
        raise CorpusError(f"{path}: not CoNLL-U ({err})") from None
    sentences = []
    for sentence in parsed:
        syllables, tags = [], []
        for token in sentence:
            if not isinstance(token["id"], int):
                continue
            for k, syllable in enumerate(token["form"].split()):
                syllables.append(syllable)
                tags.append("I-W" if k else "B-W")
        if syllables:
            sentences.append((syllables, tags))
    return sentences


def underscored_sentence(line: str) -> SyllableSentence:
    """Syllables and tags of a sentence written with ``_`` inside words and spaces between them."""
    syllables, tags = [], []
    for word in line.split():
        for k, syllable in enumerate(word.split("_")):
            syllables.append(syllable)
            tags.append("I-W" if k else "B-W")
    return syllables, tags
