"""evaluate stage: score the published tables against the hand-checked gold annotations.

Reads the published tables, the interim articles (bodies and removed boilerplate) and one gold
JSON file per seed article, and writes

* ``metrics.json``: precision / recall / F1 (micro-averaged over sources) for entities, figures
  and claims, attribute accuracies over matched pairs, source field accuracy, three naive spaCy
  baselines scored with the same scorer, our margins over them and the quality targets;
* ``errors.md``: per source, every missed gold item, every spurious predicted row (with the
  sentence it sits in), wrong attributes of matched pairs and wrong source fields.

Everything except ``main`` is a pure function of plain values / DataFrames, so the scorer can be
unit-tested without files or spaCy.  Output is deterministic: no timestamps, stable orders.

Usage::

    python -m pipeline.evaluate --published data/published --articles data/interim/articles.parquet \
        --gold data/gold --params params.yaml \
        --metrics data/reports/metrics.json --errors data/reports/errors.md
"""
from __future__ import annotations

import argparse
import json
import math
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from pipeline.config import ConfigError, load_params
from pipeline.io import read_parquet, write_json, write_text

TABLES = ("sources", "entities", "mentions", "figures", "claims")
SCORED_TABLES = ("entities", "figures", "claims")
SOURCE_FIELDS = ("published_date", "date_basis", "credits", "cited_outlets", "boilerplate")
GOLD_SCHEMA_NAME = "gold.schema.json"
FIGURE_REL_TOL = 1e-6
NDIGITS = 4

TARGETS = {
    "figures_f1": 0.95,
    "entities_f1": 0.92,
    "claims_f1": 0.85,
    "claims_speaker_accuracy": 0.90,
    "source_field_accuracy": 0.90,
}

# baseline name -> table it predicts
BASELINES = {
    "entities_spacy_raw": "entities",
    "figures_spacy_numeric": "figures",
    "claims_quote_marks": "claims",
}
MARGINS = {
    "entities_f1_vs_spacy_raw": ("entities", "entities_spacy_raw", "f1"),
    "figures_f1_vs_spacy_numeric": ("figures", "figures_spacy_numeric", "f1"),
    "claims_f1_vs_quote_marks": ("claims", "claims_quote_marks", "f1"),
    "claims_speaker_accuracy_vs_quote_marks": ("claims", "claims_quote_marks", "speaker_accuracy"),
}
BASELINE_ENTITY_LABELS = ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "LAW", "PRODUCT")
BASELINE_FIGURE_LABELS = ("MONEY", "PERCENT", "QUANTITY", "CARDINAL")

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


class GoldError(ValueError):
    """A gold file is missing, not JSON, or does not match gold.schema.json."""


class InputError(ValueError):
    """A published table or the articles file is missing or lacks a contract column."""


# --------------------------------------------------------------------------------------------
# small value helpers
# --------------------------------------------------------------------------------------------

_QUOTE_MAP = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
})


def is_null(value: Any) -> bool:
    """None, NaN, NaT and pd.NA are null; lists/arrays never are."""
    if value is None:
        return True
    if isinstance(value, (list, tuple, dict, np.ndarray)):
        return False
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def as_list(value: Any) -> list:
    """A Parquet list cell (list, tuple, numpy array or null) as a plain Python list."""
    if is_null(value):
        return []
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, (list, tuple)):
        return list(value)
    if isinstance(value, str):
        return [value]
    return list(value)


def as_str(value: Any) -> str | None:
    return None if is_null(value) else str(value)


def ascii_quotes(text: str) -> str:
    """Curly quotes to ASCII, one character for one, so offsets are preserved."""
    return text.translate(_QUOTE_MAP)


def normalize_text(text: Any) -> str:
    """ASCII quotes, whitespace collapsed, stripped."""
    if is_null(text):
        return ""
    return re.sub(r"\s+", " ", ascii_quotes(str(text))).strip()


def normalize_name(name: Any) -> str:
    """Entity surface form key: casefold, no leading 'the ', no possessive, no dots ("U.S." == "US")."""
    s = normalize_text(name).casefold().strip(" \"',;:()[]")
    s = re.sub(r"^the\s+", "", s)
    s = re.sub(r"(?:'s|')$", "", s)
    s = s.replace(".", "")
    return re.sub(r"\s+", " ", s).strip(" \"',;:()[]")


def tokens(text: Any) -> list[str]:
    """Lowercased word tokens, punctuation stripped."""
    return re.findall(r"[^\W_]+", normalize_text(text).lower())


def token_f1(a: Any, b: Any) -> float:
    """SQuAD-style token F1 between two texts (multiset overlap); 0.0 if either is empty."""
    ta, tb = tokens(a), tokens(b)
    if not ta or not tb:
        return 0.0
    common = sum((Counter(ta) & Counter(tb)).values())
    if common == 0:
        return 0.0
    precision, recall = common / len(tb), common / len(ta)
    return 2 * precision * recall / (precision + recall)


def prf(tp: int, fp: int, fn: int) -> dict:
    """Precision, recall and F1 (0.0 when undefined), rounded, with the counts."""
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, NDIGITS),
        "recall": round(recall, NDIGITS),
        "f1": round(f1, NDIGITS),
        "tp": int(tp),
        "fp": int(fp),
        "fn": int(fn),
    }


def ratio(correct: int, total: int) -> float:
    return round(correct / total, NDIGITS) if total else 0.0


def values_close(a: Any, b: Any, rel_tol: float = FIGURE_REL_TOL) -> bool:
    if is_null(a) or is_null(b):
        return False
    try:
        return math.isclose(float(a), float(b), rel_tol=rel_tol, abs_tol=1e-12)
    except (TypeError, ValueError):
        return False


def _same_optional_str(a: Any, b: Any, key: Callable[[str], str] = lambda s: s) -> bool:
    """Equal strings after `key`, with null == null (empty strings count as null)."""
    sa = normalize_text(a)
    sb = normalize_text(b)
    return key(sa) == key(sb)


def _date_str(value: Any) -> str | None:
    if is_null(value):
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    return str(value)[:10]


def norm_path(path: Any) -> str:
    s = str(path).replace("\\", "/")
    while s.startswith("./"):
        s = s[2:]
    return s


# --------------------------------------------------------------------------------------------
# sentences (for the error report)
# --------------------------------------------------------------------------------------------

_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "gen", "gov", "sen", "rep", "lt", "col",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "inc", "corp", "co", "ltd", "no", "vs", "etc", "approx",
}


def sentence_cuts(body: str) -> list[int]:
    """Character positions where a sentence ends: after . ! ? (plus closing quotes) or at a newline.

    A dot after a single capital letter ("U.S.", initials) or a known abbreviation, or one
    followed by a lower-case letter or a digit, does not end a sentence.
    """
    cuts = []
    for m in re.finditer(r"\n|[.!?]+[\"'\u201d\u2019)\]]*(?=\s|$)", body):
        if m.group() == "\n":
            cuts.append(m.start())
            continue
        cut = m.end()
        if m.group()[0] == ".":
            word = re.search(r"([A-Za-z]+)$", body[: m.start()])
            if word and (len(word.group(1)) == 1 and word.group(1).isupper()
                         or word.group(1).lower() in _ABBREVIATIONS):
                continue
            nxt = re.match(r"\s*(\S)", body[cut:])
            if nxt and (nxt.group(1).islower() or nxt.group(1).isdigit()):
                continue
        cuts.append(cut)
    return cuts


def sentence_bounds(body: str, start: int, end: int, cuts: Sequence[int] | None = None) -> tuple[int, int]:
    """[s, e) of the sentence around body[start:end], whitespace trimmed."""
    if cuts is None:
        cuts = sentence_cuts(body)
    start = max(0, min(int(start), len(body)))
    end = max(start, min(int(end), len(body)))
    left = max((c for c in cuts if c <= start), default=0)
    right = min((c for c in cuts if c >= end and c > left), default=len(body))
    while left < start and body[left].isspace():
        left += 1
    while right > end and body[right - 1].isspace():
        right -= 1
    return left, right


def sentence_at(body: str, start: int, end: int, mark: bool = True, max_chars: int = 400) -> str:
    """The sentence around body[start:end] on one line; the span itself in **bold** if `mark`."""
    if not body or is_null(start) or is_null(end):
        return ""
    start, end = int(start), int(end)
    s, e = sentence_bounds(body, start, end)
    if mark and s <= start < end <= e:
        text = f"{body[s:start]}**{body[start:end]}**{body[end:e]}"
    else:
        text = body[s:e]
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) > max_chars:
        text = text[: max_chars - 1].rstrip() + "\u2026"
    return text


def _text_pattern(text: Any) -> re.Pattern | None:
    words = normalize_text(text).rstrip(".,;:!?").split()
    if not words:
        return None
    pattern = r"\s+".join(re.escape(w) for w in words)
    if re.match(r"\w", words[0]):
        pattern = r"(?<!\w)" + pattern
    if re.search(r"\w$", words[-1]):
        pattern += r"(?!\w)"
    return re.compile(pattern, flags=re.IGNORECASE)


def locate(body: str, text: Any, start: int = 0) -> tuple[int, int] | None:
    """First occurrence of `text` (as whole words, trailing punctuation ignored) in `body` at or
    after `start`, ignoring quote style, case and whitespace runs."""
    pattern = _text_pattern(text)
    if not body or pattern is None:
        return None
    m = pattern.search(ascii_quotes(body), start)
    return (m.start(), m.end()) if m else None


def locate_in_order(texts: Sequence[Any], body: str) -> list[tuple[int, int] | None]:
    """Spans of gold texts listed in document order (nested items allowed): each is searched from
    the start of the previous one, skipping spans already taken by an earlier item; an item not
    found there is searched from the top; None if its text does not occur."""
    spans: list[tuple[int, int] | None] = []
    taken: set[tuple[int, int]] = set()
    cursor = 0
    for text in texts:
        found = None
        for origin in (cursor, 0):
            pos = origin
            while (hit := locate(body, text, pos)) is not None and hit in taken:
                pos = hit[0] + 1
            if hit is not None:
                found = hit
                break
        spans.append(found)
        if found is not None:
            taken.add(found)
            cursor = found[0]
    return spans


# --------------------------------------------------------------------------------------------
# gold
# --------------------------------------------------------------------------------------------

def validate_gold_document(doc: Any, schema: Mapping, name: str) -> None:
    """Raise GoldError naming `name` if `doc` does not match the JSON schema."""
    import jsonschema

    validator_cls = jsonschema.validators.validator_for(schema)
    errors = sorted(validator_cls(schema).iter_errors(doc), key=lambda e: (list(e.absolute_path), e.message))
    if errors:
        first = errors[0]
        where = "/".join(str(p) for p in first.absolute_path) or "(top level)"
        more = f" (and {len(errors) - 1} more error(s))" if len(errors) > 1 else ""
        raise GoldError(f"gold file {name} does not match {GOLD_SCHEMA_NAME}: at {where}: {first.message}{more}")


def load_gold(gold_dir: str | Path, schema_path: str | Path | None = None) -> dict[str, dict]:
    """Every <stem>.json in gold_dir (except the schema), validated against schema_path (default:
    the schema file inside gold_dir), keyed by normalised source_path."""
    import jsonschema

    gold_dir = Path(gold_dir)
    if not gold_dir.is_dir():
        raise GoldError(f"gold directory not found: {gold_dir}")
    schema_path = Path(schema_path) if schema_path else gold_dir / GOLD_SCHEMA_NAME
    if not schema_path.is_file():
        raise GoldError(f"gold schema not found: {schema_path}")
    try:
        schema = json.loads(schema_path.read_text(encoding="utf-8"))
        jsonschema.validators.validator_for(schema).check_schema(schema)
    except json.JSONDecodeError as exc:
        raise GoldError(f"gold schema {schema_path} is not valid JSON: {exc}") from None
    except jsonschema.SchemaError as exc:
        raise GoldError(f"gold schema {schema_path} is not a valid JSON schema: {exc.message}") from None
    gold: dict[str, dict] = {}
    origin: dict[str, Path] = {}
    for path in sorted(gold_dir.glob("*.json")):
        if path.name == GOLD_SCHEMA_NAME:
            continue
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise GoldError(f"gold file {path} is not valid JSON: {exc}") from None
        except UnicodeDecodeError as exc:
            raise GoldError(f"gold file {path} is not UTF-8 text: {exc}") from None
        validate_gold_document(doc, schema, str(path))
        if not isinstance(doc, dict) or not isinstance(doc.get("source_path"), str):
            raise GoldError(f"gold file {path} has no string 'source_path'")
        key = norm_path(doc["source_path"])
        if key in gold:
            raise GoldError(f"gold files {origin[key]} and {path} both annotate source_path {key!r}")
        gold[key] = doc
        origin[key] = path
    if not gold:
        raise GoldError(f"no gold files (*.json besides {GOLD_SCHEMA_NAME}) in {gold_dir}")
    return gold


def _optional(item: Mapping) -> bool:
    return bool(item.get("optional", False))


# --------------------------------------------------------------------------------------------
# predictions from the published tables
# --------------------------------------------------------------------------------------------

def _records(df: pd.DataFrame) -> list[dict]:
    return df.to_dict("records")


def _rows_for_source(df: pd.DataFrame, source_id: str, order: Sequence[str]) -> list[dict]:
    sub = df[df["source_id"].astype(str) == str(source_id)]
    return _records(sub.sort_values(list(order), kind="mergesort")) if len(sub) else []


def entity_predictions(entities: pd.DataFrame, mentions: pd.DataFrame, source_id: str) -> list[dict]:
    """Entities with at least one mention in the source; surface forms = name + that source's mention texts."""
    by_id = {str(r["entity_id"]): r for r in _records(entities)}
    rows = _rows_for_source(mentions, source_id, ["start", "end", "entity_id"])
    grouped: dict[str, list[dict]] = {}
    for row in rows:
        grouped.setdefault(str(row["entity_id"]), []).append(row)
    out = []
    for eid, group in grouped.items():
        ent = by_id.get(eid, {})
        name = as_str(ent.get("name")) or str(group[0]["text"])
        forms = [name] + [str(r["text"]) for r in group]
        out.append({
            "key": eid,
            "name": name,
            "type": as_str(ent.get("type")),
            "forms": list(dict.fromkeys(forms)),
            "start": int(group[0]["start"]),
            "end": int(group[0]["end"]),
            "n_mentions": len(group),
        })
    return sorted(out, key=lambda p: (p["start"], p["end"], p["key"]))


def figure_predictions(figures: pd.DataFrame, source_id: str) -> list[dict]:
    out = []
    for row in _rows_for_source(figures, source_id, ["start", "end", "figure_id"]):
        if row.get("kind") == "age":
            continue  # the article-level gold leaves ages out by its guidelines (data/gold/README.md)
        out.append({
            "key": str(row["figure_id"]),
            "text": as_str(row["text"]) or "",
            "value": None if is_null(row["value"]) else float(row["value"]),
            "unit": as_str(row["unit"]),
            "kind": as_str(row["kind"]),
            "change": as_str(row["change"]),
            "qualifier": as_str(row["qualifier"]),
            "start": int(row["start"]),
            "end": int(row["end"]),
        })
    return out


def claim_predictions(claims: pd.DataFrame, entities: pd.DataFrame, source_id: str) -> list[dict]:
    by_id = {str(r["entity_id"]): r for r in _records(entities)}
    out = []
    for row in _rows_for_source(claims, source_id, ["start", "end", "claim_id"]):
        speaker_id = as_str(row["speaker_entity_id"])
        names: list[str] = []
        if speaker_id and speaker_id in by_id:
            ent = by_id[speaker_id]
            names = [n for n in [as_str(ent.get("name"))] + [as_str(a) for a in as_list(ent.get("aliases"))] if n]
        out.append({
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
        })
    return out


# --------------------------------------------------------------------------------------------
# matching
# --------------------------------------------------------------------------------------------

def _gold_order(gold: Sequence[Mapping]) -> list[int]:
    """Required gold items first, then optional ones, each in file order."""
    return sorted(range(len(gold)), key=lambda i: (_optional(gold[i]), i))


def match_entities(gold: Sequence[Mapping], pred: Sequence[Mapping]) -> list[tuple[int, int]]:
    """One-to-one maximum matching (gold index, pred index) on shared normalised surface forms.

    Gold forms are name + aliases, predicted forms are the `forms` list (name + mention texts).
    Augmenting paths, required gold first: the matching is maximum and covers as many required
    gold entities as possible; ties resolve by file / prediction order.
    """
    gold_forms = [{normalize_name(x) for x in [g.get("name")] + as_list(g.get("aliases"))} - {""} for g in gold]
    pred_forms = [{normalize_name(x) for x in as_list(p.get("forms")) + [p.get("name")]} - {""} for p in pred]
    adj = {gi: [pi for pi in range(len(pred)) if gold_forms[gi] & pred_forms[pi]] for gi in range(len(gold))}
    owner: dict[int, int] = {}  # pred index -> gold index

    def augment(gi: int, seen: set[int]) -> bool:
        for pi in adj[gi]:
            if pi in seen:
                continue
            seen.add(pi)
            if pi not in owner or augment(owner[pi], seen):
                owner[pi] = gi
                return True
        return False

    for gi in _gold_order(gold):
        augment(gi, set())
    return sorted((gi, pi) for pi, gi in owner.items())


_FAR = 10**12


def _distance(gold_span: tuple[int, int] | None, pred: Mapping) -> int:
    """Character distance between a located gold item and a predicted row (large if unknown)."""
    if gold_span is None or is_null(pred.get("start")):
        return _FAR
    return abs(gold_span[0] - int(pred["start"]))


def _spans(gold: Sequence[Mapping], gold_spans: Sequence[tuple[int, int] | None] | None) -> list:
    return list(gold_spans) if gold_spans is not None else [None] * len(gold)


def match_figures(
    gold: Sequence[Mapping],
    pred: Sequence[Mapping],
    rel_tol: float = FIGURE_REL_TOL,
    gold_spans: Sequence[tuple[int, int] | None] | None = None,
) -> list[tuple[int, int]]:
    """One-to-one by (value within rel_tol, unit); every candidate pair is equally valid, so the
    count of matches per (value, unit) is min(#gold, #pred), required gold first. Which occurrence
    pairs with which (this decides kind/change accuracy) follows the document: nearest position
    when the gold text was located in the body (`gold_spans`), then same text, then order."""
    spans = _spans(gold, gold_spans)
    candidates = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            if normalize_text(g.get("unit")).casefold() != normalize_text(p.get("unit")).casefold():
                continue
            if not values_close(g.get("value"), p.get("value"), rel_tol):
                continue
            same_text = normalize_text(g.get("text")).casefold() == normalize_text(p.get("text")).casefold()
            candidates.append((_optional(g), _distance(spans[gi], p), not same_text, gi, pi))
    return _greedy(candidates)


def match_claims(
    gold: Sequence[Mapping],
    pred: Sequence[Mapping],
    threshold: float,
    gold_spans: Sequence[tuple[int, int] | None] | None = None,
) -> list[tuple[int, int]]:
    """One-to-one greedy by token F1 >= threshold, best pairs first; ties: required gold first,
    then nearest position (when located), then gold file order, then prediction order."""
    spans = _spans(gold, gold_spans)
    candidates = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            f1 = token_f1(g.get("text"), p.get("text"))
            if f1 > 0 and f1 >= threshold:
                candidates.append((-round(f1, 9), _optional(g), _distance(spans[gi], p), gi, pi))
    return _greedy(candidates)


def _greedy(candidates: list[tuple]) -> list[tuple[int, int]]:
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for *_, gi, pi in sorted(candidates):
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        pairs.append((gi, pi))
    return sorted(pairs)


# --------------------------------------------------------------------------------------------
# scoring one source
# --------------------------------------------------------------------------------------------

def speaker_correct(gold_speaker: Any, pred: Mapping, gold_forms: Iterable[Any] = ()) -> bool:
    """Right if both are null, if the predicted speaker text or its entity's name / aliases
    normalise equal to the gold speaker (or to `gold_forms`: the aliases of the gold entity the
    gold speaker names, so "Hayashi" is right for "Yoshimasa Hayashi"), or if all gold speaker
    tokens occur in the predicted speaker text ("a government source" vs "a government source
    familiar with ...")."""
    speaker = as_str(pred.get("speaker"))
    names = [n for n in as_list(pred.get("speaker_names")) if not is_null(n)]
    has_pred = bool(normalize_text(speaker)) or bool(names) or bool(as_str(pred.get("speaker_entity_id")))
    if not normalize_text(gold_speaker):
        return not has_pred
    keys = {normalize_name(gold_speaker)} | {normalize_name(f) for f in gold_forms}
    keys.discard("")
    if any(normalize_name(c) in keys for c in [speaker] + names if c):
        return True
    gold_tokens = set(tokens(gold_speaker))
    return bool(gold_tokens) and gold_tokens <= set(tokens(speaker))


ENTITY_CHECKS: dict[str, Callable[[Mapping, Mapping], bool]] = {
    "type": lambda g, p: _same_optional_str(g.get("type"), p.get("type"), str.upper),
}
FIGURE_CHECKS: dict[str, Callable[[Mapping, Mapping], bool]] = {
    "kind": lambda g, p: _same_optional_str(g.get("kind"), p.get("kind")),
    "change": lambda g, p: _same_optional_str(g.get("change"), p.get("change")),
    "qualifier": lambda g, p: _same_optional_str(g.get("qualifier"), p.get("qualifier")),
}
CLAIM_CHECKS: dict[str, Callable[[Mapping, Mapping], bool]] = {
    "speaker": lambda g, p: speaker_correct(g.get("speaker"), p, g.get("speaker_forms", ())),
    "kind": lambda g, p: _same_optional_str(g.get("kind"), p.get("kind")),
    "cue": lambda g, p: _same_optional_str(g.get("cue"), p.get("cue"), str.casefold),
    "via": lambda g, p: _same_optional_str(g.get("via"), p.get("via"), normalize_name),
}


def score_matching(
    gold: Sequence[Mapping],
    pred: Sequence[Mapping],
    pairs: Iterable[tuple[int, int]],
    checks: Mapping[str, Callable[[Mapping, Mapping], bool]],
    gold_spans: Sequence[tuple[int, int] | None] | None = None,
) -> dict:
    """Counts and details of one table for one source, given the matched (gold, pred) index pairs.

    A pair with an optional gold item is neither TP nor FP; an unmatched optional gold item is not
    a FN. Attribute checks run over the TP pairs only.
    """
    pairs = sorted(pairs)
    matched_g = {gi for gi, _ in pairs}
    matched_p = {pi for _, pi in pairs}
    spans = _spans(gold, gold_spans)
    tp_pairs = [(gold[gi], pred[pi]) for gi, pi in pairs if not _optional(gold[gi])]
    missed = [gi for gi, g in enumerate(gold) if gi not in matched_g and not _optional(g)]
    attributes = {}
    for name, check in checks.items():
        wrong = [(g, p) for g, p in tp_pairs if not check(g, p)]
        attributes[name] = {"correct": len(tp_pairs) - len(wrong), "total": len(tp_pairs), "wrong": wrong}
    return {
        "tp": len(tp_pairs),
        "fp": len(pred) - len(matched_p),
        "fn": len(missed),
        "missed": [gold[gi] for gi in missed],
        "missed_spans": [spans[gi] for gi in missed],
        "spurious": [p for pi, p in enumerate(pred) if pi not in matched_p],
        "attributes": attributes,
    }


def score_entities(gold: Sequence[Mapping], pred: Sequence[Mapping]) -> dict:
    return score_matching(gold, pred, match_entities(gold, pred), ENTITY_CHECKS)


def score_figures(gold: Sequence[Mapping], pred: Sequence[Mapping], rel_tol: float = FIGURE_REL_TOL, body: str = "") -> dict:
    """`body` (optional) locates the gold occurrences so equal values pair in document order."""
    spans = locate_in_order([g.get("text") for g in gold], body) if body else None
    return score_matching(gold, pred, match_figures(gold, pred, rel_tol, spans), FIGURE_CHECKS, spans)


def with_speaker_forms(claims: Sequence[Mapping], gold_entities: Sequence[Mapping]) -> list[dict]:
    """Gold claims with `speaker_forms`: name + aliases of the gold entity whose name or alias
    the gold speaker is (empty for group speakers such as "Japanese officials")."""
    forms_by_key: dict[str, list[str]] = {}
    for ent in gold_entities:
        forms = [f for f in [ent.get("name")] + as_list(ent.get("aliases")) if normalize_text(f)]
        for f in forms:
            forms_by_key.setdefault(normalize_name(f), forms)
    return [dict(c, speaker_forms=forms_by_key.get(normalize_name(c.get("speaker")), [])) for c in claims]


def score_claims(
    gold: Sequence[Mapping],
    pred: Sequence[Mapping],
    threshold: float,
    body: str = "",
    gold_entities: Sequence[Mapping] = (),
) -> dict:
    """`gold_entities` (the same gold file's entities) lets an alias of the gold speaker count
    as the right speaker; `body` pairs equally good matches in document order."""
    gold = with_speaker_forms(gold, gold_entities)
    spans = locate_in_order([g.get("text") for g in gold], body) if body else None
    return score_matching(gold, pred, match_claims(gold, pred, threshold, spans), CLAIM_CHECKS, spans)


def score_table(table: str, gold_doc: Mapping, pred: Sequence[Mapping], claim_match_f1: float, body: str = "") -> dict:
    """Score one table of one source; `gold_doc` is the whole gold file of the source."""
    gold = gold_doc.get(table, [])
    if table == "entities":
        return score_entities(gold, pred)
    if table == "figures":
        return score_figures(gold, pred, body=body)
    if table == "claims":
        return score_claims(gold, pred, claim_match_f1, body=body, gold_entities=gold_doc.get("entities", []))
    raise ValueError(f"unknown table {table!r}")


def normalize_source_field(field: str, value: Any) -> Any:
    """Comparable form of a source field: ISO date, stripped string or sorted list of a set."""
    if field == "published_date":
        return _date_str(value)
    if field == "date_basis":
        return normalize_text(value) or None
    if field == "credits":
        return sorted({normalize_text(v) for v in as_list(value)} - {""})
    if field == "cited_outlets":
        return sorted({normalize_text(v).casefold() for v in as_list(value)} - {""})
    if field == "boilerplate":
        return sorted({normalize_text(v) for v in as_list(value)} - {""})
    raise ValueError(f"unknown source field {field!r}")


def score_sources(gold_source: Mapping, source_row: Mapping | None, boilerplate: Any) -> dict[str, dict]:
    """Per field present in the gold: correct?, expected, got. No published row: every field wrong.

    `boilerplate` is the article's removed blocks (articles.boilerplate)."""
    out = {}
    for field in SOURCE_FIELDS:
        if field not in gold_source:
            continue
        expected = normalize_source_field(field, gold_source[field])
        if source_row is None:
            out[field] = {"correct": False, "expected": expected, "got": None}
            continue
        raw = boilerplate if field == "boilerplate" else source_row.get(field)
        got = normalize_source_field(field, raw)
        out[field] = {"correct": expected == got, "expected": expected, "got": got}
    return out


# --------------------------------------------------------------------------------------------
# corpus
# --------------------------------------------------------------------------------------------

def index_articles(articles: pd.DataFrame) -> tuple[dict[str, dict], dict[str, dict]]:
    """Article rows keyed by source_id and by normalised path (first row wins)."""
    by_id: dict[str, dict] = {}
    by_path: dict[str, dict] = {}
    for row in _records(articles):
        by_id.setdefault(str(row["source_id"]), row)
        by_path.setdefault(norm_path(row["path"]), row)
    return by_id, by_path


def published_predictions(tables: Mapping[str, pd.DataFrame], articles: pd.DataFrame) -> dict[str, dict]:
    """Per published source (keyed by normalised path): its row, body, boilerplate and predicted items."""
    by_id, by_path = index_articles(articles)
    out: dict[str, dict] = {}
    for row in _records(tables["sources"].sort_values("source_id", kind="mergesort")):
        sid, path = str(row["source_id"]), norm_path(row["path"])
        article = by_id.get(sid) or by_path.get(path) or {}
        out.setdefault(path, {
            "source_id": sid,
            "source": row,
            "body": as_str(article.get("body")) or "",
            "boilerplate": as_list(article.get("boilerplate")),
            "entities": entity_predictions(tables["entities"], tables["mentions"], sid),
            "figures": figure_predictions(tables["figures"], sid),
            "claims": claim_predictions(tables["claims"], tables["entities"], sid),
        })
    return out


def score_corpus(
    gold: Mapping[str, Mapping],
    predictions: Mapping[str, Mapping[str, Sequence[Mapping]]],
    claim_match_f1: float,
    tables: Sequence[str] = SCORED_TABLES,
    bodies: Mapping[str, str] | None = None,
) -> tuple[dict, dict]:
    """Micro-averaged metrics over the gold sources, and per-source details for the report.

    predictions: normalised path -> {table: predicted items}; a gold source without predictions
    has every gold item counted as a FN. bodies: normalised path -> article body, used to pair
    equal gold/predicted items in document order.
    """
    details: dict[str, dict] = {}
    metrics: dict[str, dict] = {}
    for table in tables:
        tp = fp = fn = 0
        attr: dict[str, list[int]] = {}
        for path in sorted(gold):
            pred = (predictions.get(path) or {}).get(table, [])
            body = (bodies or {}).get(path, "")
            result = score_table(table, gold[path], pred, claim_match_f1, body)
            details.setdefault(path, {})[table] = result
            tp, fp, fn = tp + result["tp"], fp + result["fp"], fn + result["fn"]
            for name, a in result["attributes"].items():
                counts = attr.setdefault(name, [0, 0])
                counts[0] += a["correct"]
                counts[1] += a["total"]
        metrics[table] = prf(tp, fp, fn)
        for name, (correct, total) in sorted(attr.items()):
            metrics[table][f"{name}_accuracy"] = ratio(correct, total)
    return metrics, details


def score_source_fields(gold: Mapping[str, Mapping], published: Mapping[str, Mapping]) -> tuple[dict, dict]:
    details = {}
    correct: Counter = Counter()
    total: Counter = Counter()
    for path in sorted(gold):
        pub = published.get(path)
        result = score_sources(
            gold[path].get("source", {}),
            None if pub is None else pub["source"],
            None if pub is None else pub["boilerplate"],
        )
        details[path] = result
        for field, r in result.items():
            total[field] += 1
            correct[field] += int(r["correct"])
    fields = {f: ratio(correct[f], total[f]) for f in SOURCE_FIELDS if total[f]}
    metrics = {
        "field_accuracy": ratio(sum(correct.values()), sum(total.values())),
        "fields": fields,
        "n_correct": sum(correct.values()),
        "n_fields": sum(total.values()),
    }
    return metrics, details


def evaluate(
    tables: Mapping[str, pd.DataFrame],
    articles: pd.DataFrame,
    gold: Mapping[str, Mapping],
    claim_match_f1: float,
    baselines: Mapping[str, Mapping[str, Sequence[Mapping]]] | None = None,
) -> tuple[dict, str]:
    """metrics.json content and errors.md text.

    baselines: baseline name (see BASELINES) -> normalised path -> predicted items.
    """
    gold = {norm_path(k): v for k, v in gold.items()}
    published = published_predictions(tables, articles)
    bodies = gold_bodies(articles, gold)
    for path, pub in published.items():
        if path in gold and pub["body"]:
            bodies[path] = pub["body"]
    metrics, details = score_corpus(gold, published, claim_match_f1, bodies=bodies)
    metrics["sources"], source_details = score_source_fields(gold, published)

    metrics["baselines"] = {}
    for name, table in BASELINES.items():
        if baselines is None or name not in baselines:
            continue
        preds = {path: {table: items} for path, items in baselines[name].items()}
        bm, _ = score_corpus(gold, preds, claim_match_f1, tables=(table,), bodies=bodies)
        metrics["baselines"][name] = bm[table]
    metrics["margins"] = {
        margin: round(metrics[table][key] - metrics["baselines"][base][key], NDIGITS)
        for margin, (table, base, key) in MARGINS.items()
        if base in metrics["baselines"]
    }
    metrics["targets"] = dict(TARGETS)
    achieved = {
        "figures_f1": metrics["figures"]["f1"],
        "entities_f1": metrics["entities"]["f1"],
        "claims_f1": metrics["claims"]["f1"],
        "claims_speaker_accuracy": metrics["claims"]["speaker_accuracy"],
        "source_field_accuracy": metrics["sources"]["field_accuracy"],
    }
    metrics["targets_met"] = {k: achieved[k] >= v for k, v in TARGETS.items()}
    missing = sorted(p for p in gold if p not in published)
    extra = sorted(p for p in published if p not in gold)
    metrics["n_sources"] = len(gold)
    metrics["coverage"] = {
        "gold_sources": len(gold),
        "gold_sources_without_published": len(missing),
        "published_sources_without_gold": len(extra),
    }
    report = render_errors(metrics, gold, published, details, source_details, missing, extra, bodies)
    return metrics, report


# --------------------------------------------------------------------------------------------
# errors.md
# --------------------------------------------------------------------------------------------

def _q(text: Any) -> str:
    """Inline quoted text for markdown (one line, backticks neutralised)."""
    return '"' + normalize_text(text).replace("`", "'") + '"'


def _fmt(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, list):
        return "[" + ", ".join(_q(v) for v in value) + "]" if value else "[]"
    return _q(value)


def _num(value: Any) -> str:
    if is_null(value):
        return "null"
    v = float(value)
    return str(int(v)) if v.is_integer() and abs(v) < 1e18 else repr(v)


def _pred_context(body: str, item: Mapping) -> str:
    sentence = sentence_at(body, item.get("start"), item.get("end"))
    return f"\n  > {sentence}" if sentence else ""


def _span_context(body: str, span: tuple[int, int] | None) -> str:
    if not body:
        return ""
    if span is None:
        return "\n  > (text not found in the body)" if body else ""
    return f"\n  > {sentence_at(body, *span)}"


def _gold_context(body: str, *texts: Any) -> str:
    for text in texts:
        if not normalize_text(text):
            continue
        span = locate(body, text)
        if span:
            return f"\n  > {sentence_at(body, *span)}"
    return "\n  > (text not found in the body)" if body else ""


def _speaker_str(item: Mapping) -> str:
    speaker = as_str(item.get("speaker"))
    eid = as_str(item.get("speaker_entity_id"))
    parts = [_q(speaker) if speaker else "null"]
    if eid:
        parts.append(f"[{eid}]")
    return " ".join(parts)


def _entity_lines(body: str, result: Mapping) -> list[str]:
    lines = []
    for g in result["missed"]:
        aliases = ", ".join(_q(a) for a in as_list(g.get("aliases")))
        lines.append(f"- missed: {_q(g.get('name'))} ({g.get('type')}; aliases: {aliases or '-'})"
                     + _gold_context(body, g.get("name"), *as_list(g.get("aliases"))))
    for p in result["spurious"]:
        forms = ", ".join(_q(f) for f in p.get("forms", []))
        lines.append(f"- spurious: `{p['key']}` {_q(p.get('name'))} ({p.get('type')}; forms here: {forms})"
                     + _pred_context(body, p))
    for g, p in result["attributes"]["type"]["wrong"]:
        lines.append(f"- wrong type: {_q(g.get('name'))} gold {_fmt(g.get('type'))}, predicted {_fmt(as_str(p.get('type')))} (`{p['key']}`)"
                     + _pred_context(body, p))
    return lines


def _figure_str(item: Mapping) -> str:
    extra = [f"kind {item.get('kind')}"]
    for key in ("change", "qualifier", "measure"):
        if as_str(item.get(key)):
            extra.append(f"{key} {item.get(key)}")
    return f"{_q(item.get('text'))} = {_num(item.get('value'))} {item.get('unit')} ({', '.join(extra)})"


def _figure_lines(body: str, result: Mapping) -> list[str]:
    lines = [f"- missed: {_figure_str(g)}" + _span_context(body, sp) for g, sp in zip(result["missed"], result["missed_spans"])]
    lines += [f"- spurious: `{p['key']}` {_figure_str(p)}" + _pred_context(body, p) for p in result["spurious"]]
    for name in ("kind", "change", "qualifier"):
        for g, p in result["attributes"][name]["wrong"]:
            lines.append(f"- wrong {name}: {_q(g.get('text'))} gold {_fmt(g.get(name))}, predicted {_fmt(as_str(p.get(name)))} (`{p['key']}`)"
                         + _pred_context(body, p))
    return lines


def _claim_lines(body: str, result: Mapping) -> list[str]:
    lines = []
    for g, sp in zip(result["missed"], result["missed_spans"]):
        lines.append(f"- missed: {_q(g.get('text'))} (speaker {_fmt(g.get('speaker'))}, {g.get('kind')}, cue {g.get('cue')})"
                     + _span_context(body, sp))
    for p in result["spurious"]:
        lines.append(f"- spurious: `{p['key']}` {_q(p.get('text'))} (speaker {_speaker_str(p)}, {p.get('kind')}, cue {p.get('cue')})"
                     + _pred_context(body, p))
    for g, p in result["attributes"]["speaker"]["wrong"]:
        lines.append(f"- wrong speaker: gold {_fmt(g.get('speaker'))}, predicted {_speaker_str(p)} (`{p['key']}`)"
                     + _pred_context(body, p))
    for name in ("kind", "cue", "via"):
        for g, p in result["attributes"][name]["wrong"]:
            lines.append(f"- wrong {name}: gold {_fmt(g.get(name))}, predicted {_fmt(as_str(p.get(name)))} for {_q(g.get('text'))} (`{p['key']}`)")
    return lines


def _summary_table(metrics: Mapping) -> list[str]:
    lines = [
        "| table | precision | recall | F1 | tp | fp | fn | baseline F1 | target F1 |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    base_for = {table: name for name, table in BASELINES.items()}
    for table in SCORED_TABLES:
        m = metrics[table]
        base = metrics["baselines"].get(base_for[table])
        base_f1 = f"{base['f1']:.4f}" if base else "-"
        lines.append(f"| {table} | {m['precision']:.4f} | {m['recall']:.4f} | {m['f1']:.4f} | {m['tp']} | {m['fp']} | {m['fn']} "
                     f"| {base_f1} | {TARGETS[f'{table}_f1']:.2f} |")
    c, f, s = metrics["claims"], metrics["figures"], metrics["sources"]
    lines += [
        "",
        f"- entities: type accuracy {metrics['entities']['type_accuracy']:.4f}",
        f"- claims: speaker accuracy {c['speaker_accuracy']:.4f} (target {TARGETS['claims_speaker_accuracy']:.2f}), "
        f"kind accuracy {c['kind_accuracy']:.4f}",
        f"- figures: kind accuracy {f['kind_accuracy']:.4f}, change accuracy {f['change_accuracy']:.4f}",
        f"- sources: field accuracy {s['field_accuracy']:.4f} (target {TARGETS['source_field_accuracy']:.2f}); "
        + ", ".join(f"{k} {v:.4f}" for k, v in s["fields"].items()),
    ]
    return lines


def render_errors(
    metrics: Mapping,
    gold: Mapping[str, Mapping],
    published: Mapping[str, Mapping],
    details: Mapping[str, Mapping],
    source_details: Mapping[str, Mapping],
    missing: Sequence[str],
    extra: Sequence[str],
    bodies: Mapping[str, str] | None = None,
) -> str:
    lines = ["# Evaluation errors", "",
             f"{len(gold)} gold source(s). Gold texts use ASCII quotes; predicted spans are shown in **bold** "
             "inside their sentence, missed gold items with the sentence where their text occurs.", "",
             "## Summary", ""]
    lines += _summary_table(metrics)
    if missing:
        lines += ["", "## Gold sources without a published source", "",
                  "Every gold item of these sources counts as a false negative.", ""]
        lines += [f"- {p}" for p in missing]
    if extra:
        lines += ["", "## Published sources without gold (not scored)", ""]
        lines += [f"- {p} (`{published[p]['source_id']}`)" for p in extra]
    for path in sorted(gold):
        pub = published.get(path)
        body = (bodies or {}).get(path) or (pub["body"] if pub else "")
        header = f"## {path}" + (f" (`{pub['source_id']}`)" if pub else " (not published)")
        lines += ["", header]
        sections = []
        wrong_fields = [
            f"- {field}: expected {_fmt(r['expected'])}, got " + (_fmt(r["got"]) if pub else "(no published source)")
            for field, r in source_details.get(path, {}).items() if not r["correct"]
        ]
        if wrong_fields:
            sections.append(("Source fields", wrong_fields))
        for table, fn in (("entities", _entity_lines), ("figures", _figure_lines), ("claims", _claim_lines)):
            result = details[path][table]
            table_lines = fn(body, result)
            if table_lines:
                title = f"{table.capitalize()} (tp {result['tp']}, fp {result['fp']}, fn {result['fn']})"
                sections.append((title, table_lines))
        if not sections:
            lines += ["", "No errors."]
        for title, section_lines in sections:
            lines += ["", f"### {title}", ""] + section_lines
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------------
# baselines (spaCy, one parse per article)
# --------------------------------------------------------------------------------------------

def baseline_entities_from_doc(doc) -> list[dict]:
    """Every NER span of the baseline labels; each distinct surface text is its own entity."""
    seen: dict[str, dict] = {}
    for ent in doc.ents:
        if ent.label_ not in BASELINE_ENTITY_LABELS:
            continue
        if ent.text not in seen:
            seen[ent.text] = {"key": ent.text, "name": ent.text, "type": ent.label_, "forms": [ent.text],
                              "start": ent.start_char, "end": ent.end_char}
    return list(seen.values())


_MULTIPLIERS = (("trillion", 1e12), ("billion", 1e9), ("million", 1e6))


def parse_number_naive(text: str) -> float | None:
    """First number in the text, times million/billion/trillion if the word appears."""
    m = re.search(r"\d[\d,]*(?:\.\d+)?|\.\d+", text)
    if not m:
        return None
    try:
        value = float(m.group().replace(",", ""))
    except ValueError:
        return None
    lowered = text.lower()
    for word, factor in _MULTIPLIERS:
        if re.search(rf"\b{word}\b", lowered):
            return value * factor
    return value


def baseline_figure_from_text(text: str) -> dict:
    lowered = text.lower()
    if "$" in text or "dollar" in lowered:
        unit, kind = "USD", "money"
    elif "%" in text or "percent" in lowered:
        unit, kind = "percent", "percent"
    else:
        unit, kind = "count", "count"
    return {"text": text, "value": parse_number_naive(text), "unit": unit, "kind": kind,
            "change": None, "qualifier": None}


def baseline_figures_from_doc(doc) -> list[dict]:
    """spaCy MONEY/PERCENT/QUANTITY/CARDINAL spans as figures with naively parsed values."""
    out = []
    for ent in doc.ents:
        if ent.label_ in BASELINE_FIGURE_LABELS:
            item = baseline_figure_from_text(ent.text)
            item.update({"key": f"{ent.label_.lower()}-{ent.start_char}", "start": ent.start_char, "end": ent.end_char})
            out.append(item)
    return out


def quote_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the text between paired double quotes, paired within a paragraph.

    A curly opening quote always opens, a curly closing quote always closes, a straight quote
    closes when one is open and opens otherwise."""
    spans = []
    open_at: int | None = None
    for i, ch in enumerate(text):
        if ch == "\n":
            open_at = None
        elif ch == "\u201c":
            open_at = i + 1
        elif ch == "\u201d" or (ch == '"' and open_at is not None):
            if open_at is not None and text[open_at:i].strip():
                spans.append((open_at, i))
            open_at = None
        elif ch == '"':
            open_at = i + 1
    return spans


def baseline_claims_from_doc(doc) -> list[dict]:
    """Every text between paired double quotes is a direct quote; speaker is the nearest PERSON
    entity (outside the quote) in the sentence(s) of the quote or the sentence before."""
    text = doc.text
    sents = [(s.start_char, s.end_char) for s in doc.sents]
    persons = [e for e in doc.ents if e.label_ == "PERSON"]
    out = []
    for start, end in quote_spans(text):
        s_first = next((i for i, (a, b) in enumerate(sents) if a <= start < b), 0)
        s_last = next((i for i, (a, b) in enumerate(sents) if a < end <= b), s_first)
        lo = sents[max(0, s_first - 1)][0] if sents else 0
        hi = sents[s_last][1] if sents else len(text)
        best = None
        for e in persons:
            if e.start_char < lo or e.end_char > hi or (e.start_char < end and e.end_char > start):
                continue
            distance = start - e.end_char if e.end_char <= start else e.start_char - end
            if best is None or distance < best[0]:
                best = (distance, e.text)
        speaker = best[1] if best else None
        out.append({"key": f"quote-{start}", "text": text[start:end].strip(), "speaker": speaker,
                    "speaker_entity_id": None, "speaker_names": [], "kind": "direct_quote",
                    "cue": None, "via": None, "start": start, "end": end})
    return out


BASELINE_FUNCTIONS = {
    "entities_spacy_raw": baseline_entities_from_doc,
    "figures_spacy_numeric": baseline_figures_from_doc,
    "claims_quote_marks": baseline_claims_from_doc,
}


def baseline_predictions_from_docs(docs: Mapping[str, Any]) -> dict[str, dict[str, list[dict]]]:
    """baseline name -> path -> items, from already parsed Docs keyed by path."""
    return {name: {path: fn(doc) for path, doc in sorted(docs.items())} for name, fn in BASELINE_FUNCTIONS.items()}


def run_baselines(bodies: Mapping[str, str], model: str, batch_size: int = 16) -> dict[str, dict[str, list[dict]]]:
    """Parse each body once with the installed spaCy package `model` and run every baseline."""
    import spacy

    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise InputError(f"spaCy model {model!r} is not installed: {exc}") from None
    paths = sorted(bodies)
    docs = dict(zip(paths, nlp.pipe((bodies[p] for p in paths), batch_size=batch_size)))
    return baseline_predictions_from_docs(docs)


# --------------------------------------------------------------------------------------------
# CLI
# --------------------------------------------------------------------------------------------

def read_table(path: Path, name: str) -> pd.DataFrame:
    if not path.is_file():
        raise InputError(f"{name} table not found: {path}")
    df = read_parquet(path)
    missing = [c for c in REQUIRED_COLUMNS[name] if c not in df.columns]
    if missing:
        raise InputError(f"{path} lacks column(s) {', '.join(missing)}")
    return df


def gold_bodies(articles: pd.DataFrame, gold: Mapping[str, Mapping]) -> dict[str, str]:
    """Article body per gold path (gold sources without an article are left out)."""
    _, by_path = index_articles(articles)
    return {p: as_str(by_path[p].get("body")) or "" for p in sorted(gold) if p in by_path}


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m pipeline.evaluate", description=__doc__.split("\n\n")[0])
    parser.add_argument("--published", required=True, type=Path, help="directory with the published <table>.parquet")
    parser.add_argument("--articles", required=True, type=Path, help="data/interim/articles.parquet")
    parser.add_argument("--gold", required=True, type=Path, help="gold directory (one <stem>.json per seed + gold.schema.json)")
    parser.add_argument("--params", required=True, type=Path, help="params.yaml")
    parser.add_argument("--metrics", required=True, type=Path, help="output metrics.json")
    parser.add_argument("--errors", required=True, type=Path, help="output errors.md")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        params = load_params(args.params)
        gold = load_gold(args.gold)
        tables = {name: read_table(args.published / f"{name}.parquet", name) for name in TABLES}
        articles = read_table(args.articles, "articles")
        baselines = run_baselines(gold_bodies(articles, gold), params.extract.model, params.extract.batch_size)
    except (ConfigError, GoldError, InputError) as exc:
        print(f"evaluate: error: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    metrics, report = evaluate(tables, articles, gold, params.evaluate.claim_match_f1, baselines)
    write_json(args.metrics, metrics)
    write_text(args.errors, report)
    e, f, c, s = metrics["entities"], metrics["figures"], metrics["claims"], metrics["sources"]
    print(f"evaluate: {metrics['n_sources']} sources; F1 entities {e['f1']:.4f}, figures {f['f1']:.4f}, "
          f"claims {c['f1']:.4f} (speaker acc {c['speaker_accuracy']:.4f}); source fields {s['field_accuracy']:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
