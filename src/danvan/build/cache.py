"""The build cache: one entry per document output, keyed by everything the annotation depends on."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

from danvan.build.summary import DocumentOutput


def read_entry(cache: Path, key: str) -> DocumentOutput | None:
    """The output stored under ``key``, or None."""
    entry = cache / f"{key}.pickle"
    if not entry.exists():
        return None
    with entry.open("rb") as handle:
        return pickle.load(handle)


def write_entry(cache: Path, key: str, output: DocumentOutput) -> None:
    """Store ``output`` under ``key`` (written aside, then renamed into place)."""
    entry = cache / f"{key}.pickle"
    entry.parent.mkdir(parents=True, exist_ok=True)
    partial = entry.with_suffix(f".{os.getpid()}.tmp")
    with partial.open("wb") as handle:
        pickle.dump(output, handle, protocol=pickle.HIGHEST_PROTOCOL)
    partial.replace(entry)
