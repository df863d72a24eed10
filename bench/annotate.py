"""Tokens per second of the project's full annotation of a sentence against underthesea, on one core.

Same sentences (the kept text of the seeds, repeated), three ways:
- project: syllables → words → POS → chunk (underthesea's models, linear-time features) → project CRF NER;
- underthesea.ner: one call per sentence (it yields words, POS, chunk and NER);
- sequential: underthesea.word_tokenize, then pos_tag, then ner, one after another.
Tokens are the project's word tokens of those sentences, so all three rates share a numerator.
Two more rows add the UPOS and dependency-parse stages to the project's annotation, as the build
does (each document's sentences are parsed in one batch when the document is annotated). The
seconds spent parsing over the seconds spent annotating, both timed within the same pass (so a
change in the machine's speed between runs does not bias the ratio), are the share parsing adds
to a cold build's annotation work. It is measured on the seed documents (about 36 sentences each)
and on short documents of 3-6 sentences, the size ``bench/build.py`` generates.
"""

from __future__ import annotations

import argparse
import os
import random
import time
from dataclasses import replace
from pathlib import Path

import underthesea

from danvan.model import KEPT_ZONE_KINDS, Token
from danvan.pipeline.annotate import tag_sentence
from danvan.pipeline.ingest import read_raw
from danvan.pipeline.ner import load_ner_tagger
from danvan.pipeline.parse import load_parser, tree_input
from danvan.pipeline.segment import sentence_spans
from danvan.pipeline.upos import upos_tags
from danvan.pipeline.zoning import zone_text

ROOT = Path(__file__).resolve().parents[1]


Span = tuple[str, int, int]
"""A sentence: (raw text, start, end)."""


def seed_documents(seeds: Path) -> list[list[Span]]:
    """The sentences of each seed's kept zones, one list per seed."""
    documents = []
    for path in sorted(seeds.glob("*.txt")):
        raw = read_raw(path).raw
        sentences = []
        for zone in zone_text(raw):
            if zone.kind in KEPT_ZONE_KINDS:
                sentences += [(raw, s, e) for s, e in sentence_spans(raw, zone.start, zone.end)]
        documents.append(sentences)
    return documents


def seed_sentences(seeds: Path) -> list[Span]:
    """(raw, start, end) of every sentence of the seeds' kept zones."""
    return [sentence for document in seed_documents(seeds) for sentence in document]


def short_documents(sentences: list[Span], seed: int = 13) -> list[list[Span]]:
    """The sentences cut, in order, into documents of 3-6 sentences (fixed seed)."""
    rng, documents, start = random.Random(seed), [], 0
    while start < len(sentences):
        end = start + rng.randint(3, 6)
        documents.append(sentences[start:end])
        start = end
    return documents


def with_upos(tokens: tuple[Token, ...]) -> list[Token]:
    """The tokens with UPOS from the upos stage's rules."""
    tags = upos_tags([t.text for t in tokens], [t.pos for t in tokens])
    return [replace(t, upos=tag) for t, tag in zip(tokens, tags, strict=True)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", type=Path, default=ROOT / "seeds")
    parser.add_argument("--repeat", type=int, default=3, help="passes over the sentences (default 3)")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    documents = seed_documents(args.seeds) * args.repeat
    sentences = [sentence for document in documents for sentence in document]
    groupings = {"seed documents": documents, "3-6 sentences": short_documents(sentences)}
    texts = [raw[s:e] for raw, s, e in sentences]
    tagger, parser_model = load_ner_tagger(), load_parser()

    def project() -> int:
        n = 0
        for raw, s, e in sentences:
            tokens = tag_sentence(raw, s, e)
            tagger.tag([tokens])
            n += len(tokens)
        return n

    parse_shares = {}

    def project_and_parse(grouping: str) -> int:
        n, annotating, parsing = 0, 0.0, 0.0
        for document in groupings[grouping]:
            batch = []
            started = time.perf_counter()
            for raw, s, e in document:
                tokens = tag_sentence(raw, s, e)
                tagger.tag([tokens])
                batch.append(tree_input(with_upos(tokens)))
                n += len(tokens)
            annotated = time.perf_counter()
            parser_model.parse_many(batch)
            annotating, parsing = annotating + annotated - started, parsing + time.perf_counter() - annotated
        parse_shares[grouping] = parsing / annotating
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
    parser_model.parse_many([tree_input(with_upos(tag_sentence(*sentences[0])))])
    timings = {}
    tokens = 0
    runs = [
        ("project", project),
        ("underthesea.ner", underthesea_ner),
        ("sequential", sequential),
    ]
    for grouping in groupings:
        runs.append((f"project + parse, {grouping}", lambda g=grouping: project_and_parse(g)))
    for name, run in runs:
        started = time.perf_counter()
        result = run()
        timings[name] = time.perf_counter() - started
        tokens = result or tokens
    print(f"{len(sentences)} sentences, {tokens} tokens, one core; NER model: {tagger.name}")
    print(f"parser: {parser_model.name}")
    print(f"{'pipeline':<38}{'seconds':>9}{'tokens/s':>11}")
    for name, seconds in timings.items():
        print(f"{name:<38}{seconds:>9.2f}{tokens / seconds:>11.0f}")
    added = ", ".join(f"{name} {share:.0%}" for name, share in parse_shares.items())
    print(
        f"ratios: project/underthesea.ner {timings['underthesea.ner'] / timings['project']:.2f}x, "
        f"project/sequential {timings['sequential'] / timings['project']:.2f}x; "
        f"parsing adds to the annotation (same pass): {added}"
    )


if __name__ == "__main__":
    main()
