"""Reading inputs: which files under the input folders are articles, in which format, and
how their bytes become text.

Formats (by file name, optionally gzipped): plain text (`.txt`), HTML pages (`.html`, `.htm`)
and JSON Lines dumps (`.jsonl`, `.ndjson`; one article a line). Files are streamed: a file
larger than `max_file_bytes` (a JSONL line, for dumps) is rejected without being read whole.
Symbolic links are never followed and nothing outside an input folder is read.
"""
from __future__ import annotations

import codecs
import gzip
import io
import json
import os
import re
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from charset_normalizer import from_bytes
from charset_normalizer.md import mess_ratio

MANIFEST_NAME = "manifest.csv"
SUFFIX_FORMATS = {".txt": "txt", ".text": "txt", ".html": "html", ".htm": "html",
                  ".jsonl": "jsonl", ".ndjson": "jsonl"}
_READ_CHUNK = 1 << 20
# A share of C0 control characters (other than whitespace) above which decoded "text" is binary.
_MAX_CONTROL_SHARE = 0.01
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
# WHATWG: pages labelled latin-1 or ASCII are decoded as windows-1252.
_PREFERRED_LEGACY = ("cp1252", "latin_1")
_MAX_MESS = 0.2  # charset-normalizer's default threshold
_CHARSET_ALIASES = {"iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "us-ascii": "cp1252",
                    "ascii": "cp1252", "iso8859-1": "cp1252"}


class ArticleError(ValueError):
    """An input cannot become an article; `reason` is the reject reason."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class Input:
    """One article-sized input: a file, or one line of a JSONL dump."""
    path: str                 # relative path as shown in sources/rejects; '<file>#L<n>' for a JSONL line
    raw: bytes                # the bytes hashed into sha256 (decompressed file, or the line)
    kind: str                 # txt | html | record
    key: str                  # manifest key: the path relative to its input folder
    record: dict | None = None


@dataclass(frozen=True)
class Reject:
    path: str
    reason: str
    detail: str = ""

    def row(self) -> dict:
        return {"path": self.path, "reason": self.reason, "detail": self.detail}


# ---------------------------------------------------------------- formats and decoding

def input_format(name: str) -> tuple[str, bool] | None:
    """(format, gzipped) from a file name, or None when it is not an article format."""
    lower = name.lower()
    gz = lower.endswith(".gz")
    stem = lower[:-3] if gz else lower
    fmt = SUFFIX_FORMATS.get(os.path.splitext(stem)[1])
    return (fmt, gz) if fmt else None


def _check_not_binary(text: str) -> None:
    controls = len(_CONTROL.findall(text))
    if controls and controls > _MAX_CONTROL_SHARE * len(text):
        raise ArticleError("binary_content", f"{controls} control characters in {len(text)}: not text")


def _decode_bom(raw: bytes) -> tuple[str, str] | None:
    for bom, codec in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                       (codecs.BOM_UTF16_BE, "utf-16-be")):
        if raw.startswith(bom):
            try:
                return raw[len(bom):].decode(codec), codec.replace("-le", "").replace("-be", "")
            except UnicodeDecodeError as exc:
                raise ArticleError("undecodable", f"{codec} byte-order mark but invalid {codec} at byte {exc.start}") from exc
    return None


def _detect(raw: bytes) -> tuple[str, str]:
    """charset-normalizer's best guess, unless a common Western legacy encoding reads the
    bytes with no more mess (charset-normalizer's own measure): short Western texts fit
    multibyte CJK encodings or cp1250 by chance, while real CJK or Cyrillic bytes read as
    cp1252 are a mess."""
    best = from_bytes(raw).best()
    candidates = [(best.chaos, 1, str(best), best.encoding)] if best is not None else []
    for rank, legacy in enumerate(_PREFERRED_LEGACY):
        try:
            text = raw.decode(legacy)
        except UnicodeDecodeError:
            continue
        candidates.append((mess_ratio(text), -1 - (len(_PREFERRED_LEGACY) - rank), text, legacy))
    candidates = [c for c in candidates if c[0] <= _MAX_MESS]
    if not candidates:
        raise ArticleError("undecodable", "no text encoding decodes the bytes with confidence")
    _, _, text, encoding = min(candidates)
    return text, encoding


def decode_bytes(raw: bytes, declared: str | None = None) -> tuple[str, str]:
    """(text, encoding name) of raw bytes: a byte-order mark, else the declared charset, else
    UTF-8, else the encoding charset-normalizer finds. ArticleError when none fits."""
    bom = _decode_bom(raw)
    if bom is not None:
        text, encoding = bom
    elif b"\x00" in raw:
        raise ArticleError("binary_content", "contains NUL bytes")
    else:
        text = encoding = None
        if declared:
            codec = _CHARSET_ALIASES.get(declared.lower(), declared)
            try:
                text, encoding = raw.decode(codec), codecs.lookup(codec).name
            except (LookupError, UnicodeDecodeError):
                text = None
        if text is None:
            try:
                text, encoding = raw.decode("utf-8"), "utf-8"
            except UnicodeDecodeError:
                text, encoding = _detect(raw)
    _check_not_binary(text)
    return text, encoding


def decode_article(raw: bytes) -> str:
    """Text of a plain-text article in any encoding (see decode_bytes)."""
    return decode_bytes(raw)[0]


def declared_charset(raw: bytes) -> str | None:
    """The charset an HTML page declares in a <meta> tag near its top, if any."""
    m = _META_CHARSET.search(raw[:8192])
    return m.group(1).decode("ascii", "replace") if m else None


# ---------------------------------------------------------------- reading files

def read_limited(path: Path, gz: bool, limit: int) -> bytes:
    """The (decompressed) bytes of a file, never holding more than limit + 1 bytes."""
    if not gz:
        size = path.stat().st_size
        if size > limit:
            raise ArticleError("too_large", f"{size} bytes, limit is {limit} (ingest.max_file_bytes)")
        return path.read_bytes()
    try:
        with gzip.open(path, "rb") as fh:
            data = fh.read(limit + 1)
    except (OSError, EOFError, zlib.error) as exc:
        raise ArticleError("corrupt_archive", f"cannot decompress: {exc}") from exc
    if len(data) > limit:
        raise ArticleError("too_large", f"more than {limit} bytes once decompressed (ingest.max_file_bytes)")
    return data


def record_of(inp: Input) -> Input | Reject:
    """A JSONL line's Input with its record parsed, or the Reject of a line that is not a JSON object."""
    if inp.kind != "record" or inp.record is not None:
        return inp
    try:
        record = json.loads(inp.raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        return Reject(inp.path, "invalid_json", str(exc))
    if not isinstance(record, dict):
        return Reject(inp.path, "invalid_json", f"expected a JSON object, got {type(record).__name__}")
    return Input(inp.path, inp.raw, inp.kind, inp.key, record)


def iter_jsonl(path: Path, display: str, key: str, gz: bool, limit: int, parse: bool = True
               ) -> Iterator[Input | Reject]:
    """One Input per non-blank line of a JSONL dump; a bad line is a Reject with its number.
    With parse=False a line's JSON is left unparsed (record None) for record_of() to parse
    when it is needed: the ingest cache knows the lines it has read before by their bytes."""
    lineno = 0
    try:
        fh = gzip.open(path, "rb") if gz else path.open("rb")
        with fh:
            while True:
                line = fh.readline(limit + 1)
                if not line:
                    break
                lineno += 1
                where = f"{display}#L{lineno}"
                if len(line) > limit and not line.endswith(b"\n"):
                    while (chunk := fh.readline(_READ_CHUNK)) and not chunk.endswith(b"\n"):
                        pass  # skip the rest of the over-long line without holding it
                    yield Reject(where, "too_large", f"line longer than {limit} bytes (ingest.max_file_bytes)")
                    continue
                line = line.strip()
                if not line:
                    continue
                item = Input(where, line, "record", f"{key}#L{lineno}")
                yield record_of(item) if parse else item
    except (OSError, EOFError, zlib.error) as exc:
        yield Reject(display, "corrupt_archive", f"cannot read after line {lineno}: {exc}")


def _display_path(p: Path, folder: Path, root: Path) -> str:
    """Relative to the repository root when inside it, else '<input folder name>/<path>'."""
    try:
        return p.relative_to(root).as_posix()
    except ValueError:
        return (Path(folder.name) / p.relative_to(folder)).as_posix()


def iter_inputs(folders: list[Path], root: Path, formats: tuple, limit: int, parse_jsonl: bool = True
                ) -> Iterator[Input | Reject]:
    """Every file under the input folders as Inputs (a JSONL file gives one per line) or a
    Reject with its reason, in a stable order. Dot-files and the manifest are not articles.
    parse_jsonl=False: JSONL lines come unparsed (see iter_jsonl)."""
    root = root.absolute()
    for folder in folders:
        folder = folder.absolute()
        real_folder = folder.resolve()
        for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
            here = Path(dirpath)
            for d in sorted(dirnames):
                if (here / d).is_symlink():
                    yield Reject(_display_path(here / d, folder, root), "symlink", "symbolic link to a folder; not followed")
            dirnames[:] = sorted(d for d in dirnames if not (here / d).is_symlink() and not d.startswith("."))
            for name in sorted(filenames):
                p = here / name
                if name.startswith(".") or (here == folder and name == MANIFEST_NAME):
                    continue
                display = _display_path(p, folder, root)
                key = p.relative_to(folder).as_posix()
                if p.is_symlink():
                    yield Reject(display, "symlink", "symbolic link; not followed")
                    continue
                if not p.resolve().is_relative_to(real_folder):
                    yield Reject(display, "outside_input", "resolves outside the input folder")
                    continue
                if not p.is_file():
                    yield Reject(display, "not_a_file", "not a regular file")
                    continue
                fmt = input_format(name)
                if fmt is None or fmt[0] not in formats:
                    what = f"'{fmt[0]}' is not in ingest.formats" if fmt else f"'{''.join(p.suffixes) or 'no extension'}'"
                    yield Reject(display, "unsupported_file_type",
                                 f"expected one of {', '.join('.' + f for f in formats)} (optionally .gz), got {what}")
                    continue
                kind, gz = fmt
                if kind == "jsonl":
                    yield from iter_jsonl(p, display, key, gz, limit, parse_jsonl)
                    continue
                try:
                    yield Input(display, read_limited(p, gz, limit), kind, key)
                except ArticleError as exc:
                    yield Reject(display, exc.reason, exc.detail)


def inputs_from_bytes(path: str, raw: bytes, limit: int | None = None) -> list[Input | Reject]:
    """Inputs of an in-memory file (tests, benchmarks): format from the name as on disk."""
    fmt = input_format(Path(path).name)
    if fmt is None:
        return [Reject(path, "unsupported_file_type", f"'{Path(path).suffix or 'no extension'}'")]
    kind, gz = fmt
    if gz:
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(raw)) as fh:
                raw = fh.read(-1 if limit is None or kind == "jsonl" else limit + 1)
        except (OSError, EOFError, zlib.error) as exc:
            return [Reject(path, "corrupt_archive", f"cannot decompress: {exc}")]
    if limit is not None and len(raw) > limit and kind != "jsonl":
        return [Reject(path, "too_large", f"{len(raw)} bytes, limit is {limit} (ingest.max_file_bytes)")]
    if kind != "jsonl":
        return [Input(path, raw, kind, Path(path).name)]
    out: list[Input | Reject] = []
    for lineno, line in enumerate(raw.split(b"\n"), start=1):
        line = line.strip()
        if not line:
            continue
        where = f"{path}#L{lineno}"
        if limit is not None and len(line) > limit:
            out.append(Reject(where, "too_large", f"line longer than {limit} bytes (ingest.max_file_bytes)"))
            continue
        try:
            record = json.loads(line)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            out.append(Reject(where, "invalid_json", str(exc)))
            continue
        if not isinstance(record, dict):
            out.append(Reject(where, "invalid_json", f"expected a JSON object, got {type(record).__name__}"))
            continue
        out.append(Input(where, line, "record", f"{Path(path).name}#L{lineno}", record))
    return out
