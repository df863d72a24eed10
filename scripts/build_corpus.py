"""The `build_corpus` command; a shell over :mod:`danvan.cli.build_corpus` (see its --help)."""

import sys

from danvan.cli import run
from danvan.cli.build_corpus import main

if __name__ == "__main__":
    sys.exit(run(main))
