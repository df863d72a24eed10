"""Word sketch: the grammatical collocates of a word in the corpus's dependency trees, grouped by relation
(its nsubj, obj, amod, compound, nmod, conj… partners, and with ``_of`` the words it depends on), each with
frequency and logDice."""

from __future__ import annotations

import argparse
from pathlib import Path

from danvan.cli import OneLineArgumentParser, positive_int
from danvan.model import KEPT_ZONE_KINDS
from danvan.stats.output import OUTPUT_FORMATS


def main(argv: list[str] | None = None) -> int:
    """Parse the options, read the trees, print the sketch."""
    parser = OneLineArgumentParser(description=__doc__)
    parser.add_argument("word", help='the node word, e.g. "dân vận"')
    parser.add_argument("--corpus", type=Path, default=Path("corpus"), help="built corpus folder (default: corpus)")
    parser.add_argument("--all-zones", action="store_true", help="every kept zone, not only the body")
    parser.add_argument("--min-freq", type=positive_int, default=1, help="minimum pair frequency (default: 1)")
    parser.add_argument("--top", type=positive_int, default=10, help="collocates per relation (default: 10)")
    parser.add_argument("--format", choices=OUTPUT_FORMATS, default="table", help="output format (default: table)")
    parser.add_argument("--out", type=Path, metavar="FILE", help="write to FILE instead of the terminal")
    args = parser.parse_args(argv)

    import sys

    from danvan.cli.corpus_options import write_result
    from danvan.stats.sketch import dependency_pairs, word_sketch
    from danvan.stats.units import DEFAULT_ZONES

    pairs = dependency_pairs(args.corpus, KEPT_ZONE_KINDS if args.all_zones else DEFAULT_ZONES)
    table = word_sketch(pairs, args.word, args.min_freq, args.top)
    if table.empty:
        print(f"no hits: {args.word!r} heads or depends on no word in {args.corpus}", file=sys.stderr)
    write_result(table, argparse.Namespace(format=args.format, out=args.out))
    return 0
