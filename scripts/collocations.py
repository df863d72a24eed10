"""The `collocations` command; a shell over :mod:`danvan.cli.collocations` (see its --help)."""

import sys

from danvan.cli import run
from danvan.cli.collocations import main

if __name__ == "__main__":
    sys.exit(run(main))
