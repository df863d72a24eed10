"""Splits: near-duplicates found and kept together, gold balanced by label, deterministic; on the committed corpus."""

import json
from collections import Counter
from pathlib import Path

import datasets
import pytest

from danvan.build.splits import (
    SplitItem,
    assign_splits,
    near_duplicate_groups,
    read_listed_groups,
    read_pinned_splits,
    shingle_hashes,
)
from danvan.errors import CorpusError
from danvan.formats.hf_dataset import SPLITS
from tests.conftest import ROOT

STORY = " ".join(f"câu thứ {i} của bài báo về công tác dân vận ở xã" for i in range(40))


def test_near_duplicates_are_found_through_shared_shingles_and_listed_groups() -> None:
    texts = {
        "a": STORY,
        "b": "Tiêu đề khác. " + STORY[: len(STORY) // 2],  # half of a: contained in a
        "c": "Một bài hoàn toàn khác về thời tiết " * 20,
        "d": "Bài thứ tư nói về giao thông nông thôn " * 20,
    }
    assert near_duplicate_groups(texts) == [["a", "b"], ["c"], ["d"]]
    assert near_duplicate_groups(texts, listed=[["c", "d", "not-here"]]) == [["a", "b"], ["c", "d"]]


def test_shingle_hashes_are_one_per_distinct_lowercased_shingle() -> None:
    text = "Một hai ba bốn năm sáu. một HAI ba bốn năm"
    hashes = shingle_hashes(text)
    assert len(hashes) == 6 and list(hashes) == sorted(set(hashes.tolist()))  # 7 shingles, "một hai ba bốn năm" twice
    assert set(shingle_hashes("MỘT hai ba bốn năm").tolist()) < set(hashes.tolist())
    assert len(shingle_hashes("một hai ba bốn")) == 0
    assert list(shingle_hashes(text)) == list(hashes)  # deterministic


def test_gold_is_balanced_by_label_and_groups_stay_together() -> None:
    items = [
        SplitItem(f"doc{i:02d}", f"văn bản số {i} " * 30 + str(i), Counter({"PER": 10 + i % 3, "LOC": 2, "MISC": 1}))
        for i in range(30)
    ]
    items.append(SplitItem("copy", items[0].text, Counter({"PER": 10, "LOC": 2, "MISC": 1})))
    splits = assign_splits(items)
    assert splits == assign_splits(list(reversed(items)))
    assert splits["copy"] == splits["doc00"]
    per_split = {s: Counter() for s in SPLITS}
    for item in items:
        per_split[splits[item.doc_id]].update(item.gold_labels)
    total = sum(sum(c.values()) for c in per_split.values())
    shares = [sum(per_split[s].values()) / total for s in SPLITS]
    assert abs(shares[0] - 0.8) < 0.05 and abs(shares[1] - 0.1) < 0.05 and abs(shares[2] - 0.1) < 0.05
    assert all(set(per_split[s]) == {"PER", "LOC", "MISC"} for s in SPLITS)


def test_three_documents_without_gold_fill_every_split() -> None:
    items = [SplitItem(f"d{i}", f"bài {i} " * 10) for i in range(3)]
    assert sorted(assign_splits(items).values()) == ["test", "train", "validation"]


def test_pinned_documents_keep_their_split_and_the_others_fill_the_gaps(tmp_path: Path) -> None:
    items = [
        SplitItem(f"doc{i:02d}", f"văn bản số {i} " * 30 + str(i), Counter({"PER": 10, "ORG": 5})) for i in range(20)
    ]
    items.append(SplitItem("copy", items[0].text, Counter({"PER": 10, "ORG": 5})))
    pinned = {f"doc{i:02d}": "train" for i in range(10)}  # half the gold pinned to train: the rest must balance
    splits = assign_splits(items, pinned=pinned)
    assert all(splits[doc_id] == "train" for doc_id in pinned) and splits["copy"] == "train"
    free = Counter(splits[f"doc{i:02d}"] for i in range(10, 20))
    assert free == {"train": 6, "validation": 2, "test": 2}, free  # 16/20 in train overall, 2 and 2 beside
    assert assign_splits(items, pinned={**pinned, "not-in-the-corpus": "test"}) == splits
    unpinned = assign_splits(items)
    repinned = assign_splits([*items, SplitItem("new", "một bài mới " * 20, Counter({"LOC": 3}))], pinned=unpinned)
    assert all(repinned[doc_id] == split for doc_id, split in unpinned.items())


def test_near_duplicates_pinned_to_two_splits_are_refused() -> None:
    items = [SplitItem("a", "cùng một bài viết " * 20, Counter({"PER": 1})), SplitItem("b", "cùng một bài viết " * 20)]
    with pytest.raises(CorpusError, match="pinned to different splits .a train, b test."):
        assign_splits(items, pinned={"a": "train", "b": "test"})


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[1, 2]", "not a JSON object"),
        ('{"splits": ["a"]}', "must map document ids to splits"),
        ('{"splits": {"a": "dev"}}', "document 'a': split 'dev' is not one of train, validation, test"),
    ],
)
def test_bad_splits_files_are_refused(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "splits.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CorpusError, match=message):
        read_pinned_splits(path)


def test_committed_corpus_splits_hold_every_label_and_keep_listed_near_duplicates_together() -> None:
    split_of = {}
    labels = {s: Counter() for s in SPLITS}
    for split in SPLITS:
        for row in datasets.load_dataset(str(ROOT / "corpus"), "ner", split=split):
            split_of[row["doc_id"]] = split
            labels[split].update(e["label"] for e in row["entities"])
    for group in read_listed_groups(ROOT / "seeds" / "near-duplicates.json"):
        assert len({split_of[doc_id] for doc_id in group}) == 1, group
    for doc_id, split in read_pinned_splits(ROOT / "seeds" / "splits.json").items():
        assert split_of[doc_id] == split, doc_id
    for split in SPLITS:
        assert set(labels[split]) == {"PER", "ORG", "LOC", "MISC"}, split
    entities = {s: sum(c.values()) for s, c in labels.items()}
    assert entities["train"] / sum(entities.values()) > 0.7 and min(entities.values()) > 0
    assert len(split_of) >= 45 and sum(entities.values()) >= 2000  # the gold the corpus promises
    manifest = json.loads(Path(ROOT / "corpus" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["counts"]["splits"] == {s: list(split_of.values()).count(s) for s in SPLITS}
