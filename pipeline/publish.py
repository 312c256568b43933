"""publish: validated tables -> data/published/<table>.parquet, <table>.csv, datapackage.json.

Parquet carries the typed schema (lists as list<string>, dates as date32) and raw values; CSV
carries lists as JSON arrays and dates as ISO text so a spreadsheet opens it as is, and text
that a spreadsheet would run as a formula is escaped (pipeline.io.csv_safe_cell). Only the
exact tables validate checked are published: their SHA-256 must match validation.json.
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from pipeline.io import cli_errors, read_parquet, write_csv, write_parquet, write_text
from schemas.derive import arrow_schema, datapackage_text
from schemas.tables import TABLES, column_names


def _as_list(value) -> list:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return []
    return [str(v) for v in value]


def for_parquet(table: str, df: pd.DataFrame) -> pd.DataFrame:
    out = df[list(column_names(table))].copy()
    for field in arrow_schema(table):
        if str(field.type).startswith("list"):
            out[field.name] = out[field.name].map(_as_list)
        elif str(field.type) == "date32[day]":
            out[field.name] = out[field.name].map(lambda v: v if isinstance(v, dt.date) else None)
    return out


def for_csv(table: str, df: pd.DataFrame) -> pd.DataFrame:
    out = for_parquet(table, df)
    for field in arrow_schema(table):
        if str(field.type).startswith("list"):
            out[field.name] = out[field.name].map(lambda v: json.dumps(v, ensure_ascii=False))
        elif str(field.type) == "date32[day]":
            out[field.name] = out[field.name].map(lambda v: v.isoformat() if v else None)
    return out


def stale_tables(folder: Path, validated: dict[str, str]) -> list[str]:
    """Tables whose bytes are not the ones validation.json records (or that it does not record)."""
    stale = []
    for table in TABLES:
        digest = hashlib.sha256((folder / f"{table}.parquet").read_bytes()).hexdigest()
        if validated.get(table) != digest:
            stale.append(table)
    return stale


@cli_errors("publish")
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tables", required=True, type=Path, help="folder with the validated <table>.parquet")
    ap.add_argument("--validation", required=True, type=Path, help="validation.json of the validate stage")
    ap.add_argument("--out", required=True, type=Path)
    args = ap.parse_args(argv)
    report = json.loads(args.validation.read_text(encoding="utf-8"))
    if not report.get("success"):
        print(f"publish: refusing to publish, {args.validation} records validation failures", file=sys.stderr)
        return 1
    stale = stale_tables(args.tables, report.get("sha256") or {})
    if stale:
        print(f"publish: refusing to publish, {', '.join(stale)} differ from the tables {args.validation} "
              "validated (run dvc repro)", file=sys.stderr)
        return 1
    for table in TABLES:
        df = read_parquet(args.tables / f"{table}.parquet")
        write_parquet(args.out / f"{table}.parquet", for_parquet(table, df), schema=arrow_schema(table))
        write_csv(args.out / f"{table}.csv", for_csv(table, df))
    write_text(args.out / "datapackage.json", datapackage_text())
    print(f"publish: {len(TABLES)} tables written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
