"""Keywords: the units a corpus uses more often than a reference corpus, scored by G² (log-likelihood),
log ratio and %DIFF. The reference is the frequency list shipped with danvan (11,998 general news
articles, counted by the same pipeline over their body zones; see danvan.stats.reference), or
--reference DIR (counted with the same options as the corpus).
"""

from __future__ import annotations

from pathlib import Path

from danvan.cli import positive_int
from danvan.cli.corpus_options import (
    corpus_argument_parser,
    corpus_from_args,
    stopwords_from_args,
    units_from_args,
    write_result,
)

MEASURES = ("llr", "log_ratio", "pct_diff")


def main(argv: list[str] | None = None) -> int:
    """Parse the options, count the target and the reference, print the keyword list."""
    parser = corpus_argument_parser(__doc__ or "")
    reference_help = "a corpus folder or a folder of raw .txt files (default: the shipped general news)"
    parser.add_argument("--reference", type=Path, metavar="DIR", help=reference_help)
    parser.add_argument("--negative", action="store_true", help="list negative keywords (rarer than in the reference)")
    parser.add_argument("--measure", choices=MEASURES, default="llr", help="ranking measure (default: llr)")
    parser.add_argument("--min-freq", type=positive_int, default=3, help="minimum frequency in the target (default: 3)")
    parser.add_argument("--top", type=positive_int, default=50, help="rows to show (default: 50)")
    args = parser.parse_args(argv)
    if args.pos and not args.reference:
        parser.error("--pos needs --reference DIR: the shipped reference is a frequency list without tags")

    from danvan.stats import read_source
    from danvan.stats.association import rank
    from danvan.stats.frequencies import keyness_from_counts
    from danvan.stats.reference import filtered_reference, read_reference

    units = units_from_args(corpus_from_args(args).words, args)
    if args.reference:
        reference = units_from_args(read_source(args.reference, args.encoding).words, args)["unit"].value_counts()
    else:
        reference = filtered_reference(read_reference(args.level), drop_punct=args.drop_punct,
                                       drop_numbers=args.drop_numbers, stopwords=stopwords_from_args(args))  # fmt: skip
    counts = units["unit"].value_counts()
    table = keyness_from_counts(counts, len(units), reference, int(reference.sum()), negative=args.negative)
    table = table[table["freq"] >= args.min_freq] if not args.negative else table
    write_result(rank(table, args.measure, args.top), args)
    return 0
