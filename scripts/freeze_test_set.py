"""Freeze the test split once: write data/eval/frozen-test.json with, per test article, the
SHA-256 of its corpus text (from selection.json) and of its first gold file, and print the digest
that tests/test_eval_frozen.py pins.

    python scripts/freeze_test_set.py
    python scripts/freeze_test_set.py --figures data/eval/figures/fresh-test/sentences.jsonl \
        data/eval/figures/fresh-test/labels.jsonl --role test

The first form refuses to overwrite an existing manifest: after the freeze, a test gold file
changes only with a gold correction recorded in data/eval/CORRECTIONS.md (see
data/eval/README.md). The second adds files of the figures evaluation (sentences and labels) to
the manifest's "figures" section by their SHA-256 only (it never prints their content), refuses
to re-freeze a file already there, and prints the digest of that section.
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


def figures_digest(manifest: dict) -> str:
    """SHA-256 over the sorted 'path role sha256' lines of the manifest's figures section."""
    lines = [f"{path} {e['role']} {e['sha256']}" for path, e in sorted(manifest.get("figures", {}).items())]
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def freeze_figures(paths: list[str], role: str) -> int:
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    section = manifest.setdefault("figures", {})
    for name in paths:
        path = (ROOT / name).resolve()
        rel = path.relative_to(ROOT).as_posix()
        if rel in section:
            print(f"{rel} is frozen already (record corrections in data/eval/CORRECTIONS.md)", file=sys.stderr)
            return 1
        if not path.is_file():
            print(f"missing file: {rel}", file=sys.stderr)
            return 1
        section[rel] = {"role": role, "sha256": file_sha256(path)}
    MANIFEST.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{len(paths)} figures files frozen as {role}; figures digest {figures_digest(manifest)}")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["--figures"]:
        if len(args) < 4 or args[-2] != "--role":
            print("usage: freeze_test_set.py --figures FILE... --role ROLE", file=sys.stderr)
            return 2
        return freeze_figures(args[1:-2], args[-1])
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
