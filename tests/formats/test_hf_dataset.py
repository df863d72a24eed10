"""Reading a built corpus back into Documents: the inverse of the records the build writes."""

from pathlib import Path

import pyarrow.parquet as pq
import pytest

from danvan.errors import CorpusError
from danvan.formats.hf_dataset import CONFIGS, SPLITS, document_records, read_documents, shard_path


def test_documents_read_back_give_the_rows_the_corpus_holds(fresh_corpus: Path) -> None:
    documents = read_documents(fresh_corpus)
    for split in SPLITS:
        mine = [d for d, s in documents if s == split]
        assert mine, split
        for config in CONFIGS:
            rows = pq.read_table(shard_path(fresh_corpus, config, split)).to_pylist()
            assert [r for d in mine for r in document_records(d)[config]] == rows, (config, split)
    tokens = [t for d, _ in documents for s in d.sentences for t in s.tokens]
    assert all(t.head is not None and t.deprel != "_" and t.upos != "_" for t in tokens)


def test_a_folder_that_is_not_a_corpus_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="no documents/"):
        read_documents(tmp_path)
    (tmp_path / "documents").mkdir()
    shard_path(tmp_path, "documents", "train").write_bytes(b"not parquet")
    with pytest.raises(CorpusError, match="not a readable documents parquet shard"):
        read_documents(tmp_path)


def test_a_corpus_with_tag_strings_asks_for_a_rebuild(fresh_corpus: Path, tmp_path: Path) -> None:
    import shutil

    import pyarrow as pa

    old = tmp_path / "old"
    shutil.copytree(fresh_corpus, old)
    shard = shard_path(old, "tokens", "validation")
    table = pq.read_table(shard)
    names = pa.array([["N"] * len(row) for row in table["pos_tags"].to_pylist()], pa.list_(pa.string()))
    pq.write_table(table.set_column(table.schema.get_field_index("pos_tags"), "pos_tags", names), shard)
    with pytest.raises(CorpusError, match="tokens.pos_tags holds tag strings .* rebuild it"):
        read_documents(old)
    from danvan.stats.units import read_corpus

    with pytest.raises(CorpusError, match="rebuild it"):
        read_corpus(old)
