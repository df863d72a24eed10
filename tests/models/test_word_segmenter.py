"""The stacked word segmenter: pyvi read without scikit-learn, training, and scores on hand-segmented seed text."""

import json
import subprocess
import sys
from pathlib import Path

import pycrfsuite
import pytest

from danvan.eval.segmentation import segmentation_score, underscored_sentence, word_spans
from danvan.models.word_segmenter import STACK_TRAINING_PARAMS, pyvi_features, pyvi_tags, train_stacked_segmenter
from danvan.pipeline.segment import (
    segmentation_tags,
    segmenter_input,
    sentences_segmentation_tags,
    stock_segmentation,
)
from danvan.resources import SEGMENTER_MODEL, data_file

SEED_WORDS = Path(__file__).parents[1] / "data" / "segmentation" / "seed-words.txt"


def seed_sentences() -> list[tuple[list[str], list[str]]]:
    """The hand-segmented seed sentences (N<TAB>words with _ inside them)."""
    lines = SEED_WORDS.read_text(encoding="utf-8").splitlines()
    return [underscored_sentence(line.split("\t", 1)[1]) for line in lines if line and not line.startswith("#")]


def test_pyvi_read_without_scikit_learn_tags_as_pyvi_does() -> None:
    from pyvi.ViTokenizer import ViTokenizer

    for syllables, _ in seed_sentences():
        theirs = ViTokenizer.model.predict([ViTokenizer.sent2features(syllables, False)])[0]
        assert pyvi_tags(syllables) == [t.replace("_", "-") for t in theirs]
        assert pyvi_features(syllables) == ViTokenizer.sent2features(syllables, False)


def test_the_pipeline_does_not_import_scikit_learn() -> None:
    code = "import sys; from danvan.pipeline.segment import segment_words, syllable_spans; t = 'Công tác dân vận'; "
    code += "segment_words(t, syllable_spans(t, 0, len(t))); print('sklearn' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout == "False\n"


def test_word_spans() -> None:
    assert word_spans(["B-W", "I-W", "B-W"]) == {(0, 2), (2, 3)}
    assert word_spans(["I-W", "B-W"]) == {(0, 1), (1, 2)}
    assert word_spans([]) == set()


def test_stacked_segmenter_beats_both_inputs_on_the_hand_segmented_seed_sentences() -> None:
    """The figures of docs/segmentation.md (seed sentences); the set was never used to choose anything."""
    sentences = seed_sentences()
    assert len(sentences) == 40
    scores = {}
    for segmenter in ("underthesea", "pyvi", "stacked"):
        pairs = [(gold, segmentation_tags([segmenter_input(s) for s in syl], segmenter)) for syl, gold in sentences]
        scores[segmenter] = segmentation_score(pairs).f1
    assert scores["stacked"] >= 0.95
    assert scores["stacked"] > max(scores["underthesea"], scores["pyvi"])


def test_shipped_evaluation_meets_the_held_out_target() -> None:
    report = json.loads(data_file(SEGMENTER_MODEL).with_suffix(".eval.json").read_text(encoding="utf-8"))
    held_out = report["scores"]["dev_second_half (held out)"]
    assert held_out["stacked"]["f1"] >= 0.965
    assert held_out["stacked"]["f1"] > max(held_out["underthesea"]["f1"], held_out["pyvi"]["f1"])
    assert report["training"] == STACK_TRAINING_PARAMS


def test_training_is_deterministic_and_learns_its_data(tmp_path: Path) -> None:
    sentences = seed_sentences()[:20]
    examples = []
    for syllables, gold in sentences:
        fed = [segmenter_input(s) for s in syllables]
        base, stock = stock_segmentation(fed)
        examples.append((base, stock, pyvi_tags(fed), gold))
    first, second = tmp_path / "a.crfsuite", tmp_path / "b.crfsuite"
    train_stacked_segmenter(examples, first)
    train_stacked_segmenter(examples, second)
    assert first.read_bytes() == second.read_bytes()
    tagger = pycrfsuite.Tagger()
    tagger.open(str(first))
    from danvan.models.word_segmenter import stack_features

    learned = segmentation_score((g, tagger.tag(stack_features(b, s, p))) for b, s, p, g in examples)
    assert learned.f1 >= 0.99


@pytest.mark.parametrize("text", ["", "Ông", "Hà Nội, ngày 3/12/2026: 127.626 lượt."])
@pytest.mark.parametrize("segmenter", ["underthesea", "pyvi", "stacked"])
def test_one_tag_per_syllable(text: str, segmenter: str) -> None:
    from danvan.pipeline.segment import syllable_spans

    fed = [segmenter_input(text[s:e]) for s, e in syllable_spans(text, 0, len(text))]
    tags = segmentation_tags(fed, segmenter)
    assert len(tags) == len(fed)
    assert set(tags) <= {"B-W", "I-W"}


def test_the_pipeline_decodes_the_stacked_crf_as_crfsuite_does() -> None:
    crfsuite = pycrfsuite.Tagger()
    crfsuite.open(str(data_file(SEGMENTER_MODEL)))
    from danvan.models.word_segmenter import pyvi_tagger, stack_features

    feds = [[segmenter_input(s) for s in syllables] for syllables, _ in seed_sentences()]
    for fed in feds:
        base, stock = stock_segmentation(fed)  # underthesea's own featurizer and decoder
        pyvi = [t.replace("_", "-") for t in pyvi_tagger().tag(pyvi_features(fed))]  # python-crfsuite on pyvi's model
        assert segmentation_tags(fed) == crfsuite.tag(stack_features(base, stock, pyvi))
        assert segmentation_tags(fed, "underthesea") == stock
    assert sentences_segmentation_tags(feds) == [segmentation_tags(fed) for fed in feds]  # together as alone


TRICKY = "ĐẢNG iPhone 1.5 ² Ⅻ A1 1A İstanbul ǅ ÿ .. 1,5 - 2022 x 中 ß ª Ω Hà_Nội ông".split()
"""Syllables where Python's and Rust's string predicates part (digits, titlecase, case mappings)."""


def test_stock_columns_give_underthesea_featurizer_strings() -> None:
    from danvan.models.compiled_crf import feature_strings
    from danvan.models.crf_template import column_templates
    from danvan.pipeline.segment import _stock_templates, _word_segmenter, stock_columns

    templates, dictionary = _stock_templates()
    feds = [[segmenter_input(s) for s in syllables] for syllables, _ in seed_sentences()]
    for fed in [*feds, TRICKY, TRICKY[:1], TRICKY[:2], TRICKY[::-1]]:
        expected = _word_segmenter().featurizer.process([[[f] for f in fed]])[0]
        assert feature_strings(stock_columns(fed, dictionary), column_templates(templates)) == expected


def test_pyvi_columns_give_pyvi_features() -> None:
    from danvan.models.compiled_crf import feature_strings
    from danvan.models.word_segmenter import PYVI_TEMPLATES, pyvi_columns

    for syllables in [*(s for s, _ in seed_sentences()), TRICKY, TRICKY[:1], TRICKY[:2], ["Hà", "Nội"]]:
        expected = [  # as sklearn-crfsuite passes a dict: "name:value", a true or numeric flag by its name alone
            [name if isinstance(value, bool | float) else f"{name}:{value}" for name, value in f.items() if value]
            for f in pyvi_features(syllables)
        ]
        assert feature_strings(pyvi_columns(syllables), PYVI_TEMPLATES) == expected
