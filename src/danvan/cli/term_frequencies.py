"""Term frequencies of a corpus: freq, per million, document frequency, Juilland's D; TF-IDF; keyness."""

from __future__ import annotations

import sys
from pathlib import Path

from danvan.cli import positive_int
from danvan.cli.corpus_options import (
    corpus_argument_parser,
    corpus_from_args,
    units_from_args,
    write_result,
)
from danvan.errors import CorpusError
from danvan.stats.frequencies import keyness, term_frequencies, tf_idf
from danvan.stats.units import read_source


def main(argv: list[str] | None = None) -> int:
    parser = corpus_argument_parser(__doc__ or "")
    parser.add_argument(
        "--reference",
        type=Path,
        metavar="CORPUS_OR_DIR",
        help="keyness against this corpus folder or folder of raw .txt files (G² and log ratio)",
    )
    parser.add_argument("--tf-idf", action="store_true", help="TF-IDF of every term in every document instead")
    parser.add_argument("--min-freq", type=positive_int, default=1, help="keep terms seen at least this often")
    parser.add_argument("--top", type=positive_int, help="keep the first TOP rows (per document with --tf-idf)")
    args = parser.parse_args(argv)
    if args.reference and args.tf_idf:
        parser.error("--reference and --tf-idf are different tables; choose one")
    try:
        units = units_from_args(corpus_from_args(args).words, args)
        if args.reference:
            reference = units_from_args(read_source(args.reference, args.encoding).words, args)
            table = keyness(units, reference, args.min_freq, args.top)
        elif args.tf_idf:
            table = tf_idf(units, args.min_freq, args.top)
        else:
            table = term_frequencies(units, args.min_freq, args.top)
        write_result(table, args)
    except CorpusError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    return 0
