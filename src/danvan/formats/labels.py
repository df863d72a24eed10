"""The ClassLabel sequence columns of the dataset: their label sets, encoding and decoding, and reading a
config's parquet shard with them checked (pyarrow only)."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from danvan.errors import CorpusError
from danvan.model import CHUNK_TAGS, DEPRELS, NER_TAGS, POS_TAGS, UPOS_TAGS

LABEL_COLUMNS: dict[tuple[str, str], tuple[str, ...]] = {
    ("tokens", "pos_tags"): POS_TAGS,
    ("tokens", "chunk_tags"): CHUNK_TAGS,
    ("ner", "ner_tags"): NER_TAGS,
    ("conllu", "upos"): UPOS_TAGS,
    ("conllu", "deprels"): DEPRELS,
}
"""The ClassLabel sequence columns of each config and their label names (stored as label ids)."""

_LABEL_IDS = {key: {name: i for i, name in enumerate(names)} for key, names in LABEL_COLUMNS.items()}


def label_ids(config: str, column: str, names: list[str]) -> list[int]:
    """The ClassLabel ids of ``names`` in one column (CorpusError for a name outside its label set)."""
    ids = _LABEL_IDS[config, column]
    try:
        return [ids[name] for name in names]
    except KeyError as err:
        raise CorpusError(f"{config}.{column}: label {err.args[0]!r} is not one of {', '.join(ids)}") from None


def check_label_columns(schema: pa.Schema, config: str, where: object) -> None:
    """CorpusError unless the ClassLabel columns of ``config`` in ``schema`` hold ids (corpora before 2.0.0
    stored the tags as strings)."""
    for (name, column), _ in LABEL_COLUMNS.items():
        if name == config and column in schema.names and not pa.types.is_integer(schema.field(column).type.value_type):
            raise CorpusError(f"{where}: {config}.{column} holds tag strings (a corpus before 2.0.0); rebuild it "
                              "with danvan build")  # fmt: skip


def label_names(table: pa.Table, config: str, column: str) -> pa.Array:
    """One ClassLabel sequence column of a read table, flattened and decoded to label names."""
    check_label_columns(table.schema, config, f"{config} config")
    names = pa.array(LABEL_COLUMNS[config, column])
    return names.take(pc.list_flatten(table[column]))


def read_shard(path: Path, config: str, columns: list[str] | None = None) -> pa.Table:
    """One parquet shard of a config (``columns`` of it), its tag columns checked; CorpusError, one line."""
    try:
        table = pq.read_table(path, columns=columns)
    except (pa.ArrowException, OSError) as err:
        raise CorpusError(f"{path}: not a readable {config} parquet shard ({err})") from None
    check_label_columns(table.schema, config, path)
    return table
