"""The build's inputs: every raw file of the seeds folder with its metadata and gold, found and checked."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from danvan.errors import CorpusError
from danvan.pipeline.annotate import PIPELINE_VERSION
from danvan.pipeline.ingest import read_metadata, read_raw


def sha256_file(path: Path) -> str:
    """Hex sha256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


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
