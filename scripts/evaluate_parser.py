"""Score parsers with gold words: UPOS accuracy, UAS and LAS by the official ``udeval`` (udtools).

By default the evaluation set is the held-out part of a dev file: its last 10% of sentences,
which ``scripts/train_parser.py`` keeps out of training (``--portion all`` scores the whole
file, e.g. a test file). Each model given (``--model``, repeatable; default the shipped one) is
scored with each UPOS source in turn:

- ``model``: the model's own UPOS tagger (UDPipe models only; the biaffine parser has none);
- ``underthesea``: underthesea's POS tagger (fed the gold words) mapped to UPOS by danvan.upos;
- ``gold``: the treebank's UPOS (an upper bound, not usable on new text).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from udtools.udeval import evaluate, load_conllu_file

from danvan.parser import (
    HEAD,
    SHIPPED_MODEL,
    UPOS,
    heldout_text,
    load_parser,
    parse_conllu_text,
    read_conllu_blocks,
    write_conllu_blocks,
)

SOURCES = ("model", "underthesea", "gold")


def blank_analysis(text: str) -> str:
    """The CoNLL-U text with UPOS, HEAD and DEPREL blanked, so nothing gold leaks into the system input."""
    blocks = []
    for block in read_conllu_blocks(text):
        rows = []
        for row in block.rows:
            fields = list(row)
            if row[0].isdigit():
                fields[UPOS] = "_"
                fields[HEAD : HEAD + 2] = ["_", "_"]
            rows.append(tuple(fields))
        blocks.append(type(block)(block.comments, tuple(rows)))
    return write_conllu_blocks(blocks)


def score(gold_path: Path, system_path: Path) -> dict[str, float]:
    """UPOS, UAS and LAS (F1, = accuracy with gold words) in percent, from udtools' udeval."""
    result = evaluate(load_conllu_file(str(gold_path)), load_conllu_file(str(system_path)))
    return {metric: round(100 * result[metric].f1, 2) for metric in ("UPOS", "UAS", "LAS")}


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--treebank", required=True, type=Path, help="CoNLL-U file with gold trees (e.g. the dev file)")
    ap.add_argument(
        "--model",
        type=Path,
        action="append",
        help=f"parser model (.npz biaffine or .udpipe), repeatable (default: models/{SHIPPED_MODEL.name})",
    )
    ap.add_argument(
        "--portion",
        choices=("heldout", "all"),
        default="heldout",
        help="score the held-out last 10%% of sentences (default) or the whole file",
    )
    ap.add_argument(
        "--upos-source",
        default="model,underthesea",
        help=f"comma-separated UPOS sources to compare, among {', '.join(SOURCES)} ('model' is skipped for a "
        "parser without a tagger)",
    )
    ap.add_argument("--save-dir", type=Path, help="also write the gold and system CoNLL-U files here")
    ap.add_argument("--json", type=Path, help="also write the scores (not the speeds) to this JSON file")
    ap.add_argument(
        "--vlsp-xpos",
        action="store_true",
        help="give the parser underthesea's VLSP tags as XPOS (for models trained with --vlsp-xpos)",
    )
    args = ap.parse_args(argv)

    sources = [s.strip() for s in args.upos_source.split(",") if s.strip()]
    for source in sources:
        if source not in SOURCES:
            ap.error(f"unknown UPOS source {source!r}")
    try:
        gold_text = heldout_text(args.treebank) if args.portion == "heldout" else args.treebank.read_text("utf-8")
        gold_text = write_conllu_blocks(read_conllu_blocks(gold_text))
    except (OSError, UnicodeDecodeError, ValueError) as err:
        print(f"error: {args.treebank}: {err}", file=sys.stderr)
        return 2
    n_sentences = len(read_conllu_blocks(gold_text))
    n_words = sum(len(b.word_rows()) for b in read_conllu_blocks(gold_text))
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        out_dir = args.save_dir or Path(tmp)
        out_dir.mkdir(parents=True, exist_ok=True)
        gold_path = out_dir / "gold.conllu"
        gold_path.write_text(gold_text, encoding="utf-8")
        for model in args.model or [SHIPPED_MODEL]:
            parser = load_parser(model, vlsp_xpos=args.vlsp_xpos)
            parse_conllu_text(parser, write_conllu_blocks(read_conllu_blocks(gold_text)[:5]))  # warm-up
            for source in sources:
                if source == "model" and not parser.has_tagger:
                    continue
                if source == "gold":
                    system_input, keep, upos_source = gold_text, True, "underthesea"
                else:
                    system_input, keep, upos_source = blank_analysis(gold_text), False, source
                start = time.perf_counter()
                system_text = parse_conllu_text(parser, system_input, keep_upos=keep, upos_source=upos_source)
                seconds = time.perf_counter() - start
                system_path = out_dir / f"system-{model.stem}-{source}.conllu"
                system_path.write_text(system_text, encoding="utf-8")
                rows.append((model.name, source, score(gold_path, system_path), n_words / seconds))

    print(f"data: {args.treebank} ({args.portion}: {n_sentences} sentences, {n_words} words)")
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
        record = {"data": args.treebank.name, "portion": args.portion, "sentences": n_sentences, "words": n_words}
        args.json.write_text(json.dumps({**record, "results": results}, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
