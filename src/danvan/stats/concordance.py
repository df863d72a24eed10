"""Concordances (KWIC) of a phrase, sortable by its left or right context."""

from __future__ import annotations

import numpy as np
import pandas as pd

from danvan.errors import CorpusError
from danvan.stats.ngrams import _neighbours, find_query
from danvan.stats.units import encode_units

# Concordance ----------------------------------------------------------------------------------------

SORT_KEYS = ("text", "left", "right")
"""Concordance orders: document order, or the units left (L1, L2, …) or right (R1, R2, …) of the match."""

SORT_DEPTH = 5
"""How many context units a left or right sort compares."""


def concordance(
    units: pd.DataFrame, sentences: pd.DataFrame, query: str, width: int = 40, sort: str = "text", regex: bool = False
) -> pd.DataFrame:
    """KWIC lines of a phrase, a wildcard pattern ("dân *", "*vận") or with ``regex`` a regular expression over
    one unit (see ``find_pattern``): left, match, right (≤ width characters of the sentence), doc_id,
    sentence_id, offsets."""
    if width < 1:
        raise CorpusError(f"width {width}; expected at least 1 character")
    if sort not in SORT_KEYS:
        raise CorpusError(f"unknown sort {sort!r}; expected one of {', '.join(SORT_KEYS)}")
    first, last = find_query(units, query, regex)
    located = sentences.set_index("sentence_id")
    sentence_ids = units["sentence_id"].to_numpy()[first]
    sentence_start = located["start"].reindex(sentence_ids).to_numpy(np.int64)
    sentence_text = located["text"].reindex(sentence_ids).to_numpy(dtype=object)
    start = units["start"].to_numpy()[first] - sentence_start
    end = units["end"].to_numpy()[last] - sentence_start
    lines = pd.DataFrame(
        {
            "left": [text[:s].rstrip()[-width:].lstrip() for text, s in zip(sentence_text, start, strict=True)],
            "match": [text[s:e] for text, s, e in zip(sentence_text, start, end, strict=True)],
            "right": [text[e:].lstrip()[:width].rstrip() for text, e in zip(sentence_text, end, strict=True)],
            "doc_id": units["doc_id"].to_numpy()[first],
            "sentence_id": sentence_ids,
            "start": start + sentence_start,
            "end": end + sentence_start,
        }
    )
    keys: list[str] = []
    if sort != "text":
        ids, vocabulary = encode_units(units)
        sentence = pd.factorize(units["sentence_id"])[0]
        at, direction = (first, -1) if sort == "left" else (last, 1)
        for depth in range(1, SORT_DEPTH + 1):
            where, same = _neighbours(sentence, at, direction * depth)
            keys.append(key := f"_{sort}{depth}")
            lines[key] = np.where(same, vocabulary[ids[where]] if len(ids) else "", "")
    ordered = lines.sort_values([*keys, "doc_id", "start"], kind="stable").drop(columns=keys)
    return ordered.reset_index(drop=True)
