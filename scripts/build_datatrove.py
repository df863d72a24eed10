"""The `build_datatrove` command; a shell over :mod:`danvan.cli.build_datatrove` (see its --help)."""

import sys

from danvan.cli import run
from danvan.cli.build_datatrove import main

if __name__ == "__main__":
    sys.exit(run(main))
