import json

import numpy as np
import pytest

from pipeline.evaluate_figures import (
    EvalSetError, load_eval_set, match_sentence, quantulum_unit, render_dev_errors, score, sentence_counts,
    summarize, units_match, value_match, value_unit_match,
)


def fig(value, unit, optional=False, text="x"):
    return {"text": text, "value": value, "unit": unit, "optional": optional}


def test_units_that_convert_match_and_currencies_only_by_code():
    assert units_match("pound", "kilogram")
    assert units_match("barrel_per_day", "cubic_metre_per_day")
    assert not units_match("USD", "EUR")
    assert not units_match("count", "percent")
    assert not units_match("tonne", "barrel")


def test_values_in_convertible_units_match_after_conversion():
    assert value_unit_match(fig(3, "pound"), fig(1.36, "kilogram"))
    assert value_match(fig(3, "pound"), fig(1.36, "kilogram"))
    assert not value_unit_match(fig(3, "pound"), fig(3, "kilogram"))


def test_value_match_ignores_the_unit_but_value_unit_does_not():
    assert value_match(fig(500e6, "USD"), fig(500e6, "count"))
    assert not value_unit_match(fig(500e6, "USD"), fig(500e6, "count"))


def test_optional_label_is_neither_missed_nor_spurious():
    gold = [fig(2, "count", optional=True), fig(15, "percent")]
    assert sentence_counts(gold, [fig(15, "percent")], value_unit_match) == \
        {"tp": 1, "fp": 0, "fn": 0, "missed": [], "spurious": []}
    counts = sentence_counts(gold, [fig(2, "count"), fig(15, "percent")], value_unit_match)
    assert (counts["tp"], counts["fp"], counts["fn"]) == (1, 0, 0)


def test_an_optional_label_never_takes_the_prediction_a_required_one_needs():
    gold = [fig(10, "count", optional=True), fig(10, "count")]
    assert match_sentence(gold, [fig(10, "count")], value_unit_match) == [(1, 0)]


def test_matching_is_one_to_one():
    counts = sentence_counts([fig(25, "percent")], [fig(25, "percent"), fig(25, "percent")], value_unit_match)
    assert (counts["tp"], counts["fp"], counts["fn"]) == (1, 1, 0)


def test_bootstrap_interval_brackets_the_estimate_and_is_reproducible():
    counts = np.array([[1, 0, 0], [2, 1, 0], [0, 0, 1], [3, 0, 1]] * 5)
    a, b = summarize(counts), summarize(counts)
    assert a == b
    assert a["f1_ci95"][0] <= a["f1"] <= a["f1_ci95"][1]
    assert (a["tp"], a["fp"], a["fn"]) == (30, 5, 10)


def test_scores_by_split_and_corpus():
    sentences = [{"sid": "a", "split": "dev", "corpus": "web", "text": "t", "labels": [fig(1, "count")]},
                 {"sid": "b", "split": "test", "corpus": "wire", "text": "t", "labels": [fig(2, "count")]}]
    metrics, _ = score(sentences, [[fig(1, "count")], []])
    assert metrics["dev"]["web"]["value"]["f1"] == 1.0
    assert metrics["test"]["all"]["value_unit"]["recall"] == 0.0


def test_error_report_never_shows_test_sentences():
    sentences = [{"sid": "a", "split": "dev", "corpus": "web", "text": "DEV SENTENCE", "labels": [fig(1, "count")]},
                 {"sid": "b", "split": "test", "corpus": "web", "text": "TEST SENTENCE", "labels": [fig(2, "count")]}]
    metrics, results = score(sentences, [[], []])
    report = render_dev_errors(sentences, {"newsclaims": results, "quantulum3": results},
                               {"newsclaims": metrics, "quantulum3": metrics})
    assert "DEV SENTENCE" in report and "TEST SENTENCE" not in report and "**b**" not in report


def test_quantulum_units_map_to_the_label_vocabulary():
    assert quantulum_unit("dollar", "currency", "USD") == "USD"
    assert quantulum_unit("percentage", "dimensionless", None) == "percent"
    assert quantulum_unit("dimensionless", "dimensionless", None) == "count"
    assert quantulum_unit("kilometre per hour", "speed", None) == "kilometre_per_hour"


def test_sentence_without_labels_is_a_clear_error(tmp_path):
    (tmp_path / "s.jsonl").write_text(json.dumps({"sid": "a", "split": "dev", "corpus": "c", "text": "t"}) + "\n")
    (tmp_path / "labels").mkdir()
    (tmp_path / "labels" / "dev.jsonl").write_text("")
    with pytest.raises(EvalSetError, match="no labels"):
        load_eval_set(tmp_path / "s.jsonl", tmp_path / "labels")


def test_quantulum_baseline_reads_ranges_as_two_ends_and_is_reproducible():
    from pipeline.evaluate_figures import quantulum_predictions

    texts = ["Output fell 16.7 to 22 pct this year.", "The plant makes 12 euros of profit."]
    first = quantulum_predictions(texts)
    assert first == quantulum_predictions(texts)
    assert sorted(p["value"] for p in first[0] if p["unit"] == "percent") == pytest.approx([16.7, 22.0])
