"""Build the corpus from raw seed texts and gold annotations into a versioned Hugging Face dataset."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from danvan.cli import OneLineArgumentParser, positive_int

MAX_WORKERS = 64
"""More processes than this only add memory: the build is CPU-bound, one worker per core."""


def main(argv: list[str] | None = None) -> int:
    """Parse the options, load the models, build, print the summary."""
    parser = OneLineArgumentParser(description=__doc__)
    parser.add_argument("--seeds", type=Path, default=Path("seeds"), help="folder of raw .txt files (default: seeds)")
    parser.add_argument(
        "--annotations",
        type=Path,
        help="folder of gold .ann files, which must exist (default: annotations/ with the default --seeds)",
    )
    parser.add_argument("--no-gold", action="store_true", help="build without gold: every document is tagged")
    parser.add_argument("--out", type=Path, default=Path("corpus"), help="output folder (default: corpus)")
    parser.add_argument(
        "--workers",
        type=positive_int,
        default=min(os.cpu_count() or 1, MAX_WORKERS),
        help=f"processes, 1 to {MAX_WORKERS} (default: all cores)",
    )
    parser.add_argument("--encoding", default="utf-8", help="encoding of the raw files (default: utf-8)")
    parser.add_argument("--ner-model", type=Path, help="a CRF NER model (default: the shipped one)")
    parser.add_argument("--parser-model", type=Path, help="a biaffine parser model (default: the shipped one)")
    parser.add_argument(
        "--cache",
        type=Path,
        default=Path(".cache/annotations"),
        help="per-document cache (default: .cache/annotations)",
    )
    parser.add_argument("--no-cache", action="store_true", help="annotate every document again")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    args = parser.parse_args(argv)
    if args.workers > MAX_WORKERS:
        parser.error(f"--workers {args.workers}: at most {MAX_WORKERS} (one per core is the fastest)")
    if args.no_gold and args.annotations:
        parser.error("--no-gold and --annotations exclude each other")
    annotations = args.annotations
    if annotations is None and not args.no_gold and args.seeds == Path("seeds") and Path("annotations").is_dir():
        annotations = Path("annotations")  # the project's own gold, for the project's own seeds
    if annotations is None:
        print("note: no --annotations: every document is tagged by the NER model", file=sys.stderr)

    from danvan.build.corpus import Models, build_corpus
    from danvan.pipeline.ner import load_ner_tagger
    from danvan.pipeline.parse import load_parser

    models = Models(load_ner_tagger(args.ner_model), load_parser(args.parser_model))
    summary = build_corpus(
        args.seeds,
        annotations,
        args.out,
        models,
        workers=args.workers,
        encoding=args.encoding,
        progress=not args.quiet,
        cache=None if args.no_cache else args.cache,
    )
    for warning in summary.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(f"built {args.out}/")
    for line in summary.lines():
        print("  " + line)
    return 0
