"""Word segmentation by stacking: a CRF trained on UD_Vietnamese-VTB over underthesea's segmentation
features plus the word boundaries of underthesea's and pyvi's segmenters (docs/segmentation.md).

Tags are ``B-W`` (a syllable that begins a word) and ``I-W`` (one that continues it), one per syllable.
pyvi's CRF is read from pyvi's own pickle without importing scikit-learn (which its pickle names and
which costs a second to import): the pickle's crfsuite model bytes are opened in memory.
"""

from __future__ import annotations

import pickle
from collections.abc import Sequence
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import pycrfsuite

from danvan.models.compiled_crf import ABSENT, CompiledCrf, Template, read_crfsuite, windows

STACK_TRAINING_PARAMS: dict[str, Any] = {
    "c1": 0.1,
    "c2": 0.1,
    "max_iterations": 200,
    "feature.possible_transitions": True,
}
"""Training parameters of the stacked CRF: c1/c2 chosen on the first half of VTB dev (docs/segmentation.md)."""


class _PickledState:
    """Stands in for the scikit-learn-crfsuite classes pyvi's pickle names: keeps their state only."""

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.state = state


class _PyviUnpickler(pickle.Unpickler):
    """Unpickles pyvi's model with its sklearn_crfsuite objects as plain state holders."""

    def find_class(self, module: str, name: str) -> Any:
        if module.startswith("sklearn_crfsuite"):
            return _PickledState
        return super().find_class(module, name)


@cache
def pyvi_model_bytes() -> bytes:
    """The crfsuite model file inside pyvi's bundled pyvi3.pkl (cached: the tagger reads it in place)."""
    with (files("pyvi") / "models" / "pyvi3.pkl").open("rb") as handle:
        estimator = _PyviUnpickler(handle).load()
    data: bytes = estimator.state["modelfile"].state["__FILE_RESOURCE_DATA__"]
    return data


@cache
def pyvi_tagger() -> pycrfsuite.Tagger:
    """pyvi's word-segmentation CRF, opened on the bytes its pickle holds (they must outlive the tagger)."""
    tagger = pycrfsuite.Tagger()
    tagger.open_inmemory(pyvi_model_bytes())
    return tagger


@cache
def pyvi_ngrams() -> tuple[frozenset[str], frozenset[str]]:
    """pyvi's dictionary of two- and three-syllable words (lowercase), as its features look them up."""
    entries = (files("pyvi") / "models" / "words.txt").read_text(encoding="utf-8").split("\n")
    return (
        frozenset(e for e in entries if len(e.split(" ")) == 2),
        frozenset(e for e in entries if len(e.split(" ")) == 3),
    )


def pyvi_features(syllables: Sequence[str]) -> list[dict[str, Any]]:
    """pyvi's features of each syllable (``ViTokenizer.word2features``, written once per sentence)."""
    bigrams, trigrams = pyvi_ngrams()
    lower = [s.lower() for s in syllables]
    n = len(syllables)
    features = []
    for i, word in enumerate(syllables):
        f: dict[str, Any] = {
            "bias": 1.0,
            "word.lower()": lower[i],
            "word.isupper()": word.isupper(),
            "word.istitle()": word.istitle(),
            "word.isdigit()": word.isdigit(),
        }
        if i > 0:
            previous = syllables[i - 1]
            f["-1:word.lower()"] = lower[i - 1]
            f["-1:word.istitle()"] = previous.istitle()
            f["-1:word.isupper()"] = previous.isupper()
            f["-1:word.bi_gram()"] = f"{lower[i - 1]} {lower[i]}" in bigrams
            if i > 1:
                f["-2:word.tri_gram()"] = f"{lower[i - 2]} {lower[i - 1]} {lower[i]}" in trigrams
        if i < n - 1:
            following = syllables[i + 1]
            f["+1:word.lower()"] = lower[i + 1]
            f["+1:word.istitle()"] = following.istitle()
            f["+1:word.isupper()"] = following.isupper()
            f["+1:word.bi_gram()"] = f"{lower[i]} {lower[i + 1]}" in bigrams
            if i < n - 2:
                f["+2:word.tri_gram()"] = f"{lower[i]} {lower[i + 1]} {lower[i + 2]}" in trigrams
        features.append(f)
    return features


def _flag(value: bool) -> str:
    """A boolean feature as a column value: the attribute alone when true, no feature when false (crfsuite
    scales a feature by its value: false is 0, nothing)."""
    return "" if value else ABSENT


def _around(prefix: str, column: str, offset: int, width: int = 1) -> Template:
    return Template(prefix, column, offset, width, before=ABSENT, after=ABSENT)


PYVI_TEMPLATES: tuple[Template, ...] = (
    Template("bias"),
    Template("word.lower():", "lower"),
    Template("word.isupper()", "isupper"),
    Template("word.istitle()", "istitle"),
    Template("word.isdigit()", "isdigit"),
    _around("-1:word.lower():", "lower", -1),
    _around("-1:word.istitle()", "istitle", -1),
    _around("-1:word.isupper()", "isupper", -1),
    _around("-1:word.bi_gram()", "bigram", -1, 2),
    _around("-2:word.tri_gram()", "trigram", -2, 3),
    _around("+1:word.lower():", "lower", 1),
    _around("+1:word.istitle()", "istitle", 1),
    _around("+1:word.isupper()", "isupper", 1),
    _around("+1:word.bi_gram()", "bigram", 0, 2),
    _around("+2:word.tri_gram()", "trigram", 0, 3),
)
"""``pyvi_features`` as columns (``pyvi_columns``), in its order; its model was trained through
sklearn-crfsuite, which writes a string feature as "name:value"."""


def pyvi_columns(syllables: Sequence[str]) -> dict[str, list[str]]:
    """The columns PYVI_TEMPLATES read: lowercase syllables, flags, and whether each bigram and trigram
    starting at a syllable is in pyvi's dictionary."""
    bigrams, trigrams = pyvi_ngrams()
    lower = [s.lower() for s in syllables]
    return {
        "lower": lower,
        "isupper": [_flag(s.isupper()) for s in syllables],
        "istitle": [_flag(s.istitle()) for s in syllables],
        "isdigit": [_flag(s.isdigit()) for s in syllables],
        "bigram": [_flag(w in bigrams) for w in windows(lower, 2)],
        "trigram": [_flag(w in trigrams) for w in windows(lower, 3)],
    }


@cache
def pyvi_segmenter() -> CompiledCrf:
    """pyvi's CRF on columns (its tags, a test checks it)."""
    return CompiledCrf(read_crfsuite(pyvi_model_bytes()), PYVI_TEMPLATES)


def pyvi_tags(syllables: Sequence[str]) -> list[str]:
    """pyvi's segmentation of the syllables as B-W/I-W tags."""
    return sentences_pyvi_tags([syllables])[0]


def sentences_pyvi_tags(sentences: Sequence[Sequence[str]]) -> list[list[str]]:
    """``pyvi_tags`` of each sentence, scored together."""
    tagged = pyvi_segmenter().tag([pyvi_columns(s) for s in sentences])
    return [[tag.replace("_", "-") for tag in tags] for tags in tagged]


def stack_features(base: Sequence[Sequence[str]], stock: Sequence[str], pyvi: Sequence[str]) -> list[list[str]]:
    """underthesea's segmentation features of each syllable plus both segmenters' tags around it."""
    n = len(base)
    features = []
    for i in range(n):
        f = list(base[i])
        for k in (-1, 0, 1):
            j = i + k
            if 0 <= j < n:
                f += [f"u[{k}]={stock[j]}", f"p[{k}]={pyvi[j]}", f"up[{k}]={stock[j]}{pyvi[j]}"]
        after = f"{stock[i + 1]}{pyvi[i + 1]}" if i + 1 < n else "E"
        f.append(f"up2={stock[i]}{pyvi[i]}|{after}")
        features.append(f)
    return features


def train_stacked_segmenter(
    sentences: Sequence[tuple[Sequence[Sequence[str]], Sequence[str], Sequence[str], Sequence[str]]],
    out: Path,
    params: dict[str, Any] = STACK_TRAINING_PARAMS,
) -> None:
    """Train the stacked CRF on (base features, underthesea tags, pyvi tags, gold tags) per sentence."""
    trainer = pycrfsuite.Trainer(verbose=False)
    for base, stock, pyvi, gold in sentences:
        trainer.append(stack_features(base, stock, pyvi), list(gold))
    trainer.set_params(params)
    trainer.train(str(out))
