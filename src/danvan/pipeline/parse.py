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


MAX_PARSE_WORDS = 256
"""The longest word sequence handed to the parser at once. Eisner decoding is cubic in the length (a
1,900-word line took 7 s, a 5,000-word one 8 minutes; 256 words take about 20 ms); a longer sentence is
parsed in pieces of at most this many words, cut after the last punctuation mark that fits (else at the
limit), and the pieces' trees joined into one: each later piece's root becomes a ``parataxis`` dependent
of the first piece's root.
UD_Vietnamese-VTB's longest sentence has 96 words, the corpus's 214: ordinary text never reaches it."""

JOINED_PIECE_DEPREL = "parataxis"

PARSE_BATCH_SENTENCES = 128
"""Sentences scored in one batch: the arc scores take sentences × length² floats, so a 5 MB text in one batch
would need tens of GB; no document of the corpus has more sentences (its longest has 66)."""


def piece_bounds(sentence: TreeSentence, limit: int = MAX_PARSE_WORDS) -> list[tuple[int, int]]:
    """[start, end) word ranges covering ``sentence``, each at most ``limit`` words, cut after punctuation
    where a mark lies in the second half of the window."""
    bounds, start, n = [], 0, len(sentence.words)
    while n - start > limit:
        end = start + limit
        marks = [i + 1 for i in range(start + limit // 2, end) if sentence.upos[i] == "PUNCT"]
        end = marks[-1] if marks else end
        bounds.append((start, end))
        start = end
    bounds.append((start, n))
    return bounds


def parse_trees(parser: BiaffineParser, sentences: Sequence[TreeSentence]) -> list[list[tuple[int, str]]]:
    """(head, deprel) per word of each sentence, in one batch; sentences over ``MAX_PARSE_WORDS`` words are
    parsed in pieces and joined into one tree (see ``MAX_PARSE_WORDS``), so the cost stays linear."""
    bounds = [piece_bounds(s) for s in sentences]
    pieces = [_piece(s, a, b) for s, spans in zip(sentences, bounds, strict=True) for a, b in spans]
    step = PARSE_BATCH_SENTENCES
    parsed = (tree for at in range(0, len(pieces), step) for tree in parser.parse_many(pieces[at : at + step]))
    trees = []
    for spans in bounds:
        tree: list[tuple[int, str]] = []
        root = 0
        for start, _ in spans:
            for head, deprel in next(parsed):
                if head == 0 and root:
                    tree.append((root, JOINED_PIECE_DEPREL))
                else:
                    tree.append((head + start if head else 0, deprel))
            root = root or next(i for i, (head, _) in enumerate(tree, 1) if head == 0)
        trees.append(tree)
    return trees


def _piece(sentence: TreeSentence, start: int, end: int) -> TreeSentence:
    """Words ``start`` to ``end`` of a parser input."""
    return TreeSentence(sentence.words[start:end], sentence.upos[start:end], sentence.xpos[start:end])


def parse_document(document: Document, parser: BiaffineParser) -> Document:
    """The document with every token's ``head`` and ``deprel`` from one batch over its sentences."""
    trees = parse_trees(parser, [tree_input(s.tokens) for s in document.sentences])
    sentences = []
    for sentence, tree in zip(document.sentences, trees, strict=True):
        tokens = tuple(t.updated(head=h, deprel=d) for t, (h, d) in zip(sentence.tokens, tree, strict=True))
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
    trees = parse_trees(parser, inputs)
    return write_conllu_text(
        filled_block(block, sentence, tree) for block, sentence, tree in zip(blocks, inputs, trees, strict=True)
    )
