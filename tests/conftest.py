"""Shared test settings: offline Hugging Face, the repository root, the shipped models."""

import os
import tempfile
from pathlib import Path

import pytest

from danvan.build.corpus import Models
from danvan.pipeline.ner import load_ner_tagger
from danvan.pipeline.parse import load_parser

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
# datasets caches a local folder by its name and card, not by its files' contents: a fresh cache per run
os.environ["HF_DATASETS_CACHE"] = tempfile.mkdtemp(prefix="hf-datasets-cache-")

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def models() -> Models:
    """The shipped NER model and parser, loaded once for the whole run."""
    return Models(load_ner_tagger(), load_parser())
