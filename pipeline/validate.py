"""validate: resolved tables -> pandera + Great Expectations results; fails on any error.

Writes a deterministic, machine-readable data/reports/validation.json (no run ids or
timestamps) and prints a readable summary of every failure.
"""
from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from pipeline.config import ConfigError, ValidateParams, load_params
from pipeline.io import cli_errors, read_parquet, write_json
from schemas.derive import expectation_suite
from schemas.tables import TABLES, cross_table_failures


def pandera_failures(table: str, df: pd.DataFrame) -> list[dict]:
    """Row/column contract failures of one table, grouped by column and check."""
    try:
        TABLES[table].validate(df, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        out = []
        for (column, check), group in cases.groupby(["column", "check"], dropna=False, sort=True):
            out.append({"table": table, "column": None if pd.isna(column) else str(column), "check": str(check),
                        "n_failures": int(len(group)),
                        "examples": sorted({str(v) for v in group["failure_case"]})[:5]})
        return out
    except (pa.errors.SchemaError, TypeError, ValueError) as exc:
        # a table too malformed to check column by column still gets a readable failure
        return [{"table": table, "column": None, "check": "schema", "n_failures": 1, "examples": [str(exc)[:200]]}]
    return []


def gx_failures(tables: dict[str, pd.DataFrame], params: ValidateParams) -> tuple[list[dict], dict[str, int]]:
    """Great Expectations results for every table: (failures, expectations evaluated per table)."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    import great_expectations as gx

    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)  # keep CI logs readable
    source = context.data_sources.add_pandas("newsclaims")
    failures, counts = [], {}
    for table, df in tables.items():
        batch_def = source.add_dataframe_asset(table).add_batch_definition_whole_dataframe("all")
        suite = context.suites.add(expectation_suite(table, (params.percent_min, params.percent_max), params.percent_mostly))
        # GE cannot hash list cells; list columns are checked by pandera, so pass them as JSON text
        frame = df.copy()
        for col in frame.columns:
            if frame[col].map(lambda v: hasattr(v, "__len__") and not isinstance(v, str)).any():
                frame[col] = frame[col].map(lambda v: None if v is None else str(list(v)))
        result = batch_def.get_batch(batch_parameters={"dataframe": frame}).validate(suite)
        counts[table] = len(result.results)
        for r in result.results:
            if r.success:
                continue
            cfg = r.expectation_config
            failures.append({"table": table, "column": cfg.kwargs.get("column"), "check": cfg.type,
                             "n_failures": int(r.result.get("unexpected_count") or 1),
                             "examples": sorted({str(v) for v in (r.result.get("partial_unexpected_list") or [])})[:5]})
    return sorted(failures, key=lambda f: (f["table"], str(f["column"]), f["check"])), counts


def validate_tables(tables: dict[str, pd.DataFrame], params: ValidateParams) -> dict:
    pandera = [f for table, df in tables.items() for f in pandera_failures(table, df)]
    cross = cross_table_failures(tables)
    gx, counts = gx_failures(tables, params)
    return {
        "success": not (pandera or cross or gx),
        "row_counts": {t: int(len(df)) for t, df in tables.items()},
        "pandera": {"failures": pandera},
        "cross_table": {"failures": cross},
        "great_expectations": {"expectations_per_table": counts, "failures": gx},
    }


def summary(report: dict) -> str:
    lines = []
    for section in ("pandera", "cross_table", "great_expectations"):
        for f in report[section]["failures"]:
            lines.append(f"  [{section}] {f['table']}.{f['column']}: {f['check']} failed for "
                         f"{f['n_failures']} value(s), e.g. {', '.join(f['examples'][:3])}")
    return "\n".join(lines)


@cli_errors("validate")
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tables", required=True, type=Path, help="folder with <table>.parquet")
    ap.add_argument("--params", default="params.yaml")
    ap.add_argument("--report", required=True, type=Path, help="output validation.json")
    args = ap.parse_args(argv)
    try:
        params = load_params(args.params).validate
    except ConfigError as exc:
        print(f"validate: {exc}", file=sys.stderr)
        return 2
    tables = {name: read_parquet(args.tables / f"{name}.parquet") for name in TABLES}
    report = validate_tables(tables, params)
    write_json(args.report, report)
    if not report["success"]:
        print("validate: FAILED\n" + summary(report), file=sys.stderr)
        return 1
    print("validate: all tables pass (" + ", ".join(f"{n} {t}" for t, n in report["row_counts"].items()) + ")")
    return 0


if __name__ == "__main__":
    sys.exit(main())
