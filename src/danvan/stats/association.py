"""Contingency tables of n-grams and the association measures over them, each with its formula."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from danvan.errors import CorpusError

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
