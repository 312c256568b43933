"""ingest: raw inputs (+ optional manifest) -> articles table and rejects.

Inputs are the files under the input folders: plain text, saved HTML pages and JSON Lines
dumps (one article a line), each optionally gzipped, in any text encoding (see
pipeline/readers.py). Every input file or JSONL line ends up either as an article row or
as a rejects row with a reason. The body is the cleaned article text that every later
offset indexes into; page furniture is split off as boilerplate (pipeline/furniture.py).
"""
from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as dt
import hashlib
import html
import io
import re
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass
from itertools import chain
from pathlib import Path, PurePosixPath
from typing import Iterable, Iterator

import pandas as pd
import pyarrow as pa

from pipeline.config import ConfigError, IngestParams, load_params
from pipeline.dates import date_from_url, future_days_refused, parse_date
from pipeline.furniture import Furniture, credit_line, split_furniture, title_from_body  # noqa: F401 (re-exported)
from pipeline.html_pages import Page, extract_page, page_date
from pipeline.ingest_cache import (IngestCache, article_json, article_of_entry, digest_of, encode_article, input_key,
                                   partition_digest, usable)
from pipeline.io import cli_errors, write_csv
from pipeline.language import identify_language, keep_decoded_model
from pipeline.partitions import PartitionedOutput, link_or_write, part_name, write_table_part
from pipeline.progress import article_progress
from pipeline.readers import (  # noqa: F401 (re-exported)
    MANIFEST_NAME, ArticleError, Input, Reject, decode_article, decode_bytes, declared_charset,
    inputs_from_bytes, iter_inputs, record_of,
)

MANIFEST_COLUMNS = ("path", "title", "publisher", "url", "published_date")
REJECT_COLUMNS = ["path", "reason", "detail"]

# Typographic characters folded to ASCII: the meaning is unchanged and the text becomes
# uniform for quote pairing and friendly to spreadsheets.
_CHAR_MAP = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"',
    "\u00a0": " ", "\u2007": " ", "\u2009": " ", "\u202f": " ", "\u2002": " ", "\u2003": " ",
    "\t": " ",
    "\u200b": None, "\u200c": None, "\u200d": None, "\ufeff": None, "\u00ad": None,
})


# ---------------------------------------------------------------- text cleaning

def normalize_text(text: str) -> str:
    """Unify line endings, whitespace and quote characters; one paragraph per line."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "&" in text:
        text = html.unescape(text)
    text = text.translate(_CHAR_MAP)
    lines = (re.sub(r" {2,}", " ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


# ---------------------------------------------------------------- duplicates

def _shingles(text: str, k: int = 5) -> set[int]:
    words = re.findall(r"\w+", text.lower())
    grams = (" ".join(words[i:i + k]) for i in range(max(1, len(words) - k + 1)))
    return {int.from_bytes(hashlib.blake2b(g.encode(), digest_size=8).digest(), "big") for g in grams}


class NearDuplicateIndex:
    """Online near-duplicate search: each article is compared with every earlier one through an
    index of sampled shingles (hash % sample_mod == 0), so the cost grows with shared shingles,
    not with the square of the corpus, and memory holds a few integers per article, never the
    bodies. Articles are added in input order; add() returns the position of the earliest
    earlier article the new one nearly duplicates."""

    def __init__(self, threshold: float, sample_mod: int = 4, max_postings: int = 200, shingle_words: int = 5):
        self.threshold, self.sample_mod = threshold, sample_mod
        self.max_postings, self.shingle_words = max_postings, shingle_words
        self.index: dict[int, list[int]] = {}
        self.sizes: list[int] = []

    def sample(self, body: str) -> list[int]:
        """The body's sampled shingles (what add() takes; the ingest cache keeps them)."""
        return sorted(s for s in _shingles(body, self.shingle_words) if s % self.sample_mod == 0)

    def add(self, shingles: list[int]) -> int | None:
        index = self.index
        # earlier articles sharing each shingle, counted in C (this runs once per article of the corpus)
        shared = Counter(chain.from_iterable([p for p in map(index.get, shingles) if p]))
        match = None
        # shared / union >= threshold needs shared >= threshold * len(shingles) (union is at least
        # len(shingles)); the others cannot match (a little slack keeps float rounding out of it)
        need = self.threshold * len(shingles) * (1 - 1e-9)
        for j in sorted(j for j, n in shared.items() if n >= need):
            union = len(shingles) + self.sizes[j] - shared[j]
            if union and shared[j] / union >= self.threshold:
                match = j
                break
        i = len(self.sizes)
        self.sizes.append(len(shingles))
        cap = self.max_postings
        for s in shingles:
            postings = index.get(s)
            if postings is None:
                index[s] = [i]
            elif len(postings) < cap:
                postings.append(i)
        return match


def near_duplicates(bodies: list[str], threshold: float, sample_mod: int = 4,
                    max_postings: int = 200, shingle_words: int = 5) -> list[int | None]:
    """For each body, the index of the earliest earlier body it nearly duplicates."""
    index = NearDuplicateIndex(threshold, sample_mod, max_postings, shingle_words)
    return [index.add(index.sample(body)) for body in bodies]


# ---------------------------------------------------------------- manifest

def _manifest_target(value: str, folder_display: str) -> str | None:
    """The display path a manifest row names (relative to the input folder), or None when
    it points outside the folder (absolute, or climbing out with '..')."""
    file_part, hash_, line = value.partition("#")
    posix = PurePosixPath(file_part.replace("\\", "/"))
    if posix.is_absolute() or re.match(r"^[A-Za-z]:", file_part):
        return None
    parts: list[str] = []
    for part in posix.parts:
        if part == "..":
            if not parts:
                return None
            parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    if not parts:
        return None
    target = "/".join(([folder_display] if folder_display not in ("", ".") else []) + parts)
    return target + (hash_ + line if hash_ else "")


def read_manifest(path: Path, folder_display: str = "", latest: dt.date | None = None
                  ) -> tuple[dict[str, dict], list[dict]]:
    """Manifest rows keyed by the display path of the input they describe, and rejects for
    rows and columns that cannot be used. `folder_display` is the input folder as shown in
    paths ('seeds')."""
    rows: dict[str, dict] = {}
    rejects: list[dict] = []
    shown = f"{folder_display}/{path.name}" if folder_display else path.name

    def reject(reason: str, detail: str) -> None:
        rejects.append({"path": shown, "reason": reason, "detail": detail})

    try:
        text, _ = decode_bytes(path.read_bytes())
    except ArticleError as exc:
        reject("manifest_invalid", f"{exc.reason}: {exc.detail}")
        return rows, rejects
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        fieldnames = [f.strip() for f in (reader.fieldnames or [])]
        reader.fieldnames = fieldnames
        if "path" not in fieldnames:
            reject("manifest_invalid", "manifest has no 'path' column")
            return rows, rejects
        unknown = [f for f in fieldnames if f not in MANIFEST_COLUMNS]
        if unknown:
            reject("manifest_unknown_column", f"column(s) {', '.join(repr(u) for u in unknown)} ignored; "
                                              f"known: {', '.join(MANIFEST_COLUMNS)}")
        for lineno, row in enumerate(reader, start=2):
            value = (row.get("path") or "").strip()
            if not value:
                reject("manifest_invalid_row", f"line {lineno}: empty path")
                continue
            target = _manifest_target(value, folder_display)
            if target is None:
                # A row naming something outside the folder is an input the user listed, so it
                # gets a reject of its own (path '<manifest>#L<n>'), counted among the inputs.
                rejects.append({"path": f"{shown}#L{lineno}", "reason": "outside_input",
                                "detail": f"line {lineno}: {value!r} points outside the input folder"})
                continue
            if target in rows:
                reject("manifest_invalid_row", f"line {lineno}: {value!r} is listed twice; the first row is used")
                continue
            entry = {c: (row.get(c) or "").strip() or None for c in MANIFEST_COLUMNS[1:]}
            if entry["published_date"] is not None:
                parsed = parse_date(entry["published_date"], latest)
                if parsed is None:
                    reject("manifest_invalid_value", f"line {lineno}: published_date "
                                                     f"{entry['published_date']!r} is not a full date"
                                                     f"{' on or before ' + latest.isoformat() if latest else ''}; ignored")
                entry["published_date"] = parsed
            rows[target] = entry
    except csv.Error as exc:
        reject("manifest_invalid", str(exc))
    return rows, rejects


# ---------------------------------------------------------------- articles

def _record_value(record: dict, params: IngestParams, name: str) -> str | None:
    value = record.get(params.jsonl_fields[name])
    if value is None:
        return None
    if isinstance(value, (int, float)) and name == "id":
        value = str(value)
    return value.strip() or None if isinstance(value, str) else None


def article_from_bytes(raw: bytes, path: str, params: IngestParams, manifest: dict | None = None,
                       latest: dt.date | None = None) -> dict:
    """One article row from a text or HTML file's bytes (format from the name; .txt when
    the name says nothing); raises ArticleError with the reject reason."""
    items = inputs_from_bytes(path, raw) if path.lower().endswith((".htm", ".html", ".htm.gz", ".html.gz")) \
        else [Input(path, raw, "txt", Path(path).name)]
    item = items[0]
    if isinstance(item, Reject):
        raise ArticleError(item.reason, item.detail)
    return article_from_input(item, params, manifest, latest)


def _page_text(inp: Input, params: IngestParams) -> tuple[str, str, str, dict]:
    """(format, text, encoding, metadata) of an input before cleaning."""
    if inp.kind == "txt":
        text, encoding = decode_bytes(inp.raw)
        return "txt", text, encoding, {}
    if inp.kind == "html":
        page_html, encoding = decode_bytes(inp.raw, declared_charset(inp.raw))
        return "html", page_html, encoding, {"html": page_html}
    record = inp.record or {}
    meta = {name: _record_value(record, params, name)
            for name in ("id", "title", "url", "published_date", "publisher")}
    text = record.get(params.jsonl_fields["text"])
    page_html = record.get(params.jsonl_fields["html"])
    if isinstance(text, str) and text.strip():
        return "jsonl", text, "utf-8", meta
    if isinstance(page_html, str) and page_html.strip():
        return "jsonl", page_html, "utf-8", {**meta, "html": page_html}
    raise ArticleError("missing_text", f"no non-empty '{params.jsonl_fields['text']}' or "
                                       f"'{params.jsonl_fields['html']}' string field")


@dataclass
class Cleaned:
    """An input read, extracted and cleaned, before the acceptance checks."""
    format: str
    encoding: str
    meta: dict
    page: Page | None
    furniture: Furniture
    body: str


def clean_input(inp: Input, params: IngestParams, manifest: dict | None = None,
                latest: dt.date | None = None) -> Cleaned:
    """Decode, extract (HTML) and split off furniture; raises ArticleError when there is no text."""
    manifest = manifest or {}
    fmt, text, encoding, meta = _page_text(inp, params)
    page = None
    if "html" in meta:
        page = extract_page(meta["html"], manifest.get("url") or meta.get("url"))
        if page is None:
            raise ArticleError("no_article_text", "the extractor found no article text on the page")
        text = page.text
    text = normalize_text(text)
    if not text:
        raise ArticleError("empty", "no text after cleaning")
    furniture = split_furniture(text.split("\n"), title=page.title if page else None, latest=latest)
    return Cleaned(fmt, encoding, meta, page, furniture, "\n\n".join(furniture.body_lines))


def article_from_input(inp: Input, params: IngestParams, manifest: dict | None = None,
                       latest: dt.date | None = None) -> dict:
    """One article row from an input; raises ArticleError with the reject reason."""
    latest = latest or dt.date.today()
    manifest = manifest or {}
    c = clean_input(inp, params, manifest, latest)
    furniture, body, page, meta = c.furniture, c.body, c.page, c.meta
    n_words = len(re.findall(r"\w+", body))
    # Language first: words are counted by spaces, which Chinese or Japanese text lacks.
    language, confidence, accepted = identify_language(body, params.languages, params.language_min_probability) \
        if n_words else (params.languages[0], 0.0, True)
    if not accepted:
        raise ArticleError("unsupported_language", f"body reads as '{language}' (probability {confidence:.2f}); "
                                                   f"accepted: {', '.join(params.languages)} (ingest.languages)")
    if n_words < params.min_body_words:
        raise ArticleError("too_short", f"{n_words} words in body, minimum is {params.min_body_words}")
    url = article_url(c, manifest)
    date, basis = published_date(c, manifest, latest)
    sha = hashlib.sha256(inp.raw).hexdigest()
    credits = sorted(set(furniture.credits) | set(page.authors if page else []))
    return {
        "source_id": f"src-{sha[:16]}",
        "path": inp.path,
        "sha256": sha,
        "format": c.format,
        "encoding": c.encoding,
        "external_id": meta.get("id"),
        "title": manifest.get("title") or meta.get("title") or (page.title if page else None)
                 or title_from_body(furniture.body_lines),
        "publisher": manifest.get("publisher") or meta.get("publisher") or (page.sitename if page else None),
        "url": url,
        "published_date": date,
        "date_basis": basis,
        "credits": credits,
        "boilerplate_outlets": furniture.outlets,
        "language": language,
        "language_confidence": round(confidence, 4),
        "n_words": n_words,
        "body_chars": len(body),
        "boilerplate_chars": sum(len(b) for b in furniture.blocks),
        "boilerplate": furniture.blocks,
        "body": body,
    }


def article_url(c: Cleaned, manifest: dict) -> str | None:
    return manifest.get("url") or c.meta.get("url") or (c.page.url if c.page else None)


def published_date(c: Cleaned, manifest: dict, latest: dt.date) -> tuple[dt.date | None, str]:
    """(date, basis), from the first source that has one: manifest, JSONL record, page
    metadata, URL, a date line in the text, then dates htmldate infers from the page text."""
    meta, text_date, url = c.meta, c.furniture.published_date, article_url(c, manifest)
    if manifest.get("published_date") is not None:
        return manifest["published_date"], "manifest"
    record_date = parse_date(meta.get("published_date"), latest)
    if record_date is not None:
        return record_date, "record"
    if "html" in meta:
        found = page_date(meta["html"], latest, extensive=False)
        if found is not None:
            return found, "metadata"
    found = date_from_url(url, latest)
    if found is not None:
        return found, "url"
    if text_date is not None:
        return text_date, "explicit"
    if "html" in meta:
        found = page_date(meta["html"], latest, extensive=True)
        if found is not None:
            return found, "inferred"
    return None, "unknown"


ARTICLE_COLUMNS = [
    "source_id", "path", "sha256", "format", "encoding", "external_id", "title", "publisher", "url",
    "published_date", "date_basis", "credits", "boilerplate_outlets", "language", "language_confidence",
    "n_words", "body_chars", "boilerplate_chars", "boilerplate", "body", "duplicate_of",
]


def _reads_html(inp: Input, params: IngestParams) -> bool:
    """Whether the input's article comes from HTML (whose dates htmldate bounds internally)."""
    if inp.kind != "record":
        return inp.kind == "html"
    text = (inp.record or {}).get(params.jsonl_fields["text"])
    return not (isinstance(text, str) and text.strip())


def _ingest_one(inp: Input, params: IngestParams, manifest_row: dict | None, latest: dt.date,
                index: NearDuplicateIndex) -> dict:
    """A cache entry: what ingest makes of one input on day `latest` (see pipeline.ingest_cache)."""
    with future_days_refused() as refused:
        try:
            article = article_from_input(inp, params, manifest_row, latest)
            result = {"article": encode_article(article), "shingles": index.sample(article["body"])}
        except ArticleError as exc:
            result = {"reject": [exc.reason, exc.detail]}
    result.update(latest=latest.isoformat(), stable=not refused and not _reads_html(inp, params))
    return result


_LOOKUP_CHUNK = 256  # inputs looked up in the cache per query


@dataclass
class Accepted:
    """An accepted article as the stream passes it on: what the corpus-level steps need, and the
    row itself when it is at hand (a fresh input, or a run without a cache); otherwise the row
    stays in the cache until a partition that holds it has to be written (IngestCache.articles)."""
    key: str | None           # the input's cache key (None without a cache)
    source_id: str
    sha256: str
    digest: str | None        # digest of the stored row (None without a cache)
    duplicate_of: str | None
    row: dict | None          # the article row without duplicate_of, when at hand


def _accepted_stream(items: Iterable[Input | Reject | tuple[str, bytes]], params: IngestParams,
                     manifest: dict[str, dict] | None, latest: dt.date, rejects: list[dict],
                     cache: IngestCache | None = None) -> Iterator[Accepted]:
    """Accepted articles in input order, each with its duplicate_of; reject rows are appended
    to `rejects`. Only the near-duplicate index and the hashes of accepted inputs grow with the
    corpus; inputs the cache knows are neither read again nor decoded (not even a JSONL line's
    JSON: the same bytes parsed before)."""
    manifest = manifest or {}
    seen_sha: dict[str, str] = {}
    seen_paths: set[str] = set()
    source_ids: list[str] = []
    index = NearDuplicateIndex(params.near_duplicate_threshold, params.near_duplicate_sample_mod,
                               params.near_duplicate_max_postings, params.near_duplicate_shingle_words)

    def expand(items):
        for item in items:
            if isinstance(item, tuple):
                yield from inputs_from_bytes(item[0], item[1], params.max_file_bytes)
            else:
                yield item

    def chunks(items):
        chunk = []
        for item in expand(items):
            chunk.append(item)
            if len(chunk) >= _LOOKUP_CHUNK:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    for chunk in chunks(items):
        inputs = [item for item in chunk if isinstance(item, Input)]
        keys = {item.path: input_key(item.path, hashlib.sha256(item.raw).hexdigest(), manifest.get(item.path))
                for item in inputs} if cache is not None else {}
        found = cache.get_many(list(keys.values())) if cache is not None else {}
        fresh = []
        for item in chunk:
            key = keys.get(item.path) if isinstance(item, Input) else None
            entry = found.get(key)
            if entry is not None and not usable(entry, latest):
                cache.hits, cache.misses, entry = cache.hits - 1, cache.misses + 1, None  # made on another day
            if entry is None and isinstance(item, Input):
                item = record_of(item)  # a JSONL line not met before: parse it now
                if isinstance(item, Reject) and cache is not None:
                    cache.misses -= 1  # not an input, as if the reader had rejected it
            if isinstance(item, Reject):
                rejects.append(item.row())
                continue
            seen_paths.add(item.path)
            if entry is None:
                entry = _ingest_one(item, params, manifest.get(item.path), latest, index)
                if cache is not None:
                    if "article" in entry:
                        entry["stored"] = article_json(entry["article"])
                        entry["digest"] = digest_of(entry["stored"])
                    fresh.append((key, entry))
            if "reject" in entry:
                reason, detail = entry["reject"]
                rejects.append({"path": item.path, "reason": reason, "detail": detail})
                continue
            if "article" in entry:
                row = article_of_entry(entry["article"])
                sha256, source_id = row["sha256"], row["source_id"]
            else:
                row, sha256, source_id = None, entry["sha256"], entry["source_id"]
            if sha256 in seen_sha:
                rejects.append({"path": item.path, "reason": "duplicate_content",
                                "detail": f"byte-identical to {seen_sha[sha256]}"})
                continue
            seen_sha[sha256] = item.path
            dupe = index.add(entry["shingles"])
            source_ids.append(source_id)
            yield Accepted(key, source_id, sha256, entry.get("digest"), source_ids[dupe] if dupe is not None else None,
                           row)
        if cache is not None and fresh:
            cache.put_many(fresh)
    for path in sorted(set(manifest) - seen_paths):
        rejects.append({"path": path, "reason": "manifest_missing_file",
                        "detail": "listed in the manifest but no such input"})


def materialize(articles: list[Accepted], cache: IngestCache | None) -> list[dict]:
    """The article rows (with duplicate_of) of accepted articles, reading from the cache those
    that are not at hand."""
    stored = cache.articles([a.key for a in articles if a.row is None]) if cache is not None else {}
    rows = []
    for a in articles:
        row = dict(a.row) if a.row is not None else article_of_entry(stored[a.key])
        row["duplicate_of"] = a.duplicate_of
        rows.append(row)
    return rows


def ingest_stream(items: Iterable[Input | Reject | tuple[str, bytes]], params: IngestParams,
                  manifest: dict[str, dict] | None, latest: dt.date, rejects: list[dict],
                  cache: IngestCache | None = None) -> Iterator[dict]:
    """Accepted article rows in input order, each with its duplicate_of; reject rows are
    appended to `rejects` (see _accepted_stream)."""
    for article in _accepted_stream(items, params, manifest, latest, rejects, cache):
        yield materialize([article], cache)[0]


def ingest_inputs(items: Iterable[Input | Reject | tuple[str, bytes]], params: IngestParams,
                  manifest: dict[str, dict] | None = None, latest: dt.date | None = None
                  ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(articles, rejects) from Inputs and Rejects (or (path, raw bytes) pairs, read by
    their file names), in the order given, in memory."""
    rejects: list[dict] = []
    articles = list(ingest_stream(items, params, manifest, latest or dt.date.today(), rejects))
    return (pd.DataFrame(articles, columns=ARTICLE_COLUMNS),
            pd.DataFrame(rejects, columns=REJECT_COLUMNS))


def ingest_files(files: list[tuple[str, bytes] | Input], params: IngestParams,
                 manifest: dict[str, dict] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(articles, rejects) from Inputs or in-memory (relative path, raw bytes) pairs, in path order."""
    return ingest_inputs(sorted(files, key=lambda f: f[0] if isinstance(f, tuple) else f.path), params, manifest)


def collect_files(folder: Path, root: Path, params: IngestParams | None = None
                  ) -> tuple[list[Input], list[dict]]:
    """Inputs under one folder, and rejects for what is not an article input."""
    params = params or IngestParams()
    inputs, rejects = [], []
    for item in iter_inputs([folder], root, params.formats, params.max_file_bytes):
        if isinstance(item, Reject):
            rejects.append(item.row())
        else:
            inputs.append(item)
    return inputs, rejects


def _folder_display(folder: Path, root: Path) -> str:
    folder = folder.absolute()
    try:
        return folder.relative_to(root.absolute()).as_posix()
    except ValueError:
        return folder.name


def _manifests(folders: list[Path], root: Path, latest: dt.date) -> tuple[dict[str, dict], list[dict]]:
    manifest: dict[str, dict] = {}
    manifest_rejects: list[dict] = []
    for folder in folders:
        path = folder / MANIFEST_NAME
        if path.is_symlink():
            manifest_rejects.append({"path": f"{_folder_display(folder, root)}/{MANIFEST_NAME}",
                                     "reason": "symlink", "detail": "symbolic link; not followed"})
        elif path.is_file():
            rows, rejects = read_manifest(path, _folder_display(folder, root), latest)
            manifest.update(rows)
            manifest_rejects.extend(rejects)
    return manifest, manifest_rejects


def _sorted_rejects(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=REJECT_COLUMNS).sort_values(["path", "reason"], kind="stable") \
        .reset_index(drop=True)


def ingest_folders(folders: list[Path], root: Path, params: IngestParams, latest: dt.date | None = None
                   ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(articles, rejects) of every input under the folders, with their manifests, in memory."""
    latest = latest or dt.date.today()
    manifest, rejects = _manifests(folders, root, latest)
    articles = list(ingest_stream(iter_inputs(folders, root, params.formats, params.max_file_bytes),
                                  params, manifest, latest, rejects))
    return pd.DataFrame(articles, columns=ARTICLE_COLUMNS), _sorted_rejects(rejects)


# Fixed Parquet types: a partition whose urls happen to be all null must not get a null-typed
# column that the other partitions cannot be read with.
_TEXT, _LIST = pa.string(), pa.list_(pa.string())
ARTICLE_SCHEMA = pa.schema([
    ("source_id", _TEXT), ("path", _TEXT), ("sha256", _TEXT), ("format", _TEXT), ("encoding", _TEXT),
    ("external_id", _TEXT), ("title", _TEXT), ("publisher", _TEXT), ("url", _TEXT), ("published_date", pa.date32()),
    ("date_basis", _TEXT), ("credits", _LIST), ("boilerplate_outlets", _LIST), ("language", _TEXT),
    ("language_confidence", pa.float64()), ("n_words", pa.int64()), ("body_chars", pa.int64()),
    ("boilerplate_chars", pa.int64()), ("boilerplate", _LIST), ("body", _TEXT), ("duplicate_of", _TEXT),
])
assert ARTICLE_SCHEMA.names == ARTICLE_COLUMNS


def ends_partition(sha256: str, size: int, n_in_partition: int) -> bool:
    """Whether a partition ends after this article: when its content hash says so (about one
    article in `size`), else at twice `size`. Boundaries follow content, not positions, so
    adding or removing an article changes only the partition it falls into."""
    return int(sha256[:15], 16) % size == 0 or n_in_partition >= 2 * size


def write_article_partitions(articles: Iterable[dict | Accepted], out: Path, size: int,
                             cache: IngestCache | None = None) -> int:
    """Articles (in order; rows, or Accepted from the stream) into out/part-NNNNN.parquet;
    returns how many. A partition whose bytes are those of one of the previous run's files is
    linked, not rewritten, so DVC need not hash it again. With a cache, a partition whose rows
    are those of a partition of the previous run (same digest, see pipeline.ingest_cache) is
    linked without its rows being read or serialised."""
    previous = cache.partitions() if cache is not None else {}
    written: dict[str, dict] = {}
    n, index, buffer = 0, 0, []
    with PartitionedOutput(out) as folder:
        def flush():
            name = part_name(index)
            lazy = [a for a in buffer if isinstance(a, Accepted)]
            digest = partition_digest((a.digest, a.duplicate_of) for a in lazy) \
                if cache is not None and len(lazy) == len(buffer) and all(a.digest for a in lazy) else None
            if digest is not None and digest in previous and _link_previous(out / previous[digest]["name"],
                                                                             previous[digest]["sha256"], folder / name):
                written[digest] = {"name": name, "sha256": previous[digest]["sha256"]}
                return
            rows = materialize(lazy, cache) if lazy else buffer
            table = pa.Table.from_pandas(pd.DataFrame(rows, columns=ARTICLE_COLUMNS), schema=ARTICLE_SCHEMA,
                                         preserve_index=False)
            sha256 = write_table_part(folder, name, table, previous=out)
            if digest is not None:
                written[digest] = {"name": name, "sha256": sha256}
        for article in articles:
            buffer.append(article)
            n += 1
            sha256 = article.sha256 if isinstance(article, Accepted) else article["sha256"]
            if ends_partition(sha256, size, len(buffer)):
                flush()
                index, buffer = index + 1, []
        if buffer or index == 0:  # an empty corpus still gets one (empty) partition
            flush()
    if cache is not None:
        cache.set_partitions(written)
    return n


def _link_previous(old: Path, sha256: str, target: Path) -> bool:
    """Link (or copy) the previous run's partition file to target if its bytes are still those
    recorded (sha256); False if it is gone or differs."""
    try:
        data = old.read_bytes()
    except OSError:
        return False
    if hashlib.sha256(data).hexdigest() != sha256:
        return False
    link_or_write(old, target, data)
    return True


@cli_errors("ingest")
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--inputs", "--seeds", dest="inputs", required=True, type=Path, nargs="+",
                    help="input folder(s) of articles (+ manifest.csv each)")
    ap.add_argument("--params", default="params.yaml")
    ap.add_argument("--articles", required=True, type=Path,
                    help="output folder of articles, one part-NNNNN.parquet per partition")
    ap.add_argument("--rejects", required=True, type=Path, help="output rejects.csv")
    ap.add_argument("--cache", type=Path, default=None,
                    help="folder of per-input results kept between runs (omit for a cold run)")
    args = ap.parse_args(argv)
    try:
        params = load_params(args.params).ingest
    except ConfigError as exc:
        print(f"ingest: {exc}", file=sys.stderr)
        return 2
    for folder in args.inputs:
        if not folder.is_dir():
            print(f"ingest: input folder not found: {folder}", file=sys.stderr)
            return 2
    latest = today()
    manifest, rejects = _manifests(args.inputs, Path.cwd(), latest)
    # with a cache, a JSONL line's JSON is parsed only when the cache does not know the line
    inputs = iter_inputs(args.inputs, Path.cwd(), params.formats, params.max_file_bytes,
                         parse_jsonl=args.cache is None)
    with contextlib.ExitStack() as stack:
        cache = stack.enter_context(IngestCache(args.cache, params)) if args.cache is not None else None
        keep_decoded_model(args.cache)  # a rerun that reads a few inputs need not decode the model again
        progress = stack.enter_context(article_progress(None, "ingest"))
        stream = _accepted_stream(inputs, params, manifest, latest, rejects, cache)
        n_articles = write_article_partitions(_counted(stream, progress), args.articles, params.partition_size,
                                              cache)
        if cache is not None:
            cache.prune()
    write_csv(args.rejects, _sorted_rejects(rejects))
    print(f"ingest: {n_articles} articles, {len(rejects)} rejects")
    if cache is not None:
        print(f"ingest: {cache.misses} input(s) read, {cache.hits} from the cache")
    if not n_articles:
        print("ingest: no usable articles; see the rejects file", file=sys.stderr)
        return 1
    return 0


def today() -> dt.date:
    """The latest acceptable publication date: the day ingest runs."""
    return dt.date.today()


def _counted(articles: Iterable[dict], progress) -> Iterator[dict]:
    for article in articles:
        progress.update(1)
        yield article


if __name__ == "__main__":
    sys.exit(main())
