"""Agreement between two independent annotation passes (brat .ann): entity-level F1 overall and per type."""

from __future__ import annotations

import argparse
from pathlib import Path

from danvan.formats.brat import read_annotations, span_agreement
from danvan.model import NER_LABELS
from danvan.pipeline.ingest import read_raw


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("first", type=Path, help="folder of the first pass's .ann files (the reference)")
    parser.add_argument("second", type=Path, help="folder of the second pass's .ann files")
    parser.add_argument("--seeds", type=Path, default=Path("seeds"), help="raw texts (default: seeds)")
    parser.add_argument("--list", action="store_true", help="also list every disagreement")
    args = parser.parse_args(argv)
    first_all, second_all = [], []
    for ann in sorted(args.first.glob("*.ann")):
        raw = read_raw(args.seeds / f"{ann.stem}.txt").raw
        first = read_annotations(ann, raw)
        second = read_annotations(args.second / ann.name, raw)
        first_all += [(ann.stem, e) for e in first]
        second_all += [(ann.stem, e) for e in second]
        if args.list:
            a = {(e.start, e.end, e.label): e for e in first}
            b = {(e.start, e.end, e.label): e for e in second}
            for key in sorted(set(a) ^ set(b)):
                e = a.get(key) or b[key]
                line = raw.count("\n", 0, e.start) + 1
                side = "first only " if key in a else "second only"
                print(f"{ann.stem}:{line}\t{side}\t{e.label}\t{e.text}")
    # span_agreement works on entities; make them unique across files by shifting offsets per file
    shift = {stem: i * 10**7 for i, stem in enumerate(sorted({s for s, _ in first_all + second_all}))}

    def shifted(pairs):
        return [type(e)(e.start + shift[s], e.end + shift[s], e.label, e.text) for s, e in pairs]

    agreement = span_agreement(shifted(first_all), shifted(second_all))
    print(f"{'type':<6}{'first':>7}{'second':>8}{'precision':>11}{'recall':>8}{'F1':>8}")
    for label in ("ALL", *NER_LABELS):
        a = agreement[label]
        print(f"{label:<6}{a['reference']:>7}{a['other']:>8}{a['precision']:>11.4f}{a['recall']:>8.4f}{a['f1']:>8.4f}")
    return 0
