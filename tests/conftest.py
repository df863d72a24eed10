"""Shared test settings: offline Hugging Face, the repository root."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
# datasets caches a local folder by its name and card, not by its files' contents: a fresh cache per run
os.environ["HF_DATASETS_CACHE"] = tempfile.mkdtemp(prefix="hf-datasets-cache-")

ROOT = Path(__file__).resolve().parents[1]
