"""Dependency parsing of pre-segmented Vietnamese words, with the project's biaffine parser or UDPipe 1.

Words are multi-syllable units with spaces inside ("công tác"), as in UD_Vietnamese-VTB.
Two kinds of model, both trained here on UD treebank files and needing no download at run time:

- ``.npz``: the project's BiLSTM + biaffine parser (:mod:`danvan.biaffine`, the shipped one),
  trained by :func:`train_biaffine` on gold UPOS and underthesea's VLSP tags of the gold words; it
  has no tagger, so UPOS comes from underthesea's POS tags mapped by :mod:`danvan.upos`;
- ``.udpipe``: a UDPipe 1 model (MorphoDiTa UPOS tagger + Parsito parser) trained by
  :func:`train_parser`; its training data keep FORM, LEMMA (lowercased form), UPOS, HEAD and
  DEPREL only: XPOS is blanked (UD_Vietnamese-VTB writes it with different tag sets in train and
  dev) unless asked to hold underthesea's VLSP tags.

Which one parses better, and with which UPOS, is measured in docs/parser.md.
"""

from __future__ import annotations

import math
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, ClassVar

from conllu.models import TokenList

from danvan.biaffine import BiaffineParser, Settings, TreeSentence, load_biaffine_parser, train_biaffine_parser
from danvan.conllu_format import Analysis, document_conllu, one_line
from danvan.model import Document, Token

MODEL_VERSION = "0.3.0"
DEFAULT_MODEL_NAME = f"vi-dep-biaffine-{MODEL_VERSION}.npz"
MODELS = Path(__file__).resolve().parents[2] / "models"
SHIPPED_MODEL = MODELS / DEFAULT_MODEL_NAME
"""The parser the build uses (trained by ``scripts/train_parser.py``; see docs/parser.md)."""
UDPIPE_MODEL = MODELS / "vi-dep-udpipe-0.1.0.udpipe"
"""The UDPipe 1 model it was measured against (configuration F of docs/parser.md)."""

ParseInput = tuple[Sequence[str], Sequence[str] | None, Sequence[str] | None]
"""A sentence to parse: its words, their UPOS (None: the parser's choice) and VLSP tags (None: underthesea's)."""

TAGGER_OPTIONS = (
    "models=1;use_lemma=0;provide_lemma=0;use_xpostag=0;provide_xpostag=0;use_feats=0;provide_feats=0;"
    "iterations=20;early_stopping=0"
)
"""UDPipe tagger options: a UPOS-only MorphoDiTa tagger (no lemma, XPOS or FEATS), 20 passes."""

PARSER_OPTIONS = (
    "transition_system=projective;transition_oracle=dynamic;embedding_upostag=20;embedding_feats=0;"
    "embedding_xpostag=0;embedding_form=50;embedding_lemma=0;embedding_deprel=20;iterations=20;"
    "hidden_layer=200;structured_interval=8;single_root=1;early_stopping=0"
)
"""UDPipe (Parsito) parser options: FORM, UPOS and DEPREL embeddings, projective system, dynamic oracle."""

HELDOUT_FRACTION = 0.1
"""Share of a dev file's sentences, taken from its end, kept aside for evaluation."""

CONLLU_FIELDS = 10
ID, FORM, LEMMA, UPOS, XPOS, FEATS, HEAD, DEPREL, DEPS, MISC = range(CONLLU_FIELDS)


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


def read_conllu_blocks(text: str) -> list[ConlluBlock]:
    """The sentences of CoNLL-U text, split on tabs only (a FORM may hold spaces)."""
    blocks: list[ConlluBlock] = []
    comments: list[str] = []
    rows: list[tuple[str, ...]] = []
    first = 0
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.rstrip("\r")
        if not line.strip():
            if comments or rows:
                blocks.append(ConlluBlock(tuple(comments), tuple(rows), first))
            comments, rows = [], []
            continue
        first = first if comments or rows else number
        if line.startswith("#") and not rows:
            comments.append(line)
        else:
            fields = tuple(line.split("\t"))
            if len(fields) != CONLLU_FIELDS:
                raise ValueError(f"line {number}: expected {CONLLU_FIELDS} tab-separated fields, got {len(fields)}")
            rows.append(fields)
    if comments or rows:
        blocks.append(ConlluBlock(tuple(comments), tuple(rows), first))
    return blocks


def write_conllu_blocks(blocks: Iterable[ConlluBlock]) -> str:
    """CoNLL-U text of sentences: comments, tab-joined rows, one blank line after each sentence."""
    parts = []
    for block in blocks:
        lines = [*block.comments, *("\t".join(row) for row in block.rows)]
        parts.append("\n".join(lines) + "\n\n")
    return "".join(parts)


def split_heldout(blocks: Sequence[ConlluBlock], fraction: float = HELDOUT_FRACTION) -> tuple[list, list]:
    """(kept, held out): the last ``ceil(fraction * n)`` sentences are held out, deterministically."""
    held = math.ceil(len(blocks) * fraction) if fraction > 0 else 0
    cut = len(blocks) - held
    return list(blocks[:cut]), list(blocks[cut:])


PARSER_UPOS_SOURCES = ("tagger", "underthesea", "gold")
"""UPOS the parser learns from: the model's own tagger, underthesea's tags mapped to UPOS, or the gold UPOS."""

DEFAULT_PARSER_UPOS = "tagger"


def training_block(block: ConlluBlock, vlsp_xpos: bool = False, upos: Sequence[str] | None = None) -> ConlluBlock:
    """A sentence as the model learns from it: LEMMA lowercased FORM, XPOS underthesea's VLSP tag (or blank),
    UPOS gold (or the given ``upos``), FEATS/DEPS/MISC blank."""
    words = [row[FORM] for row in block.word_rows()]
    xpos = iter(vlsp_pos_tags(words) if vlsp_xpos else ["_"] * len(words))
    tags = iter(upos if upos is not None else [row[UPOS] for row in block.word_rows()])
    rows = []
    for row in block.rows:
        fields = list(row)
        fields[LEMMA] = row[FORM].lower()
        if row[ID].isdigit():
            fields[XPOS], fields[UPOS] = next(xpos), next(tags)
        else:
            fields[XPOS] = "_"
        fields[FEATS] = fields[DEPS] = fields[MISC] = "_"
        rows.append(tuple(fields))
    return ConlluBlock(block.comments, tuple(rows))


def training_blocks(train_files: Sequence[Path | str], dev_files: Sequence[Path | str] = ()) -> list[ConlluBlock]:
    """Every sentence of ``train_files`` plus the non-held-out part of ``dev_files``, as in the files."""
    blocks: list[ConlluBlock] = []
    for path in train_files:
        blocks += read_conllu_blocks(Path(path).read_text(encoding="utf-8"))
    for path in dev_files:
        kept, _ = split_heldout(read_conllu_blocks(Path(path).read_text(encoding="utf-8")))
        blocks += kept
    return blocks


def training_text(
    train_files: Sequence[Path | str], dev_files: Sequence[Path | str] = (), vlsp_xpos: bool = False
) -> str:
    """CoNLL-U training text (gold UPOS): every sentence of ``train_files`` plus the kept part of ``dev_files``."""
    return write_conllu_blocks(training_block(block, vlsp_xpos) for block in training_blocks(train_files, dev_files))


def heldout_text(dev_file: Path | str) -> str:
    """CoNLL-U text of the held-out (evaluation) part of a dev file, every column as in the file."""
    _, held = split_heldout(read_conllu_blocks(Path(dev_file).read_text(encoding="utf-8")))
    return write_conllu_blocks(held)


def _udpipe() -> Any:
    """The ``ufal.udpipe`` module (imported lazily)."""
    import ufal.udpipe

    return ufal.udpipe


def _udpipe_sentences(text: str) -> Any:
    """CoNLL-U text as a ``ufal.udpipe.Sentences`` vector."""
    udpipe = _udpipe()
    sentences = udpipe.Sentences()
    reader = udpipe.InputFormat.newConlluInputFormat()
    reader.setText(text)
    error = udpipe.ProcessingError()
    sentence = udpipe.Sentence()
    while reader.nextSentence(sentence, error):
        sentences.push_back(sentence)
        sentence = udpipe.Sentence()
    if error.occurred():
        raise ValueError(f"cannot read training data: {error.message}")
    return sentences


def _udpipe_train(text: str, tagger_options: str, parser_options: str, heldout: str = "") -> bytes:
    """A UDPipe model (no tokenizer) trained on CoNLL-U ``text``; raises on any UDPipe error.

    ``heldout`` sentences are only scored after each parser iteration (printed by UDPipe on stderr)
    unless the options turn early stopping on.
    """
    udpipe = _udpipe()
    error = udpipe.ProcessingError()
    model = udpipe.Trainer.train(
        "morphodita_parsito",
        _udpipe_sentences(text),
        _udpipe_sentences(heldout),
        "none",
        tagger_options,
        parser_options,
        error,
    )
    if error.occurred():
        raise RuntimeError(f"UDPipe training failed: {error.message}")
    return bytes(model)


def train_parser(
    train_files: Sequence[Path | str],
    out_path: Path | str,
    dev_files: Sequence[Path | str] = (),
    tagger_options: str = TAGGER_OPTIONS,
    parser_options: str = PARSER_OPTIONS,
    vlsp_xpos: bool = False,
    parser_upos: str = DEFAULT_PARSER_UPOS,
    watch_heldout: bool = False,
) -> float:
    """Train a UDPipe UPOS tagger + parser on ``train_files`` (+ dev minus its held-out part); seconds taken.

    The tagger learns gold UPOS first (or comes from ``from_model=file:PATH`` in ``tagger_options``).
    The parser then learns from the training words with UPOS from ``parser_upos`` (``tagger``: the new
    tagger's, as UDPipe does by default; ``underthesea``: underthesea's mapped tags; ``gold``) and, with
    ``vlsp_xpos``, underthesea's VLSP tags as XPOS. With ``watch_heldout``, UDPipe prints the parser's
    scores on the held-out part of ``dev_files`` (UPOS as in training) after each iteration; the model
    is the same as without it (early stopping stays off).
    """
    if parser_upos not in PARSER_UPOS_SOURCES:
        raise ValueError(f"unknown parser_upos {parser_upos!r}; expected one of {PARSER_UPOS_SOURCES}")
    start = time.perf_counter()
    blocks = training_blocks(train_files, dev_files)
    held = [b for path in dev_files for b in split_heldout(read_conllu_blocks(Path(path).read_text("utf-8")))[1]]
    held = held if watch_heldout else []
    with tempfile.TemporaryDirectory() as tmp:
        given = parse_options(tagger_options).get("from_model")
        if given:
            tagger_file = Path(given.removeprefix("file:"))
        else:
            tagger_file = Path(tmp) / "tagger.udpipe"
            gold_text = write_conllu_blocks(training_block(block, vlsp_xpos=False) for block in blocks)
            tagger_file.write_bytes(_udpipe_train(gold_text, tagger_options, "none"))
        tagger = load_parser(tagger_file, vlsp_xpos=False)

        def upos_of(block: ConlluBlock, source: str) -> list[str] | None:
            words = [row[FORM] for row in block.word_rows()]
            return {"tagger": tagger.tag, "underthesea": underthesea_upos}[source](words) if source != "gold" else None

        parser_text = write_conllu_blocks(training_block(b, vlsp_xpos, upos_of(b, parser_upos)) for b in blocks)
        heldout_source = "underthesea" if parser_upos == "underthesea" else "tagger"
        heldout = write_conllu_blocks(training_block(b, vlsp_xpos, upos_of(b, heldout_source)) for b in held)
        options = merge_options(parser_options, "use_gold_tags=1" + (";early_stopping=0" if held else ""))
        model = _udpipe_train(parser_text, f"from_model=file:{tagger_file}", options, heldout)
    seconds = time.perf_counter() - start
    out = Path(out_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(model)
    return seconds


def tree_sentence(block: ConlluBlock) -> TreeSentence:
    """A treebank sentence for the biaffine parser: FORM, gold UPOS, HEAD and DEPREL, and underthesea's
    VLSP tags of the gold words (as the build gives them at run time)."""
    rows = block.word_rows()
    words = tuple(row[FORM] for row in rows)
    return TreeSentence(
        words,
        tuple(row[UPOS] for row in rows),
        tuple(vlsp_pos_tags(words)),
        tuple(int(row[HEAD]) for row in rows),
        tuple(row[DEPREL] for row in rows),
    )


def train_biaffine(
    train_files: Sequence[Path | str],
    out_path: Path | str,
    dev_files: Sequence[Path | str] = (),
    settings: Settings | None = None,
    progress: bool = False,
) -> float:
    """Train the biaffine parser on ``train_files`` (+ dev minus its held-out part) and save it; seconds taken.
    ``settings`` default to :class:`danvan.biaffine.Settings` (the shipped model's)."""
    start = time.perf_counter()
    sentences = [tree_sentence(block) for block in training_blocks(train_files, dev_files)]
    model = train_biaffine_parser(sentences, settings or Settings(), progress=progress)
    out = Path(out_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    model.save(out)
    return time.perf_counter() - start


def parse_options(options: str) -> dict[str, str]:
    """UDPipe ``key=value;…`` options as a dict (later keys win)."""
    parsed: dict[str, str] = {}
    for part in options.split(";"):
        if part.strip():
            key, _, value = part.partition("=")
            parsed[key.strip()] = value.strip()
    return parsed


def merge_options(base: str, override: str = "") -> str:
    """UDPipe ``key=value;…`` options with the keys of ``override`` replacing or extending those of ``base``."""
    merged = parse_options(base) | parse_options(override)
    return ";".join(f"{key}={value}" for key, value in merged.items())


def find_treebank_files(treebank: Path | str) -> tuple[list[Path], list[Path]]:
    """(train files, dev files) of a UD treebank folder (``*-ud-train.conllu``, ``*-ud-dev.conllu``)."""
    folder = Path(treebank)
    train = sorted(folder.glob("*-ud-train.conllu"))
    dev = sorted(folder.glob("*-ud-dev.conllu"))
    if not train:
        raise FileNotFoundError(f"no *-ud-train.conllu in {folder}")
    return train, dev


def to_tree(heads: Sequence[int], deprels: Sequence[str]) -> list[tuple[int, str]]:
    """(head, deprel) pairs made into one UD tree: the first 0-headed word is the root labelled ``root``."""
    n = len(heads)
    fixed = [h if 0 <= h <= n else 0 for h in heads]
    roots = [i for i, h in enumerate(fixed) if h == 0]
    root = roots[0] if roots else 0
    fixed[root] = 0
    for i in roots[1:]:
        fixed[i] = root + 1
    labels = []
    for i, label in enumerate(deprels):
        if i == root:
            labels.append("root")
        elif label == "root" or not label or label == "_":
            labels.append("dep")
        else:
            labels.append(label)
    return list(zip(fixed, labels, strict=True))


@dataclass(frozen=True)
class UDPipeParser:
    """A loaded UDPipe model that tags (UPOS) and parses pre-segmented sentences.

    With ``vlsp_xpos`` the words get VLSP tags as XPOS, for a model trained with them
    (``embedding_xpostag`` > 0); the default model does not use XPOS.
    """

    model: Any
    path: Path
    vlsp_xpos: bool = False
    has_tagger: ClassVar[bool] = True

    def tag(self, words: list[str]) -> list[str]:
        """UPOS of the words from the model's tagger."""
        if not words:
            return []
        udpipe = _udpipe()
        sentence = udpipe.Sentence()
        for word in words:
            sentence.addWord(word).lemma = word.lower()
        error = udpipe.ProcessingError()
        if not self.model.tag(sentence, udpipe.Model.DEFAULT, error):
            raise RuntimeError(f"UDPipe tagging failed: {error.message}")
        return [sentence.words[i].upostag or "X" for i in range(1, len(words) + 1)]

    def parse(
        self, words: Sequence[str], upos: Sequence[str] | None = None, vlsp: Sequence[str] | None = None
    ) -> list[Analysis]:
        """(UPOS, head, deprel) per word; ``upos=None`` tags with the model, given UPOS are kept."""
        words = check_words(words, upos)
        if not words:
            return []
        udpipe = _udpipe()
        sentence = udpipe.Sentence()
        for word in words:
            sentence.addWord(word).lemma = word.lower()
        error = udpipe.ProcessingError()
        if upos is None:
            if not self.model.tag(sentence, udpipe.Model.DEFAULT, error):
                raise RuntimeError(f"UDPipe tagging failed: {error.message}")
        else:
            for i, tag in enumerate(upos, start=1):
                sentence.words[i].upostag = tag
        if self.vlsp_xpos:
            for i, tag in enumerate(vlsp if vlsp is not None else vlsp_pos_tags(words), start=1):
                sentence.words[i].xpostag = tag
        if not self.model.parse(sentence, udpipe.Model.DEFAULT, error):
            raise RuntimeError(f"UDPipe parsing failed: {error.message}")
        nodes = [sentence.words[i] for i in range(1, len(words) + 1)]
        tags = list(upos) if upos is not None else [node.upostag or "X" for node in nodes]
        tree = to_tree([node.head for node in nodes], [node.deprel for node in nodes])
        return [(tag, head, deprel) for tag, (head, deprel) in zip(tags, tree, strict=True)]

    def parse_many(self, sentences: Sequence[ParseInput]) -> list[list[Analysis]]:
        """:meth:`parse` of each sentence, one after another."""
        return [self.parse(*sentence) for sentence in sentences]


@dataclass(frozen=True)
class BiaffineDependencyParser:
    """A loaded biaffine model (:mod:`danvan.biaffine`); it has no tagger, so UPOS not given come
    from underthesea (:func:`underthesea_upos`), VLSP tags not given from underthesea's POS tagger."""

    model: BiaffineParser
    path: Path
    has_tagger: ClassVar[bool] = False

    def parse(
        self, words: Sequence[str], upos: Sequence[str] | None = None, vlsp: Sequence[str] | None = None
    ) -> list[Analysis]:
        """(UPOS, head, deprel) per word; given UPOS and VLSP tags are used as they are."""
        return self.parse_many([(words, upos, vlsp)])[0]

    def parse_many(self, sentences: Sequence[ParseInput]) -> list[list[Analysis]]:
        """(UPOS, head, deprel) per word of each sentence."""
        inputs = []
        for words, upos, vlsp in sentences:
            words = check_words(words, upos)
            vlsp = list(vlsp) if vlsp is not None else vlsp_pos_tags(words)
            upos = list(upos) if upos is not None else underthesea_upos(words, vlsp)
            inputs.append(TreeSentence(tuple(words), tuple(upos), tuple(vlsp)))
        trees = self.model.parse_many(inputs)
        return [
            [(tag, head, deprel) for tag, (head, deprel) in zip(sentence.upos, tree, strict=True)]
            for sentence, tree in zip(inputs, trees, strict=True)
        ]


DependencyParser = UDPipeParser | BiaffineDependencyParser
"""Either kind of loaded parser: both have ``parse``, ``parse_many`` and ``has_tagger``."""


def check_words(words: Sequence[str], upos: Sequence[str] | None) -> list[str]:
    """The words as a list, after checking each is one non-empty CoNLL-U FORM and UPOS match them."""
    if upos is not None and len(upos) != len(words):
        raise ValueError(f"{len(words)} words but {len(upos)} UPOS tags")
    for word in words:
        if not word.strip() or "\t" in word or "\n" in word:
            raise ValueError(f"invalid word {word!r}")
    return list(words)


def load_parser(path: Path | str, vlsp_xpos: bool = False) -> DependencyParser:
    """The model at ``path`` (``.npz``: biaffine, else UDPipe), ready to parse; ``vlsp_xpos`` (UDPipe
    only): feed VLSP tags as XPOS."""
    path = Path(path)
    if path.suffix == ".npz":
        return BiaffineDependencyParser(load_biaffine_parser(path), path)
    model = _udpipe().Model.load(str(path))
    if model is None:
        raise ValueError(f"cannot load UDPipe model from {path}")
    return UDPipeParser(model=model, path=path, vlsp_xpos=vlsp_xpos)


@cache
def cached_parser(path: str) -> DependencyParser:
    """The parser at ``path``, loaded once per process (explicit cache; models are read-only)."""
    return load_parser(path)


def sentence_input(tokens: Sequence[Token]) -> ParseInput:
    """A sentence's tokens as parser input: CoNLL-U FORMs (one space inside), UPOS mapped from their own
    VLSP tags (the source that measures best, docs/parser.md) and those tags."""
    words = [one_line(token.text) for token in tokens]
    vlsp = [token.pos for token in tokens]
    return words, underthesea_upos(words, vlsp), vlsp


def document_analyses(document: Document, parser: DependencyParser) -> list[list[Analysis]]:
    """(UPOS, head, deprel) of every word of every sentence of a document (one ``parse_many`` call)."""
    return parser.parse_many([sentence_input(sentence.tokens) for sentence in document.sentences])


def parsed_conllu(document: Document, model: Path = SHIPPED_MODEL) -> list[TokenList]:
    """A document's CoNLL-U sentences with UPOS, HEAD and DEPREL from the parser at ``model``."""
    return list(document_conllu(document, document_analyses(document, cached_parser(str(model)))))


def vlsp_pos_tags(words: Sequence[str]) -> list[str]:
    """underthesea's CRF POS tags (VLSP tag set) for already segmented words."""
    if not words:
        return []
    from underthesea.pipeline.pos_tag.model_crf import CRFPOSTagPredictor

    return [tag for _, tag in CRFPOSTagPredictor.Instance().predict(list(words))]


AUX_VERBS = frozenset({"là", "được", "phải", "bị", "muốn", "cần", "có thể"})
"""Words VLSP tags ``V`` that UD_Vietnamese-VTB mostly tags AUX (majority over train + kept dev)."""

COORDINATORS = frozenset({"và", "hay", "hoặc"})
"""Words underthesea tags ``C`` (it has no ``Cc``) that UD_Vietnamese-VTB mostly tags CCONJ."""

UPOS_SOURCES = ("model", "underthesea")
"""Where UPOS can come from: the model's own tagger, or underthesea's POS tagger mapped to UPOS."""


def underthesea_upos(words: Sequence[str], vlsp_tags: Sequence[str] | None = None) -> list[str]:
    """UPOS from underthesea's POS tagger (or its given ``vlsp_tags``) mapped through :mod:`danvan.upos`,
    with VTB's AUX/CCONJ words."""
    from danvan.upos import to_upos

    upos = []
    tags = vlsp_tags if vlsp_tags is not None else vlsp_pos_tags(words)
    for word, tag in zip(words, tags, strict=True):
        lower = word.lower()
        if tag == "V" and lower in AUX_VERBS:
            upos.append("AUX")
        elif tag == "C" and lower in COORDINATORS:
            upos.append("CCONJ")
        else:
            upos.append(to_upos(tag))
    return upos


def block_input(parser: DependencyParser, block: ConlluBlock, keep_upos: bool, upos_source: str) -> ParseInput:
    """A sentence of a CoNLL-U file as parser input: its FORMs, UPOS (kept, underthesea's, or None for the
    model's tagger) and underthesea's VLSP tags where the parser uses them."""
    forms = [row[FORM] for row in block.word_rows()]
    if upos_source not in UPOS_SOURCES:
        raise ValueError(f"unknown UPOS source {upos_source!r}; expected one of {UPOS_SOURCES}")
    if keep_upos:
        upos = [row[UPOS] for row in block.word_rows()]
        if any(tag in ("", "_") for tag in upos):
            raise ValueError(f"line {block.line}: --keep-upos needs UPOS on every word, the sentence has '_'")
        return forms, upos, None
    if upos_source == "model" and not parser.has_tagger:
        raise ValueError(f"{parser.path.name} has no tagger of its own; take UPOS from underthesea")
    if upos_source == "model":
        return forms, None, None
    vlsp = vlsp_pos_tags(forms)
    return forms, underthesea_upos(forms, vlsp), vlsp


def filled_block(block: ConlluBlock, analyses: Sequence[Analysis]) -> ConlluBlock:
    """A sentence with UPOS, HEAD and DEPREL of its words from ``analyses``; every other field and comment kept."""
    given = iter(analyses)
    rows = []
    for row in block.rows:
        if row[ID].isdigit():
            tag, head, deprel = next(given)
            fields = list(row)
            fields[UPOS], fields[HEAD], fields[DEPREL] = tag, str(head), deprel
            rows.append(tuple(fields))
        else:
            rows.append(row)
    return ConlluBlock(block.comments, tuple(rows), block.line)


def parse_conllu_text(
    parser: DependencyParser, text: str, keep_upos: bool = False, upos_source: str = "underthesea"
) -> str:
    """CoNLL-U text with UPOS (unless ``keep_upos``), HEAD and DEPREL filled; the rest kept as it was."""
    blocks = read_conllu_blocks(text)
    analyses = parser.parse_many([block_input(parser, block, keep_upos, upos_source) for block in blocks])
    return write_conllu_blocks(filled_block(block, a) for block, a in zip(blocks, analyses, strict=True))
