"""`scripts/train_segmenter.py` on a small treebank the test writes: model, scores, and mistakes as one line."""

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

SENTENCES = [
    ["Công tác", "dân vận", "của", "tỉnh", "được", "nâng cao", "."],
    ["Ban", "Dân vận", "Tỉnh ủy", "tổ chức", "hội nghị", "."],
    ["Người dân", "đồng tình", "với", "chủ trương", "của", "Đảng", "."],
    ["Mặt trận", "Tổ quốc", "giám sát", "việc", "thực hiện", "chính sách", "."],
]


def conllu(sentences: list[list[str]]) -> str:
    blocks = []
    for n, words in enumerate(sentences, 1):
        rows = [f"{i}\t{w}\t{w}\tX\t_\t_\t{0 if i == 1 else 1}\t{'root' if i == 1 else 'dep'}\t_\t_"
                for i, w in enumerate(words, 1)]  # fmt: skip
        blocks.append(f"# sent_id = {n}\n# text = {' '.join(words)}\n" + "\n".join(rows) + "\n")
    return "\n".join(blocks) + "\n"


def train_segmenter(*args: str) -> subprocess.CompletedProcess[str]:
    script = ROOT / "scripts" / "train_segmenter.py"
    return subprocess.run([sys.executable, str(script), *args], capture_output=True, text=True, cwd=ROOT)


def test_trains_and_scores_the_dev_halves(tmp_path: Path) -> None:
    (tmp_path / "x_ud-ud-train.conllu").write_text(conllu(SENTENCES * 3), encoding="utf-8")
    (tmp_path / "x_ud-ud-dev.conllu").write_text(conllu(SENTENCES), encoding="utf-8")
    out = tmp_path / "ws.crfsuite"
    result = train_segmenter("--treebank", str(tmp_path), "--out", str(out))
    assert result.returncode == 0, result.stderr
    report = json.loads(out.with_suffix(".eval.json").read_text(encoding="utf-8"))
    assert set(report["scores"]) == {"dev_first_half (parameters chosen here)", "dev_second_half (held out)"}
    for half in report["scores"].values():
        assert set(half) == {"underthesea", "pyvi", "stacked"}
        assert half["stacked"]["f1"] >= 0.9  # its own training sentences
    first = out.read_bytes()
    assert train_segmenter("--treebank", str(tmp_path), "--out", str(out)).returncode == 0
    assert out.read_bytes() == first


def test_a_folder_without_a_treebank_is_one_line(tmp_path: Path) -> None:
    result = train_segmenter("--treebank", str(tmp_path), "--out", str(tmp_path / "ws.crfsuite"))
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "no *-ud-train.conllu" in result.stderr


def test_a_broken_treebank_file_is_one_line(tmp_path: Path) -> None:
    for content, message in [(b"1\tC\xf4ng\n\n", "UTF-8"), (b"# only a comment\n\n", "no sentences")]:
        (tmp_path / "x-ud-train.conllu").write_bytes(content)
        result = train_segmenter("--treebank", str(tmp_path), "--out", str(tmp_path / "ws.crfsuite"))
        assert result.returncode == 2 and result.stderr.strip().count("\n") == 0, result.stderr
        assert "x-ud-train.conllu" in result.stderr and message in result.stderr
