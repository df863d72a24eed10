"""The `make_gazetteers` command; a shell over :mod:`danvan.cli.make_gazetteers` (see its --help)."""

import sys

from danvan.cli import run
from danvan.cli.make_gazetteers import main

if __name__ == "__main__":
    sys.exit(run(main))
