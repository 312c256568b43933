"""Validate's row-level checks, per unit of rows, kept between runs.

Every row-level check of the validate stage (pandera row checks, the row expectations of the
Great Expectations suites, offsets within the body, text == body[start:end]) looks at one row
and, at most, the sources and texts rows of its own article; an expectation with `mostly` below
1 looks at one article's rows. So the tables are cut into units that keep an article together:
the rows of the five per-article tables (sources, texts, mentions, figures, claims) by their
source_id (one unit per article), entities by entity_id and figure groups by group_id (one unit
per entity and per group). Small units keep the rows checked again after a change to the few
that changed: adding 10 articles re-checks those articles and the entities and groups they
touch, not the other articles that once shared a hash bucket with them. A unit's results are a pure function of its rows, so they are kept, keyed by a hash of the
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
import operator
import sys
from dataclasses import asdict
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow
import pyarrow.compute as pc

from pipeline.io import package_version, source_fingerprint, write_text
from schemas.tables import TABLES

CACHE_FORMAT = 2
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
    seed = f"format {CACHE_FORMAT}\0{libraries}\0{params_items}\0"
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


def unit_labels(tables: dict[str, pd.DataFrame]) -> dict[str, np.ndarray]:
    """The unit of every row of every table, as an int: the rows of one family (FAMILIES) that
    share a key value form one unit (an article's rows in the five per-article tables, one
    entity, one figure group)."""
    labels, offset = {}, 0
    for family in FAMILIES:
        names = [t for t in tables if UNIT_KEYS[t] == family]
        for name in names:
            if family not in tables[name].columns:
                raise KeyError(family)
        if not names:
            continue
        keys = pd.concat([tables[t][family].reset_index(drop=True) for t in names], ignore_index=True)
        codes, uniques = pd.factorize(keys, use_na_sentinel=False)
        codes = codes.astype(np.int64) + offset
        offset += len(uniques)
        start = 0
        for name in names:
            labels[name] = codes[start:start + len(tables[name])]
            start += len(tables[name])
    return labels


TABLE_CODES = {t: i for i, t in enumerate(TABLES)}


class Units:
    """The tables cut into units: for each table, the unit of every row (an int, see
    unit_labels), each row's position within its unit and each row's hash; the content digest
    of each unit. `hashes` may give the row hashes of some tables (see carried_hashes)."""

    def __init__(self, tables: dict[str, pd.DataFrame], version: str,
                 hashes: dict[str, np.ndarray] | None = None):
        self.labels = unit_labels(tables)
        self.local: dict[str, np.ndarray] = {}
        self.hashes: dict[str, np.ndarray] = {}
        schema = "\0".join(f"{t}:" + ",".join(f"{c}:{df[c].dtype}" for c in df.columns) for t, df in tables.items())
        for table, df in tables.items():
            labels = self.labels[table]
            given = (hashes or {}).get(table)
            self.hashes[table] = given if given is not None and len(given) == len(df) else row_hashes(df)
            # position of each row among the rows of its unit (in table order)
            order = np.argsort(labels, kind="stable")
            sorted_labels = labels[order]
            starts = np.flatnonzero(np.r_[True, sorted_labels[1:] != sorted_labels[:-1]]) if len(df) else \
                np.zeros(0, dtype=np.int64)
            first = np.repeat(starts, np.diff(np.r_[starts, len(df)]))
            local = np.empty(len(df), dtype=np.int64)
            local[order] = np.arange(len(df)) - first
            self.local[table] = local
        # a unit's digest: its rows' hashes, table by table, in table order (vectorised; one
        # sha256 per unit over 16 bytes a row: the table's code and the row's hash)
        names = list(tables)
        unit = np.concatenate([self.labels[t] for t in names]) if names else np.zeros(0, dtype=np.int64)
        code = np.concatenate([np.full(len(tables[t]), TABLE_CODES.get(t, len(TABLE_CODES)), dtype=np.uint64)
                               for t in names]) if names else np.zeros(0, dtype=np.uint64)
        local = np.concatenate([self.local[t] for t in names]) if names else np.zeros(0, dtype=np.int64)
        hashed = np.concatenate([self.hashes[t] for t in names]) if names else np.zeros(0, dtype=np.uint64)
        order = np.lexsort((local, code, unit))
        records = np.empty((len(order), 2), dtype=np.uint64)
        records[:, 0] = code[order]
        records[:, 1] = hashed[order]
        data = memoryview(records).cast("B")
        unit = unit[order]
        starts = np.flatnonzero(np.r_[True, unit[1:] != unit[:-1]]) if len(unit) else np.zeros(0, dtype=np.int64)
        base = hashlib.sha256(f"{version}\0{schema}\0".encode())
        self.digests: dict[int, str] = {}
        for u, a, b in zip(unit[starts].tolist(), starts.tolist(), np.r_[starts[1:], len(unit)].tolist()):
            digest = base.copy()
            digest.update(data[a * 16:b * 16])
            self.digests[u] = digest.hexdigest()[:32]

    def duplicates_span_units(self, tables: dict[str, pd.DataFrame]) -> bool:
        """Whether a value of a unique column occurs in two units (then the units cannot be
        checked apart)."""
        for table, df in tables.items():
            for col in unique_columns(table):
                if col not in df.columns or not has_duplicates(df[col]):
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


def has_duplicates(values: pd.Series) -> bool:
    """values.duplicated().any() (two nulls are duplicates, as in pandas). An Arrow-backed
    string column is sorted and neighbours compared: a hash table of the values (pandas', or
    Arrow's count_distinct) costs some 30 MB on the whole corpus's mention IDs, the sort a few."""
    if not isinstance(values.array, pd.arrays.ArrowStringArray):
        return bool(values.duplicated().any())
    column = pyarrow.array(values.array)
    if isinstance(column, pyarrow.ChunkedArray):
        column = column.combine_chunks()
    if column.null_count > 1:
        return True
    ordered = pc.array_take(column, pc.array_sort_indices(column)).drop_null()
    return len(ordered) > 1 and pc.any(pc.equal(ordered[1:], ordered[:-1])).as_py() is True


def is_in(values: pd.Series, allowed: pd.Series) -> np.ndarray:
    """values.isin(allowed) as a boolean array. For two Arrow-backed string columns Arrow
    computes it (a null matches a null, as in pandas): pandas first walks every allowed value in
    Python, seconds on a corpus."""
    if isinstance(values.array, pd.arrays.ArrowStringArray) and isinstance(allowed.array, pd.arrays.ArrowStringArray):
        column = pyarrow.chunked_array(pyarrow.array(values.array))
        value_set = pyarrow.chunked_array(pyarrow.array(allowed.array)).combine_chunks()
        return pc.is_in(column, value_set=value_set.cast(column.type)).to_numpy()
    return values.isin(allowed).to_numpy()


def same_cells(a: pd.Series, b: pd.Series) -> np.ndarray:
    """Per position, whether the two cells hash alike for row_hashes because they hold the same
    value: equal text or numbers (floats bit for bit), both null, or, in an object column (lists),
    the very same object. Anything else counts as different (a row then gets hashed anew)."""
    if a.dtype != b.dtype or len(a) != len(b):
        return np.zeros(len(a), dtype=bool)
    x, y = a.array, b.array
    if a.dtype == object:
        return np.fromiter(map(operator.is_, x, y), dtype=bool, count=len(a))
    if isinstance(x, pd.arrays.NumpyExtensionArray):
        x, y = x.to_numpy(), y.to_numpy()
        if x.dtype.kind == "f":
            return x.view(np.uint64) == y.view(np.uint64)
        return x == y
    equal = x == y
    equal = equal.to_numpy(dtype=bool, na_value=False) if hasattr(equal, "to_numpy") else np.asarray(equal, dtype=bool)
    return equal | (a.isna().to_numpy() & b.isna().to_numpy())


def carried_hashes(checked: pd.DataFrame, checked_hashes: np.ndarray, released: pd.DataFrame,
                   id_column: str | None) -> np.ndarray:
    """row_hashes(released), reusing `checked_hashes` (the row hashes of `checked`) for every
    released row that is a row of `checked` unchanged, and hashing only the others: the release
    is the checked tables less the quarantined articles' rows and a few recounted ones. Rows are
    paired by `id_column`; a pairing only chooses which rows to compare, every column of a pair
    is compared before its hash is reused."""
    if id_column is None or id_column not in checked.columns or list(checked.columns) != list(released.columns) \
            or len(checked_hashes) != len(checked):
        return row_hashes(released)
    ids, released_ids = checked[id_column].reset_index(drop=True), released[id_column].reset_index(drop=True)
    # the release keeps the rows it keeps in their order: try "these rows, in order" first
    origin = np.arange(len(ids)) if len(ids) == len(released_ids) else np.flatnonzero(is_in(ids, released_ids))
    if len(origin) != len(released_ids) or not same_cells(released_ids, ids.take(origin).reset_index(drop=True)).all():
        try:
            origin = pd.Index(ids).get_indexer(released_ids)
        except pd.errors.InvalidIndexError:  # a duplicate ID: no pairing
            return row_hashes(released)
    same = origin >= 0
    in_place = len(origin) == len(checked) and bool((origin == np.arange(len(origin))).all())
    at = np.where(same, origin, 0)
    for col in released.columns:
        if not same.any():
            break
        # rows in their old places (no row left the table): no copy of the column (texts' bodies)
        before = checked[col] if in_place else checked[col].take(at)
        same &= same_cells(released[col].reset_index(drop=True), before.reset_index(drop=True))
    out = np.zeros(len(released), dtype=np.uint64)
    out[same] = checked_hashes[origin[same]]
    if not same.all():
        out[~same] = row_hashes(released[~same])
    return out


class ValidateCache:
    """Unit results of the last run: one JSON file named by the cache version, holding
    {"results": [each distinct result once], "units": {digest: position of its result}} (most of
    the tens of thousands of units share one result, "nothing found"; a dict per unit would cost
    the stage some 70 MB); a run keeps the entries it used and drops the rest."""

    def __init__(self, folder: Path, version: str):
        self.folder = Path(folder)
        self.path = self.folder / f"{version}.json"
        self.results: list = []
        self.entries: dict[str, int] = {}
        self.used: set[str] = set()
        self.computed: set[str] = set()
        self._positions: dict[str, int] | None = None  # result as JSON text -> position, once needed
        if self.path.is_file():
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
                results, entries = data["results"], data["units"]
                if not (isinstance(results, list) and isinstance(entries, dict) and all(
                        isinstance(i, int) and 0 <= i < len(results) for i in entries.values())):
                    raise ValueError("not a validate cache")
                self.results, self.entries = results, entries
            except (OSError, ValueError, KeyError, TypeError) as exc:  # a damaged cache is rebuilt, not fatal
                print(f"validate: warning: ignoring unreadable cache {self.path}: {exc}", file=sys.stderr)
        self.stored = frozenset(self.entries)

    @property
    def hits(self) -> int:
        """Units whose results this run read from the last run's."""
        return len((self.used & self.stored) - self.computed - {COUNTS_KEY})

    @property
    def misses(self) -> int:
        """Units this run checked."""
        return len(self.computed - {COUNTS_KEY})

    def get(self, digest: str):
        """The result kept for `digest` (shared between units: read it, do not change it), or None."""
        position = self.entries.get(digest)
        if position is None:
            return None
        self.used.add(digest)
        return self.results[position]

    def put(self, digest: str, result):
        """Keep `result` for `digest`; returns the kept result (one object for equal results)."""
        if self._positions is None:
            self._positions = {}
            for i, known in enumerate(self.results):
                self._positions.setdefault(json.dumps(known, sort_keys=True), i)
        text = json.dumps(result, sort_keys=True)
        position = self._positions.get(text)
        if position is None:
            position = self._positions[text] = len(self.results)
            self.results.append(result)
        self.entries[digest] = position
        self.used.add(digest)
        self.computed.add(digest)
        return self.results[position]

    def save(self) -> None:
        units, results, renumbered = {}, [], {}
        for digest in sorted(self.used):
            if digest in self.entries:
                old = self.entries[digest]
                if old not in renumbered:
                    renumbered[old] = len(results)
                    results.append(self.results[old])
                units[digest] = renumbered[old]
        self.folder.mkdir(parents=True, exist_ok=True)
        write_text(self.path, json.dumps({"results": results, "units": units}, sort_keys=True, ensure_ascii=False))
        for other in self.folder.glob("*.json"):
            if other != self.path:
                other.unlink(missing_ok=True)
