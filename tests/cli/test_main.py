"""The `danvan` command: its dispatcher and the toolkit's commands on the committed corpus."""

import csv
import io
import subprocess
import sys

import pytest

from danvan.cli import run
from danvan.cli.main import COMMANDS, main
from tests.conftest import ROOT


def test_every_command_has_help_and_a_bad_command_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(main, ["--help"]) == 0
    listed = capsys.readouterr().out
    assert all(name in listed for name in COMMANDS)
    for name in COMMANDS:
        assert run(main, [name, "--help"]) == 0, name
        assert "usage: danvan " + name in capsys.readouterr().out
    assert run(main, ["nonsense"]) == 2
    assert capsys.readouterr().err.count("\n") == 1


HEAVY_MODULES = ("underthesea", "numba", "datasets", "seqeval", "sklearn", "torch", "datatrove")
"""What a command imports only once it runs: each costs a large part of a second to import."""


@pytest.mark.parametrize("module", [module for module, _ in COMMANDS.values()])
def test_a_command_module_imports_nothing_heavy_before_its_options_are_parsed(module: str) -> None:
    code = f"import sys, danvan.cli.{module}; print(' '.join(m for m in {HEAVY_MODULES!r} if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "", f"danvan.cli.{module} imports {result.stdout.strip()} (its --help is slow)"


def danvan(*args: str) -> subprocess.CompletedProcess[str]:
    """``python -m danvan ARGS`` run in the checkout."""
    return subprocess.run([sys.executable, "-m", "danvan", *args], capture_output=True, text=True, cwd=ROOT)


def test_keywords_against_the_shipped_reference_put_dan_van_first_and_split_the_signs() -> None:
    result = danvan("keywords", "--drop-punct", "--drop-numbers", "--format", "csv", "--top", "10")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert "dân vận" in [r["term"] for r in rows[:5]]
    assert all(float(r["per_million"]) > float(r["ref_per_million"]) and float(r["log_ratio"]) > 0 for r in rows)
    negative = list(csv.DictReader(io.StringIO(danvan("keywords", "--negative", "--format", "csv").stdout)))
    assert negative and all(float(r["log_ratio"]) < 0 and float(r["pct_diff"]) < 0 for r in negative)


def test_sketch_of_dan_van_lists_collocates_in_several_relations_from_the_trees() -> None:
    result = danvan("sketch", "dân vận", "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == ["relation", "collocate", "freq", "logdice"]
    relations = {r["relation"] for r in rows}
    assert len(relations) >= 4 and "compound_of" in relations
    assert all(float(r["logdice"]) <= 14 and int(r["freq"]) >= 1 for r in rows)
    assert ("compound_of", "công tác") in {(r["relation"], r["collocate"]) for r in rows}
    missing = danvan("sketch", "xyzzy")
    assert missing.returncode == 0 and missing.stderr.startswith("no hits")


FORMAT_MARKERS = [("conllu", "# newdoc id = stdin"), ("jsonl", '"ner_source"'), ("brat", "T1\t")]


@pytest.mark.parametrize("fmt, marker", FORMAT_MARKERS)
def test_annotate_reads_stdin_in_every_format(fmt: str, marker: str) -> None:
    text = "Đồng chí Nguyễn Văn Nam, Trưởng Ban Dân vận Tỉnh ủy Sơn La, phát biểu.\n"
    result = subprocess.run([sys.executable, "-m", "danvan", "annotate", "--format", fmt], input=text,
                            capture_output=True, text=True, cwd=ROOT)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert marker in result.stdout
    if fmt == "brat":
        for line in result.stdout.splitlines():
            _, span, surface = line.split("\t")
            _, start, end = span.split()
            assert text[int(start) : int(end)] == surface


def test_annotate_a_missing_file_is_one_line_and_exit_2(tmp_path) -> None:
    result = danvan("annotate", str(tmp_path / "none.txt"))
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "none.txt" in result.stderr


def test_the_api_annotates_a_text_with_every_layer() -> None:
    import danvan as package

    document = package.annotate("Ban Dân vận Tỉnh ủy Sơn La tổ chức hội nghị.")
    tokens = [t for s in document.sentences for t in s.tokens]
    assert all(document.raw[t.start : t.end] == t.text for t in tokens)
    assert [e.label for s in document.sentences for e in s.entities] == ["ORG"]
    assert sum(t.head == 0 for t in tokens) == len(document.sentences)


def test_concordance_with_no_hits_says_so_on_stderr() -> None:
    result = danvan("concordance", "xyzzy", "--format", "csv")
    assert result.returncode == 0 and result.stderr == "no hits: 'xyzzy'\n"
    assert result.stdout.startswith("left,match,right")


def test_plot_writes_a_dispersion_plot_with_a_tick_per_hit_and_the_same_bytes_twice(tmp_path) -> None:
    import xml.etree.ElementTree as ElementTree

    from danvan.stats.ngrams import find_phrase
    from danvan.stats.units import read_corpus, select_units

    out = [tmp_path / "a.svg", tmp_path / "b.svg"]
    for path in out:
        result = danvan("plot", "dân vận khéo", "--out", str(path))
        assert result.returncode == 0, result.stderr
    assert out[0].read_bytes() == out[1].read_bytes()
    hits = len(find_phrase(select_units(read_corpus(ROOT / "corpus").words), "dân vận khéo")[0])
    svg = ElementTree.parse(out[0]).getroot()
    collections = [g for g in svg.iter("{http://www.w3.org/2000/svg}g") if g.get("id", "").startswith("LineCollection")]
    ticks = list(collections[0].iter("{http://www.w3.org/2000/svg}path"))
    assert hits > 5 and len(ticks) == hits
    assert f"<!-- dân vận khéo ({hits}) -->" in out[0].read_text(encoding="utf-8")  # the row's label


def test_a_pos_filtered_word_list_counts_only_words_with_those_tags() -> None:
    from danvan import stats

    result = danvan("freq", "--pos", "Np,Ny", "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    words = stats.read_corpus(ROOT / "corpus").words
    body = words[(words["zone"] == "body") & words["pos"].isin(["Np", "Ny"])]
    assert {r["term"]: int(r["freq"]) for r in rows} == body["norm"].value_counts().to_dict()
    bad = danvan("freq", "--pos", "N,NN")
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "'NN'" in bad.stderr


def test_the_api_annotates_with_a_model_the_user_trained(tmp_path) -> None:
    import danvan as package
    from danvan.models.crf_ner.model import train_crf
    from danvan.models.crf_ner.units import TaggedSentence

    text = "Hợp tác xã Hoa Sen họp tại Hà Nội."
    tokens = package.annotate(text).sentences[0].tokens
    words = [t.text for t in tokens]
    tags = ["B-COOP" if w == "Hợp tác xã" else "I-COOP" if w == "Hoa Sen" else "O" for w in words]
    sentence = TaggedSentence(tuple(words), tuple(t.pos for t in tokens), tuple(tags), tuple(t.chunk for t in tokens))
    train_crf([sentence] * 5, tmp_path / "coop.crfsuite", level="word")
    document = package.annotate(text, ner_model=tmp_path / "coop.crfsuite")
    assert [(e.label, e.text) for e in document.sentences[0].entities] == [("COOP", "Hợp tác xã Hoa Sen")]


@pytest.mark.parametrize("script", sorted(p.name for p in (ROOT / "scripts").glob("*.py")))
def test_every_script_has_help(script: str) -> None:
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / script), "--help"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "usage:" in result.stdout
