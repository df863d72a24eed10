"""The project's CRF NER (python-crfsuite): features for Vietnamese, training, tagging, a model file.

Two tagging levels: ``word`` tags the segmenter's words; ``syllable`` tags syllables
(the pieces of a word split on spaces, each knowing its position in its word) and maps
the tags back, which lets an entity begin or end inside a mis-segmented word.
Gazetteers are built from the training data only; while training, each sentence sees a
gazetteer built without its own document (jackknife), so the CRF learns how far a hit on
unseen text can be trusted. Closed-class lexicons (roles, administrative and head words)
live in ``data/ner_lexicons.tsv``.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pycrfsuite

from danvan.errors import CorpusError
from danvan.tag import stock_ner_tags

LEVELS = ("word", "syllable")
TRAINING_PARAMS = {"c1": 0.0, "c2": 0.1, "max_iterations": 200, "feature.possible_transitions": True}
"""Fixed L-BFGS settings: training is deterministic."""

MAX_GAZETTEER_SYLLABLES = 10
LEXICON_PATH = Path(__file__).parent / "data" / "ner_lexicons.tsv"
"""Closed-class word lists (surnames, roles, administrative words, organization and document heads)."""


@dataclass(frozen=True)
class TaggedSentence:
    """A sentence's words with POS tags and, for training, BIO tags (any label set)."""

    words: tuple[str, ...]
    pos: tuple[str, ...]
    tags: tuple[str, ...] = ()
    chunks: tuple[str, ...] = ()
    id: str = ""


@dataclass
class Gazetteer:
    """Entity strings seen in training, lowercased syllable tuples by label."""

    entries: dict[tuple[str, ...], str] = field(default_factory=dict)

    @classmethod
    def from_sentences(cls, sentences: Sequence[TaggedSentence]) -> Gazetteer:
        """Collect every B/I-tagged word run as an entry (the most frequent label wins, ties by name)."""
        counts: dict[tuple[str, ...], dict[str, int]] = {}
        for sentence in sentences:
            for label, words in _tagged_runs(sentence):
                key = tuple(_syllables(" ".join(words)))
                counts.setdefault(key, {}).setdefault(label, 0)
                counts[key][label] += 1
        entries = {k: max(sorted(v), key=lambda label: v[label]) for k, v in counts.items()}
        return cls(entries)

    def match(self, syllables: list[str]) -> list[str]:
        """Longest-match gazetteer tag per syllable: ``B-LABEL``, ``I-LABEL`` or ``O``."""
        tags = ["O"] * len(syllables)
        i = 0
        while i < len(syllables):
            for length in range(min(MAX_GAZETTEER_SYLLABLES, len(syllables) - i), 0, -1):
                label = self.entries.get(tuple(syllables[i : i + length]))
                if label:
                    tags[i : i + length] = [f"B-{label}"] + [f"I-{label}"] * (length - 1)
                    i += length
                    break
            else:
                i += 1
        return tags


def load_lexicon(path: Path = LEXICON_PATH) -> Gazetteer:
    """The closed-class lexicons as a gazetteer of categories (several categories of one entry: sorted, joined)."""
    categories: dict[tuple[str, ...], set[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            category, entry = line.split("\t")
            categories.setdefault(tuple(entry.split()), set()).add(category)
    return Gazetteer({k: "+".join(sorted(v)) for k, v in categories.items()})


def _tagged_runs(sentence: TaggedSentence) -> list[tuple[str, list[str]]]:
    runs: list[tuple[str, list[str]]] = []
    for word, tag in zip(sentence.words, sentence.tags, strict=True):
        prefix, _, label = tag.partition("-")
        if prefix == "B" or (prefix == "I" and (not runs or runs[-1][0] != label)):
            runs.append((label, [word]))
        elif prefix == "I":
            runs[-1][1].append(word)
        else:
            runs.append(("", []))
    return [(label, words) for label, words in runs if label]


def _syllables(word: str) -> list[str]:
    return [unicodedata.normalize("NFC", s).lower() for s in word.split()]


def shape(text: str) -> str:
    """Capitalization and character-class shape of a syllable: "Xx", "X", "x", "d", "X.X", …, squeezed."""
    classes = []
    for char in text:
        c = "X" if char.isupper() else "x" if char.islower() else "d" if char.isdigit() else char
        if not classes or classes[-1] != c:
            classes.append(c)
    return "".join(classes)


def _stock_tags(sentence: TaggedSentence) -> list[str]:
    """underthesea's stock NER tag of each word: a feature whose reliability the CRF learns."""
    chunks = list(sentence.chunks) or ["O"] * len(sentence.words)
    return stock_ner_tags(list(sentence.words), list(sentence.pos), chunks)


def _syllable_units(sentence: TaggedSentence) -> list[dict[str, str]]:
    """One unit per syllable: its text, position in its word, the word's POS and stock NER tag."""
    units = []
    for word, pos, stock in zip(sentence.words, sentence.pos, _stock_tags(sentence), strict=True):
        pieces = word.split() or [word]
        for i, piece in enumerate(pieces):
            units.append(
                {"text": piece, "wpos": "B" if i == 0 else "I", "pos": pos, "nsyl": str(len(pieces)), "stock": stock}
            )
    return units


def _word_units(sentence: TaggedSentence) -> list[dict[str, str]]:
    return [
        {"text": word, "wpos": "W", "pos": pos, "nsyl": str(len(word.split())), "stock": stock}
        for word, pos, stock in zip(sentence.words, sentence.pos, _stock_tags(sentence), strict=True)
    ]


def _is_title(text: str) -> bool:
    pieces = text.split()
    return bool(pieces) and all(p[:1].isupper() for p in pieces)


def _per_unit(syllable_tags: list[str], lowers: list[str], level: str) -> list[str]:
    """Syllable-level match tags as one tag per unit (a word takes its first syllable's)."""
    if level == "syllable":
        return syllable_tags
    tags, k = [], 0
    for unit in lowers:
        tags.append(syllable_tags[k])
        k += len(unit.split())
    return tags


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


def _unit_columns(
    sentence: TaggedSentence, level: str, gazetteer: Gazetteer, lexicon: Gazetteer
) -> dict[str, list[str]]:
    """One column of values per feature attribute, a value per unit (word or syllable)."""
    units = _syllable_units(sentence) if level == "syllable" else _word_units(sentence)
    texts = [u["text"] for u in units]
    lowers = [" ".join(_syllables(t)) or t for t in texts]
    titles = [_is_title(t) for t in texts]
    syllables = [s for u in lowers for s in u.split()] if level == "word" else lowers
    lex = _per_unit(lexicon.match(syllables), lowers, level)
    n = len(units)
    length = "short" if n <= 6 else "medium" if n <= 20 else "long"
    return {
        "w": lowers,
        "shape": [shape(t) for t in texts],
        "title": [str(t) for t in titles],
        "first": [str(t[:1].isupper()) for t in texts],
        "upper": [str(t.isupper() and len(t) > 1) for t in texts],
        "roman": [str(bool(ROMAN_NUMERAL.fullmatch(t))) for t in texts],
        "pos": [u["pos"] for u in units],
        "wpos": [u["wpos"] for u in units],
        "nsyl": [u["nsyl"] for u in units],
        "run": [str(min(r, 6)) for r in title_runs(titles)],
        "gaz": _per_unit(gazetteer.match(syllables), lowers, level),
        "lex": lex,
        "stock": [u["stock"] for u in units],
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
    ("stock", (-2, -1, 0, 1, 2)),
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


FEATURES_VERSION = "2"
"""Bumped whenever the code computing an attribute changes (part of ``features_fingerprint``)."""


def features_fingerprint(lexicon_path: Path = LEXICON_PATH) -> str:
    """sha256 (16 hex digits) of the feature definitions and lexicon file: a model only works with the same."""
    digest = hashlib.sha256(repr((FEATURES_VERSION, FEATURE_TEMPLATE, CONJUNCTIONS)).encode("utf-8"))
    digest.update(lexicon_path.read_bytes())
    return digest.hexdigest()[:16]


def sentence_features(
    sentence: TaggedSentence, level: str, gazetteer: Gazetteer, lexicon: Gazetteer
) -> list[list[str]]:
    """crfsuite features of each unit (word or syllable) of a sentence, from FEATURE_TEMPLATE and CONJUNCTIONS."""
    columns = _unit_columns(sentence, level, gazetteer, lexicon)
    n = len(columns["w"])

    def value(name: str, j: int) -> str:
        return columns[name][j] if 0 <= j < n else "<pad>"

    features = []
    for i in range(n):
        f = ["bias"]
        for name, offsets in FEATURE_TEMPLATE:
            f.extend(f"{name}[{d}]={value(name, i + d)}" for d in offsets)
        for parts in CONJUNCTIONS:
            key = "|".join(f"{name}[{d}]" for name, d in parts)
            f.append(f"{key}=" + "|".join(value(name, i + d) for name, d in parts))
        features.append(f)
    return features


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


@dataclass
class CrfNerModel:
    """A trained CRF NER: the crfsuite model file, its level, label set and gazetteer."""

    path: Path
    level: str
    labels: list[str]
    gazetteer: Gazetteer
    version: str = "0"
    lexicon: Gazetteer = field(default_factory=load_lexicon)
    _tagger: pycrfsuite.Tagger | None = field(default=None, repr=False)

    @property
    def fingerprint(self) -> str:
        """sha256 of the model file and its sidecar."""
        digest = hashlib.sha256(self.path.read_bytes())
        digest.update(Path(f"{self.path}.json").read_bytes())
        return digest.hexdigest()

    @property
    def name(self) -> str:
        """What ``ner_source`` says for documents this model tagged."""
        return f"danvan-ner-crf-{self.level}-{self.version}"

    def tag_sentence(self, sentence: TaggedSentence) -> list[str]:
        """One BIO tag per word."""
        if not sentence.words:
            return []
        if self._tagger is None:
            self._tagger = pycrfsuite.Tagger()
            self._tagger.open(str(self.path))
        predicted = self._tagger.tag(sentence_features(sentence, self.level, self.gazetteer, self.lexicon))
        return word_tags(sentence, self.level, predicted)

    def __getstate__(self) -> dict[str, object]:
        state = dict(self.__dict__)
        state["_tagger"] = None  # reopened lazily in each worker
        return state


GAZETTEER_FOLDS = 5


def document_key(sentence: TaggedSentence) -> str:
    """The document a sentence belongs to: its id up to the last "-" ("doc-s0003" → "doc"), "" when none."""
    return sentence.id.rpartition("-")[0]


def jackknife_gazetteers(sentences: Sequence[TaggedSentence], folds: int = GAZETTEER_FOLDS) -> list[Gazetteer]:
    """For each training sentence, a gazetteer built from the other folds' sentences only.

    Folds are whole documents (round robin in order of first appearance) when ids name them,
    else contiguous blocks of sentences; so the CRF learns how far a gazetteer hit on unseen text can be trusted.
    """
    documents: dict[str, int] = {}
    assignment = []
    for index, sentence in enumerate(sentences):
        key = document_key(sentence)
        if key:
            assignment.append(documents.setdefault(key, len(documents)) % folds)
        else:
            assignment.append(index * folds // max(len(sentences), 1))
    gazetteers = [
        Gazetteer.from_sentences([s for s, f in zip(sentences, assignment, strict=True) if f != fold])
        for fold in range(folds)
    ]
    return [gazetteers[f] for f in assignment]


def train_crf(
    sentences: Sequence[TaggedSentence], path: Path, level: str = "syllable", version: str = "0"
) -> CrfNerModel:
    """Train a CRF on tagged sentences and write ``path`` (crfsuite) and ``path.json`` (level, labels, gazetteer)."""
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, not {level!r}")
    gazetteer = Gazetteer.from_sentences(sentences)
    lexicon = load_lexicon()
    trainer = pycrfsuite.Trainer(verbose=False)
    for sentence, fold_gazetteer in zip(sentences, jackknife_gazetteers(sentences), strict=True):
        if sentence.words:
            trainer.append(sentence_features(sentence, level, fold_gazetteer, lexicon), unit_tags(sentence, level))
    trainer.set_params(TRAINING_PARAMS)
    path.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(path))
    labels = sorted({t for s in sentences for t in s.tags})
    sidecar = {
        "level": level,
        "version": version,
        "labels": labels,
        "params": TRAINING_PARAMS,
        "features": features_fingerprint(),
        "gazetteer": sorted([" ".join(k), v] for k, v in gazetteer.entries.items()),
    }
    Path(f"{path}.json").write_text(json.dumps(sidecar, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return CrfNerModel(path, level, labels, gazetteer, version, lexicon)


def load_crf(path: Path) -> CrfNerModel:
    """Load a model written by ``train_crf``; CorpusError if it was trained with other features or lexicons."""
    sidecar = json.loads(Path(f"{path}.json").read_text(encoding="utf-8"))
    if sidecar.get("features") != features_fingerprint():
        raise CorpusError(
            f"{path}: trained with features {sidecar.get('features')}, the code computes {features_fingerprint()};"
            " retrain it with scripts/train_ner.py"
        )
    gazetteer = Gazetteer({tuple(k.split(" ")): v for k, v in sidecar["gazetteer"]})
    return CrfNerModel(path, sidecar["level"], sidecar["labels"], gazetteer, sidecar["version"])
