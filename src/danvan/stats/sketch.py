"""Word sketches: a word's grammatical collocates from the corpus's dependency trees, by relation, with
frequency and logDice (Rychlý 2008), as Sketch Engine's word sketch shows them.

A relation is a dependency label seen from the node: ``obj`` lists the node's objects, ``obj_of`` the
words whose object the node is. logDice = 14 + log₂(2·f(w,R,c) / (f(w,R,·) + f(·,R,c))): the pair's
frequency against the node's and the collocate's frequencies in that relation.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.compute as pc

from danvan.errors import CorpusError
from danvan.formats.labels import label_names
from danvan.pipeline.normalize import normalize_word
from danvan.stats.association import rank
from danvan.stats.units import DEFAULT_ZONES, config_table

PAIR_COLUMNS = ["sentence_id", "node", "relation", "collocate"]


def dependency_pairs(corpus: Path, zones: tuple[str, ...] = DEFAULT_ZONES) -> pd.DataFrame:
    """Every dependency of the sentences of ``zones`` read in both directions: (sentence_id, node,
    relation, collocate) with normalized forms; the head sees ``deprel``, the dependent ``deprel_of``.
    Roots and punctuation (``punct``) are left out."""
    if not corpus.is_dir():
        raise CorpusError(f"{corpus}: no such corpus folder")
    trees = config_table(corpus, "conllu", ["id", "heads", "deprels"])
    norms = config_table(corpus, "tokens", ["id", "norms"]).to_pandas().set_index("id")["norms"]
    sentences = config_table(corpus, "sentences", ["id", "zone"]).to_pandas().set_index("id")["zone"]
    head_lists = trees["heads"].combine_chunks()
    parent = pc.list_parent_indices(head_lists).to_numpy()
    offsets = head_lists.offsets.to_numpy() - head_lists.offsets[0].as_py()
    sentence_ids = trees["id"].to_numpy()
    word_norms = np.concatenate([np.asarray(norms.loc[s], dtype=object) for s in sentence_ids])
    heads = pc.list_flatten(head_lists).to_numpy(zero_copy_only=False).astype(np.int64)
    deprels = label_names(trees, "conllu", "deprels").to_numpy(zero_copy_only=False).astype(object)
    keep = (heads > 0) & (deprels != "punct") & sentences.loc[sentence_ids[parent]].isin(zones).to_numpy()
    dependent = np.flatnonzero(keep)
    head = offsets[parent[dependent]] + heads[dependent] - 1
    sid, rel = sentence_ids[parent[dependent]], deprels[dependent]
    forward = pd.DataFrame({"sentence_id": sid, "node": word_norms[head], "relation": rel,
                            "collocate": word_norms[dependent]})  # fmt: skip
    backward = pd.DataFrame({"sentence_id": sid, "node": word_norms[dependent],
                             "relation": [f"{r}_of" for r in rel], "collocate": word_norms[head]})  # fmt: skip
    return pd.concat([forward, backward], ignore_index=True)[PAIR_COLUMNS]


def word_sketch(pairs: pd.DataFrame, word: str, min_freq: int = 1, top: int | None = None) -> pd.DataFrame:
    """relation, collocate, freq, logdice of ``word`` (normalized as the corpus is); relations by their
    total frequency, collocates in each by logDice, then term; the first ``top`` per relation if given."""
    node = normalize_word(word.strip())
    if not node:
        raise CorpusError("sketch: empty word")
    mine = pairs[pairs["node"] == node]
    if mine.empty:
        return pd.DataFrame({"relation": [], "collocate": [], "freq": [], "logdice": []})
    pair_freq = mine.groupby(["relation", "collocate"]).size().rename("freq").reset_index()
    node_freq = pair_freq.groupby("relation")["freq"].transform("sum")
    relation_collocates = pairs[pairs["relation"].isin(pair_freq["relation"].unique())]
    collocate_freq = relation_collocates.groupby(["relation", "collocate"]).size()
    f_y = collocate_freq.loc[list(zip(pair_freq["relation"], pair_freq["collocate"], strict=True))].to_numpy()
    pair_freq["logdice"] = 14 + np.log2(2 * pair_freq["freq"] / (node_freq + f_y))
    pair_freq = pair_freq[pair_freq["freq"] >= min_freq]
    order = pair_freq.groupby("relation")["freq"].sum().sort_values(ascending=False, kind="stable")
    parts = []
    for relation in order.index:
        rows = pair_freq[pair_freq["relation"] == relation].rename(columns={"collocate": "term"})
        parts.append(rank(rows, "logdice", top).rename(columns={"term": "collocate"}))
    columns = ["relation", "collocate", "freq", "logdice"]
    return pd.concat(parts, ignore_index=True)[columns] if parts else pd.DataFrame(columns=columns)
