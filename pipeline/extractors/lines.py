"""Lines of an article that are not prose: results tables, price lists, wire datelines,
all-capitals headlines, bibliography entries and place names standing alone as datelines.

Entities and claims are not mined from them ("Revs", "Avg", "cts" in an earnings table are not
entities; "NEW YORK -" is a dateline). The rules read only the characters of each line, so they
are cheap and testable without a model; `non_prose_spans` stores the result on the Doc as
`doc.spans["non_prose"]` so that every extractor reads the same answer.
"""
from __future__ import annotations

import bisect
import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.extractors.gates import folded
from pipeline.extractors.positions import doc_text

SPAN_KEY = "non_prose"
# "NEW YORK, March 3 -", "SANTA CRUZ, Calif., Feb 26 -", "TOKYO -": a wire dateline before the text
_DATELINE = re.compile(r"^[A-Z][A-Z.'&-]*(?: [A-Z][A-Z.'&-]*)*(?:, [A-Za-z][A-Za-z.]*(?: [A-Za-z.]+)*)?"
                       r"(?:, [A-Z][a-z]{2,8}\.? \d{1,2})?\s+[-–—]+\s+")
_NUMBER = re.compile(r"^[(\[$£€¥]?[-+]?\d[\d,./:-]*[)\]%]?[.,;:)]*$|^(?:nil|n/a|na|nc|vs|vs\.)$", re.IGNORECASE)
_VS = re.compile(r"\d[^\s]*\s+vs\.?\s+[-(]?\S*\d|\d\S*\s+vs\.?\s+(?:nil|loss|profit)", re.IGNORECASE)


def _is_table_row(line: str) -> bool:
    """A row of figures: "Shr 34 cts vs 1.19 dlrs", "Maize Mar 48.0, total 48.0 (nil).", "VIP : 60,000₩"."""
    # words with a letter or digit (stripping their brackets and currency signs, which are no
    # letters, keeps or drops none), counted before they are stripped: most lines are prose
    words = [w for w in line.split() if w.isalnum() or any(c.isalnum() for c in w)]
    if not words or len(words) > 30:
        return False  # (a row of more than 30 words is prose, whatever its numbers)
    words = [w.strip("()[].,;:₩$€£¥") for w in words]
    numeric = sum(1 for w in words if _NUMBER.match(w))
    if numeric == 0:
        return False
    if _VS.search(line) and len(words) <= 16:
        return True
    return len(words) <= 30 and numeric / len(words) >= 0.4


_ASCII_LOWER = re.compile("[a-z]")


def _is_caps_line(line: str) -> bool:
    """A headline or label written in capitals ("BANK OF FRANCE SAYS NO TENDER", "SUBPRODUCTS")."""
    if _ASCII_LOWER.search(line):
        return False  # a lowercase letter: not capitals (the quick test for prose lines)
    letters = [c for c in line if c.isalpha()]
    words = re.findall(r"[A-Za-z]{2,}", line)
    return len(letters) >= 4 and all(not c.islower() for c in letters) and len(words) >= 1


# "Curr Opin Anaesthesiol. 2015; 28: 685-690.", "Nature 2019;574(7778):505-510": year; volume: pages
_CITATION = re.compile(r"\b(?:1[89]|20)\d\d\s*;\s*\d+\s*(?:\(\d+\))?\s*:\s*\d+")
# "Pittsburgh", "Dekalb, Ill.": a place name alone on its line, the dateline of a web story
_PLACE_LINE = re.compile(r"^[A-Z][a-z]+(?: [A-Z][a-z]+)?(?:, [A-Z][a-z]{1,4}\.)?(?: ?[—–-]+)?$")
# "Dekalb, Ill. — Mike Glass threw ...": a web story's dateline in title case, town and state
_STATE_DATELINE = re.compile(r"^[A-Z][a-z]+(?: [A-Z][a-z]+)?, [A-Z][a-z]{1,4}\. [—–-]+ ")
# "[2] Joint Commission National Patient Safety Goal: Alarm Management": a numbered reference note
_FOOTNOTE = re.compile(r"^\[\d{1,3}\]\s*\S")


# "Smith J, Lee K et al. (2018)", "DOI: 10.1007/978-3-319": an author list or a DOI cites a paper
_AUTHORS_OR_DOI = re.compile(r"\bet al\b\.?|\bdoi:\s*10\.\d{4,}/", re.IGNORECASE)
# "P.O. Box 1234", "Springfield, IL 62704": a mailing address (a box number, or a state code and ZIP)
_POSTAL_ADDRESS = re.compile(r"\bP\.? ?O\.? Box \d+|, [A-Z]{2},? \d{5}(?:-\d{4})?\b")
# "pic.twitter.com/Ab12", "https://t.co/Ab12", "— Jane Doe (@janedoe) November 4, 2019": an
# embedded post: its text and its signature line
_EMBEDDED_POST = re.compile(r"\bpic\.twitter\.com/|https?://t\.co/|^[—–-]+ .{1,60}\(@\w+\)")
# lowercase words title case keeps in lowercase: articles, short prepositions and conjunctions
# ("Man Shot at Gas Station Dies in Hospital"); claims reads it for quoted titles
TITLE_SMALL_WORDS = frozenset("a an the and or nor but of to in on at for with by from as vs".split())
# a headline line also keeps these few longer particles lowercase
_HEADLINE_LOWERCASE = TITLE_SMALL_WORDS | {"into", "onto", "up", "via"}
_SENTENCE_END = re.compile(r"[.!?:;,…]['\"’”)]*$")


def _is_reference_line(line: str) -> bool:
    """A bibliography entry: a citation with year; volume: pages, a numbered note, or a line
    that names authors with "et al." or gives a DOI."""
    # (each pattern is scanned only when the line holds the characters its every match holds:
    # nearly every line is prose without them)
    return bool(";" in line and ":" in line and _CITATION.search(line) or _FOOTNOTE.match(line)
                or _may_cite_authors_or_doi(line) and _AUTHORS_OR_DOI.search(line))


def _may_cite_authors_or_doi(line: str) -> bool:
    """Whether `line` holds "et al" or "doi:" as _AUTHORS_OR_DOI compares (case-insensitively)."""
    lowered = folded(line)
    return "et al" in lowered or "doi:" in lowered


def _is_contact_line(line: str) -> bool:
    """A mailing address ("Write to ... at P.O. Box 9, Springfield, IL 62704."): the contact
    footer of a column or press release, not the story."""
    return bool(_POSTAL_ADDRESS.search(line))


def _is_embedded_post(line: str) -> bool:
    """An embedded social media post: a line with its short link or picture link, or the
    "— Name (@handle) date" line that signs it."""
    return ("pic.twitter.com/" in line or "://t.co/" in line or "(@" in line) and bool(_EMBEDDED_POST.search(line))


def _is_title_case_line(line: str) -> bool:
    """A line of four or more words written in title case with no sentence punctuation at its
    end ("Man Shot at Dallas Gas Station Dies at Hospital"): a headline or label. Every word
    starts with a capital or a digit except articles, short prepositions and conjunctions."""
    if _SENTENCE_END.search(line):
        return False
    words = [w.strip("'\"‘’“”()[]") for w in line.split()]
    words = [w for w in words if w and any(c.isalnum() for c in w)]
    if len(words) < 4:
        return False
    lowercase = 0
    for w in words:
        if w[0].isupper() or w[0].isdigit():
            continue
        if w.lower() not in _HEADLINE_LOWERCASE:
            return False
        lowercase += 1
    return lowercase < len(words) / 2


def _is_list_line(line: str) -> bool:
    """A credits or item list: five or more short comma-separated items and no full stop at the
    end ("Choreographer_Jeong Hye Jin, Director_Oh Kyeong Taek, Writer_Kyeong Min Seon, ...")."""
    items = [i for i in line.split(",") if i.strip()]
    return len(items) >= 5 and not line.rstrip().endswith((".", "!", "?", '"', ":")) \
        and sum(len(i.split()) for i in items) / len(items) <= 4


def _dateline_match(line: str) -> re.Match | None:
    m = _DATELINE.match(line)
    return m if m and len(m.group(0).split()) <= 8 else None


def _line_forms(text: str) -> tuple[tuple[int, str, str, bool, re.Match | None], ...]:
    """(offset, line, stripped line, is it a table row, capitals line or list line, its dateline
    match or None) of each line."""
    out = []
    offset = 0
    for line in text.split("\n"):
        stripped = line.strip()
        form = bool(stripped) and (_is_table_row(stripped) or _is_caps_line(stripped) or _is_list_line(stripped))
        # a blank line never matches (a dateline starts with a capital letter)
        out.append((offset, line, stripped, form, None if form or not stripped else _dateline_match(line)))
        offset += len(line) + 1
    return tuple(out)


def _doc_line_forms(doc: Doc) -> tuple:
    """_line_forms of a Doc's text, kept on the Doc: the dateline component (before the entity
    recognizer) and the non-prose component (last) read the same lines. (A cache by text missed
    whenever more Docs than it held were between the two components of one nlp.pipe.)"""
    forms = doc.user_data.get("newsclaims.line_forms")
    if forms is None:
        forms = doc.user_data["newsclaims.line_forms"] = _line_forms(doc_text(doc))
    return forms


def dateline_ranges(text: str, forms: tuple | None = None) -> list[tuple[int, int, int]]:
    """(start, comma, end) of each wire dateline at a line start ("NEW YORK, March 3 - "): the
    place runs from start to comma (no comma: to the dash), the date from after it to the dash.
    `forms`: the text's _line_forms, if already computed."""
    out = []
    for offset, _, _, _, m in forms if forms is not None else _line_forms(text):
        if m:
            head = m.group(0).rstrip().rstrip("-–—").rstrip()
            comma = head.find(",")
            out.append((offset, offset + (comma if comma > 0 else len(head)), offset + len(head)))
    return out


def _is_prose_line(stripped: str) -> bool:
    """A line that ends as a sentence does."""
    return bool(_SENTENCE_END.search(stripped)) and len(stripped.split()) >= 2


def _is_headline_between(forms: tuple, filled: list[int], n: int) -> bool:
    """Whether the n-th non-blank line is a title-case line set apart from the story: a
    related-story or promo headline between two prose paragraphs, or the header of the table
    whose rows follow it ("Ticker Security Last Change")."""
    stripped = forms[filled[n]][2]
    if not _is_title_case_line(stripped):
        return False
    after = forms[filled[n + 1]] if n + 1 < len(filled) else None
    if after is not None and after[3] and any(c.isdigit() for c in after[2]):
        return True
    before = forms[filled[n - 1]][2] if n > 0 else None
    return before is not None and after is not None and _is_prose_line(before) and _is_prose_line(after[2])


def non_prose_ranges(text: str, forms: tuple | None = None) -> list[tuple[int, int]]:
    """[start, end) character ranges of `text` that are not prose, in order. `forms`: the
    text's _line_forms, if already computed."""
    ranges = []
    forms = forms if forms is not None else _line_forms(text)
    filled = [k for k, f in enumerate(forms) if f[2]]
    headlines = {k for n, k in enumerate(filled) if _is_headline_between(forms, filled, n)}
    for k, (offset, line, stripped, form, m) in enumerate(forms):
        if form or k in headlines or stripped and (
                _is_reference_line(stripped) or _PLACE_LINE.match(stripped)
                or _is_contact_line(stripped) or _is_embedded_post(stripped)):
            ranges.append((offset, offset + len(line)))
        else:
            m = m or (_STATE_DATELINE.match(line) if offset == 0 else None)
            if m:
                ranges.append((offset, offset + m.end()))
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
            ranges = non_prose_ranges(doc_text(doc), _doc_line_forms(doc))
            spans = [doc.char_span(s, e, alignment_mode="expand") for s, e in ranges]
            doc.spans[SPAN_KEY] = [s for s in spans if s is not None]
        cached = doc.user_data["newsclaims.non_prose"] = NonProse(ranges)
    return cached


@Language.component("non_prose_lines")
def non_prose_lines(doc: Doc) -> Doc:
    """Pipeline component: marks tables, price lists, datelines and capitals headlines in
    doc.spans["non_prose"] (only there: a Doc parsed in chunks is joined with its spans)."""
    spans = [doc.char_span(s, e, alignment_mode="expand")
             for s, e in non_prose_ranges(doc_text(doc), _doc_line_forms(doc))]
    doc.spans[SPAN_KEY] = [s for s in spans if s is not None]
    return doc


_MONTH_DAY = re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.? \d{1,2}\b")


@Language.component("wire_dateline_entities")
def wire_dateline_entities(doc: Doc) -> Doc:
    """Pipeline component, before the entity recognizer: the place of a wire dateline is a GPE,
    its date a DATE and the rest of it no entity. Left to itself the recognizer runs the date on
    into the name that opens the story ("March 3 - Allegis Corp" as one DATE)."""
    entities, blocked = [], []
    text = doc_text(doc)
    for start, comma, end in dateline_ranges(text, _doc_line_forms(doc)):
        place = doc.char_span(start, comma, alignment_mode="contract")
        line_end = doc.char_span(start, end, alignment_mode="expand")
        if place is None or line_end is None:
            continue
        taken = [place]
        entities.append(Span(doc, place.start, place.end, label="GPE"))
        date = _MONTH_DAY.search(text, comma, end)
        date_span = doc.char_span(date.start(), date.end(), alignment_mode="contract") if date else None
        if date_span is not None and len(date_span):
            entities.append(Span(doc, date_span.start, date_span.end, label="DATE"))
            taken.append(date_span)
        # tokens of the dateline that are neither: commas, state abbreviations, the dash
        cursor = place.start
        dash_end = line_end.end
        while dash_end < len(doc) and doc[dash_end].text in ("-", "–", "—", "--"):
            dash_end += 1
        for t in sorted(taken, key=lambda s: s.start):
            if t.start > cursor:
                blocked.append(doc[cursor:t.start])
            cursor = max(cursor, t.end)
        if dash_end > cursor:
            blocked.append(doc[cursor:dash_end])
    if entities:
        doc.set_ents(entities, blocked=[b for b in blocked if len(b)], default="unmodified")
    return doc
