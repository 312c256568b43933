import hashlib
import json
import subprocess

import duckdb
import pandas as pd
import polars as pl
import pytest

from pipeline import publish
from pipeline.io import csv_unescape_cell, write_json, write_parquet
from pipeline.validate import file_sha256
from tests.factories import BODY, SID, valid_tables


def build(tmp_path, success=True, tables=None, texts=True):
    src = tmp_path / "validated"
    hashes = {}
    for name, df in (tables or valid_tables()).items():
        write_parquet(src / f"{name}.parquet", df)
        hashes[name] = file_sha256(src / f"{name}.parquet")
    write_json(tmp_path / "validation.json", {"success": success, "sha256": hashes})
    (tmp_path / "params.yaml").write_text(f"publish:\n  texts: {str(texts).lower()}\n")
    return publish.main(["--tables", str(src), "--validation", str(tmp_path / "validation.json"),
                         "--params", str(tmp_path / "params.yaml"), "--out", str(tmp_path / "out")])


def test_publish_refuses_failed_validation(tmp_path):
    assert build(tmp_path, success=False) == 1
    assert not (tmp_path / "out").exists()


def test_publish_refuses_a_table_changed_after_validation(tmp_path, capsys):
    assert build(tmp_path) == 0
    tables = valid_tables()
    tables["claims"]["text"] = ["exports fell 5% in April"]
    write_parquet(tmp_path / "validated/claims.parquet", tables["claims"])
    code = publish.main(["--tables", str(tmp_path / "validated"), "--validation", str(tmp_path / "validation.json"),
                         "--out", str(tmp_path / "out2")])
    assert code == 1
    assert "claims differ" in capsys.readouterr().err
    assert not (tmp_path / "out2").exists()


def test_publish_refuses_a_report_without_hashes(tmp_path):
    assert build(tmp_path) == 0
    write_json(tmp_path / "validation.json", {"success": True})
    code = publish.main(["--tables", str(tmp_path / "validated"), "--validation", str(tmp_path / "validation.json"),
                         "--out", str(tmp_path / "out2")])
    assert code == 1


def test_csv_holds_lists_as_json_arrays_and_iso_dates(tmp_path):
    assert build(tmp_path) == 0
    sources = pd.read_csv(tmp_path / "out/sources.csv")
    assert json.loads(sources.loc[0, "credits"]) == ["Ana Silva"]
    assert sources.loc[0, "published_date"] == "2024-05-01"


FORMULAS = ["=cmd|' /C calc'!A0", "@SUM(A1)", "+1 more than expected", "-2% in May", "\tTAB", "\rCR",
            "'quoted already"]


@pytest.fixture()
def hostile_tables():
    tables = valid_tables()
    tables["sources"]["title"] = [FORMULAS[0]]
    n = len(FORMULAS)
    claims = pd.concat([tables["claims"]] * n, ignore_index=True)
    claims["text"] = FORMULAS
    claims["start"] = range(20, 20 + n)
    claims["claim_id"] = [f"{SID}:c:{s}-50" for s in claims["start"]]
    claims["cluster_id"] = claims["claim_id"]
    tables["claims"] = claims
    tables["figures"]["value"] = [-5.0]
    return tables


def test_csv_escapes_formula_cells_and_round_trips(tmp_path, hostile_tables):
    assert build(tmp_path, tables=hostile_tables) == 0
    raw = pd.read_csv(tmp_path / "out/claims.csv", dtype=str, keep_default_na=False)
    assert all(cell.startswith("'") for cell in raw["text"])  # no cell starts a formula
    assert [csv_unescape_cell(c) for c in raw["text"]] == FORMULAS
    sources = pd.read_csv(tmp_path / "out/sources.csv", dtype=str, keep_default_na=False)
    assert sources.loc[0, "title"] == "'" + FORMULAS[0]


def test_parquet_keeps_raw_values_and_numbers_stay_numbers(tmp_path, hostile_tables):
    assert build(tmp_path, tables=hostile_tables) == 0
    assert list(pd.read_parquet(tmp_path / "out/claims.parquet")["text"]) == FORMULAS
    assert pd.read_parquet(tmp_path / "out/sources.parquet").loc[0, "title"] == FORMULAS[0]
    figures = pd.read_csv(tmp_path / "out/figures.csv")
    assert figures.loc[0, "value"] == -5.0 and figures["value"].dtype == float
    assert pd.read_csv(tmp_path / "out/claims.csv")["start"].dtype == int


def test_parquet_opens_in_pandas_polars_and_duckdb(tmp_path):
    assert build(tmp_path) == 0
    path = str(tmp_path / "out/sources.parquet")
    assert list(pd.read_parquet(path).loc[0, "cited_outlets"]) == ["Reuters"]
    assert pl.read_parquet(path)["credits"].to_list() == [["Ana Silva"]]
    assert duckdb.sql(f"SELECT published_date FROM '{path}'").fetchall()[0][0].isoformat() == "2024-05-01"


def test_publishing_twice_gives_identical_bytes(tmp_path):
    assert build(tmp_path) == 0
    first = {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()}
    assert build(tmp_path) == 0
    assert {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()} == first
    assert "datapackage.json" in first


def test_a_partial_write_left_by_a_killed_run_is_removed_by_the_next(tmp_path, capsys):
    assert build(tmp_path) == 0
    first = {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()}
    (tmp_path / "out/.claims.parquet.k1ll3d.tmp").write_bytes(b"PAR1")  # what kill -9 mid-write leaves
    assert build(tmp_path) == 0
    assert {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()} == first
    assert "removed .claims.parquet.k1ll3d.tmp" in capsys.readouterr().out


def test_missing_input_tables_give_a_clear_error(tmp_path, capsys):
    write_json(tmp_path / "validation.json", {"success": True})
    code = publish.main(["--tables", str(tmp_path / "none"), "--validation", str(tmp_path / "validation.json"),
                         "--out", str(tmp_path / "out")])
    assert code == 2
    assert "input not found" in capsys.readouterr().err


def test_texts_are_published_as_parquet_only(tmp_path):
    assert build(tmp_path) == 0
    texts = pd.read_parquet(tmp_path / "out/texts.parquet")
    assert texts.to_dict("records") == [{"source_id": SID, "body": BODY}]
    assert not (tmp_path / "out/texts.csv").exists()


def test_texts_switched_off_are_neither_written_nor_described(tmp_path):
    assert build(tmp_path) == 0
    assert build(tmp_path, texts=False) == 0  # a second build must also remove the earlier texts.parquet
    assert not (tmp_path / "out/texts.parquet").exists()
    package = json.loads((tmp_path / "out/datapackage.json").read_text())
    assert "texts" not in [r["name"] for r in package["resources"]]
    assert "texts.parquet" not in (tmp_path / "out/SHA256SUMS").read_text()


def test_datapackage_records_the_sha256_and_size_of_every_data_file(tmp_path):
    assert build(tmp_path) == 0
    out = tmp_path / "out"
    recorded = {}
    for resource in json.loads((out / "datapackage.json").read_text())["resources"]:
        if resource["format"] == "csv":
            recorded[resource["path"]] = (resource["hash"], resource["bytes"])
        recorded[resource.get("parquet", resource["path"])] = (resource["parquet_hash"], resource["parquet_bytes"])
    data_files = sorted(p.name for p in out.iterdir() if p.suffix in (".csv", ".parquet"))
    assert sorted(recorded) == data_files
    for name, (digest, size) in recorded.items():
        data = (out / name).read_bytes()
        assert digest == "sha256:" + hashlib.sha256(data).hexdigest() and size == len(data), name


def test_sha256sums_verifies_every_published_file_with_sha256sum(tmp_path):
    assert build(tmp_path) == 0
    out = tmp_path / "out"
    listed = [line.split("  ", 1)[1] for line in (out / "SHA256SUMS").read_text().splitlines()]
    assert listed == sorted(p.name for p in out.iterdir() if p.name != "SHA256SUMS")
    assert subprocess.run(["sha256sum", "--check", "--quiet", "SHA256SUMS"], cwd=out).returncode == 0
    (out / "entities.csv").write_text("changed\n")
    assert subprocess.run(["sha256sum", "--check", "--quiet", "SHA256SUMS"], cwd=out,
                          capture_output=True).returncode != 0


def test_datapackage_states_version_and_licences(tmp_path):
    from schemas.tables import DATASET_VERSION
    assert build(tmp_path) == 0
    package = json.loads((tmp_path / "out/datapackage.json").read_text())
    assert package["version"] == DATASET_VERSION
    assert package["licenses"][0]["name"] == "MIT"
    assert "publishers" in package["rights"]
    texts = next(r for r in package["resources"] if r["name"] == "texts")
    assert texts["licenses"][0]["name"] == "other-closed" and "publishers" in texts["licenses"][0]["title"]
