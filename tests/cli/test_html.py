"""`danvan html`: the site read back with an HTML parser and checked against the corpus (the ner config
through datasets.load_dataset, the trees through the conllu library), and its --out safety."""

import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlencode

import conllu
import datasets
import pytest
from bs4 import BeautifulSoup

from danvan import stats
from danvan.cli import run
from danvan.cli.html import main as html_main
from danvan.formats.hf_dataset import SPLITS


@pytest.fixture(scope="module")
def site(fresh_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    assert run(html_main, ["--corpus", str(fresh_corpus), "--out", str(out), "--quiet"]) == 0
    return out


def page(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_every_entity_of_the_corpus_is_marked_with_its_label_on_its_page(site: Path, fresh_corpus: Path) -> None:
    pages = 0
    for split in SPLITS:
        ner = datasets.load_dataset(str(fresh_corpus), "ner", split=split)
        by_doc: dict[str, list[tuple]] = {}
        for row in ner:
            by_doc.setdefault(row["doc_id"], []).extend(
                (e["start"], e["end"], e["label"], e["text"]) for e in row["entities"]
            )
        for doc_id, expected in by_doc.items():
            soup = page(site / "doc" / f"{doc_id}.html")
            marks = soup.select("section.text mark.entity")
            found = [(int(m["data-start"]), int(m["data-end"]), m["data-label"], m.get_text()) for m in marks]
            assert found == sorted(expected), doc_id
            in_sentences = soup.select("section.sentences mark.entity")
            assert sorted((int(m["data-start"]), m["data-label"]) for m in in_sentences) == sorted(
                (e[0], e[2]) for e in expected
            )
            pages += 1
    assert pages == len(list((site / "doc").glob("*.html"))) > 40


def test_every_sentence_has_its_tree_as_in_the_conllu_file(site: Path, fresh_corpus: Path) -> None:
    trees = 0
    for split in SPLITS:
        text = (fresh_corpus / "conllu" / f"{split}.conllu").read_text(encoding="utf-8")
        svgs = {}
        for sentence in conllu.parse(text):
            sid = sentence.metadata["sent_id"]
            doc_id = sid.rsplit("-s", 1)[0]
            if doc_id not in svgs:
                svgs[doc_id] = {
                    s["data-sentence-id"]: s for s in page(site / "doc" / f"{doc_id}.html").select("svg.tree")
                }
            svg = svgs[doc_id][sid]
            assert [w.get_text() for w in svg.select("text.word")] == [w["form"] for w in sentence]
            arcs = sorted(
                (int(a["data-dependent"]), int(a["data-head"]), a["data-deprel"]) for a in svg.select("path.arc")
            )
            assert arcs == [(w["id"], w["head"], w["deprel"]) for w in sentence], sid
            trees += 1
    assert trees > 1000


def test_zones_cover_the_raw_text_and_the_index_and_search_list_every_document(site: Path, fresh_corpus: Path) -> None:
    documents = [row for split in SPLITS for row in datasets.load_dataset(str(fresh_corpus), "documents", split=split)]
    for row in documents:
        spans = page(site / "doc" / f"{row['id']}.html").select("section.text span.zone")
        assert [(int(s["data-start"]), int(s["data-end"]), s["data-zone"]) for s in spans] == [
            (z["start"], z["end"], z["kind"]) for z in row["zones"]
        ]
        assert all(s.get_text() == row["raw"][int(s["data-start"]) : int(s["data-end"])] for s in spans)
    links = [a["href"] for a in page(site / "index.html").select("#documents a")]
    assert links == [f"doc/{i}.html" for i in sorted(r["id"] for r in documents)]
    assert all((site / link).is_file() for link in links)
    script = (site / "search-index.js").read_text(encoding="utf-8")
    rows = json.loads(script.removeprefix("const SENTENCES = ").rstrip().removesuffix(";"))
    sentences = [r for split in SPLITS for r in datasets.load_dataset(str(fresh_corpus), "sentences", split=split)]
    assert sorted(r[0] for r in rows) == sorted(r["id"] for r in sentences)
    search = page(site / "search.html")
    assert search.select_one('script[src="search-index.js"]') and search.select_one("form#query input[name=q]")


def test_a_second_run_replaces_the_site_byte_for_byte(site: Path, fresh_corpus: Path, tmp_path: Path) -> None:
    before = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert run(html_main, ["--corpus", str(fresh_corpus), "--out", str(site), "--quiet"]) == 0
    assert {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()} == before


def test_html_refuses_an_out_that_would_destroy_data(
    fresh_corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    foreign = tmp_path / "notes"
    foreign.mkdir()
    (foreign / "mine.txt").write_text("keep me", encoding="utf-8")
    for out in (fresh_corpus, fresh_corpus / "html", foreign):
        capsys.readouterr()
        assert run(html_main, ["--corpus", str(fresh_corpus), "--out", str(out), "--quiet"]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "refused as --out" in err, err
    assert (foreign / "mine.txt").read_text(encoding="utf-8") == "keep me"
    assert run(html_main, ["--corpus", str(tmp_path / "missing"), "--out", str(tmp_path / "s")]) == 2
    assert "no such corpus folder" in capsys.readouterr().err


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium (apt-get install chromium)")
def test_the_search_page_finds_in_a_real_browser_what_the_concordance_finds(site: Path, fresh_corpus: Path) -> None:
    query = "dân vận khéo"
    url = (site / "search.html").as_uri() + "?" + urlencode({"q": query, "mode": "phrase"})
    result = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=5000", "--dump-dom", url],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    rows = BeautifulSoup(result.stdout, "html.parser").select("#kwic tbody tr")
    corpus = stats.read_corpus(fresh_corpus)
    hits = stats.concordance(stats.select_units(corpus.words, "word"), corpus.sentences, query)
    assert len(rows) == len(hits) > 10
    assert {r.select_one("td.hit").get_text().lower() for r in rows} == {query}
    assert sorted(r.select_one("a")["href"].split("#")[1] for r in rows) == sorted(hits["sentence_id"])

    def status(query: str, mode: str) -> str:
        url = (site / "search.html").as_uri() + "?" + urlencode({"q": query, "mode": mode})
        command = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=5000", "--dump-dom"]
        dom = subprocess.run([*command, url], capture_output=True, text=True, timeout=120).stdout
        return BeautifulSoup(dom, "html.parser").select_one("#status").get_text()

    assert status("dân vận kh*", "phrase") == "no hits"  # a phrase is literal: "*" is no operator
    assert status("dân vận kh*", "wildcard") == f"{len(hits)} hits"
