"""CRF NER features: per-unit attribute columns (cues, quotes, document numbers) and their template."""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from danvan.models.compiled_crf import Template, feature_strings
from danvan.models.crf_ner.units import (
    CLUSTERS_PATH,
    LEXICON_PATH,
    PLACES_PATH,
    Gazetteer,
    TaggedSentence,
    _is_title,
    _per_unit,
    _syllable_units,
    _syllables,
    _word_units,
    load_clusters,
    load_lexicon,
    load_places,
    place_forms,
    shape,
)

ROMAN_NUMERAL = re.compile(r"[IVXLC]+")
_CODE_CHUNK = r"(?:\d+|[A-ZĐ][A-ZĐa-zđ]*[A-ZĐ][a-zđ]*)"
DOCUMENT_CODE = re.compile(rf"{_CODE_CHUNK}(?:[-/.]{_CODE_CHUNK})*|[-/.]")
"""A unit of a document number: "25", "-", "NQ", "/", "TW", "CT-TTg" or the whole "25-NQ/TW" (codes: 2+ capitals)."""
OPENING_QUOTES = {"“", '"', "«", "‘"}
CLOSING_QUOTES = {"”", '"', "»", "’"}
CLAUSE_BREAKS = {",", ";", ":", ".", "(", ")", "!", "?", "…", "-", "–"} | OPENING_QUOTES | CLOSING_QUOTES
MAX_CUE_DISTANCE = 6


def title_runs(titles: list[bool]) -> list[int]:
    """Length of the run of title-case units each unit belongs to (0 outside runs)."""
    runs = [0] * len(titles)
    i = 0
    while i < len(titles):
        j = i
        while j < len(titles) and titles[j]:
            j += 1
        for k in range(i, j):
            runs[k] = j - i
        i = max(j, i + 1)
    return runs


def document_number_tags(texts: list[str]) -> list[str]:
    """B/I/O: units of a document number ("số" then digits, codes and "-" or "/", with at least one "/")."""
    tags = ["O"] * len(texts)
    for i, text in enumerate(texts):
        if text.lower() != "số":
            continue
        j = i + 1
        while j < len(texts) and all(DOCUMENT_CODE.fullmatch(p) for p in texts[j].split()):
            j += 1
        if j > i + 1 and texts[i + 1][:1].isdigit() and "/" in "".join(texts[i + 1 : j]):
            tags[i:j] = ["B"] + ["I"] * (j - i - 1)
    return tags


def quote_marks(texts: list[str]) -> list[str]:
    """Whether each unit lies between an opening and a closing quote of the sentence: "in", "open", "close", "O"."""
    marks = ["O"] * len(texts)
    open_at: int | None = None
    for i, text in enumerate(texts):
        if open_at is None and text in OPENING_QUOTES:
            open_at = i
        elif open_at is not None and text in CLOSING_QUOTES:
            for k in range(open_at + 1, i):
                marks[k] = "in"
            marks[open_at], marks[i] = "open", "close"
            open_at = None
    return marks


def left_cues(texts: list[str], lex: list[str]) -> list[str]:
    """The nearest lexicon category to the left in the same clause, with its distance: "ORGHEAD/2" or "none"."""
    cues = []
    for i in range(len(texts)):
        cue = "none"
        for d in range(1, MAX_CUE_DISTANCE + 1):
            j = i - d
            if j < 0 or texts[j] in CLAUSE_BREAKS:
                break
            if lex[j].startswith("B-"):
                cue = f"{lex[j][2:]}/{min(d, 3)}"
                break
        cues.append(cue)
    return cues


FEATURE_SETS = ("news", "generic")
"""``news``: with the domain lexicons (roles, administrative words, organization heads) and Vietnam's place
names; ``generic``: without them (word forms, shapes, POS, clusters, quotes, document numbers only)."""


def domain_resources(feature_set: str) -> tuple[Gazetteer, Gazetteer]:
    """The lexicon and place gazetteer a feature set reads (empty ones for ``generic``)."""
    if feature_set not in FEATURE_SETS:
        raise ValueError(f"feature set must be one of {FEATURE_SETS}, not {feature_set!r}")
    return (load_lexicon(), load_places()) if feature_set == "news" else (Gazetteer(), Gazetteer())


class TextValues(NamedTuple):
    """What a unit's columns take from its text alone."""

    lower: str
    shape: str
    title: bool
    first: str
    upper: str
    roman: str
    place_forms: tuple[str, ...]
    """The place gazetteer's forms of its syllables."""
    clusters: tuple[str, ...]
    """The cluster ids of its first syllable, coarse to fine."""


@lru_cache(maxsize=1 << 17)
def text_values(text: str) -> TextValues:
    """A unit text's :class:`TextValues` (memoized: news repeats its words)."""
    lower = " ".join(_syllables(text)) or text
    cluster = load_clusters().get(place_forms(text)[0] if text.split() else text, ("none",) * CLUSTER_LEVELS)
    return TextValues(lower, shape(text), _is_title(text), str(text[:1].isupper()),
                      str(text.isupper() and len(text) > 1), str(bool(ROMAN_NUMERAL.fullmatch(text))),
                      tuple(place_forms(lower)), cluster)  # fmt: skip


def _unit_columns(
    sentence: TaggedSentence, level: str, gazetteer: Gazetteer, lexicon: Gazetteer, places: Gazetteer
) -> dict[str, list[str]]:
    """One column of values per feature attribute, a value per unit (word or syllable)."""
    units = _syllable_units(sentence) if level == "syllable" else _word_units(sentence)
    texts = [u["text"] for u in units]
    values = [text_values(t) for t in texts]
    lowers, titles = [v.lower for v in values], [v.title for v in values]
    syllables = [s for u in lowers for s in u.split()] if level == "word" else lowers
    lex = _per_unit(lexicon.match(syllables), lowers, level)
    place_tags = _per_unit(places.match([f for v in values for f in v.place_forms]), lowers, level)
    n = len(units)
    length = "short" if n <= 6 else "medium" if n <= 20 else "long"
    return {
        "w": lowers,
        "shape": [v.shape for v in values],
        "title": [str(t) for t in titles],
        "first": [v.first for v in values],
        "upper": [v.upper for v in values],
        "roman": [v.roman for v in values],
        "pos": [u["pos"] for u in units],
        "wpos": [u["wpos"] for u in units],
        "nsyl": [u["nsyl"] for u in units],
        "run": [str(min(r, 6)) for r in title_runs(titles)],
        "gaz": _per_unit(gazetteer.match(syllables), lowers, level),
        "lex": lex,
        "place": place_tags,
        **{f"c{i}": [v.clusters[i] for v in values] for i in range(CLUSTER_LEVELS)},
        "docnum": document_number_tags(texts),
        "quote": quote_marks(texts),
        "cue": left_cues(texts, lex),
        "length": [length] * n,
    }


FEATURE_TEMPLATE: tuple[tuple[str, tuple[int, ...]], ...] = (
    ("w", (-3, -2, -1, 0, 1, 2, 3)),
    ("title", (-3, -2, -1, 0, 1, 2, 3)),
    ("shape", (-2, -1, 0, 1, 2)),
    ("pos", (-2, -1, 0, 1, 2)),
    ("gaz", (-2, -1, 0, 1, 2)),
    ("lex", (-2, -1, 0, 1, 2)),
    ("place", (-1, 0, 1)),
    ("c0", (-1, 0, 1)),
    ("c1", (-1, 0, 1)),
    ("c2", (0,)),
    ("docnum", (-1, 0, 1)),
    ("quote", (-1, 0, 1)),
    ("first", (-1, 0, 1)),
    ("upper", (0,)),
    ("roman", (0,)),
    ("wpos", (0,)),
    ("nsyl", (0,)),
    ("run", (0,)),
    ("cue", (0,)),
    ("length", (0,)),
)
"""Each attribute with the unit offsets it is read at (a feature "lex[-1]=B-ROLE")."""

CONJUNCTIONS: tuple[tuple[tuple[str, int], ...], ...] = (
    (("w", -1), ("w", 0)),
    (("w", 0), ("w", 1)),
    (("w", -2), ("w", -1)),
    (("lex", -1), ("title", 0)),
    (("cue", 0), ("title", 0)),
    (("title", -1), ("title", 0), ("title", 1)),
)
"""Attribute combinations read together (a feature "lex[-1]|title[0]=B-ADMIN|True")."""


PAD = max([abs(d) for _, offsets in FEATURE_TEMPLATE for d in offsets] + [abs(d) for c in CONJUNCTIONS for _, d in c])
"""Units of padding either side of a sentence: the widest offset of the template and the conjunctions."""

FEATURES_VERSION = "5"
CLUSTER_LEVELS = 3
"""Granularities of the syllable clusters (columns of clusters.tsv)."""
"""Bumped whenever the code computing an attribute changes (part of ``features_fingerprint``)."""


def features_fingerprint(lexicon_path: Path = LEXICON_PATH, places_path: Path = PLACES_PATH) -> str:
    """sha256 (16 hex digits) of the feature definitions and lexicon files: a model only works with the same."""
    digest = hashlib.sha256(repr((FEATURES_VERSION, FEATURE_TEMPLATE, CONJUNCTIONS)).encode("utf-8"))
    digest.update(lexicon_path.read_bytes())
    digest.update(places_path.read_bytes())
    digest.update(CLUSTERS_PATH.read_bytes())
    return digest.hexdigest()[:16]


def sentence_columns(
    sentence: TaggedSentence, level: str, gazetteer: Gazetteer, lexicon: Gazetteer, places: Gazetteer | None = None
) -> dict[str, list[str]]:
    """The attribute columns of a sentence's units and one column per conjunction (its values read at their
    offsets, ``<pad>`` outside the sentence, joined by "|"): what :data:`COMPILED_TEMPLATES` read."""
    columns = _unit_columns(sentence, level, gazetteer, lexicon, load_places() if places is None else places)
    n = len(columns["w"])
    padded = {name: ["<pad>"] * PAD + values + ["<pad>"] * PAD for name, values in columns.items()}
    for parts in CONJUNCTIONS:
        views = [padded[name][PAD + d : PAD + d + n] for name, d in parts]
        columns[_conjunction_key(parts)] = ["|".join(values) for values in zip(*views, strict=True)]
    return columns


def _conjunction_key(parts: tuple[tuple[str, int], ...]) -> str:
    return "|".join(f"{name}[{d}]" for name, d in parts)


COMPILED_TEMPLATES: tuple[Template, ...] = (
    Template("bias"),
    *(Template(f"{name}[{d}]=", name, d) for name, offsets in FEATURE_TEMPLATE for d in offsets),
    *(Template(f"{_conjunction_key(parts)}=", _conjunction_key(parts)) for parts in CONJUNCTIONS),
)
"""Every feature of a unit in order, as columns read at offsets (``sentence_features`` writes these strings)."""


def sentence_features(
    sentence: TaggedSentence, level: str, gazetteer: Gazetteer, lexicon: Gazetteer, places: Gazetteer | None = None
) -> list[list[str]]:
    """crfsuite features of each unit (word or syllable) of a sentence: :data:`COMPILED_TEMPLATES` written out
    (``places``: the place gazetteer, default the shipped one). Training needs them; tagging reads columns."""
    return feature_strings(sentence_columns(sentence, level, gazetteer, lexicon, places), COMPILED_TEMPLATES)


def unit_tags(sentence: TaggedSentence, level: str) -> list[str]:
    """Training tags per unit: word tags as they are, or spread over syllables (B-X, then I-X)."""
    if level == "word":
        return list(sentence.tags)
    tags = []
    for word, tag in zip(sentence.words, sentence.tags, strict=True):
        pieces = word.split() or [word]
        tags.append(tag)
        tags.extend(["O" if tag == "O" else "I-" + tag[2:]] * (len(pieces) - 1))
    return tags


def word_tags(sentence: TaggedSentence, level: str, predicted: list[str]) -> list[str]:
    """Map unit tags back to one tag per word (a word takes its first syllable's tag)."""
    if level == "word":
        return predicted
    tags, k = [], 0
    for word in sentence.words:
        tags.append(predicted[k])
        k += len(word.split() or [word])
    return tags
