"""The `evaluate_ner` command; a shell over :mod:`danvan.cli.evaluate_ner` (see its --help)."""

import sys

from danvan.cli import run
from danvan.cli.evaluate_ner import main

if __name__ == "__main__":
    sys.exit(run(main))
