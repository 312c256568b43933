"""Time of the figure extractor on Reuters-21578 articles, beside the parse it shares.

    python scripts/benchmark_figures.py --n 500

Parses the first n articles once (spaCy, the configured model), then runs `figures_from_doc`
over the parsed Docs and prints both times, so the extractor's share of extract time is seen.
"""
from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.config import load_params  # noqa: E402
from pipeline.extractors.figures import figures_from_doc  # noqa: E402
from pipeline.nlp import load_model  # noqa: E402
DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared/corpora/reuters21578.jsonl.gz"


def corpus_texts(path: Path, n: int) -> list[str]:
    """Title and text of the first n stories, as ingest would read them."""
    texts = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            doc = json.loads(line)
            texts.append(f"{doc['title']}\n{doc['text']}")
            if len(texts) >= n:
                break
    return texts


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--n", type=int, default=500)
    ap.add_argument("--params", default="params.yaml")
    args = ap.parse_args(argv)
    if not args.corpus.exists():
        print(f"benchmark_figures: corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    params = load_params(args.params).extract
    texts = corpus_texts(args.corpus, args.n)
    nlp = load_model(params.model)
    t = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=params.batch_size))
    parse = time.perf_counter() - t
    t = time.perf_counter()
    n_figures = sum(len(figures_from_doc(doc, str(i))) for i, doc in enumerate(docs))
    figures = time.perf_counter() - t
    print(f"articles: {len(docs)}  figures: {n_figures}")
    print(f"parse    {parse:8.2f} s")
    print(f"figures  {figures:8.2f} s  ({1000 * figures / len(docs):.2f} ms/article, "
          f"{100 * figures / parse:.1f}% of parse)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
