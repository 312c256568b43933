"""publish's CSV text of runs of rows, kept between runs so that a re-run writes only what changed.

A published CSV is its header and then one line per row, each formatted on its own, so the file
is the concatenation of the CSV text of consecutive runs of its rows. publish cuts each table into
runs by content (a run ends after a row whose hash ends in CHUNK_BITS zero bits: about 2**CHUNK_BITS
rows, and adding or changing rows changes only the runs around them) and keys each run by the
hashes of its rows (pandas' row hash of every cell of the CSV-ready frame, with a fixed key) and
the columns and dtypes. A run whose key is in the store (folder given by publish's --cache) is
taken from it; the others are formatted and stored. Entries carry a CRC of their text: a damaged
one is formatted again. The store's version covers the code and the pandas and numpy versions
that format the text; entries of other versions and of runs this run did not use are pruned.
"""
from __future__ import annotations

import hashlib
import sys
import zlib
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from pipeline.io import SqliteStore, package_version, source_fingerprint

CACHE_FORMAT = 1
CHUNK_BITS = 9
CODE_FILES = ("pipeline/publish_cache.py", "pipeline/publish.py", "pipeline/io.py")
_SQL_VARS = 500


@lru_cache(maxsize=1)
def cache_version() -> str:
    seed = f"format {CACHE_FORMAT}\0pandas {package_version('pandas')}\0numpy {package_version('numpy')}\0"
    return source_fingerprint(CODE_FILES, seed=seed)[:32]


def csv_text(safe: pd.DataFrame, header: bool = True) -> bytes:
    """UTF-8 CSV of a frame already made safe (pipeline.io.csv_safe_frame), as pipeline.io.write_csv
    writes it: RFC 4180 CRLF rows, no index."""
    return safe.to_csv(None, index=False, header=header, lineterminator="\r\n").encode("utf-8")


def row_runs(safe: pd.DataFrame) -> list[tuple[int, int, str]]:
    """(start, end, key) of the runs of rows the table is cut into (see the module docstring)."""
    if not len(safe):
        return []
    hashes = pd.util.hash_pandas_object(safe, index=False).to_numpy()
    cuts = np.flatnonzero((hashes & np.uint64((1 << CHUNK_BITS) - 1)) == 0) + 1
    bounds = [0, *cuts.tolist()]
    if bounds[-1] != len(safe):
        bounds.append(len(safe))
    layout = "\0".join(f"{c}:{t}" for c, t in zip(safe.columns, safe.dtypes.astype(str))).encode()
    runs = []
    for start, end in zip(bounds, bounds[1:]):
        digest = hashlib.sha256(layout)
        digest.update(hashes[start:end].tobytes())
        runs.append((start, end, digest.hexdigest()[:32]))
    return runs


class CsvRunCache(SqliteStore):
    """CSV text of runs of rows by key, in folder/publish.sqlite (see the module docstring)."""

    db_name = "publish.sqlite"
    stage = "publish"
    table = "entries"

    def __init__(self, folder: str | Path):
        super().__init__(folder, cache_version())

    def create_tables(self, db) -> None:
        db.execute("CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, version TEXT NOT NULL, "
                   "crc INTEGER NOT NULL, text BLOB NOT NULL)")

    def get_many(self, keys: list[str]) -> dict[str, bytes]:
        """The stored text of these keys that has an intact entry of this version; every key is
        remembered for prune()."""
        found: dict[str, bytes] = {}
        keys = list(dict.fromkeys(keys))
        for i in range(0, len(keys), _SQL_VARS):
            chunk = keys[i:i + _SQL_VARS]
            self.db.executemany("INSERT OR IGNORE INTO seen (key) VALUES (?)", ((k,) for k in chunk))
            marks = ",".join("?" * len(chunk))
            for key, crc, text in self.db.execute(
                    f"SELECT key, crc, text FROM entries WHERE version = ? AND key IN ({marks})",
                    [self.version, *chunk]):
                text = bytes(text)
                if zlib.crc32(text) != crc:  # a damaged entry is formatted again, never published
                    print(f"publish: warning: ignoring damaged cache entry {key}", file=sys.stderr)
                    continue
                found[key] = text
        return found

    def put_many(self, entries: dict[str, bytes]) -> None:
        self.db.executemany("INSERT OR REPLACE INTO entries (key, version, crc, text) VALUES (?, ?, ?, ?)",
                            ((key, self.version, zlib.crc32(text), text) for key, text in entries.items()))
        self.db.commit()

    def table_text(self, safe: pd.DataFrame) -> list[bytes]:
        """csv_text(safe) in parts (their concatenation), from the stored runs where their rows
        are unchanged."""
        runs = row_runs(safe)
        stored = self.get_many([key for _, _, key in runs])
        made: dict[str, bytes] = {}
        parts = [csv_text(safe.iloc[:0])]
        for start, end, key in runs:
            text = stored.get(key) or made.get(key)
            if text is None:
                text = made[key] = csv_text(safe.iloc[start:end], header=False)
            parts.append(text)
        self.hits += len(runs) - len(made)
        self.misses += len(made)
        if made:
            self.put_many(made)
        return parts
