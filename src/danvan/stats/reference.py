"""The shipped keyness reference: unit frequency lists of general news, and reading them as counts.

``data/reference-general-news.tsv.gz`` holds, for each level (word, syllable), every normalized unit of
the body zones of 11,998 general news articles (magizbox/scraper, baomoi.com 2016–2017, none of them in
the corpus) with its frequency, as the project's own pipeline segments and normalizes them; counts only,
no text. ``scripts/make_reference.py`` remakes it; its header records the source and the pipeline.
"""

from __future__ import annotations

import gzip
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from danvan.errors import CorpusError
from danvan.model import Document
from danvan.resources import data_file
from danvan.stats.units import DEFAULT_ZONES, LEVELS, dropped_units

REFERENCE = "reference-general-news.tsv.gz"


def unit_counts(documents: Iterable[Document], zones: tuple[str, ...] = DEFAULT_ZONES) -> dict[str, Counter[str]]:
    """Frequencies of the word and syllable units (token norms, and their pieces) in ``zones``."""
    counts: dict[str, Counter[str]] = {level: Counter() for level in LEVELS}
    for document in documents:
        for sentence in document.sentences:
            if sentence.zone in zones:
                for token in sentence.tokens:
                    counts["word"][token.norm] += 1
                    counts["syllable"].update(token.norm.split(" "))
    return counts


def write_reference(counts: dict[str, Counter[str]], header: list[str], path: Path) -> None:
    """The frequency lists as gzipped TSV (``level, unit, freq``; by level, freq descending, then unit),
    byte-identical for the same counts (no timestamp in the gzip header)."""
    lines = [f"# {line}" for line in header] + ["level\tunit\tfreq"]
    for level in LEVELS:
        lines += [f"{level}\t{unit}\t{n}" for unit, n in sorted(counts[level].items(), key=lambda c: (-c[1], c[0]))]
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as handle:
        handle.write(("\n".join(lines) + "\n").encode("utf-8"))


def read_reference(level: str = "word", path: Path | None = None) -> pd.Series:
    """The reference's frequency of each unit of ``level``, a Series indexed by unit."""
    path = path or data_file(REFERENCE)
    try:
        frame = pd.read_csv(path, sep="\t", comment=None, skiprows=_header_lines(path), dtype={"unit": str},
                            keep_default_na=False, quoting=3)  # fmt: skip
    except (OSError, ValueError) as err:
        raise CorpusError(f"{path}: cannot read the reference frequency list: {err}") from None
    rows = frame[frame["level"] == level]
    return pd.Series(rows["freq"].to_numpy(), index=rows["unit"].to_numpy(), name="ref_freq")


def _header_lines(path: Path) -> int:
    """How many ``#`` lines open the gzipped file."""
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return next(i for i, line in enumerate(handle) if not line.startswith("#"))


def filtered_reference(
    counts: pd.Series, *, drop_punct: bool, drop_numbers: bool, stopwords: frozenset[str]
) -> pd.Series:
    """The reference counts without the units the same filters drop from the target (by the units' form:
    the list has no tags, so punctuation is what has no letter or digit)."""
    units = pd.Series(counts.index.astype(str), dtype=object)
    no_tags = pd.Series("", index=units.index, dtype=object)
    return counts[~dropped_units(units, no_tags, drop_punct=drop_punct, drop_numbers=drop_numbers, stopwords=stopwords)]
