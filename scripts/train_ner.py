"""The `train_ner` command; a shell over :mod:`danvan.cli.train_ner` (see its --help)."""

import sys

from danvan.cli import run
from danvan.cli.train_ner import main

if __name__ == "__main__":
    sys.exit(run(main))
