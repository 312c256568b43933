"""Per-article extraction results kept between runs: a rebuild parses only new or changed articles.

An entry is keyed by the article (its source_id and a hash of its body) and belongs to one
extractor version: a hash of the extraction code (pipeline/extract.py, nlp.py, extractors/,
schemas/tables.py), the spaCy model name and package versions, and every extract param that
can change the rows. Changing any of them starts a new version, so every article is extracted
again. At the end of a run, entries of other versions and of articles no longer in the corpus
are pruned: the cache never holds more than one entry per article of the current corpus.

The store is one SQLite file (stdlib, transactional, no server) in the folder given by the
extract stage's --cache argument; only the parent process reads and writes it.
"""
from __future__ import annotations

import hashlib
import json
import zlib
from dataclasses import asdict
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from pipeline.config import ExtractParams
from pipeline.io import PROJECT_ROOT, SqliteStore, package_version, source_fingerprint

CACHE_FORMAT = 1
DB_NAME = "extract.sqlite"
_ROOT = PROJECT_ROOT  # read through this name so that a test can point it at a copy
# What the rows are made of. Anything here changing makes every cached entry stale.
CODE_FILES = ("pipeline/extract.py", "pipeline/nlp.py", "pipeline/attribute_table.py", "pipeline/extractors/*.py",
              "pipeline/units.py", "pipeline/stop_words.py", "schemas/tables.py")
# Params that decide where and how fast rows are computed, never what they are; every other
# extract param (including ones added later) is part of the version.
EXECUTION_PARAMS = frozenset({"backend", "workers", "batch_size", "partition_size", "scheduler_address"})
_SQL_VARS = 500  # bound parameters per statement, well below SQLite's limit


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Hash of the source files the extracted rows depend on."""
    return source_fingerprint(CODE_FILES, root=_ROOT)


def extractor_version(params: ExtractParams) -> str:
    """The version cached entries must carry to be reused under these params and this code."""
    parts = {
        "format": CACHE_FORMAT,
        "code": code_fingerprint(),
        "model": params.model,
        "model_version": package_version(params.model),
        "spacy": package_version("spacy"),
        "thinc": package_version("thinc"),
        "params": {k: v for k, v in sorted(asdict(params).items()) if k not in EXECUTION_PARAMS},
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:32]


def article_key(source_id: str, body: str) -> str:
    """Cache key of one article. The source_id is part of it because it is part of the rows
    (figure change groups embed it)."""
    return hashlib.sha256(f"{source_id}\0{body}".encode("utf-8", "surrogatepass")).hexdigest()[:32]


def encode_entry(tables: dict[str, list[dict]]) -> bytes:
    """One article's rows as the cache stores them (compressed JSON): small enough to keep a
    partition's worth in memory until they are written together."""
    return zlib.compress(json.dumps(tables, separators=(",", ":")).encode(), 6)


class ExtractCache(SqliteStore):
    """Extraction rows per article for one extractor version, in folder/extract.sqlite.

    The store (pipeline.io.SqliteStore, shared with the ingest cache) holds JSON-able payloads by
    key under one version."""

    db_name = DB_NAME
    stage = "extract"
    table = "entries"

    def create_tables(self, db) -> None:
        db.execute("CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, version TEXT NOT NULL, "
                   "payload BLOB NOT NULL)")

    def get_many(self, keys: list[str]) -> dict[str, dict[str, list[dict]]]:
        """Cached rows of the given articles (those that have an entry of this version); every
        key is remembered as part of the current corpus for prune()."""
        found: dict[str, dict[str, list[dict]]] = {}
        for i in range(0, len(keys), _SQL_VARS):
            chunk = keys[i:i + _SQL_VARS]
            self.db.executemany("INSERT OR IGNORE INTO seen (key) VALUES (?)", ((k,) for k in chunk))
            marks = ",".join("?" * len(chunk))
            for key, payload in self.db.execute(
                    f"SELECT key, payload FROM entries WHERE version = ? AND key IN ({marks})",
                    [self.version, *chunk]):
                found[key] = json.loads(zlib.decompress(payload))
        self.hits += len(found)
        self.misses += len(set(keys)) - len(found)
        return found

    def put_many(self, entries: Iterable[tuple[str, dict[str, list[dict]]]]) -> None:
        self.put_encoded((key, encode_entry(tables)) for key, tables in entries)

    def put_encoded(self, entries: Iterable[tuple[str, bytes]]) -> None:
        """Store (key, encode_entry(rows)) pairs in one transaction."""
        rows = ((key, self.version, payload) for key, payload in entries)
        self.db.executemany("INSERT OR REPLACE INTO entries (key, version, payload) VALUES (?, ?, ?)", rows)
        self.db.commit()

    def mark_seen(self, keys: Iterable[str]) -> None:
        """Keep these entries through prune() without reading them (their rows were reused
        another way, e.g. a whole unchanged partition)."""
        self.db.executemany("INSERT OR IGNORE INTO seen (key) VALUES (?)", ((k,) for k in keys))

