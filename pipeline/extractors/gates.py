"""Skipping whole-text regex scans that cannot match.

Many patterns of the figure and outlet rules look for a few words ("dozens", "twice", an
ordinal, an outlet's name) and match in a handful of articles, yet Python's `re` tries them at
every position of every text, and case-insensitive alternations are slow at that. Each such
pattern comes with the words one of which every match contains (`Gated`); a text holding none
of them, compared case-insensitively as the pattern compares, is not scanned. The matches are
the pattern's own, so the rows are the same with or without the gate.
"""
from __future__ import annotations

import re
from typing import Iterator

from spacy.tokens import Doc

from pipeline.extractors.positions import doc_memo, doc_text

# Characters re.IGNORECASE takes for an ASCII letter whose str.lower() is not that letter:
# dotted capital I (whose lowercase is two characters), dotless i and long s.
_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s"})


def folded(text: str) -> str:
    """`text` lowercased so that every character re.IGNORECASE matches to an ASCII letter
    becomes that letter in lowercase: an ASCII word a case-insensitive match contains is then
    a plain substring of the folded text."""
    return text.translate(_FOLD).lower()


def folded_text(doc: Doc) -> str:
    """`folded(doc text)`, once per Doc."""
    return doc_memo(doc, "newsclaims.folded_text", lambda d: folded(doc_text(d)))


class Gated:
    """A compiled pattern and the word groups its every match contains: at least one word of
    each group (ASCII, lowercase; a word may be part of a longer one: "doubl")."""

    def __init__(self, pattern: re.Pattern, *groups):
        self.pattern = pattern
        self.groups = tuple(tuple(group) for group in groups)
        for word in (w for group in self.groups for w in group):
            if not word.isascii() or word != word.lower():
                raise ValueError(f"gate word {word!r} must be lowercase ASCII")

    def may_match(self, folded_text: str) -> bool:
        for group in self.groups:
            for word in group:
                if word in folded_text:
                    break
            else:
                return False
        return True

    def finditer(self, text: str, folded_text: str) -> Iterator[re.Match]:
        """`pattern.finditer(text)`; `folded_text` is `folded(text)`."""
        return self.pattern.finditer(text) if self.may_match(folded_text) else iter(())


class Prescanned:
    """A compiled pattern and a quick pattern that finds a piece of its every match.

    Some patterns open with a lookbehind or a lookahead, which `re` tries at every position of
    the text, and match in few texts ("won 12 of 13", a phone number). A quick pattern that
    opens with a character class (a digit, a space) is skipped along the text to the characters
    it can start with; a text in which it finds nothing is not scanned with the pattern. The
    matches are the pattern's own, so the rows are the same with or without the prescan."""

    def __init__(self, pattern: re.Pattern, quick: re.Pattern):
        self.pattern = pattern
        self.quick = quick

    def finditer(self, text: str) -> Iterator[re.Match]:
        """`pattern.finditer(text)`."""
        return self.pattern.finditer(text) if self.quick.search(text) else iter(())
