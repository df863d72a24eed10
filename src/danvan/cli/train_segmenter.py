"""Train the stacked word segmenter on a UD Vietnamese treebank and score it beside its two inputs.

The CRF learns, from the treebank's train file, where words begin given underthesea's segmentation
features and the boundaries underthesea's and pyvi's segmenters put (danvan.models.word_segmenter).
With a dev file, the dev text is scored in two halves: the first is the one the training parameters were
chosen on, the second is held out; the figures go to ``OUT.eval.json``. Training is deterministic.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from tqdm import tqdm

from danvan.cli import OneLineArgumentParser, check_writable
from danvan.errors import CorpusError
from danvan.models.word_segmenter import STACK_TRAINING_PARAMS


def main(argv: list[str] | None = None) -> int:
    """Parse the options, train, score, save."""
    ap = OneLineArgumentParser(description=__doc__, formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    ap.add_argument("--treebank", required=True, type=Path, help="UD treebank folder (e.g. UD_Vietnamese-VTB)")
    ap.add_argument("--out", type=Path, required=True, help="model file to write (.crfsuite)")
    ap.add_argument("--c1", type=float, default=STACK_TRAINING_PARAMS["c1"], help="L1 penalty")
    ap.add_argument("--c2", type=float, default=STACK_TRAINING_PARAMS["c2"], help="L2 penalty")
    args = ap.parse_args(argv)

    from danvan.eval.segmentation import segmentation_score, treebank_sentences
    from danvan.models.parser_training import find_treebank_files
    from danvan.models.word_segmenter import pyvi_tags, train_stacked_segmenter
    from danvan.pipeline.segment import (
        Segmenter,
        segmentation_tags,
        segmenter_input,
        stacked_segmenter,
        stock_segmentation,
    )

    check_writable([args.out])
    train_files, dev_files = find_treebank_files(args.treebank)
    train = [s for path in train_files for s in treebank_sentences(path)]
    if not train:
        raise CorpusError(f"{', '.join(map(str, train_files))}: no sentences with words to train on")
    examples = []
    for syllables, gold in tqdm(train, desc="features", disable=None):
        fed = [segmenter_input(s) for s in syllables]
        base, stock = stock_segmentation(fed)
        examples.append((base, stock, pyvi_tags(fed), gold))
    params = {**STACK_TRAINING_PARAMS, "c1": args.c1, "c2": args.c2}
    train_stacked_segmenter(examples, args.out, params)
    print(f"trained on {len(train)} sentences of {', '.join(map(str, train_files))} ({params})")
    if not dev_files:
        return 0

    stacked = stacked_segmenter(args.out)

    def predict(syllables: list[str], segmenter: Segmenter) -> list[str]:
        return segmentation_tags([segmenter_input(s) for s in syllables], segmenter, stacked)

    dev = [s for path in dev_files for s in treebank_sentences(path)]
    halves = {
        "dev_first_half (parameters chosen here)": dev[: len(dev) // 2],
        "dev_second_half (held out)": dev[len(dev) // 2 :],
    }
    report: dict[str, dict[str, dict[str, float]]] = {}
    for name, sentences in halves.items():
        report[name] = {}
        segmenters: tuple[Segmenter, ...] = ("underthesea", "pyvi", "stacked")
        for segmenter in segmenters:
            score = segmentation_score((gold, predict(syl, segmenter)) for syl, gold in sentences)
            report[name][segmenter] = {
                "precision": round(score.precision, 4),
                "recall": round(score.recall, 4),
                "f1": round(score.f1, 4),
                "words": score.words,
            }
            print(f"{name:<42}{segmenter:<13}F1 {score.f1:.4f}")
    evaluation = args.out.with_suffix(".eval.json")
    evaluation.write_text(json.dumps({"training": params, "scores": report}, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out} and {evaluation}")
    return 0
