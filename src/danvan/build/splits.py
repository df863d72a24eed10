"""Document-level splits: near-duplicate groups kept together, gold balanced by entities per label.

Near-duplicates are found, not listed: two documents whose 5-word shingles overlap by at least
30% of the smaller set (the measure of ``../shared/news/political-near-duplicates.json``) are
linked, and linked documents form one group (connected components), so the same story from two
outlets never sits in train and test at once. Groups are assigned to ``train``/``validation``/
``test`` in a fixed order (largest first, ties by the sha256 of their first id) to the split where
they best close the gap to 80/10/10: for gold documents the gap is measured per entity label, so
every label reaches every split when the gold allows it; documents without gold are balanced by
count. A document listed in the seeds folder's ``splits.json`` (the assignment of an earlier release)
keeps its split, and so does its group; the other groups fill the gaps left beside them, so a growing
corpus never moves a document between splits. No library does grouped, label-stratified assignment of
whole groups with a fixed order (scikit-learn's StratifiedGroupKFold shuffles folds and is not a
dependency), hence this module.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from danvan.errors import CorpusError
from danvan.formats.hf_dataset import SPLITS

SPLIT_SHARES = {"train": 0.8, "validation": 0.1, "test": 0.1}
NEAR_DUPLICATES = "near-duplicates.json"
"""A file of the seeds folder listing known near-duplicate groups: ``{"groups": [[doc id, …], …]}``."""
PINNED_SPLITS = "splits.json"
"""A file of the seeds folder fixing documents' splits: ``{"splits": {doc id: split, …}}``."""
SHINGLE_WORDS = 5
NEAR_DUPLICATE_CONTAINMENT = 0.3


@dataclass(frozen=True)
class SplitItem:
    """What the assignment needs of one document: its id, its text and its gold entity counts (None: no gold)."""

    doc_id: str
    text: str
    gold_labels: Counter[str] | None = None


@dataclass
class _Group:
    ids: list[str]
    labels: Counter[str] = field(default_factory=Counter)

    @property
    def key(self) -> tuple[int, str]:
        return -sum(self.labels.values()) or -len(self.ids), hashlib.sha256(self.ids[0].encode("utf-8")).hexdigest()


def read_listed_groups(path: Path) -> list[list[str]]:
    """The groups of a near-duplicates file; CorpusError when it is not ``{"groups": [[id, …], …]}``."""
    try:
        groups = json.loads(path.read_text(encoding="utf-8")).get("groups")
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, AttributeError) as err:
        raise CorpusError(f"{path}: not a JSON object with a list of groups ({err})") from None
    if not isinstance(groups, list) or not all(
        isinstance(g, list) and all(isinstance(i, str) for i in g) for g in groups
    ):
        raise CorpusError(f"{path}: 'groups' must be a list of lists of document ids")
    return groups


def read_pinned_splits(path: Path) -> dict[str, str]:
    """The document → split mapping of a splits file; CorpusError when it is not ``{"splits": {id: split}}``
    with splits among train, validation and test."""
    try:
        pinned = json.loads(path.read_text(encoding="utf-8")).get("splits")
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, AttributeError) as err:
        raise CorpusError(f"{path}: not a JSON object with a mapping of splits ({err})") from None
    if not isinstance(pinned, dict) or not all(isinstance(i, str) for i in pinned):
        raise CorpusError(f"{path}: 'splits' must map document ids to splits")
    for doc_id, split in pinned.items():
        if split not in SPLITS:
            raise CorpusError(f"{path}: document {doc_id!r}: split {split!r} is not one of {', '.join(SPLITS)}")
    return pinned


def shingle_hashes(text: str, size: int = SHINGLE_WORDS) -> np.ndarray:
    """The text's lowercased word n-grams as 64-bit BLAKE2b digests, sorted and unique (eight bytes a shingle:
    a corpus's shingles held as tuples of words took hundreds of MB at 10,000 documents)."""
    words = text.lower().split()
    grams = {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}
    return np.unique(np.frombuffer(b"".join(hashlib.blake2b(g.encode("utf-8"), digest_size=8).digest() for g in grams),
                                   dtype="<u8"))  # fmt: skip


def near_duplicate_groups(
    texts: Mapping[str, str], listed: Sequence[Sequence[str]] = (), threshold: float = NEAR_DUPLICATE_CONTAINMENT
) -> list[list[str]]:
    """Groups of ids (each sorted, groups by first id) whose texts share ≥ ``threshold`` of the smaller shingle set,
    joined with the ``listed`` groups (ids absent from ``texts`` ignored); every id is in exactly one group.
    Shared shingles are counted one document at a time in the sorted array of every document's shingles (no
    all-pairs scan, no table of pairs)."""
    ids = sorted(texts)
    hashed = [shingle_hashes(texts[doc_id]) for doc_id in ids]
    sizes = [len(h) for h in hashed]
    values = np.concatenate(hashed) if ids else np.zeros(0, dtype="<u8")
    owners = np.repeat(np.arange(len(ids)), sizes)
    order = np.argsort(values, kind="stable")
    values, owners = values[order], owners[order]
    parent = list(range(len(ids)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(a: int, b: int) -> None:
        a, b = sorted((root(a), root(b)))
        parent[b] = a

    for a, own in enumerate(hashed):
        starts, ends = np.searchsorted(values, own, "left"), np.searchsorted(values, own, "right")
        runs = ends - starts  # the documents holding each of this document's shingles, itself included
        holders = owners[np.repeat(starts - np.cumsum(runs) + runs, runs) + np.arange(runs.sum())]
        others, shared = np.unique(holders[holders > a], return_counts=True)
        for b, count in zip(others.tolist(), shared.tolist(), strict=True):
            if count >= threshold * min(sizes[a], sizes[b]):
                join(a, b)
    index = {doc_id: i for i, doc_id in enumerate(ids)}
    for group in listed:
        present = sorted(index[doc_id] for doc_id in group if doc_id in index)
        for other in present[1:]:
            join(present[0], other)
    groups: dict[int, list[str]] = defaultdict(list)
    for i, doc_id in enumerate(ids):
        groups[root(i)].append(doc_id)
    return sorted(groups.values())


def _assign(groups: Sequence[_Group], by_label: bool, pinned: Mapping[str, str]) -> dict[str, str]:
    """Each group to the split that most reduces the squared relative gap to the target shares, the groups
    with a ``pinned`` document first, to that document's split."""
    totals: Counter[str] = Counter()
    for group in groups:
        totals.update(group.labels if by_label else {"documents": len(group.ids)})
    current = {split: Counter() for split in SPLITS}

    def gap(split: str, counts: Counter[str]) -> float:
        return sum((counts[k] - SPLIT_SHARES[split] * n) ** 2 / (SPLIT_SHARES[split] * n) for k, n in totals.items())

    chosen: dict[str, list[_Group]] = {split: [] for split in SPLITS}
    free = []
    for group in sorted(groups, key=lambda g: g.key):
        weights = group.labels if by_label else Counter({"documents": len(group.ids)})
        splits = {pinned[doc_id] for doc_id in group.ids if doc_id in pinned}
        if len(splits) > 1:
            listing = ", ".join(f"{doc_id} {pinned[doc_id]}" for doc_id in group.ids if doc_id in pinned)
            raise CorpusError(f"{PINNED_SPLITS}: near-duplicates pinned to different splits ({listing})")
        if splits:
            split = splits.pop()
            current[split].update(weights)
            chosen[split].append(group)
        else:
            free.append((group, weights))
    placed_freely: list[_Group] = []  # the groups train got by balance, not by a pin
    for group, weights in free:
        best = min(SPLITS, key=lambda s: (gap(s, current[s] + weights) - gap(s, current[s]), SPLITS.index(s)))
        current[best].update(weights)
        chosen[best].append(group)
        if best == "train":
            placed_freely.append(group)
    for split in ("test", "validation"):  # with three groups or more, no split stays empty (pins stay)
        if not chosen[split] and len(chosen["train"]) > 1 and placed_freely:
            moved = placed_freely.pop()
            chosen["train"].remove(moved)
            chosen[split].append(moved)
    return {doc_id: split for split, members in chosen.items() for group in members for doc_id in group.ids}


def assign_splits(
    items: Sequence[SplitItem], listed: Sequence[Sequence[str]] = (), pinned: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The split of every document id: near-duplicate groups (found, and ``listed``) together, in the split of a
    ``pinned`` member (ids absent from ``items`` ignored); the other gold groups balanced by entity label, the
    others by count. A group holding any gold document counts as gold."""
    pinned = pinned or {}
    by_id = {item.doc_id: item for item in items}
    gold_groups, other_groups = [], []
    for ids in near_duplicate_groups({item.doc_id: item.text for item in items}, listed):
        labels: Counter[str] = Counter()
        for doc_id in ids:
            labels.update(by_id[doc_id].gold_labels or {})
        has_gold = any(by_id[doc_id].gold_labels is not None for doc_id in ids)
        (gold_groups if has_gold else other_groups).append(_Group(ids, labels))
    return {**_assign(gold_groups, True, pinned), **_assign(other_groups, False, pinned)}
