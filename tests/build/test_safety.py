"""Ordinary mistakes and faults, table-driven: each gives one line and exit 2 (or a correct corpus), never a
traceback, and leaves every input as it was."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

import datasets
import pytest

from danvan.cli import run
from danvan.cli.build_corpus import main as build_main
from danvan.cli.check_annotations import main as check_main
from tests.conftest import ROOT

ARTICLE = "Tiêu đề bài báo\n\nTrưởng Ban Dân vận Tỉnh ủy Nghệ An thăm xã Nậm Cắn, huyện Kỳ Sơn.\n"
ORG = "Ban Dân vận Tỉnh ủy Nghệ An"
GOLD = f"T1\tORG {ARTICLE.index(ORG)} {ARTICLE.index(ORG) + len(ORG)}\t{ORG}\n"


def project(tmp: Path) -> Path:
    """A folder with seeds/ (two articles, one with gold) and annotations/."""
    (tmp / "seeds").mkdir()
    (tmp / "annotations").mkdir()
    (tmp / "seeds" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp / "seeds" / "b.txt").write_text(ARTICLE.replace("Nậm Cắn", "Hữu Kiệm"), encoding="utf-8")
    (tmp / "annotations" / "a.ann").write_text(GOLD, encoding="utf-8")
    return tmp


def snapshot(root: Path) -> dict[str, bytes | str]:
    """Every file under ``root`` with its bytes (symlinks and special files by name)."""
    files: dict[str, bytes | str] = {}
    for path in sorted(root.rglob("*")):
        relative = str(path.relative_to(root))
        if path.is_symlink() or not path.exists():
            files[relative] = "link"
        elif path.is_file():
            files[relative] = path.read_bytes()
        elif not path.is_dir():
            files[relative] = "special"
    return files


def mkfifo(path: Path) -> None:
    os.mkfifo(path)


Case = tuple[Callable[[Path], None], list[str], str]
CASES: dict[str, Case] = {
    "out is the seeds": (lambda t: None, ["--out", "seeds"], "refused as --out: it is, contains or lies inside seeds"),
    "out is the annotations": (lambda t: None, ["--out", "annotations"], "refused as --out"),
    "out contains the inputs": (lambda t: None, ["--out", "."], "refused as --out"),
    "out inside the seeds": (lambda t: None, ["--out", "seeds/corpus"], "refused as --out"),
    "out inside the cache": (
        lambda t: None,
        ["--out", ".cache/annotations/x", "--cache", ".cache/annotations"],
        "refused as --out",
    ),  # fmt: skip
    "out is a file": (lambda t: (t / "out").write_text("mine"), ["--out", "out"], "exists and is not a folder"),
    "out is someone's folder": (
        lambda t: ((t / "out").mkdir(), (t / "out" / "thesis.md").write_text("x")),
        ["--out", "out"],
        "not a corpus built by this tool",
    ),  # fmt: skip
    "annotations missing": (lambda t: None, ["--annotations", "gold"], "gold: no such folder of gold .ann files"),
    "orphan gold": (lambda t: (t / "annotations" / "c.ann").write_text(GOLD), [], "c.ann: gold without a raw file"),
    "a folder named x.txt": (lambda t: (t / "seeds" / "x.txt").mkdir(), [], "x.txt: not a regular file"),
    "a FIFO named x.txt": (lambda t: mkfifo(t / "seeds" / "x.txt"), [], "x.txt: not a regular file"),
    "a dangling symlink": (lambda t: (t / "seeds" / "x.txt").symlink_to(t / "nowhere"), [], "x.txt: cannot read it"),
    "a symlink loop": (lambda t: (t / "seeds" / "x.txt").symlink_to(t / "seeds" / "x.txt"), [], "x.txt: cannot read"),
    "a newline in a file name": (lambda t: (t / "seeds" / "x\ny.txt").write_text(ARTICLE), [], "control character"),
    "bad metadata type": (
        lambda t: (t / "seeds" / "a.json").write_text('{"title": 3}'),
        [],
        "a.json: field 'title' must be a string",
    ),  # fmt: skip
    "duplicate brat ids": (lambda t: (t / "annotations" / "a.ann").write_text(GOLD + GOLD), [], "already used"),
    "workers -1": (lambda t: None, ["--workers", "-1"], "--workers: -1 is not at least 1"),
    "workers 0": (lambda t: None, ["--workers", "0"], "--workers: 0 is not at least 1"),
    "workers 1000": (lambda t: None, ["--workers", "1000"], "at most 64"),
    "a live build holds the lock": (
        lambda t: (t / ".out.lock").write_text(str(os.getppid())),
        ["--out", "out"],
        "another build",
    ),  # fmt: skip
    "not UTF-8": (lambda t: (t / "seeds" / "c.txt").write_bytes(b"Ti\xeau \xf0\xe8"), [], "c.txt: byte 2: not valid"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_mistake_is_one_line_exit_2_and_touches_nothing(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    arrange, args, message = CASES[name]
    project(tmp_path)
    arrange(tmp_path)
    before = snapshot(tmp_path)
    monkeypatch.chdir(tmp_path)
    status = run(build_main, ["--seeds", "seeds", "--annotations", "annotations", "--quiet", *args])
    err = capsys.readouterr().err
    assert status == 2, err
    assert "Traceback" not in err and err.strip().count("\n") <= 1 and message in err, err
    assert snapshot(tmp_path) == before


def test_the_mistakes_are_also_one_line_from_the_script(tmp_path: Path) -> None:
    project(tmp_path)
    (tmp_path / "seeds" / "x.txt").mkdir()
    script = [sys.executable, str(ROOT / "scripts" / "build_corpus.py"), "--quiet", "--annotations", "annotations"]
    result = subprocess.run(script, capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 2 and result.stderr == f"error: {Path('seeds') / 'x.txt'}: not a regular file" \
        " (a folder, a pipe or a device named like a document)\n"  # fmt: skip


def test_inputs_are_never_ignored_and_duplicates_keep_their_gold(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    project(tmp_path)
    (tmp_path / "seeds" / "C.TXT").write_text(ARTICLE.replace("Nậm Cắn", "Tam Hợp"), encoding="utf-8")
    (tmp_path / "seeds" / "d.txt").write_text(ARTICLE.replace("Nậm Cắn", "Na Ngoi"), encoding="utf-8")
    (tmp_path / "seeds" / "e.txt").write_text(ARTICLE, encoding="utf-8")  # a duplicate of a.txt
    (tmp_path / "seeds" / "a.txt").rename(tmp_path / "seeds" / "f.txt")  # so the duplicate comes first
    (tmp_path / "annotations" / "a.ann").rename(tmp_path / "annotations" / "f.ann")
    (tmp_path / "seeds" / "g.txt").write_text("Gửi cho bạn bè\nBack to top\n", encoding="utf-8")  # chrome only
    monkeypatch.chdir(tmp_path)
    assert run(build_main, ["--annotations", "annotations", "--out", "out", "--quiet", "--workers", "1"]) == 0
    err = capsys.readouterr().err
    assert "e.txt" in err and "kept once, with the gold of annotations/f.ann" in err and "g.txt: no text" in err
    rows = {}
    for split in datasets.load_dataset(str(tmp_path / "out"), "documents"):
        rows.update({r["id"]: r for r in datasets.load_dataset(str(tmp_path / "out"), "documents", split=split)})
    assert set(rows) == {"C", "b", "d", "e"} and rows["e"]["ner_source"] == "gold"
    for config in ("sentences", "tokens", "ner", "conllu"):
        assert all(len(split) for split in datasets.load_dataset(str(tmp_path / "out"), config).values())


def test_a_gold_span_in_page_chrome_is_refused_by_the_checker_as_by_the_build(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    project(tmp_path)
    raw = ARTICLE + "Đọc nhiều nhất\nBan Dân vận Tỉnh ủy Nghệ An họp\n"
    (tmp_path / "seeds" / "a.txt").write_text(raw, encoding="utf-8")
    start = raw.rindex(ORG)
    (tmp_path / "annotations" / "a.ann").write_text(f"{GOLD}T2\tORG {start} {start + len(ORG)}\t{ORG}\n")
    monkeypatch.chdir(tmp_path)
    assert run(check_main, ["annotations", "--seeds", "seeds"]) == 2
    assert "line 5 is not kept text" in capsys.readouterr().err
    assert run(build_main, ["--annotations", "annotations", "--out", "out", "--quiet"]) == 2
    assert "outside the kept text" in capsys.readouterr().err


def cp1258(text: str) -> bytes:
    """``text`` in Windows-1258: precomposed letters where the code page has them, tone marks combining."""
    out = []
    for char in text:
        try:
            out.append(char.encode("cp1258"))
            continue
        except UnicodeEncodeError:
            pass
        base, *marks = unicodedata.normalize("NFD", char)
        for mark in marks:  # compose the vowel mark the code page has, keep the tone mark combining
            composed = unicodedata.normalize("NFC", base + mark)
            if len(composed) == 1 and composed.encode("cp1258", errors="ignore"):
                rest = [m for m in marks if m != mark]
                out.append((composed + "".join(rest)).encode("cp1258"))
                break
        else:
            out.append((base + "".join(marks)).encode("cp1258"))
    return b"".join(out)


FORMS = {
    "nfd": (lambda t: unicodedata.normalize("NFD", t).encode("utf-8"), "utf-8"),
    "bom": (lambda t: ("\ufeff" + t).encode("utf-8"), "utf-8"),
    "crlf": (lambda t: t.replace("\n", "\r\n").encode("utf-8"), "utf-8"),
    "cp1258": (cp1258, "cp1258"),
    "zero-width and controls": (
        lambda t: t.replace(" thăm", "\u200b thăm\x00").replace("Tiêu", "Ti\u00adêu").encode(),
        "utf-8",
    ),  # fmt: skip
}


@pytest.mark.parametrize("form", sorted(FORMS))
def test_every_text_form_gives_the_tokens_and_entities_of_its_nfc_twin(
    form: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    encode, encoding = FORMS[form]
    for name, data, enc in (("nfc", ARTICLE.encode("utf-8"), "utf-8"), (form, encode(ARTICLE), encoding)):
        seeds = tmp_path / name / "seeds"
        seeds.mkdir(parents=True)
        (seeds / "a.txt").write_bytes(data)
        monkeypatch.chdir(tmp_path / name)
        assert run(build_main, ["--no-gold", "--out", "out", "--quiet", "--encoding", enc, "--no-cache"]) == 0

    def rows(name: str) -> list[tuple]:
        ner = datasets.load_dataset(str(tmp_path / name / "out"), "ner", split="train")
        tokens = datasets.load_dataset(str(tmp_path / name / "out"), "tokens", split="train")
        return [
            (t["norms"], t["pos_tags"], n["ner_tags"], [e["label"] for e in n["entities"]])
            for t, n in zip(tokens, ner, strict=True)
        ]

    assert rows(form) == rows("nfc")
    raw = datasets.load_dataset(str(tmp_path / form / "out"), "documents", split="train")[0]["raw"]
    for row in datasets.load_dataset(str(tmp_path / form / "out"), "tokens", split="train"):
        assert [raw[s:e] for s, e in zip(row["starts"], row["ends"], strict=True)] == row["tokens"]


def test_a_killed_build_leaves_the_output_and_no_stale_folders_after_the_next_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert run(build_main, ["--annotations", "annotations", "--out", "out", "--quiet", "--workers", "1"]) == 0
    before = snapshot(tmp_path / "out")
    # what a build killed between the two renames of a swap leaves: no out, its previous output aside
    (tmp_path / "out").rename(tmp_path / ".out.previous-999999")
    (tmp_path / ".out.building-999998").mkdir()
    (tmp_path / ".out.lock").write_text("999997")
    assert run(build_main, ["--annotations", "annotations", "--out", "elsewhere", "--quiet"]) == 0
    assert run(build_main, ["--seeds", "nowhere", "--out", "out", "--quiet", "--no-gold"]) == 2
    assert snapshot(tmp_path / "out") == before  # restored at the start of the next build into out
    assert not list(tmp_path.glob(".out.*"))


def test_workers_die_with_a_killed_build(tmp_path: Path) -> None:
    project(tmp_path)
    for i in range(80):
        (tmp_path / "seeds" / f"n{i}.txt").write_text(ARTICLE.replace("Nậm Cắn", f"Số {i}") * 30, encoding="utf-8")
    script = [sys.executable, str(ROOT / "scripts" / "build_corpus.py"), "--quiet", "--no-gold", "--workers", "2"]
    process = subprocess.Popen([*script, "--no-cache"], cwd=tmp_path, start_new_session=True)
    children: list[str] = []
    for _ in range(200):  # until the workers are up
        children = subprocess.run(["pgrep", "-P", str(process.pid)], capture_output=True, text=True).stdout.split()
        if len(children) >= 2:
            break
        time.sleep(0.1)
    assert children and process.poll() is None, "the build started no worker"
    process.send_signal(signal.SIGKILL)
    process.wait()
    time.sleep(2)
    alive = [pid for pid in children if Path(f"/proc/{pid}").exists()]
    assert not alive
    assert json.loads((ROOT / "corpus" / "manifest.json").read_text(encoding="utf-8"))  # the project is untouched
