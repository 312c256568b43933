"""Agreement of two blind labellings of the same figures sentences, scored like the extractor.

Each labelling is taken in turn as the reference and the other (its optional figures left out) as
the prediction; value and value+unit F1 as in the `evaluate_figures` stage. It prints the numbers;
data/eval/figures/fresh-test/README.md records them.

    python scripts/figures_agreement.py --sentences data/eval/figures/fresh-test/sentences.jsonl \\
        --labels data/eval/figures/fresh-test/labels.jsonl \\
        --second data/eval/figures/fresh-test/agreement/labels.jsonl
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from pipeline.evaluate_figures import MATCHERS, SCORES, sentence_counts, summarize  # noqa: E402


def read_labels(path: Path) -> dict[str, list[dict]]:
    return {row["sid"]: row["figures"] for row in map(json.loads, path.open(encoding="utf-8"))}


def agreement(reference: dict[str, list[dict]], other: dict[str, list[dict]]) -> dict:
    """F1 of `other` (required figures only) against `reference`, on the sids both labelled."""
    sids = sorted(set(reference) & set(other))
    out = {"n_sentences": len(sids)}
    for name in SCORES:
        rows = [sentence_counts(reference[sid], [f for f in other[sid] if not f.get("optional")], MATCHERS[name])
                for sid in sids]
        out[name] = summarize(np.array([[r["tp"], r["fp"], r["fn"]] for r in rows], dtype=np.int64).reshape(-1, 3))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sentences", type=Path, required=True)
    ap.add_argument("--labels", type=Path, required=True, help="the first labelling")
    ap.add_argument("--second", type=Path, required=True, help="the blind second labelling of a subset")
    args = ap.parse_args()
    known = {json.loads(line)["sid"] for line in args.sentences.open(encoding="utf-8")}
    first, second = read_labels(args.labels), read_labels(args.second)
    unknown = sorted(set(second) - known)
    if unknown:
        sys.exit(f"second labelling has sids not in {args.sentences}: {', '.join(unknown[:5])}")
    for title, ref, other in (("second vs first", first, second), ("first vs second", second, first)):
        res = agreement(ref, other)
        print(f"{title} ({res['n_sentences']} sentences): "
              + ", ".join(f"{name} F1 {res[name]['f1']:.3f} {res[name]['f1_ci95']}" for name in SCORES))


if __name__ == "__main__":
    main()
