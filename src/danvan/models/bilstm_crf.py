"""A BiLSTM-CRF NER tagger over syllables, in PyTorch: the neural family measured against the CRF (docs/models.md).

Each syllable is the concatenation of its embedding (initialized from word2vec vectors learnt on unlabelled
news when given, ``scripts/make_clusters.py --vectors``), an embedding of its shape ("Xx", "X.X", "d") and
one of its word's POS tag with its place in the word; a one-layer BiLSTM reads the sentence and a linear
layer scores the tags; a linear-chain CRF on top (written here: forward algorithm and Viterbi, with the
IOB2 transitions that cannot occur forbidden) is trained by likelihood and decodes the best sequence.
Tags are per syllable; a word takes its first syllable's tag (as the CRF does). Needs ``.[train]``.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from danvan.models.crf_ner.features import unit_tags, word_tags
from danvan.models.crf_ner.units import TaggedSentence, shape
from danvan.pipeline.normalize import normalize_word

PAD, UNKNOWN = 0, 1


@dataclass(frozen=True)
class BiLstmCrfSettings:
    """Sizes and training settings (fixed beforehand, not tuned on any evaluation fold)."""

    embedding: int = 100
    shape_embedding: int = 16
    pos_embedding: int = 16
    hidden: int = 128
    dropout: float = 0.5
    epochs: int = 20
    batch_size: int = 16
    learning_rate: float = 1e-3
    seed: int = 13


def syllable_rows(sentence: TaggedSentence) -> list[tuple[str, str, str]]:
    """(normalized syllable, shape, POS with the place in the word) of each syllable of a sentence."""
    rows = []
    for word, pos in zip(sentence.words, sentence.pos, strict=True):
        pieces = word.split() or [word]
        for index, piece in enumerate(pieces):
            rows.append((normalize_word(piece), shape(piece), f"{'B' if index == 0 else 'I'}-{pos}"))
    return rows


def allowed_transitions(labels: Sequence[str]) -> np.ndarray:
    """allowed[i, j]: tag j may follow tag i in IOB2 (I-X only after B-X or I-X); row/column ``len`` is the start."""
    n = len(labels)
    allowed = np.ones((n + 1, n), dtype=bool)
    for j, tag in enumerate(labels):
        if tag.startswith("I-"):
            allowed[n, j] = False
            for i, previous in enumerate(labels):
                allowed[i, j] = previous[2:] == tag[2:] and previous[:2] in ("B-", "I-")
    return allowed


class _Vocabulary:
    """String ↔ id for one input column (0 padding, 1 unknown)."""

    def __init__(self, items: Sequence[str]) -> None:
        self.ids = {item: index + 2 for index, item in enumerate(dict.fromkeys(items))}

    def __len__(self) -> int:
        return len(self.ids) + 2

    def encode(self, item: str) -> int:
        return self.ids.get(item, UNKNOWN)


def encode(sentence: TaggedSentence, vocabularies: tuple[_Vocabulary, ...]) -> np.ndarray:
    """The sentence's syllables as rows of ids (syllable, shape, POS), one column per vocabulary."""
    rows = syllable_rows(sentence)
    return np.array([[v.encode(x) for v, x in zip(vocabularies, row, strict=True)] for row in rows])


def _network(settings: BiLstmCrfSettings, sizes: tuple[int, int, int], labels: int) -> Any:
    import torch
    from torch import nn

    class Network(nn.Module):
        """Embeddings → dropout → BiLSTM → dropout → tag scores; CRF transitions as parameters."""

        def __init__(self) -> None:
            super().__init__()
            self.syllables = nn.Embedding(sizes[0], settings.embedding, padding_idx=PAD)
            self.shapes = nn.Embedding(sizes[1], settings.shape_embedding, padding_idx=PAD)
            self.pos = nn.Embedding(sizes[2], settings.pos_embedding, padding_idx=PAD)
            width = settings.embedding + settings.shape_embedding + settings.pos_embedding
            self.lstm = nn.LSTM(width, settings.hidden, batch_first=True, bidirectional=True)
            self.dropout = nn.Dropout(settings.dropout)
            self.scores = nn.Linear(2 * settings.hidden, labels)
            self.transitions = nn.Parameter(torch.zeros(labels + 1, labels))  # last row: from the start

        def emissions(self, inputs: Any, lengths: Any) -> Any:
            x = torch.cat([self.syllables(inputs[..., 0]), self.shapes(inputs[..., 1]), self.pos(inputs[..., 2])], -1)
            packed = nn.utils.rnn.pack_padded_sequence(self.dropout(x), lengths, batch_first=True, enforce_sorted=False)
            output, _ = self.lstm(packed)
            output, _ = nn.utils.rnn.pad_packed_sequence(output, batch_first=True, total_length=inputs.shape[1])
            return self.scores(self.dropout(output))

    return Network()


def sequence_log_likelihood(emissions: Any, transitions: Any, tags: Any, mask: Any) -> Any:
    """log p(tags | x) per sentence of a linear-chain CRF: gold path score minus the log partition function.
    emissions (B, T, L), transitions (L + 1, L) with the start row last, tags (B, T), mask (B, T) bool."""
    import torch

    length = emissions.shape[1]
    start = transitions[-1]
    steps = mask[:, 1:].to(emissions.dtype)
    gold = start[tags[:, 0]] + (emissions.gather(2, tags.unsqueeze(2)).squeeze(2) * mask).sum(1)
    gold = gold + (transitions[tags[:, :-1], tags[:, 1:]] * steps).sum(1)
    alpha = start + emissions[:, 0]
    for t in range(1, length):
        scores = alpha.unsqueeze(2) + transitions[:-1].unsqueeze(0) + emissions[:, t].unsqueeze(1)
        alpha = torch.where(mask[:, t].unsqueeze(1), torch.logsumexp(scores, dim=1), alpha)
    return gold - torch.logsumexp(alpha, dim=1)


def viterbi(emissions: np.ndarray, transitions: np.ndarray) -> list[int]:
    """The best tag sequence of one sentence: emissions (T, L), transitions (L + 1, L) with the start row last."""
    score = transitions[-1] + emissions[0]
    back = []
    for t in range(1, len(emissions)):
        total = score[:, None] + transitions[:-1] + emissions[t][None, :]
        back.append(total.argmax(axis=0))
        score = total.max(axis=0)
    best = [int(score.argmax())]
    for pointers in reversed(back):
        best.append(int(pointers[best[-1]]))
    return best[::-1]


class BiLstmCrfTagger:
    """A trained BiLSTM-CRF: ``tag_sentence`` gives one BIO tag per word, like the CRF models."""

    def __init__(self, network: Any, vocabularies: tuple[_Vocabulary, ...], labels: list[str]) -> None:
        self.network, self.vocabularies, self.labels = network, vocabularies, labels
        forbidden = ~allowed_transitions(labels)
        self.transitions = network.transitions.detach().numpy().astype(np.float64) - 1e4 * forbidden

    def tag_sentence(self, sentence: TaggedSentence) -> list[str]:
        """One BIO tag per word."""
        if not sentence.words:
            return []
        import torch

        inputs = torch.from_numpy(encode(sentence, self.vocabularies)).unsqueeze(0)
        self.network.eval()
        with torch.no_grad():
            emissions = self.network.emissions(inputs, torch.tensor([inputs.shape[1]]))[0].numpy()
        path = viterbi(emissions.astype(np.float64), self.transitions)
        return word_tags(sentence, "syllable", [self.labels[i] for i in path])


def load_vectors(path: Path) -> dict[str, np.ndarray]:
    """Syllable vectors written by ``scripts/make_clusters.py --vectors``."""
    with np.load(path) as data:
        return dict(zip(data["words"].tolist(), data["vectors"], strict=True))


def train_bilstm_crf(
    sentences: Sequence[TaggedSentence],
    settings: BiLstmCrfSettings = BiLstmCrfSettings(),
    vectors: dict[str, np.ndarray] | None = None,
) -> BiLstmCrfTagger:
    """Train on tagged sentences (deterministic for given settings, data and vectors)."""
    import torch

    random.seed(settings.seed)
    torch.manual_seed(settings.seed)
    torch.use_deterministic_algorithms(True)
    sentences = [s for s in sentences if s.words]
    rows = [syllable_rows(s) for s in sentences]
    counts = Counter(r[0] for sentence in rows for r in sentence)
    known = sorted(vectors) if vectors else []
    syllables = _Vocabulary(known + sorted(w for w in counts if w not in (vectors or {})))
    shapes = _Vocabulary(sorted({r[1] for sentence in rows for r in sentence}))
    pos = _Vocabulary(sorted({r[2] for sentence in rows for r in sentence}))
    labels = sorted({t for s in sentences for t in unit_tags(s, "syllable")}, key=lambda t: (t != "O", t[2:], t))
    network = _network(settings, (len(syllables), len(shapes), len(pos)), len(labels))
    if vectors:
        with torch.no_grad():
            for word, index in syllables.ids.items():
                if word in vectors:
                    network.syllables.weight[index] = torch.from_numpy(vectors[word])
    vocabularies = (syllables, shapes, pos)
    label_ids = {t: i for i, t in enumerate(labels)}
    encoded = [
        (torch.from_numpy(encode(s, vocabularies)), torch.tensor([label_ids[t] for t in unit_tags(s, "syllable")]))
        for s in sentences
    ]
    optimizer = torch.optim.Adam(network.parameters(), lr=settings.learning_rate)
    by_length = sorted(range(len(encoded)), key=lambda i: (len(encoded[i][0]), i))
    batches = [by_length[i : i + settings.batch_size] for i in range(0, len(by_length), settings.batch_size)]
    for _ in range(settings.epochs):
        random.shuffle(batches)  # batches of similar lengths, in a new order each epoch
        network.train()
        for indices in batches:
            batch = [encoded[i] for i in indices]
            lengths = torch.tensor([len(x) for x, _ in batch])
            inputs = torch.nn.utils.rnn.pad_sequence([x for x, _ in batch], batch_first=True)
            tags = torch.nn.utils.rnn.pad_sequence([y for _, y in batch], batch_first=True)
            mask = torch.arange(inputs.shape[1]).unsqueeze(0) < lengths.unsqueeze(1)
            emissions = network.emissions(inputs, lengths)
            loss = -sequence_log_likelihood(emissions, network.transitions, tags, mask).mean()
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
    return BiLstmCrfTagger(network, vocabularies, labels)
