"""Command line of the scorer.

    python -m pipeline.evaluate published --published data/published --articles data/interim/articles \\
        --gold data/gold --params params.yaml --metrics data/reports/metrics/seeds.json \\
        --errors data/reports/errors/seeds.md
    python -m pipeline.evaluate agreement --first data/eval/test/gold --second data/eval/agreement \\
        --seed-schema data/gold/gold.schema.json --params params.yaml --metrics data/reports/metrics/agreement.json

`published` scores the published tables against the seed gold (in-sample: the rules were written
while reading the seeds). `agreement` scores a blind second annotation against the first one
(the first as gold) with the same scorer: how far two careful annotators agree bounds how
precisely any system can be measured on these articles.
"""
from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from pipeline.config import ConfigError, Params, load_params
from pipeline.evaluate.baselines import cached_baselines, run_baselines
from pipeline.evaluate.gold import GoldError, corpus_gold_schema, load_gold, read_schema
from pipeline.evaluate.predictions import (
    TABLES, InputError, annotation_predictions, check_columns, gold_articles,
)
from pipeline.evaluate.report import render_errors
from pipeline.evaluate.scoring import Bootstrap, evaluate_published, score_set
from pipeline.evaluate.text import as_str, norm_path
from pipeline.io import read_parquet, write_json, write_text
from pipeline.partitions import part_files, read_rows


def bootstrap_of(params: Params) -> Bootstrap:
    return Bootstrap(params.evaluate.bootstrap_resamples, params.evaluate.bootstrap_seed)


def read_table(path: Path, name: str) -> pd.DataFrame:
    if not path.is_file():
        raise InputError(f"{name} table not found: {path}")
    return check_columns(read_parquet(path), name, path)


def headline(metrics: dict) -> str:
    """One line of numbers (never item-level details)."""
    e, f, c, s = metrics["entities"], metrics["figures"], metrics["claims"], metrics["sources"]
    return (f"{metrics['n_sources']} sources; F1 entities {e['f1']:.4f}, figures {f['f1']:.4f}, "
            f"claims {c['f1']:.4f} (speaker acc {c['speaker_accuracy']:.4f}); source fields {s['field_accuracy']:.4f}")


def gold_rows(path: Path, column: str, values, name: str) -> pd.DataFrame:
    """The rows of a published table (or the partitioned articles) whose `column` is in `values`:
    the seed evaluation reads what its gold covers, so its time does not grow with the corpus."""
    if not path.exists():
        raise InputError(f"{name} table not found: {path}")
    schema = pq.read_schema(part_files(path)[0])
    if column not in schema.names:
        return check_columns(read_rows(path), name, path)  # check_columns names what is missing
    wanted = pa.array(sorted({str(v) for v in values}), type=pa.string())
    files = [str(f) for f in part_files(path)]
    table = ds.dataset(files, format="parquet").to_table(filter=pc.field(column).isin(wanted))
    return check_columns(table.to_pandas(), name, path)


def read_gold_tables(published: Path, articles_path: Path, gold_paths) -> tuple[dict[str, pd.DataFrame], pd.DataFrame]:
    """(published tables, articles) restricted to the gold articles; the sources table is read
    whole (scoring counts the published sources without gold)."""
    sources = read_table(published / "sources.parquet", "sources")
    if not articles_path.exists():
        raise InputError(f"articles table not found: {articles_path}")
    wanted = {norm_path(p) for p in gold_paths}
    paths = read_rows(articles_path, columns=["path"])["path"] if "path" in \
        pq.read_schema(part_files(articles_path)[0]).names else pd.Series(dtype=object)
    articles = gold_rows(articles_path, "path", {p for p in paths if norm_path(p) in wanted}, "articles")
    ids = set(sources.loc[sources["path"].map(norm_path).isin(wanted), "source_id"].astype(str))
    ids |= set(articles["source_id"].astype(str))
    tables = {"sources": sources}
    for name in ("mentions", "figures", "claims"):
        tables[name] = gold_rows(published / f"{name}.parquet", "source_id", ids, name)
    needed = set(tables["mentions"]["entity_id"].dropna().astype(str)) | \
        set(tables["claims"]["speaker_entity_id"].dropna().astype(str))
    tables["entities"] = gold_rows(published / "entities.parquet", "entity_id", needed, "entities")
    return {name: tables[name] for name in TABLES}, articles


def run_published(args: argparse.Namespace) -> None:
    params = load_params(args.params)
    gold = load_gold(args.gold)
    tables, articles = read_gold_tables(args.published, args.articles, gold)
    bodies = {p: as_str(row.get("body")) or "" for p, row in gold_articles(articles, gold).items()}
    model = params.extract.model
    baselines = cached_baselines(bodies, model, args.cache,
                                 lambda: run_baselines(bodies, model, params.extract.batch_size))
    metrics, context = evaluate_published(tables, articles, gold, params.evaluate.claim_match_f1, baselines,
                                          bootstrap=bootstrap_of(params))
    write_json(args.metrics, metrics)
    write_text(args.errors, render_errors(metrics, context, "Evaluation errors: seeds (in-sample)"))
    print(f"evaluate: {headline(metrics)}")


def agreement_metrics(first: dict[str, dict], second: dict[str, dict], claim_match_f1: float,
                      bootstrap: Bootstrap | None) -> dict:
    """Agreement of a second annotation with the first (the first taken as gold), per table and
    for speakers and source fields, over the articles of the second annotation."""
    missing = sorted(set(second) - set(first))
    if missing:
        raise GoldError(f"second annotation of article(s) without a first annotation: {', '.join(missing)}")
    gold = {p: first[p] for p in second}
    predictions = {p: annotation_predictions(doc) for p, doc in second.items()}
    metrics, _, _ = score_set(gold, predictions, claim_match_f1, bootstrap=bootstrap)
    for key in ("baselines", "margins", "targets", "targets_met"):
        metrics.pop(key, None)
    metrics["articles"] = sorted(second)
    return metrics


def run_agreement(args: argparse.Namespace) -> None:
    params = load_params(args.params)
    schema = corpus_gold_schema(read_schema(args.seed_schema))
    metrics = agreement_metrics(load_gold(args.first, schema), load_gold(args.second, schema),
                                params.evaluate.claim_match_f1, bootstrap_of(params))
    write_json(args.metrics, metrics)
    print(f"agreement: {headline(metrics)}")


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m pipeline.evaluate", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    pub = sub.add_parser("published", help="score published tables against seed gold")
    pub.add_argument("--published", required=True, type=Path, help="directory with the published <table>.parquet")
    pub.add_argument("--articles", required=True, type=Path, help="data/interim/articles (the ingest stage's partitions) or one Parquet file")
    pub.add_argument("--gold", required=True, type=Path, help="gold directory (one <stem>.json per seed + gold.schema.json)")
    pub.add_argument("--params", required=True, type=Path, help="params.yaml")
    pub.add_argument("--metrics", required=True, type=Path, help="output metrics JSON")
    pub.add_argument("--errors", required=True, type=Path, help="output errors Markdown")
    pub.add_argument("--cache", type=Path, default=None,
                     help="folder keeping the baselines' predictions between runs (omit to parse the gold articles every run)")
    agr = sub.add_parser("agreement", help="score a second annotation against the first")
    agr.add_argument("--first", required=True, type=Path, help="folder of the first annotation (taken as gold)")
    agr.add_argument("--second", required=True, type=Path, help="folder of the blind second annotation")
    agr.add_argument("--seed-schema", required=True, type=Path, help="data/gold/gold.schema.json")
    agr.add_argument("--params", required=True, type=Path, help="params.yaml")
    agr.add_argument("--metrics", required=True, type=Path, help="output metrics JSON")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    run = {"published": run_published, "agreement": run_agreement}[args.command]
    try:
        run(args)
    except (ConfigError, GoldError, InputError) as exc:
        print(f"evaluate: error: {exc}", file=sys.stderr)
        return 2
    return 0
