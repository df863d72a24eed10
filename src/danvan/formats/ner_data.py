"""NER datasets as users bring them: loading (saved DatasetDict or Dataset, hub-style folder, parquet or JSON
lines files), their tag columns (ClassLabel or strings), the tag scheme (IOB2 checked, BIOES converted) and
words joined by ``_`` (PhoNER, VLSP style)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from datasets import (
    ClassLabel,
    Dataset,
    DatasetDict,
    Value,
    disable_progress_bars,
    get_dataset_config_names,
    load_dataset,
    load_from_disk,
)
from datasets.exceptions import DatasetsError
from datasets.utils import logging as datasets_logging

from danvan.errors import CorpusError

DATA_FILE_BUILDERS = {".parquet": "parquet", ".jsonl": "json", ".json": "json"}
"""File suffix → the datasets builder that reads it."""
SPLIT_NAMES = {"train": "train", "validation": "validation", "valid": "validation", "val": "validation",
               "dev": "dev", "test": "test"}  # fmt: skip
"""Split names recognised at the start of a data file's name ("dev.jsonl", "test-00000-of-00001.parquet")."""
JOINED = re.compile(r"\w_\w")
JOINED_SHARE = 0.01
"""Words are taken as ``_``-joined when at least this share of them joins two word characters with ``_``."""


def _data_files(paths: Sequence[Path]) -> tuple[str, dict[str, list[str]]]:
    """The builder and the files of each split: a file's split from its name, else ``train``."""
    files = [f for p in paths for f in (sorted(p.iterdir()) if p.is_dir() else [p]) if f.suffix in DATA_FILE_BUILDERS]
    if not files:
        raise CorpusError(f"{paths[0]}: no .parquet, .jsonl or .json file")
    builders = {DATA_FILE_BUILDERS[f.suffix] for f in files}
    if len(builders) > 1:
        raise CorpusError(f"{paths[0]}: parquet and JSON files mixed; give one kind")
    splits: dict[str, list[str]] = {}
    for f in files:
        name = next((n for n in SPLIT_NAMES if re.match(rf"{n}(\b|_|-)", f.name)), None)
        if name is None and len(files) > 1:
            starts = ", ".join(SPLIT_NAMES)
            raise CorpusError(f"{f}: among several files, one whose name starts with no split ({starts})")
        splits.setdefault(SPLIT_NAMES[name] if name else "train", []).append(str(f))
    return builders.pop(), splits


def _config(path: str, config: str | None) -> str | None:
    """The config to load: the one given, else ``ner`` when the dataset has it, else its only one."""
    if config is not None:
        return config
    try:
        names = get_dataset_config_names(path)
    except Exception:  # noqa: BLE001 - a folder of data files has no named configs: load it plainly
        return None
    if "ner" in names:
        return "ner"
    if len(names) > 1:
        raise CorpusError(f"{path}: several configs ({', '.join(names)}); choose one with --config")
    return None


def load_ner_dataset(path: str, config: str | None = None, data_files: Sequence[Path] = ()) -> DatasetDict:
    """A dataset with ``tokens`` and ``ner_tags``: a saved DatasetDict or Dataset (its one split is ``train``),
    parquet or JSON lines files (``data_files``), or a loadable folder or name (``config`` default: ``ner``
    when it has one). CorpusError, one line naming the dataset, when it cannot be loaded."""
    try:
        if data_files:
            builder, splits = _data_files(data_files)
            disable_progress_bars()  # the one-off conversion of small files to Arrow: no bar, no noise before errors
            datasets_logging.set_verbosity(datasets_logging.CRITICAL)  # its error comes back as our one line
            return load_dataset(builder, data_files=splits)
        folder = Path(path)
        if (folder / "dataset_dict.json").exists():
            return load_from_disk(path)
        if (folder / "state.json").exists():
            dataset = load_from_disk(path)
            return DatasetDict({"train": dataset}) if isinstance(dataset, Dataset) else dataset
        return load_dataset(path, _config(path, config))
    except (FileNotFoundError, ValueError, ConnectionError, DatasetsError) as err:
        cause = err.__cause__ if isinstance(err, DatasetsError) and err.__cause__ else err  # the file's own error
        reason = str(cause).strip().splitlines()[0] if str(cause).strip() else type(cause).__name__
        where = ", ".join(map(str, data_files)) or path
        raise CorpusError(f"{where}: cannot load a dataset (config {config!r}): {reason}") from err


def eval_splits(dataset: DatasetDict, train_splits: Sequence[str]) -> list[str]:
    """The splits scored by default: ``validation``/``dev`` and ``test`` when present and not trained on."""
    return [s for s in ("validation", "dev", "test") if s in dataset and s not in train_splits]


def check_ner_splits(dataset: DatasetDict, path: str, splits: Sequence[str]) -> None:
    """CorpusError unless every split exists and has ``tokens`` (strings) and ``ner_tags`` (a ClassLabel or
    string sequence)."""
    for split in splits:
        if split not in dataset:
            raise CorpusError(f"{path}: no split {split!r} (splits: {', '.join(dataset)})")
        features = dataset[split].features
        for column in ("tokens", "ner_tags"):
            if column not in features:
                raise CorpusError(f"{path}: split {split!r} has no {column!r} column (columns: {', '.join(features)})")
        feature = getattr(features["ner_tags"], "feature", None)
        if not isinstance(feature, ClassLabel) and not (isinstance(feature, Value) and feature.dtype == "string"):
            raise CorpusError(
                f"{path}: split {split!r}: ner_tags is {features['ner_tags']}, not a ClassLabel sequence "
                "(nor tag strings): label names are needed"
            )


def tag_sequences(split: Dataset) -> list[list[str]]:
    """Each row's tags as names (a ClassLabel's names, or the strings as they are)."""
    feature = split.features["ner_tags"].feature
    if not isinstance(feature, ClassLabel):
        return [list(row) for row in split["ner_tags"]]
    sequences = []
    for index, row in enumerate(split["ner_tags"]):
        if any(i < 0 for i in row):
            raise CorpusError(f"row {index}: ner_tags holds {min(row)} (unlabelled); every word needs a label")
        sequences.append([feature.names[i] for i in row])
    return sequences


def check_lengths(split: Dataset, where: str) -> None:
    """CorpusError naming the row unless every row has one tag per token."""
    for index, (tokens, tags) in enumerate(zip(split["tokens"], split["ner_tags"], strict=True)):
        if len(tokens) != len(tags):
            raise CorpusError(f"{where}, row {index}: {len(tokens)} tokens but {len(tags)} tags")


def is_bioes(sequences: Sequence[Sequence[str]]) -> bool:
    """Whether the tags use BIOES (or BILOU): some tag starts with ``E-``, ``S-``, ``L-`` or ``U-``."""
    return any(tag[:2] in ("E-", "S-", "L-", "U-") for tags in sequences for tag in tags)


def bioes_to_iob2(tags: Sequence[str]) -> list[str]:
    """BIOES/BILOU tags as IOB2: a single (S-, U-) begins (B-), an end (E-, L-) continues (I-)."""
    return [("B-" + t[2:]) if t[:2] in ("S-", "U-") else ("I-" + t[2:]) if t[:2] in ("E-", "L-") else t for t in tags]


def check_iob2(tags: Sequence[str], where: str) -> None:
    """CorpusError naming ``where`` and the word unless the tags are IOB2: ``O``, ``B-X``, or ``I-X`` after
    ``B-X`` or ``I-X``."""
    previous = "O"
    for index, tag in enumerate(tags):
        if tag != "O" and (tag[:2] not in ("B-", "I-") or len(tag) < 3):
            raise CorpusError(f"{where}, word {index + 1}: tag {tag!r} is not O, B-X or I-X (IOB2)")
        if tag.startswith("I-") and previous[2:] != tag[2:]:
            raise CorpusError(f"{where}, word {index + 1}: {tag!r} follows {previous!r}; IOB2 starts an entity with B-")
        previous = tag


def joined_words(split: Dataset) -> bool:
    """Whether the split's words are ``_``-joined syllables ("Hà_Nội"), as PhoNER and VLSP write them."""
    words = [w for row in split["tokens"] for w in row]
    return bool(words) and sum(bool(JOINED.search(w)) for w in words) >= JOINED_SHARE * len(words)
