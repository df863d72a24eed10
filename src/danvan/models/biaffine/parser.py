"""A graph-based dependency parser (Dozat & Manning 2017) run in NumPy on saved weights.

Each word is the concatenation of embeddings of its lowercased FORM, the mean of its syllables'
embeddings (an unknown word still has known syllables), its UPOS and its VLSP tag; a BiLSTM reads
the sentence after a ROOT token; one ReLU-like layer per role (arc dependent, arc head, label
dependent, label head) feeds a biaffine arc scorer and a bilinear label scorer. The tree is the
best projective one with exactly one word under the root (Eisner's algorithm), and that word
alone is labelled ``root``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from functools import cached_property
from pathlib import Path

import numpy as np

from danvan.models.biaffine.encoding import (
    FORMAT,
    LSTM_WEIGHTS,
    PAD,
    ROLES,
    ROOT_LABEL,
    Encoded,
    Settings,
    TreeSentence,
    Vocabularies,
    encode,
    weight_shapes,
)
from danvan.models.biaffine.layers import _bilstm_layer, _blas, _leaky, best_tree, bilinear, gate_scale, spread_labels


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
    name: str = "unsaved"
    """The model file's name once saved and loaded."""
    fingerprint: str = ""
    """sha256 of the model file it was loaded from (part of the build cache key)."""

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
    fingerprint = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    return BiaffineParser(settings, vocabularies, weights, Path(path).name, fingerprint)
