"""The datatrove path gives the same rows as the plain build."""

import subprocess
import sys
from pathlib import Path

import datasets
import pyarrow.parquet as pq

from danvan.formats.hf_dataset import CONFIGS, SPLITS, shard_path
from tests.conftest import ROOT


def plain_rows(corpus: Path, config: str) -> list[dict]:
    rows = [r for s in SPLITS for r in pq.read_table(shard_path(corpus, config, s)).to_pylist()]
    return sorted(rows, key=lambda r: r["id"])


def test_datatrove_output_loads_and_equals_the_plain_build(fresh_corpus: Path, tmp_path: Path) -> None:  # noqa: F811
    out = tmp_path / "dt"
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "build_datatrove.py"),
            "--input",
            str(ROOT / "seeds"),
            "--annotations",
            str(ROOT / "annotations"),
            "--out",
            str(out),
            "--tasks",
            "2",
            "--workers",
            "2",
            "--logs",
            str(tmp_path / "logs"),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    for config in CONFIGS:
        loaded = datasets.load_dataset(str(out), config, split="train")
        rows = sorted(loaded.to_list(), key=lambda r: r["id"])
        assert rows == plain_rows(fresh_corpus, config), config
