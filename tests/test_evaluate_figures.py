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


def _write_set(folder, sentences, labels, labels_name="labels.jsonl"):
    (folder / "labels").mkdir(parents=True, exist_ok=True)
    (folder / "sentences.jsonl").write_text("".join(json.dumps(s) + "\n" for s in sentences))
    (folder / "labels" / labels_name).write_text("".join(json.dumps(r) + "\n" for r in labels))
    return folder / "sentences.jsonl", folder / "labels" / labels_name


def test_every_sentence_of_the_dev_set_is_dev_even_where_its_line_says_test(tmp_path):
    from pipeline.evaluate_figures import load_splits

    dev = _write_set(tmp_path / "dev", [{"sid": "a", "split": "dev", "corpus": "c", "text": "t"},
                                        {"sid": "b", "split": "test", "corpus": "c", "text": "u"}],
                     [{"sid": "a", "figures": []}, {"sid": "b", "figures": []}])
    assert [s["split"] for s in load_splits(*dev)] == ["dev", "dev"]


def test_the_test_set_is_read_from_its_own_files_as_the_test_split(tmp_path):
    from pipeline.evaluate_figures import load_splits

    dev = _write_set(tmp_path / "dev", [{"sid": "a", "split": "dev", "corpus": "c", "text": "t"}],
                     [{"sid": "a", "figures": []}])
    test = _write_set(tmp_path / "test", [{"sid": "f0", "split": "test", "corpus": "c", "text": "v"}],
                      [{"sid": "f0", "figures": [fig(3, "count")]}])
    loaded = load_splits(*dev, *test)
    assert [(s["sid"], s["split"]) for s in loaded] == [("a", "dev"), ("f0", "test")]
    assert loaded[1]["labels"] == [fig(3, "count")]


def test_a_sentence_id_in_both_sets_is_a_clear_error(tmp_path):
    from pipeline.evaluate_figures import load_splits

    dev = _write_set(tmp_path / "dev", [{"sid": "a", "split": "dev", "corpus": "c", "text": "t"}],
                     [{"sid": "a", "figures": []}])
    test = _write_set(tmp_path / "test", [{"sid": "a", "split": "test", "corpus": "c", "text": "t"}],
                      [{"sid": "a", "figures": []}])
    with pytest.raises(EvalSetError, match="both the dev and the test set"):
        load_splits(*dev, *test)
    with pytest.raises(EvalSetError, match="both --test-sentences and --test-labels"):
        load_splits(*dev, test[0], None)


def test_stage_reports_test_numbers_but_writes_errors_of_dev_sentences_only(tmp_path):
    from pipeline.evaluate_figures import main

    dev = _write_set(tmp_path / "dev", [{"sid": "a", "split": "test", "corpus": "web",
                                         "text": "DEV SENTENCE: the mill shut 35 branches."}],
                     [{"sid": "a", "figures": [fig(36, "count")]}], labels_name="test.jsonl")
    test = _write_set(tmp_path / "test", [{"sid": "f0", "split": "test", "corpus": "web",
                                           "text": "TEST SENTENCE: the mill shut 12 branches."}],
                      [{"sid": "f0", "figures": [fig(13, "count")]}])
    metrics_path, errors_path = tmp_path / "m.json", tmp_path / "e.md"
    assert main(["--sentences", str(dev[0]), "--labels", str(dev[1].parent), "--test-sentences", str(test[0]),
                 "--test-labels", str(test[1]), "--metrics", str(metrics_path), "--errors", str(errors_path)]) == 0
    metrics = json.loads(metrics_path.read_text())
    for system in ("newsclaims", "quantulum3"):
        assert set(metrics[system]) == {"dev", "test"}
        assert metrics[system]["test"]["all"]["n_sentences"] == 1
    errors = errors_path.read_text()
    assert "DEV SENTENCE" in errors and "TEST SENTENCE" not in errors and "f0" not in errors


def test_later_dev_sets_are_dev2_dev3_and_scored_apart_and_together(tmp_path):
    from pipeline.evaluate_figures import load_splits

    first = _write_set(tmp_path / "a", [{"sid": "a", "split": "test", "corpus": "c", "text": "t"}],
                       [{"sid": "a", "figures": [fig(1, "count")]}])
    second = _write_set(tmp_path / "b", [{"sid": "b", "split": "dev", "corpus": "c", "text": "u"}],
                        [{"sid": "b", "figures": [fig(2, "count")]}])
    third = _write_set(tmp_path / "c", [{"sid": "c", "split": "dev", "corpus": "c", "text": "v"}],
                       [{"sid": "c", "figures": [fig(3, "count")]}])
    loaded = load_splits([first[0], second[0], third[0]], [first[1], second[1], third[1]])
    assert [(s["sid"], s["split"]) for s in loaded] == [("a", "dev"), ("b", "dev2"), ("c", "dev3")]
    metrics, _ = score(loaded, [[fig(1, "count")], [], [fig(3, "count")]])
    assert metrics["dev"]["all"]["value"]["recall"] == 1.0
    assert metrics["dev2"]["all"]["value"]["recall"] == 0.0
    assert metrics["dev_all"]["all"]["n_sentences"] == 3
    assert (metrics["dev_all"]["all"]["value"]["tp"], metrics["dev_all"]["all"]["value"]["fn"]) == (2, 1)


def test_a_sentence_id_in_two_dev_sets_or_unpaired_labels_is_a_clear_error(tmp_path):
    from pipeline.evaluate_figures import load_splits

    first = _write_set(tmp_path / "a", [{"sid": "a", "split": "dev", "corpus": "c", "text": "t"}],
                       [{"sid": "a", "figures": []}])
    again = _write_set(tmp_path / "b", [{"sid": "a", "split": "dev", "corpus": "c", "text": "t"}],
                       [{"sid": "a", "figures": []}])
    with pytest.raises(EvalSetError, match="two dev sets"):
        load_splits([first[0], again[0]], [first[1], again[1]])
    with pytest.raises(EvalSetError, match="one labels path per sentences file"):
        load_splits([first[0], again[0]], [first[1]])


def test_stage_writes_errors_of_every_dev_set_and_scores_them_together(tmp_path):
    from pipeline.evaluate_figures import main

    dev = _write_set(tmp_path / "dev", [{"sid": "a", "split": "dev", "corpus": "web",
                                         "text": "FIRST DEV: the mill shut 35 branches."}],
                     [{"sid": "a", "figures": [fig(36, "count")]}])
    dev2 = _write_set(tmp_path / "dev2", [{"sid": "d0", "split": "dev", "corpus": "web",
                                           "text": "SECOND DEV: the mill shut 12 branches."}],
                      [{"sid": "d0", "figures": [fig(13, "count")]}])
    test = _write_set(tmp_path / "test", [{"sid": "f0", "split": "test", "corpus": "web",
                                           "text": "TEST SENTENCE: the mill shut 12 branches."}],
                      [{"sid": "f0", "figures": [fig(13, "count")]}])
    metrics_path, errors_path = tmp_path / "m.json", tmp_path / "e.md"
    assert main(["--sentences", str(dev[0]), str(dev2[0]), "--labels", str(dev[1]), str(dev2[1]),
                 "--test-sentences", str(test[0]), "--test-labels", str(test[1]),
                 "--metrics", str(metrics_path), "--errors", str(errors_path)]) == 0
    metrics = json.loads(metrics_path.read_text())
    assert set(metrics["newsclaims"]) == {"dev", "dev2", "dev_all", "test"}
    assert metrics["newsclaims"]["dev_all"]["all"]["n_sentences"] == 2
    errors = errors_path.read_text()
    assert "### dev2" in errors and "SECOND DEV" in errors and "FIRST DEV" in errors
    assert "TEST SENTENCE" not in errors and "f0" not in errors
