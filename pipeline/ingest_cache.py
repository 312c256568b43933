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

Storage and pruning are those of the extract cache (pipeline/extract_cache.py): one SQLite
file in the folder given by --cache, entries of other versions or of inputs no longer present
deleted at the end of a run.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import asdict
from functools import lru_cache

from pipeline.config import IngestParams
from pipeline.io import package_version, source_fingerprint
from pipeline.extract_cache import ExtractCache

CACHE_FORMAT = 1
CODE_FILES = ("pipeline/ingest.py", "pipeline/readers.py", "pipeline/furniture.py", "pipeline/dates.py",
              "pipeline/html_pages.py", "pipeline/language.py")
LIBRARIES = ("trafilatura", "htmldate", "py3langid", "charset-normalizer", "python-dateutil", "lxml", "courlan",
             "justext")
# Params applied across articles after the per-input step: changing them needs no re-read.
CORPUS_PARAMS = frozenset({"near_duplicate_threshold", "near_duplicate_max_postings", "partition_size"})


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


def usable(entry: dict, latest: dt.date) -> bool:
    """Whether an entry made on entry['latest'] holds on `latest`."""
    return entry["latest"] == latest.isoformat() or (entry["stable"] and entry["latest"] <= latest.isoformat())


class IngestCache(ExtractCache):
    """What ingest made of each input, for one ingest version, in folder/ingest.sqlite."""

    db_name = "ingest.sqlite"
    stage = "ingest"

    def __init__(self, folder, params: IngestParams):
        super().__init__(folder, ingest_version(params))
