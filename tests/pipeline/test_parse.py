"""The parse stage and its commands: training on a tiny treebank, parsing, CoNLL-U round trip, UPOS."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import conllu
import pytest

from danvan.errors import CorpusError
from danvan.formats.conllu import read_conllu_text, write_conllu_text
from danvan.model import UPOS_TAGS
from danvan.models.biaffine.encoding import TreeSentence
from danvan.models.biaffine.parser import BiaffineParser
from danvan.models.parser_training import split_heldout
from danvan.pipeline.annotate import annotate_document
from danvan.pipeline.ner import StockNerTagger
from danvan.pipeline.parse import (
    JOINED_PIECE_DEPREL,
    MAX_PARSE_WORDS,
    load_parser,
    parse_conllu_text,
    parse_document,
    parse_trees,
    piece_bounds,
)
from danvan.pipeline.tag import vlsp_pos_tags
from danvan.pipeline.upos import VLSP_TO_UPOS, to_upos, upos_tags
from danvan.resources import PARSER_EVALUATION, PARSER_MODEL, data_file
from tests.conftest import ROOT

# Hand-written sentences (not taken from any treebank): FORM/UPOS/HEAD/DEPREL, "_" for a space in FORM.
TINY_TEXT = """
Tôi/PRON/2/nsubj yêu/VERB/0/root Việt_Nam/PROPN/2/obj ./PUNCT/2/punct
Cán_bộ/NOUN/3/nsubj dân_vận/NOUN/1/nmod thăm/VERB/0/root bà_con/NOUN/3/obj ./PUNCT/3/punct
Chính_quyền/NOUN/3/nsubj đã/ADV/3/advmod họp/VERB/0/root với/ADP/5/case nhân_dân/NOUN/3/obl ./PUNCT/3/punct
Người_dân/NOUN/3/nsubj rất/ADV/3/advmod vui/ADJ/0/root ./PUNCT/3/punct
Công_tác/NOUN/4/nsubj:pass dân_vận/NOUN/1/nmod được/AUX/4/aux:pass đẩy_mạnh/VERB/0/root ./PUNCT/4/punct
Họ/PRON/5/nsubj và/CCONJ/3/cc chúng_tôi/PRON/1/conj cùng/ADV/5/advmod làm/VERB/0/root đường/NOUN/5/obj ./PUNCT/5/punct
"""
TINY_SENTENCES = [
    [(f.replace("_", " "), upos, int(head), rel) for f, upos, head, rel in (t.split("/") for t in line.split())]
    for line in TINY_TEXT.strip().splitlines()
]


def tiny_conllu(prefix: str, repeat: int = 1) -> str:
    """The hand-written sentences as CoNLL-U (tabs only), repeated ``repeat`` times."""
    out = []
    for r in range(repeat):
        for s, sentence in enumerate(TINY_SENTENCES):
            out.append(f"# sent_id = {prefix}-{r}-{s}")
            out.append("# text = " + " ".join(form for form, *_ in sentence))
            for i, (form, upos, head, deprel) in enumerate(sentence, start=1):
                out.append("\t".join([str(i), form, form.lower(), upos, "_", "_", str(head), deprel, "_", "_"]))
            out.append("")
    return "\n".join(out) + "\n"


TINY_SETTINGS = "epochs=3;batch_size=8;word_dim=16;syllable_dim=16;tag_dim=8;hidden=24;arc_dim=24"
"""Settings that train the parser on the tiny treebank in seconds."""


@pytest.fixture(scope="module")
def model_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A parser trained in seconds by scripts/train_parser.py on a tiny treebank folder."""
    folder = tmp_path_factory.mktemp("tiny-ud")
    (folder / "vi_tiny-ud-train.conllu").write_text(tiny_conllu("train", repeat=3), encoding="utf-8")
    (folder / "vi_tiny-ud-dev.conllu").write_text(tiny_conllu("dev", repeat=2), encoding="utf-8")
    out = folder / "models" / "tiny.npz"
    command = [sys.executable, str(ROOT / "scripts" / "train_parser.py"), "--treebank", str(folder), "--out", str(out)]
    subprocess.run([*command, "--settings", TINY_SETTINGS], check=True, capture_output=True, cwd=folder)
    assert out.stat().st_size > 0
    return out


@pytest.fixture(scope="module")
def parser(model_path: Path) -> BiaffineParser:
    """The tiny trained parser, loaded."""
    return load_parser(model_path)


def assert_one_tree(analyses: list[tuple[str, int, str]], ud_upos: bool = True) -> None:
    """One root labelled ``root``, heads in range and no other ``root`` label (and UD UPOS tags)."""
    n = len(analyses)
    roots = [i for i, (_, head, _) in enumerate(analyses) if head == 0]
    assert len(roots) == 1
    assert analyses[roots[0]][2] == "root"
    for i, (upos, head, deprel) in enumerate(analyses):
        assert 0 <= head <= n and head != i + 1
        assert upos in UPOS_TAGS or not ud_upos
        assert deprel and (deprel == "root") == (i == roots[0])


def test_parse_document_gives_every_sentence_one_rooted_tree(parser: BiaffineParser) -> None:
    raw = "Tiêu đề\n\nCán bộ dân vận về thăm bà con ở xã. Tôi rất vui.\nNhân dân và chính quyền cùng làm đường.\n"
    document = annotate_document("doc", raw, StockNerTagger(), parser)
    assert len(document.sentences) >= 3
    for sentence in document.sentences:
        assert_one_tree([(t.upos, t.head, t.deprel) for t in sentence.tokens])
    unparsed = replace(document, sentences=tuple(
        replace(s, tokens=tuple(replace(t, head=None, deprel="_") for t in s.tokens)) for s in document.sentences
    ))  # fmt: skip
    assert parse_document(unparsed, parser) == document


def test_a_sentence_over_the_limit_is_parsed_in_pieces_joined_into_one_tree(parser: BiaffineParser) -> None:
    words = ("Cán bộ", "dân vận", "về", "thăm", "bà con", "ở", "xã", ",", "nhân dân", "vui")
    n = 2 * MAX_PARSE_WORDS + 37
    forms = tuple(words[i % len(words)] for i in range(n))
    sentence = TreeSentence(forms, tuple("PUNCT" if w == "," else "NOUN" for w in forms), ("N",) * n)
    bounds = piece_bounds(sentence)
    assert bounds[0][0] == 0 and bounds[-1][1] == n and len(bounds) == 3
    assert all(a < b <= a + MAX_PARSE_WORDS and forms[b - 1] == "," for a, b in bounds[:-1])
    assert all(b == a2 for (_, b), (a2, _) in zip(bounds, bounds[1:], strict=False))
    [tree] = parse_trees(parser, [sentence])
    assert_one_tree([("NOUN", head, deprel) for head, deprel in tree])
    pieces = parser.parse_many([TreeSentence(forms[a:b], sentence.upos[a:b], sentence.xpos[a:b]) for a, b in bounds])
    root = next(i for i, (head, _) in enumerate(pieces[0], 1) if head == 0)
    for (start, end), piece in zip(bounds, pieces, strict=True):
        expected = [(root, JOINED_PIECE_DEPREL) if h == 0 and start else (h + start if h else 0, d) for h, d in piece]
        assert tree[start:end] == expected
    short = TreeSentence(forms[:9], sentence.upos[:9], sentence.xpos[:9])
    assert parse_trees(parser, [short]) == parser.parse_many([short])


def test_the_shipped_parser_loads_and_a_broken_one_is_a_corpus_error(tmp_path: Path) -> None:
    shipped = load_parser()
    assert shipped.name.startswith("vi-dep-biaffine-") and len(shipped.fingerprint) == 64
    broken = tmp_path / "broken.npz"
    broken.write_bytes(b"not a model")
    with pytest.raises(CorpusError, match="broken.npz: cannot load the parser model"):
        load_parser(broken)


def test_split_heldout_is_the_last_tenth() -> None:
    blocks = read_conllu_text(tiny_conllu("d", repeat=4))  # 24 sentences
    kept, held = split_heldout(blocks)
    assert len(held) == 3 and kept + held == blocks


ROUND_TRIP_INPUT = (
    "# newdoc id = doc-1\n"
    "# sent_id = doc-1-s0001\n"
    "# text =Cán bộ dân vận về thăm bà con.\n"
    "1\tCán bộ\tcán bộ\tN\tN\tNumber=Plur\t_\t_\t_\tNER=O|TokenRange=0:6\n"
    "2\tdân vận\tdân vận\tNOUN\tN\t_\t_\t_\t_\tNER=O|TokenRange=7:14\n"
    "3\tvề\tvề\tVERB\tV\t_\t9\tfoo\t_\tNER=O|TokenRange=15:17\n"
    "4\tthăm\tthăm\tVERB\tV\t_\t_\t_\t_\tNER=O|TokenRange=18:22\n"
    "5\tbà con\tbà con\tNOUN\tN\t_\t_\t_\t_\tNER=O|SpaceAfter=No|TokenRange=23:29\n"
    "6\t.\t.\tPUNCT\tCH\t_\t_\t_\t_\tNER=O|TokenRange=29:30\n"
    "\n"
    "# sent_id = doc-1-s0002\n"
    "# custom = giữ nguyên  hai dấu cách\n"
    "1\tHà Nội\thà nội\tPROPN\tNp\t_\t_\t_\t_\tNER=B-LOC\n"
    "2\tđẹp\tđẹp\tADJ\tA\t_\t_\t_\t_\t_\n"
    "\n"
)

FILLED = ("upos", "head", "deprel")


@pytest.mark.parametrize("keep_upos", [False, True])
def test_parse_conllu_round_trips_other_columns(model_path: Path, tmp_path: Path, keep_upos: bool) -> None:
    source = tmp_path / "in.conllu"
    source.write_text(ROUND_TRIP_INPUT, encoding="utf-8")
    target = tmp_path / "out.conllu"
    command = [
        sys.executable,
        str(ROOT / "scripts" / "parse_conllu.py"),
        "--input",
        str(source),
        "--output",
        str(target),
        "--model",
        str(model_path),
    ]
    subprocess.run(command + (["--keep-upos"] if keep_upos else []), check=True, capture_output=True)
    output = target.read_text(encoding="utf-8")

    # Comment lines are byte-identical, and so is every line's field count and every non-filled field.
    in_lines, out_lines = ROUND_TRIP_INPUT.split("\n"), output.split("\n")
    assert len(in_lines) == len(out_lines)
    for a, b in zip(in_lines, out_lines, strict=True):
        if a.startswith("#") or not a:
            assert a == b
        else:
            fa, fb = a.split("\t"), b.split("\t")
            assert len(fb) == 10
            assert [fa[i] for i in (0, 1, 2, 4, 5, 8, 9)] == [fb[i] for i in (0, 1, 2, 4, 5, 8, 9)]
            if keep_upos:
                assert fa[3] == fb[3]

    # The conllu library sees the same metadata and the same values in every non-filled column.
    gold, parsed = conllu.parse(ROUND_TRIP_INPUT), conllu.parse(output)
    assert len(gold) == len(parsed)
    for g, p in zip(gold, parsed, strict=True):
        assert g.metadata == p.metadata
        assert len(g) == len(p)
        for gt, pt in zip(g, p, strict=True):
            for key in gt:
                if key not in FILLED:
                    assert gt[key] == pt[key], key
        analyses = [(t["upos"], t["head"], t["deprel"]) for t in p]
        assert_one_tree(analyses, ud_upos=not keep_upos)


def test_parse_conllu_text_keeps_tabs_only_forms(parser: BiaffineParser) -> None:
    text = "# text = a  b\n1\tcông  tác\tcông  tác\t_\t_\t_\t_\t_\t_\t_\n\n"
    out = parse_conllu_text(parser, text)
    fields = out.split("\n")[1].split("\t")
    assert out.split("\n")[0] == "# text = a  b"
    assert fields[1] == "công  tác" and fields[6] == "0" and fields[7] == "root"
    assert write_conllu_text(read_conllu_text(out)) == out


def test_upos_table_covers_every_underthesea_tag() -> None:
    from underthesea import pos_tag
    from underthesea.pipeline.pos_tag.model_crf import CRFPOSTagPredictor

    labels = set(CRFPOSTagPredictor.Instance().model.labels())
    assert labels <= set(VLSP_TO_UPOS), labels - set(VLSP_TO_UPOS)
    texts = [
        "Chiều 5/3, Ban Dân vận Tỉnh ủy Nghệ An tổ chức hội nghị tổng kết công tác dân vận năm 2024.",
        "Ôi, bà con ở xã vùng cao đã góp 20 triệu đồng và 300 ngày công để làm đường!",
        'Ông Nguyễn Văn A, Bí thư Huyện ủy, cho biết: "Chúng tôi sẽ tiếp tục lắng nghe ý kiến của nhân dân."',
        "Cuộc thi 'Dân vận khéo' có hơn 1.500 mô hình (khoảng 35%) được công nhận qua website UBND tỉnh.",
    ]
    seen = {tag for text in texts for _, tag in pos_tag(text)}
    assert seen <= set(VLSP_TO_UPOS)
    assert {to_upos(tag) for tag in seen} <= set(UPOS_TAGS)
    assert set(VLSP_TO_UPOS.values()) <= set(UPOS_TAGS)
    assert to_upos("CH") == "PUNCT" and to_upos("Np") == "PROPN" and to_upos("B-N") == "NOUN"
    assert to_upos("???") == "X"


def test_upos_of_gold_words_from_underthesea_with_the_aux_and_cconj_rules() -> None:
    words = ["Công tác", "dân vận", "được", "đẩy mạnh", "và", "mở rộng", "."]
    upos = upos_tags(words, vlsp_pos_tags(words))
    assert len(upos) == len(words) and set(upos) <= set(UPOS_TAGS)
    assert upos[4] == "CCONJ" and upos[-1] == "PUNCT"
    assert upos_tags(["được", "là", "và", "hoặc", "làm"], ["V", "V", "C", "C", "V"]) == [
        "AUX",
        "AUX",
        "CCONJ",
        "CCONJ",
        "VERB",
    ]


def test_parse_conllu_reports_bad_input_in_one_line(model_path: Path, tmp_path: Path) -> None:
    command = [sys.executable, str(ROOT / "scripts" / "parse_conllu.py"), "--model", str(model_path)]
    cases = {
        "fields.conllu": ("1\tTôi\ttôi\tPRON\t_\t_\t_\t_\t_\t_\n\n2\tyêu\t_\n".encode(), "line 3: expected 10"),
        "upos.conllu": ("# c\n1\tTôi\ttôi\t_\t_\t_\t_\t_\t_\t_\n".encode(), "line 1: --keep-upos needs UPOS"),
        "bytes.conllu": (b"1\tT\xf4i\n", "can't decode byte 0xf4 in position 3"),
    }
    for name, (content, message) in cases.items():
        source = tmp_path / name
        source.write_bytes(content)
        args = ["--input", str(source), "--output", str(tmp_path / "out.conllu"), "--keep-upos"]
        result = subprocess.run(command + args, capture_output=True, text=True)
        assert result.returncode == 2, name
        assert result.stderr.count("\n") == 1, result.stderr
        assert str(source) in result.stderr and message in result.stderr, result.stderr
    assert not (tmp_path / "out.conllu").exists()


def test_evaluate_parser_scores_with_udeval_and_writes_json(model_path: Path, tmp_path: Path) -> None:
    dev = tmp_path / "vi_tiny-ud-dev.conllu"
    dev.write_text(tiny_conllu("dev", repeat=2), encoding="utf-8")
    record = tmp_path / "eval.json"
    command = [sys.executable, str(ROOT / "scripts" / "evaluate_parser.py"), "--treebank", str(dev)]
    command += ["--model", str(model_path), "--portion", "all", "--upos-source", "underthesea,gold"]
    command += ["--json", str(record)]
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    figures = json.loads(record.read_text(encoding="utf-8"))
    assert figures["sentences"] == 12 and figures["words"] == 2 * sum(len(s) for s in TINY_SENTENCES)
    sources = [r["upos_source"] for r in figures["results"]]
    assert sources == ["underthesea", "gold"]
    gold = next(r for r in figures["results"] if r["upos_source"] == "gold")
    assert gold["UPOS"] == 100.0 and 0 <= gold["LAS"] <= gold["UAS"] <= 100
    assert f"| {model_path.name} | gold | 100.00 | {gold['UAS']:.2f} | {gold['LAS']:.2f} |" in result.stdout


def test_readme_and_docs_quote_the_evaluation_record() -> None:
    figures = json.loads(data_file(PARSER_EVALUATION).read_text(encoding="utf-8"))
    row = next(r for r in figures["results"] if r["model"] == PARSER_MODEL and r["upos_source"] == "underthesea")
    for name in ("README.md", "docs/parser.md"):
        text = (ROOT / name).read_text(encoding="utf-8")
        assert f"{row['UAS']:.2f}" in text and f"{row['LAS']:.2f}" in text, name


def test_training_and_evaluation_scripts_report_bad_input_in_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "vi_bad-ud-dev.conllu"
    bad.write_text("1\tTôi\n", encoding="utf-8")
    for script, target, message in (
        ("train_parser.py", tmp_path, "no *-ud-train.conllu"),
        ("evaluate_parser.py", bad, "line 1: expected 10 tab-separated fields"),
    ):
        command = [sys.executable, str(ROOT / "scripts" / script), "--treebank", str(target)]
        command += ["--out", str(tmp_path / "m.npz")] if script == "train_parser.py" else []
        result = subprocess.run(command, capture_output=True, text=True)
        assert result.returncode == 2 and result.stderr.count("\n") == 1, result.stderr
        assert str(target) in result.stderr and message in result.stderr, result.stderr
