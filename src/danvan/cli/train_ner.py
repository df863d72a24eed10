"""Train the project's CRF NER on any Hugging Face dataset with `tokens` and `ner_tags` (ClassLabel).

Label names come from the dataset's features (any BIO label set). Rows whose `ner_source` is not
"gold" (the corpus's model-tagged documents) are left out of training and scoring.
"""

from __future__ import annotations

import sys
from pathlib import Path

from seqeval.metrics import classification_report
from seqeval.scheme import IOB2

from danvan.cli import OneLineArgumentParser
from danvan.errors import CorpusError
from danvan.eval.ner import check_ner_splits, gold_rows, load_ner_dataset, tagged_sentences_from_split
from danvan.models.crf_ner.model import train_crf
from danvan.models.crf_ner.units import LEVELS


def main(argv: list[str] | None = None) -> int:
    """Parse the options, train on the gold sentences, report the held-out splits."""
    parser = OneLineArgumentParser(description=__doc__)
    parser.add_argument("--dataset", default="corpus", help="dataset folder or name (default: corpus)")
    parser.add_argument("--config", default="ner", help="config name (default: ner; ignored for saved datasets)")
    parser.add_argument("--train-splits", nargs="+", default=["train"], help="splits to train on (default: train)")
    parser.add_argument("--level", choices=LEVELS, default="syllable", help="tag syllables (default) or words")
    parser.add_argument("--version", default="0", help="model version recorded in its name")
    parser.add_argument("--out", type=Path, required=True, help="model file to write (and FILE.json beside it)")
    args = parser.parse_args(argv)
    try:
        dataset = load_ner_dataset(args.dataset, args.config)
        scored = [s for s in ("validation", "test") if s in dataset and s not in args.train_splits]
        check_ner_splits(dataset, args.dataset, [*args.train_splits, *scored])
        training = [s for split in args.train_splits for s in tagged_sentences_from_split(gold_rows(dataset[split]))]
        if not any(s.words for s in training):
            raise CorpusError(f"{args.dataset}: no gold sentence to train on in {', '.join(args.train_splits)}")
    except CorpusError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    model = train_crf(training, args.out, args.level, args.version)
    print(f"trained {model.name} on {len(training)} sentences ({', '.join(args.train_splits)}): {args.out}")
    for split in ("validation", "test"):
        if split not in dataset or len(dataset[split]) == 0:
            continue
        note = " (also trained on: not a held-out score)" if split in args.train_splits else ""
        sentences = tagged_sentences_from_split(gold_rows(dataset[split]))
        predicted = [model.tag_sentence(s) for s in sentences]
        print(f"\n{split}{note}")
        print(
            classification_report(
                [list(s.tags) for s in sentences], predicted, mode="strict", scheme=IOB2, digits=4, zero_division=0
            )
        )
    return 0
