"""Write the place gazetteer the CRF NER reads (src/danvan/data/places.tsv) from well-kept sources.

- Vietnam's administrative units from the ``vietnam-provinces`` package: the installed release (the
  34 provinces and their wards after the 2025 reform) and, given with ``--legacy``, the
  ``nested-divisions.json`` of release 0.6.0 (the 63 provinces, their districts and communes, the
  units the news of 2016–2023 names). Names lose their administrative word ("Tỉnh", "Huyện", "Phường"…);
  names that are only a number ("Phường 1") are left out.
- Country and territory names in Vietnamese from CLDR, through ``babel``.

Run: pip install vietnam-provinces==2025.10.1 babel; pip download vietnam-provinces==0.6.0 --no-deps, unzip it,
then scripts/make_gazetteers.py --legacy PATH/vietnam_provinces/data/nested-divisions.json
"""

from __future__ import annotations

import json
import re
from importlib.metadata import version
from pathlib import Path

from danvan.cli import OneLineArgumentParser
from danvan.errors import CorpusError

ADMINISTRATIVE = re.compile(r"^(?:Thành phố|Tỉnh|Quận|Huyện|Thị xã|Thị trấn|Phường|Xã|Đặc khu)\s+", re.IGNORECASE)


def unit_name(name: str) -> str | None:
    """A unit's name without its administrative word, lowercase; None for a number-only name."""
    bare = ADMINISTRATIVE.sub("", name).strip()
    return None if not bare or bare.replace(" ", "").isdigit() else bare.lower()


def divisions(nested: list[dict]) -> list[tuple[str, str]]:
    """(category, name) of every province, district and commune of a ``nested-divisions.json``."""
    rows = []
    for province in nested:
        rows.append(("PROVINCE", unit_name(province["name"])))
        for district in province.get("districts", []):
            rows.append(("DISTRICT", unit_name(district["name"])))
            rows += [("COMMUNE", unit_name(ward["name"])) for ward in district.get("wards", [])]
        rows += [("COMMUNE", unit_name(ward["name"])) for ward in province.get("wards", [])]
    return [(category, name) for category, name in rows if name]


def main(argv: list[str] | None = None) -> int:
    """Parse the options, gather the names, write the table."""
    parser = OneLineArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--legacy", type=Path, required=True, help="nested-divisions.json of vietnam-provinces 0.6.0")
    parser.add_argument("--out", type=Path, default=Path("src/danvan/data/places.tsv"), help="table to write")
    args = parser.parse_args(argv)

    import vietnam_provinces
    from babel import Locale

    try:
        legacy = json.loads(args.legacy.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise CorpusError(f"{args.legacy}: not a nested-divisions.json ({err})") from None
    current = json.loads(Path(vietnam_provinces.NESTED_DIVISIONS_JSON_PATH).read_text(encoding="utf-8"))
    rows = set(divisions(legacy)) | set(divisions(current))
    rows |= {("COUNTRY", name.lower()) for code, name in Locale("vi").territories.items() if code.isalpha()}
    header = [
        "# Place names as CRF NER features (lowercase; category<TAB>name), made by scripts/make_gazetteers.py from",
        f"# vietnam-provinces {version('vietnam-provinces')} (2025 units) and 0.6.0 (63 provinces, districts,"
        f" communes), and CLDR territory names in Vietnamese via babel {version('babel')}.",
    ]
    lines = [f"{category}\t{name}" for category, name in sorted(rows)]
    args.out.write_text("\n".join([*header, *lines]) + "\n", encoding="utf-8")
    print(f"wrote {args.out}: {len(lines)} names")
    return 0
