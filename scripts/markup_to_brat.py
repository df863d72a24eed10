"""Turn an annotator's inline markup (`[[LABEL surface]]`) into a brat `.ann` for the raw text.

Standard library only, so annotators can run it with any Python 3. It checks that the marked file
with its markup removed is the raw file character for character, and prints the first difference
otherwise; offsets are then computed from the raw text, never typed by hand.

Usage: python3 scripts/markup_to_brat.py RAW.txt MARKED.txt OUT.ann
"""

from __future__ import annotations

import argparse
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


def read_utf8(path: Path) -> str | None:
    """The file's text, or None after a one-line error on stderr (missing, unreadable, not UTF-8)."""
    try:
        return path.read_bytes().decode("utf-8")
    except OSError as err:
        print(f"{path}: cannot read it ({err.strerror or err})", file=sys.stderr)
    except UnicodeDecodeError as err:
        print(f"{path}: not UTF-8 at byte {err.start}", file=sys.stderr)
    return None


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("raw", type=Path, help="the raw text (.txt)")
    parser.add_argument("marked", type=Path, help="the same text with [[LABEL surface]] markup")
    parser.add_argument("out", type=Path, help="the brat .ann file to write")
    args = parser.parse_args(argv)
    raw_path, marked_path, out_path = args.raw, args.marked, args.out
    raw = read_utf8(raw_path)
    marked = read_utf8(marked_path) if raw is not None else None
    if raw is None or marked is None:
        return 2
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
    try:
        out_path.write_text("".join(lines), encoding="utf-8")
    except OSError as err:
        print(f"{out_path}: cannot write ({err.strerror or err})", file=sys.stderr)
        return 2
    print(f"{out_path}: {len(spans)} entities")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
