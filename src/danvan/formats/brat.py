"""Gold NER in brat standoff: reading and validating ``.ann`` files, and agreement between two of them."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from danvan.errors import CorpusError
from danvan.model import NER_LABELS, Entity

ANN_LINE = re.compile(r"T(\d+)\t(\S+) (\d+) (\d+)\t(.*)")
"""A brat text-bound annotation: ``T<n>\\t<LABEL> <start> <end>\\t<surface>``."""


def _is_edge_bad(char: str) -> bool:
    """Whitespace, punctuation, quotes and brackets may not begin or end a span."""
    return char.isspace() or unicodedata.category(char).startswith("P")


def annotation_problems(path: Path, raw: str, check_edges: bool = True) -> tuple[list[Entity], list[str]]:
    """Parse a brat ``.ann`` file against its raw text: (entities, one line per problem found). Without
    ``check_edges`` a span may begin or end with punctuation (annotation passes are kept as they were made)."""
    entities: list[Entity] = []
    problems: list[str] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as err:
        return [], [f"{path}: byte {err.start}: not valid UTF-8"]
    ids: dict[str, int] = {}
    for number, line in enumerate(lines, start=1):
        where = f"{path}:{number}"
        if not line.strip():
            continue
        match = ANN_LINE.fullmatch(line)
        if match is None:
            problems.append(f"{where}: not a brat text-bound line 'T<n>\\t<LABEL> <start> <end>\\t<text>': {line!r}")
            continue
        tid, label, start_text, end_text, surface = match.groups()
        if tid in ids:
            problems.append(f"{where}: id T{tid} already used on line {ids[tid]}")
            continue
        ids[tid] = number
        start, end = int(start_text), int(end_text)
        span = f"{label} {start}-{end} {surface!r}"
        if label not in NER_LABELS:
            problems.append(f"{where}: span {span}: label {label!r} not in {', '.join(NER_LABELS)}")
        elif not 0 <= start < end <= len(raw):
            problems.append(f"{where}: span {span}: offsets outside the text (length {len(raw)})")
        elif raw[start:end] != surface:
            problems.append(f"{where}: span {span}: the raw text there is {raw[start:end]!r}")
        elif check_edges and (_is_edge_bad(surface[0]) or _is_edge_bad(surface[-1])):
            problems.append(f"{where}: span {span}: begins or ends with whitespace, punctuation or a quote")
        else:
            entities.append(Entity(start, end, label, surface))
            continue
    ordered = sorted(entities, key=lambda e: (e.start, e.end))
    for previous, current in zip(ordered, ordered[1:], strict=False):
        if current.start < previous.end:
            number = next(i for i, line in enumerate(lines, 1) if f"\t{current.label} {current.start} " in line)
            problems.append(
                f"{path}:{number}: span {current.label} {current.start}-{current.end} {current.text!r}"
                f" overlaps {previous.label} {previous.start}-{previous.end} {previous.text!r}"
            )
    return ordered, problems


def read_annotations(path: Path, raw: str, check_edges: bool = True) -> tuple[Entity, ...]:
    """Gold entities of a document, sorted by offset; CorpusError on the first problem."""
    entities, problems = annotation_problems(path, raw, check_edges)
    if problems:
        raise CorpusError(problems[0] + (f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""))
    return tuple(entities)


def span_agreement(reference: list[Entity], other: list[Entity]) -> dict[str, dict[str, float]]:
    """Exact-match entity agreement (precision, recall, F1, counts) of ``other`` against ``reference``,
    overall (key ``"ALL"``) and per label."""
    result: dict[str, dict[str, float]] = {}
    for label in ("ALL", *NER_LABELS):
        ref = {(e.start, e.end, e.label) for e in reference if label in ("ALL", e.label)}
        oth = {(e.start, e.end, e.label) for e in other if label in ("ALL", e.label)}
        both = len(ref & oth)
        precision = both / len(oth) if oth else 1.0
        recall = both / len(ref) if ref else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        result[label] = {"precision": precision, "recall": recall, "f1": f1, "reference": len(ref), "other": len(oth)}
    return result


def ann_text(entities: tuple[Entity, ...]) -> str:
    """brat standoff text of ``entities``: ``T<n>\\t<LABEL> <start> <end>\\t<text>`` a line, in order."""
    return "".join(f"T{n}\t{e.label} {e.start} {e.end}\t{e.text}\n" for n, e in enumerate(entities, 1))
