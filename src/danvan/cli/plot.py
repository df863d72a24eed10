"""Dispersion plot of one or more terms (words, phrases or ``*``/``?`` patterns) across the corpus, as PNG or
SVG (by the --out suffix): one row per term, a tick at each hit, documents separated by grey lines."""

from __future__ import annotations

from pathlib import Path

from danvan.cli import OneLineArgumentParser
from danvan.errors import CorpusError
from danvan.model import KEPT_ZONE_KINDS
from danvan.stats.units import LEVELS

PLOT_FORMATS = (".png", ".svg")


def main(argv: list[str] | None = None) -> int:
    """Parse the options, find the hits, write the figure."""
    parser = OneLineArgumentParser(description=__doc__)
    parser.add_argument("terms", nargs="+", metavar="TERM", help='e.g. "dân vận" "dân vận khéo"')
    parser.add_argument("--out", type=Path, required=True, help="figure to write: .png or .svg")
    parser.add_argument("--corpus", type=Path, default=Path("corpus"), help="built corpus folder (default: corpus)")
    parser.add_argument("--level", choices=LEVELS, default="word", help="unit: word or syllable (default: word)")
    parser.add_argument("--all-zones", action="store_true", help="every kept zone, not only the body")
    args = parser.parse_args(argv)
    if args.out.suffix.lower() not in PLOT_FORMATS:
        parser.error(f"--out {args.out}: expected a .png or .svg file")

    from danvan.stats.plotting import dispersion_figure
    from danvan.stats.units import DEFAULT_ZONES, read_corpus, select_units

    zones = KEPT_ZONE_KINDS if args.all_zones else DEFAULT_ZONES
    units = select_units(read_corpus(args.corpus).words, args.level, zones=zones)
    figure = dispersion_figure(units, args.terms)
    metadata = {"Date": None} if args.out.suffix.lower() == ".svg" else {"Software": None}
    import matplotlib

    try:
        with matplotlib.rc_context({"svg.hashsalt": "danvan"}):  # SVG ids from a fixed salt, not at random
            figure.savefig(args.out, metadata=metadata)
    except OSError as err:
        raise CorpusError(f"{args.out}: cannot write ({err.strerror or err})") from None
    print(f"wrote {args.out}")
    return 0
