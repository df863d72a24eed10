"""N-grams: contiguous sequences of n units (never across a sentence or a dropped unit), by frequency."""

from __future__ import annotations

from danvan.cli import positive_int
from danvan.cli.corpus_options import (
    corpus_argument_parser,
    corpus_from_args,
    units_from_args,
    write_result,
)
from danvan.stats.ngrams import NGRAM_SIZES


def main(argv: list[str] | None = None) -> int:
    """Parse the options, count the n-grams, print them."""
    parser = corpus_argument_parser(__doc__ or "")
    parser.add_argument("--n", type=int, choices=NGRAM_SIZES, default=2, help="n-gram size (default: 2)")
    parser.add_argument("--min-freq", type=positive_int, default=2, help="minimum frequency (default: 2)")
    parser.add_argument("--top", type=positive_int, default=50, help="rows to show (default: 50)")
    args = parser.parse_args(argv)

    from danvan.stats.ngrams import ngram_frequencies

    units = units_from_args(corpus_from_args(args).words, args)
    write_result(ngram_frequencies(units, args.n, args.min_freq, args.top), args)
    return 0
