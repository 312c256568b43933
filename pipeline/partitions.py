"""Partitioned Parquet for the extract stage's tables: one `part-NNNNN.parquet` per partition.

Extract writes each partition as soon as it is done, so its memory does not grow with the
corpus; readers get the whole table (only the columns they ask for) in a fixed row order, so
the partition size never changes what a later stage computes.
"""
from __future__ import annotations

import hashlib
import io
import os
import shutil
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from pipeline.io import PARQUET_OPTIONS, write_parquet

# Every partition of a table is written with the same schema: a partition whose `qualifier`
# happens to be all-null must not become a null-typed column that the others cannot merge with.
COLUMN_TYPES: dict[str, pa.DataType] = {
    "source_id": pa.string(), "start": pa.int64(), "end": pa.int64(), "text": pa.string(),
    "label": pa.string(), "sentence_index": pa.int64(), "roles": pa.list_(pa.string()),
    "value": pa.float64(), "unit": pa.string(), "kind": pa.string(), "qualifier": pa.string(),
    "unit_text": pa.string(), "low": pa.float64(), "high": pa.float64(), "base_value": pa.float64(),
    "base_unit": pa.string(),
    "change": pa.string(), "change_group": pa.string(), "measure": pa.string(), "period": pa.string(),
    "cue": pa.string(), "speaker": pa.string(), "speaker_start": pa.int64(), "speaker_end": pa.int64(),
    "speaker_basis": pa.string(), "speaker_ref_start": pa.int64(), "speaker_ref_end": pa.int64(),
    "via": pa.string(), "cited_outlets": pa.list_(pa.string()), "error": pa.string(),
}


def arrow_schema(columns: list[str]) -> pa.Schema:
    """Arrow schema of an extract table; an unknown column is an error, not a guessed type."""
    missing = [c for c in columns if c not in COLUMN_TYPES]
    if missing:
        raise KeyError(f"no Parquet type declared for extract column(s) {missing} in pipeline/partitions.py")
    return pa.schema([(c, COLUMN_TYPES[c]) for c in columns])


def part_name(index: int) -> str:
    return f"part-{index:05d}.parquet"


def write_part(folder: Path, table: str, index: int, df: pd.DataFrame) -> None:
    """Partition `index` of `table` under folder/<table>/."""
    write_parquet(Path(folder) / table / part_name(index), df, schema=arrow_schema(list(df.columns)))


def parquet_bytes(table: pa.Table) -> bytes:
    """The bytes write_parquet would write for this table."""
    sink = io.BytesIO()
    pq.write_table(table, sink, **PARQUET_OPTIONS)
    return sink.getvalue()


def write_table_part(folder: Path, name: str, table: pa.Table, previous: Path | None = None) -> str:
    """folder/name holding `table`; when previous/name (the last run's file) has the same bytes it
    is hard-linked instead, keeping its inode and mtime so that DVC does not hash it again.
    Returns the SHA-256 of the bytes."""
    data = parquet_bytes(table)
    target = Path(folder) / name
    old = Path(previous) / name if previous is not None else None
    if old is not None and old.is_file() and old.stat().st_size == len(data) and old.read_bytes() == data:
        link_or_write(old, target, data)
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        _write_bytes(target, data)
    return hashlib.sha256(data).hexdigest()


def link_or_write(old: Path, target: Path, data: bytes) -> None:
    """target as a hard link of `old`, whose bytes are `data` (keeping its inode and mtime, so
    DVC does not hash it again), or a copy of `data` where the file system has no hard links."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(old, target)
    except OSError:
        _write_bytes(target, data)


def _write_bytes(target: Path, data: bytes) -> None:
    with open(target, "wb") as fh:
        fh.write(data)
    os.chmod(target, 0o644)


def part_files(path: Path) -> list[Path]:
    """The partition files of a partitioned table (a folder of part-*.parquet), or [path] for a
    single Parquet file."""
    path = Path(path)
    if path.is_dir():
        return sorted(path.glob("part-*.parquet"))
    if not path.exists():
        raise FileNotFoundError(2, "not found", str(path))
    return [path]


def read_rows(path: Path, columns: list[str] | None = None) -> pd.DataFrame:
    """A partitioned table (or a single Parquet file) read whole, partitions in order."""
    files = part_files(path)
    if len(files) == 1:
        return pd.read_parquet(files[0], columns=columns)
    return _partitions_table(files, columns).to_pandas()


def read_arrow_rows(path: Path, columns: list[str] | None = None) -> pa.Table:
    """read_rows as an Arrow table: no pandas frame, no Python objects per cell."""
    files = part_files(path)
    if len(files) == 1:
        return pq.read_table(files[0], columns=columns)
    return _partitions_table(files, columns)


def _partitions_table(files: list[Path], columns: list[str] | None) -> pa.Table:
    return ds.dataset([str(f) for f in files], format="parquet").to_table(columns=columns)


def count_rows(path: Path) -> int:
    return sum(pq.ParquetFile(f).metadata.num_rows for f in part_files(path))


def sort_keys(columns) -> list[str]:
    return ["source_id", "start", "end"] if "start" in columns else ["source_id"]


def read_table(folder: Path, table: str, columns: list[str] | None = None) -> pd.DataFrame:
    """All partitions of `table` (only `columns`, if given), sorted by source and offsets, so
    the row order is that of an unpartitioned run whatever the partition size."""
    path = Path(folder) / table
    if not path.is_dir():
        raise FileNotFoundError(2, "extract output not found", str(path))
    parts = sorted(path.glob("part-*.parquet"))
    if not parts:
        raise FileNotFoundError(2, "extract output has no partitions", str(path))
    df = pd.concat([pd.read_parquet(p, columns=columns) for p in parts], ignore_index=True)
    keys = [k for k in sort_keys(df.columns) if k in df.columns]
    return df.sort_values(keys, kind="stable").reset_index(drop=True) if keys else df


class PartitionedOutput:
    """A folder filled partition by partition in a temporary sibling and moved into place only
    when complete: a crash never leaves a mix of old and new partitions behind."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.tmp = self.folder.with_name(f".{self.folder.name}.partial")

    def __enter__(self) -> Path:
        shutil.rmtree(self.tmp, ignore_errors=True)
        self.tmp.mkdir(parents=True)
        return self.tmp

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None:
            shutil.rmtree(self.tmp, ignore_errors=True)
            return
        old = self.folder.with_name(f".{self.folder.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        if self.folder.exists():
            self.folder.rename(old)
        self.tmp.rename(self.folder)
        shutil.rmtree(old, ignore_errors=True)
