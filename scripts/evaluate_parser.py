"""The `evaluate_parser` command; a shell over :mod:`danvan.cli.evaluate_parser` (see its --help)."""

import sys

from danvan.cli import run
from danvan.cli.evaluate_parser import main

if __name__ == "__main__":
    sys.exit(run(main))
