"""Evaluating NER: leave-one-document-out over gold documents, raw texts tagged end to end; seqeval strict scores."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

import pyarrow.parquet as pq
from datasets import Dataset
from seqeval.metrics import classification_report
from seqeval.scheme import IOB2

from danvan.errors import CorpusError
from danvan.formats.bio import split_tokens_at, tag_runs, tags_from_entities
from danvan.formats.brat import read_annotations
from danvan.formats.hf_dataset import SPLITS, shard_path
from danvan.formats.ner_data import tag_sequences
from danvan.model import CHUNK_TAGS, NER_TAGS, POS_TAGS, Entity
from danvan.models.crf_ner.model import train_crf
from danvan.models.crf_ner.units import TaggedSentence
from danvan.pipeline.annotate import tag_document
from danvan.pipeline.ingest import read_raw
from danvan.pipeline.ner import NerTagger
from danvan.pipeline.segment import fed_word
from danvan.pipeline.tag import pos_and_chunk_tags, stock_ner_tags

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
                    pos=tuple(POS_TAGS[i] for i in layer["pos_tags"]),
                    tags=tuple(NER_TAGS[i] for i in row["ner_tags"]),
                    chunks=tuple(CHUNK_TAGS[i] for i in layer["chunk_tags"]),
                    id=row["id"],
                )
            )
    return dict(sorted(by_document.items()))


def documents_rows(corpus: Path) -> list[dict]:
    """Every row of a built corpus's documents config."""
    return [row for split in SPLITS for row in pq.read_table(shard_path(corpus, "documents", split)).to_pylist()]


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


class SentenceTagger(Protocol):
    """A trained tagger of gold-segmented sentences: one BIO tag per word."""

    def tag_sentence(self, sentence: TaggedSentence) -> list[str]: ...


Trainer = Callable[[list[TaggedSentence], Path], SentenceTagger]
"""Trains a tagger on sentences (``Path``: a file name it may write its model to)."""


def crf_trainer(level: str) -> Trainer:
    """The project's CRF at a tagging level, as a Trainer."""
    return lambda sentences, path: train_crf(sentences, path.with_suffix(".crfsuite"), level)


def leave_one_document_out(
    by_document: dict[str, list[TaggedSentence]],
    train: Trainer,
    progress: Callable[[str], None] = lambda doc_id: None,
) -> dict[str, list[list[str]]]:
    """Predicted tags for every document's sentences from a tagger trained on the other documents."""
    return cross_validate(by_document, [[doc_id] for doc_id in by_document], train, progress)


def grouped_folds(doc_ids: Sequence[str], groups: Sequence[Sequence[str]], k: int) -> list[list[str]]:
    """``k`` folds of document ids; the documents of a group (near-duplicates) share a fold. Groups go, largest
    first (ties by id), to the fold with the fewest documents: deterministic and balanced."""
    group_of = {doc_id: index for index, group in enumerate(groups) for doc_id in group}
    members: dict[object, list[str]] = {}
    for doc_id in sorted(doc_ids):
        members.setdefault(group_of.get(doc_id, doc_id), []).append(doc_id)
    folds: list[list[str]] = [[] for _ in range(k)]
    for group in sorted(members.values(), key=lambda g: (-len(g), g[0])):
        min(folds, key=len).extend(group)
    return [sorted(fold) for fold in folds if fold]


def cross_validate(
    by_document: dict[str, list[TaggedSentence]],
    folds: list[list[str]],
    train: Trainer,
    progress: Callable[[str], None] = lambda fold: None,
) -> dict[str, list[list[str]]]:
    """Predicted tags for every document from a tagger trained on the documents of the other folds."""
    predictions: dict[str, list[list[str]]] = {}
    with tempfile.TemporaryDirectory() as folder:
        for index, fold in enumerate(folds):
            progress(fold[0] if len(fold) == 1 else str(index))
            held = set(fold)
            training = [s for doc_id, group in by_document.items() if doc_id not in held for s in group]
            model = train(training, Path(folder) / f"fold{index}")
            for doc_id in fold:
                predictions[doc_id] = [model.tag_sentence(s) for s in by_document[doc_id]]
    return predictions


ERROR_KINDS = ("exact", "type", "boundary", "type and boundary", "missed", "spurious")
"""How a gold or predicted entity fares: matched exactly, right span and wrong label, overlapping with the
right label, overlapping with another label, no predicted entity overlapping it, or predicted over no gold."""


Run = tuple[str, int, int]


def gold_fate(gold: Run, predicted: list[Run]) -> tuple[str, Run | None]:
    """How a gold entity fares among the predicted ones (an ERROR_KINDS entry) and the prediction it meets."""
    overlapping = [p for p in predicted if p[1] < gold[2] and gold[1] < p[2]]
    if gold in predicted:
        return "exact", gold
    if same_span := [p for p in overlapping if p[1:] == gold[1:]]:
        return "type", same_span[0]
    if overlapping:
        return ("boundary" if overlapping[0][0] == gold[0] else "type and boundary"), overlapping[0]
    return "missed", None


def entity_errors(
    by_document: dict[str, list[TaggedSentence]], predictions: dict[str, list[list[str]]]
) -> list[tuple[str, str, str, str, str, str]]:
    """Every gold entity and every spurious prediction, classified: (kind, document, gold label, gold text,
    predicted label, predicted text), the texts being the words of each span."""
    rows = []
    for doc_id, sentences in by_document.items():
        for sentence, tags in zip(sentences, predictions[doc_id], strict=True):
            words = sentence.words
            gold_runs, predicted = tag_runs(sentence.tags), tag_runs(tags)
            for gold in gold_runs:
                kind, match = gold_fate(gold, predicted)
                found = (match[0], " ".join(words[match[1] : match[2]])) if match else ("", "")
                rows.append((kind, doc_id, gold[0], " ".join(words[gold[1] : gold[2]]), *found))
            for run in predicted:
                if not any(g[1] < run[2] and run[1] < g[2] for g in gold_runs):
                    rows.append(("spurious", doc_id, "", "", run[0], " ".join(words[run[1] : run[2]])))
    return rows


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


def gold_rows(split: Dataset) -> Dataset:
    """The rows whose NER is gold: all of them, unless a ``ner_source`` column says otherwise (the corpus's ner)."""
    if "ner_source" not in split.column_names:
        return split
    return split.select([i for i, source in enumerate(split["ner_source"]) if source == "gold"])


def tagged_sentences_from_split(
    split: Dataset, tags: Sequence[Sequence[str]] | None = None, underscores: bool = False
) -> list[TaggedSentence]:
    """Sentences of a split with label names from its features (or ``tags``, one list per row) and POS and
    chunk tags as the build gives them (underthesea's taggers fed the pipeline's forms, ``fed_word``), so a
    model learns the features it meets. ``underscores``: words are ``_``-joined syllables, read as spaces.

    A sentence's id is ``<doc_id>-<row>`` when the split has a ``doc_id`` column (training
    then keeps each document's gazetteer hits out of its own features), else ``<row>``.
    """
    tags = tag_sequences(split) if tags is None else tags
    sentences = []
    for index, (row, row_tags) in enumerate(zip(split, tags, strict=True)):
        words = tuple(w.replace("_", " ") if underscores else w for w in row["tokens"])
        pos, chunks = pos_and_chunk_tags([fed_word(word) for word in words])
        sentence_id = f"{row['doc_id']}-{index}" if "doc_id" in row else str(index)
        sentences.append(TaggedSentence(words, tuple(pos), tuple(row_tags), tuple(chunks), sentence_id))
    return sentences


def raw_text_tag_sequences(
    doc_id: str, raw: str, gold: tuple[Entity, ...], tagger: NerTagger
) -> tuple[list[list[str]], list[list[str]]]:
    """(gold, predicted) BIO tags of a raw text tagged end to end by ``tagger``, sentence by sentence.

    The text goes through the whole pipeline without its gold (zoning, sentences, words, POS, NER);
    each sentence's tokens are then split at both sets' entity edges, so strict seqeval scores are
    exact character-span matches. A gold entity outside every sentence counts as a miss.
    """
    document = tag_document(doc_id, raw, tagger)
    gold_tags: list[list[str]] = []
    predicted_tags: list[list[str]] = []
    placed: set[Entity] = set()
    for sentence in document.sentences:
        sentence_gold = tuple(e for e in gold if sentence.start <= e.start and e.end <= sentence.end)
        placed.update(sentence_gold)
        edges = {x for e in sentence_gold + sentence.entities for x in (e.start, e.end)}
        tokens, _ = split_tokens_at(sentence.tokens, edges, raw)
        gold_tags.append(tags_from_entities(tokens, sentence_gold, raw))
        predicted_tags.append(tags_from_entities(tokens, sentence.entities, raw))
    for entity in gold:
        if entity not in placed:
            gold_tags.append([f"B-{entity.label}"])
            predicted_tags.append(["O"])
    return gold_tags, predicted_tags


def raw_folder_scores(folder: Path, tagger: NerTagger) -> Scores:
    """Scores of ``tagger`` on every ``<name>.txt`` of a folder that has a gold ``<name>.ann``, pooled."""
    pairs = [(txt, txt.with_suffix(".ann")) for txt in sorted(folder.glob("*.txt")) if txt.with_suffix(".ann").exists()]
    if not pairs:
        raise CorpusError(f"{folder}: no .txt file with a gold .ann beside it")
    gold_tags: list[list[str]] = []
    predicted_tags: list[list[str]] = []
    for txt, ann in pairs:
        raw = read_raw(txt).raw
        gold, predicted = raw_text_tag_sequences(txt.stem, raw, read_annotations(ann, raw), tagger)
        gold_tags.extend(gold)
        predicted_tags.extend(predicted)
    return entity_scores(gold_tags, predicted_tags)
