"""A static HTML view of a built corpus: an index of the documents, a page per document (zones, entities
marked by label, each sentence's dependency tree as SVG) and a KWIC search page that works offline."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from danvan.cli import OneLineArgumentParser
from danvan.errors import CorpusError

SITE_MARKER = "site.json"
"""The file that marks a folder as a site this command wrote (and so one it may replace)."""


def is_previous_site(folder: Path) -> bool:
    """Whether ``folder`` holds a site ``danvan html`` wrote."""
    try:
        return "danvan_html" in json.loads((folder / SITE_MARKER).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, TypeError):
        return False


def main(argv: list[str] | None = None) -> int:
    """Parse the options, read the corpus, write the site beside --out and swap it into place."""
    parser = OneLineArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=Path("corpus"), help="built corpus folder (default: corpus)")
    parser.add_argument("--out", type=Path, required=True, help="folder to write the site to (replaced if a site)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    args = parser.parse_args(argv)

    from tqdm import tqdm

    from danvan import __version__
    from danvan.build.output import check_out, recover, swap_into_place
    from danvan.formats.hf_dataset import read_documents
    from danvan.formats.html import site_files

    if not args.corpus.is_dir():
        raise CorpusError(f"{args.corpus}: no such corpus folder")
    check_out(args.out, [args.corpus], is_previous_site, "a site written by danvan html")
    documents = read_documents(args.corpus)
    files = site_files(documents)
    manifest = json.loads((args.corpus / "manifest.json").read_text(encoding="utf-8")) if (
        args.corpus / "manifest.json").exists() else {}  # fmt: skip
    files[SITE_MARKER] = json.dumps({"danvan_html": __version__, "corpus_version": manifest.get("corpus_version"),
                                     "documents": len(documents)}, indent=1) + "\n"  # fmt: skip
    out = args.out
    staging = out.parent / f".{out.name}.building-{os.getpid()}"
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        recover(out)
        shutil.rmtree(staging, ignore_errors=True)
        for name, text in tqdm(sorted(files.items()), desc="pages", unit="file", disable=args.quiet):
            path = staging / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        swap_into_place(staging, out)
    except OSError as err:
        shutil.rmtree(staging, ignore_errors=True)
        raise CorpusError(f"{err.filename or out}: cannot write the site: {err.strerror or err}") from None
    if not args.quiet:
        print(f"wrote {out}/index.html: {len(documents)} document pages, search.html")
    return 0
