"""ingest: raw article files (+ optional manifest) -> articles table and rejects.

Every input file ends up either as an article row or as a rejects row with a reason.
The body is the cleaned article text that every later offset indexes into; page furniture
(teaser lists, comment prompts, credit lines, date lines) is split off as boilerplate.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import html
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipeline.config import ConfigError, IngestParams, load_params
from pipeline.io import cli_errors, write_csv, write_parquet

MANIFEST_NAME = "manifest.csv"
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

_ENGLISH_STOPWORDS = frozenset(
    "the of and to a in is that for on it with as was by at from be are has have said "
    "this an not but or its which will were their been would had they he she his more".split()
)


_FOREIGN_STOPWORDS = frozenset(
    "der die und das ist nicht mit von für auf dem den des ein eine sich auch wird "
    "le la les des est et une du pour dans qui sur pas avec sont aux "
    "el los las del que por para con una y como pero más "
    "il di che della per sono non gli nel "
    "het een van niet voor zijn ook met "
    "os da do não uma em para com".split()
) - _ENGLISH_STOPWORDS


class ArticleError(ValueError):
    """An input file cannot become an article; the message is the reject reason."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


# ---------------------------------------------------------------- text cleaning

def decode_article(raw: bytes) -> str:
    """Decode UTF-8 (a BOM is tolerated); binary or non-UTF-8 input is an ArticleError."""
    if b"\x00" in raw:
        raise ArticleError("binary_content", "file contains NUL bytes")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ArticleError("not_utf8", f"invalid UTF-8 at byte {exc.start}") from exc


def normalize_text(text: str) -> str:
    """Unify line endings, whitespace and quote characters; one paragraph per line."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "&" in text:
        text = html.unescape(text)
    text = text.translate(_CHAR_MAP)
    lines = (re.sub(r" {2,}", " ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


# ---------------------------------------------------------------- page furniture

_MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec"
_DATE_LINE = re.compile(
    r"^\s*(?:date|published|posted|updated|first published)(?: on)?:?\s+"
    r"(?P<date>\d{4}-\d{2}-\d{2}"
    rf"|(?:{_MONTHS})[a-z]*\.? \d{{1,2}},? \d{{4}}"
    rf"|\d{{1,2}} (?:{_MONTHS})[a-z]*\.? \d{{4}})"
    r"(?:,?(?: at)?[ T]\d{1,2}[:.]\d{2}(?::\d{2})?(?: ?(?:[AP]M|[ap]\.m\.))?(?: [A-Z]{2,4})?)?(?:\b|(?<=\.))\s*",
    re.IGNORECASE,
)
# Wire datelines: "FRANKFURT, June 6 (Reuters) - ", "TOKYO (AP) — ".
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z .'-]+(?:, [A-Z][A-Za-z.]+)*)"
    rf"(?:, (?i:{_MONTHS})[a-z]*\.? \d{{1,2}})?"
    r" \((?P<outlet>[A-Z][A-Za-z .&-]{1,30})\) ?[-–—]+ ?",
)
_TEASER_HEADING = re.compile(
    r"^(?:read next|read more|related|related (?:articles|stories|news|coverage)|also read|"
    r"also see|see also|more from [\w .]+|recommended(?: for you)?|you may also like|most read|"
    r"trending(?: now)?|more stories|top stories|latest news)\s*:?$",
    re.IGNORECASE,
)
_INLINE_TEASER = re.compile(r"^(?:also read|also see|read more|read also|see also)\s*[:|\-–]\s*\S", re.IGNORECASE)
_COMMENT_PROMPT = re.compile(
    r"^(?:what (?:is|are) your (?:opinion|thoughts|views?)\b.*|what do you think\b.*|leave (?:the first|a|your) comment\b.*|"
    r"\d* ?comments?|join the (?:conversation|discussion)\b.*|sign up for\b.*newsletter.*|"
    r"subscribe (?:to|now)\b.*|share (?:this|your thoughts)\b.*|follow us on\b.*|click here\b.*)$",
    re.IGNORECASE,
)
_NAME = r"[A-Z][\w'.-]*(?: [A-Z][\w'.-]*){0,3}"
_CREDIT_PATTERNS = (
    # "— Jane Doe contributed to this article."
    re.compile(rf"^[—–-]?\s*(?P<names>{_NAME}(?:(?:, | and ){_NAME})*) contributed(?: reporting)?"
               r"(?: to this (?:article|report|story))?\.?$"),
    # "Reuters with additional input and editing by Jim Pollard"
    re.compile(rf"^(?P<outlet>{_NAME}) with additional (?:input|inputs|reporting)(?: and editing)? by (?P<names>.+?)\.?$"),
    # "(Reporting by A in Tokyo; Editing by B)"
    re.compile(r"^\(?(?P<names>(?:(?:additional )?(?:reporting|writing|editing|edited|written|compiled|"
               r"photos?|research) by [^;()]+;?\s*)+)\)?\.?$", re.IGNORECASE),
    # "Based On NDTV Report", "Based on a Reuters report"
    re.compile(r"^based on (?:an? )?(?P<outlet>.+?) reports?\.?$", re.IGNORECASE),
    # "With inputs from PTI"
    re.compile(r"^with (?:inputs?|additional reporting) from (?P<outlet>.+?)\.?$", re.IGNORECASE),
    # "By Jane Doe" byline
    re.compile(rf"^by (?P<names>{_NAME}(?:(?:, | and ){_NAME})*)$", re.IGNORECASE),
    # "Source: Reuters"
    re.compile(r"^source: (?P<outlet>.+?)\.?$", re.IGNORECASE),
)
_TIMESTAMP = re.compile(r"^\d{1,2}:\d{2}(?: ?[AP]M)?$", re.IGNORECASE)


@dataclass
class Furniture:
    """What was split off an article's text besides the body."""
    body_lines: list[str] = field(default_factory=list)
    blocks: list[str] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)
    outlets: list[str] = field(default_factory=list)
    published_date: dt.date | None = None


def parse_date(text: str) -> dt.date | None:
    text = text.strip().replace(".", "").replace(",", "")
    for fmt in ("%Y-%m-%d", "%B %d %Y", "%b %d %Y", "%d %B %Y", "%d %b %Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _split_names(text: str) -> list[str]:
    text = re.sub(r"\b(?:additional )?(?:reporting|writing|editing|edited|written|compiled|photos?|research) by\b",
                  ";", text, flags=re.IGNORECASE)
    names = []
    for part in re.split(r";|,| and | & ", text):
        part = re.sub(r"\s+in [A-Z][\w .]*$", "", part.strip(" .()"))  # "Jane Doe in Tokyo"
        if re.fullmatch(_NAME, part) and len(part.split()) >= 2:
            names.append(part)
    return names


def credit_line(line: str) -> tuple[list[str], list[str]] | None:
    """(credited people, cited outlets) when the line is a credit line, else None."""
    if len(line.split()) > 25:
        return None
    for pattern in _CREDIT_PATTERNS:
        m = pattern.match(line)
        if not m:
            continue
        groups = m.groupdict()
        names = _split_names(groups["names"]) if groups.get("names") else []
        outlets = [groups["outlet"].strip()] if groups.get("outlet") else []
        if names or outlets:
            return names, outlets
    return None


def _starts_teaser_list(lines: list[str], i: int) -> bool:
    """A teaser heading opens a list when it sits in the second half of the page or is
    followed by a timestamp or a short label line, as teaser lists are."""
    if i >= len(lines) // 2 or i == len(lines) - 1:
        return True
    nxt = lines[i + 1]
    return bool(_TIMESTAMP.match(nxt)) or (len(nxt.split()) <= 4 and not nxt.endswith("."))


def split_furniture(lines: list[str]) -> Furniture:
    """Separate body paragraphs from page furniture, keeping every line somewhere."""
    out = Furniture()
    lines = list(lines)
    # A date line sits at the top, possibly under a byline or headline.
    for i, line in enumerate(lines[:3]):
        m = _DATE_LINE.match(line)
        if m:
            out.published_date = parse_date(m.group("date"))
            out.blocks.append(m.group(0).strip())
            rest = line[m.end():].strip()
            lines = lines[:i] + ([rest] if rest else []) + lines[i + 1:]
            break
    # A wire dateline opens the first paragraph that carries one.
    for i, line in enumerate(lines[:4]):
        m = _DATELINE.match(line)
        if m:
            out.blocks.append(m.group(0).strip())
            out.outlets.append(m.group("outlet").strip())
            lines[i] = line[m.end():]
            break

    pending: list[str] = []  # current furniture block

    def flush():
        if pending:
            out.blocks.append("\n".join(pending))
            pending.clear()

    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        if _TEASER_HEADING.match(line) and _starts_teaser_list(lines, i):
            # A teaser list runs to the end of the page, up to any comment prompt.
            flush()
            pending.append(line)
            i += 1
            while i < n and not _COMMENT_PROMPT.match(lines[i]):
                pending.append(lines[i])
                i += 1
            flush()
            continue
        if _COMMENT_PROMPT.match(line) and len(line.split()) <= 12:
            pending.append(line)
            i += 1
            continue
        credit = credit_line(line)
        if credit is not None or _INLINE_TEASER.match(line) or _TIMESTAMP.match(line):
            flush()
            if credit is not None:
                out.credits.extend(credit[0])
                out.outlets.extend(credit[1])
            out.blocks.append(line)
            i += 1
            continue
        flush()
        out.body_lines.append(line)
        i += 1
    flush()
    out.credits = sorted(set(out.credits))
    out.outlets = sorted(set(out.outlets))
    return out


def title_from_body(body_lines: list[str]) -> str | None:
    """A short first line without closing punctuation reads as a headline."""
    if not body_lines:
        return None
    first = body_lines[0]
    if len(first.split()) <= 20 and not re.search(r"[.!?:;,\"')]$", first):
        return first
    return None


def looks_english(body: str) -> bool:
    """English unless common function words of other languages outnumber English ones.

    Counting both sides keeps terse English (tabular earnings reports with few
    function words) while rejecting German, French, Spanish, Italian, Dutch, Portuguese.
    """
    words = re.findall(r"[^\W\d_]+", body.lower())
    if not words:
        return False
    english = sum(w in _ENGLISH_STOPWORDS for w in words)
    foreign = sum(w in _FOREIGN_STOPWORDS for w in words)
    # a stray "und" or "del" in a company name does not make a wire table foreign
    return not (foreign > 2 * english and foreign >= 0.08 * len(words))


# ---------------------------------------------------------------- duplicates

def _shingles(text: str, k: int = 5) -> set[int]:
    words = re.findall(r"\w+", text.lower())
    grams = (" ".join(words[i:i + k]) for i in range(max(1, len(words) - k + 1)))
    return {int.from_bytes(hashlib.blake2b(g.encode(), digest_size=8).digest(), "big") for g in grams}


def near_duplicates(bodies: list[str], threshold: float, sample_mod: int = 4,
                    max_postings: int = 200) -> list[int | None]:
    """For each body, the index of the earliest earlier body it nearly duplicates.

    Shingles are sampled by hash (hash % sample_mod == 0) and indexed, so the cost grows
    with shared shingles, not with the square of the corpus.
    """
    index: dict[int, list[int]] = {}
    sampled: list[set[int]] = []
    result: list[int | None] = []
    for i, body in enumerate(bodies):
        shingles = {s for s in _shingles(body) if s % sample_mod == 0}
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

def read_manifest(path: Path) -> tuple[dict[str, dict], list[dict]]:
    """Manifest rows keyed by file name, and rejects for rows that cannot be used."""
    rows: dict[str, dict] = {}
    rejects: list[dict] = []
    try:
        with path.open(newline="", encoding="utf-8-sig") as fh:
            reader = csv.DictReader(fh)
            missing = [c for c in ("path",) if c not in (reader.fieldnames or [])]
            if missing:
                rejects.append({"path": str(path), "reason": "manifest_invalid",
                                "detail": "manifest has no 'path' column"})
                return rows, rejects
            for lineno, row in enumerate(reader, start=2):
                name = Path((row.get("path") or "").strip()).name
                if not name:
                    rejects.append({"path": str(path), "reason": "manifest_invalid_row",
                                    "detail": f"line {lineno}: empty path"})
                    continue
                entry = {c: (row.get(c) or "").strip() or None for c in MANIFEST_COLUMNS[1:]}
                if entry["published_date"] is not None:
                    parsed = parse_date(entry["published_date"])
                    if parsed is None:
                        rejects.append({"path": str(path), "reason": "manifest_invalid_value",
                                        "detail": f"line {lineno}: published_date "
                                                  f"{entry['published_date']!r} is not a date; ignored"})
                    entry["published_date"] = parsed
                rows[name] = entry
    except (UnicodeDecodeError, csv.Error) as exc:
        rejects.append({"path": str(path), "reason": "manifest_invalid", "detail": str(exc)})
    return rows, rejects


# ---------------------------------------------------------------- articles

def article_from_bytes(raw: bytes, path: str, params: IngestParams, manifest: dict | None = None) -> dict:
    """One article row from a file's bytes; raises ArticleError with the reject reason."""
    text = normalize_text(decode_article(raw))
    if not text:
        raise ArticleError("empty", "no text after cleaning")
    furniture = split_furniture(text.split("\n"))
    body = "\n\n".join(furniture.body_lines)
    n_words = len(re.findall(r"\w+", body))
    if n_words < params.min_body_words:
        raise ArticleError("too_short", f"{n_words} words in body, minimum is {params.min_body_words}")
    if not looks_english(body):
        raise ArticleError("unsupported_language", "body does not read as English")
    manifest = manifest or {}
    sha = hashlib.sha256(raw).hexdigest()
    if manifest.get("published_date") is not None:
        date, basis = manifest["published_date"], "manifest"
    elif furniture.published_date is not None:
        date, basis = furniture.published_date, "explicit"
    else:
        date, basis = None, "unknown"
    return {
        "source_id": f"src-{sha[:16]}",
        "path": path,
        "sha256": sha,
        "title": manifest.get("title") or title_from_body(furniture.body_lines),
        "publisher": manifest.get("publisher"),
        "url": manifest.get("url"),
        "published_date": date,
        "date_basis": basis,
        "credits": furniture.credits,
        "boilerplate_outlets": furniture.outlets,
        "language": "en",
        "n_words": n_words,
        "body_chars": len(body),
        "boilerplate_chars": sum(len(b) for b in furniture.blocks),
        "boilerplate": furniture.blocks,
        "body": body,
    }


ARTICLE_COLUMNS = [
    "source_id", "path", "sha256", "title", "publisher", "url", "published_date", "date_basis",
    "credits", "boilerplate_outlets", "language", "n_words", "body_chars", "boilerplate_chars",
    "boilerplate", "body", "duplicate_of",
]


def ingest_files(files: list[tuple[str, bytes]], params: IngestParams,
                 manifest: dict[str, dict] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(articles, rejects) from (relative path, raw bytes) pairs, in path order."""
    manifest = manifest or {}
    articles: list[dict] = []
    rejects: list[dict] = []
    seen_sha: dict[str, str] = {}
    for path, raw in sorted(files):
        try:
            article = article_from_bytes(raw, path, params, manifest.get(Path(path).name))
        except ArticleError as exc:
            rejects.append({"path": path, "reason": exc.reason, "detail": exc.detail})
            continue
        if article["sha256"] in seen_sha:
            rejects.append({"path": path, "reason": "duplicate_content",
                            "detail": f"byte-identical to {seen_sha[article['sha256']]}"})
            continue
        seen_sha[article["sha256"]] = path
        articles.append(article)
    dupes = near_duplicates([a["body"] for a in articles], params.near_duplicate_threshold)
    for article, dupe in zip(articles, dupes):
        article["duplicate_of"] = articles[dupe]["source_id"] if dupe is not None else None
    known = {Path(p).name for p, _ in files}
    for name in sorted(set(manifest) - known):
        rejects.append({"path": name, "reason": "manifest_missing_file",
                        "detail": "listed in the manifest but no such article file"})
    return (pd.DataFrame(articles, columns=ARTICLE_COLUMNS),
            pd.DataFrame(rejects, columns=REJECT_COLUMNS))


def collect_files(seeds_dir: Path, root: Path) -> tuple[list[tuple[str, bytes]], list[dict]]:
    """Article files under seeds_dir; anything else that is not the manifest is rejected."""
    files, rejects = [], []
    for p in sorted(seeds_dir.rglob("*")):
        if not p.is_file() or p.name.startswith(".") or p.name == MANIFEST_NAME:
            continue
        rel = p.relative_to(root).as_posix() if p.is_relative_to(root) else p.as_posix()
        if p.suffix.lower() != ".txt":
            rejects.append({"path": rel, "reason": "unsupported_file_type",
                            "detail": f"expected a .txt article, got '{p.suffix or 'no extension'}'"})
            continue
        files.append((rel, p.read_bytes()))
    return files, rejects


@cli_errors("ingest")
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", required=True, type=Path, help="folder of *.txt articles (+ manifest.csv)")
    ap.add_argument("--params", default="params.yaml")
    ap.add_argument("--articles", required=True, type=Path, help="output articles.parquet")
    ap.add_argument("--rejects", required=True, type=Path, help="output rejects.csv")
    args = ap.parse_args(argv)
    try:
        params = load_params(args.params).ingest
    except ConfigError as exc:
        print(f"ingest: {exc}", file=sys.stderr)
        return 2
    if not args.seeds.is_dir():
        print(f"ingest: seeds folder not found: {args.seeds}", file=sys.stderr)
        return 2
    root = Path.cwd()
    files, rejects = collect_files(args.seeds.resolve(), root)
    manifest: dict[str, dict] = {}
    manifest_path = args.seeds / MANIFEST_NAME
    if manifest_path.exists():
        manifest, manifest_rejects = read_manifest(manifest_path)
        rejects.extend(manifest_rejects)
    articles, article_rejects = ingest_files(files, params, manifest)
    all_rejects = pd.concat([pd.DataFrame(rejects, columns=REJECT_COLUMNS), article_rejects],
                            ignore_index=True).sort_values(["path", "reason"], kind="stable")
    write_parquet(args.articles, articles)
    write_csv(args.rejects, all_rejects)
    print(f"ingest: {len(articles)} articles, {len(all_rejects)} rejects")
    if articles.empty:
        print("ingest: no usable articles; see the rejects file", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
