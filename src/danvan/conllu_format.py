"""The CoNLL-U layer, following UD_Vietnamese-VTB: words with spaces inside FORM, LEMMA lowercased.

MISC carries ``NER`` (the token's BIO tag), ``SpaceAfter=No`` where the next token
follows without a space, and ``TokenRange=start:end`` (character offsets into the raw
file, end exclusive). Runs of whitespace inside a FORM or the sentence text are written as
one space (CoNLL-U splits fields on two spaces); TokenRange keeps the exact raw span.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import conllu
from conllu.models import Token as ConlluToken
from conllu.models import TokenList

from danvan.model import Document, Sentence
from danvan.upos import to_upos

UD_COLUMNS = ("id", "form", "lemma", "upos", "xpos", "feats", "head", "deprel", "deps", "misc")
WHITESPACE_RUN = re.compile(r"\s+")

Analysis = tuple[str, int, str]
"""(UPOS, head, deprel) of one word: head 1-based, 0 for the root."""


def one_line(text: str) -> str:
    """Text with every run of whitespace written as one space."""
    return WHITESPACE_RUN.sub(" ", text)


def sentence_id(doc_id: str, index: int) -> str:
    """The id shared by a sentence's rows in every config: ``<doc id>-s<index, 4 digits>``."""
    return f"{doc_id}-s{index:04d}"


def sentence_token_list(
    doc_id: str, index: int, sentence: Sentence, analyses: list[Analysis] | None = None
) -> TokenList:
    """One sentence as a ``conllu`` TokenList, with ``# newdoc id`` on a document's first sentence.

    ``analyses`` give UPOS, HEAD and DEPREL per word; without them UPOS is mapped from the VLSP tag
    and HEAD and DEPREL are empty (``_``).
    """
    tokens = sentence.tokens
    rows = []
    for i, token in enumerate(tokens):
        misc = {"NER": token.ner}
        if i + 1 < len(tokens) and tokens[i + 1].start == token.end:
            misc["SpaceAfter"] = "No"
        misc["TokenRange"] = f"{token.start}:{token.end}"
        form = one_line(token.text)
        upos, head, deprel = analyses[i] if analyses else (to_upos(token.pos), None, None)
        rows.append(
            ConlluToken(
                id=i + 1,
                form=form,
                lemma=form.lower(),
                upos=upos,
                xpos=token.pos,
                feats=None,
                head=head,
                deprel=deprel,
                deps=None,
                misc=misc,
            )
        )
    metadata = {"sent_id": sentence_id(doc_id, index), "text": _sentence_text(sentence)}
    if index == 0:
        metadata = {"newdoc id": doc_id, **metadata}
    return TokenList(rows, metadata=metadata)


def _sentence_text(sentence: Sentence) -> str:
    """``# text``: the tokens' forms joined as they are spaced in the raw text."""
    parts = []
    for i, token in enumerate(sentence.tokens):
        parts.append(one_line(token.text))
        if i + 1 < len(sentence.tokens) and sentence.tokens[i + 1].start != token.end:
            parts.append(" ")
    return "".join(parts)


def document_conllu(document: Document, analyses: list[list[Analysis]] | None = None) -> Iterator[TokenList]:
    """The CoNLL-U sentences of a document, in order; ``analyses``: one list per sentence (see sentence_token_list)."""
    for index, sentence in enumerate(document.sentences):
        yield sentence_token_list(document.id, index, sentence, analyses[index] if analyses else None)


def serialize(sentences: Iterable[TokenList]) -> str:
    """CoNLL-U text of sentences (tab-separated, one blank line after each sentence)."""
    return "".join(s.serialize() for s in sentences)


def parse(text: str) -> list[TokenList]:
    """Parse CoNLL-U text with the ``conllu`` library."""
    return conllu.parse(text)
