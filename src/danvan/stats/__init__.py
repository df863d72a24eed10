"""Corpus statistics for notebooks and the commands: units, frequencies, keyness, collocations, concordances.

The names below are the toolkit's API (``from danvan import stats``); each lives in one module of this package.
"""

from danvan.stats.association import MEASURES, rank
from danvan.stats.concordance import concordance
from danvan.stats.frequencies import juilland_d, keyness, term_frequencies, tf_idf
from danvan.stats.ngrams import ngram_collocations, window_collocates
from danvan.stats.units import (
    DEFAULT_STOPWORDS,
    read_corpus,
    read_raw_folder,
    read_source,
    read_stopwords,
    select_units,
)

__all__ = [
    "DEFAULT_STOPWORDS",
    "MEASURES",
    "concordance",
    "juilland_d",
    "keyness",
    "ngram_collocations",
    "rank",
    "read_corpus",
    "read_raw_folder",
    "read_source",
    "read_stopwords",
    "select_units",
    "term_frequencies",
    "tf_idf",
    "window_collocates",
]
