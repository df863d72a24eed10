"""danvan.plotting: glyph coverage read from the real font files, and what matplotlib warns when it draws."""

import io
import unicodedata
import warnings

import matplotlib
import pytest
from matplotlib.figure import Figure

from danvan.errors import CorpusError
from danvan.stats.plotting import TONE_MARKS, VIETNAMESE_FONT, VIETNAMESE_LETTERS, VOWELS, missing_glyphs, vietnamese_rc

SAMPLE = "Dân vận khéo: Ủy ban Mặt trận Tổ quốc Việt Nam, Đắk Lắk, Thừa Thiên Huế, ỷ lại, Nguyễn Thị Hường"
"""Every tone, đ/Đ, ư/ơ and capitals with diacritics."""


def _missing_glyph_warnings(rc: dict[str, object]) -> list[str]:
    """matplotlib's "missing from font" warnings while drawing SAMPLE as a title, an axis label and a tick label."""
    with matplotlib.rc_context(rc), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        figure = Figure()
        axes = figure.subplots()
        axes.barh([SAMPLE], [1])
        axes.set_title(SAMPLE)
        axes.set_xlabel(SAMPLE)
        figure.savefig(io.BytesIO(), format="png")
    return [str(w.message) for w in caught if "missing from font" in str(w.message)]


def test_letters_are_every_toned_vowel_in_both_cases_plus_d_stroke_and_ascii():
    assert len(set(VIETNAMESE_LETTERS)) == len(VIETNAMESE_LETTERS)
    toned = {unicodedata.normalize("NFC", v + m) for v in VOWELS for m in TONE_MARKS}
    assert len(toned) == len(VOWELS) * len(TONE_MARKS)
    assert set(VIETNAMESE_LETTERS) == toned | {c.upper() for c in toned} | set("đĐ") | set(
        "bcdfghjklmnpqrstvwxzBCDFGHJKLMNPQRSTVWXZ"
    )
    assert {"ệ", "Ỹ", "ự", "Ằ", "ỵ"} <= set(VIETNAMESE_LETTERS)


def test_dejavu_sans_has_every_vietnamese_letter():
    assert missing_glyphs(VIETNAMESE_LETTERS, VIETNAMESE_FONT) == ""
    assert missing_glyphs(SAMPLE) == ""


def test_a_font_without_vietnamese_is_caught_character_by_character():
    # Computer Modern (cmr10) ships with matplotlib and lacks most Vietnamese letters.
    assert missing_glyphs("Dân vận khéo", "cmr10") == "âéậ"
    assert missing_glyphs("Dan van kheo", "cmr10") == ""


def test_text_is_checked_in_nfc_and_whitespace_is_ignored():
    decomposed = unicodedata.normalize("NFD", "Dân vận khéo\n\t")
    assert missing_glyphs(decomposed, "cmr10") == "âéậ"
    assert missing_glyphs(decomposed) == ""


def test_rc_names_the_font_and_refuses_one_without_the_glyphs():
    assert vietnamese_rc() == {"font.family": [VIETNAMESE_FONT]}
    with pytest.raises(CorpusError, match=r"'cmr10' \(cmr10\.ttf\): no glyph for '.*ậ"):
        vietnamese_rc("cmr10")
    with pytest.raises(CorpusError, match="'No Such Font': not found by matplotlib"):
        vietnamese_rc("No Such Font")


def test_drawing_vietnamese_with_the_rc_gives_no_missing_glyph_warning():
    assert _missing_glyph_warnings(vietnamese_rc()) == []


def test_drawing_with_a_font_lacking_the_glyphs_does_warn():
    warned = _missing_glyph_warnings({"font.family": ["cmr10"]})
    assert warned and any("cmr10" in message for message in warned)
