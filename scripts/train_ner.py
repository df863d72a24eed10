"""Train the project's CRF NER on any Hugging Face dataset with `tokens` and `ner_tags` (ClassLabel)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from seqeval.metrics import classification_report
from seqeval.scheme import IOB2

from danvan.ner_crf import LEVELS, train_crf
from danvan.ner_eval import load_ner_dataset, tagged_sentences_from_split


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dataset", default="corpus", help="dataset folder or name (default: corpus)")
    parser.add_argument("--config", default="ner", help="config name (default: ner; ignored for saved datasets)")
    parser.add_argument("--train-splits", nargs="+", default=["train"], help="splits to train on (default: train)")
    parser.add_argument("--level", choices=LEVELS, default="syllable", help="tag words or syllables (default)")
    parser.add_argument("--version", default="0", help="model version recorded in its name")
    parser.add_argument("--out", type=Path, default=Path("models/ner-crf.crfsuite"), help="model file to write")
    args = parser.parse_args(argv)
    try:
        dataset = load_ner_dataset(args.dataset, args.config)
    except (FileNotFoundError, ValueError) as err:
        print(f"error: {args.dataset}: cannot load dataset ({err})".splitlines()[0], file=sys.stderr)
        return 2
    missing = [s for s in args.train_splits if s not in dataset]
    if missing or "ner_tags" not in dataset[args.train_splits[0] if not missing else next(iter(dataset))].features:
        what = f"no split {missing[0]!r}" if missing else "no ner_tags feature"
        print(f"error: {args.dataset}: {what} (splits: {', '.join(dataset)})", file=sys.stderr)
        return 2
    training = [s for split in args.train_splits for s in tagged_sentences_from_split(dataset[split])]
    model = train_crf(training, args.out, args.level, args.version)
    print(f"trained {model.name} on {len(training)} sentences ({', '.join(args.train_splits)}): {args.out}")
    for split in ("validation", "test"):
        if split not in dataset or len(dataset[split]) == 0:
            continue
        note = " (also trained on: not a held-out score)" if split in args.train_splits else ""
        sentences = tagged_sentences_from_split(dataset[split])
        predicted = [model.tag_sentence(s) for s in sentences]
        print(f"\n{split}{note}")
        print(
            classification_report(
                [list(s.tags) for s in sentences], predicted, mode="strict", scheme=IOB2, digits=4, zero_division=0
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
