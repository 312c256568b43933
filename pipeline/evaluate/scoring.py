"""Scores of a set of articles: micro-averaged precision / recall / F1 per table, attribute and
source-field accuracies, 95% bootstrap intervals over articles, per-group breakdowns, baselines.

Intervals: the articles of a set are resampled with replacement (`resamples` times, a fixed
seed, so the numbers repeat exactly); each metric is recomputed from the summed counts of the
resampled articles and the 2.5th and 97.5th percentiles are reported as `<metric>_low` and
`<metric>_high`. Resampling articles, not items, respects that errors cluster within articles.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from pipeline.evaluate.match import SCORED_TABLES, SOURCE_FIELDS, score_sources, score_table
from pipeline.evaluate.predictions import gold_articles, published_predictions
from pipeline.evaluate.text import as_str, norm_path

NDIGITS = 4
CONFIDENCE = 0.95

TARGETS = {
    "entities_f1": 0.93,
    "figures_f1": 0.95,
    "claims_f1": 0.90,
    "claims_speaker_accuracy": 0.93,
    "source_field_accuracy": 0.95,
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


@dataclass(frozen=True)
class Bootstrap:
    resamples: int = 2000
    seed: int = 20261128

    def indices(self, n: int) -> np.ndarray:
        """(resamples, n) article indices drawn with replacement; same n and seed, same draw."""
        return np.random.default_rng(self.seed).integers(0, n, size=(self.resamples, n))


def _round(x: float) -> float:
    return round(float(x), NDIGITS)


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    num, den = np.asarray(num, dtype=float), np.asarray(den, dtype=float)
    return np.divide(num, den, out=np.zeros_like(num), where=den > 0)


def _interval(values: np.ndarray) -> tuple[float, float]:
    tail = (1 - CONFIDENCE) / 2 * 100
    low, high = np.percentile(values, [tail, 100 - tail])
    return _round(low), _round(high)


def prf(tp: int, fp: int, fn: int) -> dict:
    """Precision, recall and F1 (0.0 when undefined), rounded, with the counts."""
    tp, fp, fn = int(tp), int(fp), int(fn)
    return {
        "precision": _round(_ratio(tp, tp + fp)),
        "recall": _round(_ratio(tp, tp + fn)),
        "f1": _round(_ratio(2 * tp, 2 * tp + fp + fn)),
        "tp": tp,
        "fp": fp,
        "fn": fn,
    }


def ratio(correct: int, total: int) -> float:
    return _round(_ratio(correct, total))


def prf_with_intervals(tp: np.ndarray, fp: np.ndarray, fn: np.ndarray, idx: np.ndarray | None) -> dict:
    """prf of the summed per-article counts, plus bootstrap intervals when `idx` is given."""
    out = prf(tp.sum(), fp.sum(), fn.sum())
    if idx is not None and len(tp):
        stp, sfp, sfn = tp[idx].sum(axis=1), fp[idx].sum(axis=1), fn[idx].sum(axis=1)
        resampled = {"precision": _ratio(stp, stp + sfp), "recall": _ratio(stp, stp + sfn),
                     "f1": _ratio(2 * stp, 2 * stp + sfp + sfn)}
        for name, values in resampled.items():
            out[f"{name}_low"], out[f"{name}_high"] = _interval(values)
    return out


def accuracy_with_interval(correct: np.ndarray, total: np.ndarray, idx: np.ndarray | None, name: str) -> dict:
    out = {name: ratio(correct.sum(), total.sum())}
    if idx is not None and len(correct):
        out[f"{name}_low"], out[f"{name}_high"] = _interval(_ratio(correct[idx].sum(axis=1), total[idx].sum(axis=1)))
    return out


# ---------------------------------------------------------------------------------- per article

def score_articles(gold: Mapping[str, Mapping], predictions: Mapping[str, Mapping], claim_match_f1: float,
                   tables: Sequence[str] = SCORED_TABLES, bodies: Mapping[str, str] | None = None) -> dict:
    """path -> table -> counts and details. A gold source without predictions has every gold
    item counted as a FN. bodies: path -> article body, used to pair equal items in document order."""
    details: dict[str, dict] = {}
    for path in sorted(gold):
        for table in tables:
            pred = (predictions.get(path) or {}).get(table, [])
            details.setdefault(path, {})[table] = score_table(table, gold[path], pred, claim_match_f1,
                                                              (bodies or {}).get(path, ""))
    return details


def score_source_fields(gold: Mapping[str, Mapping], predictions: Mapping[str, Mapping]) -> dict:
    """path -> field -> {correct, expected, got}."""
    out = {}
    for path in sorted(gold):
        pred = predictions.get(path)
        out[path] = score_sources(gold[path].get("source", {}), None if pred is None else pred["source"],
                                  None if pred is None else pred["boilerplate"])
    return out


# ---------------------------------------------------------------------------------- aggregation

def table_metrics(details: Mapping[str, Mapping], table: str, paths: Sequence[str], idx: np.ndarray | None,
                  interval_attributes: Sequence[str] = ("speaker",)) -> dict:
    results = [details[p][table] for p in paths]
    counts = {k: np.array([r[k] for r in results], dtype=float) for k in ("tp", "fp", "fn")}
    out = prf_with_intervals(counts["tp"], counts["fp"], counts["fn"], idx)
    attr_names = sorted({name for r in results for name in r["attributes"]})
    for name in attr_names:
        correct = np.array([r["attributes"][name]["correct"] for r in results], dtype=float)
        total = np.array([r["attributes"][name]["total"] for r in results], dtype=float)
        out.update(accuracy_with_interval(correct, total, idx if name in interval_attributes else None,
                                          f"{name}_accuracy"))
    return out


def source_metrics(source_details: Mapping[str, Mapping], paths: Sequence[str], idx: np.ndarray | None) -> dict:
    correct = np.array([sum(r["correct"] for r in source_details[p].values()) for p in paths], dtype=float)
    total = np.array([len(source_details[p]) for p in paths], dtype=float)
    out = accuracy_with_interval(correct, total, idx, "field_accuracy")
    fields = {}
    for field in SOURCE_FIELDS:
        rows = [source_details[p][field] for p in paths if field in source_details[p]]
        if rows:
            fields[field] = ratio(sum(r["correct"] for r in rows), len(rows))
    out.update({"fields": fields, "n_correct": int(correct.sum()), "n_fields": int(total.sum())})
    return out


def group_metrics(details: Mapping[str, Mapping], source_details: Mapping[str, Mapping], paths: Sequence[str],
                  bootstrap: Bootstrap | None, tables: Sequence[str] = SCORED_TABLES) -> dict:
    """Metrics of the articles `paths` (sorted), with intervals when `bootstrap` is given."""
    paths = sorted(paths)
    idx = bootstrap.indices(len(paths)) if bootstrap is not None and paths else None
    out: dict = {"n_sources": len(paths)}
    for table in tables:
        out[table] = table_metrics(details, table, paths, idx)
    out["sources"] = source_metrics(source_details, paths, idx)
    return out


def score_set(gold: Mapping[str, Mapping], predictions: Mapping[str, Mapping], claim_match_f1: float,
              bodies: Mapping[str, str] | None = None,
              baselines: Mapping[str, Mapping[str, Sequence[Mapping]]] | None = None,
              group_of: Callable[[str], str] | None = None,
              bootstrap: Bootstrap | None = Bootstrap()) -> tuple[dict, dict, dict]:
    """(metrics, details, source_details) of one evaluation set.

    predictions: path -> {"source", "boilerplate", table: items}; baselines: baseline name (see
    BASELINES) -> path -> items; group_of: path -> group name for a per-group breakdown (e.g.
    newswire / web) with its own intervals.
    """
    paths = sorted(gold)
    details = score_articles(gold, predictions, claim_match_f1, bodies=bodies)
    source_details = score_source_fields(gold, predictions)
    metrics = group_metrics(details, source_details, paths, bootstrap)
    if group_of is not None:
        groups: dict[str, list[str]] = {}
        for path in paths:
            groups.setdefault(group_of(path), []).append(path)
        metrics["by_corpus"] = {name: group_metrics(details, source_details, members, bootstrap)
                                for name, members in sorted(groups.items())}
    metrics["baselines"] = {}
    for name, table in BASELINES.items():
        if baselines is None or name not in baselines:
            continue
        preds = {path: {table: items} for path, items in baselines[name].items()}
        base_details = score_articles(gold, preds, claim_match_f1, tables=(table,), bodies=bodies)
        idx = bootstrap.indices(len(paths)) if bootstrap is not None and paths else None
        metrics["baselines"][name] = table_metrics(base_details, table, paths, idx)
    metrics["margins"] = {
        margin: _round(metrics[table][key] - metrics["baselines"][base][key])
        for margin, (table, base, key) in MARGINS.items()
        if base in metrics["baselines"]
    }
    achieved = {
        "entities_f1": metrics["entities"]["f1"],
        "figures_f1": metrics["figures"]["f1"],
        "claims_f1": metrics["claims"]["f1"],
        "claims_speaker_accuracy": metrics["claims"]["speaker_accuracy"],
        "source_field_accuracy": metrics["sources"]["field_accuracy"],
    }
    metrics["targets"] = dict(TARGETS)
    metrics["targets_met"] = {k: achieved[k] >= v for k, v in TARGETS.items()}
    if bootstrap is not None:
        metrics["bootstrap"] = {"resamples": bootstrap.resamples, "seed": bootstrap.seed, "confidence": CONFIDENCE}
    return metrics, details, source_details


def evaluate_published(tables: Mapping, articles, gold: Mapping[str, Mapping], claim_match_f1: float,
                       baselines: Mapping[str, Mapping[str, Sequence[Mapping]]] | None = None,
                       group_of: Callable[[str], str] | None = None,
                       bootstrap: Bootstrap | None = Bootstrap()) -> tuple[dict, dict]:
    """Score published tables (+ the interim articles, for bodies and removed boilerplate)
    against gold. Returns (metrics, context for the error report). Only sources with gold are read."""
    gold = {norm_path(k): v for k, v in gold.items()}
    published = published_predictions(tables, articles, gold)
    bodies = {p: as_str(row.get("body")) or "" for p, row in gold_articles(articles, gold).items()}
    bodies.update({p: pub["body"] for p, pub in published.items() if pub["body"]})
    metrics, details, source_details = score_set(gold, published, claim_match_f1, bodies, baselines,
                                                 group_of, bootstrap)
    all_paths = set(tables["sources"]["path"].map(norm_path))
    missing = sorted(p for p in gold if p not in published)
    metrics["coverage"] = {
        "gold_sources": len(gold),
        "gold_sources_without_published": len(missing),
        "published_sources_without_gold": len(all_paths - set(gold)),
    }
    context = {"gold": gold, "predictions": published, "details": details, "source_details": source_details,
               "missing": missing, "bodies": bodies}
    return metrics, context
