"""The wheel carries the package data, and the models load from an installed wheel outside the checkout."""

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from tests.conftest import ROOT

DATA_FILES = {
    "card.md",
    "ner-crf.crfsuite",
    "ner-crf.crfsuite.json",
    "ner-crf.cv.json",
    "places.tsv",
    "clusters.tsv",
    "ner_lexicons.tsv",
    "stopwords_vi.txt",
    "vi-dep-biaffine-0.3.0.eval.json",
    "vi-dep-biaffine-0.3.0.npz",
}


def test_the_wheel_carries_every_data_file_and_the_models_load_from_it(tmp_path: Path) -> None:
    source = tmp_path / "source"  # a clean copy: setuptools reuses a build/ folder left in the checkout
    shutil.copytree(ROOT / "src", source / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    build = [sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "--no-build-isolation", "-q"]
    subprocess.run([*build, "-w", str(tmp_path / "dist")], check=True, capture_output=True)
    (wheel,) = (tmp_path / "dist").glob("danvan-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert {n.removeprefix("danvan/data/") for n in names if n.startswith("danvan/data/")} == DATA_FILES
    target = tmp_path / "site"
    install = [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)]
    subprocess.run(install, check=True, capture_output=True)
    code = (
        "import danvan, pathlib; from danvan.pipeline.ner import load_ner_tagger; "
        "from danvan.pipeline.parse import load_parser; "
        "print(pathlib.Path(danvan.__file__).parent); print(load_ner_tagger().name, load_parser().name)"
    )
    env = {"PYTHONPATH": str(target), "HF_HUB_OFFLINE": "1", "PATH": "/usr/bin:/bin"}  # the wheel before the checkout
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    package, models = result.stdout.splitlines()
    assert Path(package).is_relative_to(target)
    assert models.startswith("danvan-ner-crf-") and "vi-dep-biaffine-0.3.0.npz" in models
