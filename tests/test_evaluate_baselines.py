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


def _counting(result):
    calls = []

    def compute():
        calls.append(1)
        return result
    return compute, calls


def test_cached_baselines_parse_again_only_when_the_gold_bodies_change(tmp_path):
    from pipeline.evaluate.baselines import cached_baselines

    result = {"entities_spacy_raw": {"a.txt": [{"key": "Tokyo", "start": 0, "end": 5, "forms": ["Tokyo"]}]}}
    compute, calls = _counting(result)
    bodies = {"a.txt": "Tokyo said so."}
    assert cached_baselines(bodies, "some_model", tmp_path, compute) == result
    assert cached_baselines(dict(bodies), "some_model", tmp_path, compute) == result  # same as computing
    assert len(calls) == 1
    cached_baselines({"a.txt": "Tokyo said no."}, "some_model", tmp_path, compute)  # a gold body changed
    cached_baselines({"a.txt": "Tokyo said no."}, "other_model", tmp_path, compute)  # the model changed
    assert len(calls) == 3
    assert cached_baselines(bodies, "some_model", None, compute) == result and len(calls) == 4  # no cache: always


def test_a_damaged_baselines_cache_is_recomputed_not_fatal(tmp_path, capsys):
    from pipeline.evaluate.baselines import BASELINES_CACHE_FILE, cached_baselines

    (tmp_path / BASELINES_CACHE_FILE).write_text("{not json", encoding="utf-8")
    compute, calls = _counting({"claims_quote_marks": {}})
    assert cached_baselines({"a.txt": "x"}, "m", tmp_path, compute) == {"claims_quote_marks": {}}
    assert len(calls) == 1 and "ignoring unreadable cache" in capsys.readouterr().err
