"""Shared test settings: offline Hugging Face, the repository root, the shipped models."""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
# datasets caches a local folder by its name and card, not by its files' contents (huggingface/datasets#2956):
# a fresh cache per run, set before anything imports datasets (it reads the variable once, at import)
os.environ["HF_DATASETS_CACHE"] = tempfile.mkdtemp(prefix="hf-datasets-cache-")
atexit.register(shutil.rmtree, os.environ["HF_DATASETS_CACHE"], ignore_errors=True)

import pytest  # noqa: E402

from danvan.build.corpus import Models, build_corpus  # noqa: E402
from danvan.pipeline.ner import load_ner_tagger  # noqa: E402
from danvan.pipeline.parse import load_parser  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def models() -> Models:
    """The shipped NER model and parser, loaded once for the whole run."""
    return Models(load_ner_tagger(), load_parser())


@pytest.fixture(scope="session")
def fresh_corpus(tmp_path_factory: pytest.TempPathFactory, models: Models) -> Path:
    """The seeds and annotations built into a temporary folder, as `make corpus` does."""
    out = tmp_path_factory.mktemp("fresh") / "corpus"
    build_corpus(ROOT / "seeds", ROOT / "annotations", out, models, workers=1, progress=False)
    return out
