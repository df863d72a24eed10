"""Fill UPOS, HEAD and DEPREL of a CoNLL-U file whose words (FORM, spaces allowed) are given.

Every other column, every comment line, multiword-token ranges and empty nodes are written
back exactly as read; fields are split and joined on tabs only. ``--keep-upos`` keeps the
file's UPOS and feeds it to the parser instead of tagging.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from danvan.cli import OneLineArgumentParser
from danvan.errors import CorpusError


def main(argv: list[str] | None = None) -> int:
    """Parse the options, parse the file, write the result."""
    ap = OneLineArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--input", required=True, type=Path, help="CoNLL-U file to parse")
    ap.add_argument("--output", required=True, type=Path, help="CoNLL-U file to write")
    ap.add_argument("--model", type=Path, help="biaffine parser model, .npz (default: the shipped one)")
    ap.add_argument("--keep-upos", action="store_true", help="keep the input's UPOS (must be filled) and parse with it")
    args = ap.parse_args(argv)

    from danvan.pipeline.parse import load_parser, parse_conllu_text

    parser = load_parser(args.model)
    try:
        text = args.input.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise CorpusError(f"{args.input}: {err}") from None
    try:
        output = parse_conllu_text(parser, text, keep_upos=args.keep_upos)
    except CorpusError as err:
        raise CorpusError(f"{args.input}: {err}") from None
    try:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(output, encoding="utf-8", newline="\n")
    except OSError as err:
        raise CorpusError(f"{args.output}: cannot write: {err.strerror}") from None
    return 0
