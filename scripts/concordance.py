"""The `concordance` command; a shell over :mod:`danvan.cli.concordance` (see its --help)."""

import sys

from danvan.cli import run
from danvan.cli.concordance import main

if __name__ == "__main__":
    sys.exit(run(main))
