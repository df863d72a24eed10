"""Check a hand-zoned file against its raw text and write its zones and sentence ends as JSON.

Usage: .venv/bin/python tests/data/zoning/zones_to_json.py RAW.txt ZONES.txt OUT.json
(the parsing is danvan.eval.zoning.parse_zoned, which the tests use).
"""

import json
import sys
from pathlib import Path

from danvan.errors import CorpusError
from danvan.eval.zoning import parse_zoned


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    raw_path, zoned_path, out_path = (Path(a) for a in argv)
    try:
        text, gold = parse_zoned(zoned_path.read_text(encoding="utf-8"))
    except CorpusError as err:
        print(f"{zoned_path}: {err}", file=sys.stderr)
        return 2
    raw = raw_path.read_bytes().decode("utf-8")
    if text != raw:
        index = next((k for k, (a, b) in enumerate(zip(text, raw, strict=False)) if a != b), min(len(text), len(raw)))
        print(f"{zoned_path}: differs from the raw text at character {index}", file=sys.stderr)
        return 2
    Path(out_path).write_text(json.dumps(gold) + "\n", encoding="utf-8")
    print(f"{out_path}: {len(gold['zones'])} zones, {len(gold['sentence_ends'])} sentence ends")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
