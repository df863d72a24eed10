"""crfsuite models run on integer columns: a sentence's feature strings are never built.

A CRF feature of our templates is a prefix and a value ("w[-1]=" + "ủy", "T[0,1].lower=" + "ủy ban"):
the value is a column of the sentence read at an offset. :class:`CompiledCrf` maps each column's values
to ids once per unit, each template's (value id → model attribute) with one array lookup, sums the
attributes' weights in template order (crfsuite's order, in float64 as crfsuite does) and decodes with
crfsuite's Viterbi (same tie-breaking), so its tags are crfsuite's (tests compare them). python-crfsuite
and underthesea_core take feature strings only: building and hashing those strings was most of the
tagging time. :func:`read_crfsuite` reads the model file itself (crfsuite's documented binary layout):
python-crfsuite's ``info()`` parses a text dump and takes most of a second.
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain, repeat
from pathlib import Path

import numba
import numpy as np

FEATURE_RECORD = np.dtype([("type", "<u4"), ("source", "<u4"), ("target", "<u4"), ("weight", "<f8")])
"""One feature of a crfsuite model file: type 0 (attribute → label) or 1 (label → label), and its weight."""


@dataclass(frozen=True)
class CrfWeights:
    """A crfsuite model: its labels, attribute strings → ids, state weights (attributes + 1 zero row, labels)
    and transition weights (from label, to label)."""

    labels: tuple[str, ...]
    attributes: dict[str, int]
    state: np.ndarray
    transitions: np.ndarray

    @property
    def unknown(self) -> int:
        """The zero row: what an attribute unknown to the model adds."""
        return len(self.state) - 1


def _quarks(data: bytes, offset: int) -> list[str]:
    """The strings of a CQDB chunk (crfsuite's string ⇄ id store) at ``offset``, in id order."""
    if data[offset : offset + 4] != b"CQDB":
        raise ValueError("not a crfsuite model: no CQDB chunk where the header points")
    count, backward = struct.unpack_from("<II", data, offset + 16)
    strings = []
    for (record,) in struct.iter_unpack("<I", data[offset + backward : offset + backward + 4 * count]):
        size = struct.unpack_from("<I", data, offset + record + 4)[0]
        strings.append(data[offset + record + 8 : offset + record + 7 + size].decode("utf-8"))
    return strings


def read_crfsuite(source: Path | bytes) -> CrfWeights:
    """The weights of a crfsuite (CRF1d) model file, or of its bytes."""
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    if data[:4] != b"lCRF" or data[8:12] != b"FOMC":
        raise ValueError("not a crfsuite CRF1d model file")
    labels_count, attributes_count, features_at, labels_at, attributes_at = struct.unpack_from("<5I", data, 20)
    if data[features_at : features_at + 4] != b"FEAT":
        raise ValueError("not a crfsuite model: no FEAT chunk where the header points")
    (count,) = struct.unpack_from("<I", data, features_at + 8)
    features = np.frombuffer(data, FEATURE_RECORD, count, features_at + 12)
    labels = _quarks(data, labels_at)
    attributes = _quarks(data, attributes_at)
    if len(labels) != labels_count or len(attributes) != attributes_count:
        raise ValueError("a crfsuite model whose string tables do not match its header")
    state = np.zeros((attributes_count + 1, labels_count))
    kept = features[features["type"] == 0]
    state[kept["source"], kept["target"]] = kept["weight"]
    transitions = np.zeros((labels_count, labels_count))
    moves = features[features["type"] == 1]
    transitions[moves["source"], moves["target"]] = moves["weight"]
    return CrfWeights(tuple(labels), {a: i for i, a in enumerate(attributes)}, state, transitions)


@numba.njit(cache=True)
def viterbi(scores: np.ndarray, transitions: np.ndarray) -> np.ndarray:
    """crfsuite's Viterbi (crf1dc_viterbi): the best label path of (T, L) state scores; ties go to the lower label."""
    steps, count = scores.shape
    alpha = np.empty((steps, count))
    back = np.zeros((steps, count), dtype=np.int64)
    alpha[0] = scores[0]
    for t in range(1, steps):
        for j in range(count):
            best, argbest = -np.inf, -1
            for i in range(count):
                score = alpha[t - 1, i] + transitions[i, j]
                if best < score:
                    best, argbest = score, i
            back[t, j] = argbest
            alpha[t, j] = best + scores[t, j]
    path = np.zeros(steps, dtype=np.int64)
    best = -np.inf
    for i in range(count):
        if best < alpha[steps - 1, i]:
            best, path[steps - 1] = alpha[steps - 1, i], i
    for t in range(steps - 2, -1, -1):
        path[t] = back[t + 1, path[t + 1]]
    return path


ABSENT = "\x00"
"""A column value that is no feature at all (crfsuite was given none there: no attribute matches it)."""


@dataclass(frozen=True)
class Template:
    """A feature read from a column: ``prefix`` + the column's value ``offset`` units away; out of the
    column's range (its values end ``width - 1`` units before the sentence: an n-gram column) the value is
    ``before`` or ``after``; the value :data:`ABSENT` is no feature. A template without a column is one
    constant attribute (``bias``)."""

    prefix: str
    column: str | None = None
    offset: int = 0
    width: int = 1
    before: str = "<pad>"
    after: str = "<pad>"


def windows(values: Sequence[str], width: int) -> list[str]:
    """The ``width`` values from each position on, joined by spaces: an n-gram column ("" where the run would
    pass the end, never read: a template of that width stops before)."""
    if width == 1:
        return list(values)
    runs = map(" ".join, zip(*(values[k:] for k in range(width)), strict=False))  # the shortest run ends it
    return [*runs, *[""] * min(len(values), width - 1)]


def feature_strings(columns: dict[str, Sequence[str]], templates: Sequence[Template]) -> list[list[str]]:
    """The crfsuite feature strings of each unit that ``templates`` read from a sentence's ``columns`` (for
    training, and to check the columns against another featurizer)."""
    n = len(next(iter(columns.values()))) if columns else 0
    units: list[list[str]] = [[] for _ in range(n)]
    for t in templates:
        if t.column is None:
            values: Sequence[str] = [""] * n
        else:
            column, last = columns[t.column], n - t.width
            values = [
                column[j] if 0 <= j <= last else t.before if j < 0 else t.after for j in range(t.offset, n + t.offset)
            ]
        for unit, value in zip(units, values, strict=True):
            if value != ABSENT:
                unit.append(t.prefix + value)
    return units


class CompiledCrf:
    """A crfsuite model tagging sentences given as columns (name → one value per unit) under its templates,
    which must list the features in the order the model was trained with them."""

    def __init__(self, weights: CrfWeights, templates: Sequence[Template]) -> None:
        self.weights, self.templates = weights, tuple(templates)
        attributes, unknown = weights.attributes, weights.unknown
        values: dict[str, set[str]] = {}
        reading: dict[str, set[str]] = {}  # prefix → the columns templates with that prefix read
        for template in self.templates:
            if template.column is not None:
                values.setdefault(template.column, set()).update((template.before, template.after))
                reading.setdefault(template.prefix, set()).add(template.column)
        plain = {p: c for p, c in reading.items() if p.endswith("=") and p.count("=") == 1}  # "w[-1]=": split at "="
        other = {p: c for p, c in reading.items() if p not in plain}  # "word.lower():", "word.isupper()"
        lengths = sorted({len(p) for p in other})
        for attribute in attributes:
            prefix, equals, value = attribute.partition("=")
            for column in plain.get(prefix + equals, ()):
                values[column].add(value)
            for length in lengths:
                for column in other.get(attribute[:length], ()):
                    values[column].add(attribute[length:])
        self.vocabularies = {column: {v: i for i, v in enumerate(sorted(found))} for column, found in values.items()}
        self.tables: list[np.ndarray] = []
        for template in self.templates:
            if template.column is None:
                self.tables.append(np.array([attributes.get(template.prefix, unknown)]))
                continue
            vocabulary = self.vocabularies[template.column]
            table = np.full(len(vocabulary) + 1, unknown)  # the last id: a value the model never saw
            for value, index in vocabulary.items():
                table[index] = attributes.get(template.prefix + value, unknown)
            self.tables.append(table)

    def scores(self, sentences: Sequence[dict[str, Sequence[str]]]) -> tuple[np.ndarray, list[int]]:
        """The (units, labels) state scores of the sentences' units, one after another, and each sentence's length."""
        lengths = [len(next(iter(s.values()))) if s else 0 for s in sentences]
        total = sum(lengths)
        ends = np.repeat(np.cumsum(lengths, dtype=np.int64), lengths)
        starts = ends - np.repeat(np.array(lengths, dtype=np.int64), lengths)
        ids: dict[tuple[str, str, str], np.ndarray] = {}  # a column's value ids, then its before and after ids
        reads: dict[tuple[int, int], np.ndarray] = {}  # where each unit reads at (offset, width): total = before
        state = self.weights.state
        scores = np.zeros((total, state.shape[1]))
        for template, table in zip(self.templates, self.tables, strict=True):
            if template.column is None:
                scores += state[table[0]]
                continue
            key = (template.column, template.before, template.after)
            if key not in ids:
                vocabulary = self.vocabularies[template.column]
                values = chain.from_iterable(s[template.column] for s in sentences)
                found = np.fromiter(map(vocabulary.get, values, repeat(len(vocabulary))), np.int64, total)
                ids[key] = np.concatenate([found, [vocabulary[template.before], vocabulary[template.after]]])
            window = (template.offset, template.width)
            if window not in reads:
                at = np.arange(total) + template.offset
                reads[window] = np.where(at < starts, total, np.where(at > ends - template.width, total + 1, at))
            scores += state[table[ids[key][reads[window]]]]
        return scores, lengths

    def tag(self, sentences: Sequence[dict[str, Sequence[str]]]) -> list[list[str]]:
        """The label sequence of each sentence (empty sentences get none)."""
        scores, lengths = self.scores(sentences)
        labels, transitions = self.weights.labels, self.weights.transitions
        tagged, start = [], 0
        for length in lengths:
            path = viterbi(scores[start : start + length], transitions) if length else []
            tagged.append([labels[i] for i in path])
            start += length
        return tagged
