"""What one document contributes to the corpus, and what a whole build produced (counts, warnings, time)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import pyarrow as pa

from danvan.formats.conllu import document_blocks, write_conllu_text
from danvan.formats.hf_dataset import document_batches, document_records
from danvan.model import KEPT_ZONE_KINDS, Document


@dataclass(frozen=True)
class DocumentOutput:
    """One document's output: Arrow batches per config, CoNLL-U text, counts."""

    doc_id: str
    batches: dict[str, pa.RecordBatch]
    conllu: str
    gold: bool
    sentences: int
    tokens: int
    entities: Counter[str]
    token_splits: int
    collection: str | None
    zone_characters: Counter[str]
    """Non-space characters per zone kind."""


def zone_characters(document: Document) -> Counter[str]:
    """Non-space characters of each zone kind in a document."""
    counts: Counter[str] = Counter()
    for zone in document.zones:
        counts[zone.kind] += sum(not c.isspace() for c in document.raw[zone.start : zone.end])
    return counts


def document_output(document: Document) -> DocumentOutput:
    """An annotated document as its output (made in the worker, cached as it is)."""
    return DocumentOutput(
        doc_id=document.id,
        batches=document_batches(document_records(document)),
        conllu=write_conllu_text(document_blocks(document)),
        gold=document.ner_source == "gold",
        sentences=len(document.sentences),
        tokens=sum(len(s.tokens) for s in document.sentences),
        entities=Counter(e.label for s in document.sentences for e in s.entities),
        token_splits=document.token_splits,
        collection=document.metadata.collection,
        zone_characters=zone_characters(document),
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
    split_entities: dict[str, Counter[str]] = field(default_factory=dict)
    gold_by_split: Counter[str] = field(default_factory=Counter)
    zone_characters: Counter[str] = field(default_factory=Counter)
    collections: Counter[str] = field(default_factory=Counter)
    """Documents per source collection (metadata ``collection``; "" for texts that name none)."""
    rows: Counter[tuple[str, str]] = field(default_factory=Counter)
    arrow_bytes: Counter[tuple[str, str]] = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def add(self, output: DocumentOutput, cached: bool, split: str) -> None:
        """Count a document's output, assigned to ``split``."""
        self.documents += 1
        self.split_entities.setdefault(split, Counter()).update(output.entities)
        self.gold_by_split[split] += output.gold
        self.collections[output.collection or ""] += 1
        self.zone_characters.update(output.zone_characters)
        kept = sum(n for kind, n in output.zone_characters.items() if kind in KEPT_ZONE_KINDS)
        if kept and output.zone_characters["body"] < kept / 2:
            share = output.zone_characters["body"] / kept
            self.warnings.append(f"{output.doc_id}: body is {share:.0%} of the kept text; check its zoning")
        self.cached += cached
        self.gold_documents += output.gold
        self.sentences += output.sentences
        self.tokens += output.tokens
        self.entities.update(output.entities)
        self.token_splits += output.token_splits

    def lines(self) -> list[str]:
        """A short human-readable report."""
        entities = ", ".join(f"{label} {n}" for label, n in sorted(self.entities.items())) or "none"
        kept = sum(n for kind, n in self.zone_characters.items() if kind in KEPT_ZONE_KINDS) or 1
        return [
            f"documents: {self.documents} ({self.gold_documents} with gold NER); splits: "
            + ", ".join(f"{s} {n}" for s, n in self.splits.items()),
            f"sentences: {self.sentences}; tokens: {self.tokens}; tokens split at gold edges: {self.token_splits}",
            f"entities: {entities}",
            "kept text by zone: "
            + ", ".join(
                f"{kind} {n / kept:.1%}" for kind, n in sorted(self.zone_characters.items()) if kind in KEPT_ZONE_KINDS
            ),
            f"annotations taken from the cache: {self.cached}; seconds: {self.seconds:.1f}",
        ]
