"""The `make_clusters` command; a shell over :mod:`danvan.cli.make_clusters` (see its --help)."""

import sys

from danvan.cli import run
from danvan.cli.make_clusters import main

if __name__ == "__main__":
    sys.exit(run(main))
