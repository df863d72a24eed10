"""The Hugging Face dataset: features of each config, records from Documents, parquet shards, splits."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from datasets import ClassLabel, Features, List, Value

from danvan.errors import CorpusError
from danvan.formats.conllu import (
    DEPREL,
    DEPS,
    FEATS,
    FORM,
    HEAD,
    ID,
    LEMMA,
    MISC,
    UPOS,
    XPOS,
    document_blocks,
    sentence_id,
)
from danvan.formats.labels import LABEL_COLUMNS, label_ids, read_shard
from danvan.model import (
    CHUNK_TAGS,
    DEPRELS,
    NER_TAGS,
    POS_TAGS,
    UPOS_TAGS,
    Document,
    Entity,
    Metadata,
    Sentence,
    Token,
    Zone,
)

SPLITS = ("train", "validation", "test")
CONFIGS = ("documents", "sentences", "tokens", "ner", "conllu")

_SPAN = {"start": Value("int32"), "end": Value("int32")}
FEATURES: dict[str, Features] = {
    "documents": Features(
        {
            "id": Value("string"),
            "title": Value("string"),
            "date": Value("string"),
            "source": Value("string"),
            "url": Value("string"),
            "byline": Value("string"),
            "aggregator": Value("string"),
            "collection": Value("string"),
            "original_file": Value("string"),
            "metadata_checked": Value("bool"),
            "raw": Value("string"),
            "text": Value("string"),
            "zones": List({**_SPAN, "kind": Value("string")}),
            "ner_source": Value("string"),
        }
    ),
    "sentences": Features(
        {
            "id": Value("string"),
            "doc_id": Value("string"),
            "zone": Value("string"),
            "text": Value("string"),
            **_SPAN,
        }
    ),
    "tokens": Features(
        {
            "id": Value("string"),
            "doc_id": Value("string"),
            "tokens": List(Value("string")),
            "starts": List(Value("int32")),
            "ends": List(Value("int32")),
            "norms": List(Value("string")),
            "pos_tags": List(ClassLabel(names=list(LABEL_COLUMNS["tokens", "pos_tags"]))),
            "chunk_tags": List(ClassLabel(names=list(LABEL_COLUMNS["tokens", "chunk_tags"]))),
        }
    ),
    "ner": Features(
        {
            "id": Value("string"),
            "doc_id": Value("string"),
            "tokens": List(Value("string")),
            "ner_tags": List(ClassLabel(names=list(LABEL_COLUMNS["ner", "ner_tags"]))),
            "entities": List({**_SPAN, "label": Value("string"), "text": Value("string")}),
            "ner_source": Value("string"),
        }
    ),
    "conllu": Features(
        {
            "id": Value("string"),
            "doc_id": Value("string"),
            "text": Value("string"),
            "ids": List(Value("int32")),
            "forms": List(Value("string")),
            "lemmas": List(Value("string")),
            "upos": List(ClassLabel(names=list(LABEL_COLUMNS["conllu", "upos"]))),
            "xpos": List(Value("string")),
            "feats": List(Value("string")),
            "heads": List(Value("string")),
            "deprels": List(ClassLabel(names=list(LABEL_COLUMNS["conllu", "deprels"]))),
            "deps": List(Value("string")),
            "misc": List(Value("string")),
        }
    ),
}
"""The features of every config; sentence ids are shared by sentences, tokens, ner and conllu."""

CONLLU_COLUMNS = {"forms": FORM, "lemmas": LEMMA, "xpos": XPOS, "feats": FEATS, "heads": HEAD, "deps": DEPS,
                  "misc": MISC}  # fmt: skip
"""The conllu config's string list columns and the CoNLL-U field each holds, as written in the file."""
CONLLU_LABEL_COLUMNS = {"upos": UPOS, "deprels": DEPREL}
"""The conllu config's ClassLabel columns and their CoNLL-U field."""


def document_records(document: Document) -> dict[str, list[dict[str, Any]]]:
    """The rows a document contributes to each config (the conllu config from its CoNLL-U sentences)."""
    meta = document.metadata
    records: dict[str, list[dict[str, Any]]] = {config: [] for config in CONFIGS}
    records["documents"].append(
        {
            "id": document.id,
            "title": meta.title,
            "date": meta.date,
            "source": meta.source,
            "url": meta.url,
            "byline": meta.byline,
            "aggregator": meta.aggregator,
            "collection": meta.collection,
            "original_file": meta.original_file,
            "metadata_checked": meta.checked,
            "raw": document.raw,
            "text": document.text,
            "zones": [{"start": z.start, "end": z.end, "kind": z.kind} for z in document.zones],
            "ner_source": document.ner_source,
        }
    )
    for index, (sentence, block) in enumerate(zip(document.sentences, document_blocks(document), strict=True)):
        sid = sentence_id(document.id, index)
        base = {"id": sid, "doc_id": document.id}
        tokens = sentence.tokens
        records["sentences"].append(
            {**base, "zone": sentence.zone, "text": sentence.text, "start": sentence.start, "end": sentence.end}
        )
        records["tokens"].append(
            {
                **base,
                "tokens": [t.text for t in tokens],
                "starts": [t.start for t in tokens],
                "ends": [t.end for t in tokens],
                "norms": [t.norm for t in tokens],
                "pos_tags": label_ids("tokens", "pos_tags", [t.pos for t in tokens]),
                "chunk_tags": label_ids("tokens", "chunk_tags", [t.chunk for t in tokens]),
            }
        )
        records["ner"].append(
            {
                **base,
                "tokens": [t.text for t in tokens],
                "ner_tags": label_ids("ner", "ner_tags", [t.ner for t in tokens]),
                "entities": [
                    {"start": e.start, "end": e.end, "label": e.label, "text": e.text} for e in sentence.entities
                ],
                "ner_source": document.ner_source,
            }
        )
        rows = block.rows
        records["conllu"].append(
            {
                **base,
                "text": block.comments[-1].removeprefix("# text = "),
                "ids": [int(row[ID]) for row in rows],
                **{name: [row[column] for row in rows] for name, column in CONLLU_COLUMNS.items()},
                **{
                    name: label_ids("conllu", name, [row[column] for row in rows])
                    for name, column in CONLLU_LABEL_COLUMNS.items()
                },
            }
        )
    return records


def shard_path(root: Path, config: str, split: str) -> Path:
    """Where a config's split lives: ``<config>/<split>-00000-of-00001.parquet``."""
    return root / config / f"{split}-00000-of-00001.parquet"


def document_batches(records: dict[str, list[dict[str, Any]]]) -> dict[str, pa.RecordBatch]:
    """A document's rows as one Arrow record batch per config (cheap to cache, pickle and write)."""
    return {
        config: pa.RecordBatch.from_pylist(rows, schema=FEATURES[config].arrow_schema)
        for config, rows in records.items()
    }


class ParquetShardWriter:
    """Streams record batches of one config and split into a parquet file, a row group per flush.

    Row groups are kept small (256 rows): each buffered batch is one document's rows, and with
    15 writers open, larger groups made the resident size grow with the corpus (bench/build.py).
    """

    def __init__(self, path: Path, features: Features, rows_per_group: int = 256) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.schema = features.arrow_schema
        self.writer = pq.ParquetWriter(path, self.schema, compression="zstd")
        self.batches: list[pa.RecordBatch] = []
        self.rows = 0
        self.rows_per_group = rows_per_group

    def write(self, batch: pa.RecordBatch) -> None:
        """Buffer a batch; write a row group whenever enough rows have accumulated."""
        self.batches.append(batch)
        self.rows += batch.num_rows
        if self.rows >= self.rows_per_group:
            self.flush()

    def flush(self) -> None:
        """Write buffered batches as one row group."""
        if self.rows:
            self.writer.write_table(pa.Table.from_batches(self.batches, schema=self.schema))
        self.batches, self.rows = [], 0

    def close(self) -> None:
        """Flush and close the file (an empty split still gets a valid file with the schema)."""
        self.flush()
        self.writer.close()


def _split_rows(root: Path, config: str, split: str) -> list[dict[str, Any]]:
    """The rows of one config's split (none when the corpus has no such split)."""
    path = shard_path(root, config, split)
    if not path.exists():
        return []
    return read_shard(path, config).to_pylist()


def read_documents(root: Path) -> list[tuple[Document, str]]:
    """Every document of a built corpus with its split, rebuilt from the configs (the inverse of
    ``document_records``: tokens with tags, heads and relations, entities, zones, metadata)."""
    if not any(shard_path(root, "documents", split).exists() for split in SPLITS):
        raise CorpusError(f"{root}: no documents/*.parquet; expected a corpus built by danvan build")
    documents = []
    for split in SPLITS:
        rows = {config: _split_rows(root, config, split) for config in CONFIGS}
        by_doc: dict[str, list[tuple[dict, ...]]] = {}
        layered = list(zip(rows["sentences"], rows["tokens"], rows["ner"], rows["conllu"], strict=False))
        same_ids = all(len({row["id"] for row in layers}) == 1 for layers in layered)
        if not same_ids or any(len(rows[c]) != len(layered) for c in CONFIGS[1:]):
            raise CorpusError(f"{root}: split {split!r}: the sentence configs do not hold the same sentences")
        for layers in layered:
            by_doc.setdefault(layers[0]["doc_id"], []).append(layers)
        for row in rows["documents"]:
            sentences = tuple(_sentence(row["raw"], *layers) for layers in by_doc.get(row["id"], []))
            metadata = Metadata(**{f: row[f] for f in ("title", "date", "source", "url", "byline", "aggregator",
                                                        "collection", "original_file")},
                                checked=row["metadata_checked"])  # fmt: skip
            zones = tuple(Zone(z["start"], z["end"], z["kind"]) for z in row["zones"])
            documents.append((Document(row["id"], row["raw"], zones, sentences, metadata, row["ner_source"]), split))
    return documents


def _sentence(raw: str, sentence: dict, tokens: dict, ner: dict, tree: dict) -> Sentence:
    """One sentence from its rows in the sentences, tokens, ner and conllu configs."""
    columns = (
        tokens["starts"], tokens["ends"], tokens["norms"],
        [POS_TAGS[i] for i in tokens["pos_tags"]], [CHUNK_TAGS[i] for i in tokens["chunk_tags"]],
        [NER_TAGS[i] for i in ner["ner_tags"]], [UPOS_TAGS[i] for i in tree["upos"]],
        [None if h == "_" else int(h) for h in tree["heads"]], [DEPRELS[i] for i in tree["deprels"]],
    )  # fmt: skip
    words = tuple(
        Token(start, end, raw[start:end], norm, pos, chunk, tag, upos, head, deprel)
        for start, end, norm, pos, chunk, tag, upos, head, deprel in zip(*columns, strict=True)
    )
    entities = tuple(Entity(e["start"], e["end"], e["label"], e["text"]) for e in ner["entities"])
    return Sentence(sentence["start"], sentence["end"], sentence["text"], sentence["zone"], words, entities)
