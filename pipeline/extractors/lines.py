"""Lines of an article that are not prose: results tables, price lists, wire datelines and
all-capitals headlines.

Entities and claims are not mined from them ("Revs", "Avg", "cts" in an earnings table are not
entities; "NEW YORK -" is a dateline). The rules read only the characters of each line, so they
are cheap and testable without a model; `non_prose_spans` stores the result on the Doc as
`doc.spans["non_prose"]` so that every extractor reads the same answer.
"""
from __future__ import annotations

import bisect
import re

from spacy.language import Language
from spacy.tokens import Doc

SPAN_KEY = "non_prose"
# "NEW YORK, March 3 -", "SANTA CRUZ, Calif., Feb 26 -", "TOKYO -": a wire dateline before the text
_DATELINE = re.compile(r"^[A-Z][A-Z.'&-]*(?: [A-Z][A-Z.'&-]*)*(?:, [A-Za-z][A-Za-z.]*(?: [A-Za-z.]+)*)?"
                       r"(?:, [A-Z][a-z]{2,8}\.? \d{1,2})?\s+[-–—]+\s+")
_NUMBER = re.compile(r"^[(\[$£€¥]?[-+]?\d[\d,./:-]*[)\]%]?[.,;:)]*$|^(?:nil|n/a|na|nc|vs|vs\.)$", re.IGNORECASE)
_VS = re.compile(r"\d[^\s]*\s+vs\.?\s+[-(]?\S*\d|\d\S*\s+vs\.?\s+(?:nil|loss|profit)", re.IGNORECASE)


def _is_table_row(line: str) -> bool:
    """A row of figures: "Shr 34 cts vs 1.19 dlrs", "Maize Mar 48.0, total 48.0 (nil).", "VIP : 60,000₩"."""
    words = [w.strip("()[].,;:₩$€£¥") for w in line.split()]
    words = [w for w in words if any(c.isalnum() for c in w)]
    if not words:
        return False
    numeric = sum(1 for w in words if _NUMBER.match(w))
    if numeric == 0:
        return False
    if _VS.search(line) and len(words) <= 16:
        return True
    return len(words) <= 30 and numeric / len(words) >= 0.4


def _is_caps_line(line: str) -> bool:
    """A headline or label written in capitals ("BANK OF FRANCE SAYS NO TENDER", "SUBPRODUCTS")."""
    letters = [c for c in line if c.isalpha()]
    words = re.findall(r"[A-Za-z]{2,}", line)
    return len(letters) >= 4 and all(not c.islower() for c in letters) and len(words) >= 1


def _is_list_line(line: str) -> bool:
    """A credits or item list: five or more short comma-separated items and no full stop at the
    end ("Choreographer_Jeong Hye Jin, Director_Oh Kyeong Taek, Writer_Kyeong Min Seon, ...")."""
    items = [i for i in line.split(",") if i.strip()]
    return len(items) >= 5 and not line.rstrip().endswith((".", "!", "?", '"', ":")) \
        and sum(len(i.split()) for i in items) / len(items) <= 4


def non_prose_ranges(text: str) -> list[tuple[int, int]]:
    """[start, end) character ranges of `text` that are not prose, in order."""
    ranges = []
    offset = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped and (_is_table_row(stripped) or _is_caps_line(stripped) or _is_list_line(stripped)):
            ranges.append((offset, offset + len(line)))
        else:
            m = _DATELINE.match(line)
            if m and len(m.group(0).split()) <= 8:
                ranges.append((offset, offset + m.end()))
        offset += len(line) + 1
    return ranges


class NonProse:
    """Fast membership of character offsets in the non-prose ranges of one text."""

    def __init__(self, ranges: list[tuple[int, int]]):
        self.ranges = ranges
        self.starts = [r[0] for r in ranges]

    def covers(self, start: int, end: int) -> bool:
        """Whether [start, end) overlaps a non-prose range."""
        i = bisect.bisect_right(self.starts, max(start, end - 1)) - 1
        while i >= 0:
            s, e = self.ranges[i]
            if e <= start:
                return False
            if s < end:
                return True
            i -= 1
        return False


def non_prose(doc: Doc) -> NonProse:
    """The non-prose ranges of a Doc, computed once and kept as doc.spans["non_prose"]."""
    cached = doc.user_data.get("newsclaims.non_prose")
    if cached is None:
        if SPAN_KEY in doc.spans:
            ranges = [(s.start_char, s.end_char) for s in doc.spans[SPAN_KEY]]
        else:
            ranges = non_prose_ranges(doc.text)
            spans = [doc.char_span(s, e, alignment_mode="expand") for s, e in ranges]
            doc.spans[SPAN_KEY] = [s for s in spans if s is not None]
        cached = doc.user_data["newsclaims.non_prose"] = NonProse(ranges)
    return cached


@Language.component("non_prose_lines")
def non_prose_lines(doc: Doc) -> Doc:
    """Pipeline component: marks tables, price lists, datelines and capitals headlines in
    doc.spans["non_prose"] (only there: a Doc parsed in chunks is joined with its spans)."""
    spans = [doc.char_span(s, e, alignment_mode="expand") for s, e in non_prose_ranges(doc.text)]
    doc.spans[SPAN_KEY] = [s for s in spans if s is not None]
    return doc
