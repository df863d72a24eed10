"""The data model: Document, Zone, Sentence, Token, Entity, all with character offsets.

Offsets are Python ``str`` indices into the raw document text, end exclusive.
A *syllable* is the unit of ``str.split()``; a Vietnamese *word* is one or more
syllables separated by spaces ("Hà Nội"). A ``Token`` is one word.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from danvan.errors import CorpusError

ZONE_KINDS = ("title", "lead", "dateline", "body", "caption", "credit", "byline", "source", "chrome", "duplicate")
"""Zone kinds; ``chrome`` (page furniture) and ``duplicate`` (a repeated caption) are not kept as text."""

KEPT_ZONE_KINDS = ("title", "lead", "dateline", "body", "caption", "credit", "byline", "source")

NER_LABELS = ("PER", "ORG", "LOC", "MISC")
NER_TAGS = ("O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC")

POS_TAGS = tuple("A Ab C CH Cc E Eb FW I L M Mb N Nb Nc Ni Np Nu Ny P R S T U V Vb Vy X Xy Y Z".split())
"""The VLSP POS tag set (underthesea's tagger emits a subset), the ``pos_tags`` ClassLabel names."""
CHUNK_TAGS = ("O", "B-NP", "I-NP", "B-VP", "I-VP", "B-AP", "I-AP", "B-PP", "I-PP")
"""Chunk tags as underthesea's chunker emits them (IOB2 over NP, VP, AP, PP)."""
UPOS_TAGS = tuple("ADJ ADP ADV AUX CCONJ DET INTJ NOUN NUM PART PRON PROPN PUNCT SCONJ SYM VERB X".split())
"""The 17 UD UPOS tags."""
DEPRELS = tuple(
    """acl acl:relcl acl:subj acl:tmod acl:tonp advcl advcl:objective advmod advmod:adj advmod:dir advmod:neg
    amod appos appos:nmod aux aux:pass case cc ccomp clf clf:det compound compound:adj compound:amod compound:apr
    compound:atov compound:dir compound:pron compound:prt compound:redup compound:svc compound:verbnoun
    compound:vmod compound:z conj cop csubj csubj:asubj csubj:pass csubj:vsubj dep det det:pmod discourse
    dislocated expl fixed flat flat:date flat:foreign flat:name flat:number flat:redup flat:time goeswith iobj
    list mark mark:pcomp nmod nmod:poss nsubj nsubj:nn nsubj:pass nsubj:xsubj nummod nummod:det obj obl
    obl:about obl:adj obl:adv obl:agent obl:comp obl:iobj obl:tmod obl:with orphan parataxis punct reparandum
    root vocative xcomp xcomp:adj xcomp:dir xcomp:vcomp""".split()
)
"""Dependency relations of UD_Vietnamese-VTB (the parser's labels and UD's other core relations)."""


@dataclass(frozen=True)
class Zone:
    """One raw line classified by kind; character offsets, end exclusive, newline excluded."""

    start: int
    end: int
    kind: str


@dataclass(frozen=True)
class Token:
    """One word: its character span, normalized form, POS tag (VLSP), chunk tag, NER tag, UPOS and its
    dependency (``head``: 1-based index of the head word in the sentence, 0 for the root, None unparsed)."""

    start: int
    end: int
    text: str
    norm: str
    pos: str = "X"
    chunk: str = "O"
    ner: str = "O"
    upos: str = "_"
    head: int | None = None
    deprel: str = "_"

    def updated(self, **changes: Any) -> Token:
        """``dataclasses.replace(self, **changes)``, six times faster: the fields are copied without the frozen
        ``__init__`` (three stages update every word of the corpus, and ``replace`` was a tenth of the build)."""
        if not changes.keys() <= _TOKEN_FIELDS:
            raise TypeError(f"Token has no field {sorted(changes.keys() - _TOKEN_FIELDS)[0]!r}")
        token = object.__new__(Token)
        token.__dict__.update(self.__dict__, **changes)
        return token


_TOKEN_FIELDS = frozenset(f.name for f in fields(Token))


@dataclass(frozen=True)
class Entity:
    """A named entity: character span, label (PER, ORG, LOC, MISC) and surface text."""

    start: int
    end: int
    label: str
    text: str


@dataclass(frozen=True)
class Sentence:
    """A sentence of a kept zone: character span, the zone's kind, its tokens and entities."""

    start: int
    end: int
    text: str
    zone: str
    tokens: tuple[Token, ...] = ()
    entities: tuple[Entity, ...] = ()


@dataclass(frozen=True)
class Metadata:
    """What is known of a document's origin; ``None`` where the text does not say."""

    title: str | None = None
    date: str | None = None
    source: str | None = None
    url: str | None = None
    byline: str | None = None
    aggregator: str | None = None
    """The site the text was collected from when it is not the outlet's own (e.g. "baomoi.com")."""
    collection: str | None = None
    """The public collection the file comes from (e.g. "magizbox/scraper vn_news/data")."""
    original_file: str | None = None
    """The file's name in that collection."""
    checked: bool = False
    """True when read from a hand-checked ``<stem>.json``; False when extracted from the text."""


@dataclass(frozen=True)
class Document:
    """A raw text with its zones, sentences and provenance of its NER layer."""

    id: str
    raw: str
    zones: tuple[Zone, ...] = ()
    sentences: tuple[Sentence, ...] = ()
    metadata: Metadata = field(default_factory=Metadata)
    ner_source: str = ""
    token_splits: int = 0
    """Tokens split where a gold entity edge fell inside a word (0 without gold)."""

    @property
    def text(self) -> str:
        """The kept zones' text, one zone a line, in document order."""
        return "\n".join(self.raw[z.start : z.end] for z in self.zones if z.kind in KEPT_ZONE_KINDS)


def check_spans(doc_id: str, raw: str, spans: list[tuple[int, int, str]]) -> None:
    """Raise CorpusError unless ``raw[start:end] == text`` for every (start, end, text)."""
    for start, end, text in spans:
        if raw[start:end] != text:
            raise CorpusError(f"{doc_id}: offset {start}-{end}: text {raw[start:end]!r} does not match {text!r}")


def strip_span(raw: str, start: int, end: int) -> tuple[int, int]:
    """Narrow (start, end) so that ``raw[start:end]`` neither begins nor ends with whitespace."""
    text = raw[start:end]
    return start + len(text) - len(text.lstrip()), end - len(text) + len(text.rstrip())
