"""Train the project's CRF NER on any NER dataset: `tokens` and `ner_tags` (a ClassLabel or tag strings, any
label set), from a saved DatasetDict or Dataset, a dataset folder or name, or parquet / JSON lines files.

Tags are checked to be IOB2 before training (BIOES and BILOU are converted, with a note); words joined by
`_` (PhoNER, VLSP) are read as spaces, with a note. Rows whose `ner_source` is not "gold" (the corpus's
model-tagged documents) are left out of training and scoring. The model's sidecar (FILE.json) stores the
training entity strings only as digests (--gazetteer hashed), as they are with --gazetteer plain, or not at
all with --gazetteer none.
"""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path

from danvan.cli import OneLineArgumentParser, check_writable, positive_int
from danvan.errors import CorpusError
from danvan.models.crf_ner.units import LEVELS, TRAINING_PARAMS


def non_negative_float(value: str) -> float:
    """An argparse type: a float ≥ 0."""
    number = float(value)
    if number < 0:
        raise ValueError(value)
    return number


def argument_parser() -> OneLineArgumentParser:
    """The options, each with its default in the help."""
    from danvan.models.crf_ner.features import FEATURE_SETS
    from danvan.models.crf_ner.model import GAZETTEER_FORMS

    parser = OneLineArgumentParser(description=__doc__)
    parser.add_argument("--dataset", default="corpus", help="dataset folder or name (default: corpus)")
    parser.add_argument("--config", help="config name (default: ner if the dataset has it, else its only one)")
    parser.add_argument("--data-files", nargs="+", type=Path, metavar="PATH",
                        help="parquet or JSON lines files or folders instead of --dataset; a file's split from "
                             "its name (train, validation, valid, val, dev, test), else train")  # fmt: skip
    parser.add_argument("--train-splits", nargs="+", default=["train"], help="splits to train on (default: train)")
    parser.add_argument("--eval-splits", nargs="+",
                        help="splits to score (default: validation or dev, and test, when present)")  # fmt: skip
    parser.add_argument("--level", choices=LEVELS, default="syllable", help="unit tagged (default: syllable)")
    parser.add_argument("--features", choices=FEATURE_SETS, default="news",
                        help="news: with the Vietnamese news lexicons and place names; generic: without "
                             "(default: news)")  # fmt: skip
    parser.add_argument("--gazetteer", choices=GAZETTEER_FORMS, default="hashed",
                        help="entity strings seen in training as features, stored in the sidecar as unsalted "
                             "digests (hashed: not readable, but a dictionary of syllables can guess short ones) "
                             "or as they are (plain), or no such feature (none: for data whose licence forbids "
                             "redistributing its names) (default: hashed)")  # fmt: skip
    parser.add_argument("--c1", type=non_negative_float, default=TRAINING_PARAMS["c1"],
                        help=f"L1 penalty (default: {TRAINING_PARAMS['c1']})")  # fmt: skip
    parser.add_argument("--c2", type=non_negative_float, default=TRAINING_PARAMS["c2"],
                        help=f"L2 penalty (default: {TRAINING_PARAMS['c2']})")  # fmt: skip
    parser.add_argument("--max-iterations", type=positive_int, default=TRAINING_PARAMS["max_iterations"],
                        help=f"L-BFGS iterations (default: {TRAINING_PARAMS['max_iterations']})")  # fmt: skip
    parser.add_argument("--version", default="0", help="model version recorded in its name (default: 0)")
    parser.add_argument("--out", type=Path, required=True, help="model file to write (and FILE.json beside it)")
    parser.add_argument("--force", action="store_true", help="allow --out to replace the model the package ships")
    parser.add_argument("--json", type=Path, metavar="FILE", help="write the scores of each scored split as JSON")
    return parser


def note(message: str) -> None:
    """A line on stderr: what the trainer changed or could not do."""
    print(f"note: {message}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    """Parse the options, load and check the data, train on the gold sentences, score the evaluation splits."""
    parser = argument_parser()
    args = parser.parse_args(argv)

    from seqeval.metrics import classification_report
    from seqeval.scheme import IOB2

    from danvan.eval.ner import entity_scores, gold_rows, tagged_sentences_from_split
    from danvan.formats.ner_data import (
        bioes_to_iob2,
        check_iob2,
        check_lengths,
        check_ner_splits,
        eval_splits,
        is_bioes,
        joined_words,
        load_ner_dataset,
        tag_sequences,
    )
    from danvan.models.crf_ner.model import train_crf
    from danvan.resources import NER_MODEL, data_file

    if args.out.resolve() == data_file(NER_MODEL).resolve() and not args.force:
        raise CorpusError(f"{args.out}: refused as --out: it is the model the package ships (--force to replace it)")
    if args.out.is_dir():
        raise CorpusError(f"{args.out}: refused as --out: a folder (give a model FILE)")
    check_writable([args.out, args.json])  # before hours of training, not after
    name = ", ".join(map(str, args.data_files)) if args.data_files else args.dataset
    dataset = load_ner_dataset(args.dataset, args.config, args.data_files or ())
    scored = args.eval_splits if args.eval_splits is not None else eval_splits(dataset, args.train_splits)
    check_ner_splits(dataset, name, [*args.train_splits, *scored])
    splits = {split: gold_rows(dataset[split]) for split in dict.fromkeys([*args.train_splits, *scored])}
    for split, rows in splits.items():
        check_lengths(rows, f"{name}: split {split!r}")
    try:
        tags = {split: tag_sequences(rows) for split, rows in splits.items()}
    except CorpusError as err:
        raise CorpusError(f"{name}: {err}") from None
    if is_bioes([t for rows in tags.values() for t in rows]):
        note("BIOES/BILOU tags converted to IOB2 (S-, U- → B-; E-, L- → I-)")
        tags = {split: [bioes_to_iob2(t) for t in rows] for split, rows in tags.items()}
    for split, rows in tags.items():
        for index, row in enumerate(rows):
            check_iob2(row, f"{name}: split {split!r}, row {index}")
    underscores = joined_words(splits[args.train_splits[0]])
    if underscores:
        note("words are joined by '_' (PhoNER/VLSP style): read as syllables separated by spaces")
    sentences = {split: tagged_sentences_from_split(rows, tags[split], underscores) for split, rows in splits.items()}
    training = [s for split in args.train_splits for s in sentences[split]]
    if not any(s.words for s in training):
        raise CorpusError(f"{name}: no gold sentence to train on in {', '.join(args.train_splits)}")
    if not [s for s in scored if len(splits[s])]:
        note("nothing is scored: no validation, dev or test split (name them with --eval-splits)")

    params = {"c1": args.c1, "c2": args.c2, "max_iterations": args.max_iterations}
    try:
        model = train_crf(training, args.out, args.level, args.version, feature_set=args.features, params=params,
                          gazetteer=args.gazetteer)  # fmt: skip
    except OSError as err:
        raise CorpusError(f"{args.out}: cannot write the model ({err.strerror or err})") from None
    print(f"trained {model.name} on {len(training)} sentences ({', '.join(args.train_splits)}): {args.out}")
    results = {}
    for split in scored:
        if not len(splits[split]):
            continue
        gold = [list(s.tags) for s in sentences[split]]
        predicted = [model.tag_sentence(replace(s, tags=())) for s in sentences[split]]
        if not any(t != "O" for tags in gold + predicted for t in tags):
            note(f"split {split!r}: no entity in the gold or the predictions, nothing to score")
            continue
        results[split] = entity_scores(gold, predicted)
        flag = " (also trained on: not a held-out score)" if split in args.train_splits else ""
        print(f"\n{split}{flag}")
        print(classification_report(gold, predicted, mode="strict", scheme=IOB2, digits=4, zero_division=0))
    if args.json:
        try:
            args.json.write_text(json.dumps(results, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        except OSError as err:
            raise CorpusError(f"{args.json}: cannot write ({err.strerror or err})") from None
    return 0
