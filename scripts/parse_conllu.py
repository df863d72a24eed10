"""The `parse_conllu` command; a shell over :mod:`danvan.cli.parse_conllu` (see its --help)."""

import sys

from danvan.cli import run
from danvan.cli.parse_conllu import main

if __name__ == "__main__":
    sys.exit(run(main))
