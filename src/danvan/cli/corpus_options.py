"""Command-line options shared by the statistics commands (source, level, filters, zones, output)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import pandas as pd

from danvan.cli import OneLineArgumentParser
from danvan.errors import CorpusError
from danvan.model import KEPT_ZONE_KINDS, POS_TAGS
from danvan.stats.output import BINARY_FORMATS, OUTPUT_FORMATS, render_frame, save_frame
from danvan.stats.units import (
    DEFAULT_STOPWORDS,
    DEFAULT_ZONES,
    LEVELS,
    Corpus,
    read_corpus,
    read_raw_folder,
    read_stopwords,
    select_units,
)


def corpus_argument_parser(description: str) -> OneLineArgumentParser:
    """A parser with the options every stats script shares: source, level, filters, zones, output."""
    parser = OneLineArgumentParser(description=description)
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--corpus", type=Path, default=Path("corpus"), help="built corpus folder (default: corpus)")
    source.add_argument("--input", type=Path, metavar="DIR", help="folder of raw .txt files, annotated on the fly")
    parser.add_argument("--encoding", default="utf-8", help="encoding of raw .txt files (default: utf-8)")
    parser.add_argument("--level", choices=LEVELS, default="word", help="unit: word or syllable (default: word)")
    parser.add_argument("--drop-punct", action="store_true", help="drop punctuation (tag CH or no letter/digit)")
    parser.add_argument("--drop-numbers", action="store_true", help="drop numbers (tag M or digits)")
    parser.add_argument("--stopwords", action="store_true", help="drop the shipped Vietnamese stopwords")
    parser.add_argument("--stopword-file", type=Path, metavar="FILE", help="drop these stopwords instead (one a line)")
    parser.add_argument("--pos", type=pos_tags, metavar="TAGS", default=frozenset(),
                        help="keep only words with these VLSP POS tags, comma-separated (e.g. N,Np,V)")  # fmt: skip
    parser.add_argument("--all-zones", action="store_true", help="count every kept zone, not only the body")
    parser.add_argument("--format", choices=OUTPUT_FORMATS, default="table", help="output format (default: table)")
    parser.add_argument("--out", type=Path, metavar="FILE", help="write to FILE instead of the terminal")
    return parser


def pos_tags(value: str) -> frozenset[str]:
    """The --pos value: comma-separated tags of the VLSP tag set (an argument error names an unknown one)."""
    tags = frozenset(tag.strip() for tag in value.split(",") if tag.strip())
    if not tags or (unknown := sorted(tags - set(POS_TAGS))):
        raise argparse.ArgumentTypeError(f"{', '.join(unknown) or value!r}: not VLSP POS tags ({', '.join(POS_TAGS)})")
    return tags


def corpus_from_args(args: argparse.Namespace) -> Corpus:
    """The corpus the shared options name: --input (raw files) or --corpus (built folder)."""
    return read_raw_folder(args.input, args.encoding) if args.input else read_corpus(args.corpus)


def stopwords_from_args(args: argparse.Namespace) -> frozenset[str]:
    """The stopwords --stopwords or --stopword-file name (none without them)."""
    stopword_file = args.stopword_file or (DEFAULT_STOPWORDS if args.stopwords else None)
    return read_stopwords(stopword_file) if stopword_file else frozenset()


def units_from_args(words: pd.DataFrame, args: argparse.Namespace) -> pd.DataFrame:
    """The units the shared options select from ``words``."""
    return select_units(
        words,
        args.level,
        zones=KEPT_ZONE_KINDS if args.all_zones else DEFAULT_ZONES,
        drop_punct=args.drop_punct,
        drop_numbers=args.drop_numbers,
        stopwords=stopwords_from_args(args),
        pos=args.pos,
    )


def write_result(frame: pd.DataFrame, args: argparse.Namespace) -> None:
    """Save the result to --out in --format, or print it; a closed pipe (``| head``) is not an error."""
    if args.out:
        save_frame(frame, args.format, args.out)
        return
    if args.format in BINARY_FORMATS:
        raise CorpusError(f"--format {args.format} is binary; give --out FILE")
    try:
        print(render_frame(frame, args.format), flush=True)
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
