"""A one-article sample for the scorer's tests: body, gold, and published tables that reproduce
the gold exactly (tests change one thing and check what the scorer makes of it)."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd

from pipeline.evaluate.report import render_errors
from pipeline.evaluate.scoring import evaluate_published

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


def run(tables=None, articles=None, gold=None, threshold=0.5, baselines=None, **kwargs):
    """(metrics, errors.md text) of the scorer on the sample (or the given) tables and gold."""
    default_tables, default_articles = make_tables()
    tables = default_tables if tables is None else tables
    articles = default_articles if articles is None else articles
    gold = {PATH: make_gold()} if gold is None else gold
    metrics, context = evaluate_published(tables, articles, gold, threshold, baselines, **kwargs)
    return metrics, render_errors(metrics, context)


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
