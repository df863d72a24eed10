"""Concordance: KWIC lines of a word or phrase, with the document and sentence id of each line."""

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
from danvan.stats.concordance import concordance


def main(argv: list[str] | None = None) -> int:
    parser = corpus_argument_parser(__doc__ or "")
    parser.add_argument("query", help='word, phrase or pattern (normalized forms): "dân vận", "dân *", "*vận"')
    parser.add_argument("--regex", action="store_true", help="the query is a regular expression matching one unit")
    parser.add_argument("--width", type=positive_int, default=40, help="characters of context each side (default: 40)")
    parser.add_argument("--sort", choices=("left", "right"), help="sort by left or right context (default: text order)")
    args = parser.parse_args(argv)
    if not args.query.strip():
        parser.error("empty query; expected a word or phrase")
    try:
        corpus = corpus_from_args(args)
        units = units_from_args(corpus.words, args)
        lines = concordance(units, corpus.sentences, args.query, args.width, args.sort or "text", args.regex)
        if lines.empty:
            print(f"no hits: {args.query!r}", file=sys.stderr)
        write_result(lines, args)
    except CorpusError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    return 0
