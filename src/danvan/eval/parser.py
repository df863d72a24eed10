"""Parser evaluation with gold words: the system input with the analysis blanked, scored by udtools' udeval."""

from __future__ import annotations

from pathlib import Path

from udtools.udeval import evaluate, load_conllu_file

from danvan.formats.conllu import HEAD, ID, UPOS, ConlluBlock, read_conllu_text, write_conllu_text

UPOS_SOURCES = ("underthesea", "gold")
"""Where the parser's UPOS comes from: underthesea's tags mapped by danvan.pipeline.upos, or the treebank's."""


def blank_analysis(text: str) -> str:
    """The CoNLL-U text with UPOS, HEAD and DEPREL blanked, so nothing gold leaks into the system input."""
    blocks = []
    for block in read_conllu_text(text):
        rows = []
        for row in block.rows:
            fields = list(row)
            if row[ID].isdigit():
                fields[UPOS] = "_"
                fields[HEAD : HEAD + 2] = ["_", "_"]
            rows.append(tuple(fields))
        blocks.append(ConlluBlock(block.comments, tuple(rows), block.line))
    return write_conllu_text(blocks)


def udeval_scores(gold_path: Path, system_path: Path) -> dict[str, float]:
    """UPOS, UAS and LAS (F1, = accuracy with gold words) in percent, from udtools' udeval."""
    result = evaluate(load_conllu_file(str(gold_path)), load_conllu_file(str(system_path)))
    return {metric: round(100 * result[metric].f1, 2) for metric in ("UPOS", "UAS", "LAS")}
