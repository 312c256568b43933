"""Validate's row-level checks, per unit of rows, kept between runs.

Every row-level check of the validate stage (pandera row checks, the row expectations of the
Great Expectations suites, offsets within the body, text == body[start:end]) looks at one row
and, at most, the sources and texts rows of its own article; an expectation with `mostly` below
1 looks at one article's rows. So the tables are cut into units that keep an article together:
the rows of the five per-article tables (sources, texts, mentions, figures, claims) by a hash
of their source_id, entities by entity_id and figure groups by group_id, N_BUCKETS units each.
A unit's results are a pure function of its rows, so they are kept, keyed by a hash of the
rows' content under a version of the checking code, schemas, params and libraries; a run
checks only the units whose rows changed (one Great Expectations and pandera run over all of
them together) and reads the others from the cache.

Uniqueness is the one row check that looks across rows: every ID in the tables contains the
key its unit is cut by (a mention_id starts with its source_id), so duplicates fall in one
unit; should a duplicate span two units, the caller checks the whole tables instead.
"""
from __future__ import annotations

import hashlib
import json
import sys
from dataclasses import asdict
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from pipeline.io import package_version, source_fingerprint, write_text
from schemas.tables import TABLES

CACHE_FORMAT = 1
N_BUCKETS = 256
# The column each table is cut by, and the unit family it belongs to.
UNIT_KEYS = {"sources": "source_id", "texts": "source_id", "mentions": "source_id", "figures": "source_id",
             "claims": "source_id", "entities": "entity_id", "figure_groups": "group_id"}
FAMILIES = ("source_id", "entity_id", "group_id")
# What the cached results are computed by: any of these changing makes every entry stale.
CODE_FILES = ("pipeline/validate.py", "pipeline/validate_cache.py", "schemas/tables.py", "schemas/derive.py")
# The entry holding the number of expectations of each table's suite.
COUNTS_KEY = "expectations_per_table"
LIBRARIES = ("pandas", "pandera", "great-expectations", "numpy", "pyarrow")


@lru_cache(maxsize=None)
def cache_version(params_items: tuple) -> str:
    libraries = "\0".join(f"{name}={package_version(name)}" for name in LIBRARIES)
    seed = f"format {CACHE_FORMAT}\0buckets {N_BUCKETS}\0{libraries}\0{params_items}\0"
    return source_fingerprint(CODE_FILES, seed=seed)[:32]


def params_version(params) -> str:
    return cache_version(tuple(sorted(asdict(params).items())))


@lru_cache(maxsize=None)
def unique_columns(table: str) -> tuple[str, ...]:
    return tuple(name for name, col in TABLES[table].to_schema().columns.items() if col.unique)


def _cell_text(value) -> str:
    """A cell as text that tells apart what the checks tell apart (a list, a string, a null)."""
    if isinstance(value, np.ndarray):
        value = value.tolist()
    return repr(value)


# Rows hashed at a time: hashing a text column makes a Python string of every cell, so slices
# bound those transient strings (a row's hash does not depend on the slice it is hashed in).
HASH_SLICE_ROWS = 16384


def row_hashes(df: pd.DataFrame) -> np.ndarray:
    """A 64-bit hash of every row's content (values and their types), in row order."""
    if len(df) > HASH_SLICE_ROWS:
        return np.concatenate([_row_hashes(df.iloc[a:a + HASH_SLICE_ROWS])
                               for a in range(0, len(df), HASH_SLICE_ROWS)])
    return _row_hashes(df)


def _row_hashes(df: pd.DataFrame) -> np.ndarray:
    combined = np.zeros(len(df), dtype=np.uint64)
    for col in df.columns:
        values = df[col]
        if values.dtype == object:
            values = values.map(_cell_text)
        hashed = pd.util.hash_pandas_object(values, index=False).to_numpy()
        combined = combined * np.uint64(1000003) ^ hashed
    return combined


def buckets_of(keys: pd.Series) -> np.ndarray:
    """Bucket (0..N_BUCKETS-1) of each key; the same key lands in the same bucket in every run."""
    hashed = pd.util.hash_pandas_object(keys.map(_cell_text), index=False).to_numpy()
    return (hashed % np.uint64(N_BUCKETS)).astype(np.int64)


class Units:
    """The tables cut into units: for each table, the unit of every row (an int: family offset
    + bucket) and each row's position within its unit; the content digest of each unit."""

    def __init__(self, tables: dict[str, pd.DataFrame], version: str):
        self.labels: dict[str, np.ndarray] = {}
        self.local: dict[str, np.ndarray] = {}
        pieces: dict[int, list[bytes]] = {}
        for table, df in tables.items():
            key = UNIT_KEYS[table]
            if key not in df.columns:
                raise KeyError(key)
            offset = FAMILIES.index(key) * N_BUCKETS
            labels = buckets_of(df[key]) + offset if len(df) else np.zeros(0, dtype=np.int64)
            self.labels[table] = labels
            order = np.argsort(labels, kind="stable")
            sorted_labels = labels[order]
            starts = np.flatnonzero(np.r_[True, sorted_labels[1:] != sorted_labels[:-1]]) if len(df) else []
            # position of each row among the rows of its unit (in table order)
            local = np.empty(len(df), dtype=np.int64)
            hashes = row_hashes(df)[order]
            schema = ",".join(f"{c}:{df[c].dtype}" for c in df.columns)
            bounds = list(starts) + [len(df)]
            for a, b in zip(bounds[:-1], bounds[1:]):
                local[order[a:b]] = np.arange(b - a)
                pieces.setdefault(int(sorted_labels[a]), []).append(
                    f"\0{table}\0{schema}\0".encode() + hashes[a:b].tobytes())
            self.local[table] = local
        self.digests: dict[int, str] = {}
        for unit, parts in sorted(pieces.items()):
            digest = hashlib.sha256(version.encode())
            for part in parts:
                digest.update(part)
            self.digests[unit] = digest.hexdigest()[:32]

    def duplicates_span_units(self, tables: dict[str, pd.DataFrame]) -> bool:
        """Whether a value of a unique column occurs in two units (then the units cannot be
        checked apart)."""
        for table, df in tables.items():
            for col in unique_columns(table):
                if col not in df.columns:
                    continue
                dup = df[col].duplicated(keep=False).to_numpy()
                if dup.any():
                    spread = pd.DataFrame({"v": df[col].map(_cell_text).to_numpy()[dup],
                                           "u": self.labels[table][dup]}).groupby("v")["u"].nunique()
                    if (spread > 1).any():
                        return True
        return False

    def subset(self, tables: dict[str, pd.DataFrame], units: set[int]):
        """(the rows of `units`, per table, with a fresh index; for each table, the units and
        the positions within their units of those rows, as two arrays). Asked for every unit
        (a cold run), the tables themselves are the rows: no copy of the whole corpus."""
        sub, origin = {}, {}
        if set(units) >= set(self.digests):
            for table, df in tables.items():
                sub[table] = df.reset_index(drop=True)  # under copy-on-write: no data copied
                origin[table] = (self.labels[table], self.local[table])
            return sub, origin
        wanted = np.array(sorted(units), dtype=np.int64)
        for table, df in tables.items():
            mask = np.isin(self.labels[table], wanted)
            sub[table] = df[mask].reset_index(drop=True)
            origin[table] = (self.labels[table][mask], self.local[table][mask])
        return sub, origin

    def global_rows(self, table: str) -> dict[tuple[int, int], int]:
        return {(u, p): i for i, (u, p) in enumerate(zip(self.labels[table].tolist(), self.local[table].tolist()))}


class ValidateCache:
    """Unit results of the last run: one JSON file named by the cache version, holding
    {digest: result}; a run keeps the entries it used and drops the rest."""

    def __init__(self, folder: Path, version: str):
        self.folder = Path(folder)
        self.path = self.folder / f"{version}.json"
        self.entries: dict[str, dict] = {}
        self.used: set[str] = set()
        self.computed: set[str] = set()
        if self.path.is_file():
            try:
                self.entries = json.loads(self.path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:  # a damaged cache is rebuilt, not fatal
                print(f"validate: warning: ignoring unreadable cache {self.path}: {exc}", file=sys.stderr)
                self.entries = {}
        self.stored = frozenset(self.entries)

    @property
    def hits(self) -> int:
        """Units whose results this run read from the last run's."""
        return len((self.used & self.stored) - self.computed - {COUNTS_KEY})

    @property
    def misses(self) -> int:
        """Units this run checked."""
        return len(self.computed - {COUNTS_KEY})

    def get(self, digest: str) -> dict | None:
        hit = self.entries.get(digest)
        if hit is not None:
            self.used.add(digest)
        return hit

    def put(self, digest: str, result: dict) -> None:
        self.entries[digest] = result
        self.used.add(digest)
        self.computed.add(digest)

    def save(self) -> None:
        kept = {d: self.entries[d] for d in sorted(self.used) if d in self.entries}
        self.folder.mkdir(parents=True, exist_ok=True)
        write_text(self.path, json.dumps(kept, sort_keys=True, ensure_ascii=False))
        for other in self.folder.glob("*.json"):
            if other != self.path:
                other.unlink(missing_ok=True)
