"""`scripts/markup_to_brat.py`: annotators' inline markup to brat offsets, checked against the raw text."""

import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

RAW = "Ban Dân vận Tỉnh ủy Nghệ An họp.\n"


def markup_to_brat(*args: str) -> subprocess.CompletedProcess[str]:
    script = ROOT / "scripts" / "markup_to_brat.py"
    return subprocess.run([sys.executable, str(script), *args], capture_output=True, text=True)


def test_markup_becomes_brat_offsets_into_the_raw_text(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(RAW, encoding="utf-8")
    (tmp_path / "b.marked").write_text("[[ORG Ban Dân vận Tỉnh ủy Nghệ An]] họp.\n", encoding="utf-8")
    result = markup_to_brat(str(tmp_path / "a.txt"), str(tmp_path / "b.marked"), str(tmp_path / "a.ann"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "a.ann").read_text(encoding="utf-8") == "T1\tORG 0 27\tBan Dân vận Tỉnh ủy Nghệ An\n"


def test_a_marked_text_that_differs_from_the_raw_one_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(RAW, encoding="utf-8")
    (tmp_path / "a.marked").write_text("[[ORG Ban Dân vận]] Tỉnh uỷ Nghệ An họp.\n", encoding="utf-8")
    result = markup_to_brat(str(tmp_path / "a.txt"), str(tmp_path / "a.marked"), str(tmp_path / "a.ann"))
    assert result.returncode == 2 and result.stderr.strip().count("\n") == 0
    assert "differs from" in result.stderr and "line 1" in result.stderr
    assert not (tmp_path / "a.ann").exists()
    missing = markup_to_brat(str(tmp_path / "nope.txt"), str(tmp_path / "a.marked"), str(tmp_path / "a.ann"))
    assert missing.returncode == 2 and "nope.txt: cannot read it" in missing.stderr
