"""Term frequencies, dispersion (Juilland's D), TF-IDF and keyness against a reference."""

from __future__ import annotations

import numpy as np
import pandas as pd

from danvan.errors import CorpusError
from danvan.stats.association import Contingency, log_likelihood, rank

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


def gries_dp(counts: pd.DataFrame, sizes: pd.Series) -> pd.Series:
    """Gries' DP per term (Gries 2008): ½ Σ |vᵢ − sᵢ| over the documents, vᵢ the share of the term's
    occurrences in document i and sᵢ document i's share of the corpus; 0 is even, near 1 is clumped.
    ``counts`` is ``document_counts``; ``sizes`` the units per document."""
    share = counts["doc_id"].map(sizes / sizes.sum())
    v = counts["freq"] / counts.groupby("term")["freq"].transform("sum")
    term = counts["term"]
    held = (v - share).abs().groupby(term, sort=False).sum()
    absent = 1 - share.groupby(term, sort=False).sum()  # documents without the term: |0 − sᵢ|
    return 0.5 * (held + absent)


def term_frequencies(units: pd.DataFrame, min_freq: int = 1, top: int | None = None) -> pd.DataFrame:
    """term, freq, per_million (freq/N · 10⁶), docs (document frequency), juilland_d, gries_dp; by freq, then
    term."""
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
            "gries_dp": gries_dp(counts, units.groupby("doc_id").size()).reindex(terms.index).to_numpy(),
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


def percent_diff(freq: np.ndarray, size: float, ref_freq: np.ndarray, ref_size: float) -> np.ndarray:
    """%DIFF, 100·(a/N₁ − b/N₂)/(b/N₂), a zero reference frequency counted as 0.5 (Gabrielatos & Marchi 2012)."""
    ref_rate = np.where(ref_freq > 0, ref_freq, 0.5) / ref_size
    return 100 * (freq / size - ref_rate) / ref_rate


def keyness_from_counts(
    counts: pd.Series,
    size: int,
    ref_counts: pd.Series,
    ref_size: int,
    min_freq: int = 1,
    top: int | None = None,
    negative: bool = False,
) -> pd.DataFrame:
    """Keywords from unit frequencies: term, freq, ref_freq, per-million rates, llr (G², Dunning 1993),
    log_ratio (Hardie 2014) and pct_diff (%DIFF); positive keywords (more frequent in the target than in the
    reference) by llr, then term, or with ``negative`` the others; terms seen ≥ min_freq times in both together.

    G² is over the 2×2 table term/other × target/reference."""
    if size == 0 or ref_size == 0:
        raise CorpusError("keyness needs units in both the target and the reference corpus")
    both = pd.concat({"freq": counts, "ref_freq": ref_counts}, axis=1).fillna(0).astype(np.int64)
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
            "pct_diff": percent_diff(a, size, b, ref_size),
        }
    )
    positive = a / size > b / ref_size
    return rank(frame[~positive if negative else positive], "llr", top)


def keyness(
    target: pd.DataFrame, reference: pd.DataFrame, min_freq: int = 1, top: int | None = None, negative: bool = False
) -> pd.DataFrame:
    """``keyness_from_counts`` of two tables of units (see :func:`keyness_from_counts`)."""
    return keyness_from_counts(target["unit"].value_counts(), len(target), reference["unit"].value_counts(),
                               len(reference), min_freq, top, negative)  # fmt: skip
