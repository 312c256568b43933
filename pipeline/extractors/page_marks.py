"""Character-level checks of a name span against the marks and line shapes of web pages.

Each function reads only the few characters around one span (no copy of the text per span):
the copyright sign of a credit line, a trademark sign glued to the name, a sentence's full
stop after a closing initial, a title-case heading, a name run on over "to".
"""
from __future__ import annotations

import re

from pipeline.stop_words import STOP_WORDS

# Trademark and copyright signs: written after a brand, never part of the next name.
_MARKS = "©®™"
# The copyright sign (or "(c)") and spaces right before a name: a photo or copyright credit.
_CREDIT_BEFORE = re.compile(r"(?:©|\([cC]\))[ \t]*$")
# A closing single capital or roman numeral with the sentence's full stop: "Group D.", "Edward IV."
_CLOSING_INITIAL_WITH_STOP = re.compile(r"\s(?:[A-Z]|[IVX]{1,4})\.$")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")


def without_leading_marks(text: str) -> int:
    """How many characters of leading trademark/copyright signs and spaces "® Honey" opens with
    (the sign belongs to the brand written before it)."""
    i = 0
    while i < len(text) and (text[i] in _MARKS or text[i] in " \t" and i > 0):
        i += 1
    return i if i < len(text) else 0


def is_credit(body: str, start: int) -> bool:
    """"© Reuters", "(c) Jane Roe" at a line's end: a copyright or photo credit, not a name the
    page writes about."""
    return bool(_CREDIT_BEFORE.search(body[max(start - 6, 0):start]))


def sentence_stop_length(body: str, start: int, end: int) -> int:
    """1 when the span ends in a single capital or roman numeral whose full stop closes the
    sentence ("won Group D. The day", "about King Edward IV.)"): the stop is no part of it."""
    if not _CLOSING_INITIAL_WITH_STOP.search(body[max(start, end - 7):end]):
        return 0
    rest = body[end:end + 3].lstrip(" \t\"'’”)")
    return 1 if not rest or rest[0] == "\n" or rest[0].isupper() else 0


def _line_around(body: str, start: int, end: int, limit: int = 200) -> str:
    lo = body.rfind("\n", max(start - limit, 0), start) + 1 or max(start - limit, 0)
    hi = body.find("\n", end, end + limit)
    return body[lo:hi if hi >= 0 else min(end + limit, len(body))]


def is_heading_phrase(body: str, start: int, end: int) -> bool:
    """"Streaming Quality Seems To Be Mostly Excellent", "Current Roster Of Games": in a line
    written in title case (every word of four letters or more capitalised) a span holding a
    function word written capitalised after its first word is a heading's phrase; names write
    their function words in lowercase ("Council on Energy")."""
    words = _WORD.findall(body[start:end])
    if len(words) < 3 or not any(w[0].isupper() and w[1:].islower() and w.lower() in STOP_WORDS
                                 for w in words[1:]):
        return False
    line = _WORD.findall(_line_around(body, start, end))
    long_words = [w for w in line if len(w) >= 4]
    return len(line) >= 4 and all(w[0].isupper() for w in long_words)


# A line holding only a short capitalised name in square brackets: "[ Daily Planet ]".
_BRACKETED_NAME_LINE = re.compile(r"^\[[ \t]*((?:[A-Z0-9][\w.&'’-]*[ \t]?){1,4}?)[ \t]*\][ \t]*$", re.MULTILINE)


def bracketed_credit_names(body: str) -> list[tuple[int, int]]:
    """[start, end) of the names of a round-up page's source credits: lines that hold only a
    name in square brackets ("[ Daily Planet ]" after each quoted review). Only when at least
    three such lines name at least two sources: one bracketed word ("[Video]") is a page mark."""
    if "[" not in body:
        return []
    hits = [(h.start(1), h.start(1) + len(h.group(1).rstrip())) for h in _BRACKETED_NAME_LINE.finditer(body)]
    hits = [(s, e) for s, e in hits if e > s]
    if len(hits) < 3 or len({body[s:e] for s, e in hits}) < 2:
        return []
    return hits
