"""Text and value helpers of the scorer.

The scorer keeps its own normalisation on purpose: a scorer that shared code with the extractors
it grades would hide their bugs. Nothing here imports pipeline.ingest or pipeline.extractors.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd

FIGURE_REL_TOL = 1e-6

_QUOTE_MAP = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
})


def is_null(value: Any) -> bool:
    """None, NaN, NaT and pd.NA are null; lists/arrays never are."""
    if value is None:
        return True
    if isinstance(value, (list, tuple, dict, np.ndarray)):
        return False
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def as_list(value: Any) -> list:
    """A Parquet list cell (list, tuple, numpy array or null) as a plain Python list."""
    if is_null(value):
        return []
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, (list, tuple)):
        return list(value)
    if isinstance(value, str):
        return [value]
    return list(value)


def as_str(value: Any) -> str | None:
    return None if is_null(value) else str(value)


def ascii_quotes(text: str) -> str:
    """Curly quotes to ASCII, one character for one, so offsets are preserved."""
    return text.translate(_QUOTE_MAP)


def normalize_text(text: Any) -> str:
    """ASCII quotes, whitespace collapsed, stripped."""
    if is_null(text):
        return ""
    return re.sub(r"\s+", " ", ascii_quotes(str(text))).strip()


def normalize_name(name: Any) -> str:
    """Entity surface form key: casefold, no leading 'the ', no possessive, no dots ("U.S." == "US")."""
    s = normalize_text(name).casefold().strip(" \"',;:()[]")
    s = re.sub(r"^the\s+", "", s)
    s = re.sub(r"(?:'s|')$", "", s)
    s = s.replace(".", "")
    return re.sub(r"\s+", " ", s).strip(" \"',;:()[]")


def tokens(text: Any) -> list[str]:
    """Lowercased word tokens, punctuation stripped."""
    return re.findall(r"[^\W_]+", normalize_text(text).lower())


def token_f1(a: Any, b: Any) -> float:
    """SQuAD-style token F1 between two texts (multiset overlap); 0.0 if either is empty."""
    ta, tb = tokens(a), tokens(b)
    if not ta or not tb:
        return 0.0
    common = sum((Counter(ta) & Counter(tb)).values())
    if common == 0:
        return 0.0
    precision, recall = common / len(tb), common / len(ta)
    return 2 * precision * recall / (precision + recall)


def values_close(a: Any, b: Any, rel_tol: float = FIGURE_REL_TOL) -> bool:
    if is_null(a) or is_null(b):
        return False
    try:
        return math.isclose(float(a), float(b), rel_tol=rel_tol, abs_tol=1e-12)
    except (TypeError, ValueError):
        return False


def same_optional_str(a: Any, b: Any, key: Callable[[str], str] = lambda s: s) -> bool:
    """Equal strings after `key`, with null == null (empty strings count as null)."""
    return key(normalize_text(a)) == key(normalize_text(b))


def date_str(value: Any) -> str | None:
    if is_null(value):
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    return str(value)[:10]


def norm_path(path: Any) -> str:
    s = str(path).replace("\\", "/")
    while s.startswith("./"):
        s = s[2:]
    return s


# ---------------------------------------------------------------------------------- sentences

_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "gen", "gov", "sen", "rep", "lt", "col",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "inc", "corp", "co", "ltd", "no", "vs", "etc", "approx",
}


def sentence_cuts(body: str) -> list[int]:
    """Character positions where a sentence ends: after . ! ? (plus closing quotes) or at a newline.

    A dot after a single capital letter ("U.S.", initials) or a known abbreviation, or one
    followed by a lower-case letter or a digit, does not end a sentence.
    """
    cuts = []
    for m in re.finditer(r"\n|[.!?]+[\"'\u201d\u2019)\]]*(?=\s|$)", body):
        if m.group() == "\n":
            cuts.append(m.start())
            continue
        cut = m.end()
        if m.group()[0] == ".":
            word = re.search(r"([A-Za-z]+)$", body[: m.start()])
            if word and (len(word.group(1)) == 1 and word.group(1).isupper()
                         or word.group(1).lower() in _ABBREVIATIONS):
                continue
            nxt = re.match(r"\s*(\S)", body[cut:])
            if nxt and (nxt.group(1).islower() or nxt.group(1).isdigit()):
                continue
        cuts.append(cut)
    return cuts


def sentence_bounds(body: str, start: int, end: int, cuts: Sequence[int] | None = None) -> tuple[int, int]:
    """[s, e) of the sentence around body[start:end], whitespace trimmed."""
    if cuts is None:
        cuts = sentence_cuts(body)
    start = max(0, min(int(start), len(body)))
    end = max(start, min(int(end), len(body)))
    left = max((c for c in cuts if c <= start), default=0)
    right = min((c for c in cuts if c >= end and c > left), default=len(body))
    while left < start and body[left].isspace():
        left += 1
    while right > end and body[right - 1].isspace():
        right -= 1
    return left, right


def sentence_at(body: str, start: Any, end: Any, mark: bool = True, max_chars: int = 400) -> str:
    """The sentence around body[start:end] on one line; the span itself in **bold** if `mark`."""
    if not body or is_null(start) or is_null(end):
        return ""
    start, end = int(start), int(end)
    s, e = sentence_bounds(body, start, end)
    if mark and s <= start < end <= e:
        text = f"{body[s:start]}**{body[start:end]}**{body[end:e]}"
    else:
        text = body[s:e]
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) > max_chars:
        text = text[: max_chars - 1].rstrip() + "\u2026"
    return text


# ---------------------------------------------------------------------------------- locating gold text

def _text_pattern(text: Any) -> re.Pattern | None:
    words = normalize_text(text).rstrip(".,;:!?").split()
    if not words:
        return None
    pattern = r"\s+".join(re.escape(w) for w in words)
    if re.match(r"\w", words[0]):
        pattern = r"(?<!\w)" + pattern
    if re.search(r"\w$", words[-1]):
        pattern += r"(?!\w)"
    return re.compile(pattern, flags=re.IGNORECASE)


def locate(body: str, text: Any, start: int = 0) -> tuple[int, int] | None:
    """First occurrence of `text` (as whole words, trailing punctuation ignored) in `body` at or
    after `start`, ignoring quote style, case and whitespace runs."""
    pattern = _text_pattern(text)
    if not body or pattern is None:
        return None
    m = pattern.search(ascii_quotes(body), start)
    return (m.start(), m.end()) if m else None


def locate_in_order(texts: Sequence[Any], body: str) -> list[tuple[int, int] | None]:
    """Spans of gold texts listed in document order (nested items allowed): each is searched from
    the start of the previous one, skipping spans already taken by an earlier item; an item not
    found there is searched from the top; None if its text does not occur."""
    spans: list[tuple[int, int] | None] = []
    taken: set[tuple[int, int]] = set()
    cursor = 0
    for text in texts:
        found = None
        for origin in (cursor, 0):
            pos = origin
            while (hit := locate(body, text, pos)) is not None and hit in taken:
                pos = hit[0] + 1
            if hit is not None:
                found = hit
                break
        spans.append(found)
        if found is not None:
            taken.add(found)
            cursor = found[0]
    return spans
