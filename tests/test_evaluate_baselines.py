"""The spaCy-only baselines."""
import pytest

from pipeline.evaluate.baselines import (
    baseline_claims_from_doc, baseline_entities_from_doc, baseline_figure_from_text, baseline_figures_from_doc,
    quote_spans,
)
from pipeline.evaluate.match import score_claims
from tests.evaluate_samples import BODY, make_gold


def test_quote_spans_pair_curly_and_straight_quotes_within_a_paragraph():
    text = 'He said \u201cone\u201d and "two\u201d.\nAn "unclosed quote\nthen "three".'
    assert [text[a:b] for a, b in quote_spans(text)] == ["one", "two", "three"]


def test_naive_figure_parsing():
    assert baseline_figure_from_text("$550 billion") == {
        "text": "$550 billion", "value": 550e9, "unit": "USD", "kind": "money", "change": None, "qualifier": None}
    assert baseline_figure_from_text("27.5%")["value"] == 27.5
    assert baseline_figure_from_text("1,200 troops")["unit"] == "count"
    assert baseline_figure_from_text("four")["value"] is None


def test_baselines_from_a_spacy_doc():
    spacy = pytest.importorskip("spacy")
    from pipeline.config import ExtractParams

    doc = spacy.load(ExtractParams().model)(BODY)
    assert "Ryosei Akazawa" in {e["name"] for e in baseline_entities_from_doc(doc)}
    figures = baseline_figures_from_doc(doc)
    assert {(f["value"], f["unit"]) for f in figures} >= {(15.0, "percent"), (27.5, "percent")}
    claims = baseline_claims_from_doc(doc)
    assert len(claims) == 1 and claims[0]["kind"] == "direct_quote"
    assert claims[0]["speaker"] == "Yoshimasa Hayashi"
    result = score_claims(make_gold()["claims"], claims, 0.5)
    assert result["tp"] == 1 and result["attributes"]["speaker"]["correct"] == 1
