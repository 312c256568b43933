"""The whole scorer on a one-article sample, bootstrap intervals and per-corpus breakdowns."""
import copy

import pandas as pd

from pipeline.evaluate.predictions import annotation_predictions
from pipeline.evaluate.scoring import Bootstrap, score_set
from tests.evaluate_samples import PATH, make_gold, make_tables, run


def test_perfect_prediction_scores_one_on_every_table():
    metrics, _ = run()
    for table in ("entities", "figures", "claims"):
        assert (metrics[table]["precision"], metrics[table]["recall"], metrics[table]["f1"]) == (1.0, 1.0, 1.0)
    assert metrics["figures"]["kind_accuracy"] == metrics["figures"]["change_accuracy"] == 1.0
    assert metrics["claims"]["speaker_accuracy"] == metrics["claims"]["kind_accuracy"] == 1.0
    assert metrics["sources"]["field_accuracy"] == 1.0
    assert set(metrics["sources"]["fields"].values()) == {1.0}
    assert metrics["n_sources"] == 1


def test_missing_row_lowers_recall_only():
    tables, articles = make_tables()
    tables["mentions"] = tables["mentions"][tables["mentions"]["entity_id"] != "gpe/japan"]
    metrics, _ = run(tables, articles)
    assert (metrics["entities"]["precision"], metrics["entities"]["recall"]) == (1.0, 0.75)
    assert (metrics["entities"]["tp"], metrics["entities"]["fn"]) == (3, 1)


def test_spurious_row_lowers_precision_only():
    tables, articles = make_tables()
    extra = tables["figures"].iloc[[0]].assign(figure_id="f9", value=99.0, text="99 percent")
    tables["figures"] = pd.concat([tables["figures"], extra], ignore_index=True)
    metrics, _ = run(tables, articles)
    assert (metrics["figures"]["precision"], metrics["figures"]["recall"]) == (0.75, 1.0)


def test_matched_optional_gold_item_counts_neither_tp_nor_fp():
    gold = make_gold()
    gold["entities"][0]["optional"] = True
    metrics, _ = run(gold={PATH: gold})
    assert (metrics["entities"]["tp"], metrics["entities"]["fp"], metrics["entities"]["fn"]) == (3, 0, 0)


def test_unmatched_optional_gold_item_is_not_a_false_negative():
    gold = make_gold()
    gold["figures"].append({"text": "two", "value": 2, "unit": "count", "kind": "count", "measure": None,
                            "qualifier": None, "change": None, "optional": True})
    metrics, _ = run(gold={PATH: gold})
    assert (metrics["figures"]["tp"], metrics["figures"]["fn"]) == (3, 0)


def test_gold_source_without_published_source_counts_all_items_as_fn():
    other = make_gold()
    other["source_path"] = "seeds/999_missing.txt"
    metrics, report = run(gold={PATH: make_gold(), other["source_path"]: other})
    assert (metrics["entities"]["tp"], metrics["entities"]["fn"]) == (4, 4)
    assert (metrics["claims"]["tp"], metrics["claims"]["fn"]) == (1, 1)
    assert metrics["sources"]["field_accuracy"] == 0.5
    assert metrics["coverage"]["gold_sources_without_published"] == 1
    assert "## Gold sources without a published source" in report and "seeds/999_missing.txt" in report


def test_published_source_without_gold_is_counted_not_scored():
    tables, articles = make_tables()
    extra = tables["sources"].assign(source_id="src-001", path="seeds/001_extra.txt")
    tables["sources"] = pd.concat([tables["sources"], extra], ignore_index=True)
    tables["mentions"] = pd.concat([tables["mentions"], tables["mentions"].assign(source_id="src-001")],
                                   ignore_index=True)
    metrics, _ = run(tables, articles)
    assert metrics["entities"]["fp"] == 0 and metrics["n_sources"] == 1
    assert metrics["coverage"]["published_sources_without_gold"] == 1


def test_margins_are_our_f1_minus_baseline_f1():
    baselines = {
        "entities_spacy_raw": {PATH: [{"key": "Japan", "name": "Japan", "type": "GPE", "forms": ["Japan"],
                                       "start": 0, "end": 5}]},
        "figures_spacy_numeric": {PATH: []},
        "claims_quote_marks": {PATH: []},
    }
    metrics, _ = run(baselines=baselines)
    assert metrics["baselines"]["entities_spacy_raw"]["f1"] == 0.4  # P 1, R 1/4
    assert metrics["margins"]["entities_f1_vs_spacy_raw"] == 0.6
    assert metrics["margins"]["figures_f1_vs_spacy_numeric"] == 1.0
    assert metrics["margins"]["claims_speaker_accuracy_vs_quote_marks"] == 1.0


def test_wrong_speaker_lowers_speaker_accuracy_not_f1():
    tables, articles = make_tables()
    tables["claims"].loc[0, ["speaker", "speaker_entity_id"]] = ["Ryosei Akazawa", "person/ryosei-akazawa"]
    metrics, _ = run(tables, articles)
    assert metrics["claims"]["f1"] == 1.0 and metrics["claims"]["speaker_accuracy"] == 0.0


# ------------------------------------------------------------------------------ intervals

def articles_set(n_perfect: int, n_empty: int) -> tuple[dict, dict]:
    """Gold for n_perfect + n_empty articles; predictions equal to the gold for the first n_perfect
    and empty for the others."""
    gold, predictions = {}, {}
    for i in range(n_perfect + n_empty):
        doc = copy.deepcopy(make_gold())
        doc["source_path"] = f"corpora/web-pages/ground-truth.jsonl#{i:016x}" if i % 2 else \
            f"corpora/reuters21578.jsonl.gz#reuters-{i}"
        gold[doc["source_path"]] = doc
        if i < n_perfect:
            predictions[doc["source_path"]] = annotation_predictions(doc)
    return gold, predictions


def corpus_of(path: str) -> str:
    return "reuters21578" if "reuters" in path else "web-pages"


def test_intervals_bracket_the_point_value_and_repeat_exactly():
    gold, predictions = articles_set(6, 2)
    first, _, _ = score_set(gold, predictions, 0.5, bootstrap=Bootstrap(500, 7))
    again, _, _ = score_set(gold, predictions, 0.5, bootstrap=Bootstrap(500, 7))
    assert first == again
    for table in ("entities", "figures", "claims"):
        m = first[table]
        assert m["recall"] == 0.75 and m["precision"] == 1.0
        assert m["recall_low"] < m["recall"] < m["recall_high"] <= 1.0
        assert m["precision_low"] == m["precision_high"] == 1.0  # every resample is fully precise
        assert m["f1_low"] <= m["f1"] <= m["f1_high"]
    s = first["sources"]
    assert s["field_accuracy_low"] < s["field_accuracy"] == 0.75 < s["field_accuracy_high"]
    assert first["claims"]["speaker_accuracy_low"] == first["claims"]["speaker_accuracy_high"] == 1.0
    assert first["bootstrap"] == {"resamples": 500, "seed": 7, "confidence": 0.95}


def test_more_articles_give_a_narrower_interval():
    small, _, _ = score_set(*articles_set(6, 2), 0.5)
    large, _, _ = score_set(*articles_set(60, 20), 0.5)
    assert small["entities"]["recall"] == large["entities"]["recall"] == 0.75
    width = lambda m: m["entities"]["recall_high"] - m["entities"]["recall_low"]  # noqa: E731
    assert width(large) < width(small)


def test_per_corpus_breakdown_scores_each_corpus_on_its_own_articles():
    gold, predictions = articles_set(4, 0)
    del predictions["corpora/web-pages/ground-truth.jsonl#0000000000000001"]
    metrics, _, _ = score_set(gold, predictions, 0.5, group_of=corpus_of)
    by = metrics["by_corpus"]
    assert (by["reuters21578"]["n_sources"], by["web-pages"]["n_sources"]) == (2, 2)
    assert by["reuters21578"]["entities"]["recall"] == 1.0
    assert by["web-pages"]["entities"]["recall"] == 0.5
    assert metrics["entities"]["recall"] == 0.75


def test_a_gold_set_scored_against_itself_agrees_perfectly():
    """Real-sized annotations (nested claims, repeated figures, optional items, the synthetic
    fixture articles and the seeds): a set scored against itself must agree on everything."""
    from pathlib import Path

    from pipeline.evaluate.gold import load_gold

    root = Path(__file__).resolve().parents[1]
    schema = root / "data/gold/gold.schema.json"
    for folder in ("data/gold", "tests/fixtures/synthetic/gold"):
        gold = load_gold(root / folder, schema)
        bodies = {p: (root / p).read_text(encoding="utf-8") for p in gold}
        metrics, _, _ = score_set(gold, {p: annotation_predictions(d) for p, d in gold.items()}, 0.5, bodies,
                                  bootstrap=None)
        for table in ("entities", "figures", "claims"):
            assert metrics[table]["f1"] == 1.0, (folder, table, metrics[table])
            assert metrics[table]["fp"] == metrics[table]["fn"] == 0
        assert metrics["claims"]["speaker_accuracy"] == metrics["claims"]["cue_accuracy"] == 1.0
        assert metrics["figures"]["change_accuracy"] == metrics["figures"]["kind_accuracy"] == 1.0
        assert metrics["sources"]["field_accuracy"] == 1.0
