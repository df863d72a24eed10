"""Write the syllable clusters the CRF NER reads (src/danvan/data/clusters.tsv) from unlabelled news.

word2vec (gensim, skip-gram) over the normalized syllables of a JSON-lines file of articles
(``{"id", "raw"}``; the project uses ../shared/news/general-news.jsonl.gz, 11,998 articles of the
magizbox/scraper collection that are not in the corpus), then k-means (scikit-learn) of the
vectors at several granularities; a syllable's cluster ids are CRF features (coarse to fine, as
Brown-cluster prefixes are). Deterministic: one worker, fixed seeds (run with PYTHONHASHSEED=0).

Run: pip install gensim scikit-learn; scripts/make_clusters.py --news ../shared/news/general-news.jsonl.gz
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from collections.abc import Iterator
from importlib.metadata import version
from pathlib import Path

from danvan.cli import OneLineArgumentParser
from danvan.errors import CorpusError
from danvan.pipeline.normalize import normalize_word

GRANULARITIES = (32, 128, 512)
LETTERS = re.compile(r"^\w+$")


def syllable_sentences(path: Path) -> Iterator[list[str]]:
    """The normalized syllables of every line of every article (punctuation dropped)."""
    try:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                try:
                    raw = json.loads(line)["raw"]
                except (ValueError, KeyError, TypeError):
                    raise CorpusError(f"{path}: line {number}: not a JSON object with 'raw'") from None
                for text in raw.splitlines():
                    words = [normalize_word(w.strip(".,:;!?\"“”'()[]…")) for w in text.split()]
                    if words := [w for w in words if LETTERS.match(w)]:
                        yield words
    except OSError as err:
        raise CorpusError(f"{path}: cannot read it: {err}") from None


def main(argv: list[str] | None = None) -> int:
    """Parse the options, train the vectors, cluster them, write the table."""
    parser = OneLineArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--news", type=Path, required=True, help="JSON-lines (.gz) of articles {id, raw}")
    parser.add_argument("--out", type=Path, default=Path("src/danvan/data/clusters.tsv"), help="table to write")
    parser.add_argument("--vocabulary", type=int, default=20000, help="most frequent syllables kept (default 20000)")
    parser.add_argument("--vectors", type=Path, help="also write the kept syllables' vectors (.npz: words, vectors)")
    args = parser.parse_args(argv)

    from gensim.models import Word2Vec
    from sklearn.cluster import KMeans

    sentences = list(syllable_sentences(args.news))
    counts = Counter(w for s in sentences for w in s)
    model = Word2Vec(sentences, vector_size=100, window=5, min_count=5, sg=1, workers=1, seed=1, epochs=5)
    vocabulary = [w for w, _ in counts.most_common() if w in model.wv.key_to_index][: args.vocabulary]
    vectors = model.wv[vocabulary]
    if args.vectors:
        import numpy as np

        np.savez_compressed(args.vectors, words=np.array(vocabulary), vectors=vectors.astype(np.float32))
        print(f"wrote {args.vectors}: {len(vocabulary)} vectors of {vectors.shape[1]} dimensions")
    columns = [KMeans(k, n_init=1, random_state=0).fit_predict(vectors) for k in GRANULARITIES]
    header = [
        f"# Syllable clusters for the CRF NER: word2vec (gensim {version('gensim')}, skip-gram, 100 dims) over "
        f"{len(sentences)} lines of {args.news.name},",
        f"# k-means (scikit-learn {version('scikit-learn')}) at {', '.join(map(str, GRANULARITIES))} clusters; "
        "made by scripts/make_clusters.py.",
        "# syllable\t" + "\t".join(f"c{k}" for k in GRANULARITIES),
    ]
    lines = ["\t".join([w, *(str(c[i]) for c in columns)]) for i, w in enumerate(vocabulary)]
    args.out.write_text("\n".join([*header, *sorted(lines)]) + "\n", encoding="utf-8")
    print(f"wrote {args.out}: {len(lines)} syllables")
    return 0
