"""Sentences for the CRF NER, the gazetteers it matches and the units it tags (words or syllables).

Two tagging levels: ``word`` tags the segmenter's words; ``syllable`` tags syllables
(the pieces of a word split on spaces, each knowing its position in its word) and maps
the tags back, which lets an entity begin or end inside a mis-segmented word.
Closed-class lexicons (roles, administrative and head words) are package data (``ner_lexicons.tsv``).
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib.resources import files
from pathlib import Path

from danvan.formats.bio import tag_runs
from danvan.pipeline.normalize import normalize_syllable

LEVELS = ("word", "syllable")
TRAINING_PARAMS = {"c1": 0.0, "c2": 0.1, "max_iterations": 200, "feature.possible_transitions": True}
"""Fixed L-BFGS settings: training is deterministic."""

MAX_GAZETTEER_SYLLABLES = 10
LEXICON_PATH = Path(str(files("danvan") / "data" / "ner_lexicons.tsv"))
"""Closed-class word lists (surnames, roles, administrative words, organization and document heads)."""
PLACES_PATH = Path(str(files("danvan") / "data" / "places.tsv"))
"""Vietnam's provinces, districts and communes and the world's countries (scripts/make_gazetteers.py)."""


@dataclass(frozen=True)
class TaggedSentence:
    """A sentence's words with POS tags and, for training, BIO tags (any label set)."""

    words: tuple[str, ...]
    pos: tuple[str, ...]
    tags: tuple[str, ...] = ()
    chunks: tuple[str, ...] = ()
    id: str = ""


@dataclass
class Gazetteer:
    """Entity strings seen in training, lowercased syllable tuples by label."""

    entries: dict[tuple[str, ...], str] = field(default_factory=dict)

    @classmethod
    def from_sentences(cls, sentences: Sequence[TaggedSentence]) -> Gazetteer:
        """Collect every B/I-tagged word run as an entry (the most frequent label wins, ties by name)."""
        counts: dict[tuple[str, ...], dict[str, int]] = {}
        for sentence in sentences:
            for label, first, after in tag_runs(sentence.tags):
                key = tuple(_syllables(" ".join(sentence.words[first:after])))
                counts.setdefault(key, {}).setdefault(label, 0)
                counts[key][label] += 1
        entries = {k: max(sorted(v), key=lambda label: v[label]) for k, v in counts.items()}
        return cls(entries)

    @cached_property
    def _longest(self) -> dict[str, int]:
        """The longest entry (in syllables) that starts with each first syllable."""
        longest: dict[str, int] = {}
        for key in self.entries:
            if key:
                longest[key[0]] = max(longest.get(key[0], 0), len(key))
        return longest

    def _reach(self, first: str) -> int:
        """The longest entry starting with syllable ``first`` (0: none does)."""
        return self._longest.get(first, 0)

    def _label(self, key: tuple[str, ...]) -> str | None:
        return self.entries.get(key)

    def match(self, syllables: list[str]) -> list[str]:
        """Longest-match gazetteer tag per syllable: ``B-LABEL``, ``I-LABEL`` or ``O``."""
        n = len(syllables)
        tags = ["O"] * n
        reach_of, label_of = self._reach, self._label
        i = 0
        while i < n:
            reach = reach_of(syllables[i])
            if not reach:  # most syllables start no entry
                i += 1
                continue
            for length in range(min(MAX_GAZETTEER_SYLLABLES, n - i, reach), 0, -1):
                label = label_of(tuple(syllables[i : i + length]))
                if label:
                    tags[i : i + length] = [f"B-{label}"] + [f"I-{label}"] * (length - 1)
                    i += length
                    break
            else:
                i += 1
        return tags

    def hashed(self) -> HashedGazetteer:
        """The same gazetteer with its strings replaced by digests (it matches exactly as this one does)."""
        return HashedGazetteer(
            {digest(key): label for key, label in self.entries.items()},
            {digest((first,)): n for first, n in self._longest.items()},
        )


def digest(syllables: tuple[str, ...]) -> str:
    """A 64-bit BLAKE2b digest of a syllable sequence (16 hex digits)."""
    return hashlib.blake2b(" ".join(syllables).encode("utf-8"), digest_size=8).hexdigest()


class HashedGazetteer(Gazetteer):
    """A gazetteer whose entries are digests of their syllables: a model can ship it without the training
    data's entity strings. Keys: ``digest(entry)`` → label; ``firsts``: ``digest((first,))`` → longest entry."""

    def __init__(self, entries: dict[str, str], firsts: dict[str, int]) -> None:
        super().__init__(entries)  # type: ignore[arg-type]
        self.firsts = firsts

    def _reach(self, first: str) -> int:
        return self.firsts.get(digest((first,)), 0)

    def _label(self, key: tuple[str, ...]) -> str | None:
        return self.entries.get(digest(key))  # type: ignore[call-overload]


def load_lexicon(path: Path = LEXICON_PATH) -> Gazetteer:
    """The closed-class lexicons as a gazetteer of categories (several categories of one entry: sorted, joined)."""
    categories: dict[tuple[str, ...], set[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            category, entry = line.split("\t")
            categories.setdefault(tuple(entry.split()), set()).add(category)
    return Gazetteer({k: "+".join(sorted(v)) for k, v in categories.items()})


CLUSTERS_PATH = Path(str(files("danvan") / "data" / "clusters.tsv"))
"""Syllable clusters learnt from unlabelled news (scripts/make_clusters.py)."""


@cache
def load_clusters(path: Path = CLUSTERS_PATH) -> dict[str, tuple[str, ...]]:
    """Each normalized syllable's cluster ids, coarse to fine."""
    table = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            syllable, *ids = line.split("\t")
            table[syllable] = tuple(ids)
    return table


@cache
def load_places(path: Path = PLACES_PATH) -> Gazetteer:
    """The place gazetteer, its names in normalized form (press-style tone marks, as ``place_forms`` gives)."""
    categories: dict[tuple[str, ...], set[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            category, entry = line.split("\t")
            categories.setdefault(tuple(place_forms(entry)), set()).add(category)
    return Gazetteer({k: "+".join(sorted(v)) for k, v in categories.items()})


def place_forms(text: str) -> list[str]:
    """Syllables in the form the place gazetteer matches: normalized (NFC, lowercase, press-style tones)."""
    return [normalize_syllable(s) for s in text.split()]


def _syllables(word: str) -> list[str]:
    return [unicodedata.normalize("NFC", s).lower() for s in word.split()]


def shape(text: str) -> str:
    """Capitalization and character-class shape of a syllable: "Xx", "X", "x", "d", "X.X", …, squeezed."""
    classes = []
    for char in text:
        c = "X" if char.isupper() else "x" if char.islower() else "d" if char.isdigit() else char
        if not classes or classes[-1] != c:
            classes.append(c)
    return "".join(classes)


def _syllable_units(sentence: TaggedSentence) -> list[dict[str, str]]:
    """One unit per syllable: its text, position in its word and the word's POS."""
    units = []
    for word, pos in zip(sentence.words, sentence.pos, strict=True):
        pieces = word.split() or [word]
        for i, piece in enumerate(pieces):
            units.append({"text": piece, "wpos": "B" if i == 0 else "I", "pos": pos, "nsyl": str(len(pieces))})
    return units


def _word_units(sentence: TaggedSentence) -> list[dict[str, str]]:
    return [
        {"text": word, "wpos": "W", "pos": pos, "nsyl": str(len(word.split()))}
        for word, pos in zip(sentence.words, sentence.pos, strict=True)
    ]


def _is_title(text: str) -> bool:
    pieces = text.split()
    return bool(pieces) and all(p[:1].isupper() for p in pieces)


def _per_unit(syllable_tags: list[str], lowers: list[str], level: str) -> list[str]:
    """Syllable-level match tags as one tag per unit (a word takes its first syllable's)."""
    if level == "syllable":
        return syllable_tags
    tags, k = [], 0
    for unit in lowers:
        tags.append(syllable_tags[k])
        k += len(unit.split())
    return tags
