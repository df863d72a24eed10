"""danvan: an annotated Vietnamese corpus of news about công tác dân vận, and its toolkit.

``danvan.annotate(text)`` annotates a raw text (see :mod:`danvan.api`); ``danvan.stats`` counts a corpus.
"""

from danvan.api import annotate

__version__ = "0.1.0"
__all__ = ["annotate"]
