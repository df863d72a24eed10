"""Train the dependency parser from a UD treebank folder: the project's biaffine parser (default) or UDPipe 1.

Uses every sentence of ``*-ud-train.conllu`` and the dev file minus its last 10% of
sentences, which stay aside for ``scripts/evaluate_parser.py``. Settings and seeds are fixed, so
training is deterministic.

- ``--backend biaffine`` (the shipped model): ``danvan.biaffine`` learns from FORM, gold UPOS,
  HEAD, DEPREL and underthesea's VLSP tags of the gold words (``danvan.biaffine.Settings``,
  overridable with ``--settings``); it has no tagger: UPOS comes from underthesea at run time.
  Training needs PyTorch: ``pip install -e '.[train]'``.
- ``--backend udpipe``: a UPOS tagger + Parsito parser (``danvan.parser.TAGGER_OPTIONS`` /
  ``PARSER_OPTIONS``). XPOS is blanked (the treebank's XPOS use different tag sets in train and
  dev) or, with ``--vlsp-xpos``, replaced by underthesea's VLSP tag of each word.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

from danvan.biaffine import Settings
from danvan.parser import (
    DEFAULT_MODEL_NAME,
    DEFAULT_PARSER_UPOS,
    PARSER_OPTIONS,
    PARSER_UPOS_SOURCES,
    TAGGER_OPTIONS,
    UDPIPE_MODEL,
    find_treebank_files,
    merge_options,
    parse_options,
    train_biaffine,
    train_parser,
)


def biaffine_settings(overrides: str) -> Settings:
    """The shipped parser's settings with ``key=value;…`` overrides (``epochs=3;hidden=50``)."""
    fields = {f.name: f for f in dataclasses.fields(Settings)}
    values = {}
    for key, value in parse_options(overrides).items():
        if key not in fields:
            raise SystemExit(f"error: unknown setting {key!r}; known: {', '.join(fields)}")
        values[key] = type(getattr(Settings(), key))(value)
    return Settings(**values)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--treebank", required=True, type=Path, help="UD treebank folder (e.g. UD_Vietnamese-VTB)")
    ap.add_argument(
        "--backend",
        choices=("biaffine", "udpipe"),
        default="biaffine",
        help="which parser to train (default: %(default)s)",
    )
    ap.add_argument("--out", type=Path, help=f"model file to write (default: models/{DEFAULT_MODEL_NAME}, "
                    f"or models/{UDPIPE_MODEL.name} for udpipe)")  # fmt: skip
    ap.add_argument("--no-dev", action="store_true", help="train on the train file only")
    ap.add_argument("--settings", default="", help="biaffine settings overriding the defaults (k=v;k=v)")
    ap.add_argument(
        "--vlsp-xpos",
        action="store_true",
        help="udpipe: fill XPOS with underthesea's VLSP tags (use with --parser-options embedding_xpostag=20)",
    )
    ap.add_argument(
        "--parser-upos",
        choices=PARSER_UPOS_SOURCES,
        default=DEFAULT_PARSER_UPOS,
        help="udpipe: UPOS the parser learns from: the new tagger's, or underthesea's mapped to UPOS",
    )
    ap.add_argument(
        "--watch-heldout",
        action="store_true",
        help="udpipe: print the parser's held-out scores after each iteration (the model is unchanged)",
    )
    ap.add_argument("--tagger-options", default="", help="udpipe tagger options overriding the defaults (k=v;k=v)")
    ap.add_argument("--parser-options", default="", help="udpipe parser options overriding the defaults (k=v;k=v)")
    args = ap.parse_args(argv)

    try:
        train, dev = find_treebank_files(args.treebank)
    except FileNotFoundError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    dev = [] if args.no_dev else dev
    print(f"train: {', '.join(map(str, train))}; dev (minus held-out 10%): {', '.join(map(str, dev)) or '-'}")
    if args.backend == "biaffine":
        out = args.out or Path("models") / DEFAULT_MODEL_NAME
        settings = biaffine_settings(args.settings)
        print(f"biaffine parser: {settings}", flush=True)
        seconds = train_biaffine(train, out, dev, settings, progress=True)
    else:
        out = args.out or Path("models") / UDPIPE_MODEL.name
        tagger = merge_options(TAGGER_OPTIONS, args.tagger_options)
        parser = merge_options(PARSER_OPTIONS, args.parser_options)
        print(f"tagger: {tagger}\nparser: {parser}", flush=True)
        seconds = train_parser(train, out, dev, tagger, parser, args.vlsp_xpos, args.parser_upos, args.watch_heldout)
    print(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB) in {seconds / 60:.1f} min")
    return 0


if __name__ == "__main__":
    sys.exit(main())
