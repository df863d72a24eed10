"""Corpus statistics: term frequencies, dispersion, keyness, collocations and concordances.

Units are counted on normalized forms (``Token.norm``: NFC, lowercase, one tone placement).
A *word* unit is one token's norm ("công tác"); a *syllable* unit is one piece of a norm split
on spaces ("công", "tác"). Counting is vectorized: units are encoded as integer ids, n-grams
are labelled from shifted id arrays with ``pd.factorize`` and counted with ``np.bincount``.

A *segment* is a run of kept units inside one sentence: a sentence boundary and every
dropped unit (punctuation, number or stopword, when asked) end it. N-grams and phrases
never cross a segment boundary; windows (collocates, sort keys) stay inside the sentence.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import unicodedata
from collections.abc import Callable, Container, Iterator
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import NoReturn

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from tqdm import tqdm

from danvan.errors import CorpusError
from danvan.ingest import read_raw
from danvan.model import KEPT_ZONE_KINDS
from danvan.normalize import normalize_word

LEVELS = ("word", "syllable")
"""What a unit is: a word (one token's norm) or a syllable (a piece of a norm split on spaces)."""

DEFAULT_ZONES = ("body",)
"""Zones counted unless all kept zones are asked for (titles and captions repeat the body)."""

DEFAULT_STOPWORDS = Path(str(files("danvan") / "data" / "stopwords_vi.txt"))
"""The shipped Vietnamese stopword list (function words of news prose)."""

DROP_RULES: dict[str, tuple[tuple[str, ...], str]] = {
    "punct": (("CH",), r"[\W_]+"),
    "numbers": ((), r"[+-]?\d[\d.,/:%–-]*"),
}
"""Units a filter drops: those of a word with one of these VLSP tags, or whose norm fully matches the pattern.

Numbers are found by their digits only, not by the tag ``M``: underthesea tags "dân vận" ``M`` in
about one sentence in twenty, and dropping those would lose the corpus's key term. Spelled-out
numerals ("hai", "ba") are kept; a stopword file can drop them.
"""

WORD_COLUMNS = ["doc_id", "sentence_id", "zone", "start", "end", "text", "norm", "pos"]
"""One row per word token; offsets are into the document's raw text, end exclusive."""

SENTENCE_COLUMNS = ["sentence_id", "doc_id", "zone", "start", "end", "text"]
"""One row per sentence; offsets are into the document's raw text, end exclusive."""

UNIT_COLUMNS = ["doc_id", "sentence_id", "unit", "start", "end", "segment"]
"""One row per kept unit, in document order; ``segment`` numbers the runs n-grams may not leave."""

_SYLLABLE = re.compile(r"\S+")


@dataclass(frozen=True)
class Corpus:
    """Words and sentences of a corpus, in document order (doc_id, start)."""

    words: pd.DataFrame
    sentences: pd.DataFrame


# Loading ------------------------------------------------------------------------------------------


def _config_table(corpus: Path, config: str, columns: list[str]) -> pa.Table:
    """Every parquet shard of one config of a built corpus, concatenated."""
    shards = sorted((corpus / config).glob("*.parquet"))
    if not shards:
        raise CorpusError(f"{corpus}: no {config}/*.parquet; expected a corpus built by scripts/build_corpus.py")
    tables = []
    for shard in shards:
        try:
            tables.append(pq.read_table(shard, columns=columns))
        except (pa.ArrowException, OSError) as err:
            raise CorpusError(f"{shard}: not a readable {config} parquet shard ({err})") from None
    return pa.concat_tables(tables)


def _in_document_order(words: pd.DataFrame, sentences: pd.DataFrame) -> Corpus:
    """A Corpus of the two tables: documented columns, int64 offsets, rows sorted by (doc_id, start)."""
    return Corpus(
        *(
            table[columns]
            .astype({"start": "int64", "end": "int64"})
            .sort_values(["doc_id", "start"], kind="stable")
            .reset_index(drop=True)
            for table, columns in ((words, WORD_COLUMNS), (sentences, SENTENCE_COLUMNS))
        )
    )


def read_corpus(corpus: Path) -> Corpus:
    """Words and sentences of a built corpus folder (configs ``tokens`` and ``sentences``, every split)."""
    if not corpus.is_dir():
        raise CorpusError(f"{corpus}: no such corpus folder")
    tokens = _config_table(corpus, "tokens", ["id", "doc_id", "tokens", "starts", "ends", "norms", "pos_tags"])
    sentences = _config_table(corpus, "sentences", ["id", "doc_id", "zone", "start", "end", "text"])
    sentences = sentences.to_pandas().rename(columns={"id": "sentence_id"})
    parent = pc.list_parent_indices(tokens["tokens"])
    sentence_ids = tokens["id"].take(parent).to_pandas()
    words = pd.DataFrame(
        {
            "doc_id": tokens["doc_id"].take(parent).to_pandas(),
            "sentence_id": sentence_ids,
            "zone": sentence_ids.map(sentences.set_index("sentence_id")["zone"]),
            "start": pc.list_flatten(tokens["starts"]).to_pandas(),
            "end": pc.list_flatten(tokens["ends"]).to_pandas(),
            "text": pc.list_flatten(tokens["tokens"]).to_pandas(),
            "norm": pc.list_flatten(tokens["norms"]).to_pandas(),
            "pos": pc.list_flatten(tokens["pos_tags"]).to_pandas(),
        }
    )
    return _in_document_order(words, sentences)


def read_raw_folder(folder: Path, encoding: str = "utf-8") -> Corpus:
    """Words and sentences of every ``*.txt`` in ``folder``, annotated now as the build does (annotate_document)."""
    # Imported here: the annotation pipeline (underthesea, the NER tagger) serves raw input only.
    from danvan.annotate import annotate_document
    from danvan.conllu_format import sentence_id
    from danvan.ner import default_ner_tagger

    if not folder.is_dir():
        raise CorpusError(f"{folder}: no such folder of raw .txt files")
    paths = sorted(folder.glob("*.txt"))
    if not paths:
        raise CorpusError(f"{folder}: no .txt file to read")
    ner_tagger = default_ner_tagger()
    words: list[tuple[object, ...]] = []
    sentences: list[tuple[object, ...]] = []
    for path in tqdm(paths, desc="annotating", unit="doc", disable=None):
        raw_file = read_raw(path, encoding)
        document, _ = annotate_document(raw_file.doc_id, raw_file.raw, ner_tagger)
        for index, sentence in enumerate(document.sentences):
            sid, zone = sentence_id(document.id, index), sentence.zone
            sentences.append((sid, document.id, zone, sentence.start, sentence.end, sentence.text))
            words.extend((document.id, sid, zone, t.start, t.end, t.text, t.norm, t.pos) for t in sentence.tokens)
    return _in_document_order(
        pd.DataFrame(words, columns=WORD_COLUMNS), pd.DataFrame(sentences, columns=SENTENCE_COLUMNS)
    )


def read_source(path: Path, encoding: str = "utf-8") -> Corpus:
    """A built corpus folder (it has ``tokens/``) or else a folder of raw ``*.txt`` files."""
    if not path.is_dir():
        raise CorpusError(f"{path}: no such folder (expected a corpus folder or a folder of raw .txt files)")
    if (path / "tokens").is_dir():
        return read_corpus(path)
    if any(path.glob("*.txt")):
        return read_raw_folder(path, encoding)
    raise CorpusError(f"{path}: neither a corpus folder (tokens/*.parquet) nor a folder of raw .txt files")


def read_stopwords(path: Path) -> frozenset[str]:
    """Normalized stopwords of a UTF-8 file, one a line; blank lines and ``#`` comments skipped."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise CorpusError(f"{path}: no such stopword file") from None
    except (UnicodeDecodeError, IsADirectoryError) as err:
        raise CorpusError(f"{path}: not a UTF-8 stopword file ({err})") from None
    return frozenset(normalize_word(line) for line in lines if line.strip() and not line.lstrip().startswith("#"))


# Units --------------------------------------------------------------------------------------------


def _syllable_rows(words: pd.DataFrame) -> pd.DataFrame:
    """One row per syllable of each word: its norm piece, surface span and the word's tag."""
    pieces = words["norm"].str.split(" ")
    counts = pieces.str.len().to_numpy()
    surface = [[(m.start(), m.end()) for m in _SYLLABLE.finditer(text)] for text in words["text"]]
    if len(bad := np.flatnonzero(np.array([len(s) for s in surface], dtype=np.int64) != counts)):
        word = words.iloc[bad[0]]
        raise CorpusError(
            f"{word['doc_id']}: offset {word['start']}-{word['end']}: word {word['text']!r} and its norm"
            f" {word['norm']!r} have different numbers of syllables"
        )
    offsets = np.array([span for word_spans in surface for span in word_spans], dtype=np.int64).reshape(-1, 2)
    rows = words.iloc[np.repeat(np.arange(len(words)), counts)].reset_index(drop=True)
    base = rows["start"].to_numpy()
    return rows.assign(
        norm=np.concatenate(pieces.to_numpy()) if len(pieces) else np.array([], dtype=object),
        start=base + offsets[:, 0],
        end=base + offsets[:, 1],
    )


def drop_mask(units: pd.Series, tags: pd.Series, rule: str) -> np.ndarray:
    """Which units a DROP_RULES filter drops: the word's tag is listed or the unit fully matches the pattern."""
    rule_tags, pattern = DROP_RULES[rule]
    return (tags.isin(rule_tags) | units.str.fullmatch(pattern)).to_numpy(dtype=bool)


def select_units(
    words: pd.DataFrame,
    level: str = "word",
    *,
    zones: tuple[str, ...] = DEFAULT_ZONES,
    drop_punct: bool = False,
    drop_numbers: bool = False,
    stopwords: frozenset[str] = frozenset(),
) -> pd.DataFrame:
    """The kept units of the words of ``zones`` (columns UNIT_COLUMNS); dropped units end a segment."""
    if level not in LEVELS:
        raise CorpusError(f"unknown level {level!r}; expected one of {', '.join(LEVELS)}")
    rows = words[words["zone"].isin(zones)].reset_index(drop=True)
    if level == "syllable":
        rows = _syllable_rows(rows)
    unit = rows["norm"]
    dropped = np.zeros(len(rows), dtype=bool)
    for rule, wanted in (("punct", drop_punct), ("numbers", drop_numbers)):
        if wanted:
            dropped |= drop_mask(unit, rows["pos"], rule)
    if stopwords:
        dropped |= unit.isin(stopwords).to_numpy(dtype=bool)
    sentence = pd.factorize(rows["sentence_id"])[0]
    starts_segment = np.ones(len(rows), dtype=bool)
    starts_segment[1:] = (sentence[1:] != sentence[:-1]) | dropped[:-1]
    kept = rows.assign(unit=unit, segment=np.cumsum(starts_segment))[~dropped]
    return kept[UNIT_COLUMNS].reset_index(drop=True)


def encode_units(units: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Integer ids of the units (order of first occurrence) and the vocabulary they index."""
    ids, vocabulary = pd.factorize(units["unit"])
    return ids.astype(np.int64), np.asarray(vocabulary, dtype=object)


# Contingency tables and association measures -----------------------------------------------------


@dataclass(frozen=True)
class Contingency:
    """Marginal counts of m n-grams: ``marginals[mask]`` counts the sub-pattern of the positions in ``mask``.

    Bit j of a mask is position j of the n-gram: mask 0 is N (all units), mask ``1 << j`` the frequency
    of unit j, the full mask the n-gram itself, and e.g. mask 0b101 of a trigram is NLTK's ``n_ixi``
    (w1, *, w3). Shape (2**n, m), integer counts.
    """

    n: int
    marginals: np.ndarray

    @property
    def total(self) -> np.ndarray:
        """N, the number of units."""
        return self.marginals[0].astype(np.float64)

    @property
    def ngram(self) -> np.ndarray:
        """The observed frequency of each n-gram."""
        return self.marginals[(1 << self.n) - 1].astype(np.float64)

    @property
    def unigrams(self) -> np.ndarray:
        """The frequency of each of the n units, shape (n, m)."""
        return np.stack([self.marginals[1 << j] for j in range(self.n)]).astype(np.float64)


def observed_cells(table: Contingency) -> np.ndarray:
    """The 2**n cells: ``cells[mask]`` counts windows whose units are the n-gram's exactly at the positions in mask."""
    size = 1 << table.n
    cells = np.zeros_like(table.marginals, dtype=np.int64)
    for mask in range(size):
        for superset in range(size):
            if superset & mask == mask:
                sign = -1 if bin(superset ^ mask).count("1") % 2 else 1
                cells[mask] += sign * table.marginals[superset]
    return cells


def expected_cells(table: Contingency) -> np.ndarray:
    """Cells expected if the n positions were independent: Π of the position marginals / N**(n-1)."""
    total, unigrams = table.total, table.unigrams
    expected = np.ones((1 << table.n, unigrams.shape[1]))
    for mask in range(1 << table.n):
        for j in range(table.n):
            expected[mask] *= unigrams[j] if mask >> j & 1 else total - unigrams[j]
    return expected / total ** (table.n - 1)


def pmi(table: Contingency) -> np.ndarray:
    """Pointwise mutual information log2(f · N**(n-1) / Π f(wᵢ)) (Church & Hanks 1990; NLTK ``pmi``)."""
    return np.log2(table.ngram) + (table.n - 1) * np.log2(table.total) - np.log2(table.unigrams).sum(axis=0)


def log_likelihood(table: Contingency) -> np.ndarray:
    """Log-likelihood G² = 2 Σ O ln(O/E) over the 2**n cells (Dunning 1993; NLTK ``likelihood_ratio``)."""
    observed = observed_cells(table).astype(np.float64)
    expected = expected_cells(table)
    positive = observed > 0
    ratio = np.divide(observed, expected, out=np.ones_like(observed), where=positive & (expected > 0))
    return 2 * np.sum(np.where(positive, observed * np.log(ratio), 0.0), axis=0)


def t_score(table: Contingency) -> np.ndarray:
    """t-score (f − Π f(wᵢ)/N**(n-1)) / √f (Church et al. 1991; Manning & Schütze 5.3.1; NLTK ``student_t``)."""
    expected = np.prod(table.unigrams, axis=0) / table.total ** (table.n - 1)
    return (table.ngram - expected) / np.sqrt(table.ngram)


def chi_squared(table: Contingency) -> np.ndarray:
    """Pearson's χ² = Σ (O − E)²/E over the 2**n cells (Manning & Schütze 5.3.3; NLTK ``chi_sq``)."""
    observed = observed_cells(table).astype(np.float64)
    expected = expected_cells(table)
    squares = np.divide((observed - expected) ** 2, expected, out=np.zeros_like(expected), where=expected > 0)
    return squares.sum(axis=0)


def dice(table: Contingency) -> np.ndarray:
    """Dice n·f / Σ f(wᵢ): for n = 2 Dice's 2·f(xy)/(f(x)+f(y)) (Smadja et al. 1996; NLTK ``dice``)."""
    return table.n * table.ngram / table.unigrams.sum(axis=0)


def log_dice(table: Contingency) -> np.ndarray:
    """logDice 14 + log2(Dice) (Rychlý 2008)."""
    return 14 + np.log2(dice(table))


MEASURES: dict[str, Callable[[Contingency], np.ndarray]] = {
    "pmi": pmi,
    "llr": log_likelihood,
    "tscore": t_score,
    "chi2": chi_squared,
    "dice": dice,
    "logdice": log_dice,
}
"""Association measures by name; each takes a Contingency and returns one score per n-gram."""


def association_frame(terms: np.ndarray, table: Contingency, **counts: np.ndarray) -> pd.DataFrame:
    """term, freq, any further ``counts`` columns, then every measure of MEASURES; one row per n-gram, by term."""
    frame = pd.DataFrame({"term": terms, "freq": table.marginals[-1].astype(np.int64), **counts})
    for name, measure in MEASURES.items():
        frame[name] = measure(table) if len(frame) else np.array([], dtype=np.float64)
    return frame.sort_values("term", kind="stable").reset_index(drop=True)


def rank(frame: pd.DataFrame, by: str, top: int | None = None) -> pd.DataFrame:
    """Rows by descending ``by``, ties broken by ascending term; the first ``top`` if given."""
    if by not in frame.columns:
        raise CorpusError(f"unknown measure {by!r}; expected one of {', '.join(c for c in frame.columns[1:])}")
    ranked = frame.sort_values([by, "term"], ascending=[False, True], kind="stable", na_position="last")
    return (ranked if top is None else ranked.head(top)).reset_index(drop=True)


# Term frequencies, dispersion, TF-IDF, keyness --------------------------------------------------------


def document_counts(units: pd.DataFrame) -> pd.DataFrame:
    """term, freq, doc_id: how often each term occurs in each document it occurs in, by (doc_id, term)."""
    counts = units.groupby(["doc_id", "unit"], sort=True).size()
    return counts.rename("freq").reset_index().rename(columns={"unit": "term"})[["term", "freq", "doc_id"]]


def juilland_d(mean: np.ndarray, std: np.ndarray, parts: int) -> np.ndarray:
    """Juilland's D = 1 − (σ/μ)/√(k−1), σ/μ over the parts' relative frequencies (Juilland & Chang-Rodríguez 1964)."""
    if parts < 2:
        return np.full(mean.shape, np.nan)
    return 1 - std / mean / np.sqrt(parts - 1)


def term_frequencies(units: pd.DataFrame, min_freq: int = 1, top: int | None = None) -> pd.DataFrame:
    """term, freq, per_million (freq/N · 10⁶), docs (document frequency), juilland_d; by freq, then term."""
    counts = document_counts(units)
    parts = counts["doc_id"].nunique()
    relative = counts["freq"] / counts.groupby("doc_id")["freq"].transform("sum")
    by_term = counts.groupby("term", sort=False)
    terms = by_term.agg(freq=("freq", "sum"), docs=("doc_id", "size"))
    mean = relative.groupby(counts["term"], sort=False).sum() / parts
    # σ over all parts: the parts holding the term, plus μ² for each of the (parts − docs) holding none
    squares = ((relative - counts["term"].map(mean)) ** 2).groupby(counts["term"], sort=False).sum()
    std = np.sqrt((squares + (parts - terms["docs"]) * mean**2) / parts)
    frame = pd.DataFrame(
        {
            "term": terms.index,
            "freq": terms["freq"].to_numpy(),
            "per_million": terms["freq"].to_numpy() / max(len(units), 1) * 1e6,
            "docs": terms["docs"].to_numpy(),
            "juilland_d": juilland_d(mean.to_numpy(), std.to_numpy(), parts),
        }
    )
    return rank(frame[frame["freq"] >= min_freq], "freq", top)


def tf_idf(units: pd.DataFrame, min_freq: int = 1, top: int | None = None) -> pd.DataFrame:
    """term, freq (in the document), doc_id, idf = ln(D/df), tf_idf = freq · idf (Spärck Jones 1972); top per doc."""
    counts = document_counts(units)
    idf = np.log(counts["doc_id"].nunique() / counts.groupby("term")["doc_id"].transform("size"))
    frame = counts.assign(idf=idf, tf_idf=counts["freq"] * idf)
    ordered = frame[frame["freq"] >= min_freq].sort_values(
        ["doc_id", "tf_idf", "term"], ascending=[True, False, True], kind="stable"
    )
    return (ordered if top is None else ordered.groupby("doc_id", sort=False).head(top)).reset_index(drop=True)


def log_ratio(freq: np.ndarray, size: float, ref_freq: np.ndarray, ref_size: float) -> np.ndarray:
    """Log ratio log2((a/N₁)/(b/N₂)), a zero frequency counted as 0.5 (Hardie 2014)."""
    return np.log2((np.where(freq > 0, freq, 0.5) / size) / (np.where(ref_freq > 0, ref_freq, 0.5) / ref_size))


def keyness(target: pd.DataFrame, reference: pd.DataFrame, min_freq: int = 1, top: int | None = None) -> pd.DataFrame:
    """term, freq, ref_freq, per-million rates, llr (G², Dunning 1993) and log_ratio (Hardie 2014); by llr, then term.

    G² is over the 2×2 table term/other × target/reference; every term seen ≥ min_freq times in both together.
    """
    size, ref_size = len(target), len(reference)
    if size == 0 or ref_size == 0:
        raise CorpusError("keyness needs units in both the target and the reference corpus")
    both = pd.concat({"freq": target["unit"].value_counts(), "ref_freq": reference["unit"].value_counts()}, axis=1)
    both = both.fillna(0).astype(np.int64)
    both = both[both["freq"] + both["ref_freq"] >= min_freq]
    a, b = both["freq"].to_numpy(), both["ref_freq"].to_numpy()
    m = len(both)
    table = Contingency(2, np.stack([np.full(m, size + ref_size), a + b, np.full(m, size), a]))
    frame = pd.DataFrame(
        {
            "term": both.index.to_numpy(dtype=object),
            "freq": a,
            "ref_freq": b,
            "per_million": a / size * 1e6,
            "ref_per_million": b / ref_size * 1e6,
            "llr": log_likelihood(table) if m else np.array([], dtype=np.float64),
            "log_ratio": log_ratio(a, size, b, ref_size),
        }
    )
    return rank(frame, "llr", top)


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


# Concordance ----------------------------------------------------------------------------------------

SORT_KEYS = ("text", "left", "right")
"""Concordance orders: document order, or the units left (L1, L2, …) or right (R1, R2, …) of the match."""

SORT_DEPTH = 5
"""How many context units a left or right sort compares."""


def concordance(
    units: pd.DataFrame, sentences: pd.DataFrame, query: str, width: int = 40, sort: str = "text"
) -> pd.DataFrame:
    """KWIC lines of a phrase: left, match, right (≤ width characters of the sentence), doc_id, sentence_id, offsets."""
    if width < 1:
        raise CorpusError(f"width {width}; expected at least 1 character")
    if sort not in SORT_KEYS:
        raise CorpusError(f"unknown sort {sort!r}; expected one of {', '.join(SORT_KEYS)}")
    first, last = find_phrase(units, query)
    located = sentences.set_index("sentence_id")
    sentence_ids = units["sentence_id"].to_numpy()[first]
    sentence_start = located["start"].reindex(sentence_ids).to_numpy(np.int64)
    sentence_text = located["text"].reindex(sentence_ids).to_numpy(dtype=object)
    start = units["start"].to_numpy()[first] - sentence_start
    end = units["end"].to_numpy()[last] - sentence_start
    lines = pd.DataFrame(
        {
            "left": [text[:s].rstrip()[-width:].lstrip() for text, s in zip(sentence_text, start, strict=True)],
            "match": [text[s:e] for text, s, e in zip(sentence_text, start, end, strict=True)],
            "right": [text[e:].lstrip()[:width].rstrip() for text, e in zip(sentence_text, end, strict=True)],
            "doc_id": units["doc_id"].to_numpy()[first],
            "sentence_id": sentence_ids,
            "start": start + sentence_start,
            "end": end + sentence_start,
        }
    )
    keys: list[str] = []
    if sort != "text":
        ids, vocabulary = encode_units(units)
        sentence = pd.factorize(units["sentence_id"])[0]
        at, direction = (first, -1) if sort == "left" else (last, 1)
        for depth in range(1, SORT_DEPTH + 1):
            where, same = _neighbours(sentence, at, direction * depth)
            keys.append(key := f"_{sort}{depth}")
            lines[key] = np.where(same, vocabulary[ids[where]] if len(ids) else "", "")
    ordered = lines.sort_values([*keys, "doc_id", "start"], kind="stable").drop(columns=keys)
    return ordered.reset_index(drop=True)


# Output ---------------------------------------------------------------------------------------------

OUTPUT_FORMATS = ("table", "csv", "tsv", "json", "parquet")


def _display_width(text: str) -> int:
    """Terminal columns of a string: combining marks take none."""
    return sum(not unicodedata.combining(c) for c in text)


def _cell(value: object) -> str:
    """A value as shown in a table: floats with 4 decimals."""
    if isinstance(value, float | np.floating):
        return "nan" if np.isnan(value) else f"{value:.4f}"
    return str(value)


def format_table(frame: pd.DataFrame) -> str:
    """An aligned plain-text table: numbers and the ``left`` context right-aligned, other text left-aligned."""
    columns = list(frame.columns)
    rows = [[_cell(v) for v in row] for row in frame.itertuples(index=False, name=None)]
    widths = [max([_display_width(c), *(_display_width(r[i]) for r in rows)]) for i, c in enumerate(columns)]
    right = [c == "left" or pd.api.types.is_numeric_dtype(frame[c]) for c in columns]

    def line(cells: list[str]) -> str:
        padded = [
            " " * (w - _display_width(c)) + c if r else c + " " * (w - _display_width(c))
            for c, w, r in zip(cells, widths, right, strict=True)
        ]
        return "  ".join(padded).rstrip()

    return "\n".join([line(columns), *(line(r) for r in rows)])


def render_frame(frame: pd.DataFrame, output_format: str) -> str:
    """A result as text: an aligned table, CSV, TSV or JSON records (parquet is binary: see save_frame)."""
    if output_format == "table":
        return format_table(frame)
    if output_format in ("csv", "tsv"):
        return frame.to_csv(index=False, sep="," if output_format == "csv" else "\t", lineterminator="\n").rstrip("\n")
    if output_format == "json":
        return frame.to_json(orient="records", force_ascii=False, indent=1) if len(frame) else "[]"
    raise CorpusError(f"format {output_format!r} cannot be printed; expected one of table, csv, tsv, json")


def save_frame(frame: pd.DataFrame, output_format: str, out: Path) -> None:
    """Write a result to ``out`` in one of OUTPUT_FORMATS."""
    try:
        if output_format == "parquet":
            frame.to_parquet(out, index=False)
        else:
            out.write_text(render_frame(frame, output_format) + "\n", encoding="utf-8")
    except OSError as err:
        raise CorpusError(f"{out}: cannot write ({err.strerror or err})") from None


# Command-line plumbing shared by scripts/term_frequencies.py, collocations.py and concordance.py -------


class OneLineArgumentParser(argparse.ArgumentParser):
    """An argument parser whose errors are one line on stderr and exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message}\n")


def positive_int(text: str) -> int:
    """An argparse type: an integer ≥ 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an integer") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is not at least 1")
    return value


def corpus_argument_parser(description: str) -> OneLineArgumentParser:
    """A parser with the options every stats script shares: source, level, filters, zones, output."""
    parser = OneLineArgumentParser(description=description)
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--corpus", type=Path, default=Path("corpus"), help="built corpus folder (default: corpus)")
    source.add_argument("--input", type=Path, metavar="DIR", help="folder of raw .txt files, annotated on the fly")
    parser.add_argument("--encoding", default="utf-8", help="encoding of raw .txt files (default: utf-8)")
    parser.add_argument("--level", choices=LEVELS, default="word", help="unit: word or syllable (default: word)")
    parser.add_argument("--drop-punct", action="store_true", help="drop punctuation (tag CH or no letter/digit)")
    parser.add_argument("--drop-numbers", action="store_true", help="drop numbers (tag M or digits)")
    parser.add_argument("--stopwords", action="store_true", help="drop the shipped Vietnamese stopwords")
    parser.add_argument("--stopword-file", type=Path, metavar="FILE", help="drop these stopwords instead (one a line)")
    parser.add_argument("--all-zones", action="store_true", help="count every kept zone, not only the body")
    parser.add_argument("--format", choices=OUTPUT_FORMATS, default="table", help="output format (default: table)")
    parser.add_argument("--out", type=Path, metavar="FILE", help="write to FILE instead of the terminal")
    return parser


def corpus_from_args(args: argparse.Namespace) -> Corpus:
    """The corpus the shared options name: --input (raw files) or --corpus (built folder)."""
    return read_raw_folder(args.input, args.encoding) if args.input else read_corpus(args.corpus)


def units_from_args(words: pd.DataFrame, args: argparse.Namespace) -> pd.DataFrame:
    """The units the shared options select from ``words``."""
    stopword_file = args.stopword_file or (DEFAULT_STOPWORDS if args.stopwords else None)
    return select_units(
        words,
        args.level,
        zones=KEPT_ZONE_KINDS if args.all_zones else DEFAULT_ZONES,
        drop_punct=args.drop_punct,
        drop_numbers=args.drop_numbers,
        stopwords=read_stopwords(stopword_file) if stopword_file else frozenset(),
    )


def write_result(frame: pd.DataFrame, args: argparse.Namespace) -> None:
    """Save the result to --out in --format, or print it; a closed pipe (``| head``) is not an error."""
    if args.out:
        save_frame(frame, args.format, args.out)
        return
    if args.format == "parquet":
        raise CorpusError("--format parquet is binary; give --out FILE")
    try:
        print(render_frame(frame, args.format), flush=True)
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
