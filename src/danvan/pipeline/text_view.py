"""One text form inside, the raw text outside: the NFC view the pipeline reads, and its map back to the raw.

The pipeline annotates a *view* of the raw text: Unicode NFC; a leading byte-order mark and
invisible joiners (ZWJ, ZWNJ, word joiner, soft hyphen) dropped; zero-width spaces, controls and
carriage returns turned into spaces (one each). Every view character comes from a *run* of raw
characters: a starter and the combining marks after it (NFD "a" + U+0300 + U+0323 is one run, one
or two view characters once composed). ``raw_span`` maps a view span to the raw span of the runs it
covers, so that after the pipeline every offset is a raw offset and ``raw[start:end] == surface``
holds on the raw text; an NFD, BOM, CRLF or cp1258-decoded file thus gives the tokens, tags and
entities of its NFC twin.

Runs are cut before every character of combining class 0, which is exact for Vietnamese (tone and
vowel marks follow their letter); scripts whose starters compose with each other (Hangul jamo) keep
each starter apart.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace

from danvan.model import Document

JOINERS = {"\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"}
"""Invisible characters that join (ZWNJ, ZWJ, word joiner, a BOM inside the text, soft hyphen): dropped."""
BOM = "\ufeff"


def _as_space(char: str) -> bool:
    """A zero-width space, C0/C1 controls (but the line break and tab) and CR read as a space."""
    return char == "\u200b" or (unicodedata.category(char) == "Cc" and char not in "\n\t")


@dataclass(frozen=True)
class TextView:
    """The view's text and, per view character, the raw span of the run it comes from."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    raw_length: int

    @property
    def is_identity(self) -> bool:
        """Whether the view is the raw text itself (offsets need no mapping)."""
        return len(self.text) == self.raw_length and self.starts == tuple(range(self.raw_length))

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """The raw span of view span [start, end)."""
        if start >= end:
            at = self.starts[start] if start < len(self.starts) else self.raw_length
            return at, at
        return self.starts[start], self.ends[end - 1]

    def view_offset(self, raw_offset: int) -> int | None:
        """The view offset where raw offset ``raw_offset`` begins a run (or ends the text); None inside a run."""
        if raw_offset == self.raw_length:
            return len(self.text)
        index = _bisect(self.starts, raw_offset)
        return index if index < len(self.starts) and self.starts[index] == raw_offset else None


def _bisect(values: tuple[int, ...], target: int) -> int:
    low, high = 0, len(values)
    while low < high:
        middle = (low + high) // 2
        if values[middle] < target:
            low = middle + 1
        else:
            high = middle
    return low


def reads_as_space(char: str) -> bool:
    """Whether the view reads ``char`` as nothing or as a space (so it belongs to no token)."""
    return char.isspace() or char in JOINERS or _as_space(char)


def needs_view(raw: str) -> bool:
    """Whether ``raw`` differs from its view (not NFC, a BOM, zero-width or control characters)."""
    return not unicodedata.is_normalized("NFC", raw) or any(_as_space(char) or char in JOINERS for char in raw)


def text_view(raw: str) -> TextView:
    """The NFC view of ``raw`` with its offset map (see the module's docstring)."""
    text: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    position = 1 if raw.startswith(BOM) else 0
    run_start = position

    def close_run(end: int) -> None:
        if end <= run_start:
            return
        run = raw[run_start:end]
        if run in JOINERS:
            return
        composed = " " if len(run) == 1 and _as_space(run) else unicodedata.normalize("NFC", run)
        for char in composed:
            text.append(" " if _as_space(char) else char)
            starts.append(run_start)
            ends.append(end)

    for index in range(position, len(raw)):
        if index > run_start and unicodedata.combining(raw[index]) == 0:
            close_run(index)
            run_start = index
    close_run(len(raw))
    return TextView("".join(text), tuple(starts), tuple(ends), len(raw))


def map_to_raw(document: Document, view: TextView, raw: str) -> Document:
    """A Document annotated on ``view`` with every span moved to raw offsets and every text taken from ``raw``."""

    def span(item):  # a Zone, Sentence, Token or Entity
        start, end = view.raw_span(item.start, item.end)
        fields = {"start": start, "end": end}
        if hasattr(item, "text"):
            fields["text"] = raw[start:end]
        return replace(item, **fields)

    sentences = tuple(
        replace(span(s), tokens=tuple(span(t) for t in s.tokens), entities=tuple(span(e) for e in s.entities))
        for s in document.sentences
    )
    return replace(document, raw=raw, zones=tuple(span(z) for z in document.zones), sentences=sentences)
