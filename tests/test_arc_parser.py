"""The arc-hybrid parser: its oracle, training, batching, saving and the trees it gives."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from danvan.arc_parser import (
    ROOT_LABEL,
    ArcParser,
    Settings,
    TreeSentence,
    _Oracle,
    _Parses,
    load_arc_parser,
    train_arc_parser,
)
from tests.test_parser import TINY_SENTENCES

LABELS = ("<null>", "dep", "nsubj", "obj", ROOT_LABEL)


def tiny_tree_sentences() -> list[TreeSentence]:
    """The hand-written sentences of test_parser with a made-up VLSP tag per UPOS."""
    out = []
    for sentence in TINY_SENTENCES:
        words, upos, heads, deprels = zip(*sentence, strict=True)
        out.append(TreeSentence(words, upos, tuple(f"x{u}" for u in upos), heads, deprels))
    return out


def projective_heads(n: int, rng: random.Random) -> list[int]:
    """1-based heads of a random projective tree over n words with one word on the root."""
    heads = [0] * n

    def attach(start: int, end: int, head: int) -> None:
        if start >= end:
            return
        root = rng.randrange(start, end)
        heads[root] = head
        attach(start, root, root + 1)
        attach(root + 1, end, root + 1)

    attach(0, n, 0)
    return heads


def sentence_with_heads(heads: list[int], rng: random.Random) -> TreeSentence:
    """A sentence of made-up words over the given tree, labelled at random (``root`` for the root)."""
    labels = [ROOT_LABEL if h == 0 else rng.choice(LABELS[1:-1]) for h in heads]
    words = tuple(f"w{rng.randrange(5)}" for _ in heads)
    return TreeSentence(words, ("NOUN",) * len(heads), ("N",) * len(heads), tuple(heads), tuple(labels))


def untrained(sentences: list[TreeSentence]) -> ArcParser:
    """A parser with random weights over the sentences' vocabulary (its scores do not matter)."""
    return train_arc_parser(sentences, Settings(epochs=0))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=12), min_size=1, max_size=6), st.integers(0, 10**6))
def test_zero_cost_transitions_rebuild_every_projective_tree(lengths: list[int], seed: int) -> None:
    rng = random.Random(seed)
    sentences = [sentence_with_heads(projective_heads(n, rng), rng) for n in lengths]
    parser = untrained(sentences)
    n_labels = len(parser.labels)
    parses = _Parses([parser.ids(s) for s in sentences])
    oracle = _Oracle(parses, sentences, {d: i for i, d in enumerate(parser.labels)})
    rows = parses.active()
    while len(rows):
        valid = parses.valid(rows, n_labels, parser.root_label)
        cost = np.where(valid, oracle.costs(parses, rows, n_labels), 10**9)
        assert (cost.min(axis=1) == 0).all()
        choice = np.array([rng.choice(np.flatnonzero(c == 0)) for c in cost])
        oracle.update(parses, rows, choice)
        parses.apply(rows, choice, n_labels)
        rows = parses.active()
    for sentence, (heads, labels) in zip(sentences, parses.trees(), strict=True):
        assert tuple(heads) == sentence.heads
        assert tuple(parser.labels[label] for label in labels) == sentence.deprels


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=15), min_size=1, max_size=5), st.integers(0, 10**6))
def test_any_parse_is_one_tree_with_one_root(lengths: list[int], seed: int) -> None:
    rng = random.Random(seed)
    sentences = [sentence_with_heads(projective_heads(n, rng), rng) for n in lengths]
    for sentence, tree in zip(sentences, untrained(sentences).parse_many(sentences), strict=True):
        heads = [head for head, _ in tree]
        assert len(tree) == len(sentence.words)
        assert heads.count(0) == 1
        assert [label for _, label in tree].count(ROOT_LABEL) == 1
        assert tree[heads.index(0)][1] == ROOT_LABEL
        for start in range(1, len(heads) + 1):  # every word reaches the root without a cycle
            node, seen = start, set()
            while node:
                assert node not in seen
                seen.add(node)
                node = heads[node - 1]


def test_training_learns_the_training_trees() -> None:
    sentences = tiny_tree_sentences()
    parser = train_arc_parser(sentences * 10, Settings(epochs=15, batch_size=16, seed=3))
    trees = parser.parse_many(sentences)
    arcs = [(g, p) for s, t in zip(sentences, trees, strict=True) for g, p in zip(s.heads, t, strict=True)]
    attached = sum(gold == head for gold, (head, _) in arcs)
    assert attached / len(arcs) >= 0.9
    untrained_trees = untrained(sentences).parse_many(sentences)
    untrained_attached = sum(
        g == h for s, t in zip(sentences, untrained_trees, strict=True) for g, (h, _) in zip(s.heads, t, strict=True)
    )
    assert attached > untrained_attached


def test_training_is_deterministic_and_saving_keeps_the_parses(tmp_path: Path) -> None:
    sentences = tiny_tree_sentences()
    first = train_arc_parser(sentences, Settings(epochs=3, seed=5))
    second = train_arc_parser(sentences, Settings(epochs=3, seed=5))
    assert first.vocabularies == second.vocabularies and first.labels == second.labels
    for name, weights in first.weights.items():
        assert np.array_equal(weights, second.weights[name]), name
    first.save(tmp_path / "m.npz")
    loaded = load_arc_parser(tmp_path / "m.npz")
    unseen = TreeSentence(("Bà con", "rất", "phấn khởi", "."), ("NOUN", "ADV", "ADJ", "PUNCT"), ("N", "R", "A", "CH"))
    assert loaded.parse_many([*sentences, unseen]) == first.parse_many([*sentences, unseen])


def test_a_batch_parses_each_sentence_as_alone() -> None:
    sentences = tiny_tree_sentences()
    parser = train_arc_parser(sentences * 5, Settings(epochs=3, seed=7))
    batch = parser.parse_many(sentences)
    assert batch == [parser.parse_many([s])[0] for s in sentences]
    assert parser.parse_many([]) == []


def test_batched_scores_equal_the_feature_scores() -> None:
    sentences = tiny_tree_sentences()
    parser = train_arc_parser(sentences * 5, Settings(epochs=2, seed=11))
    parses = _Parses([parser.ids(s) for s in sentences])
    n_labels = len(parser.labels)
    rows = parses.active()
    while len(rows):  # the reference: scores from the full feature vectors, as in training
        scores = parser.scores(parses.features(rows))
        scores[~parses.valid(rows, n_labels, parser.root_label)] = -np.inf
        parses.apply(rows, scores.argmax(axis=1), n_labels)
        rows = parses.active()
    reference = [[(h, parser.labels[label]) for h, label in zip(*tree, strict=True)] for tree in parses.trees()]
    assert parser.parse_many(sentences) == reference
