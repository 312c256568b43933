"""Choose the real-article evaluation sets from ../shared/corpora with a recorded random seed.

Writes data/eval/selection.json: for each chosen article its corpus, id, split (dev or test),
stratum and the SHA-256 of the text as it stands in the corpus, so that the sets can be rebuilt
and a changed corpus is noticed. Run once; the output is frozen with the gold annotations.

    python scripts/select_eval_articles.py --corpora ../shared/corpora --out data/eval/selection.json

Reuters-21578: 20 articles of 80-500 words, drawn round-robin over topic strata so that no topic
dominates. Web pages: 20 English pages of 150-900 words (annotation cost bounds the length), at
most one per site. In each corpus 8 articles go to dev and 12 to test, by the same seed.

`--add-dev 12` appends a second batch of dev articles per corpus (seed DEV_SEED_2), never touching
the test split:

    python scripts/select_eval_articles.py --add-dev 12
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import random
import re
from pathlib import Path
from urllib.parse import urlparse

SEED = 20261128
# Second batch of dev articles (2026-11-28, session 2): more dev errors to write rules from.
DEV_SEED_2 = 20261130
N_PER_CORPUS = 20
N_DEV = 8
REUTERS_STRATA = {
    "earnings": {"earn"},
    "mergers": {"acq"},
    "money and rates": {"money-fx", "interest", "money-supply", "dlr", "yen"},
    "trade": {"trade"},
    "energy": {"crude", "nat-gas", "fuel", "gas", "heat", "pet-chem"},
    "agriculture and commodities": {"grain", "wheat", "corn", "sugar", "coffee", "cocoa", "veg-oil",
                                    "oilseed", "soybean", "livestock", "cotton", "rubber"},
    "metals": {"gold", "silver", "copper", "iron-steel", "alum", "zinc", "tin", "lead", "nickel"},
    "economy": {"gnp", "cpi", "jobs", "ipi", "bop", "retail", "housing", "wpi", "trade-balance"},
    "shipping and other": {"ship"},
    "untagged": set(),
}
_EN = set("the of and to a in is that for on it with as was by at from".split())


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def reuters_stratum(topics: list[str]) -> str:
    for name, members in REUTERS_STRATA.items():
        if members & set(topics):
            return name
    return "untagged" if not topics else "shipping and other"


def english_share(text: str) -> float:
    words = re.findall(r"[a-z]+", text.lower())
    return sum(w in _EN for w in words) / max(1, len(words))


def draw_reuters(path: Path, rng: random.Random, n: int, taken: set[str] = frozenset()) -> list[dict]:
    """n Reuters articles of 80-500 words not in `taken`, drawn round-robin over the topic strata,
    each stratum shuffled by the generator."""
    by_stratum: dict[str, list[dict]] = {}
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if rec["id"] not in taken and 80 <= len(rec["text"].split()) <= 500:
                by_stratum.setdefault(reuters_stratum(rec["topics"]), []).append(rec)
    for recs in by_stratum.values():
        rng.shuffle(recs)
    chosen, names = [], sorted(by_stratum)
    while len(chosen) < n:
        for name in names:
            if by_stratum[name] and len(chosen) < n:
                rec = by_stratum[name].pop()
                chosen.append({"corpus": "reuters21578", "id": rec["id"], "stratum": name,
                               "sha256": sha256(rec["text"])})
    return chosen


def pick_reuters(path: Path, rng: random.Random) -> list[dict]:
    return draw_reuters(path, rng, N_PER_CORPUS)


def pick_web(path: Path, rng: random.Random) -> list[dict]:
    pages = [json.loads(line) for line in path.open(encoding="utf-8")]
    pages = [p for p in pages if 150 <= len(p["articleBody"].split()) <= 900 and english_share(p["articleBody"]) > 0.15]
    rng.shuffle(pages)
    chosen, sites = [], set()
    for page in pages:
        site = urlparse(page["url"]).netloc.removeprefix("www.")
        if site in sites:
            continue
        sites.add(site)
        chosen.append({"corpus": "web-pages", "id": page["id"], "stratum": site, "sha256": sha256(page["articleBody"])})
        if len(chosen) == N_PER_CORPUS:
            break
    return chosen


def assign_splits(items: list[dict], rng: random.Random) -> list[dict]:
    order = list(range(len(items)))
    rng.shuffle(order)
    dev = set(order[:N_DEV])
    return [{**item, "split": "dev" if i in dev else "test"} for i, item in enumerate(items)]


def extend_dev(selection: dict, corpora: Path, n_per_corpus: int, seed: int, figure_sentences: Path) -> list[dict]:
    """More dev articles, chosen like the first ones but by another recorded seed.

    Never an article already selected. Web pages come only from pages that already have sentences
    in the figures set (so pages never labelled stay free for a fresh figures test set), at most
    one per site and never from a site of the earlier selection.
    """
    rng = random.Random(seed)
    taken = {a["id"] for a in selection["articles"]}
    taken_sites = {a["stratum"] for a in selection["articles"] if a["corpus"] == "web-pages"}
    figure_pages = {json.loads(line)["article"] for line in figure_sentences.open(encoding="utf-8")}

    added = [{**item, "split": "dev", "batch": seed}
             for item in draw_reuters(corpora / "reuters21578.jsonl.gz", rng, n_per_corpus, taken)]

    pages = [json.loads(line) for line in (corpora / "web-pages" / "ground-truth.jsonl").open(encoding="utf-8")]
    pages = [p for p in pages if p["id"] in figure_pages and p["id"] not in taken
             and 150 <= len(p["articleBody"].split()) <= 900 and english_share(p["articleBody"]) > 0.15]
    rng.shuffle(pages)
    sites = set(taken_sites)
    n_web = 0
    for page in pages:
        site = urlparse(page["url"]).netloc.removeprefix("www.")
        if site in sites:
            continue
        sites.add(site)
        added.append({"corpus": "web-pages", "id": page["id"], "stratum": site,
                      "sha256": sha256(page["articleBody"]), "split": "dev", "batch": seed})
        n_web += 1
        if n_web == n_per_corpus:
            break
    return added


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpora", type=Path, default=Path("../shared/corpora"))
    ap.add_argument("--out", type=Path, default=Path("data/eval/selection.json"))
    ap.add_argument("--add-dev", type=int, default=0, metavar="N",
                    help="append N more dev articles per corpus to an existing selection (seed --dev-seed)")
    ap.add_argument("--dev-seed", type=int, default=DEV_SEED_2)
    ap.add_argument("--figure-sentences", type=Path, default=Path("data/eval/figures/sentences.jsonl"))
    args = ap.parse_args()
    if args.add_dev:
        doc = json.loads(args.out.read_text(encoding="utf-8"))
        added = extend_dev(doc, args.corpora, args.add_dev, args.dev_seed, args.figure_sentences)
        doc["articles"] += added
        doc.setdefault("dev_batches", []).append({"seed": args.dev_seed, "per_corpus": args.add_dev})
        args.out.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
        print(f"{len(added)} dev articles added -> {args.out}")
        return
    rng = random.Random(SEED)
    items = assign_splits(pick_reuters(args.corpora / "reuters21578.jsonl.gz", rng), rng)
    items += assign_splits(pick_web(args.corpora / "web-pages" / "ground-truth.jsonl", rng), rng)
    doc = {"seed": SEED, "script": "scripts/select_eval_articles.py", "articles": items}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    print(f"{len(items)} articles -> {args.out}")


if __name__ == "__main__":
    main()
