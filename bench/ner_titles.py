"""An unlabelled check of the NER model on general news: titles before a name must stay outside the entity.

The guidelines keep titles, ranks and honorifics out of a PER ("PGS.TS Đồng Văn Hệ" → PER "Đồng Văn Hệ").
No gold is needed to count the model's breaches on news it never saw: predicted entities that begin with a
title ("PGS.TS …", "Tổng thống …"), and the tag of the capitalized word right after a title word (B-PER
where a name begins). Articles: lines --start to --start + --count of ../shared/news/general-news.jsonl.gz
(unlabelled; none in the gold). Words, POS and NER only (no parse).
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections import Counter
from itertools import pairwise
from pathlib import Path

from tqdm import tqdm

ROOT = Path(__file__).resolve().parents[1]
NEWS = ROOT.parent / "shared" / "news" / "general-news.jsonl.gz"
TITLES = frozenset(
    "gs pgs ts ths bs ks ls tskh gs.ts pgs.ts ts.bs ths.bs bsckii bscki nsnd nsưt ngnd ngưt hlv".split()
    + ["giáo sư", "tiến sĩ", "thạc sĩ", "bác sĩ", "kỹ sư", "luật sư", "tổng thống", "ngoại trưởng", "nghệ sĩ",
       "nhà văn", "nhà thơ", "đại sứ", "hòa thượng", "thượng tọa", "linh mục", "giám mục", "thượng nghị sĩ",
       "nhạc sĩ", "họa sĩ", "ca sĩ", "đạo diễn", "huấn luyện viên"]  # fmt: skip
)
"""Titles written before a name, lowercase, without a final full stop (a sample, not the model's lexicon)."""


def is_title(text: str) -> bool:
    return text.lower().rstrip(".") in TITLES


def begins_with_title(text: str) -> bool:
    """Whether an entity's text starts with a title: "PGS.TS Đồng Văn Hệ", "Tổng thống Putin"."""
    lower = text.lower()
    return any(lower.startswith(title) and lower[len(title) : len(title) + 1] in (" ", ".", "") for title in TITLES)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--news", type=Path, default=NEWS, help=f"general news, JSON lines (default: {NEWS})")
    ap.add_argument("--start", type=int, default=2000, help="first line read (default: 2000)")
    ap.add_argument("--count", type=int, default=400, help="articles (default: 400)")
    args = ap.parse_args()
    from danvan.pipeline.annotate import tag_document
    from danvan.pipeline.ner import load_ner_tagger

    tagger = load_ner_tagger()
    with gzip.open(args.news, "rt", encoding="utf-8") as lines:
        articles = [json.loads(line) for i, line in enumerate(lines) if args.start <= i < args.start + args.count]
    entities, titled, after_title = Counter(), Counter(), Counter()
    for article in tqdm(articles, desc="articles", unit="doc"):
        document = tag_document(str(article["id"]), article["raw"], tagger)
        for sentence in document.sentences:
            for entity in sentence.entities:
                entities[entity.label] += 1
                titled[entity.label] += begins_with_title(document.raw[entity.start : entity.end])
            for token, following in pairwise(sentence.tokens):
                if is_title(token.text) and following.text[:1].isupper():
                    after_title[following.ner] += 1
    print(f"model {tagger.name}; {len(articles)} articles (lines {args.start}–{args.start + len(articles) - 1})")
    print(f"entities: {sum(entities.values())} ({', '.join(f'{k} {v}' for k, v in sorted(entities.items()))})")
    print(f"entities beginning with a title: {sum(titled.values())} "
          f"({', '.join(f'{k} {v}' for k, v in sorted(titled.items()) if v)})")  # fmt: skip
    print(f"capitalized word after a title word, {sum(after_title.values())}: "
          + ", ".join(f"{k} {v}" for k, v in after_title.most_common()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
