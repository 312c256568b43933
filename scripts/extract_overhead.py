"""Extraction work per article against bare spaCy parsing, in one process, on a warm vocabulary.

    .venv/bin/python scripts/extract_overhead.py --articles <benchmark --keep folder>/data/interim/articles --n 300

Parses the first N accepted bodies with the bare model (spacy.load, the components the pipeline
runs, none of ours) and runs extract's own batch function (our spaCy components, every
extractor, the row conversion) over the same articles, alternating the two `--rounds` times after
one warm-up pass of each, and prints the CPU seconds of each and the ratio of the fastest rounds.
Start-up, model loading, the cache and Parquet writes are left out: this isolates the per-article
overhead of our code from the machine's load better than whole-stage CPU seconds, because both
sides run in the same process under the same conditions.
"""
from __future__ import annotations

import argparse
import time

import spacy

from pipeline.config import load_params
from pipeline.extract import batch_function
from pipeline.partitions import read_rows


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", required=True, help="the ingest stage's articles folder (or one Parquet file)")
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--params", default="params.yaml")
    args = ap.parse_args(argv)
    params = load_params(args.params).extract
    articles = read_rows(args.articles, columns=["source_id", "body"]).head(args.n)
    items = list(zip(articles["source_id"], articles["body"]))
    bodies = [body for _, body in items]
    bare = spacy.load(params.model)
    extract = batch_function(params)

    def parse() -> None:
        for _ in bare.pipe(bodies, batch_size=params.batch_size):
            pass

    def ours() -> None:
        for i in range(0, len(items), params.batch_size):
            extract(items[i:i + params.batch_size], params.model, params.batch_size)

    parse(), ours()  # warm-up: both sides then find every word in the vocabulary
    seconds: dict[str, list[float]] = {"bare parse": [], "extract": []}
    for _ in range(args.rounds):
        for name, run in (("bare parse", parse), ("extract", ours)):
            start = time.process_time()
            run()
            seconds[name].append(time.process_time() - start)
    print(f"{len(items)} articles, CPU s per round: "
          + "; ".join(f"{name} {', '.join(f'{s:.2f}' for s in values)}" for name, values in seconds.items()))
    print(f"extract / bare parse (fastest rounds): {min(seconds['extract']) / min(seconds['bare parse']):.3f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
