"""Choose the sentences of the figures evaluation set from ../shared/corpora with a recorded seed.

Writes data/eval/figures/sentences.jsonl: one sentence a line with its corpus, article id,
stratum (Reuters topic group or web site), split (dev or test) and the sentence text exactly as
it stands in the corpus. Articles of the article-level evaluation sets (data/eval/selection.json)
are left out so that the two sets do not overlap. Run once; the output is frozen with the labels.

    python scripts/select_figure_sentences.py --corpora ../shared/corpora

A sentence qualifies when it holds a digit or a number word; most news numbers are figures, but
dates, years, clock times and names with digits qualify too, which is what tests precision.
210 sentences come from Reuters-21578 (at most one per article, round-robin over topic strata)
and 210 from the web pages (at most 3 per page, round-robin over sites); 100 go to dev, 320 to test.

`--fresh-test OUT` draws a second test set of 320 sentences from articles in neither
data/eval/selection.json nor sentences.jsonl: every qualifying sentence of the remaining English web
pages (at most 10 a page, in seeded random order) and the rest from Reuters-21578, one sentence per
article, round-robin over topic strata:

    python scripts/select_figure_sentences.py --fresh-test data/eval/figures/fresh-test/sentences.jsonl

`--fresh-dev OUT` draws more dev sentences for writing rules (seed DEV2_SEED), never from a test
article: half from Reuters-21578 articles in no earlier set (one a story, round-robin over topic
strata), half from web pages that are already dev (pages of sentences.jsonl, which is all dev since
the fresh test replaced its test split, and dev articles of data/eval/selection.json), only
sentences not in sentences.jsonl, at most DEV2_PER_PAGE a page:

    python scripts/select_figure_sentences.py --fresh-dev data/eval/figures/dev2/sentences.jsonl

`--fresh-dev3 OUT` is a third dev draw the same way (seed DEV3_SEED): its Reuters stories are in no
earlier set (dev2's included), its web sentences come from dev pages (now with the fourth dev batch
of selection.json) and are in neither sentences.jsonl nor dev2. dev2 is reproduced with the dev
batches it was drawn from (those before DEV3_FIRST_BATCH):

    python scripts/select_figure_sentences.py --fresh-dev3 data/eval/figures/dev3/sentences.jsonl
"""
from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import sys
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent))
from select_eval_articles import english_share, reuters_stratum  # noqa: E402

SEED = 20261129
N_PER_CORPUS = 210
N_DEV = 100
# The fresh test set (session 2): the first test split had been looked at in aggregate while rules
# changed, so it became dev and a new one was drawn from articles that no set had touched.
FRESH_SEED = 20261201
FRESH_TOTAL = 320
FRESH_PER_PAGE = 10
# The second dev draw (session 4): the 420 first sentences no longer show many new error classes.
DEV2_SEED = 20261203
DEV2_PER_CORPUS = 150
DEV2_PER_PAGE = 6
# The third dev draw (session 5): dev2 errors had been fixed, so new dev sentences show what is left.
DEV3_SEED = 20261205
DEV3_FIRST_BATCH = 20261204  # dev batches of selection.json from this one on came after dev2
DEV4_FIRST_BATCH = 20261206  # ... and from this one on after dev3
DEV2 = Path("data/eval/figures/dev2/sentences.jsonl")
FRESH_TEST = Path("data/eval/figures/fresh-test/sentences.jsonl")
_NUMBER = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|"
    r"hundred|thousand|million|billion|dozen|dozens|half|quarter|twice|double|triple)s?\b",
    re.IGNORECASE,
)
# A sentence ends at . ! or ? followed by space and a capital/quote/digit, or at a line break.
_SENT_END = re.compile(r"(?<=[.!?])[\"')]?\s+(?=[\"'(]?[A-Z0-9])|\n+")


def sentences(text: str) -> list[str]:
    out = []
    for part in _SENT_END.split(text):
        part = part.strip()
        if 6 <= len(part.split()) <= 80:
            out.append(part)
    return out


def round_robin(groups: dict[str, list], n: int) -> list:
    chosen, names = [], sorted(groups)
    while len(chosen) < n and any(groups.values()):
        for name in names:
            if groups[name] and len(chosen) < n:
                chosen.append(groups[name].pop())
    return chosen


def reuters_sentence_pool(path: Path, taken: set[str], rng: random.Random) -> dict[str, list]:
    """One random qualifying sentence of each Reuters article not taken, grouped by topic stratum,
    each stratum shuffled (the generator is called in corpus order, so a seed gives one result)."""
    reuters: dict[str, list] = {}
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if rec["id"] in taken:
                continue
            cands = [s for s in sentences(rec["text"]) if _NUMBER.search(s)]
            if cands:
                stratum = reuters_stratum(rec["topics"])
                reuters.setdefault(stratum, []).append(
                    {"corpus": "reuters21578", "article": rec["id"], "stratum": stratum, "text": rng.choice(cands)})
    for items in reuters.values():
        rng.shuffle(items)
    return reuters


def web_sentence_pool(path: Path, taken: set[str], rng: random.Random, per_page: int) -> list[tuple[str, list[dict]]]:
    """(site, up to per_page random qualifying sentences) of each English web page not taken, in
    corpus order (the generator is called page by page, so a seed gives one result)."""
    pool = []
    for line in path.open(encoding="utf-8"):
        page = json.loads(line)
        if page["id"] in taken or english_share(page["articleBody"]) <= 0.15:
            continue
        site = urlparse(page["url"]).netloc.removeprefix("www.")
        cands = [s for s in sentences(page["articleBody"]) if _NUMBER.search(s)]
        rng.shuffle(cands)
        pool.append((site, [{"corpus": "web-pages", "article": page["id"], "stratum": site, "text": s}
                            for s in cands[:per_page]]))
    return pool


def fresh_test(corpora: Path, taken: set[str], seed: int) -> list[dict]:
    """A second test set from articles that no earlier set touched (see the module docstring)."""
    rng = random.Random(seed)
    reuters = reuters_sentence_pool(corpora / "reuters21578.jsonl.gz", taken, rng)
    pool = web_sentence_pool(corpora / "web-pages" / "ground-truth.jsonl", taken, rng, FRESH_PER_PAGE)
    web = [item for _, items in pool for item in items][:FRESH_TOTAL]
    return round_robin(reuters, FRESH_TOTAL - len(web)) + web


def fresh_dev(corpora: Path, selection: dict, first: list[dict], fresh: list[dict], seed: int,
              before_batch: int | None = None) -> list[dict]:
    """More dev sentences, from no test article (see the module docstring). `first` holds every
    earlier dev sentence; `before_batch` leaves out dev batches of the selection drawn later."""
    rng = random.Random(seed)
    if before_batch is not None:
        selection = {**selection, "articles": [a for a in selection["articles"]
                                               if a.get("batch", 0) < before_batch]}
    test_articles = {a["id"] for a in selection["articles"] if a["split"] == "test"}
    test_articles |= {row["article"] for row in fresh}
    dev_pages = {row["article"] for row in first if row["corpus"] == "web-pages"}
    dev_pages |= {a["id"] for a in selection["articles"] if a["split"] == "dev" and a["corpus"] == "web-pages"}
    taken = {a["id"] for a in selection["articles"]} | {row["article"] for row in first} | test_articles
    seen = {row["text"] for row in first}
    reuters = {stratum: [item for item in items if item["text"] not in seen]
               for stratum, items in reuters_sentence_pool(corpora / "reuters21578.jsonl.gz", taken, rng).items()}
    pages = corpora / "web-pages" / "ground-truth.jsonl"
    not_dev = {json.loads(line)["id"] for line in pages.open(encoding="utf-8")} - dev_pages
    web: dict[str, list] = {}
    for site, items in web_sentence_pool(pages, not_dev | test_articles,
                                         rng, DEV2_PER_PAGE + 4):
        items = [item for item in items if item["text"] not in seen][:DEV2_PER_PAGE]
        web.setdefault(site, []).extend(items)
    for items in web.values():
        rng.shuffle(items)
    return round_robin(reuters, DEV2_PER_CORPUS) + round_robin(web, DEV2_PER_CORPUS)


def write_sentences(path: Path, chosen: list[dict], sid_prefix: str, split: str) -> int:
    """One JSON line a sentence, sids numbered in order ("f000", "d000", ...)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        for i, item in enumerate(chosen):
            fh.write(json.dumps({"sid": f"{sid_prefix}{i:03d}", "split": split, **item}, ensure_ascii=False) + "\n")
    return len(chosen)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpora", type=Path, default=Path("../shared/corpora"))
    ap.add_argument("--selection", type=Path, default=Path("data/eval/selection.json"))
    ap.add_argument("--out", type=Path, default=Path("data/eval/figures/sentences.jsonl"))
    ap.add_argument("--fresh-test", type=Path, metavar="OUT",
                    help="write a second, fresh test set to OUT from articles in no earlier set (seed FRESH_SEED)")
    ap.add_argument("--fresh-dev", type=Path, metavar="OUT",
                    help="write more dev sentences to OUT, from no test article (seed DEV2_SEED)")
    ap.add_argument("--fresh-dev3", type=Path, metavar="OUT",
                    help="write a third dev draw to OUT, from no test article and no earlier dev "
                         "sentence or dev2 story (seed DEV3_SEED)")
    args = ap.parse_args()
    if args.fresh_dev or args.fresh_dev3:
        selection = json.loads(args.selection.read_text())
        first = [json.loads(line) for line in args.out.open(encoding="utf-8")]
        fresh = [json.loads(line) for line in FRESH_TEST.open(encoding="utf-8")]
        if args.fresh_dev:
            chosen = fresh_dev(args.corpora, selection, first, fresh, DEV2_SEED, DEV3_FIRST_BATCH)
            n = write_sentences(args.fresh_dev, chosen, "d", "dev")
            print(f"{n} sentences -> {args.fresh_dev} (seed {DEV2_SEED})")
            return
        earlier = first + [json.loads(line) for line in DEV2.open(encoding="utf-8")]
        n = write_sentences(args.fresh_dev3, fresh_dev(args.corpora, selection, earlier, fresh, DEV3_SEED,
                                                       DEV4_FIRST_BATCH), "e", "dev")
        print(f"{n} sentences -> {args.fresh_dev3} (seed {DEV3_SEED})")
        return
    if args.fresh_test:
        taken = {a["id"] for a in json.loads(args.selection.read_text())["articles"]}
        taken |= {json.loads(line)["article"] for line in args.out.open(encoding="utf-8")}
        n = write_sentences(args.fresh_test, fresh_test(args.corpora, taken, FRESH_SEED), "f", "test")
        print(f"{n} sentences -> {args.fresh_test} (seed {FRESH_SEED})")
        return
    rng = random.Random(SEED)
    taken = {a["id"] for a in json.loads(args.selection.read_text())["articles"]}

    reuters = reuters_sentence_pool(args.corpora / "reuters21578.jsonl.gz", taken, rng)

    web: dict[str, list] = {}
    for site, items in web_sentence_pool(args.corpora / "web-pages" / "ground-truth.jsonl", taken, rng, 3):
        web.setdefault(site, []).extend(items)
    for items in web.values():
        rng.shuffle(items)

    chosen = round_robin(reuters, N_PER_CORPUS) + round_robin(web, N_PER_CORPUS)
    order = list(range(len(chosen)))
    rng.shuffle(order)
    dev = set(order[:N_DEV])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as fh:
        for i, item in enumerate(chosen):
            row = {"sid": f"s{i:03d}", "split": "dev" if i in dev else "test", **item}
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(chosen)} sentences -> {args.out} (seed {SEED})")


if __name__ == "__main__":
    main()
