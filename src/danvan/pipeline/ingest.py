"""Read raw news files and classify their lines into zones (title, body, caption, chrome, …)."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from danvan.errors import CorpusError
from danvan.model import Metadata, Zone, strip_span

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
LEAD_SOURCE_PATTERN = re.compile(r"\(([^()\s]{2,40})\)\s*[-–]|([A-ZĐ]{2,6})\s*[-–](?=\S)")
"""An outlet named at the start of the lead: "(Baonghean.vn) - …", "LSO-Đó là …"."""
MAX_BYLINE_SYLLABLES = 8


@dataclass(frozen=True)
class RawFile:
    """A raw input file: its document id (file stem), path, decoded text and sha256 of its bytes."""

    doc_id: str
    path: Path
    raw: str
    sha256: str


def read_raw(path: Path, encoding: str = "utf-8") -> RawFile:
    """Decode a raw file; CorpusError naming the byte offset if it is not valid ``encoding``."""
    data = path.read_bytes()
    try:
        raw = data.decode(encoding)
    except UnicodeDecodeError as err:
        raise CorpusError(
            f"{path}: byte {err.start}: not valid {encoding} ({data[err.start : err.start + 4]!r});"
            f" use --encoding to read a legacy file"
        ) from None
    except LookupError:
        raise CorpusError(f"{path}: unknown encoding {encoding!r}") from None
    return RawFile(path.stem, path, raw, hashlib.sha256(data).hexdigest())


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
        if repeated or CAPTION_CREDIT.search(line) or isolated_block or long_unfinished:
            kinds[i] = "caption"
            j = i + 1
            while isolated_block and j < len(lines) and kinds[j] == "body" and spans[j][0] - spans[j - 1][1] == 1:
                kinds[j] = "caption"
                j += 1


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


def extract_metadata(raw: str, zones: tuple[Zone, ...]) -> Metadata:
    """What the text itself says of its title, date (ISO 8601), source, URL and byline."""

    def first(kind: str) -> str | None:
        return next((raw[z.start : z.end].strip() for z in zones if z.kind == kind), None)

    date = None
    dateline = first("dateline")
    if dateline and (m := DATELINE_PATTERN.search(dateline)):
        date = f"{int(m.group(3)):04d}-{int(m.group(2)):02d}-{int(m.group(1)):02d}"
    source_line = first("source")
    url = None
    source = None
    if source_line:
        url_match = URL_PATTERN.search(source_line)
        url = url_match.group(0) if url_match else None
        source = re.sub(r"^(Theo|Nguồn)\s*", "", URL_PATTERN.sub("", source_line)).strip(" :-") or None
    lead = next((raw[z.start : z.end] for z in zones if z.kind == "body"), "")
    if source is None and (m := LEAD_SOURCE_PATTERN.match(lead)):
        source = m.group(1) or m.group(2)
    return Metadata(title=first("title"), date=date, source=source, url=url, byline=first("byline"))


METADATA_FIELDS = ("title", "date", "source", "url", "byline", "aggregator", "collection", "original_file")


def read_metadata(path: Path) -> Metadata:
    """Read a hand-checked ``<stem>.json`` metadata file; CorpusError on a bad or missing field."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise CorpusError(f"{path}: not valid UTF-8 JSON ({err})") from None
    if not isinstance(data, dict):
        raise CorpusError(f"{path}: expected a JSON object with fields {', '.join(METADATA_FIELDS)}")
    unknown = sorted(set(data) - set(METADATA_FIELDS) - {"notes"})
    if unknown:
        raise CorpusError(f"{path}: unknown field {unknown[0]!r}; expected {', '.join(METADATA_FIELDS)}")
    for key in METADATA_FIELDS:
        if data.get(key) is not None and not isinstance(data[key], str):
            raise CorpusError(f"{path}: field {key!r} must be a string or null, not {type(data[key]).__name__}")
    date = data.get("date")
    if date is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(date)):
        raise CorpusError(f"{path}: date {date!r} is not ISO 8601 (YYYY-MM-DD)")
    return Metadata(**{k: data.get(k) for k in METADATA_FIELDS})
