"""The project's CRF NER (python-crfsuite): features for Vietnamese, training, tagging, a model file.

Two tagging levels: ``word`` tags the segmenter's words; ``syllable`` tags syllables
(the pieces of a word split on spaces, each knowing its position in its word) and maps
the tags back, which lets an entity begin or end inside a mis-segmented word.
Gazetteers are built from the training data only (each fold's own).
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pycrfsuite

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


def sentence_features(
    sentence: TaggedSentence, level: str, gazetteer: Gazetteer, lexicon: Gazetteer
) -> list[list[str]]:
    """crfsuite features of each unit (word or syllable) of a sentence."""
    units = _syllable_units(sentence) if level == "syllable" else _word_units(sentence)
    lowers = [" ".join(_syllables(u["text"])) or u["text"] for u in units]
    titles = [_is_title(u["text"]) for u in units]
    shapes = [shape(u["text"]) for u in units]
    syllables = [s for u in lowers for s in u.split()] if level == "word" else lowers
    gaz = _per_unit(gazetteer.match(syllables), lowers, level)
    lex = _per_unit(lexicon.match(syllables), lowers, level)
    # length of the run of title-case units each unit belongs to
    runs = [0] * len(units)
    i = 0
    while i < len(units):
        j = i
        while j < len(units) and titles[j]:
            j += 1
        for k in range(i, max(j, i + 1)):
            runs[k] = j - i
        i = max(j, i + 1)
    features = []
    n = len(units)
    for i, unit in enumerate(units):
        f = [
            "bias",
            f"w={lowers[i]}",
            f"shape={shapes[i]}",
            f"title={titles[i]}",
            f"upper={unit['text'].isupper()}",
            f"pos={unit['pos']}",
            f"wpos={unit['wpos']}",
            f"nsyl={unit['nsyl']}",
            f"run={min(runs[i], 6)}",
            f"gaz={gaz[i]}",
            f"lex={lex[i]}",
            f"stock={unit['stock']}",
        ]
        for d in (-3, -2, -1, 1, 2, 3):
            j = i + d
            if 0 <= j < n:
                f.append(f"w[{d}]={lowers[j]}")
                f.append(f"title[{d}]={titles[j]}")
                if abs(d) <= 2:
                    f.append(f"pos[{d}]={units[j]['pos']}")
                    f.append(f"gaz[{d}]={gaz[j]}")
                    f.append(f"lex[{d}]={lex[j]}")
                    f.append(f"stock[{d}]={units[j]['stock']}")
                    f.append(f"shape[{d}]={shapes[j]}")
            else:
                f.append(f"w[{d}]=<pad>")
        if i > 0:
            f.append(f"w[-1:0]={lowers[i - 1]}|{lowers[i]}")
        if i + 1 < n:
            f.append(f"w[0:1]={lowers[i]}|{lowers[i + 1]}")
        if i > 1:
            f.append(f"w[-2:-1]={lowers[i - 2]}|{lowers[i - 1]}")
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


def train_crf(
    sentences: Sequence[TaggedSentence], path: Path, level: str = "syllable", version: str = "0"
) -> CrfNerModel:
    """Train a CRF on tagged sentences and write ``path`` (crfsuite) and ``path.json`` (level, labels, gazetteer)."""
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, not {level!r}")
    gazetteer = Gazetteer.from_sentences(sentences)
    lexicon = load_lexicon()
    trainer = pycrfsuite.Trainer(verbose=False)
    for sentence in sentences:
        if sentence.words:
            trainer.append(sentence_features(sentence, level, gazetteer, lexicon), unit_tags(sentence, level))
    trainer.set_params(TRAINING_PARAMS)
    path.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(path))
    labels = sorted({t for s in sentences for t in s.tags})
    sidecar = {
        "level": level,
        "version": version,
        "labels": labels,
        "params": TRAINING_PARAMS,
        "gazetteer": sorted([" ".join(k), v] for k, v in gazetteer.entries.items()),
    }
    Path(f"{path}.json").write_text(json.dumps(sidecar, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return CrfNerModel(path, level, labels, gazetteer, version, lexicon)


def load_crf(path: Path) -> CrfNerModel:
    """Load a model written by ``train_crf``."""
    sidecar = json.loads(Path(f"{path}.json").read_text(encoding="utf-8"))
    gazetteer = Gazetteer({tuple(k.split(" ")): v for k, v in sidecar["gazetteer"]})
    return CrfNerModel(path, sidecar["level"], sidecar["labels"], gazetteer, sidecar["version"])
