"""The `check_annotations` command; a shell over :mod:`danvan.cli.check_annotations` (see its --help)."""

import sys

from danvan.cli import run
from danvan.cli.check_annotations import main

if __name__ == "__main__":
    sys.exit(run(main))
