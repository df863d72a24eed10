"""Sentences, syllables and words as slices of the raw text."""

import pytest

from danvan.pipeline.segment import segment_words, sentence_spans, syllable_spans


def words_of(text: str) -> list[str]:
    return [text[s:e] for (s, e), _ in segment_words(text, syllable_spans(text, 0, len(text)))]


@pytest.mark.parametrize(
    ("old_style", "new_style", "word"),
    [
        # the segmenter is sensitive to tone placement: both spellings must segment alike
        ("Uỷ ban nhân dân tỉnh họp", "Ủy ban nhân dân tỉnh họp", "Ủy ban"),
        ("Tỉnh uỷ Nghệ An", "Tỉnh ủy Nghệ An", "Tỉnh ủy"),
        ("Gia đình sống hoà thuận với nhau.", "Gia đình sống hòa thuận với nhau.", "hòa thuận"),
    ],
)
def test_tone_placement_pairs_segment_alike(old_style: str, new_style: str, word: str) -> None:
    assert len(old_style) == len(new_style)
    assert [len(w) for w in words_of(old_style)] == [len(w) for w in words_of(new_style)]
    assert word in words_of(new_style)


def test_syllables_are_slices_and_cover_every_non_space_character() -> None:
    text = "Đồng chí\u00a0Phạm Tất Thắng,  6.0L (T.Ư) https://dangcongsan.vn/a-b.html"
    spans = syllable_spans(text, 0, len(text))
    covered = set()
    for start, end in spans:
        assert text[start:end].strip() == text[start:end]
        covered.update(range(start, end))
    assert all(text[i].isspace() for i in range(len(text)) if i not in covered)


def test_nbsp_separates_syllables_but_words_span_it() -> None:
    text = "Đồng\u00a0chí Phạm Tất Thắng"
    assert words_of(text) == ["Đồng\u00a0chí", "Phạm Tất Thắng"]


def test_sentence_spans_are_stripped_slices_within_the_range() -> None:
    text = "xx Ông A nói. Bà B về nhà lúc 3 giờ!  Ảnh: Thanh Lê yy"
    start, end = 3, len(text) - 3
    spans = sentence_spans(text, start, end)
    assert [text[s:e] for s, e in spans] == ["Ông A nói.", "Bà B về nhà lúc 3 giờ!", "Ảnh: Thanh Lê"]
