"""Agreement between two independent annotation passes (brat .ann): entity-level F1 overall and per type."""

from __future__ import annotations

import json
from pathlib import Path

from danvan.cli import OneLineArgumentParser
from danvan.errors import CorpusError
from danvan.formats.brat import read_annotations, span_agreement
from danvan.model import NER_LABELS, Entity
from danvan.pipeline.ingest import read_raw


def pass_entities(first: Path, second: Path, seeds: Path, pattern: str) -> dict[str, tuple[tuple, tuple]]:
    """Each file stem's (first pass, second pass) entities, for every ``pattern`` file of the first pass."""
    files = sorted(first.glob(pattern))
    if not files:
        raise CorpusError(f"{first}: no {pattern} file")
    pairs = {}
    for ann in files:
        other = second / ann.name
        if not other.exists():
            raise CorpusError(f"{other}: missing (the first pass has {ann})")
        raw = read_raw(seeds / f"{ann.stem}.txt").raw
        pairs[ann.stem] = (
            read_annotations(ann, raw, check_edges=False),
            read_annotations(other, raw, check_edges=False),
        )
    return pairs


def main(argv: list[str] | None = None) -> int:
    """Parse the options, compare the passes, print the table (and record it in JSON)."""
    parser = OneLineArgumentParser(description=__doc__)
    parser.add_argument("first", type=Path, help="folder of the first pass's .ann files (the reference)")
    parser.add_argument("second", type=Path, help="folder of the second pass's .ann files")
    parser.add_argument("--seeds", type=Path, default=Path("seeds"), help="raw texts (default: seeds)")
    parser.add_argument("--glob", default="*.ann", help="which files of the first pass (default: *.ann)")
    parser.add_argument("--list", action="store_true", help="also list every disagreement")
    parser.add_argument("--json", type=Path, help="record the figures in this JSON file under --name")
    parser.add_argument("--name", default="passes", help="the record's name in --json (default: passes)")
    args = parser.parse_args(argv)
    pairs = pass_entities(args.first, args.second, args.seeds, args.glob)
    first_all: list[Entity] = []
    second_all: list[Entity] = []
    for index, (stem, (first, second)) in enumerate(sorted(pairs.items())):
        shift = index * 10**7  # span_agreement compares spans: make them unique across files

        def shifted(entities: tuple[Entity, ...], by: int = shift) -> list[Entity]:
            return [Entity(e.start + by, e.end + by, e.label, e.text) for e in entities]

        first_all += shifted(first)
        second_all += shifted(second)
        if args.list:
            a = {(e.start, e.end, e.label): e for e in first}
            b = {(e.start, e.end, e.label): e for e in second}
            for key in sorted(set(a) ^ set(b)):
                e = a.get(key) or b[key]
                side = "first only " if key in a else "second only"
                print(f"{stem}:{e.start}-{e.end}\t{side}\t{e.label}\t{e.text}")
    agreement = span_agreement(first_all, second_all)
    print(f"{len(pairs)} files; {'type':<6}{'first':>7}{'second':>8}{'precision':>11}{'recall':>8}{'F1':>8}")
    for label in ("ALL", *NER_LABELS):
        a = agreement[label]
        print(f"{label:<6}{a['reference']:>7}{a['other']:>8}{a['precision']:>11.4f}{a['recall']:>8.4f}{a['f1']:>8.4f}")
    if args.json:
        records = json.loads(args.json.read_text(encoding="utf-8")) if args.json.exists() else {}
        records[args.name] = {"files": len(pairs), "first": str(args.first), "second": str(args.second),
                              "glob": args.glob, "agreement": agreement}  # fmt: skip
        args.json.write_text(json.dumps(records, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return 0
