import json

import duckdb
import pandas as pd
import polars as pl

from pipeline import publish
from pipeline.io import write_json, write_parquet
from tests.factories import valid_tables


def build(tmp_path, success=True):
    src = tmp_path / "resolved"
    for name, df in valid_tables().items():
        write_parquet(src / f"{name}.parquet", df)
    write_json(tmp_path / "validation.json", {"success": success})
    return publish.main(["--tables", str(src), "--validation", str(tmp_path / "validation.json"),
                         "--out", str(tmp_path / "out")])


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
