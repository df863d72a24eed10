"""Score parsers with gold words: UPOS accuracy, UAS and LAS by the official ``udeval`` (udtools).

By default the evaluation set is the held-out part of a dev file: its last 10% of sentences,
which ``scripts/train_parser.py`` keeps out of training (``--portion all`` scores the whole
file, e.g. a test file). Each model given (``--model``, repeatable; default the shipped one) is
scored with each UPOS source in turn:

- ``underthesea``: underthesea's POS tagger (fed the gold words) mapped to UPOS by danvan.pipeline.upos;
- ``gold``: the treebank's UPOS (an upper bound, not usable on new text).
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from danvan.cli import OneLineArgumentParser
from danvan.errors import CorpusError


def main(argv: list[str] | None = None) -> int:
    """Parse the options, score every model with every UPOS source, print a table (and JSON)."""
    ap = OneLineArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--treebank", required=True, type=Path, help="CoNLL-U file with gold trees (e.g. the dev file)")
    ap.add_argument("--model", type=Path, action="append", help="parser model (.npz), repeatable (default: shipped)")
    ap.add_argument(
        "--portion",
        choices=("heldout", "all"),
        default="heldout",
        help="score the held-out last 10%% of sentences (default) or the whole file",
    )
    ap.add_argument("--upos-source", default="underthesea,gold", help="comma-separated UPOS sources: underthesea, gold")
    ap.add_argument("--save-dir", type=Path, help="also write the gold and system CoNLL-U files here")
    ap.add_argument("--json", type=Path, help="also write the scores (not the speeds) to this JSON file")
    args = ap.parse_args(argv)

    from danvan.eval.parser import UPOS_SOURCES, blank_analysis, udeval_scores
    from danvan.formats.conllu import read_conllu_text, write_conllu_text
    from danvan.models.parser_training import heldout_text
    from danvan.pipeline.parse import load_parser, parse_conllu_text

    sources = [s.strip() for s in args.upos_source.split(",") if s.strip()]
    for source in sources:
        if source not in UPOS_SOURCES:
            ap.error(f"unknown UPOS source {source!r}")
    try:
        gold_text = heldout_text(args.treebank) if args.portion == "heldout" else args.treebank.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise CorpusError(f"{args.treebank}: {err}") from None
    blocks = read_conllu_text(gold_text)
    gold_text = write_conllu_text(blocks)
    n_words = sum(len(b.word_rows()) for b in blocks)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        out_dir = args.save_dir or Path(tmp)
        out_dir.mkdir(parents=True, exist_ok=True)
        gold_path = out_dir / "gold.conllu"
        gold_path.write_text(gold_text, encoding="utf-8")
        for model_path in args.model or [None]:
            parser = load_parser(model_path)
            parse_conllu_text(parser, write_conllu_text(blocks[:5]))  # warm-up
            for source in sources:
                keep = source == "gold"
                start = time.perf_counter()
                system_text = parse_conllu_text(parser, gold_text if keep else blank_analysis(gold_text), keep)
                seconds = time.perf_counter() - start
                system_path = out_dir / f"system-{Path(parser.name).stem}-{source}.conllu"
                system_path.write_text(system_text, encoding="utf-8")
                rows.append((parser.name, source, udeval_scores(gold_path, system_path), n_words / seconds))

    print(f"data: {args.treebank} ({args.portion}: {len(blocks)} sentences, {n_words} words)")
    print("scored by udtools udeval, gold words; words/s: UPOS (underthesea's tagging included) + parse, one process\n")
    print("| model | UPOS source | UPOS | UAS | LAS | words/s |")
    print("|---|---|---:|---:|---:|---:|")
    for model_name, source, metrics, speed in rows:
        print(
            f"| {model_name} | {source} | {metrics['UPOS']:.2f} | {metrics['UAS']:.2f} | {metrics['LAS']:.2f} "
            f"| {speed:,.0f} |"
        )
    if args.json:
        results = [{"model": m, "upos_source": source, **metrics} for m, source, metrics, _ in rows]
        record = {"data": args.treebank.name, "portion": args.portion, "sentences": len(blocks), "words": n_words}
        args.json.write_text(json.dumps({**record, "results": results}, indent=2) + "\n", encoding="utf-8")
    return 0
