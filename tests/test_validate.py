import json

import pandas as pd
import pytest

from pipeline import validate
from pipeline.config import ValidateParams
from pipeline.io import write_parquet
from tests.factories import valid_tables

PARAMS = ValidateParams()


@pytest.fixture(scope="module")
def valid_report():
    return validate.validate_tables(valid_tables(), PARAMS)


def test_valid_tables_pass_every_check(valid_report):
    assert valid_report["success"], valid_report
    assert all(n > 0 for n in valid_report["great_expectations"]["expectations_per_table"].values())


def test_percent_out_of_range_fails_the_statistical_expectation():
    tables = valid_tables()
    tables["figures"]["value"] = [5000.0]
    report = validate.validate_tables(tables, PARAMS)
    assert not report["success"]
    gx = report["great_expectations"]["failures"]
    assert [(f["table"], f["column"]) for f in gx] == [("figures", "value")]


def test_empty_table_fails():
    tables = valid_tables()
    tables["claims"] = tables["claims"].iloc[0:0]
    tables["figures"]["claim_id"] = [None]
    report = validate.validate_tables(tables, PARAMS)
    checks = {(f["table"], f["check"]) for f in report["great_expectations"]["failures"]}
    assert ("claims", "expect_table_row_count_to_be_between") in checks


def test_cli_fails_with_readable_summary(tmp_path, capsys):
    tables = valid_tables()
    tables["figures"]["kind"] = ["ratio"]
    for name, df in tables.items():
        write_parquet(tmp_path / f"{name}.parquet", df)
    (tmp_path / "params.yaml").write_text("{}\n")
    code = validate.main(["--tables", str(tmp_path), "--params", str(tmp_path / "params.yaml"),
                          "--report", str(tmp_path / "validation.json")])
    assert code == 1
    err = capsys.readouterr().err
    assert "figures.kind" in err
    assert json.loads((tmp_path / "validation.json").read_text())["success"] is False


def test_rare_extreme_percent_passes_when_mostly_allows_it():
    tables = valid_tables()
    figs = tables["figures"]
    many = pd.concat([figs] * 1000, ignore_index=True)
    many["figure_id"] = [f"{i}" for i in range(len(many))]
    many.loc[0, "value"] = 20000.0  # "inflation soared to over 20,000 pct a year"
    tables["figures"] = many
    report = validate.validate_tables(tables, ValidateParams(percent_mostly=0.99))
    assert not [f for f in report["great_expectations"]["failures"] if f["column"] == "value"]
