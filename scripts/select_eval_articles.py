"""Choose the real-article evaluation sets from ../shared/corpora with a recorded random seed.

Writes data/eval/selection.json: for each chosen article its corpus, id, split (dev or test),
stratum and the SHA-256 of the text as it stands in the corpus, so that the sets can be rebuilt
and a changed corpus is noticed. Run once; the output is frozen with the gold annotations.

    python scripts/select_eval_articles.py --corpora ../shared/corpora --out data/eval/selection.json

Reuters-21578: 20 articles of 80-500 words, drawn round-robin over topic strata so that no topic
dominates. Web pages: 20 English pages of 150-900 words (annotation cost bounds the length), at
most one per site. In each corpus 8 articles go to dev and 12 to test, by the same seed.
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


def pick_reuters(path: Path, rng: random.Random) -> list[dict]:
    by_stratum: dict[str, list[dict]] = {}
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if 80 <= len(rec["text"].split()) <= 500:
                by_stratum.setdefault(reuters_stratum(rec["topics"]), []).append(rec)
    for recs in by_stratum.values():
        rng.shuffle(recs)
    chosen, names = [], sorted(by_stratum)
    while len(chosen) < N_PER_CORPUS:
        for name in names:
            if by_stratum[name] and len(chosen) < N_PER_CORPUS:
                rec = by_stratum[name].pop()
                chosen.append({"corpus": "reuters21578", "id": rec["id"], "stratum": name,
                               "sha256": sha256(rec["text"])})
    return chosen


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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpora", type=Path, default=Path("../shared/corpora"))
    ap.add_argument("--out", type=Path, default=Path("data/eval/selection.json"))
    args = ap.parse_args()
    rng = random.Random(SEED)
    items = assign_splits(pick_reuters(args.corpora / "reuters21578.jsonl.gz", rng), rng)
    items += assign_splits(pick_web(args.corpora / "web-pages" / "ground-truth.jsonl", rng), rng)
    doc = {"seed": SEED, "script": "scripts/select_eval_articles.py", "articles": items}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    print(f"{len(items)} articles -> {args.out}")


if __name__ == "__main__":
    main()
