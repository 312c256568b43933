"""Saved web pages: article text and metadata with trafilatura, dates with htmldate.

Scripts, styles and HTML comments are parsed as markup and dropped by the extractor; nothing
on the page is executed or fetched.
"""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from functools import lru_cache
from types import SimpleNamespace

# Extractor settings measured on the web-pages benchmark (bench/html_extraction.py):
# precision-leaning extraction without reader comments.
EXTRACT_OPTIONS = {"favor_precision": True, "include_comments": False, "include_tables": True}


@lru_cache(maxsize=1)
def _libraries() -> SimpleNamespace:
    """trafilatura, htmldate and lxml, imported on the first page: they cost about 0.4 s of
    start-up that a corpus without web pages (a JSON Lines dump, text files) never needs."""
    import htmldate
    import lxml.html
    import trafilatura
    from lxml.etree import ParserError

    for name in ("trafilatura", "htmldate", "courlan"):
        logging.getLogger(name).setLevel(logging.CRITICAL)  # per-page warnings are not errors of ours
    return SimpleNamespace(htmldate=htmldate, html=lxml.html, trafilatura=trafilatura, ParserError=ParserError)


@dataclass
class Page:
    """What a web page yields: paragraph text and its metadata."""
    text: str
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    sitename: str | None = None
    url: str | None = None


def extract_page(html: str, url: str | None = None) -> Page | None:
    """Article text (one paragraph a line) and metadata of a page, or None when the page
    holds no article text."""
    doc = _libraries().trafilatura.bare_extraction(html, url=url, with_metadata=True, **EXTRACT_OPTIONS)
    if doc is None or not (doc.text or "").strip():
        return None
    authors = [a.strip() for a in (doc.author or "").split(";") if a.strip()]
    return Page(text=doc.text, title=doc.title or None, authors=authors,
                sitename=doc.sitename or None, url=doc.url or url)


def _tree_without_url(html: str):
    """A fresh parse of the page without its canonical link, so that htmldate reads the
    page's markup and not its URL (the URL is a separate, later date basis)."""
    libs = _libraries()
    try:
        tree = libs.html.fromstring(html)
    except (libs.ParserError, ValueError):
        return None
    for link in tree.xpath('//link[@rel="canonical"]'):
        link.getparent().remove(link)
    return tree


def page_date(html: str, latest: dt.date, extensive: bool) -> dt.date | None:
    """Publication date from the page itself with htmldate: metadata and date markup
    (meta tags, JSON-LD, <time>, date elements) or, with `extensive`, also dates found
    in the page text by htmldate's heuristics."""
    tree = _tree_without_url(html)
    if tree is None:
        return None
    try:
        found = _libraries().htmldate.find_date(tree, extensive_search=extensive, original_date=True, url=None,
                                   max_date=latest.isoformat())
    except (ValueError, TypeError):
        return None
    return dt.date.fromisoformat(found) if found else None
