"""crfsuite models on integer columns: the model file read as python-crfsuite reads it, crfsuite's Viterbi,
and the tags python-crfsuite gives for the same features written out as strings."""

import itertools
from pathlib import Path

import numpy as np
import pycrfsuite
import pytest

from danvan.models.compiled_crf import CompiledCrf, Template, read_crfsuite, viterbi
from danvan.resources import NER_MODEL, SEGMENTER_MODEL, data_file

TEMPLATES = (
    Template("bias"),
    Template("w[-1]=", "w", -1),
    Template("w[0]=", "w", 0),
    Template("w[1]=", "w", 1),
    Template("w2[-1]=", "w2", -1, width=2, before="BOS", after="EOS"),
    Template("w2[0]=", "w2", 0, width=2, before="BOS", after="EOS"),
    Template("shape[0]=", "shape", 0),
)


def columns(words: list[str]) -> dict[str, list[str]]:
    """A toy sentence's columns: words, word bigrams (the last one unused) and shapes."""
    return {
        "w": words,
        "w2": [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)] + ["-"],
        "shape": ["X" if w[:1].isupper() else "x" for w in words],
    }


def strings(words: list[str]) -> list[list[str]]:
    """The same features as TEMPLATES read from ``columns``, written out as crfsuite strings."""
    c, n = columns(words), len(words)
    out = []
    for i in range(n):
        unit = []
        for t in TEMPLATES:
            j = i + t.offset
            inside = "" if t.column is None else c[t.column][j] if 0 <= j <= n - t.width else None
            unit.append(t.prefix + (inside if inside is not None else t.before if j < 0 else t.after))
        out.append(unit)
    return out


SENTENCES = [
    "Ban Dân vận Tỉnh ủy Lâm Đồng tổ chức hội nghị".split(),
    "Ông Nguyễn Văn A dự hội nghị ở Lâm Đồng".split(),
    "Đồng chí Bí thư Tỉnh ủy phát biểu".split(),
    "Hội nghị Ban Dân vận".split(),
    ["Lâm"],
]
TAGS = [
    ["B-ORG", "I-ORG", "I-ORG", "I-ORG", "I-ORG", "I-ORG", "I-ORG", "O", "O", "O", "O"],
    ["O", "B-PER", "I-PER", "I-PER", "O", "O", "O", "O", "B-LOC", "I-LOC"],
    ["O", "O", "O", "O", "B-ORG", "I-ORG", "O", "O"],
    ["O", "O", "B-ORG", "I-ORG", "I-ORG"],
    ["B-LOC"],
]


@pytest.fixture(scope="module")
def toy_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("crf") / "toy.crfsuite"
    trainer = pycrfsuite.Trainer(verbose=False)
    for words, tags in zip(SENTENCES, TAGS, strict=True):
        trainer.append(strings(words), tags)
    trainer.set_params({"c2": 0.01, "max_iterations": 50, "feature.possible_transitions": True})
    trainer.train(str(path))
    return path


@pytest.mark.parametrize("path", [NER_MODEL, SEGMENTER_MODEL, "toy"])
def test_read_crfsuite_gives_the_weights_python_crfsuite_dumps(path: str, toy_model: Path) -> None:
    model = toy_model if path == "toy" else data_file(path)
    weights = read_crfsuite(model)
    tagger = pycrfsuite.Tagger()
    tagger.open(str(model))
    info = tagger.info()  # weights printed with six decimals
    assert list(weights.labels) == sorted(info.labels, key=lambda label: int(info.labels[label]))
    index = {label: i for i, label in enumerate(weights.labels)}
    found = np.zeros_like(weights.state, dtype=bool)
    for (attribute, label), weight in info.state_features.items():
        row = weights.attributes[attribute]
        assert weights.state[row, index[label]] == pytest.approx(weight, abs=1e-6)
        found[row, index[label]] = True
    assert not weights.state[~found].any() and not weights.state[weights.unknown].any()
    for (a, b), weight in info.transitions.items():
        assert weights.transitions[index[a], index[b]] == pytest.approx(weight, abs=1e-6)
    from_bytes = read_crfsuite(model.read_bytes())
    assert from_bytes.attributes == weights.attributes and (from_bytes.state == weights.state).all()


def test_read_crfsuite_refuses_other_files(tmp_path: Path) -> None:
    (tmp_path / "x").write_bytes(b"not a model at all, not even close to one")
    with pytest.raises(ValueError, match="not a crfsuite"):
        read_crfsuite(tmp_path / "x")


def test_viterbi_finds_the_best_path_and_breaks_ties_to_the_lower_label() -> None:
    rng = np.random.default_rng(7)
    for steps, labels in [(1, 3), (2, 2), (4, 3), (5, 4)]:
        scores, transitions = rng.normal(size=(steps, labels)), rng.normal(size=(labels, labels))

        def total(path: tuple[int, ...], scores: np.ndarray = scores, moves: np.ndarray = transitions) -> float:
            return sum(scores[t, p] for t, p in enumerate(path)) + sum(moves[a, b] for a, b in itertools.pairwise(path))

        best = max(itertools.product(range(labels), repeat=steps), key=total)
        assert tuple(viterbi(scores, transitions)) == best
    assert list(viterbi(np.zeros((3, 2)), np.zeros((2, 2)))) == [0, 0, 0]


def test_compiled_tags_are_python_crfsuite_tags(toy_model: Path) -> None:
    compiled = CompiledCrf(read_crfsuite(toy_model), TEMPLATES)
    tagger = pycrfsuite.Tagger()
    tagger.open(str(toy_model))
    unseen = ["Ban Dân vận Lâm Đồng".split(), "Nguyễn Văn B ở Tỉnh ủy".split(), ["BOS", "EOS", "<pad>"], ["x"]]
    sentences = SENTENCES + unseen
    expected = [tagger.tag(strings(words)) for words in sentences]
    assert compiled.tag([columns(words) for words in sentences]) == expected
    assert [compiled.tag([columns(words)])[0] for words in sentences] == expected  # alone as in a batch
    assert compiled.tag([]) == [] and compiled.tag([{"w": [], "w2": [], "shape": []}]) == [[]]
    scores, _ = compiled.scores([columns(["Ban", "zzz-unseen"])])
    assert scores.shape == (2, len(compiled.weights.labels))
