"""Read raw news files and their metadata: hand-checked (``<stem>.json``) or extracted from the zoned text."""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from danvan.errors import CorpusError
from danvan.model import Metadata, Zone
from danvan.pipeline.zoning import DATELINE_PATTERN, LEAD_SOURCE_PATTERN, URL_PATTERN


@dataclass(frozen=True)
class RawFile:
    """A raw input file: its document id (file stem), path, decoded text and sha256 of its bytes."""

    doc_id: str
    path: Path
    raw: str
    sha256: str


def read_raw(path: Path, encoding: str = "utf-8") -> RawFile:
    """Decode a raw file; CorpusError naming the byte offset if it is not valid ``encoding``."""
    try:
        data = path.read_bytes()
    except OSError as err:
        raise CorpusError(f"{path}: cannot read it: {err.strerror or err}") from None
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


AGENCY = re.compile(r"(?:/|\(|[-–]\s)\s*([A-ZĐ][A-ZĐ.]{1,}(?:\.[A-Za-z]{2,3})?(?:/[\w ]+)?)\s*\)?\s*$")
"""The outlet at the end of a credit or signature: "Ảnh: Doãn Tấn/TTXVN", "(TTXVN)", "Trọng Đức - TTXVN"."""


SELF_REFERENCE = re.compile(
    r"[Tt]rao đổi với (?:(?:PV|phóng viên) ((?:báo )?\S+(?: \S+)?)|((?:báo )?[A-ZĐ][\w.]*(?: [A-ZĐ][\w.]*){0,2}\.\w+))"
)
"""An outlet naming itself: "Trao đổi với Zing.vn", "trao đổi với Pháp Luật TP.HCM", "Trao đổi với PV Dân trí"."""
PHOTO_AGENCY = re.compile(r"\(?\s*Ảnh\s*:\s*([A-ZĐ]{2,}[\w.]*)/")
"""A photo credit opening with its outlet: "Ảnh: VGP/Quang Hiếu"."""
BYLINE_NOISE = re.compile(r"^\((?:Tổng hợp|TH)\)\s*|\s+(?:ghi|thực hiện|tổng hợp)$")


def _outlet(credit: str) -> str | None:
    """The outlet a credit or agency tag names, if any: "(Baonghean) - " → Baonghean, "…/VOV.VN" → VOV.VN."""
    if tag := LEAD_SOURCE_PATTERN.match(credit):
        return tag.group(1) or tag.group(2)
    if photo := PHOTO_AGENCY.match(credit):
        return photo.group(1)
    if agency := AGENCY.search(credit):
        return agency.group(1).strip()
    if re.fullmatch(r"[A-ZĐ]{2,}/[\w ]+", credit.strip()):  # "TTXVN/Tin Tức" signing the article
        return credit.strip()
    return None


def extract_metadata(raw: str, zones: tuple[Zone, ...]) -> Metadata:
    """What the text itself says of its title, date (ISO 8601, from a dateline), outlet, URL and byline:
    the outlet from a "Theo …"/"Nguồn …" line, else an agency tag opening the lead or body, else the
    agency most credits name; recorded as extracted (``checked`` false), never as hand-checked."""

    def texts(kind: str) -> list[str]:
        return [raw[z.start : z.end].strip() for z in zones if z.kind == kind]

    date = None
    if (datelines := texts("dateline")) and (m := DATELINE_PATTERN.search(datelines[0])):
        date = f"{int(m.group(3)):04d}-{int(m.group(2)):02d}-{int(m.group(1)):02d}"
    url = source = None
    if source_lines := texts("source"):
        url_match = URL_PATTERN.search(source_lines[0])
        url = url_match.group(0) if url_match else None
        source = re.sub(r"^(Theo|Nguồn)\s*", "", URL_PATTERN.sub("", source_lines[0])).strip(" :-") or None
    if source is None and (m := SELF_REFERENCE.search(raw)):
        source = (m.group(1) or m.group(2)).removeprefix("báo ").rstrip(".,")
    if source is None:
        opening = next((raw[z.start : z.end] for z in zones if z.kind in ("lead", "body")), "")
        if m := LEAD_SOURCE_PATTERN.match(opening):
            source = m.group(1) or m.group(2)
    if source is None:
        outlets = Counter(o for credit in texts("credit") if (o := _outlet(credit)))
        source = outlets.most_common(1)[0][0] if outlets else None
    titles, bylines = texts("title"), texts("byline")
    byline = BYLINE_NOISE.sub("", bylines[-1]) if bylines else None
    if byline and "/" in byline:  # "Hải Yến/VOV.VN": the author, and the outlet when none was found
        byline, _, outlet = byline.partition("/")
        source = source or outlet.strip() or None
    if source is None:
        signatures = [o for credit in bylines if (o := _outlet(credit))]
        source = signatures[0] if signatures else None
    return Metadata(title=titles[0] if titles else None, date=date, source=source, url=url, byline=byline or None)


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
    return Metadata(**{k: data.get(k) for k in METADATA_FIELDS}, checked=True)
