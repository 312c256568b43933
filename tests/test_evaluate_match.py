"""Matching gold items to predicted items, attribute checks and source fields."""
import numpy as np
import pytest

from pipeline.evaluate.match import (
    match_claims, score_claims, score_entities, score_figures, score_sources, speaker_correct,
)
from pipeline.evaluate.text import token_f1
from tests.evaluate_samples import BODY, make_gold


# ------------------------------------------------------------------------------ entities

def test_entity_matching_is_one_to_one():
    gold = [{"name": "Donald Trump", "aliases": ["Trump"]}, {"name": "Trump administration", "aliases": ["Trump"]}]
    pred = [{"key": "person/donald-trump", "name": "Donald Trump", "forms": ["Donald Trump", "Trump"]}]
    result = score_entities(gold, pred)
    assert (result["tp"], result["fp"], result["fn"]) == (1, 0, 1)
    assert result["missed"][0]["name"] == "Trump administration"


def test_unmatched_optional_predicted_item_is_not_spurious():
    gold = [{"name": "Japan", "aliases": []}]
    pred = [{"key": "a", "name": "Japan", "forms": ["Japan"]},
            {"key": "b", "name": "Wall Street", "forms": ["Wall Street"], "optional": True},
            {"key": "c", "name": "Tokyo", "forms": ["Tokyo"]}]
    result = score_entities(gold, pred)
    assert (result["tp"], result["fp"], result["fn"]) == (1, 1, 0)
    assert [p["key"] for p in result["spurious"]] == ["c"]


# ------------------------------------------------------------------------------ figures

def test_duplicate_figure_values_are_matched_one_to_one():
    gold = [{"text": "15 percent", "value": 15, "unit": "percent"}] * 3
    pred = [{"key": f"f{i}", "text": "15%", "value": 15.0000001, "unit": "percent"} for i in range(2)]
    result = score_figures(gold, pred)
    assert (result["tp"], result["fp"], result["fn"]) == (2, 0, 1)


def test_figure_needs_same_unit_and_close_value():
    gold = [{"text": "$550 billion", "value": 550e9, "unit": "USD"}]
    assert score_figures(gold, [{"key": "a", "value": 550e9, "unit": "JPY"}])["tp"] == 0
    assert score_figures(gold, [{"key": "a", "value": 551e9, "unit": "USD"}])["tp"] == 0
    assert score_figures(gold, [{"key": "a", "value": 550e9 * (1 + 1e-8), "unit": "usd"}])["tp"] == 1


def test_equal_figures_pair_in_document_order_when_body_given():
    gold = make_gold()["figures"]  # 15 (to), 27.5 (from), 15 (null), in document order
    first, second = BODY.index("15 percent"), BODY.rindex("15 percent")
    pred = [  # listed out of document order: position decides the pairing
        {"key": "c", "text": "15 percent", "value": 15.0, "unit": "percent", "change": None, "start": second},
        {"key": "b", "text": "27.5 percent", "value": 27.5, "unit": "percent", "change": "from",
         "start": BODY.index("27.5")},
        {"key": "a", "text": "15 percent", "value": 15.0, "unit": "percent", "change": "to", "start": first},
    ]
    result = score_figures(gold, pred, body=BODY)
    assert result["tp"] == 3 and result["attributes"]["change"]["correct"] == 3


# ------------------------------------------------------------------------------ claims

def test_claim_matches_only_at_or_above_token_f1_threshold():
    gold = [{"text": "points need to be discussed", "speaker": None, "kind": "reported"}]
    pred = [{"key": "c", "text": "points need further study", "speaker": None, "kind": "reported"}]
    assert token_f1(gold[0]["text"], pred[0]["text"]) == pytest.approx(4 / 9)  # 2 common of 5 and 4 tokens
    assert score_claims(gold, pred, threshold=0.5)["tp"] == 0
    assert score_claims(gold, pred, threshold=0.4)["tp"] == 1


def test_claim_matching_prefers_best_pairs():
    gold = [{"text": "tariffs will fall next year"}, {"text": "tariffs will rise"}]
    pred = [{"key": "a", "text": "tariffs will rise"}, {"key": "b", "text": "tariffs will fall next year"}]
    assert match_claims(gold, pred, 0.5) == [(0, 1), (1, 0)]


def test_speaker_right_by_entity_name_alias_or_text():
    pred = {"speaker": "he", "speaker_entity_id": "person/donald-trump", "speaker_names": ["Donald Trump", "Trump"]}
    assert speaker_correct("Donald Trump", pred)
    assert speaker_correct("Trump", pred)
    assert speaker_correct("the U.S. Treasury", {"speaker": "US Treasury", "speaker_names": []})
    assert speaker_correct("a government source",
                           {"speaker": "a government source familiar with the negotiations", "speaker_names": []})
    assert speaker_correct(None, {"speaker": None, "speaker_entity_id": None, "speaker_names": []})


def test_speaker_right_by_alias_of_the_gold_speaker_entity():
    gold_claims = [{"text": "points need to be discussed", "speaker": "Yoshimasa Hayashi", "kind": "reported"}]
    gold_entities = [{"name": "Yoshimasa Hayashi", "type": "PERSON", "aliases": ["Hayashi"]}]
    pred = [{"key": "c", "text": "points need to be discussed", "speaker": "Hayashi", "kind": "reported"}]
    assert score_claims(gold_claims, pred, 0.5)["attributes"]["speaker"]["correct"] == 0
    result = score_claims(gold_claims, pred, 0.5, gold_entities=gold_entities)
    assert result["attributes"]["speaker"]["correct"] == 1


def test_speaker_wrong():
    pred = {"speaker": "Howard Lutnick", "speaker_entity_id": "person/howard-lutnick", "speaker_names": ["Howard Lutnick"]}
    assert not speaker_correct("Yoshimasa Hayashi", pred)
    assert not speaker_correct(None, pred)
    assert not speaker_correct("Yoshimasa Hayashi", {"speaker": None, "speaker_entity_id": None})


# ------------------------------------------------------------------------------ sources

def test_source_list_fields_accept_numpy_arrays_and_compare_as_sets():
    row = {"published_date": None, "date_basis": "unknown",
           "credits": np.array(["B", "A", "A"], dtype=object), "cited_outlets": np.array(["Kyodo News", "REUTERS"])}
    gold = {"published_date": None, "date_basis": "unknown", "credits": ["A", "B"],
            "cited_outlets": ["reuters", "Kyodo News"], "boilerplate": []}
    result = score_sources(gold, row, np.array([], dtype=object))
    assert all(r["correct"] for r in result.values()), result


def test_credits_compare_case_sensitively():
    result = score_sources({"credits": ["Jim Pollard"]}, {"credits": ["jim pollard"]}, [])
    assert result["credits"]["correct"] is False


def test_a_date_read_from_the_url_is_scored_against_the_contracts_url_basis():
    assert score_sources({"date_basis": "url"}, {"date_basis": "url"}, [])["date_basis"]["correct"]
    assert not score_sources({"date_basis": "url"}, {"date_basis": "inferred"}, [])["date_basis"]["correct"]
    assert not score_sources({"date_basis": "url"}, {"date_basis": "unknown"}, [])["date_basis"]["correct"]


def test_agreement_counts_do_not_depend_on_which_annotation_is_gold():
    first = [{"name": "Japan", "aliases": []}, {"name": "Wall Street", "aliases": [], "optional": True},
             {"name": "Tokyo", "aliases": []}]
    second = [{"key": "a", "name": "Japan", "forms": ["Japan"]},
              {"key": "b", "name": "Wall Street", "forms": ["Wall Street"]},
              {"key": "c", "name": "Tokyo", "forms": ["Tokyo"], "optional": True},
              {"key": "d", "name": "Osaka", "forms": ["Osaka"]}]
    as_gold = [{"name": p["name"], "aliases": [], "optional": p.get("optional", False)} for p in second]
    as_pred = [{"key": str(i), "name": g["name"], "forms": [g["name"]], "optional": g.get("optional", False)}
               for i, g in enumerate(first)]
    one, other = score_entities(first, second), score_entities(as_gold, as_pred)
    assert (one["tp"], one["fp"], one["fn"]) == (1, 1, 0)  # Japan agreed, Osaka extra; optional pairs ignored
    assert (other["tp"], other["fp"], other["fn"]) == (one["tp"], one["fn"], one["fp"])
