"""VLSP POS tags (as underthesea.pos_tag emits them) mapped to Universal Dependencies UPOS.

The correspondence follows UD_Vietnamese-VTB, whose XPOS column keeps the VietTreebank tag
of each word next to its UPOS (train: N, Nc, Nu, Ny, Nb, NNP, V, Adj, Pro, Adv, Det, Num, Pre,
SC, CC, Prt, I, X, Z; dev: the same in upper case, L for determiners, C for subordinators).
Counted over VTB train + dev, the majority UPOS of each tag is:

======  =====  ====================================================================
VLSP    UPOS   VTB evidence / note
======  =====  ====================================================================
N       NOUN   N → NOUN (12,426 of 12,427)
Nc      NOUN   classifier nouns (con, cái, anh …): Nc → NOUN, deprel clf:det
Nu      NOUN   unit nouns (NU → NOUN)
Ny      NOUN   noun abbreviations (Ny/NY → NOUN)
Nb      NOUN   borrowed nouns (Nb/NB → NOUN)
Ni      NOUN   nouns written with digits/letters (underthesea v2 model); as nouns
Np      PROPN  proper nouns (NNP → PROPN)
V       VERB   V → VERB (8.7k); VTB makes 279 of them AUX (là, được, phải, bị …):
               a tag-only mapping cannot see that: ``AUX_VERBS`` below fixes it by word
Vb, Vy  VERB   borrowed / abbreviated verbs
A       ADJ    Adj → ADJ
Ab      ADJ    borrowed adjectives
P       PRON   Pro → PRON
R       ADV    Adv → ADV
L       DET    Det/L → DET (những, các, mỗi …)
M, Mb   NUM    Num → NUM
E, Eb   ADP    Pre → ADP (của, ở, trong …)
C       SCONJ  SC/C → SCONJ (nhưng, thì, mà, nếu …); underthesea's default model has no Cc,
               so its C also covers và/hoặc, which VTB makes CCONJ
Cc      CCONJ  CC → CCONJ (và, hay, hoặc)
CH      PUNCT  punctuation (. , : `` … → PUNCT)
T       PART   Prt → PART (lắm, à, nhé …)
I       INTJ   I → INTJ
Z       SYM    Z → SYM (VTB train: 14 of 14)
S       SYM    symbols, where a tag set has them
X, Xy   X      unclassified words
FW      X      foreign words
Y       NOUN   abbreviations: mostly nouns (UBND, TP.), as VTB's Ny
U       X      unknown
======  =====  ====================================================================

Tags outside the table (and empty tags) map to ``X``. A ``B-``/``I-`` prefix, as underthesea's
v2 CRF model writes its tags, is ignored.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from types import MappingProxyType
from typing import Final

from danvan.model import Document

VLSP_TO_UPOS: Final = MappingProxyType(
    {
        "N": "NOUN",
        "Nc": "NOUN",
        "Nu": "NOUN",
        "Ny": "NOUN",
        "Nb": "NOUN",
        "Ni": "NOUN",
        "Np": "PROPN",
        "V": "VERB",
        "Vb": "VERB",
        "Vy": "VERB",
        "A": "ADJ",
        "Ab": "ADJ",
        "P": "PRON",
        "R": "ADV",
        "L": "DET",
        "M": "NUM",
        "Mb": "NUM",
        "E": "ADP",
        "Eb": "ADP",
        "C": "SCONJ",
        "Cc": "CCONJ",
        "CH": "PUNCT",
        "T": "PART",
        "I": "INTJ",
        "Z": "SYM",
        "S": "SYM",
        "X": "X",
        "Xy": "X",
        "FW": "X",
        "Y": "NOUN",
        "U": "X",
    }
)
"""VLSP / underthesea POS tag → UD UPOS, following UD_Vietnamese-VTB (read-only)."""


def to_upos(tag: str) -> str:
    """The UD UPOS of a VLSP POS tag (``X`` for an unknown tag)."""
    tag = tag.strip()
    if tag[:2] in ("B-", "I-"):
        tag = tag[2:]
    return VLSP_TO_UPOS.get(tag, "X")


AUX_VERBS: Final = frozenset({"là", "được", "phải", "bị", "muốn", "cần", "có thể"})
"""Words VLSP tags ``V`` that UD_Vietnamese-VTB mostly tags AUX (majority over train + kept dev)."""

COORDINATORS: Final = frozenset({"và", "hay", "hoặc"})
"""Words underthesea tags ``C`` (it has no ``Cc``) that UD_Vietnamese-VTB mostly tags CCONJ."""


def upos_tags(words: Sequence[str], vlsp_tags: Sequence[str]) -> list[str]:
    """The one UPOS decision: each word's VLSP tag mapped by ``to_upos``, with VTB's AUX and CCONJ words."""
    upos = []
    for word, tag in zip(words, vlsp_tags, strict=True):
        lower = word.lower()
        if tag == "V" and lower in AUX_VERBS:
            upos.append("AUX")
        elif tag == "C" and lower in COORDINATORS:
            upos.append("CCONJ")
        else:
            upos.append(to_upos(tag))
    return upos


def tag_upos(document: Document) -> Document:
    """The document with every token's UPOS decided from its form and VLSP tag."""
    sentences = []
    for sentence in document.sentences:
        tags = upos_tags([" ".join(t.text.split()) for t in sentence.tokens], [t.pos for t in sentence.tokens])
        tokens = tuple(t.updated(upos=u) for t, u in zip(sentence.tokens, tags, strict=True))
        sentences.append(replace(sentence, tokens=tokens))
    return replace(document, sentences=tuple(sentences))
