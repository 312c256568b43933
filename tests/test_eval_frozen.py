"""The test split is frozen: its articles and gold change only through a recorded correction."""
import hashlib
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from freeze_test_set import figures_digest, manifest_digest  # noqa: E402

from pipeline.evaluate_real import gold_name, read_selection  # noqa: E402

MANIFEST = ROOT / "data/eval/frozen-test.json"
CORRECTIONS = ROOT / "data/eval/CORRECTIONS.md"
TEST_GOLD = ROOT / "data/eval/test/gold"
# Digest of frozen-test.json as written by scripts/freeze_test_set.py on 2026-11-28 (24 articles).
FROZEN_DIGEST = "b06450d41dd85788e8f563d61b7ef33f1f1d73b66d25645bfea2d85de6b0efe9"
# Digest of the manifest's figures section (scripts/freeze_test_set.py --figures), 2026-11-28:
# the figures set's old test split (retired to dev, kept unchanged as data) and the fresh
# figures test set (fresh-test/sentences.jsonl and labels.jsonl, frozen when it was added).
FIGURES_FROZEN_DIGEST = "10040209b0bef1a1e3c2597bd6e765d0b189e42bd0c64be8cfb42b0ad51d429a"

_ENTRY = re.compile(r"^## (C\d+): (\S+)\n(.*?)(?=^## |\Z)", re.MULTILINE | re.DOTALL)


def corrections(text: str) -> list[dict]:
    """Entries of CORRECTIONS.md in order: id, name, and the `- key: value` fields."""
    out = []
    for m in _ENTRY.finditer(text):
        fields = dict(re.findall(r"^- ([a-z0-9 ]+): (.+)$", m.group(3), re.MULTILINE))
        out.append({"id": m.group(1), "name": m.group(2), **fields})
    return out


def expected_gold_hashes(manifest: dict, entries: list[dict]) -> dict[str, str]:
    expected = {name: e["initial_gold_sha256"] for name, e in manifest["articles"].items()}
    for entry in entries:  # in order: the latest correction of a file wins
        if entry["name"] in expected:
            expected[entry["name"]] = entry["sha256 after"]
    return expected


def manifest() -> dict:
    return json.loads(MANIFEST.read_text(encoding="utf-8"))


def test_frozen_manifest_is_unchanged():
    assert manifest_digest(manifest()) == FROZEN_DIGEST


def test_test_articles_are_the_frozen_ones_with_unchanged_texts():
    selected = {gold_name(i): i["sha256"] for i in read_selection(ROOT / "data/eval/selection.json")
                if i["split"] == "test"}
    assert selected == {name: e["article_sha256"] for name, e in manifest()["articles"].items()}


def test_correction_entries_are_complete():
    entries = corrections(CORRECTIONS.read_text(encoding="utf-8"))
    assert [e["id"] for e in entries] == [f"C{i}" for i in range(1, len(entries) + 1)]
    for entry in entries:
        assert re.fullmatch(r"[0-9a-f]{64}", entry.get("sha256 after", "")), entry
        assert len(entry.get("wrong in the gold", "").strip()) >= 20, entry
        assert entry.get("file", "").endswith((f"/{entry['name']}.json", f"{entry['name']}.jsonl")), entry


def test_test_gold_files_are_frozen_unless_a_correction_accounts_for_them():
    expected = expected_gold_hashes(manifest(), corrections(CORRECTIONS.read_text(encoding="utf-8")))
    actual = {p.stem: hashlib.sha256(p.read_bytes()).hexdigest() for p in TEST_GOLD.glob("*.json")}
    assert sorted(actual) == sorted(expected), "test gold files added or removed"
    changed = sorted(name for name in expected if actual[name] != expected[name])
    assert changed == [], (f"test gold changed without a correction in {CORRECTIONS.name}: {changed}")


def test_a_correction_entry_moves_the_expected_hash():
    text = ("## C1: web-0123456789abcdef\n- date: 2026-12-01\n- file: data/eval/test/gold/web-0123456789abcdef.json\n"
            f"- sha256 after: {'a' * 64}\n- wrong in the gold: the figure 12 was typed as 21\n")
    frozen = {"articles": {"web-0123456789abcdef": {"article_sha256": "x", "initial_gold_sha256": "b" * 64}}}
    assert expected_gold_hashes(frozen, corrections(text)) == {"web-0123456789abcdef": "a" * 64}
    assert expected_gold_hashes(frozen, []) == {"web-0123456789abcdef": "b" * 64}


def expected_figures_hashes(manifest: dict, entries: list[dict]) -> dict[str, str]:
    """Path -> expected SHA-256 of each frozen figures file; a correction names the file by its
    path without the extension ("## C3: data/eval/figures/fresh-test/labels")."""
    expected = {path: e["sha256"] for path, e in manifest.get("figures", {}).items()}
    for entry in entries:
        path = f"{entry['name']}.jsonl"
        if path in expected:
            expected[path] = entry["sha256 after"]
    return expected


def test_frozen_figures_files_are_the_pinned_ones():
    assert figures_digest(manifest()) == FIGURES_FROZEN_DIGEST
    roles = {path: e["role"] for path, e in manifest()["figures"].items()}
    assert roles["data/eval/figures/fresh-test/labels.jsonl"] == "test"
    assert roles["data/eval/figures/labels/test.jsonl"] == "retired-test"


def test_frozen_figures_files_are_unchanged_unless_a_correction_accounts_for_them():
    expected = expected_figures_hashes(manifest(), corrections(CORRECTIONS.read_text(encoding="utf-8")))
    assert expected, "no figures files frozen"
    changed = sorted(path for path, sha in expected.items()
                     if hashlib.sha256((ROOT / path).read_bytes()).hexdigest() != sha)
    assert changed == [], f"frozen figures files changed without a correction in {CORRECTIONS.name}: {changed}"


def test_a_correction_entry_moves_the_expected_hash_of_a_figures_file():
    text = ("## C1: data/eval/figures/fresh-test/labels\n- date: 2026-12-01\n"
            "- file: data/eval/figures/fresh-test/labels.jsonl\n"
            f"- sha256 after: {'a' * 64}\n- wrong in the gold: the figure 12 was typed as 21\n")
    frozen = {"figures": {"data/eval/figures/fresh-test/labels.jsonl": {"role": "test", "sha256": "b" * 64}}}
    assert expected_figures_hashes(frozen, corrections(text)) == {"data/eval/figures/fresh-test/labels.jsonl": "a" * 64}
