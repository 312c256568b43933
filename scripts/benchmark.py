"""Throughput and memory of the pipeline on the Reuters-21578 corpus in ../shared/corpora.

    python scripts/benchmark.py --n 1000 --backend serial
    python scripts/benchmark.py --n 1000 --backend process --workers 2

Prints articles/s and words/s per stage and the peak resident memory. The corpus is read in
place and never copied into the project.
"""
from __future__ import annotations

import argparse
import gzip
import json
import resource
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.config import load_params  # noqa: E402
from pipeline.extract import extract_articles  # noqa: E402
from pipeline.ingest import ingest_files  # noqa: E402
from pipeline.resolve import resolve_tables  # noqa: E402
from pipeline.validate import summary, validate_tables  # noqa: E402

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared/corpora/reuters21578.jsonl.gz"


def corpus_files(path: Path, n: int) -> list[tuple[str, bytes]]:
    """(pseudo path, bytes) of the first n articles, as the ingest stage would read them."""
    files = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            doc = json.loads(line)
            text = f"{doc['title']}\n{doc['text']}"
            files.append((f"reuters/{doc['id']}.txt", text.encode("utf-8")))
            if len(files) >= n:
                break
    return files


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--backend", choices=["serial", "process", "dask"], default="serial")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--params", default="params.yaml")
    args = ap.parse_args(argv)
    if not args.corpus.exists():
        print(f"benchmark: corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    params = load_params(args.params)
    extract_params = replace(params.extract, backend=args.backend, workers=args.workers)
    files = corpus_files(args.corpus, args.n)
    timings = {}
    t = time.perf_counter()
    articles, rejects = ingest_files(files, params.ingest)
    timings["ingest"] = time.perf_counter() - t
    t = time.perf_counter()
    extracted = extract_articles(articles, extract_params)
    timings["extract"] = time.perf_counter() - t
    t = time.perf_counter()
    tables = resolve_tables(articles, extracted, params.resolve)
    timings["resolve"] = time.perf_counter() - t
    t = time.perf_counter()
    _, quarantine, report = validate_tables(tables, params.validate, extracted["errors"], rejects)
    timings["validate"] = time.perf_counter() - t
    words = int(articles["n_words"].sum())
    print(f"articles in: {len(files)}  accepted: {len(articles)}  rejected: {len(rejects)} "
          f"({dict(rejects['reason'].value_counts()) if len(rejects) else {}})  words: {words}")
    print(f"backend: {args.backend}  workers: {args.workers if args.backend != 'serial' else 1}")
    for stage, seconds in timings.items():
        print(f"{stage:9s} {seconds:8.2f} s  {len(articles) / seconds:9.1f} articles/s  {words / seconds:10.0f} words/s")
    total = sum(timings.values())
    print(f"{'total':9s} {total:8.2f} s  {len(articles) / total:9.1f} articles/s")
    print("rows: " + ", ".join(f"{len(df)} {name}" for name, df in tables.items()))
    print(f"validation: {'pass' if report['success'] else 'FAIL'}  ("
          + ", ".join(f"{v} {k}" for k, v in report["articles"].items()) + ")")
    if not report["success"]:
        print(summary(report))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak RSS: {peak_mb:.0f} MB (largest child process: {children_mb:.0f} MB)")
    return 0 if report["success"] else 1


if __name__ == "__main__":
    sys.exit(main())
