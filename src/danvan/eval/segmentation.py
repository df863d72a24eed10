"""Word-segmentation scores: precision, recall and F1 over word spans (syllable index pairs)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import conllu

from danvan.errors import CorpusError
from danvan.formats.bio import tag_runs

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
    return {(start, end) for _, start, end in tag_runs(tags)}


def tagged_syllables(words: Iterable[Sequence[str]]) -> SyllableSentence:
    """Words given as their syllables → the sentence's syllables and B-W/I-W tags."""
    syllables, tags = [], []
    for word in words:
        syllables.extend(word)
        tags.extend("I-W" if k else "B-W" for k in range(len(word)))
    return syllables, tags


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
    sentences = [
        tagged_syllables(token["form"].split() for token in sentence if isinstance(token["id"], int))
        for sentence in parsed
    ]
    return [sentence for sentence in sentences if sentence[0]]


def underscored_sentence(line: str) -> SyllableSentence:
    """Syllables and tags of a sentence written with ``_`` inside words and spaces between them."""
    return tagged_syllables(word.split("_") for word in line.split())
