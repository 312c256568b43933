"""End to end on hostile input: `dvc repro` on the seeds plus every kind of bad file
(tests/hostile.py) succeeds, publishes the good articles, and accounts for every input:
accepted + quarantined + rejected = inputs.
"""
import csv
import json

import pandas as pd
import pytest

from pipeline.io import FORMULA_TRIGGERS
from tests.hostile import FORMULA_QUOTES, FORMULA_TITLE, OUTSIDE_MARKER, SCRIPT_MARKER, write_hostile_inputs
from tests.test_pipeline import ROOT, project_copy, run

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    work = project_copy(tmp_path_factory.mktemp("hostile"))
    seeds = sorted(p.name for p in (work / "seeds").glob("*.txt"))
    inputs = write_hostile_inputs(work / "seeds", work / "outside")
    result = run(["dvc", "repro"], work)
    return work, inputs, seeds, result


@pytest.fixture(scope="module")
def published(hostile):
    work = hostile[0]
    return {t: pd.read_parquet(work / "data/published" / f"{t}.parquet")
            for t in ("sources", "entities", "mentions", "figures", "claims")}


def by_name(sources: pd.DataFrame) -> dict[str, pd.Series]:
    return {p.split("/")[-1]: row for p, (_, row) in zip(sources["path"], sources.iterrows())}


def rejects_of(work) -> pd.DataFrame:
    from pipeline.io import read_csv
    return read_csv(work / "data/reports/rejects.csv")


def test_repro_succeeds_on_hostile_input(hostile):
    *_, result = hostile
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def test_every_input_is_accepted_quarantined_or_rejected(hostile, published):
    work, inputs, seeds, result = hostile
    counts = json.loads((work / "data/reports/validation.json").read_text())["articles"]
    assert counts["accepted"] + counts["quarantined"] + counts["rejected"] == len(seeds) + inputs.n_inputs
    assert counts["inputs"] == len(seeds) + inputs.n_inputs
    status = published["sources"]["status"].value_counts().to_dict()
    assert status.get("accepted", 0) == counts["accepted"] and status.get("quarantined", 0) == counts["quarantined"]
    line = f"{counts['accepted']} accepted, {counts['quarantined']} quarantined, {counts['rejected']} rejected"
    assert line in result.stdout


def test_good_articles_are_published_as_accepted(hostile, published):
    _, inputs, seeds, _ = hostile
    sources = by_name(published["sources"])
    for name in seeds + inputs.good:
        assert sources[name]["status"] == "accepted", name
        sid = sources[name]["source_id"]
        assert (published["mentions"]["source_id"] == sid).any(), name


def test_seed_articles_keep_exactly_their_rows(hostile, published):
    """Hostile neighbours change nothing in what is extracted from the seeds."""
    for table in ("mentions", "figures", "claims"):
        release = pd.read_parquet(ROOT / "data/published" / f"{table}.parquet")
        seed_ids = set(release["source_id"])
        here = published[table][published[table]["source_id"].isin(seed_ids)]
        cols = ["source_id", "start", "end", "text"]
        assert here[cols].reset_index(drop=True).equals(release[cols].reset_index(drop=True)), table


def test_impossible_percentages_quarantine_their_article_only(hostile, published):
    work = hostile[0]
    row = by_name(published["sources"])["percents.txt"]
    assert row["status"] == "quarantined"
    assert not (published["figures"]["source_id"] == row["source_id"]).any()
    quarantine = pd.read_csv(work / "data/reports/quarantine.csv", dtype=str, keep_default_na=False)
    mine = quarantine[quarantine["source_id"] == row["source_id"]]
    assert set(mine["check"]) == {"value: expect_column_values_to_be_between"} and len(mine) == 700


def test_oversized_file_never_reaches_the_parser(hostile, published):
    work = hostile[0]
    row = by_name(published["sources"]).get("huge.txt")
    if row is None:  # ingest rejected it by size (issue 9)
        rejects = rejects_of(work)
        assert rejects.loc[rejects["path"].str.endswith("huge.txt"), "reason"].tolist() == ["too_large"]
    else:
        assert row["status"] == "quarantined"
        errors = pd.read_csv(work / "data/reports/extract_errors.csv")
        assert errors.loc[errors["source_id"] == row["source_id"], "reason"].tolist() == ["too_large"]


def test_unreadable_files_are_rejected_with_reasons(hostile):
    reasons = dict(zip(rejects_of(hostile[0])["path"], rejects_of(hostile[0])["reason"]))
    assert reasons["seeds/empty.txt"] == reasons["seeds/whitespace.txt"] == "empty"
    assert reasons["seeds/binary.txt"] == "binary_content"
    assert reasons["seeds/nul_bytes.txt"] == "binary_content"
    assert reasons["seeds/ghost.txt"] == "manifest_missing_file"
    # the two traversal rows (lines 5 and 6 of the manifest) are rejected, their targets never read
    assert reasons["seeds/manifest.csv#L5"] == reasons["seeds/manifest.csv#L6"] == "outside_input"
    assert reasons["seeds/german.txt"] == "unsupported_language"
    assert all(r for r in reasons.values())


def test_one_of_two_identical_files_is_published_the_other_rejected(hostile, published):
    names = {"duplicate_a.txt", "duplicate b copy.txt"}
    accepted = names & set(by_name(published["sources"]))
    rejects = rejects_of(hostile[0])
    rejected = rejects[rejects["reason"] == "duplicate_content"]["path"].map(lambda p: p.split("/")[-1])
    assert len(accepted) == 1 and set(rejected) == names - accepted


def test_formula_cells_are_escaped_in_csv_and_raw_in_parquet(hostile, published):
    work = hostile[0]
    formulas = by_name(published["sources"])["formulas.txt"]
    assert formulas["title"] == FORMULA_TITLE and formulas["publisher"] == "@Evil Corp"
    claims = published["claims"][published["claims"]["source_id"] == formulas["source_id"]]
    assert {q for q in FORMULA_QUOTES if any(t.startswith(q) for t in claims["text"])} == set(FORMULA_QUOTES)
    for path in sorted((work / "data/published").glob("*.csv")):
        with path.open(newline="", encoding="utf-8") as fh:
            for row in csv.reader(fh):
                for cell in row:
                    if cell.startswith(FORMULA_TRIGGERS) and cell[:1] != "'":
                        float(cell)  # only a number may start with - or +
    sources_csv = pd.read_csv(work / "data/published/sources.csv", dtype=str, keep_default_na=False)
    assert "'" + FORMULA_TITLE in set(sources_csv["title"])


def test_manifest_with_bad_dates_and_unknown_columns_is_still_read(hostile, published):
    sources = by_name(published["sources"])
    assert sources["formulas.txt"]["date_basis"] == "manifest"  # the row beside an unknown column was used
    assert "sentiment" not in published["sources"].columns
    assert sources["bad_dates.txt"]["date_basis"] != "manifest"
    rejects = rejects_of(hostile[0])
    assert rejects["detail"].str.contains("2024-13-45").any()


def test_paths_are_relative_and_scripts_never_published(hostile, published):
    for path in published["sources"]["path"]:
        assert not path.startswith("/") and ".." not in path.split("/")
    for path in sorted((hostile[0] / "data/published").glob("*.csv")):
        assert SCRIPT_MARKER not in path.read_text(encoding="utf-8")


def test_no_temporary_files_are_left_behind(hostile):
    assert not [p for p in (hostile[0] / "data").rglob("*.tmp")]


# ---------------------------------------------------------------- what ingest keeps out

def test_symlinked_content_from_outside_is_not_published(hostile, published):
    assert "linked.txt" not in by_name(published["sources"])
    rejects = rejects_of(hostile[0])
    assert rejects.loc[rejects["path"].str.endswith("linked.txt"), "reason"].tolist() == ["symlink"]
    for path in sorted((hostile[0] / "data/published").glob("*.csv")):
        assert OUTSIDE_MARKER not in path.read_text(encoding="utf-8")


def test_non_english_article_is_rejected(hostile, published):
    assert "japanese.txt" not in by_name(published["sources"])
    rejects = rejects_of(hostile[0])
    assert rejects.loc[rejects["path"].str.endswith("japanese.txt"), "reason"].tolist() == ["unsupported_language"]


def test_legacy_encodings_are_decoded(hostile, published):
    sources = by_name(published["sources"])
    assert sources["cp1252.txt"]["status"] == sources["latin1.txt"]["status"] == "accepted"


def test_html_page_is_read_without_its_script(hostile, published):
    assert by_name(published["sources"])["page.html"]["status"] == "accepted"
