"""Training the biaffine parser with PyTorch (the ``train`` extra); parsing needs NumPy only."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from tqdm import tqdm

from danvan.errors import CorpusError
from danvan.models.biaffine.encoding import (
    LEAK,
    PAD,
    ROLES,
    ROOT,
    UNK,
    Settings,
    TreeSentence,
    Vocabularies,
    encode,
    weight_shapes,
)
from danvan.models.biaffine.layers import bilinear, spread_labels
from danvan.models.biaffine.parser import BiaffineParser


def _network(vocabularies: Vocabularies, settings: Settings) -> Any:
    """The PyTorch module whose weights :class:`BiaffineParser` runs (names as in :func:`weight_shapes`)."""
    import torch
    from torch import nn

    s = settings

    class Network(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.word_emb = nn.Embedding(len(vocabularies.words), s.word_dim, padding_idx=PAD)
            self.syllable_emb = nn.Embedding(len(vocabularies.syllables), s.syllable_dim, padding_idx=PAD)
            self.upos_emb = nn.Embedding(len(vocabularies.upos), s.tag_dim, padding_idx=PAD)
            self.xpos_emb = nn.Embedding(len(vocabularies.xpos), s.tag_dim, padding_idx=PAD)
            width = s.word_dim + s.syllable_dim + 2 * s.tag_dim
            between = s.dropout if s.layers > 1 else 0.0  # dropout between stacked layers
            self.lstm = nn.LSTM(width, s.hidden, s.layers, batch_first=True, bidirectional=True, dropout=between)
            for role in ROLES:
                setattr(self, role, nn.Linear(2 * s.hidden, s.arc_dim if role.startswith("arc") else s.label_dim))
            self.arc_weight = nn.Parameter(torch.zeros(s.arc_dim, s.arc_dim))
            self.arc_bias = nn.Parameter(torch.zeros(s.arc_dim))
            self.label_weight = nn.Parameter(torch.zeros(len(vocabularies.labels), s.label_dim + 1, s.label_dim + 1))
            self.dropout = nn.Dropout(s.dropout)

        def forward(self, words, syllables, upos, xpos, lengths, heads):  # type: ignore[no-untyped-def]
            """(arc scores (B, dependent, head), label-dependent vectors, label-head vectors of ``heads``)."""
            if self.training:  # word dropout: a word (or all its syllables) becomes UNK
                words = words.masked_fill((torch.rand(words.shape) < s.word_dropout) & (words > ROOT), UNK)
                drop = (torch.rand(syllables.shape[:2]) < s.word_dropout).unsqueeze(-1) & (syllables > ROOT)
                syllables = syllables.masked_fill(drop, UNK)
            mask = (syllables != PAD).unsqueeze(-1).float()
            syllable = (self.syllable_emb(syllables) * mask).sum(2) / mask.sum(2).clamp(min=1)
            x = torch.cat([self.word_emb(words), syllable, self.upos_emb(upos), self.xpos_emb(xpos)], -1)
            packed = nn.utils.rnn.pack_padded_sequence(self.dropout(x), lengths, batch_first=True, enforce_sorted=False)
            states, _ = self.lstm(packed)
            states, _ = nn.utils.rnn.pad_packed_sequence(states, batch_first=True, total_length=words.shape[1])
            states = self.dropout(states)
            dep, head, label_dep, label_head = (
                self.dropout(nn.functional.leaky_relu(getattr(self, r)(states), LEAK)) for r in ROLES
            )
            arcs = dep @ self.arc_weight @ head.transpose(1, 2) + (head @ self.arc_bias).unsqueeze(1)
            one = torch.ones(label_dep.shape[:2] + (1,))
            label_dep, label_head = torch.cat([label_dep, one], -1), torch.cat([label_head, one], -1)
            label_head = label_head.gather(1, heads.unsqueeze(-1).expand(-1, -1, label_head.shape[-1]))
            return arcs, label_dep, label_head

    return Network()


def train_biaffine_parser(
    sentences: Sequence[TreeSentence], settings: Settings | None = None, progress: bool = False
) -> BiaffineParser:
    """Train a parser on gold trees with PyTorch (one thread, deterministic algorithms: the same
    sentences and settings give the same weights); ``settings`` default to the shipped model's."""
    import torch

    settings = settings or Settings()

    train = [s for s in sentences if s.heads]
    if not train:
        raise CorpusError("no training sentence with a tree")
    vocabularies = Vocabularies.of(train, settings.min_count)
    label_index = {d: i for i, d in enumerate(vocabularies.labels)}
    torch.manual_seed(settings.seed)
    torch.use_deterministic_algorithms(True)
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        network = _network(vocabularies, settings)
        optimizer = torch.optim.Adam(network.parameters(), lr=settings.learning_rate, betas=(0.9, 0.9))
        order = np.random.default_rng(settings.seed)
        for _ in tqdm(range(settings.epochs), desc="training parser", unit="epoch", disable=not progress):
            shuffled = order.permutation(len(train))
            for start in range(0, len(train), settings.batch_size):
                chunk = [train[i] for i in shuffled[start : start + settings.batch_size]]
                batch = encode(vocabularies, chunk)
                width = batch.words.shape[1]
                heads = torch.tensor([[0, *s.heads] + [0] * (width - len(s.words) - 1) for s in chunk])
                gold = torch.tensor(
                    [[0] + [label_index[d] for d in s.deprels] + [0] * (width - len(s.words) - 1) for s in chunk]
                )
                lengths = torch.from_numpy(batch.lengths)
                arcs, label_dep, label_head = network(
                    *(torch.from_numpy(a) for a in (batch.words, batch.syllables, batch.upos, batch.xpos)),
                    lengths,
                    heads,
                )
                within = torch.arange(width).unsqueeze(0) < lengths.unsqueeze(1)
                arcs = arcs.masked_fill(~within.unsqueeze(1), -1e9)
                words = within.clone()
                words[:, 0] = False
                loss = torch.nn.functional.cross_entropy(arcs[words], heads[words])
                labels = bilinear(label_dep[words], label_head[words], spread_labels(network.label_weight))
                loss = loss + torch.nn.functional.cross_entropy(labels, gold[words])
                optimizer.zero_grad()
                loss.backward()
                torch.nn.utils.clip_grad_norm_(network.parameters(), 5.0)
                optimizer.step()
    finally:
        torch.set_num_threads(threads)
        torch.use_deterministic_algorithms(False)
    state = network.state_dict()
    weights = {name: state[name].detach().numpy().astype(np.float32) for name in weight_shapes(vocabularies, settings)}
    return BiaffineParser(settings, vocabularies, weights)
