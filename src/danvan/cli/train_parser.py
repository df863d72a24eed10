"""Train the project's biaffine dependency parser from a UD treebank folder.

Uses every sentence of ``*-ud-train.conllu`` and the dev file minus its last 10% of sentences,
which stay aside for ``scripts/evaluate_parser.py``. Settings and seeds are fixed, so training is
deterministic. The parser learns from FORM, gold UPOS, HEAD, DEPREL and underthesea's VLSP tags of
the gold words (``danvan.models.biaffine.encoding.Settings``, overridable with ``--settings``); it has
no tagger: UPOS comes from underthesea at run time. Training needs PyTorch: ``pip install -e '.[train]'``.
"""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path

from danvan.cli import OneLineArgumentParser
from danvan.errors import CorpusError
from danvan.models.biaffine.encoding import Settings


def biaffine_settings(overrides: str) -> Settings:
    """The shipped parser's settings with ``key=value;…`` overrides (``epochs=3;hidden=50``)."""
    fields = {f.name: f for f in dataclasses.fields(Settings)}
    values = {}
    for item in filter(None, (part.strip() for part in overrides.split(";"))):
        key, sep, value = item.partition("=")
        if not sep or key.strip() not in fields:
            raise CorpusError(f"--settings: {item!r} is not key=value with a key among {', '.join(fields)}")
        key = key.strip()
        try:
            values[key] = type(getattr(Settings(), key))(value.strip())
        except ValueError:
            kind = type(getattr(Settings(), key)).__name__
            raise CorpusError(f"--settings: {key}={value.strip()!r} is not a {kind}") from None
    return Settings(**values)


def main(argv: list[str] | None = None) -> int:
    """Parse the options, train, save the model."""
    ap = OneLineArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--treebank", required=True, type=Path, help="UD treebank folder (e.g. UD_Vietnamese-VTB)")
    ap.add_argument("--out", type=Path, required=True, help="model file to write (.npz)")
    ap.add_argument("--no-dev", action="store_true", help="train on the train file only")
    ap.add_argument("--settings", default="", help="settings overriding the defaults (k=v;k=v)")
    args = ap.parse_args(argv)

    from danvan.models.parser_training import find_treebank_files, train_biaffine

    settings = biaffine_settings(args.settings)
    train, dev = find_treebank_files(args.treebank)
    dev = [] if args.no_dev else dev
    print(f"train: {', '.join(map(str, train))}; dev (minus held-out 10%): {', '.join(map(str, dev)) or '-'}")
    print(f"biaffine parser: {settings}", flush=True)
    seconds = train_biaffine(train, args.out, dev, settings, progress=True)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB) in {seconds / 60:.1f} min")
    return 0
