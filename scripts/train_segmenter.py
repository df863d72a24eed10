"""The `train_segmenter` command; a shell over :mod:`danvan.cli.train_segmenter` (see its --help)."""

import sys

from danvan.cli import run
from danvan.cli.train_segmenter import main

if __name__ == "__main__":
    sys.exit(run(main))
