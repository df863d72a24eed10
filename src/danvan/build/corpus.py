"""Build the corpus: annotate every input (in worker processes, through the cache), stream the configs to
parquet and CoNLL-U, write the card and manifest, swap the result into place atomically."""

from __future__ import annotations

import ctypes
import gc
import os
import shutil
import signal
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import ExitStack, closing, contextmanager
from pathlib import Path

from tqdm import tqdm

from danvan.build.cache import code_fingerprint, has_entry, read_entry, write_entry
from danvan.build.inputs import DocumentInput, discover_inputs, has_kept_text
from danvan.build.manifest import write_manifest
from danvan.build.output import check_out, locked, recover, swap_into_place
from danvan.build.splits import (
    NEAR_DUPLICATES,
    PINNED_SPLITS,
    SplitItem,
    assign_splits,
    read_listed_groups,
    read_pinned_splits,
)
from danvan.build.summary import BuildSummary, DocumentOutput, document_output
from danvan.errors import CorpusError
from danvan.formats.brat import read_annotations
from danvan.formats.card import render_card
from danvan.formats.hf_dataset import CONFIGS, FEATURES, SPLITS, ParquetShardWriter, shard_path
from danvan.model import Document
from danvan.models.biaffine.parser import BiaffineParser
from danvan.pipeline.annotate import annotate_document
from danvan.pipeline.ingest import read_metadata, read_raw
from danvan.pipeline.ner import NerTagger

_PR_SET_PDEATHSIG = 1

CORPUS_VERSION = "2.2.1"
"""Semantic version of the data; bump it (and CHANGELOG.md) whenever the built corpus changes."""
AGREEMENT = "agreement.json"
"""The annotations folder's record of agreement between annotation passes (``annotation_agreement.py --json``)."""


class Models:
    """The NER tagger and parser a build annotates with."""

    def __init__(self, ner_tagger: NerTagger, parser: BiaffineParser) -> None:
        self.ner_tagger = ner_tagger
        self.parser = parser

    @property
    def fingerprint(self) -> str:
        """What identifies the models a document's output depends on."""
        return f"{self.ner_tagger.fingerprint} {self.parser.fingerprint}"

    def cache_fingerprint(self) -> str:
        """What a cached output depends on besides its input files: the models and the code."""
        return f"{self.fingerprint} {code_fingerprint()}"

    def manifest_entry(self) -> dict[str, str]:
        """The models as the manifest records them."""
        return {"ner": self.ner_tagger.name, "parser": f"{self.parser.name} sha256 {self.parser.fingerprint}"}


def annotate_input(item: DocumentInput, models: Models) -> Document:
    """Annotate one input (a pure function of its files: safe to run in any worker)."""
    raw = read_raw(item.path, item.encoding).raw
    gold = read_annotations(item.gold_path, raw) if item.gold_path else None
    metadata = read_metadata(item.metadata_path) if item.metadata_path else None
    return annotate_document(item.doc_id, raw, models.ner_tagger, models.parser, gold, metadata)


def split_item(item: DocumentInput) -> SplitItem:
    """What the split assignment needs of an input: its text and its gold entity counts."""
    raw = read_raw(item.path, item.encoding).raw
    gold = read_annotations(item.gold_path, raw) if item.gold_path else None
    return SplitItem(item.doc_id, raw, None if gold is None else Counter(e.label for e in gold))


def _fresh_output(item: DocumentInput, models: Models, cache: Path | None, key: str) -> DocumentOutput:
    """Annotate a document and store its output in the cache under ``key`` (run in a worker)."""
    output = document_output(annotate_input(item, models))
    if cache is not None:
        write_entry(cache, key, output)
    return output


_WORKER_MODELS: Models | None = None
"""The models of this worker process, set once by ``_start_worker`` (not sent with every document)."""


def _start_worker(models: Models) -> None:
    """Worker initializer: keep the models for every document this worker annotates and settle them
    (``_settle``), and have the kernel kill this worker when the build process dies (Linux prctl
    PR_SET_PDEATHSIG), so a killed build leaves no orphaned workers behind."""
    global _WORKER_MODELS
    _WORKER_MODELS = models
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass
    else:
        if os.getppid() == 1:  # the parent died before the call
            os._exit(1)
    _settle(models)


def _settle(models: Models) -> None:
    """Load what the models load lazily (one short document annotated), then take every object alive out of
    the garbage collector's passes (``gc.freeze``): the models' objects are never garbage, and without them a
    collection costs only what the documents allocate (about 5% of the annotation time on real news)."""
    annotate_document("warm-up", "Một câu.\n", models.ner_tagger, models.parser)
    gc.collect()
    gc.freeze()


def _worker_output(item: DocumentInput, cache: Path | None, key: str) -> DocumentOutput:
    """``_fresh_output`` with the worker's models (run in a worker)."""
    assert _WORKER_MODELS is not None, "the worker was started without its models"
    return _fresh_output(item, _WORKER_MODELS, cache, key)


@contextmanager
def worker_pool(models: Models, workers: int) -> Iterator[ProcessPoolExecutor | None]:
    """``workers`` processes (none for one: the build annotates in its own), started at once so that they
    load their models while the build reads its inputs and assigns the splits."""
    if workers <= 1:
        yield None
        return
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_start_worker, initargs=(models,))
    pool.submit(int)  # starts the processes (all of them at the first task under fork, the default here)
    try:
        yield pool
    finally:
        pool.shutdown(cancel_futures=True)


@contextmanager
def interrupts_kept() -> Iterator[Callable[[], None]]:
    """While the block runs, Ctrl-C (SIGINT) is recorded as well as raised, and the check yielded raises it
    again: a library that swallows the KeyboardInterrupt (numba's compiler, inside llvmlite's ctypes callbacks,
    prints "Exception ignored" and goes on) cannot let an interrupted build finish and replace the corpus. Only
    in the main thread, and only over Python's own handler (a caller's handler is left alone)."""
    seen = False

    def record(signum: int, frame: object) -> None:
        nonlocal seen
        seen = True
        raise KeyboardInterrupt

    def check() -> None:
        if seen:
            raise KeyboardInterrupt

    ours = threading.current_thread() is threading.main_thread() and (
        signal.getsignal(signal.SIGINT) is signal.default_int_handler
    )
    previous = signal.signal(signal.SIGINT, record) if ours else None
    try:
        yield check
    finally:
        if ours:
            signal.signal(signal.SIGINT, previous)


def cache_keys(inputs: list[DocumentInput], models: Models, cache: Path | None) -> dict[str, str]:
    """Each input's cache key by document id (none without a cache): its files, the models and the code."""
    if cache is None:
        return {}
    fingerprint = models.cache_fingerprint()
    return {item.doc_id: item.cache_key(fingerprint) for item in inputs}


def annotate_all(
    inputs: list[DocumentInput],
    models: Models,
    keys: Mapping[str, str],
    pool: ProcessPoolExecutor | None = None,
    cache: Path | None = None,
    in_flight: int = 8,
) -> Iterator[tuple[DocumentOutput, bool]]:
    """Outputs in input order: cached ones read here, the rest annotated by the pool's workers (no pool: in
    this process), with at most ``in_flight`` documents waiting so memory stays flat; ``keys``: each input's
    cache key by document id (``cache_keys``)."""
    window: deque[tuple[DocumentOutput | Future[DocumentOutput], bool]] = deque()

    def drain(limit: int) -> Iterator[tuple[DocumentOutput, bool]]:
        while len(window) > limit:
            head, cached = window.popleft()
            yield (head.result() if isinstance(head, Future) else head), cached

    for item in inputs:
        key = keys.get(item.doc_id, "")
        stored = read_entry(cache, key) if cache else None
        if stored is not None:
            window.append((stored, True))
        elif pool is None:
            window.append((_fresh_output(item, models, cache, key), False))
        else:
            window.append((pool.submit(_worker_output, item, cache, key), False))
        yield from drain(in_flight)
    yield from drain(0)


def build_corpus(
    seeds: Path,
    annotations: Path | None,
    out: Path,
    models: Models,
    *,
    workers: int = 1,
    encoding: str = "utf-8",
    progress: bool = True,
    cache: Path | None = None,
) -> BuildSummary:
    """Build every config of the corpus from ``seeds`` and ``annotations`` (None: no gold) into ``out``,
    atomically; ``out`` is checked first (no input is ever overwritten) and locked while the build runs."""
    started = time.perf_counter()
    check_out(out, [path for path in (seeds, annotations, cache) if path is not None])
    try:
        with locked(out):
            recover(out)
            summary = _build(seeds, annotations, out, models, workers, encoding, progress, cache)
    except OSError as err:  # a full disk, a read-only folder: one line, the previous output intact
        raise CorpusError(f"{err.filename or out}: cannot write the corpus: {err.strerror or err}") from None
    summary.seconds = time.perf_counter() - started
    return summary


def _build(
    seeds: Path,
    annotations: Path | None,
    out: Path,
    models: Models,
    workers: int,
    encoding: str,
    progress: bool,
    cache: Path | None,
) -> BuildSummary:
    """The build itself, into a staging folder swapped into place at the end. The workers start first (unless
    every input is cached) and load their models while the inputs are read and the splits assigned."""
    inputs, warnings = discover_inputs(seeds, annotations, encoding)
    keys = cache_keys(inputs, models, cache)
    pending = cache is None or not all(has_entry(cache, key) for key in keys.values())
    with interrupts_kept() as check_interrupt, worker_pool(models, workers if pending else 1) as pool:
        inputs, split_of, summary = _plan(seeds, inputs, warnings)
        staging = out.parent / f".{out.name}.building-{os.getpid()}"
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        try:
            if pending and pool is None:
                _settle(models)  # in this process, which annotates
            check_interrupt()
            outputs = annotate_all(inputs, models, keys, pool, cache, 4 * workers)
            _write(staging, outputs, split_of, summary, progress, check_interrupt)
            agreement = annotations / AGREEMENT if annotations and (annotations / AGREEMENT).exists() else None
            card = render_card(staging, summary, CORPUS_VERSION, models.ner_tagger.name, models.parser.name, agreement)
            (staging / "README.md").write_text(card, encoding="utf-8")
            extra = [p for p in (seeds / NEAR_DUPLICATES, seeds / PINNED_SPLITS, agreement) if p and p.exists()]
            write_manifest(staging, inputs, summary, CORPUS_VERSION, models.manifest_entry(), extra)
            check_interrupt()
            swap_into_place(staging, out)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        finally:
            gc.unfreeze()  # a library caller's process collects as before
    return summary


def _plan(
    seeds: Path, inputs: list[DocumentInput], warnings: list[str]
) -> tuple[list[DocumentInput], dict[str, str], BuildSummary]:
    """The inputs with text to keep, each one's split (near-duplicates listed in the seeds folder kept together,
    its pinned splits kept) and the summary to fill."""
    items = {item.doc_id: split_item(item) for item in inputs}
    for item in inputs:
        if not has_kept_text(items[item.doc_id].text):
            warnings.append(f"{item.path}: no text to keep (only page chrome or blank lines), skipped")
    inputs = [item for item in inputs if has_kept_text(items[item.doc_id].text)]
    if not inputs:
        raise CorpusError(f"{seeds}: no document with text to keep")
    listed = read_listed_groups(seeds / NEAR_DUPLICATES) if (seeds / NEAR_DUPLICATES).exists() else []
    pinned = read_pinned_splits(seeds / PINNED_SPLITS) if (seeds / PINNED_SPLITS).exists() else {}
    split_of = assign_splits([items[item.doc_id] for item in inputs], listed, pinned)
    summary = BuildSummary(warnings=warnings, splits={s: list(split_of.values()).count(s) for s in SPLITS})
    return inputs, split_of, summary


def _write(
    staging: Path,
    outputs: Iterator[tuple[DocumentOutput, bool]],
    split_of: dict[str, str],
    summary: BuildSummary,
    progress: bool,
    check_interrupt: Callable[[], None],
) -> None:
    """Stream the outputs into each config's parquet shards and the CoNLL-U files of their splits (an
    interrupt swallowed on the way raised again after each document: ``interrupts_kept``)."""
    splits = [split for split in SPLITS if summary.splits[split]]
    (staging / "conllu").mkdir(exist_ok=True)
    with ExitStack() as files:  # closed on an error or an interrupt too (the staging folder is then removed)
        writers = {
            (config, split): files.enter_context(
                closing(ParquetShardWriter(shard_path(staging, config, split), FEATURES[config]))
            )
            for config in CONFIGS
            for split in splits
        }
        conllu_files = {
            split: files.enter_context((staging / "conllu" / f"{split}.conllu").open("w", encoding="utf-8"))
            for split in splits
        }
        for output, cached in tqdm(outputs, total=len(split_of), desc="documents", unit="doc",
                                   disable=not progress):  # fmt: skip
            check_interrupt()
            split = split_of[output.doc_id]
            for config, batch in output.batches.items():
                writers[config, split].write(batch)
                summary.rows[config, split] += batch.num_rows
                summary.arrow_bytes[config, split] += batch.nbytes
            conllu_files[split].write(output.conllu)
            summary.add(output, cached, split)
