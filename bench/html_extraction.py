"""HTML ingest on the web-pages benchmark (../shared/corpora/web-pages, read in place).

    python bench/html_extraction.py [--pages all|without-test|test]

Prints, on the 176 pages, the benchmark's body-extraction score (4-token shingles of \\w+
tokens, per-page tp/fp/fn normalised to sum to 1, precision/recall/F1 over the summed page
values; see the corpus README) of our ingest's cleaned body and of trafilatura alone
(default settings) in the same run; then language identification, English vs not, against
the language of the hand-checked bodies; then the share of pages given a date, by basis.
"""
from __future__ import annotations

import argparse
import collections
import datetime as dt
import gzip
import json
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import trafilatura  # noqa: E402

from pipeline.config import load_params  # noqa: E402
from pipeline.ingest import ArticleError, article_from_bytes, clean_input, inputs_from_bytes  # noqa: E402
from pipeline.language import identify_language  # noqa: E402

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared/corpora/web-pages"


def shingles(text: str) -> collections.Counter:
    words = re.findall(r"\w+", text)
    return collections.Counter(tuple(words[i:i + 4]) for i in range(len(words) - 3))


def page_score(predicted: str, truth: str) -> tuple[float, float, float]:
    """(tp, fp, fn) of one page, normalised to sum to 1."""
    p, t = shingles(predicted), shingles(truth)
    tp = sum((p & t).values())
    fp, fn = sum(p.values()) - tp, sum(t.values()) - tp
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (1.0, 0.0, 0.0)


def prf(scores: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    tp, fp, fn = (sum(s[i] for s in scores) for i in range(3))
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    return precision, recall, 2 * precision * recall / (precision + recall)


def load_pages(corpus: Path) -> list[dict]:
    pages = [json.loads(line) for line in (corpus / "ground-truth.jsonl").open(encoding="utf-8")]
    for page in pages:
        page["raw"] = (corpus / "html" / f"{page['id']}.html.gz").read_bytes()
    return pages


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--params", default="params.yaml")
    ap.add_argument("--selection", type=Path, default=Path("data/eval/selection.json"),
                    help="the evaluation split; its 'test' web pages were never read to write furniture rules")
    ap.add_argument("--pages", choices=["all", "without-test", "test"], default="all")
    args = ap.parse_args(argv)
    if not (args.corpus / "ground-truth.jsonl").exists():
        print(f"bench: corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    params = load_params(args.params).ingest
    pages = load_pages(args.corpus)
    if args.pages != "all":
        held = {a["id"] for a in json.loads(args.selection.read_text())["articles"] if a["split"] == "test"}
        pages = [p for p in pages if (p["id"] in held) == (args.pages == "test")]
    latest = dt.date.today()
    ours, alone, lang_rows, bases = [], [], [], collections.Counter()
    t_ours = t_alone = 0.0
    for page in pages:
        html_bytes = gzip.decompress(page["raw"])
        t = time.perf_counter()
        alone_text = trafilatura.extract(html_bytes) or ""
        t_alone += time.perf_counter() - t
        alone.append(page_score(alone_text, page["articleBody"]))
        t = time.perf_counter()
        item = inputs_from_bytes(f"{page['id']}.html.gz", page["raw"])[0]
        try:
            body = clean_input(item, params, latest=latest).body
        except ArticleError:
            body = ""
        t_ours += time.perf_counter() - t
        ours.append(page_score(body, page["articleBody"]))
        truth_en = identify_language(page["articleBody"], ("en",), params.language_min_probability)[2]
        try:
            row = article_from_bytes(page["raw"], f"{page['id']}.html.gz", params, latest=latest)
            accepted, basis = True, row["date_basis"]
        except ArticleError as exc:
            accepted, basis = False, exc.reason
        lang_rows.append((truth_en, accepted, page["url"]))
        if accepted:
            bases[basis] += 1
    n = len(pages)
    print(f"pages: {n}")
    for name, scores, seconds in (("ours (ingest body)", ours, t_ours), ("trafilatura alone", alone, t_alone)):
        p, r, f = prf(scores)
        print(f"{name:20s} precision {p:.4f}  recall {r:.4f}  F1 {f:.4f}   ({seconds / n * 1000:.0f} ms/page)")
    english = [r for r in lang_rows if r[0]]
    lost = [r[2] for r in english if not r[1]]
    other = [r for r in lang_rows if not r[0]]
    print(f"language: {len(english)} English pages, {len(english) - len(lost)} accepted, {len(lost)} lost; "
          f"{len(other)} other-language pages, {sum(not r[1] for r in other)} rejected")
    for url in lost:
        print(f"  lost English page: {url}")
    print("dates of accepted pages by basis: " + ", ".join(f"{k} {v}" for k, v in sorted(bases.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
