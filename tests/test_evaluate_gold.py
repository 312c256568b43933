"""Loading and validating gold files; the schema for articles of the shared corpora."""
import copy
import json
from pathlib import Path

import pytest

from pipeline.evaluate.gold import (
    GoldError, corpus_gold_schema, load_gold, read_schema, validate_gold_document,
)
from tests.evaluate_samples import PATH, make_gold, write_gold_dir

SEED_SCHEMA = Path(__file__).resolve().parents[1] / "data/gold/gold.schema.json"


def corpus_doc() -> dict:
    doc = make_gold()
    doc["source_path"] = "corpora/reuters21578.jsonl.gz#reuters-2382"
    doc["source"]["date_basis"] = "manifest"
    doc["figures"].append({"text": "90,000 tonnes", "value": 90000, "unit": "tonne", "kind": "other",
                           "measure": None, "qualifier": None, "change": None, "optional": False})
    return doc


def test_load_gold_validates_and_keys_by_source_path(tmp_path):
    gold_dir = write_gold_dir(tmp_path, {"000_test.json": make_gold()})
    assert list(load_gold(gold_dir)) == [PATH]


def test_gold_file_that_is_not_json_is_named(tmp_path):
    gold_dir = write_gold_dir(tmp_path, {"002_broken.json": "{not json"})
    with pytest.raises(GoldError, match="002_broken.json is not valid JSON"):
        load_gold(gold_dir)


def test_two_gold_files_of_one_article_are_an_error(tmp_path):
    gold_dir = write_gold_dir(tmp_path, {"a.json": make_gold(), "b.json": make_gold()})
    with pytest.raises(GoldError, match="both annotate"):
        load_gold(gold_dir)


def test_empty_gold_folder_is_an_error_unless_allowed(tmp_path):
    gold_dir = write_gold_dir(tmp_path, {})
    with pytest.raises(GoldError, match="no gold files"):
        load_gold(gold_dir)
    assert load_gold(gold_dir, allow_empty=True) == {}


def test_corpus_schema_accepts_corpus_paths_manifest_dates_and_physical_units():
    seed = read_schema(SEED_SCHEMA)
    doc = corpus_doc()
    with pytest.raises(GoldError):
        validate_gold_document(doc, seed, "x")
    validate_gold_document(doc, corpus_gold_schema(seed), "x")
    assert seed == read_schema(SEED_SCHEMA)  # the seed schema itself is left as it is


def test_corpus_schema_still_rejects_paths_outside_the_corpora_and_unknown_date_bases():
    schema = corpus_gold_schema(read_schema(SEED_SCHEMA))
    for change in ({"source_path": "seeds/000_x.txt"}, {"source_path": "corpora/other.jsonl#1"}):
        doc = {**corpus_doc(), **change}
        with pytest.raises(GoldError, match="source_path"):
            validate_gold_document(doc, schema, "x")
    doc = copy.deepcopy(corpus_doc())
    doc["source"]["date_basis"] = "guessed"
    with pytest.raises(GoldError, match="date_basis"):
        validate_gold_document(json.loads(json.dumps(doc)), schema, "x")
