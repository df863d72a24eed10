"""Benchmark n-gram collocation scoring: danvan.stats (vectorized) against NLTK's collocation finders.

Builds a corpus of at least --syllables syllables by repeating the body segments of the committed
corpus (--corpus, or a folder of raw .txt files), each repetition in a fresh order drawn with a fixed
seed; counts and scores bigrams, trigrams and quadgrams (llr and pmi) with both tools on the same
units; checks that their top lists agree; prints the timings and one line of ratios (target: 5×).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd
from nltk.collocations import BigramCollocationFinder, QuadgramCollocationFinder, TrigramCollocationFinder
from nltk.metrics.association import BigramAssocMeasures, QuadgramAssocMeasures, TrigramAssocMeasures

from danvan.errors import CorpusError
from danvan.stats.association import rank
from danvan.stats.ngrams import ngram_collocations
from danvan.stats.units import read_source, select_units

FINDERS = {
    2: (BigramCollocationFinder, BigramAssocMeasures),
    3: (TrigramCollocationFinder, TrigramAssocMeasures),
    4: (QuadgramCollocationFinder, QuadgramAssocMeasures),
}
"""NLTK's collocation finder and association measures for each n."""
NGRAM_NAMES = {2: "bigrams", 3: "trigrams", 4: "quadgrams"}
NLTK_MEASURES = {"llr": "likelihood_ratio", "pmi": "pmi"}
"""Our measure names and NLTK's."""


def repeated_units(units: pd.DataFrame, target: int, seed: int) -> pd.DataFrame:
    """At least ``target`` units: whole segments repeated, each repetition in an order drawn from ``seed``."""
    segment_ids, segment_starts = np.unique(units["segment"].to_numpy(), return_index=True)
    bounds = np.append(segment_starts, len(units))
    rng = np.random.default_rng(seed)
    rows: list[np.ndarray] = []
    total = 0
    while total < target:
        for s in rng.permutation(len(segment_ids)):
            rows.append(np.arange(bounds[s], bounds[s + 1]))
        total += len(units)
    order = np.concatenate(rows)
    lengths = np.array([len(r) for r in rows])
    return units.iloc[order].reset_index(drop=True).assign(segment=np.repeat(np.arange(len(rows)), lengths))


def timed(run: Callable[[], list[tuple[str, float]]]) -> tuple[float, list[tuple[str, float]]]:
    """Seconds a call takes and what it returns."""
    started = time.perf_counter()
    result = run()
    return time.perf_counter() - started, result


def ours(units: pd.DataFrame, n: int, measure: str, min_freq: int, top: int) -> list[tuple[str, float]]:
    """Top n-grams by one measure with danvan.stats, counting included."""
    ranked = rank(ngram_collocations(units, n, min_freq), measure, top)
    return list(zip(ranked["term"], ranked[measure], strict=True))


def nltk(segments: list[list[str]], n: int, measure: str, min_freq: int, top: int) -> list[tuple[str, float]]:
    """Top n-grams by one measure with NLTK's collocation finder, counting included."""
    finder_class, measures = FINDERS[n]
    finder = finder_class.from_documents(segments)
    finder.apply_freq_filter(min_freq)
    scored = finder.score_ngrams(getattr(measures, NLTK_MEASURES[measure]))[:top]
    return [(" ".join(gram), score) for gram, score in scored]


def agree(a: list[tuple[str, float]], b: list[tuple[str, float]]) -> bool:
    """Same scores rank by rank (1e-9 relative) and the same terms, but for the order of tied scores.

    Scores equal in exact arithmetic can differ in their last bit between two tools, so tied n-grams may
    come in either order, and those tied with the last score may be cut differently.
    """
    if len(a) != len(b) or not all(np.isclose(x, y, rtol=1e-9) for (_, x), (_, y) in zip(a, b, strict=True)):
        return False
    cut = a[-1][1] if a else 0.0
    above_cut = [{term for term, score in top if not np.isclose(score, cut, rtol=1e-9)} for top in (a, b)]
    return above_cut[0] == above_cut[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=Path("corpus"), help="corpus or raw .txt folder (corpus)")
    parser.add_argument("--syllables", type=int, default=1_000_000, help="minimum size of the benchmark corpus")
    parser.add_argument("--seed", type=int, default=13, help="shuffling seed (default: 13)")
    parser.add_argument("--min-freq", type=int, default=5, help="n-grams seen fewer times are not scored")
    parser.add_argument("--top", type=int, default=20, help="length of the compared top lists (default: 20)")
    args = parser.parse_args(argv)
    try:
        words = read_source(args.corpus).words
    except CorpusError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    base = select_units(words, "syllable", drop_punct=True)
    units = repeated_units(base, args.syllables, args.seed)
    segments = [group.tolist() for _, group in units.groupby("segment", sort=True)["unit"]]
    print(f"{len(units):,} syllables in {len(segments):,} segments ({len(base):,} repeated, seed {args.seed})")
    print(f"{'n':>2}  {'measure':<8}{'ours s':>9}{'nltk s':>9}{'ratio':>8}  top-{args.top} agree")
    ours(base, 2, "llr", 1, 1)  # warm-up: pandas and numpy code paths, outside the timings
    totals = {n: [0.0, 0.0] for n in FINDERS}
    for n in FINDERS:
        for measure in NLTK_MEASURES:
            ours_seconds, ours_top = timed(partial(ours, units, n, measure, args.min_freq, args.top))
            nltk_seconds, nltk_top = timed(partial(nltk, segments, n, measure, args.min_freq, args.top))
            totals[n][0] += ours_seconds
            totals[n][1] += nltk_seconds
            ratio = nltk_seconds / ours_seconds
            same = "yes" if agree(ours_top, nltk_top) else "NO"
            print(f"{n:>2}  {measure:<8}{ours_seconds:>9.3f}{nltk_seconds:>9.3f}{ratio:>7.1f}×  {same}")
    print(
        "ratios (nltk time / ours, counting + scoring): "
        + ", ".join(f"{NGRAM_NAMES[n]} {nltk_s / ours_s:.1f}×" for n, (ours_s, nltk_s) in totals.items())
        + " (target ≥ 5×)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
