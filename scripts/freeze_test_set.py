"""Freeze the test split once: write data/eval/frozen-test.json with, per test article, the
SHA-256 of its corpus text (from selection.json) and of its first gold file, and print the digest
that tests/test_eval_frozen.py pins.

    python scripts/freeze_test_set.py

It refuses to overwrite an existing manifest: after the freeze, a test gold file changes only
with a gold correction recorded in data/eval/CORRECTIONS.md (see data/eval/README.md).
"""
from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.evaluate_real import gold_name, read_selection  # noqa: E402

MANIFEST = ROOT / "data/eval/frozen-test.json"


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def manifest_digest(manifest: dict) -> str:
    """SHA-256 over the sorted 'name article_sha256 gold_sha256' lines of the manifest."""
    lines = [f"{name} {e['article_sha256']} {e['initial_gold_sha256']}" for name, e in sorted(manifest["articles"].items())]
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def main() -> int:
    if MANIFEST.exists():
        print(f"{MANIFEST} exists; the test split is frozen (record corrections in data/eval/CORRECTIONS.md)",
              file=sys.stderr)
        return 1
    articles = {}
    for item in read_selection(ROOT / "data/eval/selection.json"):
        if item["split"] != "test":
            continue
        name = gold_name(item)
        gold = ROOT / "data/eval/test/gold" / f"{name}.json"
        if not gold.is_file():
            print(f"missing test gold file: {gold}", file=sys.stderr)
            return 1
        articles[name] = {"article_sha256": item["sha256"], "initial_gold_sha256": file_sha256(gold)}
    manifest = {"description": "Frozen test split: SHA-256 of each test article's corpus text and of its gold "
                               "file as first annotated. Never edited; gold corrections go to CORRECTIONS.md.",
                "articles": articles}
    MANIFEST.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{len(articles)} test articles frozen; digest {manifest_digest(manifest)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
