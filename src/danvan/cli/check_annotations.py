"""Check gold NER files (brat .ann) against their raw seed texts; one line per problem, exit 2 if any."""

from __future__ import annotations

import sys
from pathlib import Path

from danvan.cli import OneLineArgumentParser
from danvan.errors import CorpusError
from danvan.formats.brat import annotation_problems
from danvan.model import KEPT_ZONE_KINDS
from danvan.pipeline.ingest import read_raw
from danvan.pipeline.zoning import zone_text


def main(argv: list[str] | None = None) -> int:
    """Check every file given, print one line per problem and a summary."""
    parser = OneLineArgumentParser(description=__doc__)
    parser.add_argument(
        "paths",
        nargs="*",
        type=Path,
        default=[Path("annotations")],
        help=".ann files or folders (default: annotations)",
    )
    parser.add_argument("--seeds", type=Path, default=Path("seeds"), help="folder of the raw texts (default: seeds)")
    args = parser.parse_args(argv)
    files = sorted(f for p in args.paths for f in (sorted(p.glob("*.ann")) if p.is_dir() else [p]))
    problems: list[str] = []
    entities = 0
    for ann in files:
        raw_path = args.seeds / f"{ann.stem}.txt"
        try:
            raw = read_raw(raw_path).raw
        except (CorpusError, FileNotFoundError) as err:
            problems.append(f"{ann}: no readable raw text {raw_path} ({err})")
            continue
        found, file_problems = annotation_problems(ann, raw)
        entities += len(found)
        problems.extend(file_problems)
        kept = [z for z in zone_text(raw) if z.kind in KEPT_ZONE_KINDS]
        for e in found:  # the build refuses these too: the corpus keeps no text there
            if not any(z.start <= e.start and e.end <= z.end for z in kept):
                line = raw.count("\n", 0, e.start) + 1
                problems.append(f"{ann}: span {e.label} {e.start}-{e.end} {e.text!r}: line {line} is not kept text")
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"{len(files)} files, {entities} valid spans, {len(problems)} problems")
    return 2 if problems else 0
