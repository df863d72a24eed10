"""Collocations: contiguous n-grams (n = 2..4) or the collocates of a node within a window, with their scores."""

from __future__ import annotations

import sys

from danvan.cli import positive_int
from danvan.cli.corpus_options import (
    corpus_argument_parser,
    corpus_from_args,
    units_from_args,
    write_result,
)
from danvan.errors import CorpusError
from danvan.stats.association import MEASURES, rank
from danvan.stats.ngrams import NGRAM_SIZES, ngram_collocations, window_collocates


def main(argv: list[str] | None = None) -> int:
    parser = corpus_argument_parser(__doc__ or "")
    parser.add_argument("--n", type=int, choices=NGRAM_SIZES, help="n-gram size (default: 2)")
    parser.add_argument("--measure", choices=list(MEASURES), default="llr", help="ranking measure (default: llr)")
    parser.add_argument("--min-freq", type=positive_int, default=1, help="minimum n-gram or co-occurrence frequency")
    parser.add_argument("--top", type=positive_int, default=20, help="rows to show (default: 20)")
    parser.add_argument("--node", help='word or phrase whose window collocates to list, e.g. "dân vận"')
    parser.add_argument("--window", type=positive_int, help="units left and right of the node (default: 5)")
    args = parser.parse_args(argv)
    if args.node is not None and args.n is not None:
        parser.error("--n counts contiguous n-grams; it does not apply with --node")
    if args.node is None and args.window is not None:
        parser.error("--window needs --node")
    if args.node is not None and not args.node.strip():
        parser.error("--node: empty query; expected a word or phrase")
    try:
        units = units_from_args(corpus_from_args(args).words, args)
        if args.node is not None:
            table = window_collocates(units, args.node, args.window or 5, args.min_freq)
        else:
            table = ngram_collocations(units, args.n or 2, args.min_freq)
        write_result(rank(table, args.measure, args.top), args)
    except CorpusError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    return 0
