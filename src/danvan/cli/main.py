"""``danvan``: the toolkit's one command; each subcommand is a thin shell over a main of this package."""

from __future__ import annotations

import sys
from importlib import import_module

COMMANDS: dict[str, tuple[str, str]] = {
    "build": ("build_corpus", "build the corpus (Hugging Face dataset) from raw texts and gold annotations"),
    "annotate": ("annotate", "annotate raw text (files or stdin) as CoNLL-U, JSON lines or brat"),
    "freq": ("term_frequencies", "word or syllable frequency list with dispersion (Juilland's D, Gries' DP)"),
    "ngrams": ("ngrams", "frequency-ranked n-gram list"),
    "collocations": ("collocations", "n-gram and window collocations with association measures"),
    "keywords": ("keywords", "keywords against the shipped general-news reference (G², log ratio, %DIFF)"),
    "sketch": ("sketch", "word sketch: grammatical collocates of a word from the dependency trees"),
    "concordance": ("concordance", "KWIC concordance of a word, phrase, wildcard pattern or regex"),
    "plot": ("plot", "dispersion plot (PNG or SVG) of one or more terms across the corpus"),
    "html": ("html", "static HTML site of the corpus: documents, entities, trees, offline KWIC search"),
    "check-annotations": ("check_annotations", "check brat gold annotations against their texts"),
    "train-ner": ("train_ner", "train a CRF NER model on a dataset"),
    "evaluate-ner": ("evaluate_ner", "evaluate NER models (grouped cross-validation, test split)"),
    "parse": ("parse_conllu", "fill UPOS, HEAD and DEPREL of a CoNLL-U file"),
}
"""Subcommand → (module of danvan.cli holding its ``main``, one-line description)."""


def usage() -> str:
    """The command list ``danvan`` and ``danvan --help`` print."""
    width = max(map(len, COMMANDS))
    lines = [f"  {name:<{width}}  {text}" for name, (_, text) in COMMANDS.items()]
    return "usage: danvan COMMAND [OPTIONS]   (danvan COMMAND --help for its options)\n\ncommands:\n" + "\n".join(
        lines
    )


def main(argv: list[str] | None = None) -> int:
    """Dispatch to the subcommand's main (imported only when it runs, so ``--help`` stays fast)."""
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] in ("-h", "--help"):
        print(usage())
        return 0 if argv else 2
    if argv[0] == "--version":
        from danvan import __version__

        print(f"danvan {__version__}")
        return 0
    if argv[0] not in COMMANDS:
        print(f"danvan: error: unknown command {argv[0]!r} (danvan --help lists them)", file=sys.stderr)
        return 2
    sys.argv[0] = f"danvan {argv[0]}"
    return import_module(f"danvan.cli.{COMMANDS[argv[0]][0]}").main(argv[1:])


def console() -> int:
    """The ``danvan`` console script: ``main`` with errors as one line and exit status 2."""
    from danvan.cli import run

    return run(main)
