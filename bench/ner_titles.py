"""The NER model on titles before a name in general news: labelled contexts, scored exactly.

The guidelines keep titles, ranks and honorifics out of a PER ("PGS.TS Đồng Văn Hệ" → PER "Đồng Văn Hệ";
"Tổng thống Mỹ …" → LOC "Mỹ"). `bench/data/title_contexts.tsv` holds 120 places in unlabelled general news
(../shared/news/general-news.jsonl.gz, none in the gold) where a title word is followed by a capitalized
word, with the entity that begins there as an independent annotator labelled it. Each article is tagged
(words, POS, NER; no parse); a context counts as right when the model predicts that entity exactly (span
and type). Also printed: predicted entities that contain the title although the labelled one does not.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import sys
from collections import Counter
from pathlib import Path

from tqdm import tqdm

ROOT = Path(__file__).resolve().parents[1]
NEWS = ROOT.parent / "shared" / "news" / "general-news.jsonl.gz"
CONTEXTS = ROOT / "bench" / "data" / "title_contexts.tsv"


def read_contexts(path: Path) -> list[dict[str, str]]:
    """The labelled contexts (the file's '#' lines are its description)."""
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--news", type=Path, default=NEWS, help=f"general news, JSON lines (default: {NEWS})")
    ap.add_argument("--contexts", type=Path, default=CONTEXTS, help=f"labelled contexts (default: {CONTEXTS})")
    args = ap.parse_args()
    from danvan.pipeline.annotate import tag_document
    from danvan.pipeline.ner import load_ner_tagger

    contexts = read_contexts(args.contexts)
    wanted = {row["doc"] for row in contexts}
    with gzip.open(args.news, "rt", encoding="utf-8") as lines:
        articles = {str(a["id"]): a["raw"] for a in map(json.loads, lines) if str(a["id"]) in wanted}
    tagger = load_ner_tagger()
    predicted: dict[str, set[tuple[int, int, str]]] = {}
    for doc, raw in tqdm(sorted(articles.items()), desc="articles", unit="doc"):
        document = tag_document(doc, raw, tagger)
        predicted[doc] = {(e.start, e.end, e.label) for s in document.sentences for e in s.entities}
    right, total, containing = Counter(), Counter(), 0
    for row in contexts:
        if row["label"] == "NONE":
            continue
        group = "HLV" if row["title"].lower().rstrip(".") == "hlv" else "other titles"
        start, end, title_at = int(row["entity_start"]), int(row["entity_end"]), int(row["title_start"])
        total[group] += 1
        right[group] += (start, end, row["label"]) in predicted[row["doc"]]
        containing += start > title_at and any(s <= title_at < e for s, e, _ in predicted[row["doc"]])
    print(f"model {tagger.name}; {len(contexts)} contexts in {len(articles)} articles")
    for group in (*sorted(total), "all"):
        n, k = (sum(total.values()), sum(right.values())) if group == "all" else (total[group], right[group])
        print(f"  {group:<14} exact {k}/{n} = {k / n:.3f}")
    print(f"  predicted entities containing the title: {containing}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
