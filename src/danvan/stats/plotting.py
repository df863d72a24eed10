"""Matplotlib for Vietnamese text: a font that has every Vietnamese glyph, a check that it has them, and the
dispersion plot of ``danvan plot``.

Vietnamese writes tones and vowel qualities as diacritics ("ậ" = a + circumflex + dot below); a font
without the precomposed letters draws them as empty boxes ("tofu") and matplotlib only warns
("Glyph … missing from font(s)"). Checks run on NFC text, the form the corpus stores.
"""

from __future__ import annotations

import string
import unicodedata
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.ft2font import FT2Font

from danvan.errors import CorpusError
from danvan.stats.ngrams import find_query

VIETNAMESE_FONT = "DejaVu Sans"
"""A family that ships with matplotlib and covers Vietnamese (Latin-1, Latin Extended-A and Additional)."""

VOWELS = "aăâeêioôơuưy"
"""The twelve Vietnamese vowel letters, lowercase, without tone marks."""

TONE_MARKS = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
"""The six tones as combining marks: ngang (none), huyền, sắc, hỏi, ngã, nặng."""

VIETNAMESE_LETTERS = "".join(
    sorted(
        {unicodedata.normalize("NFC", vowel + mark) for vowel in VOWELS for mark in TONE_MARKS}
        | set(string.ascii_lowercase)
        | {"đ"}
        | {unicodedata.normalize("NFC", vowel + mark).upper() for vowel in VOWELS for mark in TONE_MARKS}
        | set(string.ascii_uppercase)
        | {"Đ"}
    )
)
"""Every letter a Vietnamese text needs, both cases, NFC: toned vowels, đ and the ASCII letters of loanwords."""


def font_file(family: str) -> Path:
    """The font file matplotlib draws ``family`` with (no fallback: an unknown family is an error)."""
    try:
        return Path(font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False))
    except ValueError:
        message = f"font family {family!r}: not found by matplotlib; expected e.g. {VIETNAMESE_FONT!r}"
        raise CorpusError(message) from None


def missing_glyphs(text: str, family: str = VIETNAMESE_FONT) -> str:
    """The distinct characters of ``text`` (NFC; whitespace and control characters skipped) without a glyph."""
    charmap = FT2Font(str(font_file(family))).get_charmap()
    characters = set(unicodedata.normalize("NFC", text))
    return "".join(sorted(c for c in characters if c.isprintable() and not c.isspace() and ord(c) not in charmap))


def vietnamese_rc(family: str = VIETNAMESE_FONT) -> dict[str, object]:
    """rcParams that draw all text in ``family``, checked to have every glyph of VIETNAMESE_LETTERS."""
    if missing := missing_glyphs(VIETNAMESE_LETTERS, family):
        raise CorpusError(f"font family {family!r} ({font_file(family).name}): no glyph for {missing!r}")
    return {"font.family": [family]}


def dispersion_figure(units: pd.DataFrame, terms: list[str]) -> Figure:
    """A dispersion plot (AntConc's concordance plot): one row per term, a tick at each hit's position in the
    corpus (units in document order), documents separated by grey lines; hits found as the concordance
    finds them (phrases, ``*``/``?`` patterns)."""
    figure = Figure(figsize=(10, 0.6 * len(terms) + 1.2), layout="constrained")
    axes = figure.subplots()
    with matplotlib.rc_context(vietnamese_rc()):
        hits = [find_query(units, term)[0] for term in terms]
        for row, first in enumerate(hits):
            axes.vlines(first, row - 0.4, row + 0.4, linewidth=0.8, color="black")
        starts = np.flatnonzero(units["doc_id"].to_numpy()[1:] != units["doc_id"].to_numpy()[:-1]) + 1
        axes.vlines(starts, -0.5, len(terms) - 0.5, linewidth=0.3, color="0.75")
        axes.set_yticks(range(len(terms)), [f"{t} ({len(h)})" for t, h in zip(terms, hits, strict=True)])
        axes.set_ylim(len(terms) - 0.5, -0.5)
        axes.set_xlim(0, max(len(units), 1))
        axes.set_xlabel(f"position in the corpus ({len(units)} units, {len(starts) + 1} documents)")
    return figure
