"""BIO ⇄ spans: gold entities aligned to tokens (splitting at edges), entities read back from tags."""

from danvan.formats.bio import align_entities_to_tokens, entities_from_tags
from danvan.model import Entity, Token

RAW = "Trưởng Ban Dân vận Trung ương Bùi Thị Minh Hoài thăm tỉnh Nghệ An."


def entity(text: str, label: str, raw: str = RAW) -> Entity:
    start = raw.index(text)
    return Entity(start, start + len(text), label, text)


def tokens_of(raw: str, words: list[str]) -> tuple[Token, ...]:
    """Tokens for consecutive words of ``raw`` (POS N, chunk B-NP then I-NP)."""
    tokens, position = [], 0
    for word in words:
        start = raw.index(word, position)
        position = start + len(word)
        tokens.append(Token(start, position, word, word.lower(), "N", "B-NP" if not tokens else "I-NP"))
    return tuple(tokens)


def test_entity_inside_a_word_splits_it() -> None:
    tokens = tokens_of(RAW, ["Trưởng Ban", "Dân vận", "Trung ương", "Bùi Thị Minh Hoài"])
    aligned, splits = align_entities_to_tokens(tokens, (entity("Ban Dân vận Trung ương", "ORG"),), RAW)
    assert splits == 1
    assert [(t.text, t.ner) for t in aligned] == [
        ("Trưởng", "O"),
        ("Ban", "B-ORG"),
        ("Dân vận", "I-ORG"),
        ("Trung ương", "I-ORG"),
        ("Bùi Thị Minh Hoài", "O"),
    ]
    assert all(RAW[t.start : t.end] == t.text for t in aligned)
    assert aligned[1].chunk == "I-NP" and aligned[1].norm == "ban"


def test_entity_at_token_edges_and_spanning_tokens_needs_no_split() -> None:
    tokens = tokens_of(RAW, ["Bùi Thị Minh Hoài", "thăm", "tỉnh", "Nghệ An"])
    gold = (entity("Bùi Thị Minh Hoài", "PER"), entity("Nghệ An", "LOC"))
    aligned, splits = align_entities_to_tokens(tokens, gold, RAW)
    assert splits == 0
    assert [t.ner for t in aligned] == ["B-PER", "O", "O", "B-LOC"]


def test_adjacent_entities_of_the_same_type_stay_apart() -> None:
    raw = "Tin Hà Thanh Hoàng Phong"
    tokens = tokens_of(raw, ["Tin", "Hà Thanh Hoàng", "Phong"])
    gold = (entity("Hà Thanh", "PER", raw), entity("Hoàng Phong", "PER", raw))
    aligned, splits = align_entities_to_tokens(tokens, gold, raw)
    assert [(t.text, t.ner) for t in aligned] == [
        ("Tin", "O"),
        ("Hà Thanh", "B-PER"),
        ("Hoàng", "B-PER"),
        ("Phong", "I-PER"),
    ]
    assert splits == 1
    assert entities_from_tags(aligned, raw) == gold


def test_entity_ending_inside_a_syllable_splits_at_the_character() -> None:
    raw = "LSO-Đó là ý kiến"
    tokens = tokens_of(raw, ["LSO-Đó", "là"])
    aligned, _ = align_entities_to_tokens(tokens, (entity("LSO", "ORG", raw),), raw)
    assert [(t.text, t.ner) for t in aligned] == [("LSO", "B-ORG"), ("-Đó", "O"), ("là", "O")]
