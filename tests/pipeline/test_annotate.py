"""The whole per-document pipeline: offsets hold on any text, gold becomes the NER layer."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from danvan.formats.bio import entities_from_tags
from danvan.model import KEPT_ZONE_KINDS, Entity
from danvan.pipeline.annotate import annotate_document, merge_spans_across
from danvan.pipeline.ner import StockNerTagger
from danvan.pipeline.parse import load_parser
from danvan.pipeline.text_view import reads_as_space

TAGGER = StockNerTagger()
PARSER = load_parser()
TEXT = "Tiêu đề\n\nĐồng chí\u00a0Bùi Thị Minh Hoài phát biểu tại Hà Nội. Hội nghị  thành công.\n"


def assert_offsets_hold(raw: str) -> None:
    document = annotate_document("doc", raw, TAGGER, PARSER)
    for sentence in document.sentences:
        assert raw[sentence.start : sentence.end] == sentence.text
        covered = set()
        previous_end = sentence.start
        for token in sentence.tokens:
            assert raw[token.start : token.end] == token.text
            assert all(reads_as_space(c) for c in raw[previous_end : token.start])
            previous_end = token.end
            covered.update(range(token.start, token.end))
        assert all(reads_as_space(c) for c in raw[previous_end : sentence.end])
    for zone in document.zones:
        if zone.kind in KEPT_ZONE_KINDS:
            in_sentences = {i for s in document.sentences for i in range(s.start, s.end) if s.start >= zone.start}
            lost = [i for i in range(zone.start, zone.end) if not reads_as_space(raw[i]) and i not in in_sentences]
            assert not lost, f"characters {lost[:5]} of a kept zone are in no sentence"


def test_offsets_hold_on_an_article_with_odd_spaces() -> None:
    assert_offsets_hold(TEXT)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(min_size=0, max_size=300))
def test_arbitrary_unicode_never_crashes_and_offsets_hold(raw: str) -> None:
    assert_offsets_hold(raw)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Hà Nội",
                "Uỷ ban",
                "ủy ban",
                " ",
                "\u00a0",
                "\n",
                ".",
                "T.Ư",
                "6.0L",
                "“Dân vận khéo”",
                "\t",
                "Nghe\u0323\u0302 An",
                "\u0300",
                "\ufeff",
                "\x00",
                "\r\n",
                "\u200b",
                "\u00ad",
                "TP.HCM",
            ]
        ),
        max_size=40,
    ).map("".join)
)
def test_vietnamese_fragments_keep_every_offset(raw: str) -> None:
    assert_offsets_hold(raw)


def test_gold_entities_become_the_ner_layer() -> None:
    raw = "Tiêu đề\n\nTrưởng Ban Dân vận Trung ương thăm Hà Nội.\n"
    org = "Ban Dân vận Trung ương"
    gold = (Entity(raw.index(org), raw.index(org) + len(org), "ORG", org),)
    document = annotate_document("doc", raw, TAGGER, PARSER, gold)
    body = document.sentences[-1]
    assert document.ner_source == "gold"
    assert body.entities == gold
    assert [t.ner for t in body.tokens if t.ner != "O"][0] == "B-ORG"
    assert entities_from_tags(body.tokens, raw) == gold
    assert document.token_splits in (0, 1)  # 1 when the segmenter made "Trưởng Ban" one word


def test_a_sentence_boundary_inside_an_entity_is_removed() -> None:
    spans = [(0, 10), (11, 20), (21, 30)]
    assert merge_spans_across(spans, (Entity(8, 13, "ORG", "x"),)) == [(0, 20), (21, 30)]
