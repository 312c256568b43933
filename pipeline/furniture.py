"""Page furniture: the lines of a page that are not the article.

Text files and extracted web pages both carry furniture around the story: date lines,
wire datelines, bylines and credit lines, teaser lists ("Related", "Read more: ..."),
newsletter and comment prompts, a repeated headline. `split_furniture` keeps every line
somewhere: in the body, or in a furniture block (counted in `boilerplate_chars`). The
phrase tables below are the data of the rules; each kind of line has a test.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from pipeline.dates import DATE_TEXT, TIME_TEXT, parse_date

# ---------------------------------------------------------------- phrase tables

# Headings that open a list of links to other stories.
TEASER_HEADINGS = (
    "read next", "read more", "related", "related articles", "related stories", "related news",
    "related coverage", "related content", "related posts", "also read", "also see", "see also",
    "more from [\\w .]+", "recommended", "recommended for you", "you may also like", "you might also like",
    "most read", "most read in [\\w ]+", "most popular", "trending", "trending now", "more stories",
    "top stories", "latest news", "don't miss", "more", "also", "more on this story", "up next",
)
# Prefixes of a one-line teaser: "Read more: <headline>", "Related: <headline>".
TEASER_PREFIXES = (
    "also read", "also see", "read more", "read also", "see also", "see more", "related", "related post",
    "related article", "related story", "more", "watch", "listen", "also on [\\w.]+", "read next",
    "recommended", "more on this",
)
# Whole lines that invite comments, sharing or subscriptions, or report a comment count.
PROMPT_LINES = (
    r"what (?:is|are) your (?:opinion|thoughts|views?)\b.*", r"what do you think\b.*",
    r"leave (?:the first|a|your) (?:comment|reply)\b.*", r"\d* ?(?:user )?comments?(?: \(\d+\))?",
    r"all comments", r"loading comments.*", r"comments are closed\.?", r"view comments?",
    r"you must (?:be )?log(?:ged)? in to post a comment\.?", r"join (?:the )?(?:conversation|discussion)\b.*",
    r"want to join the discussion\??", r"feel free to contribute!?", r"tell us what you think\b.*",
    r"sign up for\b.*newsletter.*", r"subscribe (?:to|now)\b.*", r"share (?:this|your thoughts)\b.*",
    r"like this (?:story|article)\?.*", r"follow us on\b.*", r"click here\b.*", r"filed under:.*",
    r"posted in: .*", r"tags?(?::.*)?", r"advertisement", r"skip (?:to|this) (?:content|ad)\b.*",
    r"[\w ]+ newsletter", r"get the day'?s [\w ]+ delivered\b.*",
    # caption credits and the publisher's disclaimer: "(Image credit: NASA)"
    r"\(?(?:image|photo|picture|video) credits?\s*:.*",
)

_TEASER_HEADING = re.compile(rf"^\[?(?:{'|'.join(TEASER_HEADINGS)})\s*(?:\.\.\.|…)?\s*:?\]?$", re.IGNORECASE)
_INLINE_TEASER = re.compile(rf"^\[?(?:{'|'.join(TEASER_PREFIXES)})\s*[:|\-–]\s*\S", re.IGNORECASE)
_PROMPT = re.compile(rf"^(?:{'|'.join(PROMPT_LINES)})$", re.IGNORECASE)
# "Published: Sept. 5, 2024 at 6:45 p.m. ET <rest of line>", or a bare date standing alone
# (or before a separator): "Thursday, September 5, 2024", "2024-09-05 | 10:15".
_DATE_LINE = re.compile(
    r"^\s*(?:(?:date|published|posted|updated|first published|last updated)(?: on)?:?\s+"
    rf"(?P<date>{DATE_TEXT}){TIME_TEXT}(?:\b|(?<=\.))\s*(?:[|•·]\s*)?"
    rf"|(?P<bare>{DATE_TEXT}){TIME_TEXT}(?:\b|(?<=\.))\s*(?:$|[|•·–—-]+\s*))",
    re.IGNORECASE,
)
_MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec"
# Wire datelines: "FRANKFURT, June 6 (Reuters) - ", "TOKYO (AP) — ".
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z .'-]+(?:, [A-Z][A-Za-z.]+)*)"
    rf"(?:, (?i:{_MONTHS})[a-z]*\.? \d{{1,2}})?"
    r" \((?P<outlet>[A-Z][A-Za-z .&-]{1,30})\) ?[-–—]+ ?",
)
_NAME = r"[A-Z][\w'.-]*(?: [A-Z][\w'.-]*){0,3}"
# A news agency's initials closing the story, alone or after its last sentence ("... the US. PTI").
_AGENCY_SIGNATURE = re.compile(r"^(?:(?P<text>.*[.!?\"”’])\s+)?(?P<agency>[A-Z]{2,5})\s*$")
# The publisher's disclaimer under an opinion piece.
_DISCLAIMER = re.compile(r"^the views (?:and opinions )?expressed\b.*\bnot necessarily (?:reflect|represent)\b.*",
                         re.IGNORECASE)
_CREDIT_VERBS = r"(?:additional )?(?:reporting|writing|editing|edited|written|compiled|photos?|research)"
_CREDIT_PATTERNS = (
    # "— Jane Doe contributed to this article.", "Keith Bradsher contributed reporting from Hong Kong."
    re.compile(rf"^[—–-]?\s*(?:(?:associated press|ap|staff) writers? )?(?P<names>{_NAME}(?:(?:, | and |, and ){_NAME})*)"
               r" contributed(?: reporting| to this (?:article|report|story))?(?: from [\w ,.]+)?\.?$", re.IGNORECASE),
    # "Reuters with additional input and editing by Jim Pollard"
    re.compile(rf"^(?P<outlet>{_NAME}) with additional (?:input|inputs|reporting)(?: and editing)? by (?P<names>.+?)\.?$"),
    # "(Reporting by A in Tokyo; Editing by B)"
    re.compile(rf"^\(?(?P<names>(?:{_CREDIT_VERBS} by [^;()]+;?\s*)+)\)?\.?$", re.IGNORECASE),
    # "Based On NDTV Report", "Based on a Reuters report"
    re.compile(r"^based on (?:an? )?(?P<outlet>.+?) reports?\.?$", re.IGNORECASE),
    # "With inputs from PTI"
    re.compile(r"^with (?:inputs?|additional reporting) from (?P<outlet>.+?)\.?$", re.IGNORECASE),
    # "By Jane Doe" byline
    re.compile(rf"^by (?P<names>{_NAME}(?:(?:, | and ){_NAME})*)$", re.IGNORECASE),
    # "Source: Reuters"
    re.compile(r"^source: (?P<outlet>.+?)\.?$", re.IGNORECASE),
)
_TIMESTAMP = re.compile(r"^\d{1,2}:\d{2}(?: ?[AP]M)?$", re.IGNORECASE)
# A paragraph of running prose: long and closed by sentence punctuation.
_PROSE_MIN_WORDS = 20


def is_prose(line: str) -> bool:
    return len(line.split()) >= _PROSE_MIN_WORDS and bool(re.search(r"[.!?][\"')\]]?$", line))


@dataclass
class Furniture:
    """What was split off an article's text besides the body."""
    body_lines: list[str] = field(default_factory=list)
    blocks: list[str] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)
    outlets: list[str] = field(default_factory=list)
    published_date: dt.date | None = None


def _split_names(text: str) -> list[str]:
    text = re.sub(rf"\b{_CREDIT_VERBS} by\b", ";", text, flags=re.IGNORECASE)
    names = []
    for part in re.split(r";|,| and | & ", text):
        part = re.sub(r"\s+in [A-Z][\w .]*$", "", part.strip(" .()"))  # "Jane Doe in Tokyo"
        part = re.sub(r"^and ", "", part)
        if re.fullmatch(_NAME, part) and len(part.split()) >= 2:
            names.append(part)
    return names


def credit_line(line: str) -> tuple[list[str], list[str]] | None:
    """(credited people, cited outlets) when the line is a credit line, else None."""
    if len(line.split()) > 25:
        return None
    for pattern in _CREDIT_PATTERNS:
        m = pattern.match(line)
        if not m:
            continue
        groups = m.groupdict()
        names = _split_names(groups["names"]) if groups.get("names") else []
        outlets = [groups["outlet"].strip()] if groups.get("outlet") else []
        if names or outlets:
            return names, outlets
    return None


def date_line(line: str, latest: dt.date | None = None) -> tuple[dt.date, int] | None:
    """(date, end of the date text) when the line opens with a date line."""
    m = _DATE_LINE.match(line)
    if not m:
        return None
    day = parse_date(m.group("date") or m.group("bare"), latest)
    return (day, m.end()) if day else None


def _starts_teaser_list(lines: list[str], i: int) -> bool:
    """A teaser heading opens a list when it sits in the second half of the page or is
    followed by a timestamp or a headline-like line (short, no closing full stop), as
    teaser lists are."""
    if i >= len(lines) // 2 or i == len(lines) - 1:
        return True
    nxt = lines[i + 1]
    return bool(_TIMESTAMP.match(nxt)) or (len(nxt.split()) <= 15 and not re.search(r"[.!?]$", nxt))


def _same_words(a: str, b: str) -> bool:
    return re.findall(r"\w+", a.lower()) == re.findall(r"\w+", b.lower())


def split_furniture(lines: list[str], title: str | None = None, latest: dt.date | None = None) -> Furniture:
    """Separate body paragraphs from page furniture, keeping every line somewhere.

    `title` is the known headline (from page metadata or the manifest): a first line that
    repeats it is furniture. `latest` is the latest acceptable publication date.
    """
    out = Furniture()
    lines = list(lines)
    # A headline repeated at the top of the body.
    if title and lines and _same_words(lines[0], title):
        out.blocks.append(lines.pop(0))
    # A date line sits at the top, possibly under a byline or headline.
    for i, line in enumerate(lines[:3]):
        found = date_line(line, latest)
        if found:
            out.published_date, end = found
            out.blocks.append(line[:end].strip())
            rest = line[end:].strip()
            lines = lines[:i] + ([rest] if rest else []) + lines[i + 1:]
            break
    # A wire dateline opens the first paragraph that carries one.
    for i, line in enumerate(lines[:4]):
        m = _DATELINE.match(line)
        if m:
            out.blocks.append(m.group(0).strip())
            out.outlets.append(m.group("outlet").strip())
            lines[i] = line[m.end():]
            break

    pending: list[str] = []  # current furniture block

    def flush():
        if pending:
            out.blocks.append("\n".join(pending))
            pending.clear()

    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        if _TEASER_HEADING.match(line) and _starts_teaser_list(lines, i):
            # A teaser list runs up to a comment prompt or to where running prose resumes
            # (two prose paragraphs in a row; teaser items are headlines, timestamps and
            # one-paragraph summaries): a mid-article "Related" box does not swallow the story.
            flush()
            pending.append(line)
            i += 1
            while i < n and not _PROMPT.match(lines[i]) and not (
                    is_prose(lines[i]) and i + 1 < n and is_prose(lines[i + 1])):
                pending.append(lines[i])
                i += 1
            flush()
            continue
        if _PROMPT.match(line) and len(line.split()) <= 12:
            pending.append(line)
            i += 1
            continue
        credit = credit_line(line)
        if credit is None and i == n - 1:
            signed = _AGENCY_SIGNATURE.match(line)
            if signed and re.search(rf"\b{signed.group('agency').lower()}\b", "\n".join(lines)):
                signed = None  # a word the page also writes in lowercase ("MORE"): not an agency
            if signed and signed.group("text"):  # "... into the US. PTI": the agency signs the story
                flush()
                out.body_lines.append(signed.group("text"))
                out.blocks.append(signed.group("agency"))
                out.outlets.append(signed.group("agency"))
                i += 1
                continue
            if signed:  # "PTI" alone on the last line
                credit = ([], [signed.group("agency")])
        if credit is None and _DISCLAIMER.match(line):
            credit = ([], [])
        if credit is not None or _INLINE_TEASER.match(line) or _TIMESTAMP.match(line):
            flush()
            if credit is not None:
                out.credits.extend(credit[0])
                out.outlets.extend(credit[1])
            out.blocks.append(line)
            i += 1
            continue
        flush()
        out.body_lines.append(line)
        i += 1
    flush()
    out.credits = sorted(set(out.credits))
    out.outlets = sorted(set(out.outlets))
    return out


def title_from_body(body_lines: list[str]) -> str | None:
    """A short first line without closing punctuation reads as a headline."""
    if not body_lines:
        return None
    first = body_lines[0]
    if len(first.split()) <= 20 and not re.search(r"[.!?:;,\"')]$", first):
        return first
    return None
