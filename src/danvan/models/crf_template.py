"""underthesea's CRF feature templates ("T[-1,0][1].lower"), compiled once and computed in linear time, as
feature strings or as the columns :class:`~danvan.models.compiled_crf.CompiledCrf` reads.

underthesea's own ``template2features`` rebuilds every column of the sentence for each token
and each template (quadratic in sentence length); this produces the same feature strings
(a test checks it on the seeds) so the bundled POS, chunk and NER models can be fed directly.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from underthesea.pipeline.pos_tag.tagged_feature import (
    apply_function,
    text_is_in_dict,
    text_isallcap,
    text_isdigit,
    text_istitle,
    text_lower,
)

from danvan.models.compiled_crf import Template, windows

TEMPLATE = re.compile(r"T\[(?P<index1>\-?\d+)(\,(?P<index2>\-?\d+))?\](\[(?P<column>.*)\])?(\.(?P<function>.*))?")


@dataclass(frozen=True)
class CompiledTemplate:
    """One template: token offsets (first, last or None), the column, the function name or None."""

    text: str
    first: int
    last: int | None
    column: int
    function: str | None


def compile_templates(templates: Sequence[str]) -> list[CompiledTemplate]:
    """Parse underthesea's template strings once."""
    compiled = []
    for text in templates:
        m = TEMPLATE.match(text)
        if m is None:
            raise ValueError(f"not an underthesea feature template: {text!r}")
        last = m.group("index2")
        compiled.append(
            CompiledTemplate(
                text,
                int(m.group("index1")),
                int(last) if last else None,
                int(m.group("column") or 0),
                m.group("function"),
            )
        )
    return compiled


def sentence_features(rows: Sequence[Sequence[str]], templates: list[CompiledTemplate]) -> list[list[str]]:
    """Feature strings of every token of a sentence given as rows of columns (word, pos, …), built one template
    at a time over the whole sentence; the values of a (column, width, function) are computed once and shared
    by every offset that reads them ("T[-1].lower" and "T[1].lower", "T[-1,0]" and "T[0,1]")."""
    n = len(rows)
    if not n:
        return []
    columns = list(zip(*rows, strict=True))
    shared: dict[tuple[int, int, str | None], list[str]] = {}
    template_columns = []
    for t in templates:
        width = 1 if t.last is None else t.last - t.first + 1
        key = (t.column, width, t.function)
        if key not in shared:
            column = columns[t.column]
            words = column if width == 1 else [" ".join(column[j : j + width]) for j in range(n - width + 1)]
            shared[key] = [f"{apply_function(t.function, w)}" for w in words] if t.function else list(words)
        prefix = f"{t.text}="
        first = min(n, max(0, -t.first))  # tokens before the sentence's start: BOS
        end = max(first, min(n, n - t.first - width + 1))  # tokens whose window passes its end: EOS
        values = shared[key][first + t.first : end + t.first]
        template_columns.append([f"{prefix}BOS"] * first + [prefix + v for v in values] + [f"{prefix}EOS"] * (n - end))
    return [list(token) for token in zip(*template_columns, strict=True)]


def _width(template: CompiledTemplate) -> int:
    return 1 if template.last is None else template.last - template.first + 1


def _column_key(template: CompiledTemplate) -> str:
    """The column a template reads: its row column, window width and function ("0:2:lower")."""
    return f"{template.column}:{_width(template)}:{template.function or ''}"


def column_templates(templates: Sequence[CompiledTemplate]) -> list[Template]:
    """The templates as :class:`~danvan.models.compiled_crf.Template` reading :func:`template_columns`."""
    return [Template(f"{t.text}=", _column_key(t), t.first, _width(t), "BOS", "EOS") for t in templates]


def template_columns(
    rows: Sequence[Sequence[str]], templates: Sequence[CompiledTemplate], functions: Mapping[str, Callable[[str], str]]
) -> dict[str, list[str]]:
    """The values each template reads, one column per (row column, width, function), a value per token: the
    window's tokens joined by spaces, the function applied (an n-gram column's last tokens hold "")."""
    n = len(rows)
    columns = list(zip(*rows, strict=True)) if n else []
    values: dict[str, list[str]] = {}
    for t in templates:
        key, width = _column_key(t), _width(t)
        if key in values:
            continue
        words = windows(columns[t.column] if n else (), width)
        values[key] = [functions[t.function](w) for w in words] if t.function else words
    return values


PYTHON_FUNCTIONS: dict[str, Callable[[str], str]] = {
    "lower": text_lower,
    "istitle": lambda word: f"{text_istitle(word)}",
    "isallcap": lambda word: f"{text_isallcap(word)}",
    "isdigit": text_isdigit,
    "is_in_dict": text_is_in_dict,
}
"""The template functions of underthesea's Python featurizer (its POS, chunk and NER models), as text."""
