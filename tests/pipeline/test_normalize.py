"""Normalized forms: NFC, lowercase, press-style tone marks."""

import unicodedata

import pytest

from danvan.pipeline.normalize import move_tone_to_modern_style, move_tone_to_press_style, normalize_word


@pytest.mark.parametrize(
    ("surface", "norm"),
    [
        ("Uỷ", "ủy"),
        ("hoà", "hòa"),
        ("thuỷ", "thủy"),
        ("Toà án", "tòa án"),
        ("khoẻ", "khỏe"),
        ("HOÀ BÌNH", "hòa bình"),
        ("Quý", "quý"),  # the u of "qu" is not a vowel: nothing moves
        ("Hoàng", "hoàng"),  # closed syllable: both styles agree
        ("khuya", "khuya"),
        ("Ủy ban", "ủy ban"),
    ],
)
def test_normalize_word_uses_press_tone_placement(surface: str, norm: str) -> None:
    assert normalize_word(surface) == norm


def test_normalize_word_composes_decomposed_input_and_collapses_spaces() -> None:
    decomposed = unicodedata.normalize("NFD", "Hoà  Bình")
    assert normalize_word(decomposed) == "hòa bình"


@pytest.mark.parametrize(("press", "modern"), [("hòa", "hoà"), ("Ủy", "Uỷ"), ("thủy", "thuỷ"), ("xòe", "xoè")])
def test_the_two_tone_styles_convert_into_each_other(press: str, modern: str) -> None:
    assert move_tone_to_modern_style(press) == modern
    assert move_tone_to_press_style(modern) == press
