import re
import sys

import pytest

from pipeline.extractors import figures, outlets
from pipeline.extractors.gates import Gated, Prescanned, folded


def test_every_character_ignorecase_takes_for_an_ascii_letter_folds_to_that_letter():
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if re.fullmatch("[a-z]", char, re.IGNORECASE):
            assert re.fullmatch(folded(char), char, re.IGNORECASE) and folded(char) in "abcdefghijklmnopqrstuvwxyz"


def test_folding_keeps_other_characters():
    assert folded("Zürich, 3/4 #1 ‘Twice’") == "zürich, 3/4 #1 ‘twice’"


def test_a_gated_scan_finds_the_patterns_matches_when_a_word_of_every_group_is_there():
    gated = Gated(re.compile(r"\b(?:several|a few)\s+(?:dozen|hundred)\b", re.IGNORECASE),
                  ["several", "few"], ["dozen", "hundred"])
    text = "A Few hundred came, then SEVERAL dozen."
    assert [m.group(0) for m in gated.finditer(text, folded(text))] == ["A Few hundred", "SEVERAL dozen"]


def test_a_gated_scan_skips_a_text_missing_every_word_of_a_group():
    gated = Gated(re.compile(r"\w+"), ["twice"], ["more"])
    text = "twice as fast"
    assert list(gated.finditer(text, folded(text))) == []


def test_gate_words_must_be_lowercase_ascii():
    with pytest.raises(ValueError):
        Gated(re.compile("x"), ["Twice"])
    with pytest.raises(ValueError):
        Gated(re.compile("x"), ["zürich"])


# Sentences of our own with matches of each gated pattern, in mixed case and with the
# characters IGNORECASE reads as ASCII letters (dotted I, dotless i, long s).
SENTENCES = [
    "Dozens of protesters and THOUSANDS marched; hundreds or thousands of tonnes were lost.",
    "Several hundred workers and a FEW thousand dollars; ſeveral dozen eggs.",
    "A quarter point cut, half a percentage point and three-quarters of a point.",
    "Two-thirds of voters and one quarter of the seats, half the money and a tHİrd of it.",
    "Sales doubled, TRIPLED and were quadrupling; prices twice as high and thrice the size.",
    "It is the second-largest bank, the Fifth biggest and the tenth Most valuable.",
    "She finished second in the slalom and came third overall; he ranked first among them.",
    "The #1 enemy and the #3 pick.",
    "Residents made 911 calls and 999 emergency lines rang.",
    "Prices were 1.25/1.30 and 1,200/1,250 tonnes at 12.5/13.0 pct.",
    "Reuters reported it, the Wall Street Journal and politico too; the new york times and The Guardian.",
]


@pytest.mark.parametrize("module", [figures, outlets])
def test_the_extractors_gated_scans_find_every_match_of_their_patterns(module):
    gates = [g for g in vars(module).values() if isinstance(g, Gated)]
    assert gates
    for gated in gates:
        found = 0
        for text in SENTENCES + [s.upper() for s in SENTENCES]:
            expected = [m.span() for m in gated.pattern.finditer(text)]
            assert [m.span() for m in gated.finditer(text, folded(text))] == expected, (gated.pattern.pattern, text)
            found += len(expected)
        assert found, gated.pattern.pattern  # every gate is tried on texts it must let through


# Sentences of our own with one match of a prescanned pattern each (the prescan lets a whole
# text through or not), and near misses.
PRESCANNED_SENTENCES = [
    "Call (555) 123-4567.", "Call 555-123-4567.", "Call 555.123.4567.", "Call 123-4567.", "Not 12-34567 or 1234-567.",
    "They have won 12 OF 13 games.", "They made 7 of their last 11 starts.", "They won 2 of\n9 games.", "They won 2  of 9 games.", "12 of, 3of 4 and 1.5 of 3.",
    "One in five.", "3 OUT OF 10.", "One in 2000 patients.", "Two\tin three.", "One in a million, in 5 and out of two.",
    "Nothing here but words, 12 and 13.",
]


def test_the_extractors_prescanned_scans_find_every_match_of_their_patterns():
    prescanned = [p for p in vars(figures).values() if isinstance(p, Prescanned)]
    assert len(prescanned) == 3
    for scan in prescanned:
        found = 0
        for text in PRESCANNED_SENTENCES + [s.upper() for s in PRESCANNED_SENTENCES]:
            expected = [m.span() for m in scan.pattern.finditer(text)]
            assert [m.span() for m in scan.finditer(text)] == expected, (scan.pattern.pattern, text)
            found += len(expected)
        assert found, scan.pattern.pattern  # every prescan is tried on texts it must let through


def test_a_prescanned_scan_skips_a_text_without_the_quick_match():
    # (a quick pattern that misses some matches, to show which texts are scanned)
    scan = Prescanned(re.compile(r"\w+ of \w+"), re.compile(r"\d of"))
    assert [m.group(0) for m in scan.finditer("won 3 of 4 and three of four")] == ["3 of 4", "three of four"]
    assert list(scan.finditer("won three of four")) == []
