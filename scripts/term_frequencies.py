"""The `term_frequencies` command; a shell over :mod:`danvan.cli.term_frequencies` (see its --help)."""

import sys

from danvan.cli import run
from danvan.cli.term_frequencies import main

if __name__ == "__main__":
    sys.exit(run(main))
