"""Which syllable form segments best? Word-segmentation F1 on UD_Vietnamese-VTB's gold words.

Each treebank sentence's words are split into syllables; every form of SEGMENTER_INPUTS is
fed to underthesea's segmentation CRF, and the predicted word spans are scored against the
gold ones (F1 over (start, end) syllable index pairs).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import conllu
from tqdm import tqdm

from danvan.pipeline.normalize import move_tone_to_modern_style
from danvan.pipeline.segment import SEGMENTER_INPUTS, segment_words

DEFAULT_TREEBANK = Path("../shared/ud-vtb/vi_vtb-ud-dev.conllu")


def gold_and_syllables(
    sentence: conllu.TokenList, modern: bool = False
) -> tuple[str, list[tuple[int, int]], set[tuple[int, int]]]:
    """The sentence's syllables joined by spaces, their spans, and the gold word spans."""
    text, syllables, words = "", [], set()
    for token in sentence:
        if not isinstance(token["id"], int):
            continue
        word_start = None
        for syllable in token["form"].split():
            syllable = move_tone_to_modern_style(syllable) if modern else syllable
            start = len(text)
            text += syllable + " "
            syllables.append((start, start + len(syllable)))
            word_start = start if word_start is None else word_start
        words.add((word_start, len(text) - 1))
    return text, syllables, words


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--treebank", type=Path, default=DEFAULT_TREEBANK, help="a UD Vietnamese .conllu file")
    parser.add_argument("--modern", action="store_true", help="rewrite the text in the modern tone style first")
    parser.add_argument("--limit", type=int, default=0, help="first N sentences only (0: all)")
    args = parser.parse_args()
    sentences = conllu.parse(args.treebank.read_text(encoding="utf-8"))
    if args.limit:
        sentences = sentences[: args.limit]
    style = "modern tone style (hoà, uỷ)" if args.modern else "as written"
    print(f"{args.treebank}: {len(sentences)} sentences, {style}")
    print(f"{'input form':<14}{'precision':>10}{'recall':>10}{'F1':>10}")
    scores = {}
    for form in SEGMENTER_INPUTS:
        true_positive = predicted = gold_total = 0
        for sentence in tqdm(sentences, desc=form, leave=False, disable=None):
            text, syllables, gold = gold_and_syllables(sentence, args.modern)
            spans = {span for span, _ in segment_words(text, syllables, form, segmenter="underthesea")}
            true_positive += len(spans & gold)
            predicted += len(spans)
            gold_total += len(gold)
        p, r = true_positive / predicted, true_positive / gold_total
        scores[form] = 2 * p * r / (p + r)
        print(f"{form:<14}{p:>10.4f}{r:>10.4f}{scores[form]:>10.4f}")
    best = max(scores, key=lambda f: (scores[f], f))
    print("F1 ratio against surface: " + ", ".join(f"{f} {s / scores['surface']:.4f}" for f, s in scores.items()))
    print(f"best: {best}")


if __name__ == "__main__":
    main()
