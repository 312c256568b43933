"""Matching gold items to predicted items, and the counts of one table of one article.

Gold items are the objects of a gold file; predicted items are plain dicts built by
pipeline.evaluate.predictions (from published tables, from a baseline, or from a second
annotation). An item marked `optional: true` on either side never counts: a matched pair with an
optional item is neither TP, FP nor FN, an unmatched optional item is no FN (gold) or FP
(prediction). Predictions of the pipeline are never optional; for two annotations the rule is
symmetric, so agreement F1 does not depend on which annotation is taken as gold.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from pipeline.evaluate.gold import is_optional
from pipeline.evaluate.text import (
    FIGURE_REL_TOL, as_list, as_str, date_str, is_null, locate_in_order, normalize_name, normalize_text,
    same_optional_str, token_f1, tokens, values_close,
)

SCORED_TABLES = ("entities", "figures", "claims")
SOURCE_FIELDS = ("published_date", "date_basis", "credits", "cited_outlets", "boilerplate")
_FAR = 10**12

Span = tuple[int, int] | None


def _gold_order(gold: Sequence[Mapping]) -> list[int]:
    """Required gold items first, then optional ones, each in file order."""
    return sorted(range(len(gold)), key=lambda i: (is_optional(gold[i]), i))


def match_entities(gold: Sequence[Mapping], pred: Sequence[Mapping]) -> list[tuple[int, int]]:
    """One-to-one maximum matching (gold index, pred index) on shared normalised surface forms.

    Gold forms are name + aliases, predicted forms are the `forms` list (name + mention texts).
    Augmenting paths, required gold first: the matching is maximum and covers as many required
    gold entities as possible; ties resolve by file / prediction order.
    """
    gold_forms = [{normalize_name(x) for x in [g.get("name")] + as_list(g.get("aliases"))} - {""} for g in gold]
    pred_forms = [{normalize_name(x) for x in as_list(p.get("forms")) + [p.get("name")]} - {""} for p in pred]
    adj = {gi: [pi for pi in range(len(pred)) if gold_forms[gi] & pred_forms[pi]] for gi in range(len(gold))}
    return maximum_matching(adj, _gold_order(gold))


def maximum_matching(adj: Mapping[int, Sequence[int]], order: Iterable[int]) -> list[tuple[int, int]]:
    """A maximum one-to-one matching (gold index, pred index) by augmenting paths over
    adj (gold index -> pred indices it may match), gold items tried in `order`."""
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

    for gi in order:
        augment(gi, set())
    return sorted((gi, pi) for pi, gi in owner.items())


def _distance(gold_span: Span, pred: Mapping) -> int:
    """Character distance between a located gold item and a predicted row (large if unknown)."""
    if gold_span is None or is_null(pred.get("start")):
        return _FAR
    return abs(gold_span[0] - int(pred["start"]))


def _spans(gold: Sequence[Mapping], gold_spans: Sequence[Span] | None) -> list[Span]:
    return list(gold_spans) if gold_spans is not None else [None] * len(gold)


def _greedy(candidates: list[tuple]) -> list[tuple[int, int]]:
    """Pairs from candidate tuples (..., gi, pi) taken best-first (tuple order), one-to-one."""
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


def match_figures(gold: Sequence[Mapping], pred: Sequence[Mapping], rel_tol: float = FIGURE_REL_TOL,
                  gold_spans: Sequence[Span] | None = None) -> list[tuple[int, int]]:
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
            candidates.append((is_optional(g), _distance(spans[gi], p), not same_text, gi, pi))
    return _greedy(candidates)


def match_claims(gold: Sequence[Mapping], pred: Sequence[Mapping], threshold: float,
                 gold_spans: Sequence[Span] | None = None) -> list[tuple[int, int]]:
    """One-to-one greedy by token F1 >= threshold, best pairs first; ties: required gold first,
    then nearest position (when located), then gold file order, then prediction order."""
    spans = _spans(gold, gold_spans)
    candidates = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            f1 = token_f1(g.get("text"), p.get("text"))
            if f1 > 0 and f1 >= threshold:
                candidates.append((-round(f1, 9), is_optional(g), _distance(spans[gi], p), gi, pi))
    return _greedy(candidates)


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


Check = Callable[[Mapping, Mapping], bool]
ENTITY_CHECKS: dict[str, Check] = {
    "type": lambda g, p: same_optional_str(g.get("type"), p.get("type"), str.upper),
}
FIGURE_CHECKS: dict[str, Check] = {
    "kind": lambda g, p: same_optional_str(g.get("kind"), p.get("kind")),
    "change": lambda g, p: same_optional_str(g.get("change"), p.get("change")),
    "qualifier": lambda g, p: same_optional_str(g.get("qualifier"), p.get("qualifier")),
}
CLAIM_CHECKS: dict[str, Check] = {
    "speaker": lambda g, p: speaker_correct(g.get("speaker"), p, g.get("speaker_forms", ())),
    "kind": lambda g, p: same_optional_str(g.get("kind"), p.get("kind")),
    "cue": lambda g, p: same_optional_str(g.get("cue"), p.get("cue"), str.casefold),
    "via": lambda g, p: same_optional_str(g.get("via"), p.get("via"), normalize_name),
}


def score_matching(gold: Sequence[Mapping], pred: Sequence[Mapping], pairs: Iterable[tuple[int, int]],
                   checks: Mapping[str, Check], gold_spans: Sequence[Span] | None = None) -> dict:
    """Counts and details of one table for one source, given the matched (gold, pred) index pairs.

    A pair with an optional item (either side) is neither TP, FP nor FN; an unmatched optional gold
    item is not a FN, an unmatched optional predicted item not a FP. Attribute checks run over TP
    pairs only.
    """
    pairs = sorted(pairs)
    matched_g = {gi for gi, _ in pairs}
    matched_p = {pi for _, pi in pairs}
    spans = _spans(gold, gold_spans)
    tp_pairs = [(gold[gi], pred[pi]) for gi, pi in pairs if not is_optional(gold[gi]) and not is_optional(pred[pi])]
    missed = [gi for gi, g in enumerate(gold) if gi not in matched_g and not is_optional(g)]
    spurious = [p for pi, p in enumerate(pred) if pi not in matched_p and not is_optional(p)]
    attributes = {}
    for name, check in checks.items():
        wrong = [(g, p) for g, p in tp_pairs if not check(g, p)]
        attributes[name] = {"correct": len(tp_pairs) - len(wrong), "total": len(tp_pairs), "wrong": wrong}
    return {
        "tp": len(tp_pairs),
        "fp": len(spurious),
        "fn": len(missed),
        "missed": [gold[gi] for gi in missed],
        "missed_spans": [spans[gi] for gi in missed],
        "spurious": spurious,
        "attributes": attributes,
    }


def score_entities(gold: Sequence[Mapping], pred: Sequence[Mapping]) -> dict:
    return score_matching(gold, pred, match_entities(gold, pred), ENTITY_CHECKS)


def score_figures(gold: Sequence[Mapping], pred: Sequence[Mapping], rel_tol: float = FIGURE_REL_TOL,
                  body: str = "") -> dict:
    """`body` (optional) locates the gold occurrences so equal values pair in document order."""
    spans = locate_in_order([g.get("text") for g in gold], body) if body else None
    return score_matching(gold, pred, match_figures(gold, pred, rel_tol, spans), FIGURE_CHECKS, spans)


def entity_forms_by_name(entities: Sequence[Mapping]) -> dict[str, list[str]]:
    """Normalised name or alias -> all surface forms (name + aliases) of that annotated entity."""
    forms_by_key: dict[str, list[str]] = {}
    for ent in entities:
        forms = [f for f in [ent.get("name")] + as_list(ent.get("aliases")) if normalize_text(f)]
        for f in forms:
            forms_by_key.setdefault(normalize_name(f), forms)
    return forms_by_key


def with_speaker_forms(claims: Sequence[Mapping], gold_entities: Sequence[Mapping]) -> list[dict]:
    """Gold claims with `speaker_forms`: name + aliases of the gold entity whose name or alias
    the gold speaker is (empty for group speakers such as "Japanese officials")."""
    forms_by_key = entity_forms_by_name(gold_entities)
    return [dict(c, speaker_forms=forms_by_key.get(normalize_name(c.get("speaker")), [])) for c in claims]


def score_claims(gold: Sequence[Mapping], pred: Sequence[Mapping], threshold: float, body: str = "",
                 gold_entities: Sequence[Mapping] = ()) -> dict:
    """`gold_entities` (the same gold file's entities) lets an alias of the gold speaker count
    as the right speaker; `body` pairs equally good matches in document order."""
    gold = with_speaker_forms(gold, gold_entities)
    spans = locate_in_order([g.get("text") for g in gold], body) if body else None
    return score_matching(gold, pred, match_claims(gold, pred, threshold, spans), CLAIM_CHECKS, spans)


def score_table(table: str, gold_doc: Mapping, pred: Sequence[Mapping], claim_match_f1: float,
                body: str = "") -> dict:
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
        return date_str(value)
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
