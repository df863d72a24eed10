"""The `make_reference` command; a shell over :mod:`danvan.cli.make_reference` (see its --help)."""

import sys

from danvan.cli import run
from danvan.cli.make_reference import main

if __name__ == "__main__":
    sys.exit(run(main))
