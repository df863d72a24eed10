"""What users feel: whole-process cold builds of real news against underthesea's `ner`, and where the time goes.

Input: 300 real articles, the 184 of ../shared/news/political/ and the first 116 of general-news.jsonl.gz
(in file order), written verbatim as .txt files. Each measurement is its own process, timed from outside
(wall clock, so imports and model loading count), repeated --repeats times; the table shows medians:
- `danvan build --no-gold --no-cache --workers 1`, and `--workers 2`: the annotation of every layer
  (zones, sentences, words, POS, chunk, the shipped NER model, UPOS, dependency trees) and the writing;
- a process that imports underthesea and runs `underthesea.ner` over every sentence the build kept (their
  texts, from the built `sentences` config), the same text in the same sentences.
Then one in-process breakdown of the build's stages on the same documents (imports measured as a process).
Printed: the table, then one line of ratios measured in this run.
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NEWS = ROOT.parent / "shared" / "news"


def write_articles(folder: Path, news: Path, count: int) -> int:
    """The pool's articles, then general news, ``count`` in all, as ``<id>.txt``; the number written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = 0
    for path in sorted((news / "political").glob("*.txt"))[:count]:
        (folder / path.name).write_bytes(path.read_bytes())
        written += 1
    with gzip.open(news / "general-news.jsonl.gz", "rt", encoding="utf-8") as lines:
        for line in lines:
            if written >= count:
                break
            article = json.loads(line)
            (folder / f"g{article['id']}.txt").write_text(article["raw"], encoding="utf-8")
            written += 1
    return written


def timed(argv: list[str]) -> float:
    """Wall-clock seconds of one process (its output discarded; a failure stops the benchmark)."""
    started = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return time.perf_counter() - started


BUILDS = {1: "build, 1 worker", 2: "build, 2 workers"}

UNDERTHESEA_NER = """
import sys
import pyarrow.parquet as pq
from underthesea import ner
texts = [t for path in sys.argv[1:] for t in pq.read_table(path, columns=["text"]).column("text").to_pylist()]
for text in texts:
    ner(text)
"""


def breakdown(articles: Path) -> dict[str, float]:
    """Seconds of each stage of the build over the articles, in one process (after imports), each stage run
    over a document's sentences at once as the build runs it."""
    from danvan.formats.hf_dataset import document_batches, document_records
    from danvan.model import KEPT_ZONE_KINDS
    from danvan.models.crf_ner.features import sentence_columns
    from danvan.models.crf_ner.units import TaggedSentence
    from danvan.pipeline.annotate import tag_document
    from danvan.pipeline.ingest import read_raw
    from danvan.pipeline.ner import load_ner_tagger
    from danvan.pipeline.parse import load_parser, parse_document
    from danvan.pipeline.segment import segment_sentences_words, sentence_spans, syllable_spans
    from danvan.pipeline.tag import sentences_pos_and_chunk_tags
    from danvan.pipeline.upos import tag_upos
    from danvan.pipeline.zoning import zone_text

    seconds: dict[str, float] = {}

    def clock(stage: str, started: float) -> None:
        seconds[stage] = seconds.get(stage, 0.0) + time.perf_counter() - started

    started = time.perf_counter()
    tagger, parser = load_ner_tagger(), load_parser()
    model = tagger.model
    model.tag_sentences([])  # loads its compiled CRF
    segment_sentences_words("a", [[(0, 1)]])
    sentences_pos_and_chunk_tags([["a"]])
    clock("model loading", started)
    raws = [read_raw(path).raw for path in sorted(articles.glob("*.txt"))]
    for raw in raws:
        started = time.perf_counter()
        zones = [z for z in zone_text(raw) if z.kind in KEPT_ZONE_KINDS]
        clock("zoning", started)
        started = time.perf_counter()
        spans = [span for z in zones for span in sentence_spans(raw, z.start, z.end)]
        clock("sentences", started)
        started = time.perf_counter()
        words = segment_sentences_words(raw, [syllable_spans(raw, start, end) for start, end in spans])
        clock("words (segmenter)", started)
        started = time.perf_counter()
        tags = sentences_pos_and_chunk_tags([[fed for _, fed in sentence] for sentence in words])
        clock("POS and chunk", started)
        started = time.perf_counter()
        sentences = [
            TaggedSentence(tuple(raw[s:e] for (s, e), _ in sentence), tuple(pos), chunks=tuple(chunks))
            for sentence, (pos, chunks) in zip(words, tags, strict=True)
        ]
        columns = [sentence_columns(s, model.level, model.gazetteer, model.lexicon, model.places) for s in sentences]
        clock("NER features", started)
        started = time.perf_counter()
        model._tagger.tag(columns)
        clock("NER decoding", started)
    documents = [tag_document(f"d{i}", raw, tagger) for i, raw in enumerate(raws)]  # untimed: the parse's input
    started = time.perf_counter()
    documents = [tag_upos(d) for d in documents]
    clock("UPOS", started)
    started = time.perf_counter()
    documents = [parse_document(d, parser) for d in documents]
    clock("parsing", started)
    started = time.perf_counter()
    for document in documents:
        document_batches(document_records(document))
    clock("records (Arrow batches)", started)
    return seconds


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--news", type=Path, default=NEWS, help=f"the news folder (default: {NEWS})")
    ap.add_argument("--documents", type=int, default=300, help="articles (default: 300)")
    ap.add_argument("--repeats", type=int, default=3, help="runs of each process; medians shown (default: 3)")
    ap.add_argument("--breakdown-only", action="store_true", help="only the in-process breakdown")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        articles = Path(folder) / "articles"
        count = write_articles(articles, args.news, args.documents)
        if args.breakdown_only:
            print(json.dumps(breakdown(articles), indent=1))
            return 0
        python = sys.executable
        build = [python, "-m", "danvan", "build", "--seeds", str(articles), "--no-gold", "--no-cache", "--quiet"]
        out = Path(folder) / "out"
        subprocess.run([*build, "--out", str(out), "--workers", "1"], check=True)  # numba's cache, files read once
        shards = sorted(str(p) for p in (out / "sentences").glob("*.parquet"))
        import pyarrow.parquet as pq

        sentences = sum(pq.read_metadata(s).num_rows for s in shards)
        tokens = sum(pq.read_table(p, columns=["tokens"]).column("tokens").combine_chunks().flatten().__len__()
                     for p in sorted((out / "tokens").glob("*.parquet")))  # fmt: skip
        runs: dict[str, list[float]] = {BUILDS[1]: [], BUILDS[2]: [], "underthesea ner": []}
        for repeat in range(args.repeats):
            runs["build, 1 worker"].append(
                timed([*build, "--out", str(Path(folder) / f"o1-{repeat}"), "--workers", "1"])
            )
            runs["build, 2 workers"].append(
                timed([*build, "--out", str(Path(folder) / f"o2-{repeat}"), "--workers", "2"])
            )
            runs["underthesea ner"].append(timed([python, "-c", UNDERTHESEA_NER, *shards]))
        imports = timed([python, "-c", "import danvan.cli.build_corpus, danvan.build.corpus"]) - timed(
            [python, "-c", ""]
        )
        stages = breakdown(articles)
    median = {name: statistics.median(values) for name, values in runs.items()}
    print(
        f"{count} real news articles, {sentences:,} sentences, {tokens:,} word tokens; medians of {args.repeats} runs"
    )
    print(f"{'process':<22} {'seconds':>8} {'tokens/s':>9}   runs")
    for name, value in median.items():
        print(f"{name:<22} {value:8.2f} {tokens / value:9,.0f}   {', '.join(f'{v:.2f}' for v in runs[name])}")
    print("\nwhere the build's time goes (one worker, in process; imports measured as a process):")
    stages = {"imports": imports, **stages}
    for name, value in sorted(stages.items(), key=lambda item: -item[1]):
        print(f"  {name:<26} {value:6.2f} s")
    one, two, baseline = median[BUILDS[1]], median[BUILDS[2]], median["underthesea ner"]
    print(f"\nratios in this run: build (1 worker) {baseline / one:.2f}× underthesea's ner; 2 workers "
          f"{one / two:.2f}× 1 worker; build (2 workers) {baseline / two:.2f}× underthesea's ner")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
