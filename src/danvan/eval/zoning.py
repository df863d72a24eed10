"""Zoning and sentence evaluation against a hand-zoned set (tests/data/zoning): character accuracy of zone
kinds, the share of gold body characters zoned body, and sentence-boundary precision, recall and F1."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from danvan.errors import CorpusError
from danvan.model import KEPT_ZONE_KINDS, ZONE_KINDS
from danvan.pipeline.segment import sentence_spans
from danvan.pipeline.zoning import zone_text


@dataclass(frozen=True)
class ZoningScores:
    """Character counts and boundary counts pooled over documents."""

    characters: int = 0
    correct: int = 0
    body: int = 0
    body_as_body: int = 0
    boundaries_gold: int = 0
    boundaries_found: int = 0
    boundaries_matched: int = 0

    def __add__(self, other: ZoningScores) -> ZoningScores:
        return ZoningScores(*(a + b for a, b in zip(vars(self).values(), vars(other).values(), strict=True)))

    @property
    def accuracy(self) -> float:
        return self.correct / self.characters if self.characters else 1.0

    @property
    def body_recall(self) -> float:
        return self.body_as_body / self.body if self.body else 1.0

    @property
    def boundary_precision(self) -> float:
        return self.boundaries_matched / self.boundaries_found if self.boundaries_found else 1.0

    @property
    def boundary_recall(self) -> float:
        return self.boundaries_matched / self.boundaries_gold if self.boundaries_gold else 1.0

    @property
    def boundary_f1(self) -> float:
        p, r = self.boundary_precision, self.boundary_recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _kinds(raw: str, zones: list[tuple[int, int, str]]) -> list[str | None]:
    kinds: list[str | None] = [None] * len(raw)
    for start, end, kind in zones:
        kinds[start:end] = [kind] * (end - start)
    return kinds


def _end(raw: str, offset: int) -> int:
    """A sentence end offset with trailing whitespace taken off."""
    return len(raw[:offset].rstrip())


def score_document(raw: str, gold: dict) -> ZoningScores:
    """Scores of the pipeline's zones and sentences on one document against its hand-zoned ``gold``."""
    gold_zones = [tuple(z) for z in gold["zones"]]
    predicted = [(z.start, z.end, z.kind) for z in zone_text(raw)]
    gold_kinds, predicted_kinds = _kinds(raw, gold_zones), _kinds(raw, predicted)
    characters = correct = body = body_as_body = 0
    for char, expected, found in zip(raw, gold_kinds, predicted_kinds, strict=True):
        if char.isspace() or expected is None:
            continue
        characters += 1
        correct += expected == found
        if expected == "body":
            body += 1
            body_as_body += found == "body"
    gold_ends = {_end(raw, e) for e in gold["sentence_ends"]}
    gold_ends |= {_end(raw, e) for s, e, kind in gold_zones if kind in KEPT_ZONE_KINDS and raw[s:e].strip()}
    found_ends = {
        _end(raw, end)
        for start, stop, kind in predicted
        if kind in KEPT_ZONE_KINDS
        for _, end in sentence_spans(raw, start, stop)
    }
    kept = {i for s, e, kind in gold_zones if kind in KEPT_ZONE_KINDS for i in range(s, e + 1)}
    found_ends &= kept  # boundaries in text the gold does not keep are zoning errors, counted above
    return ZoningScores(characters, correct, body, body_as_body, len(gold_ends), len(found_ends),
                        len(gold_ends & found_ends))  # fmt: skip


ZONE_OPEN, ZONE_CLOSE, SENTENCE_END = "⟦", "⟧", "¦"


def parse_zoned(zoned: str) -> tuple[str, dict]:
    """A hand-zoned text (``⟦KIND|text⟧`` zones, ``¦`` sentence ends; tests/data/zoning/GUIDELINES.md) as
    (raw text, {"zones": [[start, end, kind], …], "sentence_ends": [offset, …]}); CorpusError on bad markup."""
    text: list[str] = []
    zones: list[list] = []
    ends: list[int] = []
    open_zone: list | None = None
    i = 0
    while i < len(zoned):
        char = zoned[i]
        if char == ZONE_OPEN:
            bar = zoned.find("|", i)
            if open_zone is not None or bar < 0 or zoned[i + 1 : bar] not in ZONE_KINDS:
                raise CorpusError(f"character {i}: a zone opens inside another or with an unknown kind")
            open_zone, i = [len(text), None, zoned[i + 1 : bar]], bar + 1
            continue
        if char == ZONE_CLOSE and open_zone is not None:
            open_zone[1] = len(text)
            zones.append(open_zone)
            open_zone = None
        elif char == SENTENCE_END and open_zone is not None:
            ends.append(len(text))
        elif char in (ZONE_CLOSE, SENTENCE_END) or (open_zone is None) != (char == "\n"):
            raise CorpusError(f"character {i}: {zoned[i : i + 30]!r}: outside a zone, or a zone crosses a line")
        else:
            text.append(char)
        i += 1
    if open_zone is not None:
        raise CorpusError("the last zone is not closed")
    return "".join(text), {"zones": zones, "sentence_ends": ends}


def zoning_set(folder: Path) -> dict[str, tuple[str, dict]]:
    """Every hand-zoned document of ``folder`` (``<name>.zones.txt``): name → (raw text, gold)."""
    return {path.name.removesuffix(".zones.txt"): parse_zoned(path.read_text(encoding="utf-8"))
            for path in sorted(folder.glob("*.zones.txt"))}  # fmt: skip
