"""Tokens per second of the project's full annotation of a sentence against underthesea, on one core.

Same sentences (the kept text of the seeds, repeated), three ways:
- project: syllables → words → POS → chunk (underthesea's models, linear-time features) → project CRF NER;
- underthesea.ner: one call per sentence (it yields words, POS, chunk and NER);
- sequential: underthesea.word_tokenize, then pos_tag, then ner, one after another.
Tokens are the project's word tokens of those sentences, so all three rates share a numerator.
A fourth row adds the dependency parse of the CoNLL-U layer (UPOS mapped from the tokens' tags,
the shipped UDPipe model) to the project's annotation: its cost over the annotation alone is
the share parsing adds to a cold build's annotation work.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import underthesea

from danvan.annotate import tag_sentence
from danvan.ingest import read_raw, zone_lines
from danvan.model import KEPT_ZONE_KINDS
from danvan.ner import default_ner_tagger
from danvan.parser import SHIPPED_MODEL, cached_parser, token_analyses
from danvan.segment import sentence_spans

ROOT = Path(__file__).resolve().parents[1]


def seed_sentences(seeds: Path) -> list[tuple[str, int, int]]:
    """(raw, start, end) of every sentence of the seeds' kept zones."""
    sentences = []
    for path in sorted(seeds.glob("*.txt")):
        raw = read_raw(path).raw
        for zone in zone_lines(raw):
            if zone.kind in KEPT_ZONE_KINDS:
                sentences += [(raw, s, e) for s, e in sentence_spans(raw, zone.start, zone.end)]
    return sentences


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", type=Path, default=ROOT / "seeds")
    parser.add_argument("--repeat", type=int, default=3, help="passes over the sentences (default 3)")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    sentences = seed_sentences(args.seeds) * args.repeat
    texts = [raw[s:e] for raw, s, e in sentences]
    tagger = default_ner_tagger()

    def project() -> int:
        n = 0
        for raw, s, e in sentences:
            tokens = tag_sentence(raw, s, e)
            tagger.tag(list(tokens))
            n += len(tokens)
        return n

    parser_model = cached_parser(str(SHIPPED_MODEL))

    def project_and_parse() -> int:
        n = 0
        for raw, s, e in sentences:
            tokens = tag_sentence(raw, s, e)
            tagger.tag(list(tokens))
            token_analyses(tokens, parser_model)
            n += len(tokens)
        return n

    def underthesea_ner() -> None:
        for text in texts:
            underthesea.ner(text)

    def sequential() -> None:
        for text in texts:
            underthesea.word_tokenize(text)
            underthesea.pos_tag(text)
            underthesea.ner(text)

    project(), underthesea_ner()  # load every model before timing
    timings = {}
    tokens = 0
    runs = (
        ("project", project),
        ("underthesea.ner", underthesea_ner),
        ("sequential", sequential),
        ("project + parse", project_and_parse),
    )
    for name, run in runs:
        started = time.perf_counter()
        result = run()
        timings[name] = time.perf_counter() - started
        tokens = result or tokens
    print(f"{len(sentences)} sentences, {tokens} tokens, one core; NER model: {tagger.name}")
    print(f"{'pipeline':<18}{'seconds':>9}{'tokens/s':>11}")
    for name, seconds in timings.items():
        print(f"{name:<18}{seconds:>9.2f}{tokens / seconds:>11.0f}")
    print(
        f"ratios: project/underthesea.ner {timings['underthesea.ner'] / timings['project']:.2f}x, "
        f"project/sequential {timings['sequential'] / timings['project']:.2f}x, "
        f"parsing adds {timings['project + parse'] / timings['project'] - 1:.0%} to the annotation"
    )


if __name__ == "__main__":
    main()
