"""Numeric quantities in a Doc: money, percentages, counts, durations, ranks.

A regular grammar finds the number expressions in the text (currency symbols and codes,
scale words, unit words, number words); the parse then supplies what the number measures,
its qualifier, its period and from/to pairs. Calendar dates, years, clock times and numbers
that are part of names are not figures.
"""
from __future__ import annotations

import bisect
from decimal import Decimal
import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from pipeline.nlp import EntityIndex, SentenceIndex, doc_text

_WORD_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}
_WORD_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
              "seventy": 70, "eighty": 80, "ninety": 90}
_WORD_OTHER = {"a dozen": 12, "dozen": 12, "a hundred": 100, "hundred": 100, "a thousand": 1000}
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "fifteenth": 15,
    "twentieth": 20,
}
_SCALES = {
    "thousand": 1e3, "k": 1e3, "million": 1e6, "mln": 1e6, "mn": 1e6, "m": 1e6,
    "billion": 1e9, "bln": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12,
    "tln": 1e12, "crore": 1e7, "crores": 1e7, "lakh": 1e5, "lakhs": 1e5,
}
_CURRENCY_PREFIX = {
    "us$": "USD", "u.s.$": "USD", "$": "USD", "a$": "AUD", "au$": "AUD", "c$": "CAD",
    "ca$": "CAD", "hk$": "HKD", "s$": "SGD", "nz$": "NZD", "r$": "BRL", "€": "EUR",
    "£": "GBP", "¥": "JPY", "₹": "INR", "rs": "INR", "rs.": "INR", "₩": "KRW",
}
_CURRENCY_CODES = ("USD", "EUR", "GBP", "JPY", "CNY", "INR", "KRW", "CHF", "CAD", "AUD",
                   "HKD", "SGD", "RMB")
_CURRENCY_WORDS = {
    "u.s. dollars": "USD", "us dollars": "USD", "dollars": "USD", "dollar": "USD", "dlrs": "USD",
    "euros": "EUR", "euro": "EUR", "pounds sterling": "GBP", "pounds": "GBP", "pound": "GBP",
    "stg": "GBP", "sterling": "GBP", "yen": "JPY", "yuan": "CNY", "renminbi": "CNY",
    "rupees": "INR", "rupee": "INR", "won": "KRW", "swiss francs": "CHF", "swiss franc": "CHF",
    "french francs": "FRF", "french franc": "FRF", "belgian francs": "BEF", "belgian franc": "BEF",
    "francs": "CHF", "marks": "DEM", "guilders": "NLG", "lire": "ITL",
}
# Hundredth parts of a currency, written after the number.
_SUBUNITS = {"cents": "USD", "cent": "USD", "cts": "USD", "pence": "GBP", "euro cents": "EUR"}
_CURRENCY_WORDS.update(_SUBUNITS)
# "Taiwan dlrs", "Canadian dollars": a country name fixes which dollar.
for _country, _code in {"canadian": "CAD", "australian": "AUD", "hong kong": "HKD", "singapore": "SGD",
                        "taiwan": "TWD", "new zealand": "NZD", "n.z.": "NZD", "u.s.": "USD", "us": "USD"}.items():
    for _word in ("dollars", "dollar", "dlrs", "dlr"):
        _CURRENCY_WORDS[f"{_country} {_word}"] = _code
_PERCENT_WORDS = {
    "%": "percent", "percent": "percent", "per cent": "percent", "pct": "percent",
    "percentage points": "percentage_point", "percentage point": "percentage_point",
    "pct points": "percentage_point", "basis points": "basis_point", "basis point": "basis_point",
    "bps": "basis_point",
}
_DURATION_UNITS = {
    "second": "second", "minute": "minute", "hour": "hour", "day": "day", "week": "week",
    "month": "month", "quarter": "quarter", "year": "year", "decade": "decade", "century": "century",
}
_PHYSICAL_UNITS = {
    "tonne": "tonne", "tonnes": "tonne", "ton": "tonne", "tons": "tonne", "metric tons": "tonne",
    "barrel": "barrel", "barrels": "barrel", "ounce": "ounce", "ounces": "ounce",
    "bushel": "bushel", "bushels": "bushel", "kilogram": "kilogram", "kilograms": "kilogram",
    "kg": "kilogram", "kilometre": "kilometre", "kilometres": "kilometre", "kilometer": "kilometre",
    "kilometers": "kilometre", "km": "kilometre", "mile": "mile", "miles": "mile",
    "acre": "acre", "acres": "acre", "hectare": "hectare", "hectares": "hectare",
    "megawatt": "megawatt", "megawatts": "megawatt", "mw": "megawatt",
    "gigawatt": "gigawatt", "gigawatts": "gigawatt", "gw": "gigawatt",
    "cubic feet": "cubic_foot", "cubic metres": "cubic_metre", "cubic meters": "cubic_metre",
}
_QUALIFIERS = (
    ("as much as", "up_to"), ("as many as", "up_to"), ("as high as", "up_to"), ("up to", "up_to"),
    ("no more than", "at_most"), ("at most", "at_most"), ("not more than", "at_most"),
    ("at least", "at_least"), ("no less than", "at_least"), ("a minimum of", "at_least"),
    ("more than", "more_than"), ("over", "more_than"), ("above", "more_than"),
    ("just over", "more_than"), ("upwards of", "more_than"), ("in excess of", "more_than"),
    ("less than", "less_than"), ("fewer than", "less_than"), ("under", "less_than"),
    ("below", "less_than"), ("just under", "less_than"),
    ("about", "approximately"), ("around", "approximately"), ("roughly", "approximately"),
    ("approximately", "approximately"), ("some", "approximately"), ("nearly", "approximately"),
    ("almost", "approximately"), ("close to", "approximately"), ("an estimated", "approximately"),
    ("estimated", "approximately"), ("approx.", "approximately"), ("circa", "approximately"),
)
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun",
           "jul", "aug", "sep", "sept", "oct", "nov", "dec")

_QUALIFIER_WORDS = frozenset(w for phrase, _ in _QUALIFIERS for w in phrase.split())



def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_WORD_NUMBER = (
    rf"(?:(?:{_alternation(_WORD_TENS)})(?:-(?:{_alternation(k for k in _WORD_UNITS if _WORD_UNITS[k] < 10)}))?"
    rf"|{_alternation(_WORD_OTHER)}|{_alternation(_WORD_UNITS)})"
)
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+"
_FIGURE_RE = re.compile(
    rf"""
    (?<![\w$€£¥₹.,/:-])
    (?P<sign>[-−])?
    (?:(?P<cur_pre>US\$|U\.S\.\s?\$|AU?\$|CA?\$|HK\$|S\$|NZ\$|R\$|\$|€|£|¥|₹|₩|Rs\.?\s?|(?:{'|'.join(_CURRENCY_CODES)})\s?))?
    (?:(?P<num>{_DIGITS})|(?P<wnum>\b{_WORD_NUMBER}\b))
    (?:
        (?P<ordsuf>st|nd|rd|th)\b
      | (?:\s?(?P<scale>trillion|billion|million|thousand|crores?|lakhs?|tln|tn|bln|bn|mln|mn)\b
         |(?P<short_scale>[mbk])\b)?
        (?:\s?(?P<suffix>{_alternation(list(_PERCENT_WORDS) + list(_CURRENCY_WORDS))})(?![\w-]))?
    )
    """,
    re.VERBOSE | re.IGNORECASE,
)
_ORDINAL_RANK_RE = re.compile(
    rf"\b(?P<word>{_alternation(_ORDINALS)})[- ](?:largest|biggest|highest|lowest|smallest|"
    rf"most|least|best|worst|fastest|richest|busiest|top)\b",
    re.IGNORECASE,
)
# A short time phrase between the two ends of "rose to Y in March from X" / "to Y last
# year, up from X": a preposition or determiner and at most two words, no digits.
_TIME_PHRASE = r"(?:\s+(?:in|on|at|by|during|over|for|last|this|a|the)(?:\s+[a-z.]+){1,2}(?<!\bfrom))?"
_DATE_PROXIMITY_RE = re.compile(rf"(?:\b(?:{'|'.join(_MONTHS)})\.?\s*$)", re.IGNORECASE)


@dataclass
class Figure:
    start: int
    end: int
    text: str
    value: float
    unit: str
    kind: str
    qualifier: str | None = None
    change: str | None = None
    change_group: str | None = None
    measure: str | None = None
    period: str | None = None
    sentence_index: int = 0
    explicit_unit: bool = True
    keep_if_bare: bool = True


def _number_value(m: re.Match) -> float | None:
    if m.group("num"):
        return float(m.group("num").replace(",", ""))
    word = m.group("wnum").lower()
    if word in _WORD_OTHER:
        return float(_WORD_OTHER[word])
    if word in _WORD_UNITS:
        return float(_WORD_UNITS[word])
    tens, _, unit = word.partition("-")
    return float(_WORD_TENS[tens] + (_WORD_UNITS[unit] if unit else 0))


def _scaled(value: float, scale: str) -> float:
    """value times its scale word, in decimal so 136.42 billion is exactly 136420000000."""
    return float(Decimal(repr(value)) * Decimal(repr(_SCALES.get(scale, 1.0))))


def _token_at(doc: Doc, char: int) -> Token | None:
    """The token covering character `char`, or the first one after it."""
    starts = doc.user_data.get("_token_starts")
    if starts is None:
        starts = doc.user_data["_token_starts"] = [t.idx for t in doc]
    i = bisect.bisect_right(starts, char) - 1
    if i >= 0 and doc[i].idx + len(doc[i].text) > char:
        return doc[i]
    return doc[i + 1] if i + 1 < len(doc) else None


def _next_word(doc: Doc, end: int) -> Token | None:
    """The first word token starting at or after `end` (skipping a joining hyphen)."""
    tok = _token_at(doc, end)
    while tok is not None and (tok.idx < end or tok.text == "-" or tok.is_space):
        if tok.i + 1 >= len(doc):
            return None
        tok = doc[tok.i + 1]
    return tok


def _is_year(value: float, m: re.Match) -> bool:
    raw = m.group("num") or ""
    return (re.fullmatch(r"\d{4}", raw) is not None and 1800 <= value <= 2100
            and not m.group("cur_pre") and not m.group("suffix") and not m.group("scale"))


def _classify(doc: Doc, m: re.Match, value: float) -> tuple[str, str, float, int] | None:
    """(kind, unit, value, end) of a match, or None when it is not a figure."""
    end = m.end()
    scale = (m.group("scale") or m.group("short_scale") or "").lower()
    if m.group("short_scale") and not m.group("cur_pre"):
        return None  # "5 m" is metres or a model name, "$5m" is money
    value = _scaled(value, scale)
    suffix = (m.group("suffix") or "").lower()
    if m.group("ordsuf"):
        return "rank", "rank", value, end
    if m.group("cur_pre"):
        pre = m.group("cur_pre").strip().lower()
        unit = _CURRENCY_PREFIX.get(pre) or pre.upper().replace("RMB", "CNY")
        return "money", unit, value, end
    if suffix in _PERCENT_WORDS:
        return "percent", _PERCENT_WORDS[suffix], value, end
    if suffix in _CURRENCY_WORDS:
        if suffix in _SUBUNITS:  # "55 cts" is 0.55 dollars: values are in the main unit
            return "money", _CURRENCY_WORDS[suffix], float(Decimal(repr(value)) / 100), end
        return "money", _CURRENCY_WORDS[suffix], value, end
    nxt = _next_word(doc, end)
    if nxt is None:
        return None
    word = nxt.lower_
    lemma = nxt.lemma_.lower()
    two = (word + " " + doc[nxt.i + 1].lower_) if nxt.i + 1 < len(doc) else word
    if two in _PHYSICAL_UNITS or word in _PHYSICAL_UNITS:
        last = doc[nxt.i + 1] if two in _PHYSICAL_UNITS else nxt
        unit = _PHYSICAL_UNITS[two] if two in _PHYSICAL_UNITS else _PHYSICAL_UNITS[word]
        # a rate: "barrels per day", "tonnes a year"
        rate = re.match(r" (?:per|a|an) (day|week|month|year|hour)\b", doc_text(doc)[last.idx + len(last.text):last.idx + len(last.text) + 12])
        if rate:
            return "other", f"{unit}_per_{rate.group(1)}", value, last.idx + len(last.text) + rate.end()
        return "other", unit, value, last.idx + len(last.text)
    if word == "bpd":
        return "other", "barrel_per_day", value, nxt.idx + len(nxt.text)
    for unit_word in (lemma, word.rstrip("s")):
        if unit_word in _DURATION_UNITS:
            if nxt.i + 2 < len(doc) and doc[nxt.i + 1].text == "-" and doc[nxt.i + 2].lower_ == "old":
                return None  # ages ("62-year-old") describe people, not quantities
            return "duration", _DURATION_UNITS[unit_word], value, nxt.idx + len(nxt.text)
    if nxt.pos_ in ("NOUN", "PROPN") and not nxt.is_title or (nxt.pos_ == "NOUN"):
        if nxt.lower_ in _MONTHS or nxt.ent_type_ == "DATE" and nxt.pos_ == "PROPN":
            return None
        return "count", "count", value, end
    if nxt.pos_ == "ADJ" and nxt.i + 1 < len(doc) and doc[nxt.i + 1].pos_ == "NOUN":
        return "count", "count", value, end  # "19,000 new jobs"
    return None


def _excluded_context(doc: Doc, text: str, start: int, end: int, m: re.Match) -> bool:
    """Dates, clock times and numbers inside names are not figures."""
    before = text[max(0, start - 12):start]
    after = text[end:end + 3]
    if _DATE_PROXIMITY_RE.search(before):
        return True  # "July 31", "Aug. 28-30"
    if re.match(r"\s?(?:" + "|".join(_MONTHS) + r")\b", text[end:end + 10], re.IGNORECASE) and m.group("num"):
        return True  # "28 August"
    if re.match(r"[:/]\d", after) or re.match(r"\s?(?:a\.m\.|p\.m\.|am\b|pm\b)", after, re.IGNORECASE) \
            or re.match(r"\s?(?:GMT|UTC|ET|EST|EDT|BST|CET|CEST|JST|IST|local time)\b", text[end:end + 12]):
        return True  # clock times: "10:30", "6 p.m.", "1030 GMT"
    if re.search(r"(?:\bNo\.|#)\s?$", before):
        return True  # "No. 8" is a label, not a quantity
    if m.group("num") and not (m.group("cur_pre") or m.group("suffix") or m.group("scale")):
        prev = _token_at(doc, start - 2) if start >= 2 else None
        if prev is not None and prev.idx + len(prev.text) == start - 1 and prev.is_title \
                and not prev.is_sent_start and prev.lower_ not in _QUALIFIER_WORDS:
            return True  # "Section 232", "Boeing 737"
    return False


def _qualifier(text: str, start: int) -> tuple[str | None, int]:
    before = text[max(0, start - 20):start].lower()
    for phrase, qualifier in _QUALIFIERS:
        if re.search(rf"(?:^|\W){re.escape(phrase)}\s$", before):
            return qualifier, start - len(phrase) - 1
    return None, start


def _noun_phrase(head: Token, exclude: range) -> str | None:
    """Compact text of a noun with its left modifiers and one prepositional complement."""
    left = [t for t in head.lefts if t.dep_ in ("compound", "amod", "nmod", "nummod")
            and t.i not in exclude and not t.like_num]
    start = min([t.i for t in left] + [head.i])
    # keep only the contiguous run of modifiers next to the head
    while start < head.i and (start in exclude or head.doc[start].dep_ in ("det", "poss", "punct", "case")):
        start += 1
    end = head.i + 1
    for child in head.rights:
        if child.dep_ == "prep" and child.lower_ in ("on", "of", "for", "from", "to", "in") and child.i == end:
            objs = [c for c in child.children if c.dep_ == "pobj"]
            if objs and objs[0].i not in exclude:
                sub = list(objs[0].subtree)
                last = max(t.i for t in sub)
                if last - head.i <= 8:
                    end = last + 1
            break
    tokens = [t for t in head.doc[start:end] if t.i not in exclude]
    while tokens and (tokens[0].dep_ in ("det", "poss", "case") or tokens[0].is_punct):
        tokens = tokens[1:]
    while tokens and tokens[-1].is_punct:
        tokens = tokens[:-1]
    if not tokens or tokens[-1].pos_ == "PRON" or all(t.pos_ == "PRON" for t in tokens):
        return None
    return "".join(t.text_with_ws for t in tokens).strip() or None


def measure_of(span: Span) -> str | None:
    """What a figure measures, read off the dependency parse (None when unclear)."""
    doc = span.doc
    inside = range(span.start, span.end)
    root = span.root
    head = root.head
    # "a 15% tariff on cars", "$550 billion investment package"
    if head.i not in inside and head.i > root.i and head.pos_ in ("NOUN", "PROPN"):
        return _noun_phrase(head, inside)
    # "19,000 jobs": the counted noun directly follows
    if span.end < len(doc) and doc[span.end].pos_ == "NOUN" and doc[span.end].head.i in inside:
        return _noun_phrase(doc[span.end], inside)
    # "9 million tonnes of soybeans", "$2 billion of bonds": the unit's "of" complement
    if span.end < len(doc) and doc[span.end].lower_ == "of" and doc[span.end].dep_ == "prep" \
            and doc[span.end].head.i in inside:
        objs = [c for c in doc[span.end].children if c.dep_ == "pobj" and c.pos_ in ("NOUN", "PROPN")]
        if objs:
            return _noun_phrase(objs[0], inside)
    # "a levy of 25%": figure is the object of "of" on a noun
    if root.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ in ("NOUN", "PROPN"):
        return _noun_phrase(head.head, inside)
    # "imports totaling $192 billion": verb clause on a noun
    verb = head.head if root.dep_ == "pobj" and head.dep_ in ("prep", "agent", "dative") else head
    if verb.pos_ in ("VERB", "AUX"):
        if verb.dep_ in ("acl", "relcl") and verb.head.pos_ in ("NOUN", "PROPN"):
            return _noun_phrase(verb.head, inside)
        for child in verb.children:
            if child.dep_ in ("dobj",) and child.i not in inside and child.pos_ in ("NOUN", "PROPN"):
                return _noun_phrase(child, inside)
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass") and child.pos_ in ("NOUN", "PROPN") and child.i not in inside:
                return _noun_phrase(child, inside)
    return None


def period_of(span: Span) -> str | None:
    """The nearest date expression in the figure's sentence, if close to it."""
    sent = span.sent
    best, best_distance = None, 9
    for ent in EntityIndex.of(span.doc).within(sent.start, sent.end):
        if ent.label_ != "DATE":
            continue
        if ent.start < span.end and ent.end > span.start or any(t.like_num for t in ent) and \
                not re.search(r"\b(?:1[89]|20)\d\d\b", ent.text):
            continue  # overlaps the figure, or is a quantity ("a year earlier" is fine, "3 mln" is not)
        distance = ent.start - span.end if ent.start >= span.end else span.start - ent.end + 3
        if distance < best_distance:
            best, best_distance = ent.text, distance
    return best


_RANGE_RE = re.compile(r"^\s*(?:to|and|-|–|—)\s*$", re.IGNORECASE)
_VERSUS_RE = re.compile(r"^\s*(?:vs\.?|versus|compared with|against)\s*$", re.IGNORECASE)


def _propagate_units(figures: list[Figure], text: str) -> None:
    """A bare number shares the unit of the number it is paired with.

    In a range the unit is written once after the second number ("from 1.2 to 0.7 percent",
    "between 5 and 10 percent"); in a comparison after the first ("5.4 mln dlrs vs 3.2 mln").
    A scaled amount ("136 billion") never becomes a percentage.
    """
    for a, b in zip(figures, figures[1:]):
        between = text[a.end:b.start]
        if _RANGE_RE.match(between) and not a.explicit_unit and b.explicit_unit:
            if not (a.keep_if_bare and b.kind == "percent"):
                a.unit, a.kind, a.explicit_unit = b.unit, b.kind, True
        elif _VERSUS_RE.match(between) and a.explicit_unit and not b.explicit_unit:
            if not (b.keep_if_bare and a.kind == "percent"):
                b.unit, b.kind, b.explicit_unit = a.unit, a.kind, True


def _link_changes(figures: list[Figure], text: str, source_id: str) -> None:
    """Mark "from X to Y" and "to Y from X" pairs within a sentence."""
    for a, b in zip(figures, figures[1:]):
        if a.sentence_index != b.sentence_index or a.change or b.change:
            continue
        before_a = text[max(0, a.start - 40):a.start].lower()
        between = text[a.end:b.start].lower()
        if re.search(r"\bfrom\s+(?:\w+\s+){0,2}$", before_a) and re.fullmatch(r"\s*(?:(?:down|up)\s+)?to\s+(?:\w+\s+)?", between):
            a.change, b.change = "from", "to"
        elif re.search(r"\bto\s+(?:(?:a|an|the|record|new|about|around|nearly)\s+){0,2}$", before_a) \
                and re.fullmatch(rf"(?:{_TIME_PHRASE}|\s+(?:this|last|next)\s+\w+|\s+by\s+\d{{4}})\s*,?\s*(?:down |up )?from\s+"
                                 r"(?:(?:a|an|the|its|their|original|initial|previous|earlier|revised|offer|"
                                 r"estimate|forecast|level|of|about|around)\s+){0,5}", between):
            a.change, b.change = "to", "from"
        else:
            continue
        group = f"{source_id}:{min(a.start, b.start)}-{max(a.end, b.end)}"
        a.change_group = b.change_group = group


def _share_units_within_changes(figures: list[Figure]) -> None:
    """The two ends of a change measure one thing: "to 6.5 mln tonnes from 7.1 mln" gives the
    bare end the unit written on the other."""
    groups: dict[str, list[Figure]] = {}
    for fig in figures:
        if fig.change_group:
            groups.setdefault(fig.change_group, []).append(fig)
    for pair in groups.values():
        bare = [f for f in pair if not f.explicit_unit]
        written = [f for f in pair if f.explicit_unit]
        if len(bare) == 1 and len(written) == 1:
            bare[0].unit, bare[0].kind, bare[0].explicit_unit = written[0].unit, written[0].kind, True


def figures_from_doc(doc: Doc, source_id: str = "") -> list[Figure]:
    """Every numeric quantity in the Doc, in text order."""
    text = doc_text(doc)
    sentences = SentenceIndex.of(doc)
    found: list[Figure] = []
    taken: list[tuple[int, int]] = []
    for m in _FIGURE_RE.finditer(text):
        value = _number_value(m)
        if value is None:
            continue
        start, end = m.start(), m.end()
        if m.group("sign"):
            value = -value
        if m.group("wnum") and not (m.group("scale") or m.group("suffix")):
            if value <= 1:
                continue  # "one order", "zero": not quantities worth a row
        if _is_year(abs(value), m) or _excluded_context(doc, text, start, end, m):
            continue
        classified = _classify(doc, m, abs(value))
        explicit = classified is not None
        if classified is None:
            if m.group("ordsuf") or m.group("wnum") and not m.group("scale"):
                continue
            # A bare number ("1.2 to 0.7 percent", "3.2 mln vs ...") may inherit the unit of
            # a neighbour; a bare scaled amount without one stays a count.
            scale = (m.group("scale") or "").lower()
            classified = ("count", "count", _scaled(abs(value), scale), end)
            keep_bare = bool(scale)
        kind, unit, magnitude, unit_end = classified
        if kind in ("duration", "other"):
            end = unit_end  # "four years", "19,000 tonnes": the unit word is part of the figure
        if kind == "duration" and re.match(r"\s+ago\b", text[end:end + 5]):
            continue  # "two years ago" points to a time, it does not measure one
        value = -magnitude if value < 0 else magnitude
        qualifier, _ = _qualifier(text, start)
        if kind == "duration" and qualifier in ("more_than", "less_than") and \
                re.search(r"\b(?:over|under|above|below)\s$", text[max(0, start - 7):start].lower()):
            qualifier = None  # "over three years" spans a period; it does not hedge the number
        found.append(Figure(start=start, end=end, text=text[start:end], value=float(value), unit=unit,
                            kind=kind, qualifier=qualifier, sentence_index=sentences.index_of(start),
                            explicit_unit=explicit, keep_if_bare=explicit or keep_bare))
        taken.append((start, end))
    for m in _ORDINAL_RANK_RE.finditer(text):
        start, end = m.start("word"), m.end("word")
        if any(s <= start < e for s, e in taken):
            continue
        found.append(Figure(start=start, end=end, text=text[start:end],
                            value=float(_ORDINALS[m.group("word").lower()]), unit="rank", kind="rank",
                            sentence_index=sentences.index_of(start)))
    found.sort(key=lambda f: f.start)
    _propagate_units(found, text)
    found = [f for f in found if f.explicit_unit or f.keep_if_bare]
    _link_changes(found, text, source_id)
    _share_units_within_changes(found)
    for fig in found:
        span = doc.char_span(fig.start, fig.end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        fig.measure = measure_of(span)
        fig.period = period_of(span)
    return found
