"""danvan: an annotated Vietnamese corpus of news about công tác dân vận, and its toolkit."""

__version__ = "0.1.0"
