"""The command-line mains, one module per command; ``run`` turns a CorpusError into one line and exit 2."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import NoReturn

from danvan.errors import CorpusError


def run(main: Callable[[list[str] | None], int], argv: list[str] | None = None) -> int:
    """Call ``main(argv)``; a CorpusError becomes ``error: <message>`` on stderr and exit status 2 (an
    argument error's or ``--help``'s exit status is returned too, so a caller in-process gets it)."""
    try:
        return main(argv)
    except SystemExit as exit:
        return exit.code if isinstance(exit.code, int) else 2
    except CorpusError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


class OneLineArgumentParser(argparse.ArgumentParser):
    """An argument parser whose errors are one line on stderr and exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message}\n")


def positive_int(text: str) -> int:
    """An argparse type: an integer ≥ 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an integer") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is not at least 1")
    return value


def check_writable(paths: Iterable[Path | None]) -> None:
    """CorpusError for the first output file whose folder is missing or not writable (checked before long work)."""
    for path in paths:
        if path is not None and (not path.parent.is_dir() or not os.access(path.parent, os.W_OK)):
            raise CorpusError(f"{path}: cannot write there (no such folder, or not writable)")
