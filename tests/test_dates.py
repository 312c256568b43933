import datetime as dt

import pytest

from pipeline.dates import date_from_url, parse_date


@pytest.mark.parametrize("text", ["Sept. 5, 2024", "Thursday, September 5, 2024", "5 Sept 2024", "2024-09-05",
                                  "Sep 5th, 2024", "September 5, 2024 at 6:45 p.m. ET"])
def test_written_dates_parse(text):
    assert parse_date(text) == dt.date(2024, 9, 5)


@pytest.mark.parametrize("text", ["September 2024", "Sept. 5", "not a date", "", None, "2024"])
def test_partial_dates_are_not_dates(text):
    assert parse_date(text) is None


def test_a_date_after_the_latest_day_is_refused():
    assert parse_date("2031-01-02", latest=dt.date(2026, 1, 1)) is None
    assert parse_date("2025-12-31", latest=dt.date(2026, 1, 1)) == dt.date(2025, 12, 31)


@pytest.mark.parametrize("url, day", [
    ("https://www.nytimes.com/2019/11/19/business/trade.html", dt.date(2019, 11, 19)),
    ("https://www.vox.com/science/2019/11/8/20948348/delhi", dt.date(2019, 11, 8)),
    ("https://example.org/news/2024-09-05-grain-prices", dt.date(2024, 9, 5)),
    ("https://example.org/story/20240905/grain", dt.date(2024, 9, 5)),
    ("https://example.org/articles/12345678", None),
    ("https://sputniknews.com/columnists/201911181077343476-royal/", None),
    (None, None),
])
def test_dates_in_urls(url, day):
    assert date_from_url(url) == day


def test_a_future_url_date_is_refused():
    assert date_from_url("https://example.org/2030/01/01/x", latest=dt.date(2026, 1, 1)) is None
