"""Evaluating NER: leave-one-document-out over gold documents, seqeval strict entity-level scores."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

import pyarrow.parquet as pq
from datasets import Dataset, DatasetDict, load_dataset, load_from_disk
from seqeval.metrics import classification_report
from seqeval.scheme import IOB2

from danvan.dataset import SPLITS, shard_path
from danvan.model import NER_TAGS
from danvan.ner_crf import TaggedSentence, train_crf
from danvan.tag import pos_and_chunk_tags, stock_ner_tags

Scores = dict[str, object]


def gold_sentences_by_document(corpus: Path) -> dict[str, list[TaggedSentence]]:
    """Gold-annotated sentences of a built corpus (ner joined with tokens), grouped by document id."""
    by_document: dict[str, list[TaggedSentence]] = {}
    for split in SPLITS:
        ner = pq.read_table(shard_path(corpus, "ner", split)).to_pylist()
        tokens = {row["id"]: row for row in pq.read_table(shard_path(corpus, "tokens", split)).to_pylist()}
        for row in ner:
            if row["ner_source"] != "gold":
                continue
            layer = tokens[row["id"]]
            by_document.setdefault(row["doc_id"], []).append(
                TaggedSentence(
                    words=tuple(row["tokens"]),
                    pos=tuple(layer["pos_tags"]),
                    tags=tuple(NER_TAGS[i] for i in row["ner_tags"]),
                    chunks=tuple(layer["chunk_tags"]),
                    id=row["id"],
                )
            )
    return dict(sorted(by_document.items()))


def entity_scores(gold: Sequence[Sequence[str]], predicted: Sequence[Sequence[str]]) -> Scores:
    """seqeval strict IOB2 entity-level scores: micro P/R/F1 and per-type P/R/F1/support."""
    report = classification_report(
        [list(g) for g in gold],
        [list(p) for p in predicted],
        mode="strict",
        scheme=IOB2,
        output_dict=True,
        zero_division=0,
    )
    micro = report["micro avg"]
    per_type = {
        label: {k: round(float(v), 4) for k, v in values.items()}
        for label, values in sorted(report.items())
        if label not in ("micro avg", "macro avg", "weighted avg")
    }
    return {
        "micro_precision": round(float(micro["precision"]), 4),
        "micro_recall": round(float(micro["recall"]), 4),
        "micro_f1": round(float(micro["f1-score"]), 4),
        "support": int(micro["support"]),
        "per_type": per_type,
    }


def leave_one_document_out(
    by_document: dict[str, list[TaggedSentence]],
    level: str,
    progress: Callable[[str], None] = lambda doc_id: None,
) -> dict[str, list[list[str]]]:
    """Predicted tags for every document's sentences from a CRF trained on the other documents."""
    predictions: dict[str, list[list[str]]] = {}
    with tempfile.TemporaryDirectory() as folder:
        for doc_id, sentences in by_document.items():
            progress(doc_id)
            training = [s for other, group in by_document.items() if other != doc_id for s in group]
            model = train_crf(training, Path(folder) / f"{doc_id}.crfsuite", level)
            predictions[doc_id] = [model.tag_sentence(s) for s in sentences]
    return predictions


def stock_predictions(by_document: dict[str, list[TaggedSentence]]) -> dict[str, list[list[str]]]:
    """underthesea's stock CRF NER on the same words, POS and chunk tags."""
    return {
        doc_id: [stock_ner_tags(list(s.words), list(s.pos), list(s.chunks)) for s in sentences]
        for doc_id, sentences in by_document.items()
    }


def pooled(by_document: dict[str, list[TaggedSentence]], predictions: dict[str, list[list[str]]]) -> Scores:
    """Scores over all documents' sentences at once."""
    gold = [list(s.tags) for sentences in by_document.values() for s in sentences]
    predicted = [p for doc_id in by_document for p in predictions[doc_id]]
    return entity_scores(gold, predicted)


def load_ner_dataset(path: str, config: str | None) -> DatasetDict:
    """A Hugging Face dataset with ``tokens`` and ``ner_tags`` (ClassLabel): a saved DatasetDict or a loadable one."""
    if (Path(path) / "dataset_dict.json").exists():
        return load_from_disk(path)
    return load_dataset(path, config)


def tagged_sentences_from_split(split: Dataset) -> list[TaggedSentence]:
    """Sentences of a split with label names from its features and POS from underthesea's tagger."""
    names = split.features["ner_tags"].feature.names
    sentences = []
    for index, row in enumerate(split):
        words = tuple(row["tokens"])
        pos, chunks = pos_and_chunk_tags(list(words))
        sentences.append(
            TaggedSentence(words, tuple(pos), tuple(names[i] for i in row["ner_tags"]), tuple(chunks), str(index))
        )
    return sentences
