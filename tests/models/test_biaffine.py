"""The biaffine parser: its tree decoder, the NumPy network against PyTorch's, training, saving, batching."""

from __future__ import annotations

import itertools
import random
from pathlib import Path

import numpy as np
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from danvan.models.biaffine.encoding import ROOT_LABEL, Settings, TreeSentence, Vocabularies, encode, weight_shapes
from danvan.models.biaffine.layers import best_tree
from danvan.models.biaffine.parser import BiaffineParser, load_biaffine_parser
from danvan.models.biaffine.training import _network, train_biaffine_parser
from tests.pipeline.test_parse import TINY_SENTENCES

SMALL = Settings(word_dim=16, syllable_dim=16, tag_dim=8, hidden=24, arc_dim=24, label_dim=12, epochs=3, batch_size=8)
"""A network small enough to train on the tiny sentences in a second."""
UNSEEN = TreeSentence(("Bà con", "rất", "phấn khởi", "."), ("NOUN", "ADV", "ADJ", "PUNCT"), ("N", "R", "A", "CH"))
"""A sentence with words the tiny sentences do not have."""


def tiny_tree_sentences() -> list[TreeSentence]:
    """The hand-written sentences of test_parser with a made-up VLSP tag per UPOS."""
    out = []
    for sentence in TINY_SENTENCES:
        words, upos, heads, deprels = zip(*sentence, strict=True)
        out.append(TreeSentence(words, upos, tuple(f"x{u}" for u in upos), heads, deprels))
    return out


def is_projective_tree(heads: tuple[int, ...]) -> bool:
    """One word on the root, no cycle, and no arc crossing another."""
    if heads.count(0) != 1 or any(h == d for d, h in enumerate(heads, start=1)):
        return False
    for start in range(1, len(heads) + 1):
        node, seen = start, set()
        while node:
            if node in seen:
                return False
            seen.add(node)
            node = heads[node - 1]
    arcs = [tuple(sorted((d, h))) for d, h in enumerate(heads, start=1)]
    return not any(a < c < b < e for (a, b), (c, e) in itertools.permutations(arcs, 2))


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=1, max_value=6), st.integers(0, 10**6))
def test_best_tree_is_the_best_projective_tree(n: int, seed: int) -> None:
    scores = np.random.default_rng(seed).standard_normal((n + 1, n + 1))
    trees = [t for t in itertools.product(range(n + 1), repeat=n) if is_projective_tree(t)]
    best = max(trees, key=lambda t: sum(scores[h, d] for d, h in enumerate(t, start=1)))
    assert tuple(best_tree(scores)) == best


def random_parser(seed: int) -> BiaffineParser:
    """A parser over the tiny sentences' vocabularies with random weights (their scores do not matter)."""
    vocabularies = Vocabularies.of(tiny_tree_sentences(), min_count=1)
    rng = np.random.default_rng(seed)
    shapes = weight_shapes(vocabularies, SMALL)
    return BiaffineParser(SMALL, vocabularies, {k: rng.normal(0, 0.3, s).astype(np.float32) for k, s in shapes.items()})


def test_numpy_network_gives_pytorchs_scores() -> None:
    sentences = tiny_tree_sentences()
    parser = random_parser(0)
    network = _network(parser.vocabularies, parser.settings)
    network.load_state_dict({name: torch.from_numpy(w) for name, w in parser.weights.items()})
    network.eval()
    batch = encode(parser.vocabularies, [*sentences, UNSEEN])
    arcs, label_dep, label_head = parser.scores(batch)
    with torch.no_grad():
        ids = [torch.from_numpy(a) for a in (batch.words, batch.syllables, batch.upos, batch.xpos)]
        heads = torch.arange(batch.words.shape[1]).expand(len(batch.words), -1)  # every word its own label head
        torch_arcs, torch_dep, torch_head = network(*ids, torch.from_numpy(batch.lengths), heads)
    assert min(float(np.abs(a).max()) for a in arcs) > 1.0  # far from zero, so the comparison means something
    for b, (start, n) in enumerate(zip(batch.starts, batch.lengths, strict=True)):
        np.testing.assert_allclose(arcs[b], torch_arcs[b, :n, :n].numpy(), atol=1e-4)
        np.testing.assert_allclose(label_dep[start : start + n], torch_dep[b, :n].numpy(), atol=1e-5)
        np.testing.assert_allclose(label_head[start : start + n], torch_head[b, :n].numpy(), atol=1e-5)


@settings(max_examples=20, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=15), min_size=1, max_size=5), st.integers(0, 10**6))
def test_any_parse_is_one_tree_with_one_root(lengths: list[int], seed: int) -> None:
    rng = random.Random(seed)
    words = [w for s in TINY_SENTENCES for w, *_ in s]
    sentences = [TreeSentence(tuple(rng.choice(words) for _ in range(n)), ("NOUN",) * n, ("N",) * n) for n in lengths]
    for sentence, tree in zip(sentences, random_parser(seed).parse_many(sentences), strict=True):
        heads = tuple(head for head, _ in tree)
        assert len(tree) == len(sentence.words) and is_projective_tree(heads)
        assert [label for _, label in tree].count(ROOT_LABEL) == 1 and tree[heads.index(0)][1] == ROOT_LABEL


def test_training_learns_the_training_trees() -> None:
    sentences = tiny_tree_sentences()
    parser = train_biaffine_parser(sentences * 10, Settings(**{**SMALL.__dict__, "epochs": 30, "dropout": 0.1}))

    def attached(trees: list[list[tuple[int, str]]]) -> int:
        return sum(g == h for s, t in zip(sentences, trees, strict=True) for g, (h, _) in zip(s.heads, t, strict=True))

    words = sum(len(s.words) for s in sentences)
    assert attached(parser.parse_many(sentences)) / words >= 0.9
    assert attached(parser.parse_many(sentences)) > attached(random_parser(1).parse_many(sentences))


def test_training_is_deterministic_and_saving_keeps_the_parses(tmp_path: Path) -> None:
    sentences = tiny_tree_sentences()
    first = train_biaffine_parser(sentences, SMALL)
    second = train_biaffine_parser(sentences, SMALL)
    assert first.vocabularies == second.vocabularies
    for name, weights in first.weights.items():
        assert np.array_equal(weights, second.weights[name]), name
    first.save(tmp_path / "m.npz")
    loaded = load_biaffine_parser(tmp_path / "m.npz")
    assert loaded.settings == first.settings
    assert loaded.parse_many([*sentences, UNSEEN]) == first.parse_many([*sentences, UNSEEN])


def test_a_batch_parses_each_sentence_as_alone() -> None:
    sentences = tiny_tree_sentences()
    parser = train_biaffine_parser(sentences * 5, SMALL)
    assert parser.parse_many(sentences) == [parser.parse_many([s])[0] for s in sentences]
    assert parser.parse_many([]) == []
    empty = TreeSentence((), (), ())
    assert parser.parse_many([empty, sentences[0], empty]) == [[], parser.parse_many([sentences[0]])[0], []]
