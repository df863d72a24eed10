"""``python -m danvan``: the ``danvan`` command."""

import sys

from danvan.cli.main import console

sys.exit(console())
