"""Predicted items per article, in the shape the matchers read.

From the published tables only the rows of sources that have gold are read (their time does not
grow with the number of published sources). A second annotation of an article can stand in for
predictions too (`annotation_predictions`), which is how annotator agreement is scored.
"""
from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

import pandas as pd

from pipeline.evaluate.match import entity_forms_by_name
from pipeline.evaluate.text import as_list, as_str, is_null, norm_path, normalize_name

REQUIRED_COLUMNS = {
    "sources": ("source_id", "path", "published_date", "date_basis", "credits", "cited_outlets"),
    "entities": ("entity_id", "name", "type", "aliases"),
    "mentions": ("entity_id", "source_id", "start", "end", "text"),
    "figures": ("figure_id", "source_id", "start", "end", "text", "value", "unit", "kind",
                "change", "qualifier"),
    "claims": ("claim_id", "source_id", "start", "end", "text", "kind", "speaker",
               "speaker_entity_id", "cue", "via"),
    "articles": ("source_id", "path", "body", "boilerplate"),
}
TABLES = ("sources", "entities", "mentions", "figures", "claims")


class InputError(ValueError):
    """A published table or the articles file is missing or lacks a contract column."""


def check_columns(df: pd.DataFrame, name: str, where: Any) -> pd.DataFrame:
    missing = [c for c in REQUIRED_COLUMNS[name] if c not in df.columns]
    if missing:
        raise InputError(f"{where} lacks column(s) {', '.join(missing)}")
    return df


def _rows_by_source(df: pd.DataFrame, source_ids: Collection[str], order: list[str]) -> dict[str, list[dict]]:
    """Rows of the given sources only, grouped by source_id and sorted by `order`."""
    sub = df[df["source_id"].astype(str).isin(set(source_ids))]
    out: dict[str, list[dict]] = {}
    for row in sub.sort_values(["source_id", *order], kind="mergesort").to_dict("records"):
        out.setdefault(str(row["source_id"]), []).append(row)
    return out


def _entity_items(rows: list[dict], entities_by_id: Mapping[str, Mapping]) -> list[dict]:
    """Entities with at least one mention in the source; surface forms = name + the source's mention texts."""
    grouped: dict[str, list[dict]] = {}
    for row in rows:
        grouped.setdefault(str(row["entity_id"]), []).append(row)
    out = []
    for eid, group in grouped.items():
        ent = entities_by_id.get(eid, {})
        name = as_str(ent.get("name")) or str(group[0]["text"])
        out.append({
            "key": eid,
            "name": name,
            "type": as_str(ent.get("type")),
            "forms": list(dict.fromkeys([name] + [str(r["text"]) for r in group])),
            "start": int(group[0]["start"]),
            "end": int(group[0]["end"]),
            "n_mentions": len(group),
        })
    return sorted(out, key=lambda p: (p["start"], p["end"], p["key"]))


def _figure_item(row: Mapping) -> dict:
    return {
        "key": str(row["figure_id"]),
        "text": as_str(row["text"]) or "",
        "value": None if is_null(row["value"]) else float(row["value"]),
        "unit": as_str(row["unit"]),
        "kind": as_str(row["kind"]),
        "change": as_str(row["change"]),
        "qualifier": as_str(row["qualifier"]),
        "start": int(row["start"]),
        "end": int(row["end"]),
    }


def _claim_item(row: Mapping, entities_by_id: Mapping[str, Mapping]) -> dict:
    speaker_id = as_str(row["speaker_entity_id"])
    names: list[str] = []
    if speaker_id and speaker_id in entities_by_id:
        ent = entities_by_id[speaker_id]
        names = [n for n in [as_str(ent.get("name"))] + [as_str(a) for a in as_list(ent.get("aliases"))] if n]
    return {
        "key": str(row["claim_id"]),
        "text": as_str(row["text"]) or "",
        "speaker": as_str(row["speaker"]),
        "speaker_entity_id": speaker_id,
        "speaker_names": names,
        "kind": as_str(row["kind"]),
        "cue": as_str(row["cue"]),
        "via": as_str(row["via"]),
        "start": int(row["start"]),
        "end": int(row["end"]),
    }


def gold_articles(articles: pd.DataFrame, paths: Collection[str]) -> dict[str, dict]:
    """Article rows (body, boilerplate, ...) of the given normalised paths; first row wins."""
    wanted = set(paths)
    keys = articles["path"].map(norm_path)
    out: dict[str, dict] = {}
    for key, row in zip(keys[keys.isin(wanted)], articles[keys.isin(wanted)].to_dict("records")):
        out.setdefault(key, row)
    return out


def published_predictions(tables: Mapping[str, pd.DataFrame], articles: pd.DataFrame,
                          paths: Collection[str]) -> dict[str, dict]:
    """Per published source whose normalised path is in `paths`: its row, body, boilerplate and
    predicted items. Sources without gold are not read."""
    sources = tables["sources"]
    keys = sources["path"].map(norm_path)
    chosen = sources[keys.isin(set(paths))].sort_values("source_id", kind="mergesort")
    ids = set(chosen["source_id"].astype(str))
    articles_by_id = {str(r["source_id"]): r for r in
                      articles[articles["source_id"].astype(str).isin(ids)].to_dict("records")}
    articles_by_path = gold_articles(articles, paths)
    mentions = _rows_by_source(tables["mentions"], ids, ["start", "end", "entity_id"])
    figures = _rows_by_source(tables["figures"], ids, ["start", "end", "figure_id"])
    claims = _rows_by_source(tables["claims"], ids, ["start", "end", "claim_id"])
    needed = {str(r["entity_id"]) for rows in mentions.values() for r in rows}
    needed |= {str(r["speaker_entity_id"]) for rows in claims.values() for r in rows
               if not is_null(r["speaker_entity_id"])}
    ents = tables["entities"]
    entities_by_id = {str(r["entity_id"]): r for r in ents[ents["entity_id"].astype(str).isin(needed)].to_dict("records")}
    out: dict[str, dict] = {}
    for row in chosen.to_dict("records"):
        sid, path = str(row["source_id"]), norm_path(row["path"])
        article = articles_by_id.get(sid) or articles_by_path.get(path) or {}
        out.setdefault(path, {
            "source_id": sid,
            "source": row,
            "body": as_str(article.get("body")) or "",
            "boilerplate": as_list(article.get("boilerplate")),
            "entities": _entity_items(mentions.get(sid, []), entities_by_id),
            "figures": [_figure_item(r) for r in figures.get(sid, [])],
            "claims": [_claim_item(r, entities_by_id) for r in claims.get(sid, [])],
        })
    return out


def annotation_predictions(doc: Mapping) -> dict:
    """A gold file read as predictions (for annotator agreement): its source fields as the source
    row, its items as predicted items; `optional` marks are kept so a second annotator's
    borderline items are not counted as spurious."""
    source = dict(doc.get("source", {}))
    forms_by_key = entity_forms_by_name(doc.get("entities", []))
    entities = [{"key": f"entity-{i}", "name": e.get("name"), "type": e.get("type"),
                 "forms": [e.get("name")] + as_list(e.get("aliases")), "optional": e.get("optional", False)}
                for i, e in enumerate(doc.get("entities", []))]
    figures = [{**{k: f.get(k) for k in ("text", "value", "unit", "kind", "change", "qualifier", "optional")},
                "key": f"figure-{i}"} for i, f in enumerate(doc.get("figures", []))]
    claims = [{**{k: c.get(k) for k in ("text", "speaker", "kind", "cue", "via", "optional")},
               "key": f"claim-{i}", "speaker_entity_id": None,
               "speaker_names": forms_by_key.get(normalize_name(c.get("speaker")), [])}
              for i, c in enumerate(doc.get("claims", []))]
    return {"source_id": doc.get("source_path"), "source": source, "body": "",
            "boilerplate": as_list(source.get("boilerplate")),
            "entities": entities, "figures": figures, "claims": claims}
