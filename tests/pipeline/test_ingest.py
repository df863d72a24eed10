"""Reading raw files and zoning their lines."""

from pathlib import Path

import pytest

from danvan.errors import CorpusError
from danvan.pipeline.ingest import extract_metadata, read_metadata, read_raw
from danvan.pipeline.zoning import zone_text
from tests.conftest import ROOT

ARTICLE = """Thứ Bảy, 25/3/2023
Hội nghị tổng kết công tác dân vận

Ban Dân vận Trung ương tổ chức hội nghị tại Hà Nội.

\u00a0
Quang cảnh Hội nghị\u00a0

\u00a0

Các đại biểu tham dự hội nghị. Ảnh: Thanh Lê

Các đại biểu tham dự hội nghị. Ảnh: Thanh Lê

Hội nghị đã thảo luận nhiều nội dung quan trọng.

Thu Hà

Nguồn ĐCSVN: https://dangcongsan.vn/bai-viet-1.html

Gửi cho bạn bè

Đọc nhiều nhất

Một bài khác về dân vận khéo.
  • Back to top
"""


def kinds_by_text(raw: str) -> list[tuple[str, str]]:
    return [(raw[z.start : z.end], z.kind) for z in zone_text(raw)]


def test_zone_lines_classifies_every_kind() -> None:
    assert kinds_by_text(ARTICLE) == [
        ("Thứ Bảy, 25/3/2023", "dateline"),
        ("Hội nghị tổng kết công tác dân vận", "title"),
        ("Ban Dân vận Trung ương tổ chức hội nghị tại Hà Nội.", "body"),
        ("Quang cảnh Hội nghị", "caption"),
        ("Các đại biểu tham dự hội nghị. Ảnh: Thanh Lê", "caption"),
        ("Các đại biểu tham dự hội nghị. Ảnh: Thanh Lê", "duplicate"),
        ("Hội nghị đã thảo luận nhiều nội dung quan trọng.", "body"),
        ("Thu Hà", "byline"),
        ("Nguồn ĐCSVN: https://dangcongsan.vn/bai-viet-1.html", "source"),
        ("Gửi cho bạn bè", "chrome"),
        ("Đọc nhiều nhất", "chrome"),
        ("Một bài khác về dân vận khéo.", "chrome"),
        ("• Back to top", "chrome"),
    ]


def test_zones_never_begin_or_end_with_whitespace() -> None:
    for zone in zone_text(ARTICLE):
        text = ARTICLE[zone.start : zone.end]
        assert text == text.strip()


def test_extract_metadata_reads_what_the_text_says() -> None:
    meta = extract_metadata(ARTICLE, zone_text(ARTICLE))
    assert meta.title == "Hội nghị tổng kết công tác dân vận"
    assert meta.date == "2023-03-25"
    assert meta.source == "ĐCSVN"
    assert meta.url == "https://dangcongsan.vn/bai-viet-1.html"
    assert meta.byline == "Thu Hà"


def test_extract_metadata_finds_the_outlet_in_the_lead() -> None:
    raw = "Tiêu đề bài\n\n(Baonghean.vn) - Sáng 15/7, hội nghị diễn ra.\n"
    assert extract_metadata(raw, zone_text(raw)).source == "Baonghean.vn"


def test_seed_zoning_keeps_chrome_out() -> None:
    raw = read_raw(ROOT / "seeds" / "001_4da4bb8c5291bbbc.txt").raw
    kinds = kinds_by_text(raw)
    assert kinds[0] == ("Kết nối tạp chí:", "chrome")
    assert ("Theo: dukcqtw.dcs.vn", "source") in kinds
    assert all(kind == "chrome" for _, kind in kinds[kinds.index(("Bình luận: 0", "chrome")) :])


def test_read_raw_names_the_byte_of_bad_utf8(tmp_path: Path) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes("Dân vận".encode() + b"\xff\xfe")
    with pytest.raises(CorpusError, match=rf"legacy.txt: byte {len('Dân vận'.encode())}: not valid utf-8"):
        read_raw(path)


def test_read_raw_reads_legacy_encodings_when_told(tmp_path: Path) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes("Dân vận khéo".encode("utf-16"))
    assert read_raw(path, "utf-16").raw == "Dân vận khéo"


def test_read_metadata_rejects_a_non_iso_date(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text('{"title": "T", "date": "25/3/2023"}', encoding="utf-8")
    with pytest.raises(CorpusError, match="a.json: date '25/3/2023' is not ISO 8601"):
        read_metadata(path)


def test_every_seed_has_valid_hand_checked_metadata() -> None:
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        meta = read_metadata(path.with_suffix(".json"))
        raw = read_raw(path).raw
        if meta.collection is not None:  # the pool's files: provenance recorded, the title is line 1
            assert meta.aggregator == "baomoi.com" and meta.original_file == path.name
            assert meta.title == raw.split("\n", 1)[0].strip()
        else:
            assert meta.title and meta.date
