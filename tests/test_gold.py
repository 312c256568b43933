"""The gold annotations themselves: valid against the schema, and every annotated text is
really in its article (after the pipeline's quote normalisation)."""
from pathlib import Path

import pytest

from pipeline.evaluate import load_gold
from pipeline.ingest import decode_article, normalize_text

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = ROOT / "data/gold/gold.schema.json"
SETS = {"seeds": ROOT / "data/gold", "heldout": ROOT / "data/heldout/gold"}


@pytest.mark.parametrize("name", SETS)
def test_gold_set_validates_and_covers_its_articles(name):
    gold = load_gold(SETS[name], SCHEMA)
    articles = {p.relative_to(ROOT).as_posix() for p in
                (ROOT / ("seeds" if name == "seeds" else "data/heldout/articles")).glob("*.txt")}
    assert {doc["source_path"] for doc in gold.values()} == articles


@pytest.mark.parametrize("name", SETS)
def test_every_gold_text_occurs_in_its_article(name):
    missing = []
    for doc in load_gold(SETS[name], SCHEMA).values():
        text = " ".join(normalize_text(decode_article((ROOT / doc["source_path"]).read_bytes())).split())
        items = ([e["name"] for e in doc["entities"]] + [a for e in doc["entities"] for a in e["aliases"]]
                 + [f["text"] for f in doc["figures"]] + [c["text"].rstrip(".,\"' ") for c in doc["claims"]])
        missing += [(doc["source_path"], t) for t in items if " ".join(t.split()) not in text]
    assert missing == []
