"""Tests of the evaluate stage: the scorer on small hand-made tables, the gold loader and the CLI."""
from __future__ import annotations

import copy
import json

import numpy as np
import pandas as pd
import pytest

from pipeline import evaluate as ev

PATH = "seeds/000_test.txt"
SID = "src-000"
BODY = (
    "Japan\u2019s negotiator Ryosei Akazawa cancelled a trip to the U.S. on Thursday. "
    "Tariffs fell to 15 percent from 27.5 percent, and a 15 percent levy applies.\n"
    "\u201cPoints need to be discussed at the administrative level,\u201d Yoshimasa Hayashi said."
)


def span(text: str, occurrence: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = BODY.index(text, start + 1)
    return start, start + len(text)


def make_gold() -> dict:
    return {
        "source_path": PATH,
        "source": {
            "published_date": "2025-08-28",
            "date_basis": "explicit",
            "credits": ["Jim Pollard"],
            "cited_outlets": ["Reuters"],
            "boilerplate": ["ALSO SEE:"],
        },
        "entities": [
            {"name": "Ryosei Akazawa", "type": "PERSON", "aliases": ["Akazawa"], "roles": [], "optional": False},
            {"name": "Japan", "type": "GPE", "aliases": [], "roles": [], "optional": False},
            {"name": "United States", "type": "GPE", "aliases": ["US"], "roles": [], "optional": False},
            {"name": "Yoshimasa Hayashi", "type": "PERSON", "aliases": [], "roles": [], "optional": False},
        ],
        "figures": [
            {"text": "15 percent", "value": 15, "unit": "percent", "kind": "percent", "measure": "tariff",
             "qualifier": None, "change": "to", "optional": False},
            {"text": "27.5 percent", "value": 27.5, "unit": "percent", "kind": "percent", "measure": "tariff",
             "qualifier": None, "change": "from", "optional": False},
            {"text": "15 percent", "value": 15, "unit": "percent", "kind": "percent", "measure": "levy",
             "qualifier": None, "change": None, "optional": False},
        ],
        "claims": [
            {"text": "Points need to be discussed at the administrative level", "speaker": "Yoshimasa Hayashi",
             "kind": "direct_quote", "cue": "say", "via": None, "optional": False},
        ],
    }


def make_tables() -> tuple[dict[str, pd.DataFrame], pd.DataFrame]:
    """Published tables and articles that reproduce make_gold() exactly."""
    sources = pd.DataFrame([{
        "source_id": SID, "path": PATH, "published_date": pd.Timestamp("2025-08-28").date(),
        "date_basis": "explicit", "credits": ["Jim Pollard"], "cited_outlets": ["reuters"],
    }])
    entities = pd.DataFrame([
        {"entity_id": "person/ryosei-akazawa", "name": "Ryosei Akazawa", "type": "PERSON", "aliases": ["Akazawa"]},
        {"entity_id": "gpe/japan", "name": "Japan", "type": "GPE", "aliases": []},
        {"entity_id": "gpe/united-states", "name": "United States", "type": "GPE", "aliases": ["U.S.", "US"]},
        {"entity_id": "person/yoshimasa-hayashi", "name": "Yoshimasa Hayashi", "type": "PERSON", "aliases": ["Hayashi"]},
    ])
    mention_rows = [("gpe/japan", "Japan\u2019s"), ("person/ryosei-akazawa", "Ryosei Akazawa"),
                    ("gpe/united-states", "U.S."), ("person/yoshimasa-hayashi", "Yoshimasa Hayashi")]
    mentions = pd.DataFrame([
        {"mention_id": f"m{i}", "entity_id": eid, "source_id": SID, "start": span(text)[0], "end": span(text)[1],
         "text": text, "sentence_index": 0}
        for i, (eid, text) in enumerate(mention_rows)
    ])
    figure_rows = [("15 percent", 0, 15.0, "to"), ("27.5 percent", 0, 27.5, "from"), ("15 percent", 1, 15.0, None)]
    figures = pd.DataFrame([
        {"figure_id": f"f{i}", "source_id": SID, "start": span(text, occ)[0], "end": span(text, occ)[1],
         "text": text, "value": value, "unit": "percent", "kind": "percent", "qualifier": None, "change": change}
        for i, (text, occ, value, change) in enumerate(figure_rows)
    ])
    quote = "Points need to be discussed at the administrative level,"
    claims = pd.DataFrame([{
        "claim_id": "c0", "source_id": SID, "start": span(quote)[0], "end": span(quote)[1], "text": quote,
        "kind": "direct_quote", "cue": "say", "speaker": "Yoshimasa Hayashi",
        "speaker_entity_id": "person/yoshimasa-hayashi", "via": None,
    }])
    articles = pd.DataFrame([{"source_id": SID, "path": PATH, "body": BODY,
                              "boilerplate": np.array(["ALSO  SEE:"], dtype=object)}])
    tables = {"sources": sources, "entities": entities, "mentions": mentions, "figures": figures, "claims": claims}
    return tables, articles


def run(tables=None, articles=None, gold=None, threshold=0.5, baselines=None):
    default_tables, default_articles = make_tables()
    tables = default_tables if tables is None else tables
    articles = default_articles if articles is None else articles
    gold = {PATH: make_gold()} if gold is None else gold
    return ev.evaluate(tables, articles, gold, threshold, baselines)


GOLD_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["source_path", "source", "entities", "figures", "claims"],
    "properties": {
        "source_path": {"type": "string"},
        "source": {"type": "object"},
        "entities": {"type": "array", "items": {"type": "object", "required": ["name", "type"]}},
        "figures": {"type": "array", "items": {"type": "object", "required": ["text", "value", "unit"]}},
        "claims": {"type": "array", "items": {"type": "object", "required": ["text", "speaker"]}},
    },
}


def write_gold_dir(tmp_path, docs: dict[str, object]):
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    (gold_dir / "gold.schema.json").write_text(json.dumps(GOLD_SCHEMA), encoding="utf-8")
    for name, doc in docs.items():
        text = doc if isinstance(doc, str) else json.dumps(doc)
        (gold_dir / name).write_text(text, encoding="utf-8")
    return gold_dir


# ------------------------------------------------------------------------------ whole scorer

def test_perfect_prediction_scores_one_on_every_table():
    metrics, report = run()
    for table in ("entities", "figures", "claims"):
        assert (metrics[table]["precision"], metrics[table]["recall"], metrics[table]["f1"]) == (1.0, 1.0, 1.0)
    assert metrics["figures"]["kind_accuracy"] == metrics["figures"]["change_accuracy"] == 1.0
    assert metrics["claims"]["speaker_accuracy"] == metrics["claims"]["kind_accuracy"] == 1.0
    assert metrics["sources"]["field_accuracy"] == 1.0
    assert set(metrics["sources"]["fields"].values()) == {1.0}
    assert metrics["n_sources"] == 1
    assert "No errors." in report


def test_missing_row_lowers_recall_only():
    tables, articles = make_tables()
    tables["mentions"] = tables["mentions"][tables["mentions"]["entity_id"] != "gpe/japan"]
    metrics, report = run(tables, articles)
    assert metrics["entities"]["recall"] == 0.75
    assert metrics["entities"]["precision"] == 1.0
    assert (metrics["entities"]["tp"], metrics["entities"]["fn"]) == (3, 1)
    assert '- missed: "Japan" (GPE' in report


def test_spurious_row_lowers_precision_only():
    tables, articles = make_tables()
    extra = tables["figures"].iloc[[1]].assign(figure_id="f9", value=99.0, text="99 percent")
    tables["figures"] = pd.concat([tables["figures"], extra], ignore_index=True)
    metrics, report = run(tables, articles)
    assert metrics["figures"]["precision"] == 0.75
    assert metrics["figures"]["recall"] == 1.0
    assert "- spurious: `f9`" in report


def test_matched_optional_gold_item_counts_neither_tp_nor_fp():
    gold = make_gold()
    gold["entities"][3]["optional"] = True  # Yoshimasa Hayashi, which is predicted
    metrics, _ = run(gold={PATH: gold})
    assert (metrics["entities"]["tp"], metrics["entities"]["fp"], metrics["entities"]["fn"]) == (3, 0, 0)


def test_unmatched_optional_gold_item_is_not_a_false_negative():
    gold = make_gold()
    gold["figures"].append({"text": "four", "value": 4, "unit": "year", "kind": "duration", "qualifier": None,
                            "change": None, "optional": True})
    metrics, report = run(gold={PATH: gold})
    assert (metrics["figures"]["tp"], metrics["figures"]["fn"]) == (3, 0)
    assert '"four"' not in report


def test_gold_source_without_published_source_counts_all_items_as_fn():
    other = make_gold()
    other["source_path"] = "seeds/999_missing.txt"
    metrics, report = run(gold={PATH: make_gold(), other["source_path"]: other})
    assert (metrics["entities"]["tp"], metrics["entities"]["fn"]) == (4, 4)
    assert (metrics["claims"]["tp"], metrics["claims"]["fn"]) == (1, 1)
    assert metrics["sources"]["field_accuracy"] == 0.5
    assert metrics["coverage"]["gold_sources_without_published"] == 1
    assert "## Gold sources without a published source" in report and "seeds/999_missing.txt" in report


def test_published_source_without_gold_is_skipped_and_noted():
    tables, articles = make_tables()
    extra_sources = tables["sources"].assign(source_id="src-001", path="seeds/001_extra.txt")
    tables["sources"] = pd.concat([tables["sources"], extra_sources], ignore_index=True)
    extra_mentions = tables["mentions"].assign(source_id="src-001")
    tables["mentions"] = pd.concat([tables["mentions"], extra_mentions], ignore_index=True)
    metrics, report = run(tables, articles)
    assert metrics["entities"]["fp"] == 0 and metrics["n_sources"] == 1
    assert "## Published sources without gold (not scored)" in report and "seeds/001_extra.txt" in report


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


# ------------------------------------------------------------------------------ entities

def test_normalize_name_folds_case_article_possessive_and_dots():
    assert ev.normalize_name("U.S.") == ev.normalize_name("US") == "us"
    assert ev.normalize_name("The White House") == "white house"
    assert ev.normalize_name("Japan\u2019s") == ev.normalize_name("japan") == "japan"


def test_entity_surface_forms_are_limited_to_mentions_in_the_source():
    tables, _ = make_tables()
    # "Hayashi" is an alias of the entity but never appears in this source, so it cannot match.
    pred = ev.entity_predictions(tables["entities"], tables["mentions"], SID)
    hayashi = next(p for p in pred if p["key"] == "person/yoshimasa-hayashi")
    assert "Hayashi" not in hayashi["forms"]
    gold = [{"name": "Hayashi", "type": "PERSON", "aliases": []}]
    assert ev.score_entities(gold, [hayashi])["tp"] == 0


def test_entity_matching_is_one_to_one():
    gold = [{"name": "Donald Trump", "aliases": ["Trump"]}, {"name": "Trump administration", "aliases": ["Trump"]}]
    pred = [{"key": "person/donald-trump", "name": "Donald Trump", "forms": ["Donald Trump", "Trump"]}]
    result = ev.score_entities(gold, pred)
    assert (result["tp"], result["fp"], result["fn"]) == (1, 0, 1)
    assert result["missed"][0]["name"] == "Trump administration"


# ------------------------------------------------------------------------------ figures

def test_duplicate_figure_values_are_matched_one_to_one():
    gold = [{"text": "15 percent", "value": 15, "unit": "percent"}] * 3
    pred = [{"key": f"f{i}", "text": "15%", "value": 15.0000001, "unit": "percent"} for i in range(2)]
    result = ev.score_figures(gold, pred)
    assert (result["tp"], result["fp"], result["fn"]) == (2, 0, 1)


def test_figure_needs_same_unit_and_close_value():
    gold = [{"text": "$550 billion", "value": 550e9, "unit": "USD"}]
    assert ev.score_figures(gold, [{"key": "a", "value": 550e9, "unit": "JPY"}])["tp"] == 0
    assert ev.score_figures(gold, [{"key": "a", "value": 551e9, "unit": "USD"}])["tp"] == 0
    assert ev.score_figures(gold, [{"key": "a", "value": 550e9 * (1 + 1e-8), "unit": "usd"}])["tp"] == 1


def test_figure_change_accuracy_over_matched_pairs():
    tables, articles = make_tables()
    tables["figures"].loc[1, "change"] = None  # 27.5 percent should be change "from"
    metrics, report = run(tables, articles)
    assert metrics["figures"]["f1"] == 1.0
    assert metrics["figures"]["change_accuracy"] == round(2 / 3, 4)
    assert '- wrong change: "27.5 percent" gold "from", predicted null' in report


def test_equal_figures_pair_in_document_order_when_body_given():
    tables, articles = make_tables()
    pred = ev.figure_predictions(tables["figures"], SID)  # 15 (to), 27.5 (from), 15 (null)
    gold = make_gold()["figures"]
    reordered = [pred[2], pred[1], pred[0]]  # same rows, different order: position decides
    result = ev.score_figures(gold, reordered, body=BODY)
    assert result["tp"] == 3 and result["attributes"]["change"]["correct"] == 3


def test_locate_in_order_handles_repeats_nesting_and_word_boundaries():
    body = "He said the rate rose 15% from 5%, then 15% again."
    spans = ev.locate_in_order(["said the rate rose 15%", "15%", "5%", "15%", "missing"], body)
    assert spans[0] == (3, 25)  # an enclosing item ...
    assert spans[1] == (22, 25)  # ... and the item nested in it
    assert spans[2] == (31, 33)  # "5%" as a whole word, not inside "15%"
    assert spans[3] == (40, 43)  # the second "15%"
    assert spans[4] is None


# ------------------------------------------------------------------------------ claims

def test_token_f1_ignores_case_punctuation_and_quote_style():
    assert ev.token_f1("We\u2019ll see, he said.", "we'll SEE he said") == 1.0
    assert ev.token_f1("a b c d", "a b") == pytest.approx(2 * 1.0 * 0.5 / 1.5)
    assert ev.token_f1("", "a") == 0.0


def test_claim_matches_only_at_or_above_token_f1_threshold():
    gold = [{"text": "points need to be discussed", "speaker": None, "kind": "reported"}]
    pred = [{"key": "c", "text": "points need further study", "speaker": None, "kind": "reported"}]
    f1 = ev.token_f1(gold[0]["text"], pred[0]["text"])  # 2 common of 5 and 4 tokens
    assert f1 == pytest.approx(4 / 9)
    assert ev.score_claims(gold, pred, threshold=0.5)["tp"] == 0
    assert ev.score_claims(gold, pred, threshold=0.4)["tp"] == 1


def test_claim_matching_prefers_best_pairs():
    gold = [{"text": "tariffs will fall next year"}, {"text": "tariffs will rise"}]
    pred = [{"key": "a", "text": "tariffs will rise"}, {"key": "b", "text": "tariffs will fall next year"}]
    assert ev.match_claims(gold, pred, 0.5) == [(0, 1), (1, 0)]


def test_speaker_right_by_entity_name_alias_or_text():
    pred = {"speaker": "he", "speaker_entity_id": "person/donald-trump", "speaker_names": ["Donald Trump", "Trump"]}
    assert ev.speaker_correct("Donald Trump", pred)
    assert ev.speaker_correct("Trump", pred)
    assert ev.speaker_correct("the U.S. Treasury", {"speaker": "US Treasury", "speaker_names": []})
    assert ev.speaker_correct("a government source",
                              {"speaker": "a government source familiar with the negotiations", "speaker_names": []})
    assert ev.speaker_correct(None, {"speaker": None, "speaker_entity_id": None, "speaker_names": []})


def test_speaker_right_by_alias_of_the_gold_speaker_entity():
    gold_claims = [{"text": "points need to be discussed", "speaker": "Yoshimasa Hayashi", "kind": "reported"}]
    gold_entities = [{"name": "Yoshimasa Hayashi", "type": "PERSON", "aliases": ["Hayashi"]}]
    pred = [{"key": "c", "text": "points need to be discussed", "speaker": "Hayashi", "kind": "reported"}]
    assert ev.score_claims(gold_claims, pred, 0.5)["attributes"]["speaker"]["correct"] == 0
    result = ev.score_claims(gold_claims, pred, 0.5, gold_entities=gold_entities)
    assert result["attributes"]["speaker"]["correct"] == 1


def test_speaker_wrong():
    pred = {"speaker": "Howard Lutnick", "speaker_entity_id": "person/howard-lutnick", "speaker_names": ["Howard Lutnick"]}
    assert not ev.speaker_correct("Yoshimasa Hayashi", pred)
    assert not ev.speaker_correct(None, pred)
    assert not ev.speaker_correct("Yoshimasa Hayashi", {"speaker": None, "speaker_entity_id": None})


def test_wrong_speaker_lowers_speaker_accuracy_not_f1():
    tables, articles = make_tables()
    tables["claims"].loc[0, ["speaker", "speaker_entity_id"]] = ["Ryosei Akazawa", "person/ryosei-akazawa"]
    metrics, report = run(tables, articles)
    assert metrics["claims"]["f1"] == 1.0
    assert metrics["claims"]["speaker_accuracy"] == 0.0
    assert '- wrong speaker: gold "Yoshimasa Hayashi", predicted "Ryosei Akazawa" [person/ryosei-akazawa]' in report


# ------------------------------------------------------------------------------ sources

def test_source_field_accuracy_per_field_and_overall():
    tables, articles = make_tables()
    tables["sources"].loc[0, "date_basis"] = "inferred"
    metrics, report = run(tables, articles)
    assert metrics["sources"]["fields"]["date_basis"] == 0.0
    assert metrics["sources"]["fields"]["cited_outlets"] == 1.0  # casefolded set equality
    assert metrics["sources"]["fields"]["boilerplate"] == 1.0  # whitespace-normalised blocks
    assert metrics["sources"]["field_accuracy"] == 0.8
    assert '- date_basis: expected "explicit", got "inferred"' in report


def test_source_list_fields_accept_numpy_arrays_and_compare_as_sets():
    row = {"published_date": None, "date_basis": "unknown",
           "credits": np.array(["B", "A", "A"], dtype=object), "cited_outlets": np.array(["Kyodo News", "REUTERS"])}
    gold = {"published_date": None, "date_basis": "unknown", "credits": ["A", "B"],
            "cited_outlets": ["reuters", "Kyodo News"], "boilerplate": []}
    result = ev.score_sources(gold, row, np.array([], dtype=object))
    assert all(r["correct"] for r in result.values()), result


def test_credits_compare_case_sensitively():
    result = ev.score_sources({"credits": ["Jim Pollard"]}, {"credits": ["jim pollard"]}, [])
    assert result["credits"]["correct"] is False


# ------------------------------------------------------------------------------ report helpers

def test_sentence_at_marks_span_and_does_not_split_on_abbreviations():
    start, end = span("Thursday")
    sentence = ev.sentence_at(BODY, start, end)
    assert sentence.startswith("Japan\u2019s negotiator") and sentence.endswith("**Thursday**.")
    start, end = span("27.5 percent")
    assert ev.sentence_at(BODY, start, end, mark=False).startswith("Tariffs fell")


# ------------------------------------------------------------------------------ gold loading / CLI

def test_load_gold_validates_and_keys_by_source_path(tmp_path):
    gold_dir = write_gold_dir(tmp_path, {"000_test.json": make_gold()})
    assert list(ev.load_gold(gold_dir)) == [PATH]


def test_bad_gold_file_exits_2_with_message_naming_the_file(tmp_path, capsys):
    bad = make_gold()
    del bad["claims"][0]["speaker"]
    gold_dir = write_gold_dir(tmp_path, {"000_test.json": make_gold(), "001_bad.json": bad})
    params = tmp_path / "params.yaml"
    params.write_text("evaluate:\n  claim_match_f1: 0.5\n", encoding="utf-8")
    argv = ["--published", str(tmp_path / "pub"), "--articles", str(tmp_path / "a.parquet"), "--gold", str(gold_dir),
            "--params", str(params), "--metrics", str(tmp_path / "m.json"), "--errors", str(tmp_path / "e.md")]
    with pytest.raises(SystemExit) as info:
        ev.main(argv)
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "001_bad.json" in err and "speaker" in err and "Traceback" not in err
    assert not (tmp_path / "m.json").exists()


def test_gold_file_that_is_not_json_is_named(tmp_path):
    gold_dir = write_gold_dir(tmp_path, {"002_broken.json": "{not json"})
    with pytest.raises(ev.GoldError, match="002_broken.json is not valid JSON"):
        ev.load_gold(gold_dir)


def test_cli_writes_deterministic_metrics_and_report(tmp_path, monkeypatch):
    tables, articles = make_tables()
    pub = tmp_path / "published"
    pub.mkdir()
    for name, df in tables.items():
        df.to_parquet(pub / f"{name}.parquet", index=False)
    articles.to_parquet(tmp_path / "articles.parquet", index=False)
    gold_dir = write_gold_dir(tmp_path, {"000_test.json": make_gold()})
    params = tmp_path / "params.yaml"
    params.write_text("evaluate:\n  claim_match_f1: 0.5\n", encoding="utf-8")
    monkeypatch.setattr(ev, "run_baselines", lambda bodies, model, batch_size=16: {
        name: {path: [] for path in bodies} for name in ev.BASELINES})
    outputs = []
    for run_no in range(2):
        metrics_path, errors_path = tmp_path / f"m{run_no}.json", tmp_path / f"e{run_no}.md"
        argv = ["--published", str(pub), "--articles", str(tmp_path / "articles.parquet"), "--gold", str(gold_dir),
                "--params", str(params), "--metrics", str(metrics_path), "--errors", str(errors_path)]
        assert ev.main(argv) == 0
        outputs.append((metrics_path.read_text(), errors_path.read_text()))
    assert outputs[0] == outputs[1]
    metrics = json.loads(outputs[0][0])
    assert list(metrics) == sorted(metrics)
    assert metrics["claims"]["f1"] == 1.0 and metrics["baselines"]["claims_quote_marks"]["f1"] == 0.0
    assert metrics["targets"]["entities_f1"] == 0.92


# ------------------------------------------------------------------------------ baselines

def test_quote_spans_pair_curly_and_straight_quotes_within_a_paragraph():
    text = 'He said \u201cone\u201d and "two\u201d.\nAn "unclosed quote\nthen "three".'
    assert [text[a:b] for a, b in ev.quote_spans(text)] == ["one", "two", "three"]


def test_naive_figure_parsing():
    assert ev.baseline_figure_from_text("$550 billion") == {
        "text": "$550 billion", "value": 550e9, "unit": "USD", "kind": "money", "change": None, "qualifier": None}
    assert ev.baseline_figure_from_text("27.5%")["value"] == 27.5
    assert ev.baseline_figure_from_text("1,200 troops")["unit"] == "count"
    assert ev.baseline_figure_from_text("four")["value"] is None


def test_baselines_from_a_spacy_doc():
    spacy = pytest.importorskip("spacy")
    from pipeline.config import ExtractParams

    nlp = spacy.load(ExtractParams().model)
    doc = nlp(BODY)
    entity_names = {e["name"] for e in ev.baseline_entities_from_doc(doc)}
    assert "Ryosei Akazawa" in entity_names
    figures = ev.baseline_figures_from_doc(doc)
    assert {(f["value"], f["unit"]) for f in figures} >= {(15.0, "percent"), (27.5, "percent")}
    claims = ev.baseline_claims_from_doc(doc)
    assert len(claims) == 1 and claims[0]["kind"] == "direct_quote"
    assert claims[0]["speaker"] == "Yoshimasa Hayashi"
    result = ev.score_claims(make_gold()["claims"], claims, 0.5)
    assert result["tp"] == 1 and result["attributes"]["speaker"]["correct"] == 1
