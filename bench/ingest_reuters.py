"""Ingest alone on all of Reuters-21578 (../shared/corpora, read in place).

    python bench/ingest_reuters.py [--n N]

Prints articles accepted, rejects by reason (none should be unsupported_language: the
corpus is English, and its terse earnings tables are the hard case for language
identification), detected languages and articles/s.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

from benchmark import DEFAULT_CORPUS, corpus_lines  # noqa: E402

from pipeline.config import load_params  # noqa: E402
from pipeline.ingest import ingest_files  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--params", default="params.yaml")
    args = ap.parse_args(argv)
    if not args.corpus.exists():
        print(f"bench: corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    lines = corpus_lines(args.corpus, args.n)
    dump = [("reuters.jsonl", ("\n".join(lines) + "\n").encode("utf-8"))]  # one dump, as a user gives it
    t = time.perf_counter()
    articles, rejects = ingest_files(dump, load_params(args.params).ingest)
    seconds = time.perf_counter() - t
    print(f"inputs {len(lines)}  accepted {len(articles)}  rejected {len(rejects)} "
          f"{dict(rejects['reason'].value_counts()) if len(rejects) else {}}")
    print(f"languages {articles['language'].value_counts().to_dict()}  "
          f"language_confidence < 0.5: {(articles['language_confidence'] < 0.5).sum()}")
    print(f"ingest {seconds:.1f} s, {len(lines) / seconds:.0f} articles/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
