"""The wheel carries the package data; its models and its `danvan` command work installed outside the checkout."""

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
    "ner-crf.scores.json",
    "places.tsv",
    "reference-general-news.tsv.gz",
    "clusters.tsv",
    "ner_lexicons.tsv",
    "stopwords_vi.txt",
    "vi-dep-biaffine-0.3.0.eval.json",
    "vi-dep-biaffine-0.3.0.npz",
    "ws-stack-vtb-0.1.0.crfsuite",
    "ws-stack-vtb-0.1.0.eval.json",
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
        "from danvan.pipeline.segment import segment_words, syllable_spans; "
        "print(pathlib.Path(danvan.__file__).parent); print(load_ner_tagger().name, load_parser().name); "
        "t = 'Công tác dân vận'; print(len(segment_words(t, syllable_spans(t, 0, len(t)))))"
    )
    env = {"PYTHONPATH": str(target), "HF_HUB_OFFLINE": "1", "PATH": "/usr/bin:/bin"}  # the wheel before the checkout
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    package, models, words = result.stdout.splitlines()
    assert words == "2"  # "Công tác" "dân vận", by the wheel's segmenter
    assert Path(package).is_relative_to(target)
    assert models.startswith("danvan-ner-crf-") and "vi-dep-biaffine-0.3.0.npz" in models

    danvan = target / "bin" / "danvan"
    text = "Ban Dân vận Tỉnh ủy Sơn La tổ chức hội nghị tại TP Sơn La.\n"
    tagged = subprocess.run(
        [str(danvan), "annotate"], input=text, capture_output=True, text=True, env=env, cwd=tmp_path
    )
    assert tagged.returncode == 0, tagged.stderr
    assert "NER=B-ORG" in tagged.stdout and "TokenRange=0:3" in tagged.stdout and "\troot\t" in tagged.stdout
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "a.txt").write_text("Tiêu đề\n" + text, encoding="utf-8")
    build = [str(danvan), "build", "--seeds", "texts", "--no-gold", "--out", "built", "--workers", "1"]
    built = subprocess.run(build, capture_output=True, text=True, env=env, cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "built" / "manifest.json").is_file() and list((tmp_path / "built" / "ner").glob("*.parquet"))
