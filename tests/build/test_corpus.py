"""The build end to end: the real pipeline, real parquet, real datasets.load_dataset."""

import json
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import conllu
import datasets
import pytest

from danvan.build import corpus
from danvan.build.corpus import Models, build_corpus, interrupts_kept
from danvan.errors import CorpusError
from danvan.formats.hf_dataset import CONFIGS, FEATURES, SPLITS
from danvan.formats.labels import LABEL_COLUMNS, label_ids
from danvan.model import CHUNK_TAGS, DEPRELS, NER_TAGS, POS_TAGS, UPOS_TAGS
from danvan.pipeline.ingest import read_raw
from danvan.pipeline.upos import VLSP_TO_UPOS
from tests.conftest import ROOT

BUILD = [sys.executable, str(ROOT / "scripts" / "build_corpus.py"), "--quiet", "--workers", "1"]


def run_build(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*BUILD, *args], capture_output=True, text=True, cwd=ROOT)


def test_committed_corpus_is_what_the_build_makes(fresh_corpus: Path) -> None:
    committed = ROOT / "corpus"
    fresh_files = sorted(p.relative_to(fresh_corpus) for p in fresh_corpus.rglob("*") if p.is_file())
    committed_files = sorted(p.relative_to(committed) for p in committed.rglob("*") if p.is_file())
    assert fresh_files == committed_files
    changed = [str(p) for p in fresh_files if (fresh_corpus / p).read_bytes() != (committed / p).read_bytes()]
    assert not changed, f"corpus/ is stale, rebuild it (make corpus): {changed}"


def test_data_cannot_change_without_a_version_bump(fresh_corpus: Path) -> None:
    manifest = json.loads((fresh_corpus / "manifest.json").read_text(encoding="utf-8"))
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    heading = f"## {manifest['corpus_version']} "
    assert heading in changelog, f"CHANGELOG.md has no entry for version {manifest['corpus_version']}"
    entry = changelog.split(heading, 1)[1].split("\n## ", 1)[0]
    assert f"data sha256 {manifest['data_sha256']}" in entry, (
        "the data changed but the corpus version did not: bump CORPUS_VERSION and add a CHANGELOG entry"
    )


def test_two_builds_are_byte_identical(fresh_corpus: Path, tmp_path: Path, models: Models) -> None:
    again = tmp_path / "again"
    build_corpus(ROOT / "seeds", ROOT / "annotations", again, models, workers=2, progress=False)
    for path in fresh_corpus.rglob("*"):
        if path.is_file():
            assert (again / path.relative_to(fresh_corpus)).read_bytes() == path.read_bytes(), path


@pytest.mark.parametrize("config", CONFIGS)
def test_every_config_loads_with_load_dataset(fresh_corpus: Path, config: str) -> None:
    loaded = datasets.load_dataset(str(fresh_corpus), config)
    assert set(loaded) == set(SPLITS)
    assert loaded["train"].features == FEATURES[config]
    assert sum(len(loaded[s]) for s in SPLITS) > 0


def test_ner_tags_are_a_class_label_with_the_project_names(fresh_corpus: Path) -> None:
    ner = datasets.load_dataset(str(fresh_corpus), "ner", split="train")
    assert ner.features["ner_tags"].feature.names == list(NER_TAGS)
    assert set(ner["ner_source"]) == {"gold"}


def test_tag_columns_are_class_labels_that_decode_to_the_conllu_file(fresh_corpus: Path) -> None:
    for (config, column), names in LABEL_COLUMNS.items():
        loaded = datasets.load_dataset(str(fresh_corpus), config, split="validation")
        assert loaded.features[column].feature.names == list(names), (config, column)
    ud = datasets.load_dataset(str(fresh_corpus), "conllu", split="validation")
    tokens = datasets.load_dataset(str(fresh_corpus), "tokens", split="validation")
    upos, deprel = ud.features["upos"].feature, ud.features["deprels"].feature
    pos = tokens.features["pos_tags"].feature
    sentences = conllu.parse((fresh_corpus / "conllu" / "validation.conllu").read_text(encoding="utf-8"))
    assert len(sentences) == len(ud) == len(tokens)
    for sentence, row, token_row in zip(sentences, ud, tokens, strict=True):
        assert [w["upos"] for w in sentence] == upos.int2str(row["upos"])
        assert [w["deprel"] for w in sentence] == deprel.int2str(row["deprels"])
        assert [w["xpos"] for w in sentence] == pos.int2str(token_row["pos_tags"])


def test_label_sets_hold_every_label_the_taggers_and_parser_can_emit(models: Models) -> None:
    from underthesea.pipeline.chunking.model_crf import CRFChunkingPredictor
    from underthesea.pipeline.pos_tag.model_crf import CRFPOSTagPredictor

    assert set(CRFPOSTagPredictor.Instance().model.labels()) <= set(POS_TAGS)
    assert set(CRFChunkingPredictor.Instance().model.labels()) <= set(CHUNK_TAGS)
    assert set(models.parser.vocabularies.labels) <= set(DEPRELS)
    assert set(POS_TAGS) == set(VLSP_TO_UPOS) and set(VLSP_TO_UPOS.values()) <= set(UPOS_TAGS)
    with pytest.raises(CorpusError, match=r"tokens.pos_tags: label 'NN' is not one of A, Ab"):
        label_ids("tokens", "pos_tags", ["N", "NN"])


def test_offsets_hold_for_the_whole_corpus(fresh_corpus: Path) -> None:
    documents = {
        row["id"]: row["raw"] for s in SPLITS for row in datasets.load_dataset(str(fresh_corpus), "documents", split=s)
    }
    for split in SPLITS:
        for row in datasets.load_dataset(str(fresh_corpus), "sentences", split=split):
            assert documents[row["doc_id"]][row["start"] : row["end"]] == row["text"]
        for row in datasets.load_dataset(str(fresh_corpus), "tokens", split=split):
            raw = documents[row["doc_id"]]
            for token, start, end in zip(row["tokens"], row["starts"], row["ends"], strict=True):
                assert raw[start:end] == token
            for end, next_start in zip(row["ends"], row["starts"][1:], strict=False):
                assert raw[end:next_start].strip() == ""
        for row in datasets.load_dataset(str(fresh_corpus), "ner", split=split):
            for entity in row["entities"]:
                assert documents[row["doc_id"]][entity["start"] : entity["end"]] == entity["text"]


def test_raw_is_the_file_verbatim_and_chrome_is_not_text(fresh_corpus: Path) -> None:
    rows = [r for s in SPLITS for r in datasets.load_dataset(str(fresh_corpus), "documents", split=s)]
    for row in rows:
        assert row["raw"] == read_raw(ROOT / "seeds" / f"{row['id']}.txt").raw
        assert "Back to top" not in row["text"] and "Gửi cho bạn bè" not in row["text"]
    assert {z["kind"] for r in rows for z in r["zones"]} >= {"title", "body", "caption", "chrome", "duplicate"}


def seeds_folder(tmp_path: Path, files: dict[str, bytes]) -> Path:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for name, data in files.items():
        (seeds / name).write_bytes(data)
    return seeds


def gold(tmp_path: Path) -> str:
    """An empty --annotations folder beside the seeds (the build refuses an --out inside an input)."""
    (tmp_path / "gold").mkdir(exist_ok=True)
    return str(tmp_path / "gold")


ARTICLE = "Tiêu đề bài báo\n\nBan Dân vận Trung ương họp tại Hà Nội.\n".encode()


def test_not_utf8_is_one_line_naming_file_and_byte(tmp_path: Path) -> None:
    seeds = seeds_folder(tmp_path, {"a.txt": ARTICLE, "b.txt": "Dân vận".encode("latin-1", errors="replace")})
    result = run_build("--seeds", str(seeds), "--annotations", gold(tmp_path), "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert f"b.txt: byte {len('D')}: not valid utf-8" in result.stderr
    assert not (tmp_path / "out").exists()


def test_legacy_encoding_option(tmp_path: Path) -> None:
    seeds = seeds_folder(tmp_path, {"a.txt": ARTICLE.decode().encode("utf-16")})
    result = run_build(
        "--seeds", str(seeds), "--annotations", gold(tmp_path), "--out", str(tmp_path / "out"), "--encoding", "utf-16"
    )
    assert result.returncode == 0, result.stderr


def test_empty_and_duplicate_files_are_warned_and_skipped(tmp_path: Path) -> None:
    seeds = seeds_folder(tmp_path, {"a.txt": ARTICLE, "b.txt": ARTICLE, "c.txt": b" \n\n"})
    result = run_build("--seeds", str(seeds), "--annotations", gold(tmp_path), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert "b.txt: same content as" in result.stderr and "a.txt, kept once" in result.stderr
    assert "c.txt: empty file, skipped" in result.stderr
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["counts"]["documents"] == 1


@pytest.mark.parametrize(
    ("ann", "message"),
    [
        ("T1\tORG 17 30\tBan Dân vận X\n", "a.ann:1: span ORG 17-30 'Ban Dân vận X': the raw text there is"),
        ("T1\tORG 17 39\tBan Dân vận Trung ương\nT2\tLOC 21 28\tDân vận\n", "overlaps ORG 17-39"),
    ],
)
def test_bad_annotations_stop_the_build_and_keep_the_previous_corpus(tmp_path: Path, ann: str, message: str) -> None:
    seeds = seeds_folder(tmp_path, {"a.txt": ARTICLE})
    annotations = tmp_path / "annotations"
    annotations.mkdir()
    out = tmp_path / "out"
    assert run_build("--seeds", str(seeds), "--annotations", str(annotations), "--out", str(out)).returncode == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    (annotations / "a.ann").write_text(ann, encoding="utf-8")
    result = run_build("--seeds", str(seeds), "--annotations", str(annotations), "--out", str(out))
    assert result.returncode == 2
    assert message in result.stderr and result.stderr.count("\n") == 1
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert not list(tmp_path.glob(".out.*"))


def test_missing_seeds_folder_is_exit_2(tmp_path: Path) -> None:
    result = run_build("--seeds", str(tmp_path / "nope"), "--out", str(tmp_path / "out"))
    assert result.returncode == 2 and "nope: no such folder" in result.stderr


def test_an_interrupted_build_leaves_the_previous_corpus_intact(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for path in sorted((ROOT / "seeds").glob("*.txt"))[:1]:
        shutil.copy(path, seeds / path.name)
    out = tmp_path / "out"
    assert run_build("--seeds", str(seeds), "--annotations", gold(tmp_path), "--out", str(out)).returncode == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    for i, path in enumerate(sorted((ROOT / "seeds").glob("*.txt")) * 8):
        (seeds / f"copy{i:02d}.txt").write_text(
            path.read_text(encoding="utf-8") + f"\nBản sao {i}.\n", encoding="utf-8"
        )
    process = subprocess.Popen(  # no cache: a checkout's cache may hold these copies and end the build in time
        [*BUILD, "--no-cache", "--seeds", str(seeds), "--annotations", gold(tmp_path), "--out", str(out)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        # as from a terminal: a test run started in the background inherits SIGINT ignored
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".out.building-*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=60) == 130
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert not list(tmp_path.glob(".out.building-*"))
    datasets.load_dataset(str(out), "ner")


def swallow_an_interrupt() -> None:
    """Ctrl-C arriving where a library drops it (llvmlite's callbacks while numba compiles do)."""
    try:
        signal.raise_signal(signal.SIGINT)
    except KeyboardInterrupt:
        pass


@pytest.fixture
def python_handles_ctrl_c() -> Iterator[None]:
    """Python's own SIGINT handler, as in a terminal (a test run started in the background inherits it ignored)."""
    inherited = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, inherited)


def test_an_interrupt_a_library_swallows_is_raised_again(python_handles_ctrl_c: None) -> None:
    with interrupts_kept() as check:
        check()  # nothing yet
        swallow_an_interrupt()
        with pytest.raises(KeyboardInterrupt):
            check()
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_a_build_interrupted_during_its_warm_up_stops_and_keeps_the_corpus(
    tmp_path: Path, models: Models, python_handles_ctrl_c: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(sorted((ROOT / "seeds").glob("*.txt"))[0], seeds)
    out = tmp_path / "out"
    build_corpus(seeds, None, out, models, workers=1, progress=False)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    (seeds / "more.txt").write_text("Ban Dân vận Tỉnh ủy Sơn La tổ chức hội nghị.\n", encoding="utf-8")
    settle = corpus._settle
    monkeypatch.setattr(corpus, "_settle", lambda m: (settle(m), swallow_an_interrupt()))
    with pytest.raises(KeyboardInterrupt):
        build_corpus(seeds, None, out, models, workers=1, progress=False)
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert not list(tmp_path.glob(".out.building-*"))


def test_build_script_has_help() -> None:
    result = run_build("--help")
    assert result.returncode == 0 and "--annotations" in result.stdout


def test_incremental_rebuild_reannotates_only_what_changed(fresh_corpus: Path, tmp_path: Path, models: Models) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", seeds)
    cache, out = tmp_path / "cache", tmp_path / "out"
    cold = build_corpus(seeds, ROOT / "annotations", out, models, workers=2, progress=False, cache=cache)
    assert cold.cached == 0
    warm = build_corpus(seeds, ROOT / "annotations", out, models, workers=2, progress=False, cache=cache)
    assert warm.cached == warm.documents
    for path in fresh_corpus.rglob("*"):
        if path.is_file():
            assert (out / path.relative_to(fresh_corpus)).read_bytes() == path.read_bytes(), path
    changed = sorted(seeds.glob("*.txt"))[-1]
    changed.write_text(changed.read_text(encoding="utf-8") + "\nMột câu mới.\n", encoding="utf-8")
    annotations = tmp_path / "annotations"
    shutil.copytree(ROOT / "annotations", annotations)
    (annotations / f"{changed.stem}.ann").unlink(missing_ok=True)  # gold offsets no longer apply
    after = build_corpus(seeds, annotations, out, models, workers=2, progress=False, cache=cache)
    assert after.cached == after.documents - 1


def test_new_texts_without_gold_get_the_shipped_models_ner(tmp_path: Path, models: Models) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(ROOT / "tests" / "data" / "new_outlet" / "2024_quangtri_danvan.txt", seeds)
    out = tmp_path / "out"
    build_corpus(seeds, None, out, models, workers=1, progress=False)
    rows = datasets.load_dataset(str(out), "ner", split="train").to_list()
    shipped = models.ner_tagger.name
    assert {row["ner_source"] for row in rows} == {shipped}
    assert shipped.startswith("danvan-ner-crf-")
    found = {(e["label"], e["text"]) for row in rows for e in row["entities"]}
    assert ("ORG", "Ban Dân vận Tỉnh ủy Quảng Trị") in found and ("PER", "Lê Quang Chiến") in found
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["models"]["ner"] == shipped and manifest["counts"]["gold_documents"] == 0
