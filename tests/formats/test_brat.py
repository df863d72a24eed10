"""brat standoff: reading and checking .ann files against their raw text, span agreement, the checker."""

import subprocess
import sys
from pathlib import Path

import pytest

from danvan.errors import CorpusError
from danvan.formats.brat import annotation_problems, read_annotations, span_agreement
from danvan.model import Entity
from tests.conftest import ROOT

RAW = "Trưởng Ban Dân vận Trung ương Bùi Thị Minh Hoài thăm tỉnh Nghệ An."


def entity(text: str, label: str, raw: str = RAW) -> Entity:
    start = raw.index(text)
    return Entity(start, start + len(text), label, text)


def write_ann(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "doc.ann"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def span_line(n: int, text: str, label: str, raw: str = RAW, shift: int = 0) -> str:
    start = raw.index(text) + shift
    return f"T{n}\t{label} {start} {start + len(text)}\t{text}"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("T1 PER 0 6 Trưởng", "not a brat text-bound line"),
        (span_line(1, "Bùi Thị Minh Hoài", "PERSON"), "label 'PERSON' not in PER, ORG, LOC, MISC"),
        (span_line(1, "Bùi Thị Minh Hoài", "PER", shift=1), "the raw text there is"),
        ("T1\tLOC 60 900\tNghệ An", "offsets outside the text"),
        (span_line(1, " Bùi", "PER"), "begins or ends with whitespace, punctuation or a quote"),
        (span_line(1, "Nghệ An.", "LOC"), "begins or ends with whitespace, punctuation or a quote"),
    ],
)
def test_every_validator_error_names_file_line_and_span(tmp_path: Path, line: str, message: str) -> None:
    path = write_ann(tmp_path, [span_line(1, "Nghệ An", "LOC").replace("T1", "T9"), line])
    entities, problems = annotation_problems(path, RAW)
    assert len(problems) == 1
    assert problems[0].startswith(f"{path}:2: ")
    assert message in problems[0]
    assert [e.text for e in entities] == ["Nghệ An"]


def test_overlapping_spans_are_reported_with_both(tmp_path: Path) -> None:
    path = write_ann(tmp_path, [span_line(1, "Ban Dân vận", "ORG"), span_line(2, "Dân vận Trung ương", "ORG")])
    _, problems = annotation_problems(path, RAW)
    assert len(problems) == 1
    assert problems[0].startswith(f"{path}:2: span ORG") and "overlaps ORG" in problems[0]
    with pytest.raises(CorpusError, match="overlaps"):
        read_annotations(path, RAW)


def test_span_agreement_counts_exact_matches_per_label() -> None:
    a = [entity("Bùi Thị Minh Hoài", "PER"), entity("Nghệ An", "LOC"), entity("Ban Dân vận Trung ương", "ORG")]
    b = [entity("Bùi Thị Minh Hoài", "PER"), entity("Nghệ An", "ORG")]
    agreement = span_agreement(a, b)
    assert agreement["ALL"]["precision"] == 1 / 2 and agreement["ALL"]["recall"] == 1 / 3
    assert agreement["PER"]["f1"] == 1.0
    assert agreement["LOC"]["recall"] == 0.0 and agreement["ORG"]["f1"] == 0.0


def test_check_annotations_script_reports_one_line_per_problem_and_exit_2(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "doc.txt").write_text(RAW, encoding="utf-8")
    write_ann(tmp_path, [span_line(1, "Nghệ An", "LOC", shift=1), span_line(2, "Bùi Thị Minh Hoài", "XYZ")])
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "check_annotations.py"),
            str(tmp_path / "doc.ann"),
            "--seeds",
            str(seeds),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 2 and "Traceback" not in result.stderr


def test_committed_gold_is_valid() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "check_annotations.py"), "annotations"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    assert len(list((ROOT / "annotations").glob("*.ann"))) == len(list((ROOT / "seeds").glob("*.txt")))
