"""The build cache: one file per document output, keyed by everything the annotation depends on.

An entry is data, never code: a JSON header (its own key, the output's counts and CoNLL-U text, the
sha256 of the payload) and the Arrow IPC streams of the output's record batches. A truncated,
altered or foreign entry, or one stored under another key, is a miss (annotated again and
overwritten), never trusted. The key includes a digest of the package's own source, so changing
the code can never reuse outputs of the old code.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from functools import cache
from importlib.resources import files
from pathlib import Path

import pyarrow as pa

from danvan.build.summary import DocumentOutput

FORMAT = "danvan-cache-1"


@cache
def code_fingerprint() -> str:
    """sha256 of every Python file of the installed package (path and bytes), in path order."""
    root = Path(str(files("danvan")))
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        digest.update(str(path.relative_to(root)).encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _entry(cache_dir: Path, key: str) -> Path:
    return cache_dir / f"{key}.entry"


def encode_entry(key: str, output: DocumentOutput) -> bytes:
    """The entry's bytes: header length (8 bytes), JSON header, then one Arrow IPC stream per config."""
    streams = []
    for batch in output.batches.values():
        sink = pa.BufferOutputStream()
        with pa.ipc.new_stream(sink, batch.schema) as writer:
            writer.write_batch(batch)
        streams.append(sink.getvalue().to_pybytes())
    payload = b"".join(streams)
    header = {
        "format": FORMAT,
        "key": key,
        "doc_id": output.doc_id,
        "configs": [[name, len(stream)] for name, stream in zip(output.batches, streams, strict=True)],
        "conllu": output.conllu,
        "gold": output.gold,
        "sentences": output.sentences,
        "tokens": output.tokens,
        "entities": dict(output.entities),
        "token_splits": output.token_splits,
        "collection": output.collection,
        "zone_characters": dict(output.zone_characters),
        "payload_sha256": hashlib.sha256(payload).hexdigest(),
    }
    encoded = json.dumps(header, ensure_ascii=False).encode("utf-8")
    return len(encoded).to_bytes(8, "big") + encoded + payload


def decode_entry(data: bytes, key: str) -> DocumentOutput | None:
    """The output an entry holds, or None when it is not a complete, intact entry for ``key``."""
    try:
        size = int.from_bytes(data[:8], "big")
        header = json.loads(data[8 : 8 + size].decode("utf-8"))
        payload = data[8 + size :]
        if header["format"] != FORMAT or header["key"] != key:
            return None
        if hashlib.sha256(payload).hexdigest() != header["payload_sha256"]:
            return None
        batches, position = {}, 0
        for name, length in header["configs"]:
            with pa.ipc.open_stream(payload[position : position + length]) as reader:
                batches[name] = reader.read_next_batch()
            position += length
        return DocumentOutput(
            doc_id=header["doc_id"],
            batches=batches,
            conllu=header["conllu"],
            gold=header["gold"],
            sentences=header["sentences"],
            tokens=header["tokens"],
            entities=Counter(header["entities"]),
            token_splits=header["token_splits"],
            collection=header["collection"],
            zone_characters=Counter(header["zone_characters"]),
        )
    except (ValueError, KeyError, TypeError, UnicodeDecodeError, pa.ArrowException):
        return None


def has_entry(cache_dir: Path, key: str) -> bool:
    """Whether an entry is stored under ``key`` (it may still be one that cannot be trusted)."""
    return _entry(cache_dir, key).is_file()


def read_entry(cache_dir: Path, key: str) -> DocumentOutput | None:
    """The output stored under ``key``, or None (no entry, or one that cannot be trusted)."""
    try:
        data = _entry(cache_dir, key).read_bytes()
    except OSError:
        return None
    return decode_entry(data, key)


def write_entry(cache_dir: Path, key: str, output: DocumentOutput) -> None:
    """Store ``output`` under ``key`` (written aside, then renamed into place)."""
    entry = _entry(cache_dir, key)
    entry.parent.mkdir(parents=True, exist_ok=True)
    partial = entry.with_suffix(f".{os.getpid()}.tmp")
    partial.write_bytes(encode_entry(key, output))
    partial.replace(entry)
