"""Small, valid instances of the published tables for schema and stage tests."""
import datetime as dt

import pandas as pd

SID = "src-0123456789abcdef"
# Every offset below indexes into this body: body[0:9] == "Ana Silva", body[33:35] == "5%".
BODY = "Ana Silva said that exports rose 5% in April, 2024. Officials expect more later."


def valid_tables() -> dict[str, pd.DataFrame]:
    sources = pd.DataFrame([{
        "source_id": SID, "path": "seeds/a.txt", "sha256": "0123456789abcdef" * 4, "title": None,
        "publisher": None, "url": None, "published_date": dt.date(2024, 5, 1), "date_basis": "explicit",
        "credits": ["Ana Silva"], "cited_outlets": ["Reuters"], "language": "en", "n_words": 12,
        "body_chars": 80, "boilerplate_chars": 0, "duplicate_of": None,
    }])
    entities = pd.DataFrame([{
        "entity_id": "person/ana-silva", "name": "Ana Silva", "type": "PERSON", "aliases": ["Silva"],
        "roles": ["trade minister"], "n_mentions": 1, "n_sources": 1,
    }])
    mentions = pd.DataFrame([{
        "mention_id": f"{SID}:m:0-9", "entity_id": "person/ana-silva", "source_id": SID, "start": 0,
        "end": 9, "text": "Ana Silva", "sentence_index": 0,
    }])
    claims = pd.DataFrame([{
        "claim_id": f"{SID}:c:20-50", "source_id": SID, "start": 20, "end": 50,
        "text": "exports rose 5% in April, 2024", "kind": "reported", "cue": "say", "speaker": "Ana Silva",
        "speaker_entity_id": "person/ana-silva", "via": None, "sentence_index": 0,
        "cluster_id": f"{SID}:c:20-50", "n_sources": 1,
    }])
    figures = pd.DataFrame([{
        "figure_id": f"{SID}:f:33-35", "source_id": SID, "start": 33, "end": 35, "text": "5%",
        "value": 5.0, "unit": "percent", "kind": "percent", "qualifier": None, "change": None,
        "change_group": None, "measure": "exports", "period": "April", "sentence_index": 0,
        "claim_id": f"{SID}:c:20-50",
    }])
    texts = pd.DataFrame([{"source_id": SID, "body": BODY}])
    return {"sources": sources, "entities": entities, "mentions": mentions, "figures": figures, "claims": claims,
            "texts": texts}
