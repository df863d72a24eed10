"""The dataset card (corpus/README.md): YAML header for the Hub and the prose a user needs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from danvan.dataset import CONFIGS, FEATURES, SPLITS
from danvan.model import NER_TAGS
from danvan.parser import SHIPPED_MODEL as PARSER_MODEL
from danvan.parser import UDPIPE_MODEL

if TYPE_CHECKING:
    from danvan.build import BuildSummary

NER_EVALUATION = Path(__file__).resolve().parents[2] / "models" / "ner-crf.lodo.json"
"""Leave-one-document-out figures of the NER model, written by ``scripts/evaluate_ner.py --json``."""
PARSER_EVALUATION = PARSER_MODEL.with_suffix(".eval.json")
"""Held-out VTB scores of the shipped parser, written by ``scripts/evaluate_parser.py --json``."""

CONFIG_PURPOSE = {
    "documents": "one row per article: metadata, the raw file verbatim, kept text, line zones",
    "sentences": "one row per sentence of the kept text, with its character span and zone",
    "tokens": "word tokens with character offsets, normalized forms, POS and chunk tags",
    "ner": "word tokens with BIO NER tags (ClassLabel), entity spans, and where the NER comes from",
    "conllu": "the UD columns of each sentence; the same as corpus/conllu/<split>.conllu",
}


def _yaml_header(summary: BuildSummary, version: str) -> str:
    """The card's YAML: Hub metadata, one ``configs`` entry per layer, features and split sizes."""
    splits = [split for split in SPLITS if summary.splits.get(split)]
    header = {
        "pretty_name": "Dân vận corpus",
        "language": ["vi"],
        "license": "other",
        "license_name": "mixed-see-card",
        "task_categories": ["token-classification"],
        "task_ids": ["named-entity-recognition", "part-of-speech"],
        "tags": ["vietnamese", "news", "corpus-linguistics", "conllu"],
        "version": version,
        "configs": [
            {
                "config_name": config,
                "data_files": [
                    {"split": split, "path": f"{config}/{split}-00000-of-00001.parquet"} for split in splits
                ],
            }
            for config in CONFIGS
        ],
        "dataset_info": [
            {
                "config_name": config,
                "features": FEATURES[config]._to_yaml_list(),
                "splits": [
                    {
                        "name": split,
                        "num_bytes": summary.arrow_bytes[config, split],
                        "num_examples": summary.rows[config, split],
                    }
                    for split in splits
                ],
            }
            for config in CONFIGS
        ],
    }
    return yaml.safe_dump(header, sort_keys=False, allow_unicode=True, width=1000)


def ner_evaluation_table(path: Path = NER_EVALUATION) -> str:
    """The NER evaluation figures as a markdown table (micro P/R/F1 and F1 per type, each system)."""
    figures = json.loads(path.read_text(encoding="utf-8"))
    labels = sorted({label for system in figures.values() for label in system["per_type"]})
    rows = [
        "| system | micro P | micro R | micro F1 | " + " | ".join(f"{label} F1" for label in labels) + " |",
        "|---" * (4 + len(labels)) + "|",
    ]
    names = {"model": "the project's CRF (shipped model's settings)", "underthesea": "underthesea's stock CRF NER"}
    for system, scores in figures.items():
        per_type = " | ".join(f"{scores['per_type'][label]['f1-score']:.3f}" for label in labels)
        rows.append(
            f"| {names.get(system, system)} | {scores['micro_precision']:.3f} | {scores['micro_recall']:.3f} "
            f"| **{scores['micro_f1']:.3f}** | {per_type} |"
        )
    return "\n".join(rows)


def parser_scores(figures: dict, model: str, source: str = "underthesea") -> dict:
    """The evaluation record ``figures`` with one parser's scores with UPOS from ``source`` merged in."""
    scores = next(r for r in figures["results"] if r["model"] == model and r["upos_source"] == source)
    return figures | scores


def render_card(summary: BuildSummary, version: str, ner_model: str) -> str:
    """The card's markdown, with the build's counts filled in."""
    entity_rows = "\n".join(f"| {label} | {n} |" for label, n in sorted(summary.entities.items()))
    split_rows = "\n".join(f"| {split} | {n} |" for split, n in summary.splits.items())
    config_rows = "\n".join(f"| `{c}` | {CONFIG_PURPOSE[c]} |" for c in CONFIGS)
    parser_model = PARSER_MODEL.name
    parser_evaluation = json.loads(PARSER_EVALUATION.read_text(encoding="utf-8"))
    parsing = parser_scores(parser_evaluation, PARSER_MODEL.name)
    udpipe = parser_scores(parser_evaluation, UDPIPE_MODEL.name)
    ner_table = ner_evaluation_table()
    return f"""---
{_yaml_header(summary, version)}---

# Dân vận corpus, version {version}

An annotated corpus of Vietnamese news articles about *công tác dân vận* (the Party's
mass-mobilization work) and its "Dân vận khéo" movement. Every annotation points back to
the exact characters of the raw article: each sentence and token carries `[start, end)`
character offsets (Python `str` indices, end exclusive) into the raw file, and
`raw[start:end] == text` holds throughout.

## Load it

```python
from datasets import load_dataset

ner = load_dataset("corpus", "ner")          # a local clone: the folder holding this card
ner["train"].features["ner_tags"].feature.names
```

`datasets` caches a local folder under its name and card, not its file contents: after
rebuilding `corpus/` with the same card, load with `download_mode="force_redownload"` once.

Configs (each with document-level `train`, `validation` and `test` splits; all but
`documents` have one row per sentence, and share its `id`, so they join on it):

| config | what a row is |
|---|---|
{config_rows}

## Counts

{summary.documents} documents ({summary.gold_documents} with gold NER), {summary.sentences} sentences,
{summary.tokens} word tokens.

| split | documents |
|---|---|
{split_rows}

| entity label | mentions |
|---|---|
{entity_rows}

Tokens split at gold entity edges (see below): {summary.token_splits}.

## Sources

The raw texts are five news articles (2021–2023) from Vietnamese outlets on dân vận work
(the national Ban Dân vận Trung ương conference, Đảng ủy Khối các cơ quan Trung ương,
dangcongsan.vn, Baonghean.vn, Báo Lạng Sơn). `documents` keeps each file verbatim in `raw`,
with hand-checked metadata (title, ISO 8601 date, source, URL where the text names one, byline).

## How it was built

`make corpus` runs `scripts/build_corpus.py` (library: `src/danvan/`). For each raw file:

1. **Zoning.** Each line is classified as `title`, `dateline`, `body`, `caption`, `byline`,
   `source`, `chrome` (share links, the audio-player widget, "Gửi cho bạn bè", teaser lists
   under "Đọc nhiều nhất", "Các tin khác", "Back to top"…) or `duplicate` (a caption printed
   twice in a row, kept once). Chrome and duplicates are recorded in `documents.zones` but
   never become sentences or tokens.
2. **Sentences** from underthesea's `sent_tokenize`, per kept line; a sentence boundary that
   would cut a gold entity is removed.
3. **Syllables** from underthesea's regex tokenizer run on the raw text, so each is a slice of it;
   **words** from underthesea's word-segmentation CRF, fed the syllables with the tone marks of
   final "oa", "oe", "uy" on the second vowel ("hoà", "Uỷ"): of four input forms this one
   segments UD_Vietnamese-VTB's gold words best (dev word F1 0.9574 against 0.9554 for the text
   as written; `bench/segmenter_input.py`);
   **POS** and **chunk** tags from underthesea's CRF models, in one pass per sentence.
4. **Normalized forms** (`tokens.norms`): NFC, lowercase, tone marks in the press style
   (`Uỷ`→`ủy`, `hoà`→`hòa`); surface forms are untouched.
5. **NER**: gold where `annotations/<file stem>.ann` exists (`ner_source: gold`), otherwise
   `{ner_model}`. Where a gold entity begins or ends inside a word token (underthesea makes
   "Trưởng Ban" one word before "Dân vận Trung ương"), the token is split there, so tokens,
   BIO tags and CoNLL-U agree; the split parts keep the word's POS tag.
6. **CoNLL-U** after UD_Vietnamese-VTB: multi-syllable words keep their spaces in FORM,
   LEMMA is the lowercased FORM, UPOS is mapped from the VLSP tag (`src/danvan/upos.py`),
   XPOS is the VLSP tag, MISC has `NER=<BIO tag>`, `SpaceAfter=No` and
   `TokenRange=<start>:<end>`. Runs of whitespace inside a FORM or `# text` are written as one
   space. UPOS is mapped from the pipeline's own VLSP tag (`src/danvan/upos.py`, with VTB's AUX
   and CCONJ words); of the UPOS sources measured, this one parses best (docs/parser.md).
7. **Dependency trees** (HEAD, DEPREL): the project's biaffine parser `models/{parser_model}`
   (`src/danvan/biaffine.py`: a BiLSTM over each word's form, syllables, UPOS and VLSP tag, with
   biaffine arc and label scores), trained offline on UD_Vietnamese-VTB (train + 90% of dev) by
   `scripts/train_parser.py`; one projective tree per sentence with a single `root`. On the held-out
   10% of VTB dev ({parsing["sentences"]} sentences, {parsing["words"]:,} words, gold words) with the UPOS
   source used here it scores UAS {parsing["UAS"]:.2f} and LAS {parsing["LAS"]:.2f} (`scripts/evaluate_parser.py`,
   official `udeval`; `models/{PARSER_EVALUATION.name}`). The UDPipe model of version 0.2.0 scored UAS
   {udpipe["UAS"]:.2f} and LAS {udpipe["LAS"]:.2f} there. On this corpus's
   automatic words and news register expect lower. Every CoNLL-U file passes the official UD
   validator at level 2 (`udvalidate --lang vi --level 2`).

Builds are deterministic (the same inputs give byte-identical files) and atomic;
`manifest.json` records the sha256 of every input and output, tool versions and counts.

## Gold NER: how it was annotated

Every seed article has gold NER (`annotations/<stem>.ann`, brat standoff, character offsets into
the raw file), following the project's guidelines (`annotations/GUIDELINES.md`: PER, ORG, LOC,
MISC; flat, longest span; titles and roles outside the span). Who and how, by role:

- two independent annotation passes (`annotations/passes/a`, `annotations/passes/b`), each by
  separate annotator sessions that read every kept line with the guidelines only, without
  seeing the other pass or any tagger output; the annotators were AI assistant sessions
  (large-language-model annotators), not native-speaker linguists;
- reconciliation against the guidelines by the project's lead engineer;
- an adversarial review by a third reviewer session looking for errors (none of high or medium
  confidence; three low-confidence candidates settled by a new guideline decision).

Agreement between the two passes, entity level (exact span and label): F1 1.0000 overall and
for each of PER (59), ORG (220), LOC (17) and MISC (56). Because both passes come from the same
kind of annotator following guidelines that already settle the hard cases of these texts, this
is an upper bound, not an estimate of human inter-annotator agreement (see the guidelines).
A third pass from the bare conventions, without the project's decision table, agreed with the
gold at F1 0.993 (ORG 0.989; the others 1.000); its five differing ORG spans were settled by the
guidelines in favour of the gold.

## NER of texts without gold

Documents without a gold file get their NER from `{ner_model}` (`ner_source` says so; see
`models/README.md`): a CRF over syllables trained on all the gold of this corpus. Measured
leave-one-document-out over the five gold documents (each tagged by a model trained on the other
four; seqeval, strict IOB2, entity level; `scripts/evaluate_ner.py`):

{ner_table}

LOC is weak because 15 of the 17 gold places are in one article: held out, the model has seen two.
On four short articles written by the project in the manner of other outlets (other provinces,
officials, "T.Ư"), the shipped model reaches micro F1 0.815 against underthesea's 0.172
(`scripts/evaluate_ner.py --new-texts tests/data/new_outlet`).

## Splits

Documents (never sentences) are assigned to splits: ordered by the sha256 of their id, the last
10% (at least one) go to `test`, the 10% before them (at least one) to `validation`, the rest to
`train`. Adding documents can move existing ones between splits; the manifest records the
assignment of each version.

## Tag sets

- **POS** (`tokens.pos_tags`, CoNLL-U XPOS): the VLSP 2013 tag set of underthesea
  (N noun, Np proper noun, Nc classifier, Nu unit noun, V verb, A adjective, P pronoun,
  R adverb, L determiner, M numeral, E preposition, C/Cc conjunction, I interjection,
  T particle, X unknown, Y abbreviation, Z bound morpheme, CH punctuation).
- **Chunk** (`tokens.chunk_tags`): BIO over NP, VP, AP, PP, … phrases, `O` outside.
- **NER** (`ner.ner_tags`): `{", ".join(NER_TAGS)}`. PER a person's name (titles outside),
  ORG a named organization or body, LOC a named place, MISC other proper names (movements
  such as "Dân vận khéo", named documents and laws, events, ethnic groups, diseases).
  See `annotations/GUIDELINES.md`.

## Limitations

- Five articles: a seed, not a balanced sample of Vietnamese news.
- Word segmentation, POS and chunk tags are automatic (underthesea's CRF models, trained on
  VLSP data) and carry their errors; entity-edge splits make a few tokens that the
  segmenter would not produce.
- Zoning is rule-based; unusual page layouts may need new chrome patterns.
- Dependency trees are automatic (a parser at UAS {parsing["UAS"]:.0f} / LAS {parsing["LAS"]:.0f} on VTB held-out
  text), not gold, and projective.
- The gold NER was annotated by AI annotator sessions, not by native-speaker linguists.

## Licensing

The articles remain the work of their publishers and are included for research on the
language; do not republish them. The annotations are released under CC BY-SA 4.0.
The dependency trees come from a model trained on UD_Vietnamese-VTB (CC BY-SA 4.0), shared
under the same terms. Attribution: UD_Vietnamese-VTB (Universal Dependencies), a conversion of
the VLSP constituency treebank; Nguyễn Thị Lương, Hà Mỹ Linh, Lê Hồng Phương, Nguyễn Thị Minh
Huyền; Nguyen et al. (2009), *Building a Large Syntactically-Annotated Corpus of Vietnamese*,
LAW III, ACL-IJCNLP 2009, pp. 182–185. Get the treebank from
<https://github.com/UniversalDependencies/UD_Vietnamese-VTB>; it is not part of this repository.

## Citation

```bibtex
@misc{{danvan_corpus,
  title  = {{The Dân vận corpus: an annotated corpus of Vietnamese news on mass-mobilization work}},
  note   = {{Version {version}}},
  year   = {{2026}}
}}
```
"""
