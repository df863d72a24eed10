"""A greedy arc-hybrid dependency parser: trained in numpy over batches of sentences, parsing compiled by numba.

Features in the manner of Chen & Manning (2014): for each of 20 nodes (the top three stack and
buffer items, the two top stack items' two left- and right-most children and outermost
grandchildren, the first buffer item's two leftmost children) its lowercased FORM, the FORM's
first syllable, its UPOS and its VLSP tag (the ``VIEWS``), plus the children's DEPREL; one ReLU
hidden layer; a softmax over SHIFT, LEFT-ARC(label) and RIGHT-ARC(label). Trained with the
arc-hybrid dynamic oracle and exploration (Goldberg & Nivre 2013), weights averaged over the
updates. The hidden layer's input is a sum of rows precomputed per (feature slot, id), embedding ×
weights: all at once for training, each on first use when parsing (:func:`_parse_sentence`).
Exactly one word is attached to the root, labelled ``root``; trees are projective.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import NamedTuple

import numba
import numpy as np
from threadpoolctl import threadpool_limits
from tqdm import tqdm

NULL, ROOT, UNK = 0, 1, 2
"""Reserved ids of every view's vocabulary (NULL also pads the label vocabulary)."""
RESERVED = ("<null>", "<root>", "<unk>")
VIEWS = ("form", "syllable", "upos", "xpos")
"""What each feature node contributes: lowercased FORM, its first syllable, UPOS and VLSP tag."""
N_NODES, N_LABEL_SLOTS = 20, 14
"""Feature nodes (each gives one id per view); the last 14 (children) also give a DEPREL."""
ROOT_LABEL = "root"
FORMAT_VERSION = 2


@dataclass(frozen=True)
class TreeSentence:
    """One sentence for the parser: words, UPOS, VLSP tags, and (for training) 1-based heads and deprels."""

    words: tuple[str, ...]
    upos: tuple[str, ...]
    xpos: tuple[str, ...]
    heads: tuple[int, ...] = ()
    deprels: tuple[str, ...] = ()

    def views(self) -> tuple[list[str], ...]:
        """The sentence's strings in the order of VIEWS."""
        forms = [word.lower() for word in self.words]
        return forms, [form.split(" ")[0] for form in forms], list(self.upos), list(self.xpos)


@dataclass(frozen=True)
class Settings:
    """Fixed training settings (the defaults are the shipped model's)."""

    view_dims: tuple[int, ...] = (50, 20, 20, 20)
    label_dim: int = 20
    hidden: int = 200
    epochs: int = 15
    batch_size: int = 256
    learning_rate: float = 1e-3
    dropout: float = 0.3
    word_dropout: float = 0.25
    tag_dropout: float = 0.0
    explore: float = 0.5
    explore_from: int = 2
    average: float = 0.999
    seed: int = 1


class _Parses:
    """The state of many arc-hybrid parses, in flat arrays over all tokens of the batch.

    Token index 0 is NULL (no node); each sentence has its ROOT token (at the stack's bottom)
    followed by its words. Transition 0 is SHIFT, ``l`` LEFT-ARC (b0 heads s0, pop s0) and
    ``n_labels - 1 + l`` RIGHT-ARC (s1 heads s0, pop s0), for label ids ``l`` ≥ 1.
    """

    def __init__(self, view_ids: Sequence[np.ndarray]) -> None:
        lengths = np.array([ids.shape[1] for ids in view_ids], dtype=np.int64)
        self.roots = 1 + np.concatenate([[0], np.cumsum(lengths + 1)[:-1]]).astype(np.int64)
        total = 1 + int((lengths + 1).sum())
        self.view = np.zeros((len(VIEWS), total), dtype=np.int64)
        self.view[:, self.roots] = ROOT
        for root, ids in zip(self.roots, view_ids, strict=True):
            self.view[:, root + 1 : root + 1 + ids.shape[1]] = ids
        self.label = np.zeros(total, dtype=np.int64)
        self.head = np.zeros(total, dtype=np.int64)
        self.lc1, self.lc2, self.rc1, self.rc2 = (np.zeros(total, dtype=np.int64) for _ in range(4))
        self.on_stack = np.zeros(total, dtype=bool)
        self.on_stack[self.roots] = True
        self.stack = np.zeros((len(view_ids), int(lengths.max(initial=0)) + 2), dtype=np.int64)
        self.stack[:, 0] = self.roots
        self.depth = np.ones(len(view_ids), dtype=np.int64)
        self.next = self.roots + 1
        self.end = self.roots + 1 + lengths
        self.lengths = lengths

    def active(self) -> np.ndarray:
        """Indices of the sentences not yet finished."""
        return np.flatnonzero((self.depth > 1) | (self.next < self.end))

    def top(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(s0, s1, s2, b0) token indices of the given sentences (0 where there is none)."""
        depth, stack = self.depth[rows], self.stack[rows]
        take = np.arange(len(rows))
        s0 = stack[take, depth - 1]
        s1 = np.where(depth >= 2, stack[take, np.maximum(depth - 2, 0)], 0)
        s2 = np.where(depth >= 3, stack[take, np.maximum(depth - 3, 0)], 0)
        b0 = np.where(self.next[rows] < self.end[rows], self.next[rows], 0)
        return s0, s1, s2, b0

    def nodes(self, rows: np.ndarray) -> np.ndarray:
        """Token indices [rows, N_NODES] of the feature nodes of the given sentences (0 where there is none)."""
        s0, s1, s2, b0 = self.top(rows)
        nxt, end = self.next[rows], self.end[rows]
        b1, b2 = (np.where(nxt + k < end, nxt + k, 0) for k in (1, 2))
        lc1, lc2, rc1, rc2 = self.lc1, self.lc2, self.rc1, self.rc2
        nodes = np.stack(
            [s0, s1, s2, b0, b1, b2,
             lc1[s0], rc1[s0], lc2[s0], rc2[s0], lc1[s1], rc1[s1], lc2[s1], rc2[s1], lc1[b0], lc2[b0],
             lc1[lc1[s0]], rc1[rc1[s0]], lc1[lc1[s1]], rc1[rc1[s1]]],
            axis=1,
        )  # fmt: skip
        return nodes

    def features(self, rows: np.ndarray) -> np.ndarray:
        """Feature ids [rows, len(VIEWS) * N_NODES + N_LABEL_SLOTS]: each view's ids of the nodes, then
        the children's label ids."""
        nodes = self.nodes(rows)
        views = self.view[:, nodes].transpose(1, 0, 2).reshape(len(rows), -1)
        return np.concatenate([views, self.label[nodes[:, N_NODES - N_LABEL_SLOTS :]]], axis=1)

    def valid(self, rows: np.ndarray, n_labels: int, root_label: int) -> np.ndarray:
        """Which transitions each sentence may take: [rows, 2 * n_labels - 1] booleans."""
        depth, has_buffer = self.depth[rows], self.next[rows] < self.end[rows]
        valid = np.zeros((len(rows), 2 * n_labels - 1), dtype=bool)
        valid[:, 0] = has_buffer
        valid[:, 1:n_labels] = ((depth >= 2) & has_buffer)[:, None]
        valid[:, n_labels:] = (depth >= 3)[:, None]
        valid[:, root_label] = False
        valid[:, n_labels - 1 + root_label] = (depth == 2) & ~has_buffer
        return valid

    def apply(self, rows: np.ndarray, transitions: np.ndarray, n_labels: int) -> None:
        """Take one transition in each of the given sentences."""
        s0, s1, _, b0 = self.top(rows)
        shift = transitions == 0
        r = rows[shift]
        self.stack[r, self.depth[r]] = b0[shift]
        self.on_stack[b0[shift]] = True
        self.depth[r] += 1
        self.next[r] += 1
        left = (transitions > 0) & (transitions < n_labels)
        right = transitions >= n_labels
        for arc, heads, labels, first, second in (
            (left, b0, transitions, self.lc1, self.lc2),
            (right, s1, transitions - n_labels + 1, self.rc1, self.rc2),
        ):
            head, dep = heads[arc], s0[arc]
            self.head[dep] = head
            self.label[dep] = labels[arc]
            second[head] = first[head]
            first[head] = dep
            self.on_stack[dep] = False
            self.depth[rows[arc]] -= 1

    def trees(self) -> list[tuple[list[int], list[int]]]:
        """(1-based heads, label ids) of every sentence."""
        out = []
        for root, n in zip(self.roots, self.lengths, strict=True):
            span = slice(root + 1, root + 1 + n)
            out.append(((self.head[span] - root).tolist(), self.label[span].tolist()))
        return out


class _Oracle:
    """Arc-hybrid dynamic oracle (Goldberg & Nivre 2013) for the gold trees of a batch of parses."""

    def __init__(self, parses: _Parses, sentences: Sequence[TreeSentence], label_index: dict[str, int]) -> None:
        self.head = np.zeros(parses.view.shape[1], dtype=np.int64)
        self.label = np.zeros(parses.view.shape[1], dtype=np.int64)
        for root, s in zip(parses.roots, sentences, strict=True):
            span = slice(root + 1, root + 1 + len(s.words))
            self.head[span] = root + np.array(s.heads, dtype=np.int64)
            self.label[span] = [label_index[d] for d in s.deprels]
        words = self.head > 0
        self.in_buffer = np.bincount(self.head[words], minlength=len(self.head))
        self.on_stack = np.zeros(len(self.head), dtype=np.int64)

    def costs(self, parses: _Parses, rows: np.ndarray, n_labels: int) -> np.ndarray:
        """Gold arcs each transition makes unreachable, plus one for a wrong label on a gold arc."""
        s0, s1, _, b0 = parses.top(rows)
        head0, label0 = self.head[s0], self.label[s0]
        head_in_buffer = (head0 >= parses.next[rows]) & (head0 < parses.end[rows])
        labels = np.arange(1, n_labels)
        wrong_label = labels[None, :] != label0[:, None]
        cost = np.zeros((len(rows), 2 * n_labels - 1), dtype=np.int64)
        head_b0 = self.head[b0]
        cost[:, 0] = (parses.on_stack[head_b0] & (head_b0 != s0) & (b0 > 0)) + self.on_stack[b0] * (b0 > 0)
        left = ((head0 == s1) | (head_in_buffer & (head0 != b0))) + self.in_buffer[s0]
        right = head_in_buffer + self.in_buffer[s0]
        cost[:, 1:n_labels] = left[:, None] + ((head0 == b0)[:, None] & wrong_label)
        cost[:, n_labels:] = right[:, None] + ((head0 == s1)[:, None] & wrong_label)
        return cost

    def update(self, parses: _Parses, rows: np.ndarray, transitions: np.ndarray) -> None:
        """Move gold-children counts for the transitions about to be applied."""
        s0, _, _, b0 = parses.top(rows)
        shifted = b0[transitions == 0]
        np.subtract.at(self.in_buffer, self.head[shifted], 1)
        np.add.at(self.on_stack, self.head[shifted], 1)
        np.subtract.at(self.on_stack, self.head[s0[transitions > 0]], 1)


@dataclass
class ArcParser:
    """A trained parser: one vocabulary per view, the labels, and weights (see the module docstring)."""

    vocabularies: tuple[tuple[str, ...], ...]
    labels: tuple[str, ...]
    weights: dict[str, np.ndarray]

    def __post_init__(self) -> None:
        self.indices = [{s: i for i, s in enumerate(vocabulary)} for vocabulary in self.vocabularies]
        self.root_label = self.labels.index(ROOT_LABEL)
        self.layout = _slot_layout(self.weights)
        self.rows = np.zeros((self.layout.n_rows, self.weights["w1"].shape[1]), dtype=np.float32)
        """Hidden-layer contribution per (feature slot, id), filled on first use (zeros until then)."""
        self.ready = np.zeros(self.layout.n_rows, dtype=np.bool_)
        self.dense = tuple(np.ascontiguousarray(self.weights[k], dtype=np.float32) for k in ("w1", "b1", "w2", "b2"))

    @cached_property
    def table(self) -> np.ndarray:
        """Every row of :attr:`rows` at once, the bias folded into the first slot (for :meth:`scores`, in training)."""
        layout, w1 = self.layout, self.weights["w1"]
        sizes = np.diff(layout.offsets, append=layout.n_rows)
        blocks = []
        for start, size, dim, column in zip(layout.embedding_rows, sizes, layout.dims, layout.columns, strict=True):
            embedding = np.ascontiguousarray(layout.embeddings[start : start + size, :dim])
            blocks.append(embedding @ w1[column : column + dim])
        blocks[0] = blocks[0] + self.weights["b1"]
        return np.concatenate(blocks).astype(np.float32)

    def ids(self, sentence: TreeSentence) -> np.ndarray:
        """Ids [len(VIEWS), words] of a sentence's views (unknown strings → UNK)."""
        return np.array(
            [[index.get(s, UNK) for s in view] for index, view in zip(self.indices, sentence.views(), strict=True)],
            dtype=np.int64,
        ).reshape(len(VIEWS), len(sentence.words))

    def scores(self, features: np.ndarray) -> np.ndarray:
        """Transition scores for feature ids [rows, slots]."""
        hidden = self.table[features + self.layout.offsets].sum(axis=1)
        np.maximum(hidden, 0, out=hidden)
        return hidden @ self.weights["w2"] + self.weights["b2"]

    def parse_many(self, sentences: Sequence[TreeSentence]) -> list[list[tuple[int, str]]]:
        """(head, deprel) per word of each sentence (one tree each), by the compiled :func:`_parse_sentence`."""
        out = []
        for sentence in sentences:
            heads, labels = _parse_sentence(
                self.ids(sentence), self.rows, self.ready, self.layout, *self.dense, self.root_label
            )
            out.append([(h, self.labels[label]) for h, label in zip(heads.tolist(), labels.tolist(), strict=True)])
        return out

    def save(self, path: Path | str) -> None:
        """Write the model as one ``.npz`` file."""
        vocab = {f"vocab_{view}": np.array(v) for view, v in zip(VIEWS, self.vocabularies, strict=True)}
        with open(path, "wb") as handle:
            np.savez_compressed(
                handle, format_version=np.array(FORMAT_VERSION), labels=np.array(self.labels), **vocab, **self.weights
            )


class SlotLayout(NamedTuple):
    """Where each feature slot's rows are: in the contribution table (``offsets``), in ``embeddings`` (all
    embedding matrices stacked, zero-padded to the widest), their width and their first column of ``w1``."""

    offsets: np.ndarray
    embedding_rows: np.ndarray
    dims: np.ndarray
    columns: np.ndarray
    embeddings: np.ndarray
    n_rows: int


def _slot_layout(weights: dict[str, np.ndarray]) -> SlotLayout:
    """The slot layout of a model's weights (:attr:`ArcParser.table` has every row it places)."""
    embeddings = [weights[f"emb_{view}"] for view in VIEWS] + [weights["label_emb"]]
    slots_per = [N_NODES] * len(VIEWS) + [N_LABEL_SLOTS]
    width = max(emb.shape[1] for emb in embeddings)
    stacked = np.zeros((sum(emb.shape[0] for emb in embeddings), width), dtype=np.float32)
    offsets, starts, dims, columns = [], [], [], []
    row = start = column = 0
    for emb, slots in zip(embeddings, slots_per, strict=True):
        stacked[start : start + emb.shape[0], : emb.shape[1]] = emb
        for _ in range(slots):
            offsets.append(row)
            starts.append(start)
            dims.append(emb.shape[1])
            columns.append(column)
            row += emb.shape[0]
            column += emb.shape[1]
        start += emb.shape[0]
    ints = [np.array(values, dtype=np.int64) for values in (offsets, starts, dims, columns)]
    return SlotLayout(*ints, stacked, row)


@numba.njit(cache=True)
def _slot_row(slot: int, index: int, rows: np.ndarray, ready: np.ndarray, layout: SlotLayout, w1: np.ndarray,
              b1: np.ndarray) -> np.ndarray:  # fmt: skip
    """The hidden-layer contribution of id ``index`` in feature slot ``slot``, computed on first use."""
    row = layout.offsets[slot] + index
    if not ready[row]:
        ready[row] = True
        embedding = layout.embeddings[layout.embedding_rows[slot] + index]
        column = layout.columns[slot]
        for d in range(layout.dims[slot]):
            value = embedding[d]
            for h in range(rows.shape[1]):
                rows[row, h] += value * w1[column + d, h]
        if slot == 0:
            for h in range(rows.shape[1]):
                rows[row, h] += b1[h]
    return rows[row]


@numba.njit(cache=True)
def _parse_sentence(
    ids: np.ndarray, rows: np.ndarray, ready: np.ndarray, layout: SlotLayout, w1: np.ndarray, b1: np.ndarray,
    w2: np.ndarray, b2: np.ndarray, root_label: int,
) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """1-based heads and label ids of one sentence's words, given their view ids [views, words].

    The same greedy parse as :class:`_Parses` with :meth:`ArcParser.scores`, one sentence at a time:
    token 0 is NULL, 1 ROOT, 2… the words. A token's hidden-layer contribution in a node slot (its
    views and, in a child slot, its label summed) is added up the first time the slot holds it (a
    child is always attached already, so its label is known), and a configuration with a single
    valid transition is not scored.
    """
    n_views, n = ids.shape
    n_tokens, hidden_size, n_out = n + 2, rows.shape[1], w2.shape[1]
    n_labels = (n_out + 1) // 2
    first_child = N_NODES - N_LABEL_SLOTS
    view_ids = np.zeros((n_views, n_tokens), dtype=np.int64)
    view_ids[:, 1] = ROOT
    view_ids[:, 2:] = ids
    slot = np.zeros((N_NODES, n_tokens, hidden_size), dtype=np.float32)
    summed = np.zeros((N_NODES, n_tokens), dtype=np.bool_)
    head = np.zeros(n_tokens, dtype=np.int64)
    label = np.zeros(n_tokens, dtype=np.int64)
    lc1, lc2 = np.zeros(n_tokens, dtype=np.int64), np.zeros(n_tokens, dtype=np.int64)
    rc1, rc2 = np.zeros(n_tokens, dtype=np.int64), np.zeros(n_tokens, dtype=np.int64)
    stack = np.zeros(n_tokens, dtype=np.int64)
    stack[0], depth, nxt = 1, 1, 2
    nodes = np.zeros(N_NODES, dtype=np.int64)
    hidden = np.zeros(hidden_size, dtype=np.float32)
    scores = np.zeros(n_out, dtype=np.float32)
    while depth > 1 or nxt < n_tokens:
        has_buffer = nxt < n_tokens
        s0 = stack[depth - 1]
        s1 = stack[depth - 2] if depth >= 2 else 0
        b0 = nxt if has_buffer else 0
        shift_ok, left_ok, right_ok = has_buffer, depth >= 2 and has_buffer, depth >= 3
        root_ok = depth == 2 and not has_buffer
        if shift_ok and not left_ok and not right_ok:
            transition = 0
        elif root_ok:
            transition = n_labels - 1 + root_label
        else:
            s2 = stack[depth - 3] if depth >= 3 else 0
            next1 = nxt + 1 if nxt + 1 < n_tokens else 0
            next2 = nxt + 2 if nxt + 2 < n_tokens else 0
            nodes[0], nodes[1], nodes[2], nodes[3], nodes[4], nodes[5] = s0, s1, s2, b0, next1, next2
            nodes[6], nodes[7], nodes[8], nodes[9] = lc1[s0], rc1[s0], lc2[s0], rc2[s0]
            nodes[10], nodes[11], nodes[12], nodes[13] = lc1[s1], rc1[s1], lc2[s1], rc2[s1]
            nodes[14], nodes[15] = lc1[b0], lc2[b0]
            nodes[16], nodes[17], nodes[18], nodes[19] = lc1[lc1[s0]], rc1[rc1[s0]], lc1[lc1[s1]], rc1[rc1[s1]]
            hidden[:] = 0
            for k in range(N_NODES):
                t = nodes[k]
                if not summed[k, t]:
                    summed[k, t] = True
                    for v in range(n_views):
                        slot[k, t] += _slot_row(v * N_NODES + k, view_ids[v, t], rows, ready, layout, w1, b1)
                    if k >= first_child:
                        label_slot = n_views * N_NODES + k - first_child
                        slot[k, t] += _slot_row(label_slot, label[t], rows, ready, layout, w1, b1)
                for h in range(hidden_size):
                    hidden[h] += slot[k, t, h]
            for t in range(n_out):
                scores[t] = b2[t]
            for h in range(hidden_size):
                if hidden[h] > 0:
                    value = hidden[h]
                    for t in range(n_out):
                        scores[t] += value * w2[h, t]
            transition, best = -1, -np.inf
            for t in range(n_out):
                if t == 0:
                    ok = shift_ok
                elif t < n_labels:
                    ok = left_ok and t != root_label
                else:
                    ok = right_ok and t != n_labels - 1 + root_label
                if ok and scores[t] > best:
                    transition, best = t, scores[t]
        if transition == 0:
            stack[depth] = nxt
            depth += 1
            nxt += 1
            continue
        if transition < n_labels:
            dependent, governor, arc_label = s0, b0, transition
            lc2[governor], lc1[governor] = lc1[governor], dependent
        else:
            dependent, governor, arc_label = s0, s1, transition - n_labels + 1
            rc2[governor], rc1[governor] = rc1[governor], dependent
        head[dependent], label[dependent] = governor, arc_label
        depth -= 1
    return head[2:] - 1, label[2:]


def weight_names() -> tuple[str, ...]:
    """Names of a model's weight arrays."""
    return (*(f"emb_{view}" for view in VIEWS), "label_emb", "w1", "b1", "w2", "b2")


def load_arc_parser(path: Path | str) -> ArcParser:
    """A parser saved by :meth:`ArcParser.save`."""
    with np.load(path, allow_pickle=False) as data:
        if int(data["format_version"]) != FORMAT_VERSION:
            raise ValueError(f"{path}: unsupported parser format {int(data['format_version'])}")
        weights = {name: data[name] for name in weight_names()}
        vocabularies = tuple(tuple(data[f"vocab_{view}"].tolist()) for view in VIEWS)
        return ArcParser(vocabularies, tuple(data["labels"].tolist()), weights)


def _examples(
    parser: ArcParser, sentences: Sequence[TreeSentence], explore: float, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """(features, best zero-cost transition) of the configurations met parsing ``sentences`` with
    ``parser``, following its own valid choice with probability ``explore``, else the oracle's."""
    label_index = {d: i for i, d in enumerate(parser.labels)}
    n_labels = len(parser.labels)
    parses = _Parses([parser.ids(s) for s in sentences])
    oracle = _Oracle(parses, sentences, label_index)
    features, targets = [], []
    rows = parses.active()
    while len(rows):
        feats = parses.features(rows)
        scores = parser.scores(feats)
        valid = parses.valid(rows, n_labels, parser.root_label)
        cost = np.where(valid, oracle.costs(parses, rows, n_labels), np.iinfo(np.int64).max)
        best = cost == cost.min(axis=1, keepdims=True)
        target = np.where(best, scores, -np.inf).argmax(axis=1)
        chosen = np.where(valid, scores, -np.inf).argmax(axis=1)
        follow = np.where(rng.random(len(rows)) < explore, chosen, target)
        features.append(feats)
        targets.append(target)
        oracle.update(parses, rows, follow)
        parses.apply(rows, follow, n_labels)
        rows = parses.active()
    return np.concatenate(features), np.concatenate(targets)


def train_arc_parser(
    sentences: Sequence[TreeSentence], settings: Settings = Settings(), progress: bool = False
) -> ArcParser:
    """Train a parser on gold trees, deterministically for fixed ``settings`` (seed included): BLAS runs on
    one thread, since the order of a multi-threaded sum changes the float results."""
    with threadpool_limits(limits=1):
        return _train(sentences, settings, progress)


def _train(sentences: Sequence[TreeSentence], settings: Settings, progress: bool) -> ArcParser:
    """The training loop of :func:`train_arc_parser`."""
    train = [s for s in sentences if s.heads]
    if not train:
        raise ValueError("no training sentence with a tree")
    counts = [Counter(s for strings in view for s in strings) for view in zip(*(t.views() for t in train), strict=True)]
    vocabularies = tuple(RESERVED + tuple(sorted(c)) for c in counts)
    labels = ("<null>",) + tuple(sorted({d for s in train for d in s.deprels} | {ROOT_LABEL}))
    rng = np.random.default_rng(settings.seed)
    n_in = N_NODES * sum(settings.view_dims) + N_LABEL_SLOTS * settings.label_dim
    n_out = 2 * len(labels) - 1

    def init(*shape: int, scale: float) -> np.ndarray:
        return (rng.standard_normal(shape) * scale).astype(np.float32)

    params = {
        f"emb_{view}": init(len(vocabulary), dim, scale=0.1)
        for view, vocabulary, dim in zip(VIEWS, vocabularies, settings.view_dims, strict=True)
    }
    params |= {
        "label_emb": init(len(labels), settings.label_dim, scale=0.1),
        "w1": init(n_in, settings.hidden, scale=np.sqrt(2.0 / n_in)),
        "b1": np.zeros(settings.hidden, dtype=np.float32),
        "w2": init(settings.hidden, n_out, scale=np.sqrt(1.0 / settings.hidden)),
        "b2": np.zeros(n_out, dtype=np.float32),
    }
    moments = {k: (np.zeros_like(v), np.zeros_like(v)) for k, v in params.items()}
    averaged = {k: v.copy() for k, v in params.items()}
    word_count = np.array([counts[0].get(w, 0) for w in vocabularies[0]], dtype=np.float64)
    keep = word_count / (word_count + settings.word_dropout)
    keep[: len(RESERVED)] = 1.0
    step = 0
    for epoch in tqdm(range(settings.epochs), desc="epochs", disable=not progress):
        current = ArcParser(vocabularies, labels, params)
        explore = settings.explore if epoch >= settings.explore_from else 0.0
        chunks = [_examples(current, train[i : i + 512], explore, rng) for i in range(0, len(train), 512)]
        features, gold = np.concatenate([f for f, _ in chunks]), np.concatenate([g for _, g in chunks])
        for batch in np.array_split(rng.permutation(len(gold)), max(1, len(gold) // settings.batch_size)):
            ids = features[batch].copy()
            word_ids = ids[:, :N_NODES]
            word_ids[rng.random(word_ids.shape) >= keep[word_ids]] = UNK
            if settings.tag_dropout:
                upos_ids = ids[:, VIEWS.index("upos") * N_NODES : (VIEWS.index("upos") + 1) * N_NODES]
                upos_ids[(rng.random(upos_ids.shape) < settings.tag_dropout) & (upos_ids > UNK)] = UNK
            grads = _gradients(params, ids, gold[batch], settings, rng)
            step += 1
            lr = settings.learning_rate * np.sqrt(1 - 0.999**step) / (1 - 0.9**step)
            decay = min(settings.average, (1 + step) / (10 + step))
            for name, grad in grads.items():
                m, v = moments[name]
                m *= 0.9
                m += 0.1 * grad
                v *= 0.999
                v += 0.001 * grad * grad
                params[name] -= (lr * m / (np.sqrt(v) + 1e-8)).astype(np.float32)
                averaged[name] *= decay
                averaged[name] += (1 - decay) * params[name]
    return ArcParser(vocabularies, labels, averaged)


def _gradients(
    params: dict[str, np.ndarray], ids: np.ndarray, gold: np.ndarray, settings: Settings, rng: np.random.Generator
) -> dict[str, np.ndarray]:
    """Cross-entropy gradients of a minibatch (hidden-layer dropout)."""
    n = len(gold)
    parts = [(f"emb_{view}", ids[:, v * N_NODES : (v + 1) * N_NODES]) for v, view in enumerate(VIEWS)]
    parts.append(("label_emb", ids[:, len(VIEWS) * N_NODES :]))
    x = np.concatenate([params[name][slot_ids].reshape(n, -1) for name, slot_ids in parts], axis=1)
    pre = x @ params["w1"] + params["b1"]
    mask = (rng.random(pre.shape) >= settings.dropout).astype(np.float32) / (1 - settings.dropout)
    hidden = np.maximum(pre, 0) * mask
    logits = hidden @ params["w2"] + params["b2"]
    probs = np.exp(logits - logits.max(axis=1, keepdims=True))
    probs /= probs.sum(axis=1, keepdims=True)
    probs[np.arange(n), gold] -= 1
    d_logits = probs / n
    grads = {"w2": hidden.T @ d_logits, "b2": d_logits.sum(axis=0)}
    d_pre = (d_logits @ params["w2"].T) * mask * (pre > 0)
    grads["w1"] = x.T @ d_pre
    grads["b1"] = d_pre.sum(axis=0)
    d_x = d_pre @ params["w1"].T
    column = 0
    for name, slot_ids in parts:
        dim = params[name].shape[1]
        width = slot_ids.shape[1] * dim
        grad = np.zeros_like(params[name])
        np.add.at(grad, slot_ids.ravel(), d_x[:, column : column + width].reshape(slot_ids.size, dim))
        grads[name] = grad
        column += width
    return grads
