"""Cold, parallel and incremental builds of a large corpus, and peak memory as the corpus grows.

The corpus is made deterministically from the seeds' sentences (or taken from --input DIR):
document i has a title and 3-6 sentences drawn with a fixed seed. Measured in this run:
- a cold build with 1 worker and with 2 (no cache): speed-up and byte-identical output;
- a rebuild of the unchanged corpus from the per-document cache, against the cold build;
- peak memory (parent + largest worker) of a cold build of N and of 10N documents.
A 3-document build runs first, untimed, so that numba has compiled and cached the parser.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from annotate import seed_sentences  # noqa: E402


def make_corpus(folder: Path, documents: int, seed: int = 13) -> Path:
    """Write ``documents`` raw .txt files made of seed sentences, deterministically."""
    sentences = [raw[s:e] for raw, s, e in seed_sentences(ROOT / "seeds")]
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(documents):
        body = [rng.choice(sentences) for _ in range(rng.randint(3, 6))]
        title = f"Bài {i}: {rng.choice(sentences)[:60]}"
        (folder / f"doc{i:07d}.txt").write_text(title + "\n\n" + "\n\n".join(body) + "\n", encoding="utf-8")
    return folder


def timed_build(seeds: Path, out: Path, workers: int, cache: Path | None = None) -> tuple[float, dict]:
    """Run the build in a child process: (seconds of the build itself, peak MiB of parent and workers)."""
    code = (
        "import json, resource, sys, time\n"
        "from pathlib import Path\n"
        "from danvan.build.corpus import Models, build_corpus\n"
        "from danvan.pipeline.ner import load_ner_tagger\n"
        "from danvan.pipeline.parse import load_parser\n"
        "started = time.perf_counter()\n"
        f"build_corpus(Path({str(seeds)!r}), None, Path({str(out)!r}),"
        f" Models(load_ner_tagger(), load_parser()), workers={workers},"
        f" progress=False, cache={f'Path({str(cache)!r})' if cache else None})\n"
        "seconds = time.perf_counter() - started\n"
        "print(json.dumps({'seconds': seconds, 'parent': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,"
        " 'worker': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    return figures.pop("seconds"), figures


def same_files(a: Path, b: Path) -> bool:
    files = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    return files == sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file()) and all(
        filecmp.cmp(a / f, b / f, shallow=False) for f in files
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=1000, help="size of the generated corpus (default 1000)")
    parser.add_argument("--input", type=Path, help="a folder of raw .txt files instead of the generated corpus")
    parser.add_argument("--skip-memory", action="store_true", help="skip the 10x memory comparison")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        seeds = args.input or make_corpus(work / "seeds", args.documents)
        n = len(list(seeds.glob("*.txt")))
        timed_build(make_corpus(work / "warm-up", 3, seed=15), work / "warm-up-out", 1)  # compiles the parser once
        one, _ = timed_build(seeds, work / "out1", 1)
        two, _ = timed_build(seeds, work / "out2", 2)
        identical = same_files(work / "out1", work / "out2")
        cache = work / "cache"
        timed_build(seeds, work / "out3", 2, cache)
        warm, _ = timed_build(seeds, work / "out3", 2, cache)
        print(f"{n} documents")
        print(f"{'build':<28}{'seconds':>9}")
        print(f"{'cold, 1 worker':<28}{one:>9.2f}")
        print(f"{'cold, 2 workers':<28}{two:>9.2f}")
        print(f"{'unchanged, from cache':<28}{warm:>9.2f}")
        print(f"2-worker output byte-identical to 1-worker: {identical}")
        ratios = f"speed-up 2 workers {one / two:.2f}x, warm/cold {warm / two:.3f}"
        if not args.skip_memory and not args.input:
            large = make_corpus(work / "large", 10 * args.documents, seed=14)
            _, mem_small = timed_build(seeds, work / "m1", 1)
            _, mem_large = timed_build(large, work / "m10", 1)
            small_total = mem_small["parent"] + mem_small["worker"]
            large_total = mem_large["parent"] + mem_large["worker"]
            print(f"peak MiB, {n} docs: {small_total:.0f}; {10 * n} docs: {large_total:.0f} (1 worker)")
            ratios += f", memory 10x/1x {large_total / small_total:.2f}"
        print(f"ratios: {ratios}")


if __name__ == "__main__":
    main()
