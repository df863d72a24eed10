"""Turn an annotator's inline markup (`[[LABEL surface]]`) into a brat `.ann` for the raw text.

Standard library only, so annotators can run it with any Python 3. It checks that the marked file
with its markup removed is the raw file character for character, and prints the first difference
otherwise; offsets are then computed from the raw text, never typed by hand.

Usage: python3 scripts/markup_to_brat.py RAW.txt MARKED.txt OUT.ann
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

LABELS = ("PER", "ORG", "LOC", "MISC")
OPENERS = "\"'“”‘’([,.;:"
CLOSERS = "\"'“”‘’)],.;:"
MARK = re.compile(r"\[\[(PER|ORG|LOC|MISC) ([^\[\]]+?)\]\]")


def strip_markup(marked: str) -> tuple[str, list[tuple[str, int, int]]]:
    """The text without markup, and the (label, start, end) of every marked span in it."""
    parts: list[str] = []
    spans: list[tuple[str, int, int]] = []
    position = 0
    length = 0
    for match in MARK.finditer(marked):
        before = marked[position : match.start()]
        parts.append(before)
        length += len(before)
        label, surface = match.group(1), match.group(2)
        spans.append((label, length, length + len(surface)))
        parts.append(surface)
        length += len(surface)
        position = match.end()
    parts.append(marked[position:])
    return "".join(parts), spans


def first_difference(a: str, b: str) -> int:
    """Index of the first character where a and b differ."""
    for index, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            return index
    return min(len(a), len(b))


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    raw_path, marked_path, out_path = (Path(arg) for arg in argv)
    raw = raw_path.read_bytes().decode("utf-8")
    marked = marked_path.read_bytes().decode("utf-8")
    if "[[" in MARK.sub("", marked) or "]]" in MARK.sub("", marked):
        index = MARK.sub("", marked).find("[[")
        print(f"{marked_path}: malformed markup near {MARK.sub('', marked)[index : index + 60]!r}", file=sys.stderr)
        return 2
    text, spans = strip_markup(marked)
    if text != raw:
        index = first_difference(text, raw)
        line = raw.count("\n", 0, index) + 1
        print(
            f"{marked_path}: differs from {raw_path} at character {index} (line {line}):"
            f" marked {text[index : index + 40]!r} raw {raw[index : index + 40]!r}",
            file=sys.stderr,
        )
        return 2
    lines = []
    for number, (label, start, end) in enumerate(spans, 1):
        surface = raw[start:end]
        closing = surface[-1] == ")" and "(" in surface  # "Hội thánh … (miền Nam)"
        if surface != surface.strip() or surface[0] in OPENERS or (surface[-1] in CLOSERS and not closing):
            print(f"{marked_path}: span {surface!r} at {start} has space or punctuation at an edge", file=sys.stderr)
            return 2
        lines.append(f"T{number}\t{label} {start} {end}\t{surface}\n")
    Path(out_path).write_text("".join(lines), encoding="utf-8")
    print(f"{out_path}: {len(spans)} entities")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
