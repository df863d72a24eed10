"""The biaffine parser's settings, vocabularies, sentence encoding and weight shapes."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

PAD, UNK, ROOT = 0, 1, 2
"""Reserved ids of every vocabulary."""
RESERVED = ("<pad>", "<unk>", "<root>")
ROOT_LABEL = "root"
FORMAT = "danvan-biaffine-1"
LEAK = 0.1
"""Negative slope of the leaky ReLU of the four role layers."""
LSTM_WEIGHTS = ("weight_ih", "weight_hh", "bias_ih", "bias_hh")
ROLES = ("arc_dep", "arc_head", "label_dep", "label_head")


@dataclass(frozen=True)
class TreeSentence:
    """One sentence for the parser: words, UPOS, VLSP tags, and (for training) 1-based heads and deprels."""

    words: tuple[str, ...]
    upos: tuple[str, ...]
    xpos: tuple[str, ...]
    heads: tuple[int, ...] = ()
    deprels: tuple[str, ...] = ()


@dataclass(frozen=True)
class Settings:
    """Fixed training settings (the defaults are the shipped model's)."""

    word_dim: int = 100
    syllable_dim: int = 100
    tag_dim: int = 50
    hidden: int = 128
    layers: int = 1
    arc_dim: int = 128
    label_dim: int = 32
    dropout: float = 0.33
    word_dropout: float = 0.25
    min_count: int = 2
    epochs: int = 30
    batch_size: int = 32
    learning_rate: float = 2e-3
    seed: int = 1


@dataclass(frozen=True)
class Vocabularies:
    """The strings each id stands for: words, syllables, UPOS, VLSP tags (all lowercased forms
    for the first two, RESERVED first) and labels."""

    words: tuple[str, ...]
    syllables: tuple[str, ...]
    upos: tuple[str, ...]
    xpos: tuple[str, ...]
    labels: tuple[str, ...]

    @classmethod
    def of(cls, sentences: Sequence[TreeSentence], min_count: int) -> Vocabularies:
        """Vocabularies of training sentences; words and syllables seen fewer than ``min_count`` times are left out."""
        words = Counter(w.lower() for s in sentences for w in s.words)
        syllables = Counter(y for s in sentences for w in s.words for y in w.lower().split(" "))

        def kept(counts: Counter[str], least: int) -> tuple[str, ...]:
            return RESERVED + tuple(sorted(x for x, n in counts.items() if n >= least))

        return cls(
            kept(words, min_count),
            kept(syllables, min_count),
            kept(Counter(t for s in sentences for t in s.upos), 1),
            kept(Counter(t for s in sentences for t in s.xpos), 1),
            tuple(sorted({d for s in sentences for d in s.deprels} | {ROOT_LABEL})),
        )

    @cached_property
    def index(self) -> tuple[dict[str, int], ...]:
        """Id of each string of the words, syllables, UPOS and VLSP tags."""
        return tuple({s: i for i, s in enumerate(v)} for v in (self.words, self.syllables, self.upos, self.xpos))


@dataclass(frozen=True)
class Encoded:
    """A batch of sentences as padded id arrays, ROOT first: words (B, T), syllables (B, T, S), UPOS,
    VLSP tags, the lengths (words + 1), and where each sentence's tokens start once the padding is dropped."""

    words: np.ndarray
    syllables: np.ndarray
    upos: np.ndarray
    xpos: np.ndarray
    lengths: np.ndarray

    @property
    def starts(self) -> np.ndarray:
        """Index of each sentence's ROOT among the batch's real tokens."""
        return np.cumsum(self.lengths) - self.lengths


def encode(vocabularies: Vocabularies, sentences: Sequence[TreeSentence]) -> Encoded:
    """The id arrays of ``sentences`` (unknown strings get UNK)."""
    words, syllables, upos, xpos = vocabularies.index
    lengths = np.array([len(s.words) + 1 for s in sentences], dtype=np.int64)
    lowered = [w.lower() for s in sentences for w in s.words]
    pieces = [w.split(" ") for w in lowered]
    counts = np.array([len(p) for p in pieces], dtype=np.int64)
    shape = (len(sentences), int(lengths.max(initial=1)))
    sentence, token = np.nonzero((np.arange(shape[1]) < lengths[:, None]) & (np.arange(shape[1]) > 0))
    arrays = []
    for vocabulary, strings in (
        (words, lowered),
        (upos, [t for s in sentences for t in s.upos]),
        (xpos, [t for s in sentences for t in s.xpos]),
    ):
        array = np.zeros(shape, dtype=np.int64)
        array[sentence, token] = [vocabulary.get(x, UNK) for x in strings]
        array[:, 0] = ROOT
        arrays.append(array)
    syllable_ids = np.zeros(shape + (int(counts.max(initial=1)),), dtype=np.int64)
    place = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    owner = np.repeat(np.arange(len(lowered)), counts)
    syllable_ids[sentence[owner], token[owner], place] = [syllables.get(y, UNK) for p in pieces for y in p]
    syllable_ids[:, 0, 0] = ROOT
    return Encoded(arrays[0], syllable_ids, arrays[1], arrays[2], lengths)


def weight_shapes(vocabularies: Vocabularies, settings: Settings) -> dict[str, tuple[int, ...]]:
    """Name and shape of every weight of the network (PyTorch's names for the LSTM's)."""
    v, s = vocabularies, settings
    shapes: dict[str, tuple[int, ...]] = {
        "word_emb.weight": (len(v.words), s.word_dim),
        "syllable_emb.weight": (len(v.syllables), s.syllable_dim),
        "upos_emb.weight": (len(v.upos), s.tag_dim),
        "xpos_emb.weight": (len(v.xpos), s.tag_dim),
    }
    width = s.word_dim + s.syllable_dim + 2 * s.tag_dim
    for layer in range(s.layers):
        for suffix in ("", "_reverse"):
            shapes[f"lstm.weight_ih_l{layer}{suffix}"] = (4 * s.hidden, width)
            shapes[f"lstm.weight_hh_l{layer}{suffix}"] = (4 * s.hidden, s.hidden)
            shapes[f"lstm.bias_ih_l{layer}{suffix}"] = (4 * s.hidden,)
            shapes[f"lstm.bias_hh_l{layer}{suffix}"] = (4 * s.hidden,)
        width = 2 * s.hidden
    for role in ROLES:
        dim = s.arc_dim if role.startswith("arc") else s.label_dim
        shapes[f"{role}.weight"], shapes[f"{role}.bias"] = (dim, width), (dim,)
    shapes["arc_weight"], shapes["arc_bias"] = (s.arc_dim, s.arc_dim), (s.arc_dim,)
    shapes["label_weight"] = (len(v.labels), s.label_dim + 1, s.label_dim + 1)
    return shapes
