"""Per-input cache of the ingest stage: adding inputs to a corpus reads and cleans only those.

An entry holds what ingest made of one input (an article row and the sampled shingles the
near-duplicate search indexes, or the reject reason) and is keyed by the input's display path,
the SHA-256 of its bytes and its manifest row. It belongs to one ingest version: a hash of the
ingest code (pipeline/ingest.py, readers.py, furniture.py, dates.py, html_pages.py,
language.py), the versions of the libraries that read and clean text, and every ingest param
that changes a row (the near-duplicate threshold and posting cap act across articles and are
applied after the cache, so they are not part of it).

Dates: ingest refuses dates after the day it runs. An entry records that day and whether any
date was refused for lying after it; an entry that refused none (and read no HTML page, whose
dates htmldate bounds internally) is valid on every later day, the others only on their own.

Storage: one SQLite file in the folder given by --cache; entries of other versions or of inputs
no longer present are deleted at the end of a run (as in the extract cache). An entry is stored
in two parts, so that a rerun that adds a few inputs decodes little: what the corpus-level steps
need of every input (sha256, source_id, the sampled shingles as packed integers, the reject
reason, the article row's digest) in plain columns, and the article row itself as compressed
JSON, read only for the partitions that have to be written.

Partitions: the store also records, for each partition the last run wrote, the digest of its
rows (their article digests and duplicate_of values, and the writer's version) and the SHA-256
of its file. A partition of this run with the same digest holds the same rows, so the previous
file is linked instead of being rebuilt (after its bytes are checked against that SHA-256).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import zlib
from array import array
from dataclasses import asdict
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from pipeline.config import IngestParams
from pipeline.io import SqliteStore, package_version, source_fingerprint

CACHE_FORMAT = 2
DB_NAME = "ingest.sqlite"
CODE_FILES = ("pipeline/ingest.py", "pipeline/readers.py", "pipeline/furniture.py", "pipeline/dates.py",
              "pipeline/html_pages.py", "pipeline/language.py")
# What turns article rows into a partition file's bytes (with the ingest code above).
WRITER_FILES = ("pipeline/ingest.py", "pipeline/ingest_cache.py", "pipeline/partitions.py", "pipeline/io.py")
LIBRARIES = ("trafilatura", "htmldate", "py3langid", "charset-normalizer", "python-dateutil", "lxml", "courlan",
             "justext")
# Params applied across articles after the per-input step: changing them needs no re-read.
CORPUS_PARAMS = frozenset({"near_duplicate_threshold", "near_duplicate_max_postings", "partition_size"})
_SQL_VARS = 500  # bound parameters per statement, well below SQLite's limit


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    return source_fingerprint(CODE_FILES)


def ingest_version(params: IngestParams) -> str:
    parts = {
        "format": CACHE_FORMAT,
        "code": code_fingerprint(),
        "libraries": {name: package_version(name) for name in LIBRARIES},
        "params": {k: v for k, v in sorted(asdict(params).items()) if k not in CORPUS_PARAMS},
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=list).encode()).hexdigest()[:32]


@lru_cache(maxsize=1)
def writer_version() -> str:
    """What a partition's bytes depend on besides its rows: the code that writes them and the
    versions of the libraries that serialise them."""
    parts = {"format": CACHE_FORMAT, "code": source_fingerprint(WRITER_FILES),
             "libraries": {name: package_version(name) for name in ("pyarrow", "pandas", "numpy")}}
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:32]


def input_key(path: str, sha256: str, manifest_row: dict | None) -> str:
    row = json.dumps(manifest_row or {}, sort_keys=True, default=str)
    return hashlib.sha256(f"{path}\0{sha256}\0{row}".encode("utf-8", "surrogatepass")).hexdigest()[:32]


def encode_article(article: dict) -> dict:
    out = dict(article)
    if isinstance(out.get("published_date"), dt.date):
        out["published_date"] = out["published_date"].isoformat()
    return out


def article_of_entry(article: dict) -> dict:
    out = dict(article)
    if out.get("published_date") is not None:
        out["published_date"] = dt.date.fromisoformat(out["published_date"])
    return out


def article_json(encoded: dict) -> bytes:
    """The stored form of an (encoded) article row; its SHA-256 is the row's digest."""
    return json.dumps(encoded, separators=(",", ":")).encode()


def digest_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:32]


def partition_digest(rows: Iterable[tuple[str, str | None]]) -> str:
    """Digest of a partition from its rows' (article digest, duplicate_of), in order."""
    h = hashlib.sha256(writer_version().encode())
    for digest, duplicate_of in rows:
        h.update(f"\n{digest}\t{duplicate_of or ''}".encode())
    return h.hexdigest()


def usable(entry: dict, latest: dt.date) -> bool:
    """Whether an entry made on entry['latest'] holds on `latest`."""
    return entry["latest"] == latest.isoformat() or (entry["stable"] and entry["latest"] <= latest.isoformat())


class IngestCache(SqliteStore):
    """What ingest made of each input, for one ingest version, in folder/ingest.sqlite.

    get_many() returns light entries: {"latest", "stable"} and either "reject": [reason, detail]
    or "sha256", "source_id", "digest" and "shingles"; articles() reads the rows themselves."""

    db_name = DB_NAME
    stage = "ingest"
    table = "inputs"

    def __init__(self, folder: str | Path, params: IngestParams):
        super().__init__(folder, ingest_version(params))

    def create_tables(self, db) -> None:
        db.execute("DROP TABLE IF EXISTS entries")  # the single-blob store of cache format 1
        db.execute("CREATE TABLE IF NOT EXISTS inputs (key TEXT PRIMARY KEY, version TEXT NOT NULL, "
                   "latest TEXT NOT NULL, stable INTEGER NOT NULL, reason TEXT, detail TEXT, sha256 TEXT, "
                   "source_id TEXT, digest TEXT, shingles BLOB, article BLOB)")
        db.execute("CREATE TABLE IF NOT EXISTS partitions (digest TEXT PRIMARY KEY, name TEXT NOT NULL, "
                   "sha256 TEXT NOT NULL)")

    def get_many(self, keys: list[str]) -> dict[str, dict]:
        """Light entries of the given inputs (those with an entry of this version); every key is
        remembered as part of the current corpus for prune()."""
        found: dict[str, dict] = {}
        for i in range(0, len(keys), _SQL_VARS):
            chunk = keys[i:i + _SQL_VARS]
            self.db.executemany("INSERT OR IGNORE INTO seen (key) VALUES (?)", ((k,) for k in chunk))
            marks = ",".join("?" * len(chunk))
            for key, latest, stable, reason, detail, sha256, source_id, digest, shingles in self.db.execute(
                    "SELECT key, latest, stable, reason, detail, sha256, source_id, digest, shingles FROM inputs "
                    f"WHERE version = ? AND key IN ({marks})", [self.version, *chunk]):
                entry = {"latest": latest, "stable": bool(stable)}
                if reason is not None:
                    entry["reject"] = [reason, detail]
                else:
                    entry.update(sha256=sha256, source_id=source_id, digest=digest,
                                 shingles=array("Q", shingles).tolist())
                found[key] = entry
        self.hits += len(found)
        self.misses += len(set(keys)) - len(found)
        return found

    def articles(self, keys: list[str]) -> dict[str, dict]:
        """The stored (encoded) article rows of these inputs."""
        rows: dict[str, dict] = {}
        for i in range(0, len(keys), _SQL_VARS):
            chunk = keys[i:i + _SQL_VARS]
            marks = ",".join("?" * len(chunk))
            for key, blob in self.db.execute(f"SELECT key, article FROM inputs WHERE version = ? AND key IN ({marks})",
                                             [self.version, *chunk]):
                rows[key] = json.loads(zlib.decompress(blob))
        return rows

    def put_many(self, entries: Iterable[tuple[str, dict]]) -> None:
        """Store full entries (as ingest makes them: "article" (encoded) and "shingles", or
        "reject"; "latest" and "stable"; optionally "stored", the article's article_json bytes)."""
        def rows():
            for key, entry in entries:
                if "reject" in entry:
                    reason, detail = entry["reject"]
                    yield (key, self.version, entry["latest"], int(entry["stable"]), reason, detail,
                           None, None, None, None, None)
                    continue
                data = entry.get("stored") or article_json(entry["article"])
                yield (key, self.version, entry["latest"], int(entry["stable"]), None, None,
                       entry["article"]["sha256"], entry["article"]["source_id"], digest_of(data),
                       array("Q", entry["shingles"]).tobytes(), zlib.compress(data, 6))
        self.db.executemany("INSERT OR REPLACE INTO inputs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows())
        self.db.commit()

    def partitions(self) -> dict[str, dict]:
        """The partitions of the last run: {digest: {"name", "sha256"}}."""
        return {digest: {"name": name, "sha256": sha256}
                for digest, name, sha256 in self.db.execute("SELECT digest, name, sha256 FROM partitions")}

    def set_partitions(self, written: dict[str, dict]) -> None:
        """Replace the record of partitions with this run's."""
        self.db.execute("DELETE FROM partitions")
        self.db.executemany("INSERT OR REPLACE INTO partitions VALUES (?, ?, ?)",
                            ((d, p["name"], p["sha256"]) for d, p in written.items()))
        self.db.commit()

