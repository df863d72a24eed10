"""CoNLL-U: the one reader and the one writer, following UD_Vietnamese-VTB (spaces inside FORM).

Fields are split and joined on tabs only. The ``conllu`` library splits a line on two or more
spaces as well as tabs, which breaks multi-syllable FORMs such as "công  tác" written with a double
space, so it is not used to read; tests use it to check that the files the writer makes parse.

Written from a Document: LEMMA is the lowercased FORM; XPOS the VLSP tag; UPOS, HEAD and DEPREL
come from the tokens (the upos and parse stages); MISC carries ``NER`` (the token's BIO tag),
``SpaceAfter=No`` where the next token follows without a space, and ``TokenRange=start:end``
(character offsets into the raw file, end exclusive). Runs of whitespace inside a FORM or the
sentence text are written as one space; TokenRange keeps the exact raw span.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from danvan.errors import CorpusError
from danvan.model import Document, Sentence

CONLLU_FIELDS = 10
ID, FORM, LEMMA, UPOS, XPOS, FEATS, HEAD, DEPREL, DEPS, MISC = range(CONLLU_FIELDS)
WHITESPACE_RUN = re.compile(r"\s+")
WORD_ID = re.compile(r"[1-9]\d*")
RANGE_ID = re.compile(r"[1-9]\d*-[1-9]\d*")
EMPTY_NODE_ID = re.compile(r"\d+\.[1-9]\d*")


@dataclass(frozen=True)
class ConlluBlock:
    """One sentence of a CoNLL-U file as raw lines: comment lines, then token lines split on tabs."""

    comments: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    line: int = 0
    """Line number of the sentence's first line in the text it was read from (0: not read from text)."""

    def word_rows(self) -> list[tuple[str, ...]]:
        """The syntactic word rows (integer IDs), without multiword-token ranges and empty nodes."""
        return [row for row in self.rows if row[ID].isdigit()]


def one_line(text: str) -> str:
    """Text with every run of whitespace written as one space."""
    return WHITESPACE_RUN.sub(" ", text)


def sentence_id(doc_id: str, index: int) -> str:
    """The id shared by a sentence's rows in every config: ``<doc id>-s<index, 4 digits>``."""
    return f"{doc_id}-s{index:04d}"


def _check_ids(rows: list[tuple[str, ...]], numbers: list[int]) -> None:
    """CorpusError unless the word IDs are 1..n in order (ranges and empty nodes may sit between)."""
    expected = 1
    for row, number in zip(rows, numbers, strict=True):
        word_id = row[ID]
        if WORD_ID.fullmatch(word_id):
            if int(word_id) != expected:
                raise CorpusError(f"line {number}: word ID {word_id!r}, expected {expected} (IDs run 1..n in order)")
            expected += 1
        elif not (RANGE_ID.fullmatch(word_id) or EMPTY_NODE_ID.fullmatch(word_id)):
            raise CorpusError(f"line {number}: ID {word_id!r} is not a word ID, a range n-m or an empty node n.m")


def read_conllu(lines: Iterable[str]) -> Iterator[ConlluBlock]:
    """The sentences of CoNLL-U lines, streamed; CorpusError naming the line on a malformed one."""
    comments: list[str] = []
    rows: list[tuple[str, ...]] = []
    numbers: list[int] = []
    first = 0
    for number, line in enumerate(lines, start=1):
        line = line.rstrip("\r\n")
        if not line.strip():
            if comments or rows:
                _check_ids(rows, numbers)
                yield ConlluBlock(tuple(comments), tuple(rows), first)
            comments, rows, numbers = [], [], []
            continue
        first = first if comments or rows else number
        if line.startswith("#") and not rows:
            comments.append(line)
            continue
        fields = tuple(line.split("\t"))
        if len(fields) != CONLLU_FIELDS:
            raise CorpusError(f"line {number}: expected {CONLLU_FIELDS} tab-separated fields, got {len(fields)}")
        rows.append(fields)
        numbers.append(number)
    if comments or rows:
        _check_ids(rows, numbers)
        yield ConlluBlock(tuple(comments), tuple(rows), first)


def read_conllu_text(text: str) -> list[ConlluBlock]:
    """Every sentence of CoNLL-U text (``read_conllu`` in a list)."""
    return list(read_conllu(text.split("\n")))


def write_conllu(blocks: Iterable[ConlluBlock]) -> Iterator[str]:
    """CoNLL-U text of sentences, one string a sentence: comments, tab-joined rows, a blank line."""
    for block in blocks:
        yield "\n".join([*block.comments, *("\t".join(row) for row in block.rows)]) + "\n\n"


def write_conllu_text(blocks: Iterable[ConlluBlock]) -> str:
    """CoNLL-U text of sentences (``write_conllu`` joined)."""
    return "".join(write_conllu(blocks))


def sentence_block(doc_id: str, index: int, sentence: Sentence) -> ConlluBlock:
    """One sentence of a document as CoNLL-U, with ``# newdoc id`` on the document's first sentence."""
    tokens = sentence.tokens
    rows = []
    text = []
    for i, token in enumerate(tokens):
        joined = i + 1 < len(tokens) and tokens[i + 1].start == token.end
        misc = f"NER={token.ner}" + ("|SpaceAfter=No" if joined else "") + f"|TokenRange={token.start}:{token.end}"
        form = one_line(token.text)
        head = "_" if token.head is None else str(token.head)
        rows.append((str(i + 1), form, form.lower(), token.upos, token.pos, "_", head, token.deprel, "_", misc))
        text.append(form if joined or i + 1 == len(tokens) else form + " ")
    comments = [f"# sent_id = {sentence_id(doc_id, index)}", f"# text = {''.join(text)}"]
    if index == 0:
        comments.insert(0, f"# newdoc id = {doc_id}")
    return ConlluBlock(tuple(comments), tuple(rows))


def document_blocks(document: Document) -> Iterator[ConlluBlock]:
    """The CoNLL-U sentences of a document, in order."""
    for index, sentence in enumerate(document.sentences):
        yield sentence_block(document.id, index, sentence)
