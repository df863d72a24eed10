"""Sentences, syllables and words as slices of the raw text."""

import pytest

from danvan.pipeline.segment import segment_words, sentence_spans, syllable_spans


def words_of(text: str) -> list[str]:
    return [text[s:e] for (s, e), _ in segment_words(text, syllable_spans(text, 0, len(text)))]


@pytest.mark.parametrize(
    ("text", "word"),
    [
        # the segmenter is sensitive to tone placement: both spellings must come out whole
        ("Uỷ ban nhân dân tỉnh họp", "Uỷ ban nhân dân"),
        ("Ủy ban nhân dân tỉnh họp", "Ủy ban nhân dân"),
        ("Tỉnh uỷ Nghệ An", "Tỉnh uỷ"),
        ("Tỉnh ủy Nghệ An", "Tỉnh ủy"),
        ("hòa thuận", "hòa thuận"),
        ("hoà thuận", "hoà thuận"),
    ],
)
def test_tone_placement_pairs_segment_alike(text: str, word: str) -> None:
    assert word in words_of(text)


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
