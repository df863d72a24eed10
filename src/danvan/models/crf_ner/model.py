"""The CRF NER model (python-crfsuite): training with jackknifed gazetteers, tagging, the model file.

Gazetteers are built from the training data only; while training, each sentence sees a
gazetteer built without its own document (jackknife), so the CRF learns how far a hit on
unseen text can be trusted.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pycrfsuite

from danvan.errors import CorpusError
from danvan.models.compiled_crf import CompiledCrf, read_crfsuite
from danvan.models.crf_ner.features import (
    COMPILED_TEMPLATES,
    domain_resources,
    features_fingerprint,
    sentence_columns,
    sentence_features,
    unit_tags,
    word_tags,
)
from danvan.models.crf_ner.units import LEVELS, TRAINING_PARAMS, Gazetteer, HashedGazetteer, TaggedSentence


@dataclass
class CrfNerModel:
    """A trained CRF NER: the crfsuite model file, its level, label set and gazetteer."""

    path: Path
    level: str
    labels: list[str]
    gazetteer: Gazetteer
    version: str = "0"
    feature_set: str = "news"
    _tagger: CompiledCrf | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self.lexicon, self.places = domain_resources(self.feature_set)

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
        return self.tag_sentences([sentence])[0]

    def tag_sentences(self, sentences: Sequence[TaggedSentence]) -> list[list[str]]:
        """One BIO tag per word of each sentence, all scored in one pass (a document's sentences, say)."""
        if self._tagger is None:  # crfsuite's tags (a test checks it) without building feature strings
            self._tagger = CompiledCrf(read_crfsuite(self.path), COMPILED_TEMPLATES)
        columns = [sentence_columns(s, self.level, self.gazetteer, self.lexicon, self.places) for s in sentences]
        tagged = self._tagger.tag(columns)
        return [word_tags(s, self.level, t) for s, t in zip(sentences, tagged, strict=True)]

    def __getstate__(self) -> dict[str, object]:
        state = dict(self.__dict__)
        state["_tagger"] = None  # reopened lazily in each worker
        return state


GAZETTEER_FOLDS = 5
GAZETTEER_FORMS = ("plain", "hashed", "none")


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
    sentences: Sequence[TaggedSentence],
    path: Path,
    level: str = "syllable",
    version: str = "0",
    *,
    feature_set: str = "news",
    params: dict[str, object] | None = None,
    gazetteer: str = "plain",
) -> CrfNerModel:
    """Train a CRF on tagged sentences and write ``path`` (crfsuite) and ``path.json`` (level, labels, settings).

    ``gazetteer`` (GAZETTEER_FORMS): the entity strings seen in training are features, stored in the sidecar
    as they are (``plain``) or as digests (``hashed``: the same matches, no string of the training data,
    whose licence may forbid redistributing it); ``none``: no gazetteer feature.
    ``params``: crfsuite settings over TRAINING_PARAMS (``c1``, ``c2``, ``max_iterations``)."""
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, not {level!r}")
    if gazetteer not in GAZETTEER_FORMS:
        raise ValueError(f"gazetteer must be one of {GAZETTEER_FORMS}, not {gazetteer!r}")
    lexicon, places = domain_resources(feature_set)
    learnt = gazetteer != "none"
    names = Gazetteer.from_sentences(sentences) if learnt else Gazetteer()
    folds = jackknife_gazetteers(sentences) if learnt else [names] * len(sentences)
    trainer = pycrfsuite.Trainer(verbose=False)
    for sentence, fold_gazetteer in zip(sentences, folds, strict=True):
        if sentence.words:
            features = sentence_features(sentence, level, fold_gazetteer, lexicon, places)
            trainer.append(features, unit_tags(sentence, level))
    settings = {**TRAINING_PARAMS, **(params or {})}
    trainer.set_params(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(path))
    labels = sorted({t for s in sentences for t in s.tags})
    sidecar = {
        "level": level,
        "version": version,
        "labels": labels,
        "params": settings,
        "features": features_fingerprint(),
        "feature_set": feature_set,
        "gazetteer_form": gazetteer,
    }
    if gazetteer == "hashed":
        names = names.hashed()
        sidecar["gazetteer"] = sorted([k, v] for k, v in names.entries.items())
        sidecar["gazetteer_firsts"] = sorted([k, n] for k, n in names.firsts.items())
    else:
        sidecar["gazetteer"] = sorted([" ".join(k), v] for k, v in names.entries.items())
    Path(f"{path}.json").write_text(json.dumps(sidecar, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return CrfNerModel(path, level, labels, names, version, feature_set)


def load_crf(path: Path) -> CrfNerModel:
    """Load a model written by ``train_crf``; CorpusError if it was trained with other features or lexicons."""
    sidecar = json.loads(Path(f"{path}.json").read_text(encoding="utf-8"))
    if sidecar.get("features") != features_fingerprint():
        raise CorpusError(
            f"{path}: trained with features {sidecar.get('features')}, the code computes {features_fingerprint()};"
            " retrain it with scripts/train_ner.py"
        )
    if sidecar.get("gazetteer_form") == "hashed":
        gazetteer: Gazetteer = HashedGazetteer(dict(sidecar["gazetteer"]), dict(sidecar["gazetteer_firsts"]))
    else:  # plain, none, or a model of 0.2.0 and before (plain)
        gazetteer = Gazetteer({tuple(k.split(" ")): v for k, v in sidecar["gazetteer"]})
    feature_set = sidecar.get("feature_set", "news")  # models of 0.2.0 and before: always news
    return CrfNerModel(path, sidecar["level"], sidecar["labels"], gazetteer, sidecar["version"], feature_set)
