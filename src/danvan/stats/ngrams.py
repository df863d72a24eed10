"""N-grams (labelled from shifted id arrays, counted with np.bincount), phrases and window collocates."""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Container, Iterator

import numpy as np
import pandas as pd

from danvan.errors import CorpusError
from danvan.pipeline.normalize import normalize_word
from danvan.stats.association import Contingency, association_frame, rank
from danvan.stats.units import encode_units

# N-grams and collocations --------------------------------------------------------------------------

NGRAM_SIZES = (2, 3, 4)
"""The n-gram lengths counted: bigrams, trigrams, quadgrams (those NLTK has association measures for)."""


def _combine(columns: list[np.ndarray], radix: int) -> np.ndarray:
    """One int64 code per row of the id columns, equal codes for equal rows (re-densified before overflow)."""
    code = columns[0].astype(np.int64)
    for column in columns[1:]:
        if len(code) and (int(code.max()) + 1) * radix >= 2**62:
            code = pd.factorize(code)[0].astype(np.int64)
        code = code * radix + column
    return code


def pattern_labels(ids: np.ndarray, segment: np.ndarray, offsets: tuple[int, ...]) -> np.ndarray:
    """Per position p: a label of the units at p + offsets (numbered by first appearance), -1 outside p's segment."""
    if len(offsets) == 1:
        return ids  # one unit: its id, from pd.factorize, is such a label already
    span = offsets[-1]
    inside = np.flatnonzero(segment[: max(len(ids) - span, 0)] == segment[span:])
    radix = int(ids.max()) + 1 if len(ids) else 1
    labels = np.full(len(ids), -1, dtype=np.int64)
    labels[inside] = pd.factorize(_combine([ids[inside + o] for o in offsets], radix))[0]
    return labels


def label_counts(labels: np.ndarray) -> np.ndarray:
    """Per position: how many positions carry its label (0 for label -1, which indexes the appended 0)."""
    return np.append(np.bincount(labels[labels >= 0]), 0)[labels]


def _first_occurrences(labels: np.ndarray) -> np.ndarray:
    """Positions where a label numbered by first appearance appears for the first time (-1 never does)."""
    seen_before = np.maximum.accumulate(np.concatenate([[-1], labels[:-1]])) if len(labels) else labels
    return np.flatnonzero(labels > seen_before)


def _subpattern(mask: int) -> tuple[int, tuple[int, ...]]:
    """The first position of a mask's bits and the bits' offsets from it."""
    positions = [j for j in range(mask.bit_length()) if mask >> j & 1]
    return positions[0], tuple(j - positions[0] for j in positions)


def join_units(vocabulary: np.ndarray, columns: list[np.ndarray]) -> np.ndarray:
    """The terms of rows of unit ids: units joined by single spaces."""
    joined = pd.Series(vocabulary[columns[0]], dtype=object)
    if len(columns) > 1:
        joined = joined.str.cat([pd.Series(vocabulary[c], dtype=object) for c in columns[1:]], sep=" ")
    return joined.to_numpy(dtype=object)


def ngram_contingency(units: pd.DataFrame, n: int, min_freq: int = 1) -> tuple[np.ndarray, Contingency]:
    """Terms and marginals (as NLTK's n-gram collocation finders count them) of the n-grams seen ≥ min_freq times."""
    if n not in NGRAM_SIZES:
        raise CorpusError(f"n-gram size {n}; expected one of {', '.join(map(str, NGRAM_SIZES))}")
    ids, vocabulary = encode_units(units)
    segment = units["segment"].to_numpy()
    whole = tuple(range(n))
    labels = pattern_labels(ids, segment, whole)
    counts_by_offsets = {whole: label_counts(labels)}
    anchors = _first_occurrences(labels)
    anchors = anchors[counts_by_offsets[whole][anchors] >= min_freq]
    marginals = np.empty((1 << n, len(anchors)), dtype=np.int64)
    marginals[0] = len(ids)
    for mask in range(1, 1 << n):
        first, offsets = _subpattern(mask)
        if offsets not in counts_by_offsets:
            counts_by_offsets[offsets] = label_counts(pattern_labels(ids, segment, offsets))
        marginals[mask] = counts_by_offsets[offsets][anchors + first]
    return join_units(vocabulary, [ids[anchors + j] for j in range(n)]), Contingency(n, marginals)


def ngram_collocations(units: pd.DataFrame, n: int = 2, min_freq: int = 1) -> pd.DataFrame:
    """Contiguous n-grams (never across a segment) seen ≥ min_freq times: term, freq, every measure; by term."""
    return association_frame(*ngram_contingency(units, n, min_freq))


def _phrase_readings(syllables: tuple[str, ...], known: Container[str]) -> Iterator[tuple[str, ...]]:
    """Every way to read the syllables as a run of known units (a word unit may hold several syllables)."""
    if not syllables:
        yield ()
        return
    for cut in range(1, len(syllables) + 1):
        head = " ".join(syllables[:cut])
        if head in known:
            for rest in _phrase_readings(syllables[cut:], known):
                yield (head, *rest)


WILDCARDS = re.compile(r"[*?]")


def find_pattern(units: pd.DataFrame, query: str, regex: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Unit index ranges [first, last] of runs of units matching ``query`` inside one segment: with ``regex``
    one unit fully matching the regular expression; else each space-separated piece matches one whole unit,
    ``*`` any characters and ``?`` one ("dân *", "*vận"; a word unit may hold spaces: "*vận" finds "dân vận")."""
    ids, vocabulary = encode_units(units)
    if regex:
        try:
            compiled = re.compile(query)
        except re.error as err:
            raise CorpusError(f"bad regular expression {query!r}: {err}") from None
        pieces = [np.flatnonzero([compiled.fullmatch(unit) is not None for unit in vocabulary])]
    else:
        globs = [re.compile(fnmatch.translate(normalize_word(piece))) for piece in query.split()]
        if not globs:
            raise CorpusError(f"empty query {query!r}; expected a word, phrase or pattern")
        pieces = [np.flatnonzero([g.match(unit) is not None for unit in vocabulary]) for g in globs]
    k = len(pieces)
    anchors = np.arange(max(len(ids) - k + 1, 0))
    hit = units["segment"].to_numpy()[anchors] == units["segment"].to_numpy()[anchors + k - 1]
    for j, allowed in enumerate(pieces):
        hit &= np.isin(ids[anchors + j], allowed)
    return anchors[hit], anchors[hit] + k - 1


def find_phrase(units: pd.DataFrame, phrase: str) -> tuple[np.ndarray, np.ndarray]:
    """Unit index ranges [first, last] of every occurrence of ``phrase`` (normalized) inside one segment."""
    syllables = tuple(normalize_word(phrase).split())
    if not syllables:
        raise CorpusError(f"empty query {phrase!r}; expected a word or phrase")
    ids, vocabulary = encode_units(units)
    index = {unit: i for i, unit in enumerate(vocabulary)}
    segment = units["segment"].to_numpy()
    firsts, lasts = [np.array([], dtype=np.int64)], [np.array([], dtype=np.int64)]
    for reading in _phrase_readings(syllables, index):
        k = len(reading)
        anchors = np.arange(max(len(ids) - k + 1, 0))
        hit = segment[anchors] == segment[anchors + k - 1]
        for j, unit in enumerate(reading):
            hit &= ids[anchors + j] == index[unit]
        firsts.append(anchors[hit])
        lasts.append(anchors[hit] + k - 1)
    first, last = np.concatenate(firsts), np.concatenate(lasts)
    order = np.argsort(first, kind="stable")
    return first[order], last[order]


def _neighbours(sentence: np.ndarray, at: np.ndarray, step: int) -> tuple[np.ndarray, np.ndarray]:
    """Positions ``at + step`` and whether each is inside the array and the same sentence as ``at``."""
    where = at + step
    inside = (where >= 0) & (where < len(sentence))
    clipped = np.clip(where, 0, max(len(sentence) - 1, 0))
    same = inside & (sentence[clipped] == sentence[at]) if len(sentence) else inside
    return clipped, same


def window_collocates(units: pd.DataFrame, node: str, window: int = 5, min_freq: int = 1) -> pd.DataFrame:
    """Units within ``window`` units of the node (same sentence): term, freq, corpus_freq, every measure; by term.

    The table is Evert's (2008) surface co-occurrence: each unit is counted once, inside the node's
    windows (R₁ units in all, the node excluded) or outside; n_ii = co-occurrences, n_ix = R₁,
    n_xi = the collocate's corpus frequency, N = all units.
    """
    if window < 1:
        raise CorpusError(f"window {window}; expected at least 1")
    first, last = find_phrase(units, node)
    ids, vocabulary = encode_units(units)
    sentence = pd.factorize(units["sentence_id"])[0]
    in_window = np.zeros(len(ids), dtype=bool)
    for distance in range(1, window + 1):
        for at, step in ((first, -distance), (last, distance)):
            where, same = _neighbours(sentence, at, step)
            in_window[where[same]] = True
    for offset in range(int((last - first).max()) + 1 if len(first) else 0):
        in_window[(first + offset)[first + offset <= last]] = False  # the node's own units
    cooccurrences = np.bincount(ids[in_window], minlength=len(vocabulary))
    corpus_freq = np.bincount(ids, minlength=len(vocabulary))
    chosen = np.flatnonzero(cooccurrences >= max(min_freq, 1))
    m = len(chosen)
    marginals = [np.full(m, len(ids)), np.full(m, int(in_window.sum())), corpus_freq[chosen], cooccurrences[chosen]]
    table = Contingency(2, np.stack(marginals).astype(np.int64))
    return association_frame(vocabulary[chosen], table, corpus_freq=corpus_freq[chosen])


def ngram_frequencies(units: pd.DataFrame, n: int = 2, min_freq: int = 1, top: int | None = None) -> pd.DataFrame:
    """Contiguous n-grams seen ≥ min_freq times: term, freq, per_million (of all units), docs; by freq, then term."""
    ids, vocabulary = encode_units(units)
    labels = pattern_labels(ids, units["segment"].to_numpy(), tuple(range(n)))
    starts = np.flatnonzero(labels >= 0)
    frame = pd.DataFrame({"label": labels[starts], "doc_id": units["doc_id"].to_numpy()[starts], "at": starts})
    grouped = frame.groupby("label", sort=False)
    counts = grouped.agg(freq=("at", "size"), docs=("doc_id", "nunique"), first=("at", "min"))
    counts = counts[counts["freq"] >= min_freq]
    anchors = counts["first"].to_numpy()
    table = pd.DataFrame({
        "term": join_units(vocabulary, [ids[anchors + j] for j in range(n)]) if len(anchors) else np.array([], object),
        "freq": counts["freq"].to_numpy(),
        "per_million": counts["freq"].to_numpy() / max(len(ids), 1) * 1e6,
        "docs": counts["docs"].to_numpy(),
    })  # fmt: skip
    return rank(table, "freq", top)


def find_query(units: pd.DataFrame, query: str, regex: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """A search as the concordance and the plot take it: ``find_pattern`` for a regular expression or a
    query with ``*``/``?``, else ``find_phrase``."""
    return find_pattern(units, query, regex) if regex or WILDCARDS.search(query) else find_phrase(units, query)
