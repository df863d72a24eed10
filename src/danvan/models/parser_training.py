"""Training data for the dependency parser from UD treebank files, and training the biaffine parser.

Uses every sentence of ``*-ud-train.conllu`` and the dev file minus its last 10% of sentences,
which stay aside for evaluation (``scripts/evaluate_parser.py``).
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from pathlib import Path

from danvan.errors import CorpusError
from danvan.formats.conllu import DEPREL, FORM, HEAD, UPOS, ConlluBlock, read_conllu_text, write_conllu_text
from danvan.models.biaffine.encoding import Settings, TreeSentence
from danvan.pipeline.tag import vlsp_pos_tags

HELDOUT_FRACTION = 0.1
"""Share of a dev file's sentences, taken from its end, kept aside for evaluation."""


def read_treebank_file(path: Path | str) -> list[ConlluBlock]:
    """The sentences of a CoNLL-U file; CorpusError naming the file and line when it cannot be read."""
    try:
        return read_conllu_text(Path(path).read_text(encoding="utf-8"))
    except CorpusError as err:
        raise CorpusError(f"{path}: {err}") from None
    except (OSError, UnicodeDecodeError) as err:
        raise CorpusError(f"{path}: cannot read: {err}") from None


def split_heldout(blocks: Sequence[ConlluBlock], fraction: float = HELDOUT_FRACTION) -> tuple[list, list]:
    """(kept, held out): the last ``ceil(fraction * n)`` sentences are held out, deterministically."""
    held = math.ceil(len(blocks) * fraction) if fraction > 0 else 0
    cut = len(blocks) - held
    return list(blocks[:cut]), list(blocks[cut:])


def training_blocks(train_files: Sequence[Path | str], dev_files: Sequence[Path | str] = ()) -> list[ConlluBlock]:
    """Every sentence of ``train_files`` plus the non-held-out part of ``dev_files``, as in the files."""
    blocks: list[ConlluBlock] = []
    for path in train_files:
        blocks += read_treebank_file(path)
    for path in dev_files:
        blocks += split_heldout(read_treebank_file(path))[0]
    return blocks


def heldout_text(dev_file: Path | str) -> str:
    """CoNLL-U text of the held-out (evaluation) part of a dev file, every column as in the file."""
    return write_conllu_text(split_heldout(read_treebank_file(dev_file))[1])


def find_treebank_files(treebank: Path | str) -> tuple[list[Path], list[Path]]:
    """(train files, dev files) of a UD treebank folder (``*-ud-train.conllu``, ``*-ud-dev.conllu``)."""
    folder = Path(treebank)
    train = sorted(folder.glob("*-ud-train.conllu"))
    dev = sorted(folder.glob("*-ud-dev.conllu"))
    if not train:
        raise CorpusError(f"{folder}: no *-ud-train.conllu file")
    return train, dev


def tree_sentence(block: ConlluBlock) -> TreeSentence:
    """A treebank sentence for the biaffine parser: FORM, gold UPOS, HEAD and DEPREL, and underthesea's
    VLSP tags of the gold words (as the build gives them at run time)."""
    rows = block.word_rows()
    words = tuple(row[FORM] for row in rows)
    try:
        heads = tuple(int(row[HEAD]) for row in rows)
    except ValueError:
        raise CorpusError(f"line {block.line}: a word without an integer HEAD; training needs trees") from None
    return TreeSentence(words, tuple(row[UPOS] for row in rows), tuple(vlsp_pos_tags(words)), heads,
                        tuple(row[DEPREL] for row in rows))  # fmt: skip


def train_biaffine(
    train_files: Sequence[Path | str],
    out_path: Path | str,
    dev_files: Sequence[Path | str] = (),
    settings: Settings | None = None,
    progress: bool = False,
) -> float:
    """Train the biaffine parser on ``train_files`` (+ dev minus its held-out part) and save it; seconds taken.
    ``settings`` default to :class:`danvan.models.biaffine.encoding.Settings` (the shipped model's)."""
    from danvan.models.biaffine.training import train_biaffine_parser

    start = time.perf_counter()
    sentences = [tree_sentence(block) for block in training_blocks(train_files, dev_files)]
    model = train_biaffine_parser(sentences, settings or Settings(), progress=progress)
    out = Path(out_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    model.save(out)
    return time.perf_counter() - start
