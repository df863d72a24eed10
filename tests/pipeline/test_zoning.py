"""Related-article links ("»", ">>", ">>>") inside body lines become chrome; quotes «…» do not."""

import pytest

from danvan.pipeline.zoning import zone_text

TITLE_AND_LEAD = "Tiêu đề bài báo\nTóm tắt của bài báo.\n"


def zones(body: str) -> list[tuple[str, str]]:
    raw = TITLE_AND_LEAD + body + "\nĐoạn cuối cùng của bài báo này kết thúc ở đây.\n"
    return [(raw[z.start : z.end], z.kind) for z in zone_text(raw)][2:-1]


@pytest.mark.parametrize("mark", ["»", ">>", ">>>"])
def test_links_at_the_end_of_a_line_are_chrome_up_to_the_next_link_and_the_line_end(mark: str) -> None:
    body = f"Hội nghị kết thúc tốt đẹp. {mark} Tin liên quan thứ nhất {mark} Tin liên quan thứ hai"
    assert zones(body) == [
        ("Hội nghị kết thúc tốt đẹp.", "body"),
        (f"{mark} Tin liên quan thứ nhất", "chrome"),
        (f"{mark} Tin liên quan thứ hai", "chrome"),
    ]


def test_a_link_followed_by_a_sentence_leaves_the_text_in_the_body() -> None:
    body = "» Tin liên quan Nhân dịp này, đồng chí Nguyễn Văn A đã trao tặng cờ thi đua cho đơn vị."
    assert zones(body) == [
        ("»", "chrome"),
        ("Tin liên quan Nhân dịp này, đồng chí Nguyễn Văn A đã trao tặng cờ thi đua cho đơn vị.", "body"),
    ]


def test_guillemet_quotes_stay_in_the_body() -> None:
    body = "Ông nói rằng «đó là điều rất khó khăn». Bà đáp « không » và ra về."
    assert zones(body) == [(body, "body")]
