"""ingest: raw inputs (+ optional manifest) -> articles table and rejects.

Inputs are the files under the input folders: plain text, saved HTML pages and JSON Lines
dumps (one article a line), each optionally gzipped, in any text encoding (see
pipeline/readers.py). Every input file or JSONL line ends up either as an article row or
as a rejects row with a reason. The body is the cleaned article text that every later
offset indexes into; page furniture is split off as boilerplate (pipeline/furniture.py).
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import html
import io
import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Iterable

import pandas as pd

from pipeline.config import ConfigError, IngestParams, load_params
from pipeline.dates import date_from_url, parse_date
from pipeline.furniture import Furniture, credit_line, split_furniture, title_from_body  # noqa: F401 (re-exported)
from pipeline.html_pages import Page, extract_page, page_date
from pipeline.io import cli_errors, write_csv, write_parquet
from pipeline.language import identify_language
from pipeline.readers import (  # noqa: F401 (re-exported)
    MANIFEST_NAME, ArticleError, Input, Reject, decode_article, decode_bytes, declared_charset,
    inputs_from_bytes, iter_inputs,
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


def near_duplicates(bodies: list[str], threshold: float, sample_mod: int = 4,
                    max_postings: int = 200, shingle_words: int = 5) -> list[int | None]:
    """For each body, the index of the earliest earlier body it nearly duplicates.

    Shingles are sampled by hash (hash % sample_mod == 0) and indexed, so the cost grows
    with shared shingles, not with the square of the corpus.
    """
    index: dict[int, list[int]] = {}
    sampled: list[set[int]] = []
    result: list[int | None] = []
    for i, body in enumerate(bodies):
        shingles = {s for s in _shingles(body, shingle_words) if s % sample_mod == 0}
        sampled.append(shingles)
        shared: dict[int, int] = {}
        for s in shingles:
            for j in index.get(s, ()):
                shared[j] = shared.get(j, 0) + 1
        match = None
        for j in sorted(shared):
            union = len(shingles) + len(sampled[j]) - shared[j]
            if union and shared[j] / union >= threshold:
                match = j
                break
        result.append(match)
        for s in shingles:
            postings = index.setdefault(s, [])
            if len(postings) < max_postings:
                postings.append(i)
    return result


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


def ingest_inputs(items: Iterable[Input | Reject | tuple[str, bytes]], params: IngestParams,
                  manifest: dict[str, dict] | None = None, latest: dt.date | None = None
                  ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(articles, rejects) from Inputs and Rejects (or (path, raw bytes) pairs, read by
    their file names), in the order given."""
    manifest = manifest or {}
    articles: list[dict] = []
    rejects: list[dict] = []
    seen_sha: dict[str, str] = {}
    seen_paths: set[str] = set()

    def expand(items):
        for item in items:
            if isinstance(item, tuple):
                yield from inputs_from_bytes(item[0], item[1], params.max_file_bytes)
            else:
                yield item

    for item in expand(items):
        if isinstance(item, Reject):
            rejects.append(item.row())
            continue
        seen_paths.add(item.path)
        try:
            article = article_from_input(item, params, manifest.get(item.path), latest)
        except ArticleError as exc:
            rejects.append({"path": item.path, "reason": exc.reason, "detail": exc.detail})
            continue
        if article["sha256"] in seen_sha:
            rejects.append({"path": item.path, "reason": "duplicate_content",
                            "detail": f"byte-identical to {seen_sha[article['sha256']]}"})
            continue
        seen_sha[article["sha256"]] = item.path
        articles.append(article)
    dupes = near_duplicates([a["body"] for a in articles], params.near_duplicate_threshold,
                            params.near_duplicate_sample_mod, params.near_duplicate_max_postings,
                            params.near_duplicate_shingle_words)
    for article, dupe in zip(articles, dupes):
        article["duplicate_of"] = articles[dupe]["source_id"] if dupe is not None else None
    for path in sorted(set(manifest) - seen_paths):
        rejects.append({"path": path, "reason": "manifest_missing_file",
                        "detail": "listed in the manifest but no such input"})
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


def ingest_folders(folders: list[Path], root: Path, params: IngestParams, latest: dt.date | None = None
                   ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(articles, rejects) of every input under the folders, with their manifests."""
    latest = latest or dt.date.today()
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
    articles, rejects = ingest_inputs(iter_inputs(folders, root, params.formats, params.max_file_bytes),
                                      params, manifest, latest)
    all_rejects = pd.concat([pd.DataFrame(manifest_rejects, columns=REJECT_COLUMNS), rejects], ignore_index=True)
    return articles, all_rejects.sort_values(["path", "reason"], kind="stable").reset_index(drop=True)


@cli_errors("ingest")
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--inputs", "--seeds", dest="inputs", required=True, type=Path, nargs="+",
                    help="input folder(s) of articles (+ manifest.csv each)")
    ap.add_argument("--params", default="params.yaml")
    ap.add_argument("--articles", required=True, type=Path, help="output articles.parquet")
    ap.add_argument("--rejects", required=True, type=Path, help="output rejects.csv")
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
    articles, rejects = ingest_folders(args.inputs, Path.cwd(), params)
    write_parquet(args.articles, articles)
    write_csv(args.rejects, rejects)
    print(f"ingest: {len(articles)} articles, {len(rejects)} rejects")
    if articles.empty:
        print("ingest: no usable articles; see the rejects file", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
