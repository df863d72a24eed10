"""The BiLSTM-CRF: its CRF layer against brute force, IOB2 decoding, and training on a tiny dataset."""

import itertools

import numpy as np
import pytest
import torch

from danvan.models.bilstm_crf import (
    BiLstmCrfSettings,
    allowed_transitions,
    sequence_log_likelihood,
    train_bilstm_crf,
    viterbi,
)
from danvan.models.crf_ner.units import TaggedSentence


def path_score(emissions: np.ndarray, transitions: np.ndarray, path: tuple[int, ...]) -> float:
    score = transitions[-1, path[0]] + emissions[0, path[0]]
    return float(score + sum(transitions[path[t - 1], path[t]] + emissions[t, path[t]] for t in range(1, len(path))))


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_log_likelihood_and_viterbi_equal_brute_force(seed: int) -> None:
    generator = np.random.default_rng(seed)
    labels, lengths = 3, [4, 2, 1]
    emissions = generator.normal(size=(len(lengths), max(lengths), labels))
    transitions = generator.normal(size=(labels + 1, labels))
    tags = generator.integers(0, labels, size=(len(lengths), max(lengths)))
    mask = np.arange(max(lengths))[None, :] < np.array(lengths)[:, None]
    likelihood = sequence_log_likelihood(
        torch.tensor(emissions), torch.tensor(transitions), torch.tensor(tags), torch.tensor(mask)
    ).numpy()
    for b, n in enumerate(lengths):
        paths = list(itertools.product(range(labels), repeat=n))
        scores = np.array([path_score(emissions[b, :n], transitions, p) for p in paths])
        log_partition = np.logaddexp.reduce(scores)
        expected = path_score(emissions[b, :n], transitions, tuple(tags[b, :n])) - log_partition
        assert likelihood[b] == pytest.approx(expected, abs=1e-9)
        assert tuple(viterbi(emissions[b, :n], transitions)) == paths[int(scores.argmax())]


def test_iob2_transitions() -> None:
    labels = ["O", "B-PER", "I-PER", "B-ORG", "I-ORG"]
    allowed = allowed_transitions(labels)
    assert allowed[labels.index("B-PER"), labels.index("I-PER")] and allowed[2, 2]
    assert not allowed[labels.index("O"), labels.index("I-PER")]
    assert not allowed[labels.index("B-ORG"), labels.index("I-PER")]
    assert not allowed[len(labels), labels.index("I-ORG")]  # no sentence starts inside an entity
    assert allowed[len(labels), labels.index("B-ORG")]


SENTENCES = [
    TaggedSentence(("Ông", "Nguyễn Văn An", "thăm", "tỉnh", "Nghệ An"), ("Nc", "Np", "V", "N", "Np"),
                   ("O", "B-PER", "O", "O", "B-LOC")),
    TaggedSentence(("Bà", "Trần Thị Bình", "về", "Hà Nội"), ("Nc", "Np", "V", "Np"), ("O", "B-PER", "O", "B-LOC")),
    TaggedSentence(("Ban Dân vận", "họp", "."), ("N", "V", "CH"), ("B-ORG", "O", "O")),
]  # fmt: skip


def test_training_learns_a_tiny_dataset_deterministically() -> None:
    settings = BiLstmCrfSettings(epochs=60, hidden=16, embedding=8, dropout=0.0)
    first = train_bilstm_crf(SENTENCES * 4, settings)
    second = train_bilstm_crf(SENTENCES * 4, settings)
    for a, b in zip(first.network.state_dict().values(), second.network.state_dict().values(), strict=True):
        assert torch.equal(a, b)
    for sentence in SENTENCES:
        assert first.tag_sentence(sentence) == list(sentence.tags)
    vectors = {"ông": np.ones(8, dtype=np.float32)}
    seeded = train_bilstm_crf(SENTENCES, BiLstmCrfSettings(epochs=0, embedding=8), vectors)
    assert torch.equal(seeded.network.syllables.weight[seeded.vocabularies[0].encode("ông")], torch.ones(8))
    assert seeded.tag_sentence(TaggedSentence((), ())) == []
