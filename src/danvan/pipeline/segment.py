"""Sentences, syllables and words, with character offsets into the raw text.

Syllable boundaries come from underthesea's regex tokenizer run on the raw text
(so every syllable is a slice of it); sentence boundaries from underthesea's
``sent_tokenize``; words from a CRF stacked on underthesea's and pyvi's segmenters and trained on
UD_Vietnamese-VTB (danvan.models.word_segmenter), fed the syllables in the input form chosen by
measurement (see ``SEGMENTER_INPUT``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import Any, Literal

from underthesea.pipeline.sent_tokenize import sent_tokenize
from underthesea.pipeline.text_normalize import token_normalize
from underthesea.pipeline.word_tokenize import regex_tokenize

from danvan.models.compiled_crf import ABSENT, CompiledCrf, Template, read_crfsuite, windows
from danvan.models.crf_template import CompiledTemplate, column_templates, compile_templates
from danvan.models.word_segmenter import sentences_pyvi_tags
from danvan.pipeline.normalize import move_tone_to_modern_style, move_tone_to_press_style
from danvan.resources import SEGMENTER_MODEL, data_file

Span = tuple[int, int]
Segmenter = Literal["stacked", "underthesea", "pyvi"]
"""The word segmenters: the shipped stacked CRF (the default) and the two it is stacked on."""

SEGMENTER_INPUTS: dict[str, Callable[[str], str]] = {
    "surface": lambda syllable: syllable,
    "underthesea": token_normalize,
    "press_tone": move_tone_to_press_style,
    "modern_tone": move_tone_to_modern_style,
}
"""Forms a syllable can take on its way into the segmenter (bench/segmenter_input.py measures them)."""

SEGMENTER_INPUT = "modern_tone"
"""The input form fed to the word segmenter: the best of SEGMENTER_INPUTS on UD_Vietnamese-VTB words."""

SYLLABLE_PATTERN: re.Pattern[str] = regex_tokenize.patterns
"""underthesea's tokenizer regex: URLs, numbers, dates, abbreviations, words, each punctuation mark."""


def syllable_spans(raw: str, start: int, end: int) -> list[Span]:
    """Syllable (tokenizer unit) spans of ``raw[start:end]``; everything but whitespace is covered."""
    return [(start + m.start(), start + m.end()) for m in SYLLABLE_PATTERN.finditer(raw[start:end])]


ELLIPSIS_BREAK = re.compile(r"(?:…|\.{3})(?=\s+[\"“]?[A-ZĐÀ-Ỹ])")
"""An ellipsis followed by a capitalized word ends a sentence (sent_tokenize does not cut there)."""


def sentence_spans(raw: str, start: int, end: int) -> list[Span]:
    """Sentence spans of ``raw[start:end]``: underthesea's sent_tokenize, snapped to the raw text, cut after an
    ellipsis before a capital, and repaired where it cuts inside a token (a boundary must be followed by
    whitespace: "TP.HCM", "Baosonla.vn", "dangcongsan.vn/…html", "MTTQ.TP" stay whole), before a closing
    quote or bracket, or before a lowercase word; a span of bare punctuation ("/.", "'") joins the one before."""
    spans: list[Span] = []
    for span_start, span_end in _tokenizer_spans(raw, start, end):
        cut = span_start
        for match in ELLIPSIS_BREAK.finditer(raw, span_start, span_end):
            spans.append((cut, match.end()))
            cut = match.end() + len(raw[match.end() : span_end]) - len(raw[match.end() : span_end].lstrip())
        spans.append((cut, span_end))
    repaired: list[Span] = []
    for span in spans:
        text = raw[span[0] : span[1]]
        joins = repaired and (span[0] == repaired[-1][1] or text[:1].islower() or not any(c.isalnum() for c in text))
        if joins:
            repaired[-1] = (repaired[-1][0], span[1])
        else:
            repaired.append(span)
    return repaired


def _tokenizer_spans(raw: str, start: int, end: int) -> list[Span]:
    """Sentence spans of ``raw[start:end]`` from underthesea's sent_tokenize, snapped to the raw text."""
    text = raw[start:end]
    spans: list[Span] = []
    position = 0
    for sentence in sent_tokenize(text):
        found = text.find(sentence, position)
        if found < 0:  # the tokenizer changed the text: keep the rest as one sentence
            break
        spans.append((start + found, start + found + len(sentence)))
        position = found + len(sentence)
    rest = text[position:]
    if rest.strip():
        rest_start = start + position + len(rest) - len(rest.lstrip())
        spans.append((rest_start, start + position + len(rest.rstrip())))
    return spans


WS_MODEL = "ws_crf_vlsp2013_20230727"
"""underthesea's bundled word-segmentation CRF (a folder: models.bin, features.bin, dictionary.bin)."""


def _ws_folder() -> Path:
    from underthesea.pipeline import word_tokenize as package

    return Path(package.__file__).parent / "models" / WS_MODEL


@cache
def _word_segmenter() -> Any:
    """underthesea's word-segmentation CRF with its own (Rust) featurizer: the feature strings for training."""
    from underthesea.models.fast_crf_sequence_tagger import FastCRFSequenceTagger

    tagger = FastCRFSequenceTagger()
    tagger.load(str(_ws_folder()))
    return tagger


def stock_columns(fed: list[str], dictionary: frozenset[str]) -> dict[str, list[str]]:
    """The columns underthesea's segmentation templates read (``template_columns`` keys), as its Rust
    CRFFeaturizer computes them (a test compares the strings): a window is its syllables joined by spaces;
    ``isdigit`` ASCII digits only; ``istitle`` every syllable's first letter its own uppercase; ``is_in_dict``
    the lowercase window in the dictionary. Each syllable's properties are computed once, then combined."""
    n = len(fed)
    lower = [f.lower() for f in fed]
    title = [f[:1].upper() == f[:1] for f in fed]
    columns = {"0:1:isdigit": [f"{f.isascii() and f.isdigit()}" for f in fed]}
    for width in (1, 2, 3):
        lower_windows = windows(lower, width)
        columns[f"0:{width}:"] = windows(fed, width)
        columns[f"0:{width}:istitle"] = [f"{all(title[j : j + width])}" for j in range(n)]
        columns[f"0:{width}:is_in_dict"] = [f"{w in dictionary}" for w in lower_windows]
        if width < 3:
            columns[f"0:{width}:lower"] = lower_windows
    return columns


@cache
def _stock_templates() -> tuple[list[CompiledTemplate], frozenset[str]]:
    """underthesea's segmentation templates and its dictionary of words."""
    import joblib

    folder = _ws_folder()
    templates = compile_templates(joblib.load(folder / "features.bin"))
    return templates, frozenset(joblib.load(folder / "dictionary.bin"))


STACK_TEMPLATES: tuple[Template, ...] = (
    *(Template(f"{name}[{k}]=", name, k, before=ABSENT, after=ABSENT) for k in (-1, 0, 1) for name in ("u", "p", "up")),
    Template("up2=", "up2"),
)
"""The features ``stack_features`` adds to underthesea's, as columns (``stack_columns``)."""


@cache
def _stock_segmenter() -> CompiledCrf:
    """underthesea's segmentation CRF on template columns (its tags, a test checks it)."""
    return CompiledCrf(read_crfsuite(_ws_folder() / "models.bin"), column_templates(_stock_templates()[0]))


def stacked_segmenter(path: Path | None = None) -> CompiledCrf:
    """A stacked segmentation CRF on columns (default: the shipped one, loaded once)."""
    if path is None:
        return _shipped_stacked_segmenter()
    return CompiledCrf(read_crfsuite(path), [*column_templates(_stock_templates()[0]), *STACK_TEMPLATES])


@cache
def _shipped_stacked_segmenter() -> CompiledCrf:
    return stacked_segmenter(data_file(SEGMENTER_MODEL))


def stock_segmentation(fed: list[str]) -> tuple[list[list[str]], list[str]]:
    """underthesea's segmentation features of the fed syllables and its B-W/I-W tags (for training)."""
    tagger = _word_segmenter()
    features = tagger.featurizer.process([[[f] for f in fed]])[0]
    return features, tagger.estimator.tag(features)


def stack_columns(stock: list[str], pyvi: list[str]) -> dict[str, list[str]]:
    """The stacking columns of a sentence from both segmenters' tags (what ``stack_features`` writes out)."""
    both = [a + b for a, b in zip(stock, pyvi, strict=True)]
    after = [*both[1:], "E"][: len(both)]
    return {"u": stock, "p": pyvi, "up": both, "up2": [f"{b}|{a}" for b, a in zip(both, after, strict=True)]}


def segmentation_tags(
    fed: list[str], segmenter: Segmenter = "stacked", stacked_model: CompiledCrf | None = None
) -> list[str]:
    """B-W/I-W tags of the fed syllables by the given segmenter (``stacked_model``: another stacked CRF than
    the shipped one, e.g. one just trained, from ``stacked_segmenter``)."""
    return sentences_segmentation_tags([fed], segmenter, stacked_model)[0]


def sentences_segmentation_tags(
    sentences: Sequence[list[str]], segmenter: Segmenter = "stacked", stacked_model: CompiledCrf | None = None
) -> list[list[str]]:
    """``segmentation_tags`` of each sentence, scored together (a document's sentences, say)."""
    if segmenter == "pyvi":
        return sentences_pyvi_tags(sentences)
    dictionary = _stock_templates()[1]
    columns = [stock_columns(fed, dictionary) for fed in sentences]
    stock = _stock_segmenter().tag(columns)
    if segmenter == "underthesea":
        return stock
    for column, tags, pyvi in zip(columns, stock, sentences_pyvi_tags(sentences), strict=True):
        column.update(stack_columns(tags, pyvi))
    return (stacked_model or stacked_segmenter()).tag(columns)


def segmenter_input(syllable: str, form: str = SEGMENTER_INPUT) -> str:
    """The form of a syllable fed to the word segmenter."""
    return SEGMENTER_INPUTS[form](syllable)


def fed_word(word: str, form: str = SEGMENTER_INPUT) -> str:
    """A word as the pipeline feeds it to the POS and chunk taggers: its syllables' segmenter inputs, one space
    apart (what ``segment_words`` returns for that word)."""
    return " ".join(segmenter_input(word[s:e], form) for s, e in syllable_spans(word, 0, len(word)))


def segment_words(
    raw: str, syllables: list[Span], form: str = SEGMENTER_INPUT, segmenter: Segmenter = "stacked"
) -> list[tuple[Span, str]]:
    """Group syllables into words (``segmentation_tags``): (span into ``raw``, the word as fed to the segmenter)."""
    return segment_sentences_words(raw, [syllables], form, segmenter)[0]


def segment_sentences_words(
    raw: str, sentences: Sequence[list[Span]], form: str = SEGMENTER_INPUT, segmenter: Segmenter = "stacked"
) -> list[list[tuple[Span, str]]]:
    """``segment_words`` of each sentence's syllables, all segmented together."""
    feds = [[segmenter_input(raw[s:e], form) for s, e in syllables] for syllables in sentences]
    segmented = []
    for syllables, fed, tags in zip(sentences, feds, sentences_segmentation_tags(feds, segmenter), strict=True):
        words: list[tuple[Span, str]] = []
        for (s, e), form_text, tag in zip(syllables, fed, tags, strict=True):
            if tag == "I-W" and words:
                (word_start, _), word_text = words[-1]
                words[-1] = ((word_start, e), f"{word_text} {form_text}")
            else:
                words.append(((s, e), form_text))
        segmented.append(words)
    return segmented
