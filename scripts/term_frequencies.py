"""Term frequencies of a corpus: freq, per million, document frequency, Juilland's D; TF-IDF; keyness."""

from __future__ import annotations

import sys
from pathlib import Path

from danvan.errors import CorpusError
from danvan.stats import (
    corpus_argument_parser,
    corpus_from_args,
    keyness,
    positive_int,
    read_source,
    term_frequencies,
    tf_idf,
    units_from_args,
    write_result,
)


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


if __name__ == "__main__":
    sys.exit(main())
