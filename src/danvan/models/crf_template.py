"""underthesea's CRF feature templates ("T[-1,0][1].lower"), compiled once and computed in linear time.

underthesea's own ``template2features`` rebuilds every column of the sentence for each token
and each template (quadratic in sentence length); this produces the same feature strings
(a test checks it on the seeds) so the bundled POS, chunk and NER models can be fed directly.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from underthesea.pipeline.pos_tag.tagged_feature import apply_function

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
    """Feature strings of every token of a sentence given as rows of columns (word, pos, …)."""
    n = len(rows)
    columns = list(zip(*rows, strict=True)) if rows else []
    function: Callable[[str, str], str] = apply_function
    features: list[list[str]] = []
    for i in range(n):
        token_features = []
        for t in templates:
            prefix = f"{t.text}="
            if i + t.first < 0:
                token_features.append(f"{prefix}BOS")
                continue
            if i + t.first >= n or (t.last is not None and i + t.last >= n):
                token_features.append(f"{prefix}EOS")
                continue
            if t.last is not None:
                word = " ".join(columns[t.column][i + t.first : i + t.last + 1])
            else:
                word = rows[i + t.first][t.column]
            token_features.append(f"{prefix}{function(t.function, word) if t.function else word}")
        features.append(token_features)
    return features
