"""NER evaluation, the project's CRF vs underthesea's stock NER, seqeval strict IOB2 entity scores.

Default: leave-one-document-out over the built corpus's gold documents (a CRF trained on the
other documents tags each one). With --new-texts FOLDER: the shipped model (--model) and the
stock tagger tag each raw <name>.txt of the folder end to end, scored against its gold <name>.ann.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from danvan.cli import OneLineArgumentParser, check_writable, positive_int
from danvan.errors import CorpusError
from danvan.models.crf_ner.units import LEVELS

if TYPE_CHECKING:
    from danvan.eval.ner import Trainer
# The evaluation (datasets, seqeval, the pipeline) is imported where it runs, so that --help stays fast.


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


FAMILIES = ("crf", "bilstm-crf")
"""Model families cross-validation can train: the project's CRF, and the BiLSTM-CRF (needs ``.[train]``)."""


def family_trainer(family: str, level: str, vectors: Path | None) -> tuple[str, Trainer]:
    """(name, Trainer) of a model family: the CRF at ``level``, or the BiLSTM-CRF over syllables with ``vectors``."""
    if family == "crf":
        from danvan.eval.ner import crf_trainer

        return f"project CRF ({level} level)", crf_trainer(level)
    try:
        from danvan.models.bilstm_crf import load_vectors, train_bilstm_crf
    except ImportError:  # pragma: no cover - torch is in the train extra
        raise CorpusError("--family bilstm-crf needs PyTorch: pip install -e '.[train]'") from None
    if vectors is not None and not vectors.is_file():
        raise CorpusError(f"{vectors}: no such vectors file (make it with scripts/make_clusters.py --vectors)")
    loaded = load_vectors(vectors) if vectors else None
    name = "BiLSTM-CRF (syllable level" + (f", vectors {vectors.name})" if vectors else ")")
    return name, lambda sentences, path: train_bilstm_crf(sentences, vectors=loaded)


def leave_one_out_results(
    corpus: Path,
    level: str,
    folds: int | None = None,
    near_duplicates: Path | None = None,
    only: str = "",
    family: tuple[str, Trainer] | None = None,
    errors: Path | None = None,
) -> tuple[str, str, dict]:
    """(heading, model name, figures) of leave-one-document-out, or with ``folds`` of grouped cross-validation
    (near-duplicate documents, found and listed in ``near_duplicates``, in one fold); ``only`` keeps the
    documents whose id starts with it; ``family``: (name, Trainer), the CRF at ``level`` by default; ``errors``:
    a TSV file to write every gold entity's fate and every spurious prediction to (``entity_errors``)."""
    from tqdm import tqdm

    from danvan.build.splits import near_duplicate_groups, read_listed_groups
    from danvan.eval.ner import (
        cross_validate,
        documents_rows,
        entity_errors,
        gold_sentences_by_document,
        grouped_folds,
        leave_one_document_out,
        pooled,
        stock_predictions,
    )

    name, train = family or family_trainer("crf", level, None)
    if not (corpus / "ner").is_dir():
        raise CorpusError(f"{corpus}: not a built corpus (no ner/ folder); run make corpus")
    by_document = {d: s for d, s in gold_sentences_by_document(corpus).items() if d.startswith(only)}
    if len(by_document) < 2:
        raise CorpusError(f"{corpus}: cross-validation needs 2 or more gold documents")
    if folds is None:
        bar = tqdm(total=len(by_document), desc="folds", unit="doc", disable=None)
        predictions = leave_one_document_out(by_document, train, lambda doc_id: bar.update(1))
        how = "leave-one-document-out"
    else:
        texts = {row["id"]: row["raw"] for row in documents_rows(corpus) if row["id"] in by_document}
        listed = read_listed_groups(near_duplicates) if near_duplicates and near_duplicates.exists() else []
        fold_ids = grouped_folds(list(by_document), near_duplicate_groups(texts, listed), folds)
        bar = tqdm(total=len(fold_ids), desc="folds", unit="fold", disable=None)
        predictions = cross_validate(by_document, fold_ids, train, lambda fold: bar.update(1))
        how = f"{len(fold_ids)}-fold cross-validation by document, near-duplicates in one fold,"
    bar.close()
    if errors:
        write_errors(errors, entity_errors(by_document, predictions))
    results = {
        "model": pooled(by_document, predictions),
        "underthesea": pooled(by_document, stock_predictions(by_document)),
    }
    sentences = sum(len(v) for v in by_document.values())
    heading = f"{how} over {len(by_document)} gold documents, {sentences} sentences"
    return heading, name, results


def write_errors(path: Path, rows: list[tuple[str, ...]]) -> None:
    """The classified entities as TSV, and a count of each kind per gold label on stdout."""
    from danvan.eval.ner import ERROR_KINDS

    header = ("kind", "document", "gold_label", "gold_text", "predicted_label", "predicted_text")
    path.write_text("\n".join("\t".join(row) for row in [header, *rows]) + "\n", encoding="utf-8")
    counts = Counter((row[2] or "-", row[0]) for row in rows)
    labels = sorted({label for label, _ in counts})
    print(f"{'gold':<6}" + "".join(f"{kind:>18}" for kind in ERROR_KINDS))
    for label in labels:
        print(f"{label:<6}" + "".join(f"{counts[label, kind]:>18}" for kind in ERROR_KINDS))


def new_text_results(folder: Path, model_path: Path | None) -> tuple[str, str, dict]:
    """(heading, model name, figures) of a model (default: the shipped one) and the stock tagger on a folder
    of raw texts with gold."""
    from danvan.eval.ner import raw_folder_scores
    from danvan.pipeline.ner import StockNerTagger, load_ner_tagger

    if not folder.is_dir():
        raise CorpusError(f"{folder}: not a folder")
    tagger = load_ner_tagger(model_path)
    texts = len([t for t in folder.glob("*.txt") if t.with_suffix(".ann").exists()])
    results = {
        "model": raw_folder_scores(folder, tagger),
        "underthesea": raw_folder_scores(folder, StockNerTagger()),
    }
    return f"{texts} raw texts of {folder}, tagged end to end", tagger.name, results


def main(argv: list[str] | None = None) -> int:
    """Parse the options, evaluate, print the tables (and JSON)."""
    parser = OneLineArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=Path("corpus"), help="built corpus folder (default: corpus)")
    parser.add_argument("--level", choices=LEVELS, default="syllable", help="CRF tagging level (default: syllable)")
    parser.add_argument("--new-texts", type=Path, help="score the shipped model on this folder of .txt + .ann instead")
    parser.add_argument("--model", type=Path, help="model for --new-texts (default: the shipped one)")
    parser.add_argument("--folds", type=positive_int, help="grouped K-fold cross-validation instead of leave-one-out")
    parser.add_argument(
        "--near-duplicates", type=Path, default=Path("seeds/near-duplicates.json"), help="listed near-duplicate groups"
    )
    parser.add_argument("--only", default="", help="only the gold documents whose id starts with this prefix")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    parser.add_argument("--errors", type=Path, help="write each gold entity's fate and each spurious one (TSV)")
    parser.add_argument(
        "--family", choices=FAMILIES, default="crf", help="model family to cross-validate (default: crf)"
    )
    parser.add_argument(
        "--vectors", type=Path, help="bilstm-crf: syllable vectors (scripts/make_clusters.py --vectors)"
    )
    args = parser.parse_args(argv)
    check_writable([args.json, args.errors])  # before minutes of training, not after
    if args.new_texts:
        heading, name, results = new_text_results(args.new_texts, args.model)
    else:
        family = family_trainer(args.family, args.level, args.vectors)
        heading, name, results = leave_one_out_results(
            args.corpus, args.level, args.folds, args.near_duplicates, args.only, family, args.errors
        )
    print(f"{heading}; seqeval strict IOB2")
    for line in table(name, results["model"]) + table("underthesea stock NER", results["underthesea"]):
        print(line)
    model_f1, stock_f1 = results["model"]["micro_f1"], results["underthesea"]["micro_f1"]
    print(f"micro F1: model {model_f1:.4f}, underthesea {stock_f1:.4f}, gap {model_f1 - stock_f1:+.4f}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return 0
