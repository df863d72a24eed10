"""Leave-one-document-out NER evaluation on the corpus's gold documents: the project's CRF vs underthesea."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from tqdm import tqdm

from danvan.errors import CorpusError
from danvan.ner_crf import LEVELS
from danvan.ner_eval import gold_sentences_by_document, leave_one_document_out, pooled, stock_predictions


def table(name: str, scores: dict) -> list[str]:
    lines = [f"{name}", f"  {'type':<6}{'precision':>10}{'recall':>10}{'f1':>10}{'support':>9}"]
    for label, values in scores["per_type"].items():
        lines.append(
            f"  {label:<6}{values['precision']:>10.4f}{values['recall']:>10.4f}"
            f"{values['f1-score']:>10.4f}{int(values['support']):>9}"
        )
    lines.append(
        f"  {'micro':<6}{scores['micro_precision']:>10.4f}{scores['micro_recall']:>10.4f}"
        f"{scores['micro_f1']:>10.4f}{scores['support']:>9}"
    )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=Path("corpus"), help="built corpus folder (default: corpus)")
    parser.add_argument("--level", choices=LEVELS, default="syllable", help="CRF tagging level (default: syllable)")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args(argv)
    try:
        if not (args.corpus / "ner").is_dir():
            raise CorpusError(f"{args.corpus}: not a built corpus (no ner/ folder); run make corpus")
        by_document = gold_sentences_by_document(args.corpus)
        if len(by_document) < 2:
            raise CorpusError(f"{args.corpus}: leave-one-document-out needs 2 or more gold documents")
    except CorpusError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    bar = tqdm(total=len(by_document), desc="folds", unit="doc", disable=None)
    predictions = leave_one_document_out(by_document, args.level, lambda doc_id: bar.update(1))
    bar.close()
    results = {
        "model": pooled(by_document, predictions),
        "underthesea": pooled(by_document, stock_predictions(by_document)),
    }
    sentences = sum(len(v) for v in by_document.values())
    print(f"leave-one-document-out over {len(by_document)} gold documents, {sentences} sentences; seqeval strict IOB2")
    for line in table(f"project CRF ({args.level} level)", results["model"]) + table(
        "underthesea stock NER", results["underthesea"]
    ):
        print(line)
    model_f1, stock_f1 = results["model"]["micro_f1"], results["underthesea"]["micro_f1"]
    print(f"micro F1: model {model_f1:.4f}, underthesea {stock_f1:.4f}, gap {model_f1 - stock_f1:+.4f}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
