"""Fill UPOS, HEAD and DEPREL of a CoNLL-U file whose words (FORM, spaces allowed) are given.

Every other column, every comment line, multiword-token ranges and empty nodes are written
back exactly as read; fields are split and joined on tabs only. ``--keep-upos`` keeps the
file's UPOS and feeds it to the parser instead of tagging.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from danvan.parser import SHIPPED_MODEL, UPOS_SOURCES, load_parser, parse_conllu_text


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--input", required=True, type=Path, help="CoNLL-U file to parse")
    ap.add_argument("--output", required=True, type=Path, help="CoNLL-U file to write")
    ap.add_argument(
        "--model", type=Path, default=SHIPPED_MODEL, help="parser model: .npz biaffine (default, shipped) or .udpipe"
    )
    ap.add_argument("--keep-upos", action="store_true", help="keep the input's UPOS (must be filled) and parse with it")
    ap.add_argument(
        "--upos-source",
        choices=UPOS_SOURCES,
        default="underthesea",
        help="where UPOS comes from when not kept: underthesea's POS tagger mapped to UPOS (default; "
        "better UPOS and LAS on VTB dev, see docs/parser.md) or a UDPipe model's own tagger",
    )
    ap.add_argument(
        "--vlsp-xpos",
        action="store_true",
        help="give the parser underthesea's VLSP tags as XPOS (for models trained with --vlsp-xpos)",
    )
    args = ap.parse_args(argv)

    parser = load_parser(args.model, vlsp_xpos=args.vlsp_xpos)
    try:
        text = args.input.read_text(encoding="utf-8")
        output = parse_conllu_text(parser, text, keep_upos=args.keep_upos, upos_source=args.upos_source)
    except (OSError, UnicodeDecodeError, ValueError) as err:
        print(f"error: {args.input}: {err}", file=sys.stderr)
        return 2
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(output, encoding="utf-8", newline="\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
