"""Train the UPOS tagger + dependency parser (UDPipe 1) from a UD treebank folder.

Uses every sentence of ``*-ud-train.conllu`` and the dev file minus its last 10% of
sentences, which stay aside for ``scripts/evaluate_parser.py``. XPOS is blanked (the
treebank's XPOS use different tag sets in train and dev) or, with ``--vlsp-xpos``, replaced
by underthesea's VLSP tag of each word. Settings are fixed
(``danvan.parser.TAGGER_OPTIONS`` / ``PARSER_OPTIONS``); UDPipe training is deterministic.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from danvan.parser import (
    DEFAULT_MODEL_NAME,
    DEFAULT_PARSER_UPOS,
    PARSER_OPTIONS,
    PARSER_UPOS_SOURCES,
    TAGGER_OPTIONS,
    find_treebank_files,
    merge_options,
    train_parser,
)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--treebank", required=True, type=Path, help="UD treebank folder (e.g. UD_Vietnamese-VTB)")
    ap.add_argument("--out", type=Path, default=Path("models") / DEFAULT_MODEL_NAME, help="model file to write")
    ap.add_argument("--no-dev", action="store_true", help="train on the train file only")
    ap.add_argument(
        "--vlsp-xpos",
        action="store_true",
        help="fill XPOS with underthesea's VLSP tags (use with --parser-options embedding_xpostag=20)",
    )
    ap.add_argument(
        "--parser-upos",
        choices=PARSER_UPOS_SOURCES,
        default=DEFAULT_PARSER_UPOS,
        help="UPOS the parser learns from: the new tagger's, or underthesea's mapped to UPOS",
    )
    ap.add_argument(
        "--watch-heldout",
        action="store_true",
        help="print the parser's held-out scores after each iteration (the model is unchanged)",
    )
    ap.add_argument("--tagger-options", default="", help="UDPipe tagger options overriding the defaults (k=v;k=v)")
    ap.add_argument("--parser-options", default="", help="UDPipe parser options overriding the defaults (k=v;k=v)")
    args = ap.parse_args(argv)

    train, dev = find_treebank_files(args.treebank)
    tagger = merge_options(TAGGER_OPTIONS, args.tagger_options)
    parser = merge_options(PARSER_OPTIONS, args.parser_options)
    print(f"train: {', '.join(map(str, train))}; dev (minus held-out 10%): {', '.join(map(str, dev)) or '-'}")
    print(f"tagger: {tagger}\nparser: {parser}", flush=True)
    seconds = train_parser(
        train,
        args.out,
        [] if args.no_dev else dev,
        tagger,
        parser,
        args.vlsp_xpos,
        args.parser_upos,
        args.watch_heldout,
    )
    size = args.out.stat().st_size / 1e6
    print(f"wrote {args.out} ({size:.1f} MB) in {seconds / 60:.1f} min")
    return 0


if __name__ == "__main__":
    sys.exit(main())
