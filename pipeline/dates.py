"""Publication dates from the places they are written: a date string, a URL, a date line.

Parsing is python-dateutil's; this module only finds the candidate strings and refuses
dates without a year or after the latest allowed day (an article cannot be published
after it was crawled).
"""
from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import re
import warnings

from dateutil import parser as date_parser

_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,? )?"
TIME_TEXT = (r"(?:,?(?: at| -)?[ T]\d{1,2}[:.]\d{2}(?::\d{2})?(?:\.\d+)?(?: ?(?:[AP]M|[ap]\.m\.))?"
         r"(?: ?(?:[A-Z]{2,4}|[+-]\d{2}:?\d{2}|Z))?)?")
# A date as written in a date line: ISO, "Sept. 5, 2024", "Thursday, September 5, 2024", "5 Sept 2024".
DATE_TEXT = (rf"(?:{_WEEKDAY}\d{{4}}-\d{{2}}-\d{{2}}"
             rf"|{_WEEKDAY}{_MONTH} \d{{1,2}}(?:st|nd|rd|th)?,? \d{{4}}"
             rf"|{_WEEKDAY}\d{{1,2}}(?:st|nd|rd|th)? {_MONTH},? \d{{4}})")
_URL_DATE = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})(?P<sep>[/_.-]?)(?P<m>0[1-9]|1[0-2])(?P=sep)(?P<d>0[1-9]|[12]\d|3[01])(?!\d)"
    r"|/(?P<y2>(?:19|20)\d{2})/(?P<m2>[1-9]|1[0-2])/(?P<d2>[1-9]|[12]\d|3[01])/")

# Days refused for lying after `latest`, noted while future_days_refused() is active: a result
# that refused none is the same on any later day (the ingest cache relies on it).
_refused: contextvars.ContextVar[list | None] = contextvars.ContextVar("newsclaims_refused_days", default=None)


@contextlib.contextmanager
def future_days_refused():
    """A list that collects every day parse_date or date_from_url refuses as after `latest`
    inside the block."""
    refused: list = []
    token = _refused.set(refused)
    try:
        yield refused
    finally:
        _refused.reset(token)


def _refuse(day: dt.date) -> None:
    refused = _refused.get()
    if refused is not None:
        refused.append(day)


def parse_date(text: str | None, latest: dt.date | None = None) -> dt.date | None:
    """The calendar date in a date string, or None when it holds no full date (year, month,
    day) or a day after `latest`."""
    if not text or not re.search(r"\d{4}", text):
        return None
    cleaned = re.sub(r"(?<=\d)(?:st|nd|rd|th)\b", "", text.strip())
    cleaned = re.sub(r"\b([ap])\.m\.", r"\1m", cleaned, flags=re.IGNORECASE)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # unknown time zone names do not change the day
            first = date_parser.parse(cleaned, default=dt.datetime(1, 1, 1))
            second = date_parser.parse(cleaned, default=dt.datetime(2, 2, 2))
    except (ValueError, OverflowError, TypeError):
        return None
    if first.date() != second.date():  # a default filled a missing year, month or day
        return None
    day = first.date()
    if latest is not None and day > latest:
        _refuse(day)
        return None
    return day


def date_from_url(url: str | None, latest: dt.date | None = None) -> dt.date | None:
    """A date written in a URL path: /2019/11/19/, /2019-11-19-, /20191119."""
    if not url:
        return None
    path = re.sub(r"^[a-z]+://[^/]+", "", url)
    for m in _URL_DATE.finditer(path):
        y, mo, d = (m.group("y"), m.group("m"), m.group("d")) if m.group("y") else (m.group("y2"), m.group("m2"), m.group("d2"))
        try:
            day = dt.date(int(y), int(mo), int(d))
        except ValueError:
            continue
        if latest is None or day <= latest:
            return day
        _refuse(day)
    return None
