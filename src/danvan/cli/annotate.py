"""Annotate raw Vietnamese text: zones, sentences, words (POS, chunk), entities (the project's NER model),
UPOS and dependency trees, written as CoNLL-U (the corpus's conventions: NER tag and character range in
MISC), JSON lines (one Document a line), brat standoff (.ann of the entities) or one stand-alone HTML page
(entities marked, zones, a dependency tree per sentence; one FILE or stdin).

Reads each FILE, or standard input when none is given.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from danvan.cli import OneLineArgumentParser
from danvan.errors import CorpusError

FORMATS = ("conllu", "jsonl", "brat", "html")


def main(argv: list[str] | None = None) -> int:
    """Parse the options, annotate each input, print the result."""
    ap = OneLineArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="*", type=Path, metavar="FILE", help="raw text files (default: stdin)")
    ap.add_argument("--format", choices=FORMATS, default="conllu", help="output format (default: conllu)")
    ap.add_argument("--encoding", default="utf-8", help="encoding of the files and stdin (default: utf-8)")
    ap.add_argument("--ner-model", type=Path, metavar="FILE", help="a CRF NER model (default: the shipped one)")
    ap.add_argument("--parser-model", type=Path, metavar="FILE", help="a parser .npz (default: the shipped one)")
    args = ap.parse_args(argv)
    if args.format == "html" and len(args.files) > 1:
        ap.error("--format html writes one page: give one FILE (danvan build, then danvan html, for several)")

    from danvan.formats.brat import ann_text
    from danvan.formats.conllu import document_blocks, write_conllu_text
    from danvan.formats.html import document_page
    from danvan.formats.jsonl import document_json
    from danvan.pipeline.annotate import annotate_document
    from danvan.pipeline.ingest import read_raw
    from danvan.pipeline.ner import load_ner_tagger
    from danvan.pipeline.parse import load_parser

    ner_tagger, parser = load_ner_tagger(args.ner_model), load_parser(args.parser_model)
    if args.files:
        texts = [(raw.doc_id, raw.raw) for raw in (read_raw(path, args.encoding) for path in args.files)]
    else:
        try:
            texts = [("stdin", sys.stdin.buffer.read().decode(args.encoding))]
        except UnicodeDecodeError as err:
            raise CorpusError(f"stdin: byte {err.start}: not {args.encoding} text") from None
    for doc_id, raw in texts:
        document = annotate_document(doc_id, raw, ner_tagger, parser)
        if args.format == "conllu":
            sys.stdout.write(write_conllu_text(document_blocks(document)))
        elif args.format == "jsonl":
            sys.stdout.write(document_json(document) + "\n")
        elif args.format == "html":
            sys.stdout.write(document_page(document))
        else:
            entities = tuple(e for s in document.sentences for e in s.entities)
            sys.stdout.write((f"# {doc_id}\n" if len(texts) > 1 else "") + ann_text(entities))
    return 0
