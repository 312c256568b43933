"""The release as a researcher meets it: its version, changelog, contract, checksums, the README's
loading code, and `dvc get` / `dvc import` from a clone of the repository."""
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline import release
from schemas.derive import contract, contract_breaks, contract_path
from schemas.tables import DATASET_VERSION, SCHEMA_VERSION

ROOT = Path(__file__).resolve().parents[1]
PUBLISHED = ROOT / "data/published"


# ---------------------------------------------------------------- version and contract

def test_dataset_version_is_semantic_and_its_major_is_the_schema_version():
    assert re.fullmatch(r"\d+\.\d+\.\d+", DATASET_VERSION)
    assert int(DATASET_VERSION.split(".")[0]) == SCHEMA_VERSION


def test_published_columns_keep_the_contract_of_their_major_version():
    """A column removed, renamed, retyped or made nullable needs a major version bump (and then
    `python -m schemas.derive` freezes the new major's contract)."""
    frozen = contract_path()
    assert frozen.exists(), f"{frozen} missing: run python -m schemas.derive"
    breaks = contract_breaks(json.loads(frozen.read_text()), contract())
    assert breaks == [], (f"these changes break the contract of major version {SCHEMA_VERSION} "
                          f"and need a major bump of DATASET_VERSION: {breaks}")


def _contract_with(change):
    current = contract()
    changed = json.loads(json.dumps(current))
    change(changed["tables"])
    return current, changed


@pytest.mark.parametrize("change, expected", [
    (lambda t: t["claims"]["columns"].pop("cue"), "claims.cue removed or renamed"),
    (lambda t: t["figures"]["columns"]["value"].update(type="string"), "figures.value type double -> string"),
    (lambda t: t["sources"]["columns"]["language"].update(required=False), "sources.language was required, now nullable"),
    (lambda t: t.pop("entities"), "table entities removed"),
    (lambda t: t["mentions"].update(formats=["parquet"]), "mentions: no longer published as csv"),
])
def test_breaking_changes_are_detected(change, expected):
    frozen, changed = _contract_with(change)
    assert contract_breaks(frozen, changed) == [expected]


def test_added_columns_and_tables_are_not_breaks():
    frozen, changed = _contract_with(lambda t: (t["claims"]["columns"].update(stance={"type": "string", "required": False}),
                                                t.update(new_table={"formats": ["parquet"], "columns": {}})))
    assert contract_breaks(frozen, changed) == []


# ---------------------------------------------------------------- changelog

def test_changelog_entry_of_this_version_matches_the_published_release():
    args = ["--changelog", str(ROOT / "CHANGELOG.md"), "--published", str(PUBLISHED), "--dvc-yaml", str(ROOT / "dvc.yaml")]
    cwd = os.getcwd()
    os.chdir(ROOT)  # metrics paths in dvc.yaml are relative to the repository
    try:
        assert release.main(args + ["--check"]) == 0
    finally:
        os.chdir(cwd)


def test_changelog_block_reports_changes_from_the_previous_entry():
    text = "# Changelog\n\n## 1.0.0\n\nFirst.\n"
    text = release.updated(text, "1.0.0", {"claims": 10}, {"m.json claims.f1": 0.5})
    text = release.updated(text, "1.1.0", {"claims": 12, "texts": 3}, {"m.json claims.f1": 0.625})
    new = text[:text.index("## 1.0.0")]
    assert "| claims | 12 | +2 |" in new and "| texts | 3 | new |" in new
    assert "| m.json claims.f1 | 0.6250 | +0.1250 |" in new
    assert text.index("## 1.1.0") < text.index("## 1.0.0")
    assert release.notes(text, "1.0.0") == "First."


def test_changelog_check_fails_when_the_data_changed_without_a_new_entry(tmp_path, capsys):
    published = tmp_path / "published"
    shutil.copytree(PUBLISHED, published)
    changelog = tmp_path / "CHANGELOG.md"
    (tmp_path / "dvc.yaml").write_text("stages: {}\n")
    args = ["--changelog", str(changelog), "--published", str(published), "--dvc-yaml", str(tmp_path / "dvc.yaml")]
    changelog.write_text("# Changelog\n\n## 1.0.0\n\nFirst.\n")
    assert release.main(args + ["--version", "1.0.0"]) == 0
    assert release.main(args + ["--version", "1.0.0", "--check"]) == 0
    (published / "texts.parquet").unlink()
    assert release.main(args + ["--version", "1.0.0", "--check"]) == 1
    assert "raise DATASET_VERSION" in capsys.readouterr().err


# ---------------------------------------------------------------- the committed release

def test_committed_release_verifies_with_sha256sum():
    out = subprocess.run(["sha256sum", "--check", "--strict", "SHA256SUMS"], cwd=PUBLISHED, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    listed = {line.split("  ", 1)[1] for line in (PUBLISHED / "SHA256SUMS").read_text().splitlines()}
    assert listed == {p.name for p in PUBLISHED.iterdir() if p.name != "SHA256SUMS"}


def test_committed_release_names_its_version():
    assert json.loads((PUBLISHED / "datapackage.json").read_text())["version"] == DATASET_VERSION


def _readme_blocks(section: str) -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index(f"## {section}\n")
    end = readme.find("\n## ", start + 1)
    return re.findall(r"```python\n(.*?)```", readme[start:end if end > 0 else None], flags=re.S)


def test_readme_loads_each_table_in_three_lines_with_pandas_duckdb_and_polars(monkeypatch):
    blocks = _readme_blocks("Loading the data")
    libraries = {lib for b in blocks for lib in ("pandas", "duckdb", "polars") if f"import {lib}" in b}
    assert libraries == {"pandas", "duckdb", "polars"}
    monkeypatch.chdir(ROOT)
    for block in blocks:
        if "body" not in block:  # the offset check below is not a load
            assert len(block.strip().splitlines()) == 3, block
        namespace: dict = {}
        exec(compile(block, "README.md", "exec"), namespace)  # noqa: S102 - the README's own code


def test_readme_offset_check_finds_every_text_in_its_body(monkeypatch):
    block = next(b for b in _readme_blocks("Loading the data") if "body" in b)
    monkeypatch.chdir(ROOT)
    namespace: dict = {}
    exec(compile(block, "README.md", "exec"), namespace)  # noqa: S102
    assert namespace["mismatches"] == 0


# ---------------------------------------------------------------- DVC consumption

def _dvc(*args, cwd):
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    out = subprocess.run(["dvc", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stdout + out.stderr
    return out


@pytest.fixture(scope="module")
def clone(tmp_path_factory):
    """A local clone of this repository (the committed release, as a user would clone it)."""
    if not (ROOT / ".git").exists():
        pytest.fail("the DVC consumption tests need the repository's git history (run from a git clone)")
    path = tmp_path_factory.mktemp("remote") / "newsclaims"
    subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(path)], check=True)
    return path


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_dvc_get_downloads_the_published_release(clone, tmp_path):
    _dvc("get", str(clone), "data/published", "-o", "published", cwd=tmp_path)
    assert _tree(tmp_path / "published") == _tree(clone / "data/published")
    assert subprocess.run(["sha256sum", "--check", "--quiet", "SHA256SUMS"], cwd=tmp_path / "published").returncode == 0


def test_dvc_import_tracks_the_release_and_its_revision(clone, tmp_path):
    subprocess.run(["git", "init", "--quiet"], cwd=tmp_path, check=True)
    _dvc("init", "--quiet", cwd=tmp_path)
    _dvc("import", str(clone), "data/published", "-o", "newsclaims", cwd=tmp_path)
    assert _tree(tmp_path / "newsclaims") == _tree(clone / "data/published")
    record = (tmp_path / "newsclaims.dvc").read_text()
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=clone, capture_output=True, text=True).stdout.strip()
    assert f"rev_lock: {head}" in record and "path: data/published" in record
