"""The `annotation_agreement` command; a shell over :mod:`danvan.cli.annotation_agreement` (see its --help)."""

import sys

from danvan.cli import run
from danvan.cli.annotation_agreement import main

if __name__ == "__main__":
    sys.exit(run(main))
