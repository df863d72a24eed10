"""``manifest.json``: the corpus version, sha256 of every input and output, tool and model versions, counts."""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Sequence
from importlib.metadata import version
from pathlib import Path

from danvan.build.inputs import DocumentInput, sha256_file
from danvan.build.summary import BuildSummary
from danvan.pipeline.annotate import PIPELINE_VERSION

TOOLS = ("underthesea", "datasets", "pyarrow", "conllu")
"""Packages whose versions the manifest records."""


def write_manifest(
    root: Path,
    inputs: list[DocumentInput],
    summary: BuildSummary,
    corpus_version: str,
    models: dict[str, str],
    extra_inputs: Sequence[Path] = (),
) -> None:
    """Write ``root/manifest.json`` for the files already in ``root``; ``models`` names each model used,
    ``extra_inputs`` are the other files read (near-duplicate groups, agreement record)."""
    input_files = {f"{path.parent.name}/{path.name}": sha256_file(path) for path in extra_inputs}
    for item in inputs:
        input_files[f"{item.path.parent.name}/{item.path.name}"] = item.sha256
        for path in (item.metadata_path, item.gold_path):
            if path is not None:
                input_files[f"{path.parent.name}/{path.name}"] = sha256_file(path)
    outputs = {str(p.relative_to(root)): sha256_file(p) for p in sorted(root.rglob("*")) if p.is_file()}
    data = [f"{path} {digest}" for path, digest in outputs.items() if path.endswith((".parquet", ".conllu"))]
    manifest = {
        "corpus_version": corpus_version,
        "data_sha256": hashlib.sha256("\n".join(data).encode("utf-8")).hexdigest(),
        "inputs": dict(sorted(input_files.items())),
        "outputs": outputs,
        "tools": {
            "python": ".".join(map(str, sys.version_info[:2])),
            **{name: version(name) for name in TOOLS},
        },
        "models": models,
        "pipeline_version": PIPELINE_VERSION,
        "counts": {
            "documents": summary.documents,
            "gold_documents": summary.gold_documents,
            "sentences": summary.sentences,
            "tokens": summary.tokens,
            "entities": dict(sorted(summary.entities.items())),
            "token_splits_at_gold_edges": summary.token_splits,
            "splits": summary.splits,
            "entities_by_split": {split: dict(sorted(c.items())) for split, c in summary.split_entities.items()},
        },
    }
    (root / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
