"""Normalized forms for counting: NFC, lowercase, one tone-mark placement.

The placement is the one most of the Vietnamese press uses ("hòa", "ủy", "thủy"):
in an open syllable ending in "oa", "oe" or "uy" (not after "q"), the tone mark
sits on the first of the two vowels. Surface forms are never changed.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
"""Combining grave, acute, tilde, hook above and dot below: the five Vietnamese tones."""

_OPEN_GLIDE = re.compile(r"(?<![qQ])(?:[oO][aAeE]|[uU][yY])$")
"""A syllable-final "oa", "oe" or "uy" (not the "uy" of "quy"): the only place the two styles differ."""


def _move_tone(syllable: str, vowel: int) -> str:
    """Put the tone of an open "oa", "oe", "uy" syllable on its first (0) or second (1) vowel; NFC."""
    decomposed = unicodedata.normalize("NFD", syllable)
    tones = [c for c in decomposed if c in TONE_MARKS]
    bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONE_MARKS))
    match = _OPEN_GLIDE.search(bare)
    if len(tones) != 1 or match is None:
        return unicodedata.normalize("NFC", syllable)
    at = match.start() + vowel + 1
    return unicodedata.normalize("NFC", bare[:at] + tones[0] + bare[at:])


@lru_cache(maxsize=1 << 17)
def move_tone_to_press_style(syllable: str) -> str:
    """The tone of a final "oa", "oe", "uy" on its first vowel: "hoà"→"hòa", "Uỷ"→"Ủy"."""
    return _move_tone(syllable, 0)


@lru_cache(maxsize=1 << 17)
def move_tone_to_modern_style(syllable: str) -> str:
    """The tone of a final "oa", "oe", "uy" on its second vowel: "hòa"→"hoà", "Ủy"→"Uỷ" (memoized: the
    segmenter's input form of every syllable)."""
    return _move_tone(syllable, 1)


@lru_cache(maxsize=1 << 17)
def normalize_syllable(syllable: str) -> str:
    """NFC, tone moved to press style, lowercase (memoized: a corpus repeats its syllables)."""
    return move_tone_to_press_style(unicodedata.normalize("NFC", syllable)).lower()


def normalize_word(word: str) -> str:
    """The normalized form of a word: its syllables normalized and joined by single spaces."""
    return " ".join(normalize_syllable(s) for s in word.split())
