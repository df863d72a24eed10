"""The dependency parse stage: each sentence's words get a head and a relation from the biaffine parser.

Words are multi-syllable units with spaces inside ("công tác"), as in UD_Vietnamese-VTB. The parser
(:mod:`danvan.models.biaffine`) reads each word's form, UPOS (decided by :mod:`danvan.pipeline.upos`)
and VLSP tag; it needs no download and runs in NumPy. How well it parses is in docs/parser.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from danvan.errors import CorpusError
from danvan.formats.conllu import (
    DEPREL,
    FORM,
    HEAD,
    ID,
    UPOS,
    ConlluBlock,
    one_line,
    read_conllu_text,
    write_conllu_text,
)
from danvan.model import Document, Token
from danvan.models.biaffine.encoding import TreeSentence
from danvan.models.biaffine.parser import BiaffineParser, load_biaffine_parser
from danvan.pipeline.tag import vlsp_pos_tags
from danvan.pipeline.upos import upos_tags
from danvan.resources import PARSER_MODEL, data_file


def load_parser(path: Path | None = None) -> BiaffineParser:
    """The parser saved at ``path`` (default: the shipped one); CorpusError if it cannot be read."""
    path = path or data_file(PARSER_MODEL)
    try:
        return load_biaffine_parser(path)
    except (OSError, ValueError, KeyError) as err:
        raise CorpusError(f"{path}: cannot load the parser model: {err}") from None


def tree_input(tokens: Sequence[Token]) -> TreeSentence:
    """A sentence's tokens as parser input: FORM as in CoNLL-U, UPOS (from the upos stage) and VLSP tag."""
    return TreeSentence(tuple(one_line(t.text) for t in tokens), tuple(t.upos for t in tokens),
                        tuple(t.pos for t in tokens))  # fmt: skip


def parse_document(document: Document, parser: BiaffineParser) -> Document:
    """The document with every token's ``head`` and ``deprel`` from one batch over its sentences."""
    trees = parser.parse_many([tree_input(s.tokens) for s in document.sentences])
    sentences = []
    for sentence, tree in zip(document.sentences, trees, strict=True):
        tokens = tuple(replace(t, head=h, deprel=d) for t, (h, d) in zip(sentence.tokens, tree, strict=True))
        sentences.append(replace(sentence, tokens=tokens))
    return replace(document, sentences=tuple(sentences))


def block_input(block: ConlluBlock, keep_upos: bool) -> TreeSentence:
    """A sentence of a CoNLL-U file as parser input: its FORMs, UPOS (kept or decided from underthesea's
    VLSP tags) and those tags."""
    forms = [row[FORM] for row in block.word_rows()]
    for row in block.word_rows():
        if not row[FORM].strip():
            raise CorpusError(f"line {block.line}: word {row[ID]} has an empty FORM")
    vlsp = vlsp_pos_tags(forms)
    if keep_upos:
        upos = [row[UPOS] for row in block.word_rows()]
        if any(tag in ("", "_") for tag in upos):
            raise CorpusError(f"line {block.line}: --keep-upos needs UPOS on every word, the sentence has '_'")
    else:
        upos = upos_tags(forms, vlsp)
    return TreeSentence(tuple(forms), tuple(upos), tuple(vlsp))


def filled_block(block: ConlluBlock, sentence: TreeSentence, tree: Sequence[tuple[int, str]]) -> ConlluBlock:
    """A sentence with UPOS, HEAD and DEPREL of its words filled; every other field and comment kept."""
    given = iter(zip(sentence.upos, tree, strict=True))
    rows = []
    for row in block.rows:
        if row[ID].isdigit():
            tag, (head, deprel) = next(given)
            fields = list(row)
            fields[UPOS], fields[HEAD], fields[DEPREL] = tag, str(head), deprel
            rows.append(tuple(fields))
        else:
            rows.append(row)
    return ConlluBlock(block.comments, tuple(rows), block.line)


def parse_conllu_text(parser: BiaffineParser, text: str, keep_upos: bool = False) -> str:
    """CoNLL-U text with UPOS (unless ``keep_upos``), HEAD and DEPREL filled; the rest kept as it was."""
    blocks = read_conllu_text(text)
    inputs = [block_input(block, keep_upos) for block in blocks]
    trees = parser.parse_many(inputs)
    return write_conllu_text(
        filled_block(block, sentence, tree) for block, sentence, tree in zip(blocks, inputs, trees, strict=True)
    )
