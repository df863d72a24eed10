"""A Document as one JSON object (every field of the data model, offsets into ``raw``), one a line."""

from __future__ import annotations

import json
from dataclasses import asdict

from danvan.model import Document


def document_json(document: Document) -> str:
    """One line of JSON holding the whole Document (keys in the data model's order, non-ASCII kept)."""
    return json.dumps(asdict(document), ensure_ascii=False)
