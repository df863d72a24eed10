"""Tokens per second of the project's full annotation of a sentence against underthesea, on one core.

Same sentences (the kept text of the seeds, repeated), three ways:
- project: syllables → words → POS → chunk (underthesea's models, linear-time features) → project CRF NER;
- underthesea.ner: one call per sentence (it yields words, POS, chunk and NER);
- sequential: underthesea.word_tokenize, then pos_tag, then ner, one after another.
Tokens are the project's word tokens of those sentences, so all three rates share a numerator.
Two more rows add the dependency parse of the CoNLL-U layer (UPOS mapped from the tokens' tags)
to the project's annotation, as the build does (each document's sentences are parsed when the
document is annotated), by the shipped biaffine parser and by the UDPipe model of corpus 0.2.0. The
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
from pathlib import Path

import underthesea

from danvan.annotate import tag_sentence
from danvan.ingest import read_raw, zone_lines
from danvan.model import KEPT_ZONE_KINDS
from danvan.ner import default_ner_tagger
from danvan.parser import SHIPPED_MODEL, UDPIPE_MODEL, cached_parser, sentence_input
from danvan.segment import sentence_spans

ROOT = Path(__file__).resolve().parents[1]


Span = tuple[str, int, int]
"""A sentence: (raw text, start, end)."""


def seed_documents(seeds: Path) -> list[list[Span]]:
    """The sentences of each seed's kept zones, one list per seed."""
    documents = []
    for path in sorted(seeds.glob("*.txt")):
        raw = read_raw(path).raw
        sentences = []
        for zone in zone_lines(raw):
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
    tagger = default_ner_tagger()

    def project() -> int:
        n = 0
        for raw, s, e in sentences:
            tokens = tag_sentence(raw, s, e)
            tagger.tag(list(tokens))
            n += len(tokens)
        return n

    parse_shares = {}

    def project_and_parse(model: Path, grouping: str) -> int:
        parser_model, n, annotating, parsing = cached_parser(str(model)), 0, 0.0, 0.0
        for document in groupings[grouping]:
            batch = []
            started = time.perf_counter()
            for raw, s, e in document:
                tokens = tag_sentence(raw, s, e)
                tagger.tag(list(tokens))
                batch.append(sentence_input(tokens))
                n += len(tokens)
            annotated = time.perf_counter()
            parser_model.parse_many(batch)
            annotating, parsing = annotating + annotated - started, parsing + time.perf_counter() - annotated
        parse_shares[f"{'shipped' if model == SHIPPED_MODEL else 'UDPipe'}, {grouping}"] = parsing / annotating
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
    for model in (SHIPPED_MODEL, UDPIPE_MODEL):
        cached_parser(str(model)).parse_many([sentence_input(tag_sentence(*sentences[0]))])
    timings = {}
    tokens = 0
    runs = [
        ("project", project),
        ("underthesea.ner", underthesea_ner),
        ("sequential", sequential),
    ]
    for grouping in groupings:
        for label, model in (("parse", SHIPPED_MODEL), ("UDPipe", UDPIPE_MODEL)):
            runs.append((f"project + {label}, {grouping}", lambda m=model, g=grouping: project_and_parse(m, g)))
    for name, run in runs:
        started = time.perf_counter()
        result = run()
        timings[name] = time.perf_counter() - started
        tokens = result or tokens
    print(f"{len(sentences)} sentences, {tokens} tokens, one core; NER model: {tagger.name}")
    print(f"parser: {SHIPPED_MODEL.name} (shipped), {UDPIPE_MODEL.name} (UDPipe)")
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
