"""publish: validated tables -> data/published/<table>.parquet, <table>.csv, datapackage.json, SHA256SUMS.

Parquet carries the typed schema (lists as list<string>, dates as date32) and raw values; CSV
carries lists as JSON arrays and dates as ISO text so a spreadsheet opens it as is, and text
that a spreadsheet would run as a formula is escaped (pipeline.io.csv_safe_cell). Only the
exact tables validate checked are published: their SHA-256 must match validation.json. The texts
table (article bodies) is Parquet only and left out when params.yaml says publish.texts: false.
datapackage.json records the SHA-256 and size of every data file; SHA256SUMS adds its own.
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

from pipeline.config import ConfigError, load_params
from pipeline.io import (cli_errors, csv_safe_frame, read_parquet, remove_partial_writes, write_bytes, write_csv,
                         write_parquet, write_text)
from pipeline.publish_cache import CsvRunCache
from schemas.derive import (CHECKSUMS, arrow_schema, checksums_text, datapackage_text, file_stats,
                            published_files, published_tables)
from schemas.tables import PARQUET_ONLY_TABLES, TABLES, column_names


def _as_list(value) -> list:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return []
    return list(map(str, value))


def for_parquet(table: str, df: pd.DataFrame) -> pd.DataFrame:
    out = df[list(column_names(table))].copy()
    for field in arrow_schema(table):
        if str(field.type).startswith("list"):
            out[field.name] = out[field.name].map(_as_list)
        elif str(field.type) == "date32[day]":
            out[field.name] = out[field.name].map(lambda v: v if isinstance(v, dt.date) else None)
    return out


def _json_list(value: list) -> str:
    """A list cell as JSON; most are empty, and json.dumps([]) is "[]"."""
    return json.dumps(value, ensure_ascii=False) if len(value) else "[]"


def for_csv(table: str, df: pd.DataFrame, parquet_ready: bool = False) -> pd.DataFrame:
    """The CSV form of a table; `parquet_ready`: df is already for_parquet's output."""
    out = df.copy() if parquet_ready else for_parquet(table, df)
    for field in arrow_schema(table):
        if str(field.type).startswith("list"):
            out[field.name] = out[field.name].map(_json_list)
        elif str(field.type) == "date32[day]":
            out[field.name] = out[field.name].map(lambda v: v.isoformat() if v else None)
    return out


def write_release_metadata(out: Path, tables: list[str]) -> None:
    """datapackage.json with the hash of every data file, then SHA256SUMS over all of them."""
    names = published_files(tables)
    stats = file_stats(out, names)
    write_text(out / "datapackage.json", datapackage_text(tables, stats))
    # the data files were hashed just above: SHA256SUMS reads only datapackage.json
    write_text(out / CHECKSUMS, checksums_text(out, names + ["datapackage.json"], known=stats))


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
    ap.add_argument("--params", default="params.yaml")
    ap.add_argument("--cache", type=Path, help="folder of CSV text of unchanged rows kept between runs "
                                               "(pipeline.publish_cache)")
    args = ap.parse_args(argv)
    try:
        params = load_params(args.params).publish
    except ConfigError as exc:
        print(f"publish: {exc}", file=sys.stderr)
        return 2
    report = json.loads(args.validation.read_text(encoding="utf-8"))
    if not report.get("success"):
        print(f"publish: refusing to publish, {args.validation} records validation failures", file=sys.stderr)
        return 1
    stale = stale_tables(args.tables, report.get("sha256") or {})
    if stale:
        print(f"publish: refusing to publish, {', '.join(stale)} differ from the tables {args.validation} "
              "validated (run dvc repro)", file=sys.stderr)
        return 1
    if args.out.is_dir():
        for name in remove_partial_writes(args.out):  # left by a build killed mid-write
            print(f"publish: removed {name}, a partial write of an interrupted run")
    tables = published_tables(params.texts)
    cache = CsvRunCache(args.cache) if args.cache else None
    for table in tables:
        df = for_parquet(table, read_parquet(args.tables / f"{table}.parquet"))
        write_parquet(args.out / f"{table}.parquet", df, schema=arrow_schema(table))
        if table not in PARQUET_ONLY_TABLES:
            if cache is None:
                write_csv(args.out / f"{table}.csv", for_csv(table, df, parquet_ready=True))
            else:  # the same bytes as write_csv, from the last run's text of unchanged rows
                write_bytes(args.out / f"{table}.csv", cache.table_text(csv_safe_frame(
                    for_csv(table, df, parquet_ready=True))))
        del df
    if cache is not None:
        cache.prune()
        cache.close()
        print(f"publish: CSV text of {cache.hits} run(s) of rows reused, {cache.misses} formatted")
    for table in sorted(set(TABLES) - set(tables)):  # a switched-off table must not linger from an earlier run
        (args.out / f"{table}.parquet").unlink(missing_ok=True)
    write_release_metadata(args.out, tables)
    print(f"publish: {len(tables)} tables written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
