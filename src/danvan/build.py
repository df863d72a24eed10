"""Build the corpus: discover inputs, annotate every document, stream the configs to parquet, swap atomically."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil
import sys
import time
from collections import Counter, deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

import pyarrow as pa
from tqdm import tqdm

from danvan.annotate import PIPELINE_VERSION, annotate_document
from danvan.card import render_card
from danvan.conllu_format import serialize
from danvan.dataset import (
    CONFIGS,
    FEATURES,
    SPLITS,
    ParquetShardWriter,
    assign_splits,
    document_batches,
    document_records,
    shard_path,
)
from danvan.errors import CorpusError
from danvan.gold import read_annotations
from danvan.ingest import read_metadata, read_raw
from danvan.model import Document
from danvan.ner import NerTagger, default_ner_tagger
from danvan.parser import SHIPPED_MODEL as PARSER_MODEL
from danvan.parser import parsed_conllu

TOOLS = ("underthesea", "datasets", "pyarrow", "conllu")
"""Packages whose versions the manifest records."""

CORPUS_VERSION = "0.4.0"
"""Semantic version of the data; bump it (and CHANGELOG.md) whenever the built corpus changes."""


@dataclass(frozen=True)
class DocumentInput:
    """One document to build: its raw file (read again when annotated), metadata and gold files if any."""

    doc_id: str
    path: Path
    sha256: str
    encoding: str
    metadata_path: Path | None
    gold_path: Path | None

    def cache_key(self, models_fingerprint: str) -> str:
        """Everything the document's annotation depends on, hashed (``models_fingerprint``: NER and parser)."""
        parts = [self.sha256, self.doc_id, PIPELINE_VERSION, models_fingerprint]
        parts += [sha256_file(p) for p in (self.metadata_path, self.gold_path) if p is not None]
        return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class DocumentOutput:
    """What one document contributes to the corpus: Arrow batches per config, CoNLL-U text, counts."""

    doc_id: str
    batches: dict[str, pa.RecordBatch]
    conllu: str
    gold: bool
    sentences: int
    tokens: int
    entities: Counter[str]
    token_splits: int


def document_output(document: Document, token_splits: int) -> DocumentOutput:
    """Turn an annotated document into its output (run in the worker, cached as it is)."""
    ud_sentences = parsed_conllu(document)
    return DocumentOutput(
        doc_id=document.id,
        batches=document_batches(document_records(document, ud_sentences)),
        conllu=serialize(ud_sentences),
        gold=document.ner_source == "gold",
        sentences=len(document.sentences),
        tokens=sum(len(s.tokens) for s in document.sentences),
        entities=Counter(e.label for s in document.sentences for e in s.entities),
        token_splits=token_splits,
    )


@dataclass
class BuildSummary:
    """What a build produced: counts, warnings and seconds."""

    documents: int = 0
    sentences: int = 0
    tokens: int = 0
    entities: Counter[str] = field(default_factory=Counter)
    gold_documents: int = 0
    cached: int = 0
    token_splits: int = 0
    splits: dict[str, int] = field(default_factory=dict)
    rows: Counter[tuple[str, str]] = field(default_factory=Counter)
    arrow_bytes: Counter[tuple[str, str]] = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def add(self, output: DocumentOutput, cached: bool) -> None:
        """Count a document's output."""
        self.documents += 1
        self.cached += cached
        self.gold_documents += output.gold
        self.sentences += output.sentences
        self.tokens += output.tokens
        self.entities.update(output.entities)
        self.token_splits += output.token_splits

    def lines(self) -> list[str]:
        """A short human-readable report."""
        entities = ", ".join(f"{label} {n}" for label, n in sorted(self.entities.items())) or "none"
        return [
            f"documents: {self.documents} ({self.gold_documents} with gold NER); splits: "
            + ", ".join(f"{s} {n}" for s, n in self.splits.items()),
            f"sentences: {self.sentences}; tokens: {self.tokens}; tokens split at gold edges: {self.token_splits}",
            f"entities: {entities}",
            f"annotations taken from the cache: {self.cached}; seconds: {self.seconds:.1f}",
        ]


def discover_inputs(seeds: Path, annotations: Path, encoding: str = "utf-8") -> tuple[list[DocumentInput], list[str]]:
    """Every ``*.txt`` under ``seeds`` in name order, with metadata and gold: (inputs, warnings)."""
    if not seeds.is_dir():
        raise CorpusError(f"{seeds}: no such folder of raw .txt files")
    inputs: list[DocumentInput] = []
    warnings: list[str] = []
    seen: dict[str, Path] = {}
    for path in sorted(seeds.glob("*.txt")):
        raw_file = read_raw(path, encoding)
        if not raw_file.raw.strip():
            warnings.append(f"{path}: empty file, skipped")
            continue
        if raw_file.sha256 in seen:
            warnings.append(f"{path}: same content as {seen[raw_file.sha256]}, kept once")
            continue
        seen[raw_file.sha256] = path
        metadata_path = path.with_suffix(".json")
        gold_path = annotations / f"{path.stem}.ann"
        if metadata_path.exists():
            read_metadata(metadata_path)  # fail early on bad metadata
        inputs.append(
            DocumentInput(
                raw_file.doc_id,
                path,
                raw_file.sha256,
                encoding,
                metadata_path if metadata_path.exists() else None,
                gold_path if gold_path.exists() else None,
            )
        )
    if not inputs:
        raise CorpusError(f"{seeds}: no non-empty .txt file to build from")
    return inputs, warnings


def annotate_input(item: DocumentInput, ner_tagger: NerTagger) -> tuple[Document, int]:
    """Annotate one input (a pure function of its files: safe to run in any worker)."""
    raw = read_raw(item.path, item.encoding).raw
    gold = read_annotations(item.gold_path, raw) if item.gold_path else None
    metadata = read_metadata(item.metadata_path) if item.metadata_path else None
    return annotate_document(item.doc_id, raw, ner_tagger, gold, metadata)


def models_fingerprint(ner_tagger: NerTagger) -> str:
    """What identifies the models a document's output depends on: the NER tagger's and the parser file's hashes."""
    return f"{ner_tagger.fingerprint} {sha256_file(PARSER_MODEL)}"


def _cached_output(item: DocumentInput, fingerprint: str, cache: Path | None) -> DocumentOutput | None:
    """The document's output from the cache, if its key is there."""
    entry = cache / f"{item.cache_key(fingerprint)}.pickle" if cache else None
    if entry is None or not entry.exists():
        return None
    with entry.open("rb") as handle:
        return pickle.load(handle)


def _fresh_output(item: DocumentInput, ner_tagger: NerTagger, fingerprint: str, cache: Path | None) -> DocumentOutput:
    """Annotate a document and store its output in the cache (run in a worker)."""
    output = document_output(*annotate_input(item, ner_tagger))
    if cache is not None:
        entry = cache / f"{item.cache_key(fingerprint)}.pickle"
        entry.parent.mkdir(parents=True, exist_ok=True)
        partial = entry.with_suffix(f".{os.getpid()}.tmp")
        with partial.open("wb") as handle:
            pickle.dump(output, handle, protocol=pickle.HIGHEST_PROTOCOL)
        partial.replace(entry)
    return output


def annotate_all(
    inputs: list[DocumentInput], ner_tagger: NerTagger, workers: int = 1, cache: Path | None = None
) -> Iterator[tuple[DocumentOutput, bool]]:
    """Outputs in input order: cached ones read here, the rest annotated by ``workers`` processes,
    with a bounded window of work in flight so memory stays flat."""
    pool: ProcessPoolExecutor | None = None
    window: deque[tuple[DocumentOutput | Future[DocumentOutput], bool]] = deque()

    def drain(limit: int) -> Iterator[tuple[DocumentOutput, bool]]:
        while len(window) > limit:
            head, cached = window.popleft()
            yield (head.result() if isinstance(head, Future) else head), cached

    fingerprint = models_fingerprint(ner_tagger) if cache else ""
    try:
        for item in inputs:
            cached = _cached_output(item, fingerprint, cache)
            if cached is not None:
                window.append((cached, True))
            elif workers <= 1:
                window.append((_fresh_output(item, ner_tagger, fingerprint, cache), False))
            else:
                pool = pool or ProcessPoolExecutor(max_workers=workers)
                window.append((pool.submit(_fresh_output, item, ner_tagger, fingerprint, cache), False))
            yield from drain(4 * workers)
        yield from drain(0)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)


def sha256_file(path: Path) -> str:
    """Hex sha256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build_corpus(
    seeds: Path,
    annotations: Path,
    out: Path,
    *,
    workers: int = 1,
    encoding: str = "utf-8",
    ner_tagger: NerTagger | None = None,
    progress: bool = True,
    cache: Path | None = None,
) -> BuildSummary:
    """Build every config of the corpus from ``seeds`` and ``annotations`` into ``out``, atomically."""
    started = time.perf_counter()
    tagger = ner_tagger or default_ner_tagger()
    inputs, warnings = discover_inputs(seeds, annotations, encoding)
    split_of = assign_splits([item.doc_id for item in inputs])
    summary = BuildSummary(warnings=warnings, splits={s: list(split_of.values()).count(s) for s in SPLITS})
    staging = out.parent / f".{out.name}.building-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    try:
        splits = [split for split in SPLITS if summary.splits[split]]
        writers = {
            (config, split): ParquetShardWriter(shard_path(staging, config, split), FEATURES[config])
            for config in CONFIGS
            for split in splits
        }
        (staging / "conllu").mkdir(exist_ok=True)
        conllu_files = {split: (staging / "conllu" / f"{split}.conllu").open("w", encoding="utf-8") for split in splits}
        outputs = annotate_all(inputs, tagger, workers, cache)
        for output, cached in tqdm(outputs, total=len(inputs), desc="documents", unit="doc", disable=not progress):
            split = split_of[output.doc_id]
            for config, batch in output.batches.items():
                writers[config, split].write(batch)
                summary.rows[config, split] += batch.num_rows
                summary.arrow_bytes[config, split] += batch.nbytes
            conllu_files[split].write(output.conllu)
            summary.add(output, cached)
        for writer in writers.values():
            writer.close()
        for handle in conllu_files.values():
            handle.close()
        (staging / "README.md").write_text(render_card(summary, CORPUS_VERSION, tagger.name), encoding="utf-8")
        write_manifest(staging, inputs, summary, tagger.name)
        swap_into_place(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    summary.seconds = time.perf_counter() - started
    return summary


def write_manifest(root: Path, inputs: list[DocumentInput], summary: BuildSummary, ner_model: str) -> None:
    """``manifest.json``: version, sha256 of every input and output file, tool versions, counts."""
    input_files = {}
    for item in inputs:
        input_files[f"{item.path.parent.name}/{item.path.name}"] = item.sha256
        for path in (item.metadata_path, item.gold_path):
            if path is not None:
                input_files[f"{path.parent.name}/{path.name}"] = sha256_file(path)
    outputs = {str(p.relative_to(root)): sha256_file(p) for p in sorted(root.rglob("*")) if p.is_file()}
    data = [f"{path} {digest}" for path, digest in outputs.items() if path.endswith((".parquet", ".conllu"))]
    manifest = {
        "corpus_version": CORPUS_VERSION,
        "data_sha256": hashlib.sha256("\n".join(data).encode("utf-8")).hexdigest(),
        "inputs": dict(sorted(input_files.items())),
        "outputs": outputs,
        "tools": {
            "python": ".".join(map(str, sys.version_info[:2])),
            **{name: version(name) for name in TOOLS},
        },
        "models": {"ner": ner_model, "parser": f"{PARSER_MODEL.name} sha256 {sha256_file(PARSER_MODEL)}"},
        "pipeline_version": PIPELINE_VERSION,
        "counts": {
            "documents": summary.documents,
            "gold_documents": summary.gold_documents,
            "sentences": summary.sentences,
            "tokens": summary.tokens,
            "entities": dict(sorted(summary.entities.items())),
            "token_splits_at_gold_edges": summary.token_splits,
            "splits": summary.splits,
        },
    }
    (root / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def swap_into_place(staging: Path, out: Path) -> None:
    """Replace ``out`` by ``staging`` with renames, so ``out`` is never half-written."""
    previous = out.parent / f".{out.name}.previous-{os.getpid()}"
    if out.exists():
        out.rename(previous)
    staging.rename(out)
    shutil.rmtree(previous, ignore_errors=True)
