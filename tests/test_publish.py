import hashlib
import json
import subprocess

import duckdb
import pandas as pd
import polars as pl

from pipeline import publish
from pipeline.io import write_json, write_parquet
from tests.factories import BODY, SID, valid_tables


def build(tmp_path, success=True, texts=True):
    src = tmp_path / "resolved"
    for name, df in valid_tables().items():
        write_parquet(src / f"{name}.parquet", df)
    write_json(tmp_path / "validation.json", {"success": success})
    (tmp_path / "params.yaml").write_text(f"publish:\n  texts: {str(texts).lower()}\n")
    return publish.main(["--tables", str(src), "--validation", str(tmp_path / "validation.json"),
                         "--params", str(tmp_path / "params.yaml"), "--out", str(tmp_path / "out")])


def test_publish_refuses_failed_validation(tmp_path):
    assert build(tmp_path, success=False) == 1
    assert not (tmp_path / "out").exists()


def test_csv_holds_lists_as_json_arrays_and_iso_dates(tmp_path):
    assert build(tmp_path) == 0
    sources = pd.read_csv(tmp_path / "out/sources.csv")
    assert json.loads(sources.loc[0, "credits"]) == ["Ana Silva"]
    assert sources.loc[0, "published_date"] == "2024-05-01"


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
