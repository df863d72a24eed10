"""Zoning: every character of a raw news text gets a zone kind (title, lead, body, caption, credit, byline, …).

Lines are classified first (page chrome, duplicates, dateline, title, lead, source, captions, byline);
then each body or lead line is cut into sub-line zones where it holds inline photo credits, a caption
before such a credit, an opening agency tag or a trailing byline, so a long body line is never a caption.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from danvan.model import Zone, strip_span

CHROME_LINE_PATTERNS = (
    r"Kết nối tạp chí:?",
    r"•\s*(facebook|Facebook|Tiwer|Twitter|Youtube|YouTube|Google|Zalo|Messenger|Back to top)",
    r"Back to top",
    r"\d{1,2}:\d{2}( / \d{1,2}:\d{2})?",
    r"•\s*(Nam|Nữ) miền (Bắc|Nam|Trung)",
    r"Gửi cho bạn bè",
    r"Phản hồi",
    r"Thông tin người gửi phản hồi",
    r"Bình luận:?\s*\d*",
    r"(In|Chia sẻ|Lưu) bài( viết)?",
)
"""Whole lines of page furniture (share links, audio player, feedback widgets)."""

CHROME_SECTION_PATTERNS = (
    r"Các tin khác",
    r"Đọc nhiều nhất",
    r"Xem nhiều nhất",
    r"Tin mới",
    r"Tin liên quan",
    r"Tin cùng chuyên mục",
    r"Bài viết liên quan",
)
"""Headings of teaser lists: the heading and every line after it are chrome."""

DATELINE_PATTERN = re.compile(
    r"(?:(?:Thứ\s+(?:Hai|Ba|Tư|Năm|Sáu|Bảy)|Chủ\s+nhật)\s*,\s*)?(\d{1,2})/(\d{1,2})/(\d{4})",
    re.IGNORECASE,
)
SOURCE_PATTERN = re.compile(r"(Theo|Nguồn)\b[^\n]{0,200}")
URL_PATTERN = re.compile(r"https?://\S+")
SENTENCE_FINAL = ".!?…:;\"”'’)"
CAPTION_CREDIT = re.compile(r"\(?\bẢnh\s*:", re.IGNORECASE)
CAPTION_CUES = re.compile(r"phát biểu|trao |tặng |Quang cảnh|tham dự|tham quan|chụp ảnh|trình bày")
"""Phrases typical of photo captions, used for long lines that do not end a sentence."""
MIN_CAPTION_SYLLABLES = 15
LEAD_SOURCE_PATTERN = re.compile(r"\(([^()\s]{2,40})\)\s*[-–]|([A-ZĐ][A-ZĐ&]{1,9})\s*[-–]\s*(?=\S|$)")
"""An outlet named at the start of the lead: "(Baonghean.vn) - …", "LSO-Đó là …"."""
MAX_BYLINE_SYLLABLES = 8
MAX_CAPTION_SYLLABLES = 60
"""A caption line is one sentence of at most this many syllables; a longer or multi-sentence line is body."""


def line_spans(raw: str) -> Iterator[tuple[int, int]]:
    """(start, end) of every line of ``raw``, line terminator excluded."""
    start = 0
    for line in raw.splitlines(keepends=True):
        stripped = line.rstrip("\r\n")
        yield start, start + len(stripped)
        start += len(line)


def _full_match(patterns: tuple[str, ...], line: str) -> bool:
    return any(re.fullmatch(p, line) for p in patterns)


def _ends_sentence(line: str) -> bool:
    return line[-1:] in SENTENCE_FINAL


def zone_lines(raw: str) -> tuple[Zone, ...]:
    """Classify every non-blank line of ``raw``; blank lines (whitespace only) get no zone."""
    spans = [strip_span(raw, s, e) for s, e in line_spans(raw) if raw[s:e].strip()]
    lines = [raw[s:e] for s, e in spans]
    kinds: list[str] = []
    in_chrome_section = False
    for i, line in enumerate(lines):
        if in_chrome_section or _full_match(CHROME_SECTION_PATTERNS, line):
            in_chrome_section = True
            kinds.append("chrome")
        elif _full_match(CHROME_LINE_PATTERNS, line):
            kinds.append("chrome")
        elif i > 0 and line == lines[i - 1] and kinds[-1] != "chrome":
            kinds.append("duplicate")
        elif DATELINE_PATTERN.fullmatch(line) and "dateline" not in kinds:
            kinds.append("dateline")
        elif "title" not in kinds:
            kinds.append("title")
        elif SOURCE_PATTERN.fullmatch(line) and len(line.split()) <= 20:
            kinds.append("source")
        else:
            kinds.append("body")
    _mark_captions(raw, spans, lines, kinds)
    _mark_byline(lines, kinds)
    _mark_lead(lines, kinds)
    return tuple(Zone(s, e, k) for (s, e), k in zip(spans, kinds, strict=True))


def _mark_captions(raw: str, spans: list[tuple[int, int]], lines: list[str], kinds: list[str]) -> None:
    """Turn body lines into captions: repeated lines, credited photos, isolated blocks, long unfinished lines."""
    for i, line in enumerate(lines):
        if kinds[i] != "body":
            continue
        repeated = i + 1 < len(lines) and kinds[i + 1] == "duplicate"
        gap_before = raw[spans[i - 1][1] : spans[i][0]].count("\n") if i > 0 else 0
        isolated_block = gap_before >= 3 and not _ends_sentence(line.rstrip(","))
        long_unfinished = (
            not _ends_sentence(line)
            and len(line.split()) >= MIN_CAPTION_SYLLABLES
            and CAPTION_CUES.search(line) is not None
        )
        single = len(line.split()) <= MAX_CAPTION_SYLLABLES and _sentences(line) <= 1
        credited = CAPTION_CREDIT.search(line) is not None and single
        if repeated or credited or (isolated_block and single) or (long_unfinished and single):
            kinds[i] = "caption"
            j = i + 1
            while isolated_block and j < len(lines) and kinds[j] == "body" and spans[j][0] - spans[j - 1][1] == 1:
                kinds[j] = "caption"
                j += 1


def _sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The sentence splitter's spans (imported here: reading a raw file needs no segmenter, nor its start-up)."""
    from danvan.pipeline.segment import sentence_spans

    return sentence_spans(text, start, end)


def _sentences(line: str) -> int:
    """How many sentences the splitter finds in a line."""
    return len(_sentence_spans(line, 0, len(line)))


def _mark_lead(lines: list[str], kinds: list[str]) -> None:
    """The aggregator layout: the title on the first line, its summary on the second, then the body."""
    if len(kinds) >= 3 and kinds[0] == "title" and kinds[1] == "body" and "dateline" not in kinds:
        kinds[1] = "lead"


def _mark_byline(lines: list[str], kinds: list[str]) -> None:
    """The last kept line is a byline when it is short, unfinished and comes after the body."""
    kept = [i for i, k in enumerate(kinds) if k in ("body", "caption")]
    if not kept:
        return
    last = kept[-1]
    line = lines[last]
    if (
        len(line.split()) <= MAX_BYLINE_SYLLABLES
        and not _ends_sentence(line)
        and any(k == "body" for k in kinds[:last])
    ):
        kinds[last] = "byline"


INLINE_CREDIT = re.compile(
    r"\(\s*(?:Ảnh|Nguồn|Clip)\s*:[^()\n]{1,80}\)|(?:Ảnh|Nguồn|Clip)\s*:\s*|Ảnh minh (?:họa|hoạ)\.?"
)
"""A photo or source credit inside a line: "(Ảnh: X/TTXVN)", "Ảnh: " (its name is read after), "Ảnh minh họa"."""
LEADING_TAG = re.compile(r"\(\s*[^()\s]{2,30}\s*\)\s*[-–]\s*|[A-ZĐ][A-ZĐ&.]{1,10}\s*[-–]\s*(?=[A-ZĐ\w])")
"""An agency tag opening a lead or body line: "(Baonghean) - ", "GD&TĐ - ", "LSO-"."""
TRAILING_TAG = re.compile(r"\(\s*[A-ZĐ][\w.&/ -]{1,30}\)$")
"""An agency tag closing a line: "(TTXVN)"."""
WORD = re.compile(r"\S+")
SENTENCE_END = re.compile(r"[.!?…”\"]+(?=\s|$)")
"""Sentence-final punctuation followed by whitespace (so "VOV.VN" ends nothing)."""
MAX_CREDIT_WORDS = 6
TEASER_MARK = re.compile(r"(?:^|(?<=\s))(?:»|>{2,3})(?=\s)")
"""A related-article link inside a line: "» Title", ">> Title", ">>> Title" (a "»" closing a «quote» has no
space before it)."""
CREDIT_STOP = re.compile(r"[.,;:]+(?=\s|$)")
CREDIT_TAIL = re.compile(r"(?:\s+[^\sA-ZĐ][^\s.]*){0,2}\.(?=\s|$)")


def _is_credit_word(word: str) -> bool:
    return word[:1].isupper() or word[:1] in "/-–" or "/" in word or word.isupper()


def _credit_end(text: str, position: int) -> int:
    """Where the name after "Ảnh:" ends: capitalized words, "/" or "-" and an agency; the last capitalized
    word is dropped when a lowercase word or a number follows it (it begins the next sentence)."""
    words = [m for m in WORD.finditer(text, position)][: MAX_CREDIT_WORDS + 1]
    taken: list[re.Match[str]] = []
    for index, word in enumerate(words[:MAX_CREDIT_WORDS]):
        if not _is_credit_word(word.group()):
            break
        taken.append(word)
        last_part = word.group().rsplit("/", 1)[-1]
        agency = last_part.isupper() or "." in last_part  # "…/TTXVN", "…/VOV.VN", "… - TTXVN"
        if agency and ("/" in word.group() or (index > 0 and words[index - 1].group() in "-–")):
            return word.end()
    if len(taken) > 1 and len(words) > len(taken):
        following = words[len(taken)].group()
        if following[:1].islower() or following[:1].isdigit():
            taken.pop()
    end = taken[-1].end() if taken else position
    closing = CREDIT_TAIL.match(text, end)  # "Ảnh: Dân trí." (the name's lowercase rest), "Ảnh: VGP."
    return closing.end() if closing else end


def _inline_zones(raw: str, start: int, end: int, kind: str, last_body: bool) -> list[Zone]:
    """A body or lead line cut into zones: agency tags, photo credits and the caption before each, and on the
    last body line a trailing byline; the rest keeps ``kind``."""
    text = raw[start:end]
    marks: list[tuple[int, int, str]] = []  # (start, end, kind) relative to the line, in order
    if tag := LEADING_TAG.match(text):
        marks.append((0, tag.end(), "credit"))
    for match in INLINE_CREDIT.finditer(text):
        credit_end = match.end() if match.group().startswith(("(", "Ảnh minh")) else _credit_end(text, match.end())
        if match.group().startswith("(") and (stop := CREDIT_STOP.match(text, credit_end)):
            credit_end = stop.end()  # "(Ảnh: VGP/Quang Hiếu). Các ý kiến…": the stop is no sentence of its own
        if marks and match.start() < marks[-1][1]:
            continue
        previous_end = marks[-1][1] if marks else 0
        before = _sentence_spans(text, previous_end, match.start())
        if before and match.start() - before[-1][1] <= 2:
            caption_start = before[-1][0]
            if len(before) > 1 or caption_start > previous_end or not marks:
                marks.append((caption_start, before[-1][1], "caption"))
        marks.append((match.start(), credit_end, "credit"))
    marks = _without_overlaps(sorted(marks + _teaser_marks(text)))
    if last_body:
        marks += _trailing_byline(text, marks[-1][1] if marks else 0)
    zones: list[Zone] = []
    position = 0
    for mark_start, mark_end, mark_kind in marks:
        if text[position:mark_start].strip():
            zones.append(Zone(*strip_span(raw, start + position, start + mark_start), kind))
        if text[mark_start:mark_end].strip():
            zones.append(Zone(*strip_span(raw, start + mark_start, start + mark_end), mark_kind))
        position = max(position, mark_end)
    if text[position:].strip():
        zones.append(Zone(*strip_span(raw, start + position, end), kind))
    return zones


def _teaser_marks(text: str) -> list[tuple[int, int, str]]:
    """Related-article links as chrome: each runs to the next link, the last to the end of the line when no
    sentence ends after it; when one does (a body sentence follows the headline with nothing between them,
    "» Tiêu đề Nhân dịp …"), only the mark is chrome and the headline stays with the body text."""
    found = [m for m in TEASER_MARK.finditer(text) if text.count("«", 0, m.start()) <= text.count("»", 0, m.start())]
    marks = []
    for index, mark in enumerate(found):
        if index + 1 < len(found):
            end = found[index + 1].start()
        elif SENTENCE_END.search(text, mark.end()) is None:
            end = len(text)
        else:
            end = mark.end()
        marks.append((mark.start(), end, "chrome"))
    return marks


def _without_overlaps(marks: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Marks in text order, each dropped that begins inside the one kept before it."""
    kept: list[tuple[int, int, str]] = []
    for mark in marks:
        if not kept or mark[0] >= kept[-1][1]:
            kept.append(mark)
    return kept


def _trailing_byline(text: str, position: int) -> list[tuple[int, int, str]]:
    """A signature after the line's last sentence: "… cuối. Việt Đông", "… ./. PV/VOV – Đông Bắc", "(TTXVN)"."""
    ends = [m.end() for m in SENTENCE_END.finditer(text, position)]
    if not ends:
        return []
    tail_start = ends[-1]
    tail = text[tail_start:].strip()
    if not tail or len(tail.split()) > MAX_BYLINE_SYLLABLES + 4 or not tail[:1].isupper() and tail[:1] != "(":
        return []
    offset = text.index(tail, tail_start)
    marks: list[tuple[int, int, str]] = []
    if tag := TRAILING_TAG.search(tail):
        name = tail[: tag.start()].strip()
        if name:
            marks.append((offset, offset + len(name), "byline"))
        return [*marks, (offset + tag.start(), offset + len(tail), "credit")]
    half = tail[: len(tail) // 2].strip()
    if half and tail == f"{half} {half}":  # printed twice
        second = offset + tail.rindex(half)
        return [(offset, offset + len(half), "byline"), (second, second + len(half), "duplicate")]
    first = tail.split()[0]
    agency_only = "/" in first and first.split("/")[0].isupper() and not first.startswith("PV")
    return [(offset, offset + len(tail), "credit" if agency_only else "byline")]


def zone_text(raw: str) -> tuple[Zone, ...]:
    """Every zone of ``raw``, in text order: line zones cut into sub-line zones where a line holds several."""
    lines = zone_lines(raw)
    body = [i for i, zone in enumerate(lines) if zone.kind == "body"]
    zones: list[Zone] = []
    for index, zone in enumerate(lines):
        if zone.kind in ("body", "lead"):
            zones += _inline_zones(raw, zone.start, zone.end, zone.kind, last_body=bool(body) and index == body[-1])
        else:
            zones.append(zone)
    return tuple(zones)
