"""Predicted items from published tables and from a second annotation."""
import pandas as pd

from pipeline.evaluate.match import score_entities
from pipeline.evaluate.predictions import annotation_predictions, published_predictions
from tests.evaluate_samples import PATH, SID, make_gold, make_tables


def test_entity_surface_forms_are_limited_to_mentions_in_the_source():
    tables, articles = make_tables()
    # "Hayashi" is an alias of the entity but never appears in this source, so it cannot match.
    pred = published_predictions(tables, articles, [PATH])[PATH]["entities"]
    hayashi = next(p for p in pred if p["key"] == "person/yoshimasa-hayashi")
    assert "Hayashi" not in hayashi["forms"]
    assert score_entities([{"name": "Hayashi", "type": "PERSON", "aliases": []}], [hayashi])["tp"] == 0


def test_only_sources_with_gold_are_read():
    tables, articles = make_tables()
    extra = tables["sources"].assign(source_id="src-001", path="seeds/001_extra.txt")
    tables["sources"] = pd.concat([tables["sources"], extra], ignore_index=True)
    # a broken row of a source without gold would fail if it were read
    tables["figures"] = pd.concat([tables["figures"], pd.DataFrame([{
        "figure_id": "bad", "source_id": "src-001", "start": None, "end": None, "text": None, "value": "x",
        "unit": None, "kind": None, "qualifier": None, "change": None}])], ignore_index=True)
    out = published_predictions(tables, articles, [PATH])
    assert list(out) == [PATH] and out[PATH]["source_id"] == SID
    assert len(out[PATH]["figures"]) == 3


def test_a_second_annotation_reads_as_predictions_with_speaker_aliases():
    doc = make_gold()
    doc["entities"][3]["aliases"] = ["Hayashi"]
    pred = annotation_predictions(doc)
    assert pred["claims"][0]["speaker_names"] == ["Yoshimasa Hayashi", "Hayashi"]
    assert pred["entities"][0]["forms"] == ["Ryosei Akazawa", "Akazawa"]
    assert pred["source"]["credits"] == ["Jim Pollard"] and pred["boilerplate"] == ["ALSO SEE:"]
