"""A graph-based dependency parser (Dozat & Manning 2017): BiLSTM over words, biaffine arc and label scores.

Each word is the concatenation of embeddings of its lowercased FORM, the mean of its syllables'
embeddings (an unknown word still has known syllables), its UPOS and its VLSP tag; a BiLSTM reads
the sentence after a ROOT token; one ReLU-like layer per role (arc dependent, arc head, label
dependent, label head) feeds a biaffine arc scorer and a bilinear label scorer. The tree is the
best projective one with exactly one word under the root (Eisner's algorithm, :func:`best_tree`),
and that word alone is labelled ``root``.

Trained with PyTorch (the ``train`` extra; :func:`train_biaffine_parser`); parsing needs NumPy and
numba only: :class:`BiaffineParser` runs the same network on the saved weights.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import numba
import numpy as np
from threadpoolctl import ThreadpoolController
from tqdm import tqdm

PAD, UNK, ROOT = 0, 1, 2
"""Reserved ids of every vocabulary."""
RESERVED = ("<pad>", "<unk>", "<root>")
ROOT_LABEL = "root"
FORMAT = "danvan-biaffine-1"
LEAK = 0.1
"""Negative slope of the leaky ReLU of the four role layers."""
LSTM_WEIGHTS = ("weight_ih", "weight_hh", "bias_ih", "bias_hh")
ROLES = ("arc_dep", "arc_head", "label_dep", "label_head")


@dataclass(frozen=True)
class TreeSentence:
    """One sentence for the parser: words, UPOS, VLSP tags, and (for training) 1-based heads and deprels."""

    words: tuple[str, ...]
    upos: tuple[str, ...]
    xpos: tuple[str, ...]
    heads: tuple[int, ...] = ()
    deprels: tuple[str, ...] = ()


@dataclass(frozen=True)
class Settings:
    """Fixed training settings (the defaults are the shipped model's)."""

    word_dim: int = 100
    syllable_dim: int = 100
    tag_dim: int = 50
    hidden: int = 128
    layers: int = 1
    arc_dim: int = 128
    label_dim: int = 32
    dropout: float = 0.33
    word_dropout: float = 0.25
    min_count: int = 2
    epochs: int = 30
    batch_size: int = 32
    learning_rate: float = 2e-3
    seed: int = 1


@dataclass(frozen=True)
class Vocabularies:
    """The strings each id stands for: words, syllables, UPOS, VLSP tags (all lowercased forms
    for the first two, RESERVED first) and labels."""

    words: tuple[str, ...]
    syllables: tuple[str, ...]
    upos: tuple[str, ...]
    xpos: tuple[str, ...]
    labels: tuple[str, ...]

    @classmethod
    def of(cls, sentences: Sequence[TreeSentence], min_count: int) -> Vocabularies:
        """Vocabularies of training sentences; words and syllables seen fewer than ``min_count`` times are left out."""
        words = Counter(w.lower() for s in sentences for w in s.words)
        syllables = Counter(y for s in sentences for w in s.words for y in w.lower().split(" "))

        def kept(counts: Counter[str], least: int) -> tuple[str, ...]:
            return RESERVED + tuple(sorted(x for x, n in counts.items() if n >= least))

        return cls(
            kept(words, min_count),
            kept(syllables, min_count),
            kept(Counter(t for s in sentences for t in s.upos), 1),
            kept(Counter(t for s in sentences for t in s.xpos), 1),
            tuple(sorted({d for s in sentences for d in s.deprels} | {ROOT_LABEL})),
        )

    @cached_property
    def index(self) -> tuple[dict[str, int], ...]:
        """Id of each string of the words, syllables, UPOS and VLSP tags."""
        return tuple({s: i for i, s in enumerate(v)} for v in (self.words, self.syllables, self.upos, self.xpos))


@dataclass(frozen=True)
class Encoded:
    """A batch of sentences as padded id arrays, ROOT first: words (B, T), syllables (B, T, S), UPOS,
    VLSP tags, the lengths (words + 1), and where each sentence's tokens start once the padding is dropped."""

    words: np.ndarray
    syllables: np.ndarray
    upos: np.ndarray
    xpos: np.ndarray
    lengths: np.ndarray

    @property
    def starts(self) -> np.ndarray:
        """Index of each sentence's ROOT among the batch's real tokens."""
        return np.cumsum(self.lengths) - self.lengths


def encode(vocabularies: Vocabularies, sentences: Sequence[TreeSentence]) -> Encoded:
    """The id arrays of ``sentences`` (unknown strings get UNK)."""
    words, syllables, upos, xpos = vocabularies.index
    lengths = np.array([len(s.words) + 1 for s in sentences], dtype=np.int64)
    lowered = [w.lower() for s in sentences for w in s.words]
    pieces = [w.split(" ") for w in lowered]
    counts = np.array([len(p) for p in pieces], dtype=np.int64)
    shape = (len(sentences), int(lengths.max(initial=1)))
    sentence, token = np.nonzero((np.arange(shape[1]) < lengths[:, None]) & (np.arange(shape[1]) > 0))
    arrays = []
    for vocabulary, strings in (
        (words, lowered),
        (upos, [t for s in sentences for t in s.upos]),
        (xpos, [t for s in sentences for t in s.xpos]),
    ):
        array = np.zeros(shape, dtype=np.int64)
        array[sentence, token] = [vocabulary.get(x, UNK) for x in strings]
        array[:, 0] = ROOT
        arrays.append(array)
    syllable_ids = np.zeros(shape + (int(counts.max(initial=1)),), dtype=np.int64)
    place = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    owner = np.repeat(np.arange(len(lowered)), counts)
    syllable_ids[sentence[owner], token[owner], place] = [syllables.get(y, UNK) for p in pieces for y in p]
    syllable_ids[:, 0, 0] = ROOT
    return Encoded(arrays[0], syllable_ids, arrays[1], arrays[2], lengths)


def weight_shapes(vocabularies: Vocabularies, settings: Settings) -> dict[str, tuple[int, ...]]:
    """Name and shape of every weight of the network (PyTorch's names for the LSTM's)."""
    v, s = vocabularies, settings
    shapes: dict[str, tuple[int, ...]] = {
        "word_emb.weight": (len(v.words), s.word_dim),
        "syllable_emb.weight": (len(v.syllables), s.syllable_dim),
        "upos_emb.weight": (len(v.upos), s.tag_dim),
        "xpos_emb.weight": (len(v.xpos), s.tag_dim),
    }
    width = s.word_dim + s.syllable_dim + 2 * s.tag_dim
    for layer in range(s.layers):
        for suffix in ("", "_reverse"):
            shapes[f"lstm.weight_ih_l{layer}{suffix}"] = (4 * s.hidden, width)
            shapes[f"lstm.weight_hh_l{layer}{suffix}"] = (4 * s.hidden, s.hidden)
            shapes[f"lstm.bias_ih_l{layer}{suffix}"] = (4 * s.hidden,)
            shapes[f"lstm.bias_hh_l{layer}{suffix}"] = (4 * s.hidden,)
        width = 2 * s.hidden
    for role in ROLES:
        dim = s.arc_dim if role.startswith("arc") else s.label_dim
        shapes[f"{role}.weight"], shapes[f"{role}.bias"] = (dim, width), (dim,)
    shapes["arc_weight"], shapes["arc_bias"] = (s.arc_dim, s.arc_dim), (s.arc_dim,)
    shapes["label_weight"] = (len(v.labels), s.label_dim + 1, s.label_dim + 1)
    return shapes


def gate_scale(hidden: int) -> np.ndarray:
    """Per gate row: 1/2 for the input, forget and output gates, 1 for the cell gate. With a gate's
    pre-activation so scaled, tanh gives the cell gate and tanh / 2 + 1/2 the sigmoid of the others."""
    scale = np.full(4 * hidden, 0.5, dtype=np.float32)
    scale[2 * hidden : 3 * hidden] = 1.0
    return scale


def _bilstm_layer(packed: np.ndarray, sizes: np.ndarray, recurrent: np.ndarray) -> np.ndarray:
    """Both directions of one LSTM layer at once over packed sequences, as PyTorch packs them: ``packed``
    (2, N, 4H) holds each direction's projected inputs (input weights and biases applied) step by step,
    ``sizes[t]`` rows for step t (the sequences still running, longest first); ``recurrent`` (2, H, 4H)
    the transposed recurrent weights; gate order input, forget, cell, output, and inputs and recurrent
    weights multiplied by :func:`gate_scale`. Returns (2, N, H) states."""
    hidden = recurrent.shape[1]
    scale = gate_scale(hidden)
    offset = 1.0 - scale
    h = np.zeros((2, sizes[0], hidden), dtype=packed.dtype)
    c = np.zeros_like(h)
    out = np.empty(packed.shape[:2] + (hidden,), dtype=packed.dtype)
    start = 0
    for size in sizes.tolist():
        gates = np.tanh(packed[:, start : start + size] + h[:, :size] @ recurrent) * scale + offset
        i, f, g, o = (gates[..., k * hidden : (k + 1) * hidden] for k in range(4))
        c[:, :size] = f * c[:, :size] + i * g
        h[:, :size] = o * np.tanh(c[:, :size])
        out[:, start : start + size] = h[:, :size]
        start += size
    return out


def spread_labels(weight: Any) -> Any:
    """An (L, D, D) bilinear label form as the (D × D, L) matrix :func:`bilinear` takes (NumPy or PyTorch)."""
    labels, width, _ = weight.shape
    return weight.reshape(labels, width * width).T


def bilinear(dep: Any, head: Any, spread: Any) -> Any:
    """Label scores (N, L) of N (dependent, head) vector pairs under a bilinear form spread by
    :func:`spread_labels`: their outer products times the spread form."""
    width = dep.shape[-1]
    return (dep[:, :, None] * head[:, None, :]).reshape(len(dep), width * width) @ spread


def _leaky(x: np.ndarray) -> np.ndarray:
    return np.where(x > 0, x, LEAK * x)


@cache
def _blas() -> ThreadpoolController:
    """The process's BLAS libraries, found once (cheap to limit afterwards)."""
    return ThreadpoolController()


@numba.njit(cache=True)
def best_tree(scores: np.ndarray) -> np.ndarray:
    """Heads (1-based, 0 = root) of the best projective tree with one root child, by Eisner's algorithm;
    ``scores[h, d]`` scores head ``h`` for dependent ``d`` (index 0 the root, n + 1 rows)."""
    n = scores.shape[0] - 1
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    complete = np.full((n, n, 2), -np.inf)  # [s, t, 0]: headed by t; [s, t, 1]: headed by s
    incomplete = np.full((n, n, 2), -np.inf)
    complete_split = np.zeros((n, n, 2), dtype=np.int64)
    incomplete_split = np.zeros((n, n), dtype=np.int64)
    for i in range(n):
        complete[i, i, 0] = complete[i, i, 1] = 0.0
    for k in range(1, n):
        for s in range(n - k):
            t = s + k
            best, split = -np.inf, s
            for r in range(s, t):
                v = complete[s, r, 1] + complete[r + 1, t, 0]
                if v > best:
                    best, split = v, r
            incomplete[s, t, 0] = best + scores[t + 1, s + 1]
            incomplete[s, t, 1] = best + scores[s + 1, t + 1]
            incomplete_split[s, t] = split
            best, split = -np.inf, s
            for r in range(s, t):
                v = complete[s, r, 0] + incomplete[r, t, 0]
                if v > best:
                    best, split = v, r
            complete[s, t, 0], complete_split[s, t, 0] = best, split
            best, split = -np.inf, s + 1
            for r in range(s + 1, t + 1):
                v = incomplete[s, r, 1] + complete[r, t, 1]
                if v > best:
                    best, split = v, r
            complete[s, t, 1], complete_split[s, t, 1] = best, split
    best, root = -np.inf, 0
    for r in range(n):
        v = scores[0, r + 1] + complete[0, r, 0] + complete[r, n - 1, 1]
        if v > best:
            best, root = v, r
    heads = np.zeros(n, dtype=np.int64)
    stack = [(0, root, 0, 1), (root, n - 1, 1, 1)]  # (s, t, direction, complete?)
    while stack:
        s, t, d, whole = stack.pop()
        if s == t:
            continue
        if whole:
            r = complete_split[s, t, d]
            if d == 0:
                stack.append((s, r, 0, 1))
                stack.append((r, t, 0, 0))
            else:
                stack.append((s, r, 1, 0))
                stack.append((r, t, 1, 1))
        else:
            r = incomplete_split[s, t]
            if d == 0:
                heads[s] = t + 1
            else:
                heads[t] = s + 1
            stack.append((s, r, 1, 1))
            stack.append((r + 1, t, 0, 1))
    return heads


class ProjectedRows:
    """The rows of ``embedding @ weight.T``, each computed on its first use, alone (a matrix-vector
    product), so that its floats do not depend on which batch first needed it."""

    def __init__(self, embedding: np.ndarray, weight: np.ndarray) -> None:
        self.embedding, self.weight = embedding, np.ascontiguousarray(weight)
        self.rows = np.zeros((len(embedding), len(weight)), dtype=np.float32)  # pages are touched only when filled
        self.ready = np.zeros(len(embedding), dtype=bool)

    def __call__(self, ids: np.ndarray) -> np.ndarray:
        """The rows of ``ids`` (any shape of ids gives that shape + (width,))."""
        for i in np.unique(ids[~self.ready[ids]]).tolist():
            self.rows[i] = self.weight @ self.embedding[i]
            self.ready[i] = True
        return self.rows[ids]


@dataclass(frozen=True)
class BiaffineParser:
    """A trained parser: settings, vocabularies and the network's weights (float32)."""

    settings: Settings
    vocabularies: Vocabularies
    weights: dict[str, np.ndarray]

    @cached_property
    def lstm_layers(self) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
        """Per LSTM layer, both directions and scaled by :func:`gate_scale`: input weights (input width × 8H), biases
        and the stacked transposed recurrent weights (2, H, 4H)."""
        w, layers = self.weights, []
        scale = gate_scale(self.settings.hidden)
        for layer in range(self.settings.layers):
            names = [[f"lstm.{k}_l{layer}{suffix}" for k in LSTM_WEIGHTS] for suffix in ("", "_reverse")]
            w_ih = np.concatenate([w[n[0]] for n in names]) * np.tile(scale, 2)[:, None]
            bias = np.concatenate([w[n[2]] + w[n[3]] for n in names]) * np.tile(scale, 2)
            recurrent = np.stack([w[n[1]].T for n in names]) * scale
            layers.append((np.ascontiguousarray(w_ih.T), bias, recurrent))
        return layers

    @cached_property
    def first_layer_inputs(self) -> tuple[ProjectedRows, ...]:
        """Each embedding (word, syllable, UPOS, VLSP tag) times its columns of the first LSTM layer's input
        weights, both directions (scaled by :func:`gate_scale`): the input product becomes a sum of rows,
        each computed on first use."""
        s = self.settings
        w_ih_t = self.lstm_layers[0][0]  # (input width, 8H): one block of rows per embedding
        blocks = np.split(w_ih_t, np.cumsum([s.word_dim, s.syllable_dim, s.tag_dim]), axis=0)
        views = ("word", "syllable", "upos", "xpos")
        return tuple(ProjectedRows(self.weights[f"{v}_emb.weight"], b.T) for v, b in zip(views, blocks, strict=True))

    @cached_property
    def label_matrix(self) -> np.ndarray:
        """The label weights as :func:`bilinear` takes them."""
        return np.ascontiguousarray(spread_labels(self.weights["label_weight"]))

    def states(self, batch: Encoded) -> np.ndarray:
        """The top BiLSTM layer's (N, 2 × hidden) states of the batch's N tokens (ROOT included), in order
        (sentence by sentence): only real tokens are computed, never the padding."""
        within = np.arange(batch.words.shape[1]) < batch.lengths[:, None]
        syllables = batch.syllables[within]
        words, syllable, upos, xpos = self.first_layer_inputs
        counts = (syllables != PAD).sum(axis=1)  # a token's syllables come first, PAD after them
        x = syllable(syllables[:, 0])
        for place in range(1, syllables.shape[1]):
            longer = np.flatnonzero(counts > place)
            x[longer] += syllable(syllables[longer, place])
        x /= counts[:, None].astype(np.float32)
        x += words(batch.words[within]) + upos(batch.upos[within]) + xpos(batch.xpos[within])
        starts, lengths = batch.starts, batch.lengths
        order = np.argsort(-lengths, kind="stable")  # longest first, as packed sequences are
        sizes = (lengths[order][None, :] > np.arange(lengths.max())[:, None]).sum(axis=1)
        running = [order[:size] for size in sizes.tolist()]
        forward_rows = np.concatenate([starts[r] + t for t, r in enumerate(running)])
        backward_rows = np.concatenate([starts[r] + lengths[r] - 1 - t for t, r in enumerate(running)])
        for layer, (w_ih, bias, recurrent) in enumerate(self.lstm_layers):
            projected = (x @ w_ih if layer else x) + bias  # the first layer's input product is x already
            half = projected.shape[1] // 2
            packed = np.stack([projected[forward_rows, :half], projected[backward_rows, half:]])
            out = _bilstm_layer(packed, sizes, recurrent)
            x = np.empty((len(x), 2 * out.shape[-1]), dtype=np.float32)
            x[forward_rows, : out.shape[-1]], x[backward_rows, out.shape[-1] :] = out[0], out[1]
        return x

    def scores(self, batch: Encoded) -> tuple[list[np.ndarray], np.ndarray, np.ndarray]:
        """(each sentence's (n + 1, n + 1) arc scores [dependent, head], and the label-dependent and
        label-head vectors (N, label_dim + 1, a bias 1 appended) of the batch's N tokens)."""
        w = self.weights
        states = self.states(batch)
        dep, head, label_dep, label_head = (_leaky(states @ w[f"{r}.weight"].T + w[f"{r}.bias"]) for r in ROLES)
        dep = dep @ w["arc_weight"]
        head_bias = head @ w["arc_bias"]
        arcs = [
            dep[s : s + n] @ head[s : s + n].T + head_bias[s : s + n]
            for s, n in zip(batch.starts.tolist(), batch.lengths.tolist(), strict=True)
        ]
        one = np.ones((len(states), 1), dtype=np.float32)
        return arcs, np.concatenate([label_dep, one], 1), np.concatenate([label_head, one], 1)

    def parse_many(self, sentences: Sequence[TreeSentence]) -> list[list[tuple[int, str]]]:
        """(head, deprel) per word of each sentence, all sentences in one batch. BLAS runs on one thread:
        its matrices are small (more threads only wait on each other), and the floats do not depend on
        the machine's core count."""
        if not sentences:
            return []
        labels = self.vocabularies.labels
        batch = encode(self.vocabularies, sentences)
        with _blas().limit(limits=1, user_api="blas"):
            arcs, label_dep, label_head = self.scores(batch)
            heads = [best_tree(np.ascontiguousarray(a.T, dtype=np.float64)) for a in arcs]
            dependents = np.concatenate(
                [np.arange(s + 1, s + n) for s, n in zip(batch.starts, batch.lengths, strict=True)]
            )
            head_rows = np.concatenate([s + h for s, h in zip(batch.starts, heads, strict=True)])
            label_scores = bilinear(label_dep[dependents], label_head[head_rows], self.label_matrix)
        label_scores[:, labels.index(ROOT_LABEL)] = -np.inf  # only the root's dependent is labelled root
        chosen = np.split(label_scores.argmax(axis=1), np.cumsum([len(tree) for tree in heads])[:-1])
        return [
            [(int(h), ROOT_LABEL if h == 0 else labels[c]) for h, c in zip(tree, ids, strict=True)]
            for tree, ids in zip(heads, chosen, strict=True)
        ]

    def save(self, path: Path | str) -> None:
        """Write the model as one ``.npz`` file."""
        vocab = {f"vocab_{k}": np.array(v) for k, v in asdict(self.vocabularies).items()}
        with open(path, "wb") as handle:
            settings = np.array(json.dumps(asdict(self.settings)))
            np.savez_compressed(handle, format=np.array(FORMAT), settings=settings, **vocab, **self.weights)


def load_biaffine_parser(path: Path | str) -> BiaffineParser:
    """A parser saved by :meth:`BiaffineParser.save`."""
    with np.load(path, allow_pickle=False) as data:
        if "format" not in data or str(data["format"]) != FORMAT:
            raise ValueError(f"{path}: not a {FORMAT} model")
        settings = Settings(**json.loads(str(data["settings"])))
        vocabularies = Vocabularies(
            **{k: tuple(data[f"vocab_{k}"].tolist()) for k in Vocabularies.__dataclass_fields__}
        )
        weights = {name: data[name] for name in weight_shapes(vocabularies, settings)}
    return BiaffineParser(settings, vocabularies, weights)


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
    sentences: Sequence[TreeSentence], settings: Settings = Settings(), progress: bool = False
) -> BiaffineParser:
    """Train a parser on gold trees with PyTorch (one thread, deterministic algorithms: the same
    sentences and settings give the same weights)."""
    import torch

    train = [s for s in sentences if s.heads]
    if not train:
        raise ValueError("no training sentence with a tree")
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
