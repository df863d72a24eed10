"""HTML views of Documents on a text the pipeline annotates now: marks, zones, trees, a stand-alone page."""

from bs4 import BeautifulSoup

from danvan.formats.html import _arc_levels, document_page, tree_svg
from danvan.pipeline.annotate import annotate_document

TEXT = (
    "Dân vận khéo ở Nghệ An\n"
    "Chiều 5/3, Ban Dân vận Tỉnh ủy Nghệ An tổ chức hội nghị tại TP Vinh. Ảnh: Thành Chung\n"
    "Ông Nguyễn Văn Thông phát biểu <b>chỉ đạo</b> hội nghị & trao thưởng.\n"
)


def test_a_stand_alone_page_marks_entities_zones_and_trees(models) -> None:
    document = annotate_document("x", TEXT, models.ner_tagger, models.parser)
    soup = BeautifulSoup(document_page(document), "html.parser")
    assert soup.select_one("style") and not soup.select("link[rel=stylesheet]") and not soup.select("nav")
    entities = [e for s in document.sentences for e in s.entities]
    marks = soup.select("section.text mark.entity")
    assert [(m["data-label"], m.get_text()) for m in marks] == [(e.label, e.text) for e in entities]
    assert ("ORG", "Ban Dân vận Tỉnh ủy Nghệ An") in [(e.label, e.text) for e in entities]
    kinds = [s["data-zone"] for s in soup.select("section.text span.zone")]
    assert kinds == [z.kind for z in document.zones] and "credit" in kinds
    assert "<b>" not in str(soup.select_one("section.text")) and "chỉ đạo" in soup.get_text()  # text is escaped
    assert len(soup.select("svg.tree")) == len(document.sentences)


def test_a_tree_has_a_word_per_token_and_an_arc_per_dependency(models) -> None:
    sentence = annotate_document("x", TEXT, models.ner_tagger, models.parser).sentences[1]
    svg = BeautifulSoup(tree_svg(sentence, "x-s0001"), "html.parser").svg
    assert [w.get_text() for w in svg.select("text.word")] == [" ".join(t.text.split()) for t in sentence.tokens]
    arcs = sorted((int(a["data-dependent"]), int(a["data-head"]), a["data-deprel"]) for a in svg.select("path.arc"))
    assert arcs == [(i, t.head, t.deprel) for i, t in enumerate(sentence.tokens, start=1)]
    assert [a["data-head"] for a in svg.select("path.arc")].count("0") == 1


def test_nested_arcs_are_drawn_above_the_arcs_inside_them() -> None:
    levels = _arc_levels([(1, 2), (3, 2), (1, 4), (5, 4), (1, 5)])
    assert levels[0] == levels[1] == 1 and levels[3] == 1
    assert levels[2] > max(levels[0], levels[1]) and levels[4] > levels[2]
