"""The package's data files (models, lexicons, word lists, the card template), found with importlib.resources."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from danvan.errors import CorpusError

NER_MODEL = "ner-crf.crfsuite"
"""The shipped NER model (its sidecar ``.json`` and its grouped cross-validation figures ``ner-crf.cv.json``)."""
NER_EVALUATION = "ner-crf.cv.json"
NER_SCORES = "ner-crf.scores.json"
"""The shipped model's scores on the splits it was not trained on (``train_ner.py --json``)."""
PARSER_MODEL = "vi-dep-biaffine-0.3.0.npz"
"""The shipped dependency parser (its evaluation ``.eval.json`` beside it)."""
PARSER_EVALUATION = "vi-dep-biaffine-0.3.0.eval.json"
SEGMENTER_MODEL = "ws-stack-vtb-0.1.0.crfsuite"
"""The shipped stacked word segmenter (danvan.models.word_segmenter; its evaluation ``.eval.json`` beside it)."""


def data_file(name: str) -> Path:
    """The path of a file shipped in ``danvan/data``; CorpusError when the installation lacks it."""
    path = Path(str(files("danvan") / "data" / name))
    if not path.is_file():
        raise CorpusError(f"{path}: the package's data file {name!r} is missing; reinstall danvan")
    return path
