"""Build the corpus from raw seed texts and gold annotations into a versioned Hugging Face dataset."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from danvan.build import build_corpus
from danvan.errors import CorpusError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds", type=Path, default=Path("seeds"), help="folder of raw .txt files (default: seeds)")
    parser.add_argument(
        "--annotations", type=Path, default=Path("annotations"), help="folder of gold .ann files (default: annotations)"
    )
    parser.add_argument("--out", type=Path, default=Path("corpus"), help="output folder (default: corpus)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="processes (default: all cores)")
    parser.add_argument("--encoding", default="utf-8", help="encoding of the raw files (default: utf-8)")
    parser.add_argument(
        "--cache",
        type=Path,
        default=Path(".cache/annotations"),
        help="per-document cache (default: .cache/annotations)",
    )
    parser.add_argument("--no-cache", action="store_true", help="annotate every document again")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    args = parser.parse_args(argv)
    try:
        summary = build_corpus(
            args.seeds,
            args.annotations,
            args.out,
            workers=args.workers,
            encoding=args.encoding,
            progress=not args.quiet,
            cache=None if args.no_cache else args.cache,
        )
    except CorpusError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    for warning in summary.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(f"built {args.out}/")
    for line in summary.lines():
        print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
