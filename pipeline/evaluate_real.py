"""evaluate_real stage: quality on real articles nobody tuned the rules to.

Reads data/eval/selection.json (articles of Reuters-21578 and of the web-page corpus chosen by a
recorded seed and split into dev and test), reads each selected article from the shared corpora
folder in place (never copied into the repository) and checks its SHA-256 against the selection
(a changed corpus is an error, not a silent change of the test set). The articles that have gold
(data/eval/<split>/gold/) go through the same pure stage functions as the published pipeline
(ingest's article function with the corpus metadata as manifest values, extract, resolve) and are
scored by pipeline.evaluate against their gold, split by split.

Writes one metrics file per split (dvc metrics) and the error report of the dev split only: test
errors are never written or printed, so no rule can be written against them.

    python -m pipeline.evaluate_real --selection data/eval/selection.json --corpora ../shared/corpora \\
        --eval-dir data/eval --seed-schema data/gold/gold.schema.json --params params.yaml \\
        --metrics-dir data/reports/metrics --dev-errors data/reports/errors/dev.md
"""
from __future__ import annotations

import argparse
import datetime as dt
import gzip
import hashlib
import json
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import pandas as pd

from pipeline.config import ConfigError, Params, load_params
from pipeline.evaluate.baselines import run_baselines
from pipeline.evaluate.cli import bootstrap_of, headline
from pipeline.evaluate.gold import GoldError, corpus_gold_schema, load_gold, read_schema
from pipeline.evaluate.report import render_errors
from pipeline.evaluate.scoring import evaluate_published
from pipeline.extract import extract_articles
from pipeline.ingest import ingest_files
from pipeline.readers import Input
from pipeline.io import write_json, write_text
from pipeline.nlp import ModelError
from pipeline.publish import for_parquet
from pipeline.resolve import resolve_tables

SPLITS = ("dev", "test")
ERRORS_SPLITS = ("dev",)  # test errors are never rendered
CORPUS_FILES = {"reuters21578": "reuters21578.jsonl.gz", "web-pages": "web-pages/ground-truth.jsonl"}
WEB_KEY_CHARS = 16
_LINE_ID = re.compile(r'^\{"id": "([^"]+)"')


class SelectionError(ValueError):
    """The selection file is malformed, or the corpora do not hold the selected texts unchanged."""


# ---------------------------------------------------------------------------------- selection

def read_selection(path: Path) -> list[dict]:
    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SelectionError(f"selection file not found: {path}") from None
    except json.JSONDecodeError as exc:
        raise SelectionError(f"selection file {path} is not valid JSON: {exc}") from None
    items = doc.get("articles") if isinstance(doc, dict) else None
    if not isinstance(items, list) or not items:
        raise SelectionError(f"selection file {path} has no 'articles' list")
    for i, item in enumerate(items):
        missing = [k for k in ("corpus", "id", "sha256", "split") if not isinstance(item.get(k), str)]
        if missing:
            raise SelectionError(f"selection file {path}: article {i} lacks {', '.join(missing)}")
        if item["corpus"] not in CORPUS_FILES:
            raise SelectionError(f"selection file {path}: article {i} has unknown corpus {item['corpus']!r}")
        if item["split"] not in SPLITS:
            raise SelectionError(f"selection file {path}: article {i} has split {item['split']!r}, not one of {SPLITS}")
    return items


def record_key(item: Mapping) -> str:
    """Reuters id as is; web pages by the first 16 hex digits of their id."""
    return item["id"] if item["corpus"] == "reuters21578" else item["id"][:WEB_KEY_CHARS]


def gold_name(item: Mapping) -> str:
    """File stem of the article's gold: reuters-NNNN or web-<16 hex>."""
    return record_key(item) if item["corpus"] == "reuters21578" else f"web-{record_key(item)}"


def source_path(item: Mapping) -> str:
    """The article's path in the tables and in its gold: corpora/<corpus file>#<record key>."""
    return f"corpora/{CORPUS_FILES[item['corpus']]}#{record_key(item)}"


def corpus_of(path: str) -> str:
    """Corpus name of a source_path, for the per-corpus breakdown."""
    return next((name for name, file in CORPUS_FILES.items() if path.startswith(f"corpora/{file}#")), "other")


# ---------------------------------------------------------------------------------- corpora

def _lines(path: Path) -> Iterable[str]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        yield from fh


def read_records(corpora: Path, items: Sequence[Mapping]) -> dict[tuple[str, str], dict]:
    """(corpus, id) -> corpus record, for the selected items only (other lines are not parsed)."""
    out: dict[tuple[str, str], dict] = {}
    for corpus in sorted({item["corpus"] for item in items}):
        wanted = {item["id"] for item in items if item["corpus"] == corpus}
        path = Path(corpora) / CORPUS_FILES[corpus]
        if not path.is_file():
            raise SelectionError(f"corpus file not found: {path} (pass --corpora)")
        for line in _lines(path):
            m = _LINE_ID.match(line)
            if m and m.group(1) in wanted:
                out[(corpus, m.group(1))] = json.loads(line)
    return out


def record_text(item: Mapping, record: Mapping) -> str:
    return record["text"] if item["corpus"] == "reuters21578" else record["articleBody"]


def manifest_values(item: Mapping, record: Mapping) -> dict:
    """Metadata that arrives with the article, as a manifest row would give it: Reuters title and
    date; the web page's address."""
    if item["corpus"] == "reuters21578":
        return {"title": record.get("title") or None, "publisher": None, "url": None,
                "published_date": dt.date.fromisoformat(record["date"]) if record.get("date") else None}
    return {"title": None, "publisher": None, "url": record.get("url") or None, "published_date": None}


def checked_inputs(items: Sequence[Mapping], records: Mapping[tuple[str, str], Mapping]
                   ) -> tuple[list[Input], dict[str, dict]]:
    """(inputs, manifest) for ingest_files, after checking every text against its recorded SHA-256.
    Each text enters as a plain-text input whose path is its gold source_path."""
    files, manifest = [], {}
    for item in items:
        record = records.get((item["corpus"], item["id"]))
        if record is None:
            raise SelectionError(f"selected article {item['corpus']}:{item['id']} is not in the corpus")
        raw = record_text(item, record).encode("utf-8")
        sha = hashlib.sha256(raw).hexdigest()
        if sha != item["sha256"]:
            raise SelectionError(f"corpus text of {item['corpus']}:{item['id']} changed: SHA-256 {sha}, "
                                 f"selection.json records {item['sha256']}; the evaluation sets are frozen")
        path = source_path(item)
        files.append(Input(path, raw, "txt", path))
        manifest[path] = manifest_values(item, record)
    return files, manifest


# ---------------------------------------------------------------------------------- one split

def predict(files: list[Input], manifest: dict[str, dict], params: Params
            ) -> tuple[dict[str, pd.DataFrame], pd.DataFrame, pd.DataFrame]:
    """The pipeline's stage functions in memory: (tables as published, articles, rejects)."""
    articles, rejects = ingest_files(files, params.ingest, manifest)
    tables = resolve_tables(articles, extract_articles(articles, params.extract), params.resolve)
    return {name: for_parquet(name, df) for name, df in tables.items()}, articles, rejects


def evaluate_split(items: Sequence[Mapping], records: Mapping, gold: Mapping[str, Mapping], params: Params
                   ) -> tuple[dict, dict]:
    """Metrics (and report context) of one split; only the articles with gold are processed."""
    selected = {source_path(item): item for item in items}
    stray = sorted(set(gold) - set(selected))
    if stray:
        raise GoldError(f"gold for article(s) not selected in this split: {', '.join(stray)}")
    annotated = [selected[p] for p in sorted(selected) if p in gold]
    files, manifest = checked_inputs(annotated, records)
    tables, articles, rejects = predict(files, manifest, params)
    bodies = dict(zip(articles["path"], articles["body"]))
    baselines = run_baselines(bodies, params.extract.model, params.extract.batch_size)
    metrics, context = evaluate_published(tables, articles, gold, params.evaluate.claim_match_f1, baselines,
                                          group_of=corpus_of, bootstrap=bootstrap_of(params))
    metrics["coverage"].update({
        "selected": len(items),
        "selected_without_gold": len(items) - len(annotated),
        "rejected_by_ingest": len(rejects),
    })
    return metrics, context


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--selection", required=True, type=Path, help="data/eval/selection.json")
    ap.add_argument("--corpora", type=Path, default=Path("../shared/corpora"), help="folder of the shared corpora")
    ap.add_argument("--eval-dir", required=True, type=Path, help="data/eval (gold in <split>/gold/)")
    ap.add_argument("--seed-schema", required=True, type=Path, help="data/gold/gold.schema.json (relaxed for corpora)")
    ap.add_argument("--params", required=True, type=Path)
    ap.add_argument("--metrics-dir", required=True, type=Path, help="writes <split>.json per split")
    ap.add_argument("--dev-errors", required=True, type=Path, help="error report of the dev split")
    args = ap.parse_args(argv)
    try:
        params = load_params(args.params)
        items = read_selection(args.selection)
        schema = corpus_gold_schema(read_schema(args.seed_schema))
        records = read_records(args.corpora, items)
        checked_inputs(items, records)  # every selected text, annotated or not, is unchanged
        results = {}
        for split in SPLITS:
            gold = load_gold(args.eval_dir / split / "gold", schema, allow_empty=True)
            results[split] = evaluate_split([i for i in items if i["split"] == split], records, gold, params)
    except (ConfigError, GoldError, ModelError, SelectionError) as exc:
        print(f"evaluate_real: error: {exc}", file=sys.stderr)
        return 2
    for split, (metrics, context) in results.items():
        write_json(args.metrics_dir / f"{split}.json", metrics)
        if split in ERRORS_SPLITS:
            write_text(args.dev_errors, render_errors(metrics, context, f"Evaluation errors: {split} split"))
        print(f"evaluate_real: {split}: {headline(metrics)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
