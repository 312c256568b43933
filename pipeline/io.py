"""Atomic, deterministic file output shared by every stage.

Outputs are written to a temporary file beside the target and renamed into place, so a
crash never leaves a half-written table behind.
"""
from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import functools
import gc
import hashlib
import json
import os
import sqlite3
import sys
import tempfile
from importlib import metadata
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

# Arrow's default allocator (mimalloc) keeps the buffers of tables already converted to pandas
# for reuse, so a stage's resident memory grows with everything it has read; the system
# allocator returns them (resolve and validate on 2,000 articles: about 60 MB less at peak).
# ARROW_DEFAULT_MEMORY_POOL, when set, still decides.
if "ARROW_DEFAULT_MEMORY_POOL" not in os.environ:
    pa.set_memory_pool(pa.system_memory_pool())


def _atomic_write(path: Path, write) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        write(Path(tmp))
        os.chmod(tmp, 0o644)  # mkstemp creates 0600; published files are for everyone
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def remove_partial_writes(folder: Path) -> list[str]:
    """Delete the temporary files `_atomic_write` leaves in `folder` when its process is killed
    mid-write (kill -9 runs no cleanup); returns their names. The finished files are untouched."""
    left = sorted(p for p in Path(folder).glob(".*.tmp") if p.is_file())
    for path in left:
        path.unlink()
    return [p.name for p in left]


def write_bytes(path: str | Path, parts: list[bytes]) -> None:
    """The concatenation of `parts`, written one after the other (never joined in memory)."""
    def write(tmp: Path) -> None:
        with open(tmp, "wb") as out:
            for part in parts:
                out.write(part)
    _atomic_write(Path(path), write)


def write_text(path: str | Path, text: str) -> None:
    _atomic_write(Path(path), lambda tmp: tmp.write_text(text, encoding="utf-8", newline="\n"))


def write_json(path: str | Path, obj) -> None:
    write_text(path, json.dumps(obj, indent=2, sort_keys=True, ensure_ascii=False) + "\n")


# Fixed settings so bytes repeat run to run.
PARQUET_OPTIONS = {"compression": "zstd", "write_statistics": True}


def write_parquet(path: str | Path, df: pd.DataFrame, schema: pa.Schema | None = None) -> None:
    """Write without the pandas index and with fixed settings so bytes repeat run to run."""
    table = pa.Table.from_pandas(df, schema=schema, preserve_index=False)
    _atomic_write(Path(path), lambda tmp: pq.write_table(table, tmp, **PARQUET_OPTIONS))


def write_arrow(path: str | Path, table: pa.Table) -> None:
    """An Arrow table written as Parquet with the fixed settings, atomically (no pandas metadata)."""
    _atomic_write(Path(path), lambda tmp: pq.write_table(table, tmp, **PARQUET_OPTIONS))


def write_arrow_as_pandas(path: str | Path, table: pa.Table) -> None:
    """The file write_parquet writes for `table.to_pandas()` (the same types and pandas metadata,
    so the same bytes), without making that frame: a pandas frame of a corpus's bodies, and
    sorting it, cost several times the bodies' size. Only for string and number columns: the
    pandas type of an object column (lists) is inferred from its values, which this does not make."""
    other = [f.name for f in table.schema
             if not (pa.types.is_string(f.type) or pa.types.is_large_string(f.type) or pa.types.is_integer(f.type)
                     or pa.types.is_floating(f.type))]
    if other:
        raise ValueError(f"write_arrow_as_pandas writes string and number columns only, not {other}")
    schema = pa.Table.from_pandas(table.slice(0, 0).to_pandas(), preserve_index=False).schema
    table = table.cast(schema)
    _atomic_write(Path(path), lambda tmp: pq.write_table(table, tmp, **PARQUET_OPTIONS))


def read_parquet(path: str | Path, columns: list[str] | None = None) -> pd.DataFrame:
    return pd.read_parquet(path, columns=columns)


# A cell starting with one of these is run as a formula by spreadsheets (OWASP CSV injection);
# "'" is included so that escaping is reversible: drop one leading "'" to get the value back.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "'")


def csv_safe_cell(value):
    """`value` with a leading "'" when it is text a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def csv_unescape_cell(value):
    """The raw value of a cell written by write_csv."""
    if isinstance(value, str) and value.startswith("'"):
        return value[1:]
    return value


def csv_safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    """Text columns escaped with csv_safe_cell; numeric columns stay numbers."""
    out = df.copy()
    for col in out.columns:
        values = out[col]
        if values.dtype == object:
            out[col] = values.map(csv_safe_cell)
        elif pd.api.types.is_string_dtype(values):  # pandas strings: one vectorised pass
            escape = values.str.startswith(FORMULA_TRIGGERS).fillna(False).astype(bool)
            if escape.any():
                out[col] = values.where(~escape, "'" + values)
    return out


def write_csv(path: str | Path, df: pd.DataFrame) -> None:
    """UTF-8 CSV (RFC 4180: CRLF rows, so a cell holding a bare CR is quoted) that is safe to
    open in a spreadsheet (see csv_safe_cell)."""
    safe = csv_safe_frame(df)
    _atomic_write(
        Path(path),
        lambda tmp: safe.to_csv(tmp, index=False, encoding="utf-8", lineterminator="\r\n"),
    )


def read_csv(path: str | Path) -> pd.DataFrame:
    """A CSV written by write_csv, every cell as text with the formula escape undone."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    return df.apply(lambda col: col.map(csv_unescape_cell)) if len(df) else df


def cli_errors(stage: str):
    """Turn expected failures of a stage's main() (missing or unreadable inputs, bad params)
    into a one-line message and exit code 2 instead of a traceback."""
    def wrap(main):
        @functools.wraps(main)
        def run(*args, **kwargs):
            try:
                return main(*args, **kwargs)
            except FileNotFoundError as exc:
                print(f"{stage}: error: input not found: {exc.filename or exc} "
                      "(run the earlier stages first: dvc repro)", file=sys.stderr)
            except (pa.ArrowInvalid, OSError, ValueError) as exc:
                print(f"{stage}: error: {exc}", file=sys.stderr)
            return 2
        return run
    return wrap


@contextlib.contextmanager
def cycle_collection_paused():
    """Run the block with Python's cyclic garbage collector off (reference counting still frees
    every object that is not in a cycle). A corpus-level stage builds millions of small objects
    (frozensets, tuples, lists) that hold no cycles; each full collection walks all of them, and
    there are several as the heap grows: on the whole corpus they were about a fifth of resolve's
    CPU. The collector's previous state is restored afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@functools.lru_cache(maxsize=1)
def _malloc_trim():
    """glibc's malloc_trim, or None where the C library has none (macOS, musl)."""
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None


def release_freed_memory(collect: bool = True) -> bool:
    """Collect reference cycles (unless not `collect`) and hand the heap pages freed so far back
    to the operating system; True if the C library could. glibc keeps freed blocks for reuse,
    and a stage that builds and drops large tables step by step (or extract, partition by
    partition) otherwise carries a fragmented heap of what it no longer uses into its next step.
    A collection walks every live object (after Great Expectations' import, about 0.15 s CPU):
    skip it where what was dropped holds no cycles."""
    if collect:
        gc.collect()
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True


PROJECT_ROOT = Path(__file__).resolve().parents[1]  # the folder holding the pipeline and schemas packages


def source_fingerprint(patterns, seed: str = "", root: Path = PROJECT_ROOT) -> str:
    """SHA-256 (hex) of `seed` and the relative path and bytes of every project file matching
    `patterns` (glob patterns or plain paths under `root`, the project folder): the version that cached
    results computed by that code carry, so that changing the code misses the cache."""
    digest = hashlib.sha256(seed.encode())
    for pattern in patterns:
        for path in sorted(root.glob(pattern)):
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def package_version(name: str) -> str:
    """The installed version of a distribution, or "not-installed"."""
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not-installed"


class SqliteStore:
    """A stage's disposable per-item store in folder/<db_name>: rows of one version by key, a
    temporary `seen` table of the keys this run looked up, and prune() of everything else.
    Subclasses name the table (`table`) and create it (`create_tables`)."""

    db_name = "store.sqlite"
    stage = "stage"
    table = "entries"

    def __init__(self, folder: str | Path, version: str):
        self.folder = Path(folder)
        self.version = version
        self.hits = 0
        self.misses = 0
        self.folder.mkdir(parents=True, exist_ok=True)
        self.db = self._open()

    def create_tables(self, db) -> None:
        raise NotImplementedError

    def _open(self):
        path = self.folder / self.db_name
        try:
            db = self._connect(path)
            db.execute(f"SELECT count(*) FROM {self.table}").fetchone()
            return db
        except sqlite3.DatabaseError as exc:
            # a cache is disposable: a damaged file costs one cold run, never a failed build
            print(f"{self.stage}: cache {path} is unreadable ({exc}); starting an empty one", file=sys.stderr)
            path.unlink(missing_ok=True)
            return self._connect(path)

    def _connect(self, path: Path):
        db = sqlite3.connect(path)
        self.create_tables(db)
        db.execute("CREATE TEMP TABLE IF NOT EXISTS seen (key TEXT PRIMARY KEY)")
        db.commit()
        return db

    def prune(self) -> int:
        """Drop rows of other versions and of keys not looked up in this run; returns how many
        were dropped. Call it only after the whole corpus has been looked up."""
        cur = self.db.execute(f"DELETE FROM {self.table} WHERE version != ? OR key NOT IN (SELECT key FROM seen)",
                              [self.version])
        dropped = cur.rowcount
        self.db.commit()
        kept = self.db.execute(f"SELECT count(*) FROM {self.table}").fetchone()[0]
        if dropped > kept:  # mostly garbage now (e.g. after a code change): give the space back
            self.db.execute("VACUUM")
        return dropped

    def close(self) -> None:
        self.db.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()
