"""Corpus units: words and sentences read from a built corpus or raw files, and the units counted.

Units are counted on normalized forms (``Token.norm``: NFC, lowercase, one tone placement).
A *word* unit is one token's norm ("công tác"); a *syllable* unit is one piece of a norm split
on spaces ("công", "tác"). Units are encoded as integer ids for vectorized counting.

A *segment* is a run of kept units inside one sentence: a sentence boundary and every
dropped unit (punctuation, number or stopword, when asked) end it. N-grams and phrases
never cross a segment boundary; windows (collocates, sort keys) stay inside the sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from tqdm import tqdm

from danvan.errors import CorpusError
from danvan.formats.labels import label_names, read_shard
from danvan.pipeline.normalize import normalize_word

LEVELS = ("word", "syllable")
"""What a unit is: a word (one token's norm) or a syllable (a piece of a norm split on spaces)."""

DEFAULT_ZONES = ("body",)
"""Zones counted unless all kept zones are asked for (titles and captions repeat the body)."""

DEFAULT_STOPWORDS = Path(str(files("danvan") / "data" / "stopwords_vi.txt"))
"""The shipped Vietnamese stopword list (function words of news prose)."""

DROP_RULES: dict[str, tuple[tuple[str, ...], str]] = {
    "punct": (("CH",), r"[\W_]+"),
    "numbers": ((), r"[+-]?\d[\d.,/:%–-]*"),
}
"""Units a filter drops: those of a word with one of these VLSP tags, or whose norm fully matches the pattern.

Numbers are found by their digits only, not by the tag ``M``: underthesea tags "dân vận" ``M`` in
about one sentence in twenty, and dropping those would lose the corpus's key term. Spelled-out
numerals ("hai", "ba") are kept; a stopword file can drop them.
"""

WORD_COLUMNS = ["doc_id", "sentence_id", "zone", "start", "end", "text", "norm", "pos"]
"""One row per word token; offsets are into the document's raw text, end exclusive."""

SENTENCE_COLUMNS = ["sentence_id", "doc_id", "zone", "start", "end", "text"]
"""One row per sentence; offsets are into the document's raw text, end exclusive."""

UNIT_COLUMNS = ["doc_id", "sentence_id", "unit", "start", "end", "segment"]
"""One row per kept unit, in document order; ``segment`` numbers the runs n-grams may not leave."""

_SYLLABLE = re.compile(r"\S+")


@dataclass(frozen=True)
class Corpus:
    """Words and sentences of a corpus, in document order (doc_id, start)."""

    words: pd.DataFrame
    sentences: pd.DataFrame


# Loading ------------------------------------------------------------------------------------------


def config_table(corpus: Path, config: str, columns: list[str]) -> pa.Table:
    """Every parquet shard of one config of a built corpus, concatenated."""
    shards = sorted((corpus / config).glob("*.parquet"))
    if not shards:
        raise CorpusError(f"{corpus}: no {config}/*.parquet; expected a corpus built by scripts/build_corpus.py")
    tables = []
    for shard in shards:
        tables.append(read_shard(shard, config, columns))
    try:
        return pa.concat_tables(tables)
    except pa.ArrowInvalid as err:
        raise CorpusError(f"{corpus}/{config}: its shards do not share one schema ({err})") from None


def _in_document_order(words: pd.DataFrame, sentences: pd.DataFrame) -> Corpus:
    """A Corpus of the two tables: documented columns, int64 offsets, rows sorted by (doc_id, start)."""
    return Corpus(
        *(
            table[columns]
            .astype({"start": "int64", "end": "int64"})
            .sort_values(["doc_id", "start"], kind="stable")
            .reset_index(drop=True)
            for table, columns in ((words, WORD_COLUMNS), (sentences, SENTENCE_COLUMNS))
        )
    )


def read_corpus(corpus: Path) -> Corpus:
    """Words and sentences of a built corpus folder (configs ``tokens`` and ``sentences``, every split)."""
    if not corpus.is_dir():
        raise CorpusError(f"{corpus}: no such corpus folder")
    tokens = config_table(corpus, "tokens", ["id", "doc_id", "tokens", "starts", "ends", "norms", "pos_tags"])
    sentences = config_table(corpus, "sentences", ["id", "doc_id", "zone", "start", "end", "text"])
    sentences = sentences.to_pandas().rename(columns={"id": "sentence_id"})
    parent = pc.list_parent_indices(tokens["tokens"])
    sentence_ids = tokens["id"].take(parent).to_pandas()
    words = pd.DataFrame(
        {
            "doc_id": tokens["doc_id"].take(parent).to_pandas(),
            "sentence_id": sentence_ids,
            "zone": sentence_ids.map(sentences.set_index("sentence_id")["zone"]),
            "start": pc.list_flatten(tokens["starts"]).to_pandas(),
            "end": pc.list_flatten(tokens["ends"]).to_pandas(),
            "text": pc.list_flatten(tokens["tokens"]).to_pandas(),
            "norm": pc.list_flatten(tokens["norms"]).to_pandas(),
            "pos": label_names(tokens, "tokens", "pos_tags").to_pandas(),
        }
    )
    return _in_document_order(words, sentences)


def read_raw_folder(folder: Path, encoding: str = "utf-8") -> Corpus:
    """Words and sentences of every ``*.txt`` in ``folder``, tagged now by the pipeline (shipped NER model)."""
    # Imported here: the annotation pipeline (underthesea, the NER tagger) serves raw input only.
    from danvan.formats.conllu import sentence_id
    from danvan.pipeline.annotate import tag_document
    from danvan.pipeline.ingest import read_raw
    from danvan.pipeline.ner import load_ner_tagger

    if not folder.is_dir():
        raise CorpusError(f"{folder}: no such folder of raw .txt files")
    paths = sorted(folder.glob("*.txt"))
    if not paths:
        raise CorpusError(f"{folder}: no .txt file to read")
    ner_tagger = load_ner_tagger()
    words: list[tuple[object, ...]] = []
    sentences: list[tuple[object, ...]] = []
    for path in tqdm(paths, desc="annotating", unit="doc", disable=None):
        raw_file = read_raw(path, encoding)
        document = tag_document(raw_file.doc_id, raw_file.raw, ner_tagger)
        for index, sentence in enumerate(document.sentences):
            sid, zone = sentence_id(document.id, index), sentence.zone
            sentences.append((sid, document.id, zone, sentence.start, sentence.end, sentence.text))
            words.extend((document.id, sid, zone, t.start, t.end, t.text, t.norm, t.pos) for t in sentence.tokens)
    return _in_document_order(
        pd.DataFrame(words, columns=WORD_COLUMNS), pd.DataFrame(sentences, columns=SENTENCE_COLUMNS)
    )


def read_source(path: Path, encoding: str = "utf-8") -> Corpus:
    """A built corpus folder (it has ``tokens/``) or else a folder of raw ``*.txt`` files."""
    if not path.is_dir():
        raise CorpusError(f"{path}: no such folder (expected a corpus folder or a folder of raw .txt files)")
    if (path / "tokens").is_dir():
        return read_corpus(path)
    if any(path.glob("*.txt")):
        return read_raw_folder(path, encoding)
    raise CorpusError(f"{path}: neither a corpus folder (tokens/*.parquet) nor a folder of raw .txt files")


def read_stopwords(path: Path) -> frozenset[str]:
    """Normalized stopwords of a UTF-8 file, one a line; blank lines and ``#`` comments skipped."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise CorpusError(f"{path}: no such stopword file") from None
    except (UnicodeDecodeError, IsADirectoryError) as err:
        raise CorpusError(f"{path}: not a UTF-8 stopword file ({err})") from None
    return frozenset(normalize_word(line) for line in lines if line.strip() and not line.lstrip().startswith("#"))


# Units --------------------------------------------------------------------------------------------


def _syllable_rows(words: pd.DataFrame) -> pd.DataFrame:
    """One row per syllable of each word: its norm piece, surface span and the word's tag."""
    pieces = words["norm"].str.split(" ")
    counts = pieces.str.len().to_numpy()
    surface = [[(m.start(), m.end()) for m in _SYLLABLE.finditer(text)] for text in words["text"]]
    if len(bad := np.flatnonzero(np.array([len(s) for s in surface], dtype=np.int64) != counts)):
        word = words.iloc[bad[0]]
        raise CorpusError(
            f"{word['doc_id']}: offset {word['start']}-{word['end']}: word {word['text']!r} and its norm"
            f" {word['norm']!r} have different numbers of syllables"
        )
    offsets = np.array([span for word_spans in surface for span in word_spans], dtype=np.int64).reshape(-1, 2)
    rows = words.iloc[np.repeat(np.arange(len(words)), counts)].reset_index(drop=True)
    base = rows["start"].to_numpy()
    return rows.assign(
        norm=np.concatenate(pieces.to_numpy()) if len(pieces) else np.array([], dtype=object),
        start=base + offsets[:, 0],
        end=base + offsets[:, 1],
    )


def drop_mask(units: pd.Series, tags: pd.Series, rule: str) -> np.ndarray:
    """Which units a DROP_RULES filter drops: the word's tag is listed or the unit fully matches the pattern."""
    rule_tags, pattern = DROP_RULES[rule]
    return (tags.isin(rule_tags) | units.str.fullmatch(pattern)).to_numpy(dtype=bool)


def dropped_units(
    units: pd.Series, tags: pd.Series, *, drop_punct: bool, drop_numbers: bool, stopwords: frozenset[str]
) -> np.ndarray:
    """Which units the filters drop: punctuation and numbers by DROP_RULES, and the stopwords."""
    dropped = np.zeros(len(units), dtype=bool)
    for rule, wanted in (("punct", drop_punct), ("numbers", drop_numbers)):
        if wanted:
            dropped |= drop_mask(units, tags, rule)
    if stopwords:
        dropped |= units.isin(stopwords).to_numpy(dtype=bool)
    return dropped


def select_units(
    words: pd.DataFrame,
    level: str = "word",
    *,
    zones: tuple[str, ...] = DEFAULT_ZONES,
    drop_punct: bool = False,
    drop_numbers: bool = False,
    stopwords: frozenset[str] = frozenset(),
    pos: frozenset[str] = frozenset(),
) -> pd.DataFrame:
    """The kept units of the words of ``zones`` (columns UNIT_COLUMNS); dropped units end a segment.
    ``pos``: keep only the units of words with one of these VLSP tags (none given: every tag)."""
    if level not in LEVELS:
        raise CorpusError(f"unknown level {level!r}; expected one of {', '.join(LEVELS)}")
    rows = words[words["zone"].isin(zones)].reset_index(drop=True)
    if level == "syllable":
        rows = _syllable_rows(rows)
    unit = rows["norm"]
    dropped = dropped_units(unit, rows["pos"], drop_punct=drop_punct, drop_numbers=drop_numbers, stopwords=stopwords)
    if pos:
        dropped |= ~rows["pos"].isin(pos).to_numpy(dtype=bool)
    sentence = pd.factorize(rows["sentence_id"])[0]
    starts_segment = np.ones(len(rows), dtype=bool)
    starts_segment[1:] = (sentence[1:] != sentence[:-1]) | dropped[:-1]
    kept = rows.assign(unit=unit, segment=np.cumsum(starts_segment))[~dropped]
    return kept[UNIT_COLUMNS].reset_index(drop=True)


def encode_units(units: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Integer ids of the units (order of first occurrence) and the vocabulary they index."""
    ids, vocabulary = pd.factorize(units["unit"])
    return ids.astype(np.int64), np.asarray(vocabulary, dtype=object)
