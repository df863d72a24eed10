"""The build's inputs: every raw file of the seeds folder with its metadata and gold, found and checked.

Nothing is ignored silently: a ``.txt`` in any letter case is a document; anything named so that is not
a readable regular file, an ``.ann`` without its ``.txt``, or a file name that cannot be a document id
is an error naming the file.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass, replace
from pathlib import Path

from danvan.errors import CorpusError
from danvan.model import KEPT_ZONE_KINDS
from danvan.pipeline.annotate import PIPELINE_VERSION
from danvan.pipeline.ingest import read_metadata, read_raw
from danvan.pipeline.zoning import zone_lines


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
        """Everything the document's annotation depends on, hashed (``models_fingerprint``: models and code)."""
        parts = [self.sha256, self.doc_id, self.encoding, PIPELINE_VERSION, models_fingerprint]
        parts += [sha256_file(p) for p in (self.metadata_path, self.gold_path) if p is not None]
        return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


def _regular_file(path: Path) -> None:
    """CorpusError unless ``path`` is a regular file this process can read."""
    try:
        mode = os.stat(path).st_mode
    except OSError as err:  # a dangling symlink, a loop, no permission on the folder
        raise CorpusError(f"{path}: cannot read it: {err.strerror}") from None
    if not stat.S_ISREG(mode):
        raise CorpusError(f"{path}: not a regular file (a folder, a pipe or a device named like a document)")
    if not os.access(path, os.R_OK):
        raise CorpusError(f"{path}: cannot read it: permission denied")


def _document_id(path: Path) -> str:
    """The file stem as a document id; CorpusError for a name that would corrupt the outputs."""
    stem = path.name[: -len(path.suffix)]
    if not stem or any(ord(c) < 32 or ord(c) == 127 for c in stem):
        raise CorpusError(f"{path!r}: the file name has a control character or no stem; rename the file")
    return stem


def has_kept_text(raw: str) -> bool:
    """Whether any line of ``raw`` would be kept as text (not page chrome, not blank). Line zones suffice (the
    zones cut inside a body line are all kept), so the parent process skips the sub-line zoning."""
    return any(zone.kind in KEPT_ZONE_KINDS and raw[zone.start : zone.end].strip() for zone in zone_lines(raw))


def discover_inputs(
    seeds: Path, annotations: Path | None, encoding: str = "utf-8"
) -> tuple[list[DocumentInput], list[str]]:
    """Every ``*.txt`` under ``seeds`` (any case) in name order, with metadata and gold: (inputs, warnings).
    ``annotations`` None builds without gold; otherwise it must be a folder, and each of its ``.ann``
    files must belong to a raw file."""
    if not seeds.is_dir():
        raise CorpusError(f"{seeds}: no such folder of raw .txt files")
    if annotations is not None and not annotations.is_dir():
        raise CorpusError(f"{annotations}: no such folder of gold .ann files (build without gold: --no-gold)")
    try:
        entries = sorted(seeds.iterdir())
    except OSError as err:
        raise CorpusError(f"{seeds}: cannot list it: {err.strerror}") from None
    texts = [path for path in entries if path.suffix.lower() == ".txt"]
    gold_files = {path.stem: path for path in sorted(annotations.glob("*.ann"))} if annotations else {}
    if orphans := sorted(set(gold_files) - {_document_id(path) for path in texts}):
        raise CorpusError(f"{gold_files[orphans[0]]}: gold without a raw file {orphans[0]}.txt in {seeds}")
    inputs: list[DocumentInput] = []
    warnings: list[str] = []
    seen: dict[str, int] = {}
    for path in texts:
        _regular_file(path)
        doc_id = _document_id(path)
        raw_file = read_raw(path, encoding)
        gold_path = gold_files.get(doc_id)
        if not raw_file.raw.strip():
            if gold_path is not None:
                raise CorpusError(f"{gold_path}: gold for {path}, which is empty")
            warnings.append(f"{path}: empty file, skipped")
            continue
        metadata_path = path.with_name(f"{doc_id}.json")
        if metadata_path.exists():
            _regular_file(metadata_path)
            read_metadata(metadata_path)  # fail early on bad metadata
        if raw_file.sha256 in seen:
            kept = inputs[seen[raw_file.sha256]]
            if gold_path is not None and kept.gold_path is None:
                inputs[seen[raw_file.sha256]] = replace(kept, gold_path=gold_path)
                warnings.append(f"{path}: same content as {kept.path}, kept once, with the gold of {gold_path}")
            elif gold_path is not None and sha256_file(gold_path) != sha256_file(kept.gold_path):
                raise CorpusError(f"{path}: same content as {kept.path}, but their gold files differ")
            else:
                warnings.append(f"{path}: same content as {kept.path}, kept once")
            continue
        seen[raw_file.sha256] = len(inputs)
        metadata = metadata_path if metadata_path.exists() else None
        inputs.append(DocumentInput(doc_id, path, raw_file.sha256, encoding, metadata, gold_path))
    if not inputs:
        raise CorpusError(f"{seeds}: no non-empty .txt file to build from")
    return inputs, warnings
