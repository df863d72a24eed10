"""Write the keyness reference shipped with danvan (src/danvan/data/reference-general-news.tsv.gz).

Every article of a JSON-lines file (``{"id", "raw"}``; the project uses
../shared/news/general-news.jsonl.gz, 11,998 magizbox/scraper articles that are not in the corpus)
goes through the project's pipeline (zones, sentences, words, normalized forms; no NER or parse is
needed); the word and syllable frequencies of the body zones are written, counts only.
Deterministic for the same input and pipeline.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Iterator, Sequence
from multiprocessing import get_context
from pathlib import Path

from tqdm import tqdm

from danvan.cli import OneLineArgumentParser, positive_int
from danvan.errors import CorpusError
from danvan.model import Document
from danvan.stats.reference import REFERENCE, unit_counts, write_reference


def articles(path: Path) -> Iterator[tuple[str, str]]:
    """(id, raw) of every line of a JSON-lines (.gz) file."""
    try:
        with (gzip.open if path.suffix == ".gz" else open)(path, "rt", encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                try:
                    item = json.loads(line)
                    yield str(item["id"]), str(item["raw"])
                except (ValueError, KeyError, TypeError):
                    raise CorpusError(f"{path}: line {number}: not a JSON object with 'id' and 'raw'") from None
    except OSError as err:
        raise CorpusError(f"{path}: cannot read it: {err}") from None


class NoEntities:
    """A NerTagger that tags nothing: the frequency lists count words, not entities."""

    name = fingerprint = "none"

    def tag(self, sentences: Sequence[Sequence[object]]) -> list[list[str]]:
        """"O" for every token of each sentence."""
        return [["O"] * len(tokens) for tokens in sentences]


def _tagged(article: tuple[str, str]) -> Document:
    """One article through the pipeline up to words."""
    from danvan.pipeline.annotate import tag_document

    return tag_document(article[0], article[1], NoEntities())


def main(argv: list[str] | None = None) -> int:
    """Parse the options, annotate the articles, write the frequency lists."""
    parser = OneLineArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--news", type=Path, required=True, help="JSON-lines (.gz) of articles {id, raw}")
    parser.add_argument("--out", type=Path, default=Path("src/danvan/data") / REFERENCE, help="file to write")
    parser.add_argument("--workers", type=positive_int, default=2, help="processes (default 2)")
    args = parser.parse_args(argv)
    items = list(articles(args.news))
    digest = hashlib.sha256(args.news.read_bytes()).hexdigest()
    with get_context("spawn").Pool(args.workers) as pool:
        documents = pool.imap(_tagged, items, chunksize=16)
        counts = unit_counts(tqdm(documents, total=len(items), desc="articles", unit="doc", disable=None))
    sizes = {level: sum(c.values()) for level, c in counts.items()}
    write_reference(counts, [
        f"Keyness reference: body-zone unit frequencies of {len(items)} articles of {args.news.name} "
        f"(sha256 {digest[:16]}), magizbox/scraper vn_news (baomoi.com, 2016-2017; no licence stated, research use).",
        f"Made by scripts/make_reference.py with the danvan pipeline; {sizes['word']} words, "
        f"{sizes['syllable']} syllables.",
    ], args.out)  # fmt: skip
    print(f"wrote {args.out}: {len(counts['word'])} word types, {len(counts['syllable'])} syllable types")
    return 0
