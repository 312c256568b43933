"""Time of the figure extractor on Reuters-21578 articles, beside the parse it shares.

    python scripts/benchmark_figures.py --n 500
    python scripts/benchmark_figures.py --n 500 --against ../old/pipeline/extractors/figures.py

Parses the first n articles once (spaCy, the configured model), then runs `figures_from_doc`
over the parsed Docs and prints both times, so the extractor's share of extract time is seen.
With `--against`, another version of the extractor module (a file from an older checkout) and
this one run in turns over the same Docs, `--repeat` times each, and the best CPU time of each is
printed: on a shared machine wall times of separate runs differ by more than a rule change costs.
"""
from __future__ import annotations

import argparse
import gzip
import importlib.util
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
    ap.add_argument("--against", type=Path, help="another figures.py to time in turns with this one (CPU time)")
    ap.add_argument("--repeat", type=int, default=10, help="turns of each extractor with --against")
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
    if args.against:
        if not args.against.exists():
            print(f"benchmark_figures: not found: {args.against}", file=sys.stderr)
            return 2
        t = time.process_time()
        list(nlp.pipe(texts, batch_size=params.batch_size))
        parse_cpu = time.process_time() - t
        print(f"parse    {parse_cpu:8.2f} s CPU")
        for name, seconds, count in compare_cpu(docs, load_extractor(args.against), args.repeat):
            print(f"{name:8} {seconds:8.3f} s CPU, best of {args.repeat}  ({count} figures, "
                  f"{100 * seconds / parse_cpu:.2f}% of parse CPU)")
    return 0


def load_extractor(path: Path):
    """`figures_from_doc` of another version of the figures module, loaded from its file (its
    own imports resolve to this checkout)."""
    spec = importlib.util.spec_from_file_location("figures_against", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["figures_against"] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module.figures_from_doc


def compare_cpu(docs, other, repeat: int) -> list[tuple[str, float, int]]:
    """(name, best CPU seconds, figures found) of the other extractor and this one, run in turns."""
    best = {"against": float("inf"), "this": float("inf")}
    counts = {}
    for _ in range(repeat):
        for name, extract in (("against", other), ("this", figures_from_doc)):
            for doc in docs:
                doc.user_data.pop("_token_starts", None)  # a cache the extractor fills per Doc
            t = time.process_time()
            counts[name] = sum(len(extract(doc, str(i))) for i, doc in enumerate(docs))
            best[name] = min(best[name], time.process_time() - t)
    return [(name, best[name], counts[name]) for name in ("against", "this")]


if __name__ == "__main__":
    sys.exit(main())
