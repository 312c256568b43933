"""Unit tests of the cited-outlets extractor on hand-written sentences (not from the seeds)."""
from __future__ import annotations

from pipeline.extractors.claims import claims_from_doc
from pipeline.extractors.outlets import cited_outlets_from_doc


def outlets(nlp, text):
    doc = nlp(text)
    return cited_outlets_from_doc(doc, claims_from_doc(doc))


def test_outlet_a_statement_was_told_to(nlp):
    assert outlets(nlp, "The governor told the Financial Times that rate cuts were off the table.") \
        == ["Financial Times"]


def test_outlet_that_reported_a_statement(nlp):
    assert outlets(nlp, "The striker has agreed a four-year deal, Sky Sports reported.") == ["Sky Sports"]


def test_outlet_as_speaker_of_report(nlp):
    assert outlets(nlp, "Kyodo News reported that the talks had stalled.") == ["Kyodo News"]


def test_known_outlet_named_in_the_text(nlp):
    assert outlets(nlp, "Shares rose after an interview aired on CNBC on Tuesday.") == ["CNBC"]


def test_non_media_organisation_is_not_an_outlet(nlp):
    assert outlets(nlp, "The World Bank said that growth would slow in 2026.") == []


def test_outlets_are_unique_sorted_and_without_leading_article(nlp):
    text = ("The coach said the team was ready for the final, the Associated Press reported. "
            "The Associated Press also said that tickets had sold out, Bloomberg reported.")
    assert outlets(nlp, text) == ["Associated Press", "Bloomberg"]


def test_known_outlet_found_even_when_not_tagged_as_organisation(nlp):
    assert outlets(nlp, "Semafor said on Sunday that the merger talks had collapsed.") == ["Semafor"]


def test_ambiguous_outlet_name_needs_an_organisation_tag(nlp):
    assert outlets(nlp, "The Nikkei share average fell 2% as exporters slid.") == []


def test_agency_that_is_not_a_news_agency_is_not_an_outlet(nlp):
    assert outlets(nlp, "The International Energy Agency said in a report that demand would peak.") == []
