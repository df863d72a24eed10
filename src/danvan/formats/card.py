"""The dataset card (corpus/README.md): a YAML header for the Hub and the template ``danvan/data/card.md`` filled."""

from __future__ import annotations

import json
from pathlib import Path
from string import Template
from typing import TYPE_CHECKING

import pyarrow.parquet as pq
import yaml

from danvan.formats.hf_dataset import CONFIGS, FEATURES, SPLITS, shard_path
from danvan.model import CHUNK_TAGS, DEPRELS, NER_LABELS, NER_TAGS, POS_TAGS, UPOS_TAGS
from danvan.resources import NER_EVALUATION, NER_SCORES, PARSER_EVALUATION, data_file

if TYPE_CHECKING:
    from danvan.build.summary import BuildSummary


CONFIG_PURPOSE = {
    "documents": "one row per article: metadata, the raw file verbatim, kept text, line zones",
    "sentences": "one row per sentence of the kept text, with its character span and zone",
    "tokens": "word tokens with character offsets, normalized forms, POS and chunk tags (ClassLabel)",
    "ner": "word tokens with BIO NER tags (ClassLabel), entity spans, and where the NER comes from",
    "conllu": "the UD columns of each sentence (UPOS and DEPREL as ClassLabel); as in corpus/conllu/<split>.conllu",
}

EXAMPLE_STRING_CHARS = 160
EXAMPLE_LIST_ITEMS = 4
"""How much of the example document's long strings and lists the card shows."""


def _shortened(value: object) -> object:
    """A value of the example document with long strings and lists cut, the cut marked by "…"."""
    if isinstance(value, str) and len(value) > EXAMPLE_STRING_CHARS:
        return value[:EXAMPLE_STRING_CHARS] + "…"
    if isinstance(value, list) and len(value) > EXAMPLE_LIST_ITEMS:
        return [*value[:EXAMPLE_LIST_ITEMS], "…"]
    return value


def example_rows(root: Path, max_tokens: int = 16) -> dict[str, dict]:
    """One row of each config of a built corpus: the first document of its validation split (else of the first
    split it has) and, in the sentence configs, its first sentence with an entity and at most ``max_tokens``
    words (else its first)."""
    split = next(s for s in ("validation", *SPLITS) if shard_path(root, "documents", s).exists())
    tables = {config: pq.read_table(shard_path(root, config, split)) for config in CONFIGS}
    document = tables["documents"].slice(0, 1).to_pylist()[0]
    ner = [row for row in tables["ner"].to_pylist() if row["doc_id"] == document["id"]]
    chosen = next((r for r in ner if r["entities"] and len(r["tokens"]) <= max_tokens), ner[0])["id"]
    rows = {"documents": {key: _shortened(value) for key, value in document.items()}}
    for config in CONFIGS[1:]:
        rows[config] = next(row for row in tables[config].to_pylist() if row["id"] == chosen)
    return rows


def data_instances(root: Path) -> str:
    """The card's "Data Instances": one example row per config as JSON, label columns as stored (ids)."""
    parts = []
    for config, row in example_rows(root).items():
        fields = ",\n".join(f"  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}" for k, v in row.items())
        parts.append(f"`{config}`:\n\n```json\n{{\n{fields}\n}}\n```")
    return "\n\n".join(parts)


def _yaml_header(summary: BuildSummary, version: str) -> str:
    """The card's YAML: Hub metadata, one ``configs`` entry per layer, features and split sizes."""
    splits = [split for split in SPLITS if summary.splits.get(split)]
    header = {
        "pretty_name": "Dân vận corpus",
        "language": ["vi"],
        "license": "other",
        "license_name": "mixed-see-card",
        "task_categories": ["token-classification"],
        "task_ids": ["named-entity-recognition", "part-of-speech"],
        "tags": ["vietnamese", "news", "corpus-linguistics", "conllu"],
        "version": version,
        "configs": [
            {
                "config_name": config,
                "data_files": [
                    {"split": split, "path": f"{config}/{split}-00000-of-00001.parquet"} for split in splits
                ],
            }
            for config in CONFIGS
        ],
        "dataset_info": [
            {
                "config_name": config,
                "features": FEATURES[config]._to_yaml_list(),
                "splits": [
                    {
                        "name": split,
                        "num_bytes": summary.arrow_bytes[config, split],
                        "num_examples": summary.rows[config, split],
                    }
                    for split in splits
                ],
            }
            for config in CONFIGS
        ],
    }
    return yaml.safe_dump(header, sort_keys=False, allow_unicode=True, width=1000)


def ner_evaluation_table(path: Path | None = None) -> str:
    """NER evaluation figures (default: the shipped model's) as a markdown table: micro P/R/F1, F1 per type."""
    figures = json.loads((path or data_file(NER_EVALUATION)).read_text(encoding="utf-8"))
    labels = sorted({label for system in figures.values() for label in system["per_type"]})
    rows = [
        "| system | micro P | micro R | micro F1 | " + " | ".join(f"{label} F1" for label in labels) + " |",
        "|---" * (4 + len(labels)) + "|",
    ]
    names = {"model": "the project's CRF (shipped model's settings)", "underthesea": "underthesea's stock CRF NER"}
    for system, scores in figures.items():
        per_type = " | ".join(f"{scores['per_type'][label]['f1-score']:.3f}" for label in labels)
        rows.append(
            f"| {names.get(system, system)} | {scores['micro_precision']:.3f} | {scores['micro_recall']:.3f} "
            f"| **{scores['micro_f1']:.3f}** | {per_type} |"
        )
    return "\n".join(rows)


def parser_scores(figures: dict, model: str, source: str = "underthesea") -> dict:
    """The evaluation record ``figures`` with one parser's scores with UPOS from ``source`` merged in."""
    scores = next(r for r in figures["results"] if r["model"] == model and r["upos_source"] == source)
    return figures | scores


def split_label_rows(summary: BuildSummary) -> str:
    """One row per split: documents, gold documents, mentions per label and in all."""
    rows = []
    for split in SPLITS:
        if not summary.splits.get(split):
            continue
        counts = summary.split_entities.get(split, {})
        labels = " | ".join(str(counts.get(label, 0)) for label in NER_LABELS)
        rows.append(f"| {split} | {summary.splits[split]} | {summary.gold_by_split[split]} | {labels} "
                    f"| {sum(counts.values())} |")  # fmt: skip
    return "\n".join(rows)


def agreement_rows(path: Path | None) -> str:
    """The agreement record (``annotation_agreement.py --json``) as table rows: F1 overall and per label."""
    if path is None:
        return "| (no agreement record in the annotations folder) | | | | | | | |"
    rows = []
    for name, record in json.loads(path.read_text(encoding="utf-8")).items():
        agreement = record["agreement"]
        f1 = " | ".join(f"{agreement[label]['f1']:.4f}" for label in ("ALL", *NER_LABELS))
        rows.append(f"| {name} | {record['files']} | {agreement['ALL']['reference']} | {f1} |")
    return "\n".join(rows)


def render_card(
    root: Path,
    summary: BuildSummary,
    version: str,
    ner_model: str,
    parser_model: str,
    agreement: Path | None = None,
) -> str:
    """The card's markdown: ``danvan/data/card.md`` with the build's counts, example rows of the data written
    to ``root``, the models' figures and the annotation agreement (the annotations folder's record) filled in."""
    parsing = parser_scores(json.loads(data_file(PARSER_EVALUATION).read_text(encoding="utf-8")), parser_model)
    values = {
        "yaml_header": _yaml_header(summary, version),
        "version": version,
        "config_rows": "\n".join(f"| `{c}` | {CONFIG_PURPOSE[c]} |" for c in CONFIGS),
        "data_instances": data_instances(root),
        "documents": summary.documents,
        "gold_documents": summary.gold_documents,
        "sentences": summary.sentences,
        "tokens": summary.tokens,
        "entities": sum(summary.entities.values()),
        "split_label_rows": split_label_rows(summary),
        "source_rows": "\n".join(
            f"| {name or 'the project’s seeds (none named)'} | {n} |" for name, n in sorted(summary.collections.items())
        ),
        "agreement_rows": agreement_rows(agreement),
        "token_splits": summary.token_splits,
        "ner_model": ner_model,
        "ner_table": ner_evaluation_table(),
        "ner_test_f1": f"{json.loads(data_file(NER_SCORES).read_text(encoding='utf-8'))['test']['micro_f1']:.3f}",
        "ner_tags": ", ".join(NER_TAGS),
        "pos_tags": ", ".join(POS_TAGS),
        "chunk_tags": ", ".join(CHUNK_TAGS),
        "upos_tags": ", ".join(UPOS_TAGS),
        "deprels": ", ".join(DEPRELS),
        "parser_model": parser_model,
        "parser_evaluation": PARSER_EVALUATION,
        "parser_sentences": parsing["sentences"],
        "parser_words": f"{parsing['words']:,}",
        "parser_uas": f"{parsing['UAS']:.2f}",
        "parser_las": f"{parsing['LAS']:.2f}",
        "parser_uas_round": f"{parsing['UAS']:.0f}",
        "parser_las_round": f"{parsing['LAS']:.0f}",
    }
    return Template(data_file("card.md").read_text(encoding="utf-8")).substitute(values)
