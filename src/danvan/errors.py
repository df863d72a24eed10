"""The project's one error family: messages name the file, the position and what was expected."""


class CorpusError(Exception):
    """A problem with an input file, reported as one line (file, line or offset, what is wrong)."""
