"""heldout: score the extractors on articles the rules were not written against.

Runs the same pure stage functions as the main pipeline (ingest -> extract -> resolve) on
data/heldout/articles in memory, then the evaluate scorer and baselines against
data/heldout/gold. Nothing of it is published; the metrics are the out-of-sample numbers.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pipeline.config import ConfigError, load_params
from pipeline.evaluate import GoldError, evaluate, gold_bodies, load_gold, run_baselines
from pipeline.extract import extract_articles
from pipeline.ingest import collect_files, ingest_files
from pipeline.io import write_json, write_text
from pipeline.nlp import ModelError
from pipeline.publish import for_parquet
from pipeline.resolve import resolve_tables


def heldout_metrics(articles_dir: Path, gold_dir: Path, schema: Path, params) -> tuple[dict, str]:
    files, _ = collect_files(articles_dir.resolve(), Path.cwd())
    articles, rejects = ingest_files(files, params.ingest)
    if len(rejects):
        raise ValueError("held-out articles rejected: " + "; ".join(f"{r.path}: {r.reason}" for r in rejects.itertuples()))
    tables = resolve_tables(articles, extract_articles(articles, params.extract), params.resolve)
    tables = {name: for_parquet(name, df) for name, df in tables.items()}
    gold = load_gold(gold_dir, schema)
    baselines = run_baselines(gold_bodies(articles, gold), params.extract.model, params.extract.batch_size)
    return evaluate(tables, articles, gold, params.evaluate.claim_match_f1, baselines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", required=True, type=Path, help="folder of held-out *.txt articles")
    ap.add_argument("--gold", required=True, type=Path)
    ap.add_argument("--gold-schema", required=True, type=Path, help="the JSON schema shared with data/gold")
    ap.add_argument("--params", default="params.yaml")
    ap.add_argument("--metrics", required=True, type=Path)
    ap.add_argument("--errors", required=True, type=Path)
    args = ap.parse_args(argv)
    try:
        metrics, report = heldout_metrics(args.articles, args.gold, args.gold_schema, load_params(args.params))
    except (ConfigError, GoldError, ModelError, ValueError) as exc:
        print(f"heldout: error: {exc}", file=sys.stderr)
        return 2
    write_json(args.metrics, metrics)
    write_text(args.errors, report)
    e, f, c = metrics["entities"], metrics["figures"], metrics["claims"]
    print(f"heldout: {metrics['n_sources']} sources; F1 entities {e['f1']:.4f}, figures {f['f1']:.4f}, "
          f"claims {c['f1']:.4f} (speaker acc {c['speaker_accuracy']:.4f}); "
          f"source fields {metrics['sources']['field_accuracy']:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
