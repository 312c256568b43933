"""The pipeline on all of Reuters-21578, in memory, and the sanity report of what it publishes.

    python scripts/corpus_report.py --backend process --workers 2 --out /tmp/reuters
    python scripts/corpus_report.py --reuse --out /tmp/reuters      # resolve again on cached extraction

Each story is read as the wire sent it (headline line, then dateline and text), so headlines,
datelines and results tables reach the extractors as they would from a raw feed. The corpus is
read in place and never copied into the project. Writes <out>/sanity.md (top entities, largest
clusters, most common speakers) and prints the 50 most-mentioned entities.
"""
from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pandas as pd  # noqa: E402

from pipeline.config import load_params  # noqa: E402
from pipeline.extract import TABLES as EXTRACT_TABLES  # noqa: E402
from pipeline.extract import extract_articles  # noqa: E402
from pipeline.ingest import ingest_files  # noqa: E402
from pipeline.io import read_parquet, write_parquet, write_text  # noqa: E402
from pipeline.resolve import resolve_tables  # noqa: E402
from pipeline.sanity import sanity_report  # noqa: E402

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared/corpora/reuters21578.jsonl.gz"


def corpus_files(path: Path, n: int | None) -> tuple[list[tuple[str, bytes]], dict[str, dict]]:
    """(pseudo path, raw wire text) per story and manifest values (date) per file name."""
    files, manifest = [], {}
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            doc = json.loads(line)
            dateline = (doc.get("dateline") or "").strip()
            text = f"{doc['title']}\n{dateline + ' ' if dateline else ''}{doc['text']}"
            name = f"{doc['id']}.txt"
            files.append((f"reuters/{name}", text.encode("utf-8")))
            manifest[f"reuters/{name}"] = {"title": None, "publisher": "Reuters", "url": None,
                              "published_date": dt.date.fromisoformat(doc["date"]) if doc.get("date") else None}
            if n is not None and len(files) >= n:
                break
    return files, manifest


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--n", type=int, default=None, help="first n stories only")
    ap.add_argument("--backend", choices=["serial", "process", "dask"], default="process")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--params", default="params.yaml")
    ap.add_argument("--out", type=Path, required=True, help="folder for the cached extraction and sanity.md")
    ap.add_argument("--reuse", action="store_true", help="resolve the articles and extraction chunks cached in --out")
    ap.add_argument("--chunk", type=int, default=1000, help="articles extracted and cached per chunk")
    args = ap.parse_args(argv)
    if not args.corpus.exists():
        print(f"corpus_report: corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    params = load_params(args.params)
    cache = args.out / "extracted"
    t = time.perf_counter()
    if args.reuse:
        articles = read_parquet(args.out / "articles.parquet")
    else:
        files, manifest = corpus_files(args.corpus, args.n)
        articles, rejects = ingest_files(files, params.ingest, manifest)
        write_parquet(args.out / "articles.parquet", articles)
        print(f"ingest: {len(files)} stories, {len(articles)} accepted, {len(rejects)} rejected "
              f"({time.perf_counter() - t:.0f} s)", flush=True)
        extract_params = replace(params.extract, backend=args.backend, workers=args.workers)
        # chunks are cached so that a long run can be resumed or resolved as far as it got
        for i, lo in enumerate(range(0, len(articles), args.chunk)):
            folder = cache / f"chunk-{i:03d}"
            if (folder / "claims.parquet").exists():
                continue
            part = extract_articles(articles.iloc[lo:lo + args.chunk], extract_params)
            for name, df in part.items():
                write_parquet(folder / f"{name}.parquet", df)
            print(f"extract: {lo + len(part['outlets'])} articles, {len(part['errors'])} errors in chunk "
                  f"({time.perf_counter() - t:.0f} s)", flush=True)
    chunks = sorted(cache.glob("chunk-*"))
    extracted = {name: pd.concat([read_parquet(c / f"{name}.parquet") for c in chunks], ignore_index=True)
                 for name in EXTRACT_TABLES if name != "errors"}
    done = set(extracted["outlets"]["source_id"])
    articles = articles[articles["source_id"].isin(done)].reset_index(drop=True)
    print(f"resolving {len(articles)} articles", flush=True)
    tables = resolve_tables(articles, extracted, params.resolve)
    write_text(args.out / "sanity.md", sanity_report(tables))
    print(f"resolve: " + ", ".join(f"{len(df)} {name}" for name, df in tables.items())
          + f" ({time.perf_counter() - t:.0f} s)")
    top = tables["entities"].sort_values(["n_mentions", "entity_id"], ascending=[False, True]).head(50)
    with pd.option_context("display.width", 200, "display.max_rows", 60):
        print(top[["entity_id", "type", "n_mentions", "n_sources"]].to_string(index=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
