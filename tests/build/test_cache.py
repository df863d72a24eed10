"""The build cache: entries round-trip exactly; truncated, altered or misfiled entries are misses."""

from pathlib import Path

import pytest

from danvan.build.cache import code_fingerprint, decode_entry, encode_entry, read_entry, write_entry
from danvan.build.corpus import Models
from danvan.build.summary import DocumentOutput, document_output
from danvan.pipeline.annotate import annotate_document

RAW = "Tiêu đề\n\nTrưởng Ban Dân vận Trung ương thăm Hà Nội.\n"


@pytest.fixture(scope="module")
def output(models: Models) -> DocumentOutput:
    return document_output(annotate_document("doc", RAW, models.ner_tagger, models.parser))


def test_an_entry_round_trips_to_an_equal_output(tmp_path: Path, output: DocumentOutput) -> None:
    write_entry(tmp_path, "k1", output)
    stored = read_entry(tmp_path, "k1")
    assert stored is not None
    assert stored.conllu == output.conllu and stored.entities == output.entities
    assert all(stored.batches[c].equals(output.batches[c]) for c in output.batches)
    assert all(stored.batches[c].schema.metadata == output.batches[c].schema.metadata for c in output.batches)


def test_truncated_altered_foreign_and_misfiled_entries_are_misses(tmp_path: Path, output: DocumentOutput) -> None:
    data = encode_entry("k1", output)
    assert decode_entry(data, "k1") is not None
    assert decode_entry(data[: len(data) // 2], "k1") is None  # truncated
    assert decode_entry(data[:-1] + bytes([data[-1] ^ 1]), "k1") is None  # one bit flipped in the payload
    assert decode_entry(data, "k2") is None  # copied under another key
    assert decode_entry(b"\x80\x04\x95 a pickle, say", "k1") is None
    assert read_entry(tmp_path, "absent") is None


def test_the_code_fingerprint_is_a_digest_of_the_package_source() -> None:
    assert len(code_fingerprint()) == 64 and code_fingerprint() == code_fingerprint()
