"""Zoning and sentences on a whole folder of raw news (default: the 184 pool articles), checked by rule.

No hand labels here (tests/data/zoning has those): each check is one a correct zoning must pass on any
article. Body lines are the lines the splitter cuts into two or more sentences of 40 syllables or more
in all (a multi-sentence line is never a caption); their non-space characters outside inline credits,
bylines and related links should be zoned body. Sentences must not end inside a domain, a URL, an
e-mail address or a numbered code, nor consist of punctuation only. Prints the figures and each failure.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

from tqdm import tqdm

from danvan.model import KEPT_ZONE_KINDS
from danvan.pipeline.segment import sentence_spans
from danvan.pipeline.zoning import line_spans, zone_text

DEFAULT_FOLDER = Path("../shared/news/political")
SPACED_DOMAIN = re.compile(r"\w\.$")
"""A sentence ending in a letter and a full stop, which cuts a domain when the next one starts with its suffix."""
DOMAIN_SUFFIX = re.compile(r"(?:vn|com|net|org|gov|edu|html?|php|aspx?)\b")
INLINE_KINDS = ("credit", "byline", "chrome", "duplicate", "caption")
"""Sub-line zones a body line may hold (a caption here is the one before an inline photo credit)."""


def check_article(raw: str) -> tuple[Counter[str], list[str]]:
    """Character counts by check and the failures of one article."""
    counts: Counter[str] = Counter()
    failures: list[str] = []
    zones = zone_text(raw)
    kind_at = {}
    for zone in zones:
        for i in range(zone.start, zone.end):
            kind_at[i] = zone.kind
    for zone in zones:
        if zone.kind in KEPT_ZONE_KINDS:
            counts[f"kept:{zone.kind}"] += sum(not c.isspace() for c in raw[zone.start : zone.end])
    for start, end in line_spans(raw):
        if len(sentence_spans(raw, start, end)) < 2 or len(raw[start:end].split()) < 40:
            continue
        line_zones = [z for z in zones if z.start < end and z.end > start]
        whole = len(line_zones) == 1
        for i in range(start, end):
            kind = kind_at.get(i, "none")
            if raw[i].isspace() or (kind in INLINE_KINDS and not whole):
                continue
            counts["body-line chars"] += 1
            counts["body-line chars zoned body"] += kind in ("body", "lead")
        if whole and line_zones[0].kind not in ("body", "lead"):
            failures.append(f"body line zoned {line_zones[0].kind}: {raw[start : start + 60]!r}")
    for zone in zones:
        if zone.kind not in KEPT_ZONE_KINDS:
            continue
        spans = sentence_spans(raw, zone.start, zone.end)
        counts["sentences"] += len(spans)
        for (s, e), following in zip(spans, spans[1:] + [(zone.end, zone.end)], strict=True):
            text = raw[s:e]
            if not any(c.isalnum() for c in text):
                counts["bare punctuation"] += 1
                failures.append(f"bare punctuation sentence {text!r}")
            after = raw[following[0] : following[0] + 8]
            touching = following[0] < zone.end and not raw[following[0] - 1].isspace()
            if touching or (SPACED_DOMAIN.search(text) and DOMAIN_SUFFIX.match(after)):
                counts["cut inside a token"] += 1
                failures.append(f"sentence cut inside a token: {raw[max(s, e - 30) : e]!r} | {after!r}")
    return counts, failures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_FOLDER, help="folder of .txt articles")
    args = parser.parse_args()
    files = sorted(args.folder.glob("*.txt"))
    total: Counter[str] = Counter()
    low_body = []
    for path in tqdm(files, desc="articles", disable=None):
        counts, failures = check_article(path.read_text(encoding="utf-8"))
        total += counts
        kept = sum(v for k, v in counts.items() if k.startswith("kept:"))
        if kept and counts["kept:body"] < kept / 2:
            low_body.append(f"{path.name}: body {counts['kept:body'] / kept:.0%} of the kept text")
        for failure in failures:
            print(f"{path.name}: {failure}")
    kept = sum(v for k, v in total.items() if k.startswith("kept:"))
    print(f"{len(files)} articles of {args.folder}; {total['sentences']} sentences")
    print(
        "kept text by zone: "
        + ", ".join(f"{k[5:]} {v / kept:.1%}" for k, v in sorted(total.items()) if k.startswith("kept:"))
    )
    share = total["body-line chars zoned body"] / max(1, total["body-line chars"])
    print(f"body lines: {total['body-line chars']} characters, {share:.4f} zoned body or lead")
    print(f"sentences cut inside a token: {total['cut inside a token']}; bare punctuation: {total['bare punctuation']}")
    print(f"documents with body under half the kept text: {len(low_body)}")
    for line in low_body:
        print(f"  {line}")


if __name__ == "__main__":
    main()
