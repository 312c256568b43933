"""extract: articles -> raw mentions, figures, claims and cited outlets per article.

Each body is parsed once with spaCy and every extractor reads that Doc. Extraction is a pure
function of (article, model name), so the same code runs in-process, in a process pool or on
a Dask cluster (params: extract.backend, extract.workers, extract.batch_size,
extract.scheduler_address). The stage streams the articles one ingest partition at a time (or
extract.partition_size articles of a single file) and reuses per-article results from --cache
(pipeline/extract_cache.py) and whole unchanged partitions from the last run.
"""
from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import re
import shutil
import sys
from dataclasses import fields
from functools import lru_cache, partial
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from spacy.tokens import Doc

from pipeline.config import ConfigError, ExtractParams, load_params
from pipeline.extract_backends import BatchRunner, WorkerCodeMismatch
from pipeline.extract_cache import ExtractCache, article_key, encode_entry, extractor_version
from pipeline.extractors.claims import claims_from_doc
from pipeline.extractors.figures import figures_from_doc
from pipeline.extractors.mentions import mentions_from_doc
from pipeline.extractors.outlets import cited_outlets_from_doc
from pipeline.extractors.speakers import resolve_speakers
from pipeline.io import cli_errors, release_freed_memory, write_csv, write_json
from pipeline.nlp import ModelError, bound_lemma_cache, load_model, release_doc, transient_vocabulary
from pipeline.partitions import PartitionedOutput, count_rows, part_files, part_name, sort_keys, write_part
from pipeline.progress import article_progress

MENTION_COLUMNS = ["source_id", "start", "end", "text", "label", "sentence_index", "roles"]
FIGURE_COLUMNS = ["source_id", "start", "end", "text", "value", "unit", "kind", "unit_text", "low", "high",
                  "base_value", "base_unit", "qualifier", "change", "change_group", "measure", "period",
                  "sentence_index"]
CLAIM_COLUMNS = ["source_id", "start", "end", "text", "kind", "cue", "speaker", "speaker_start",
                 "speaker_end", "via", "sentence_index", "speaker_basis", "speaker_ref_start", "speaker_ref_end"]
OUTLET_COLUMNS = ["source_id", "cited_outlets"]
ERROR_COLUMNS = ["source_id", "reason", "detail"]
TABLES = {"mentions": MENTION_COLUMNS, "figures": FIGURE_COLUMNS, "claims": CLAIM_COLUMNS,
          "outlets": OUTLET_COLUMNS, "errors": ERROR_COLUMNS}


_FIGURE_FIELDS = frozenset(FIGURE_COLUMNS)


@lru_cache(maxsize=None)
def _field_names(cls) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


def _row(source_id: str, record, keep: frozenset[str] | None = None) -> dict:
    """source_id and the fields of an extractor's record (only `keep`, if given), in field order:
    what dataclasses.asdict gives for these flat records (their only containers are lists of
    strings, copied here too) without its recursive deep copy of every value."""
    row = {"source_id": source_id}
    for name in _field_names(type(record)):
        if keep is None or name in keep:
            value = getattr(record, name)
            row[name] = list(value) if isinstance(value, list) else value
    return row


def rows_from_doc(source_id: str, doc) -> dict[str, list[dict]]:
    """All extractor output for one parsed article, as plain rows."""
    mentions = mentions_from_doc(doc)
    claims = resolve_speakers(doc, claims_from_doc(doc), mentions)
    out = {
        "mentions": [_row(source_id, m) for m in mentions],
        "figures": [_row(source_id, f, _FIGURE_FIELDS) for f in figures_from_doc(doc, source_id)],
        "claims": [_row(source_id, c) for c in claims],
        "outlets": [{"source_id": source_id, "cited_outlets": cited_outlets_from_doc(doc, claims)}],
    }
    return out


def parse_chunks(body: str, max_chars: int) -> list[tuple[int, int]]:
    """Contiguous [start, end) slices covering `body`, each at most `max_chars` long, cut after
    a paragraph break, else after a sentence end, else after a space, else anywhere. spaCy's
    memory grows with the length of one text, so long bodies are parsed piece by piece."""
    spans, pos, n = [], 0, len(body)
    while n - pos > max_chars:
        window = body[pos:pos + max_chars]
        floor = max_chars // 4  # a cut too close to the start would make many tiny chunks
        cut = window.rfind("\n", floor) + 1
        if cut <= 0:
            ends = [m.end() for m in _SENTENCE_END.finditer(window, floor)]
            cut = ends[-1] if ends else 0
        if cut <= 0:
            cut = max(window.rfind(" ", floor), window.rfind("\t", floor)) + 1
        if cut <= 0:
            cut = max_chars
        spans.append((pos, pos + cut))
        pos += cut
    spans.append((pos, n))
    return spans


_SENTENCE_END = re.compile(r"[.!?][\"')\]]*\s+")


def _size_batches(texts: list[str], max_chars: int, batch_size: int) -> list[list[str]]:
    """Consecutive groups of at most batch_size texts and, unless one text alone is longer,
    at most max_chars characters: spaCy's working memory grows with the text in one batch."""
    groups, group, size = [], [], 0
    for text in texts:
        if group and (len(group) >= batch_size or size + len(text) > max_chars):
            groups.append(group)
            group, size = [], 0
        group.append(text)
        size += len(text)
    if group:
        groups.append(group)
    return groups


def _parse_one(nlp, body: str, max_chars: int) -> Doc:
    spans = parse_chunks(body, max_chars)
    if len(spans) == 1:
        return nlp(body)
    return _joined([nlp(body[s:e]) for s, e in spans], body)


def _joined(docs: list[Doc], body: str) -> Doc:
    # user_data holds only the chunks' own caches (their text, lines, token texts), which are
    # wrong for the joined Doc; the extractors rebuild them on it
    doc = Doc.from_docs(docs, ensure_whitespace=False, exclude=["user_data"])
    if doc.text != body:  # offsets index the body; a Doc that does not spell it is unusable
        raise ValueError("parse chunks do not rejoin to the body")
    return doc


def parse_articles(nlp, batch: list[tuple[str, str]], max_chars: int, batch_size: int):
    """(source_id, Doc or the exception that stopped its parse) per article, in order.

    The whole batch goes through one nlp.pipe for speed; if spaCy raises, the batch is parsed
    again article by article so only the article that caused it fails."""
    pieces = [(i, body[s:e]) for i, (_, body) in enumerate(batch) for s, e in parse_chunks(body, max_chars)]
    try:
        docs = [doc for group in _size_batches([text for _, text in pieces], max_chars, batch_size)
                for doc in nlp.pipe(group, batch_size=len(group))]
    except Exception:  # noqa: BLE001  (which article raised is unknown; find it below)
        docs = None
    if docs is not None:
        grouped: dict[int, list[Doc]] = {}
        for (i, _), doc in zip(pieces, docs):
            grouped.setdefault(i, []).append(doc)
        for i, (source_id, body) in enumerate(batch):
            try:
                parts = grouped[i]
                yield source_id, parts[0] if len(parts) == 1 else _joined(parts, body)
            except Exception as exc:  # noqa: BLE001
                yield source_id, exc
        return
    for source_id, body in batch:
        try:
            yield source_id, _parse_one(nlp, body, max_chars)
        except Exception as exc:  # noqa: BLE001  (reported as this article's error)
            yield source_id, exc


def extract_batch(batch: list[tuple[str, str]], model: str, batch_size: int = 16,
                  parse_chunk_chars: int = 100_000, max_body_chars: int = 2_000_000) -> dict[str, list[dict]]:
    """Extract a list of (source_id, body) with the named model; pure apart from the model cache.

    Bodies over max_body_chars are not parsed (reason too_large); an article whose parse or
    extraction fails gets an errors row and no other rows, and the rest of the batch goes on."""
    nlp = load_model(model)
    out: dict[str, list[dict]] = {name: [] for name in TABLES}

    def fail(source_id: str, reason: str, detail: str) -> None:
        out["errors"].append({"source_id": source_id, "reason": reason, "detail": detail[:500]})
        out["outlets"].append({"source_id": source_id, "cited_outlets": []})

    parseable = []
    for source_id, body in batch:
        if len(body) > max_body_chars:
            fail(source_id, "too_large", f"body has {len(body)} characters; extract.max_body_chars is {max_body_chars}")
        else:
            parseable.append((source_id, body))
    # after a warm-up, what the batch adds to the model's vocabulary is dropped when it ends
    with transient_vocabulary(nlp, len(parseable)):
        for source_id, doc in parse_articles(nlp, parseable, parse_chunk_chars, batch_size):
            if isinstance(doc, Exception):
                fail(source_id, "parse_error", f"{type(doc).__name__}: {doc}")
                continue
            try:
                rows = rows_from_doc(source_id, doc)
            except Exception as exc:  # one odd article must not sink the corpus; it is reported
                fail(source_id, "extraction_error", f"{type(exc).__name__}: {exc}")
                continue
            finally:
                release_doc(doc)
            for name, table_rows in rows.items():
                out[name].extend(table_rows)
    bound_lemma_cache(nlp)
    return out


def _batches(items: list, size: int) -> list[list]:
    return [items[i:i + size] for i in range(0, len(items), size)]


def _by_article(results: list[dict[str, list[dict]]]) -> dict[str, dict[str, list[dict]]]:
    """Batch results regrouped per source_id, as the cache stores them."""
    per: dict[str, dict[str, list[dict]]] = {}
    for result in results:
        for name in TABLES:
            for row in result[name]:
                per.setdefault(row["source_id"], {n: [] for n in TABLES})[name].append(row)
    return per


class ColumnRows:
    """The rows of one table, kept as one list per column while a partition is collected.

    A dict per row (its keys' hash table and entries) took several times the memory of the
    values it points to, and a partition's rows were all held until its table was built: the
    extract stage's peak. The table built from the columns equals the one built from the rows."""

    def __init__(self, columns: list[str]):
        self.columns = columns
        self.values: dict[str, list] = {c: [] for c in columns}
        self.n_rows = 0

    def extend(self, rows: list[dict]) -> None:
        for column, values in self.values.items():
            values.extend([row[column] for row in rows])
        self.n_rows += len(rows)

    def frame(self) -> pd.DataFrame:
        """What pd.DataFrame(rows, columns=columns) gives for the rows added."""
        if not self.n_rows:  # pandas types the empty lists of a dict as float64, rows as object
            return pd.DataFrame([], columns=self.columns)
        return pd.DataFrame(self.values, columns=self.columns)


class _Partition:
    """A partition whose uncached articles have been handed to the backend (pools and
    clusters start on them at once) and whose results have not been collected yet."""

    def __init__(self, articles: pd.DataFrame, params: ExtractParams, runner: BatchRunner,
                 cache: ExtractCache | None, progress):
        self.cache, self.progress = cache, progress
        self.items = list(zip(articles["source_id"], articles["body"]))
        self.keys = [article_key(sid, body) for sid, body in self.items] if cache is not None else []
        self.cached = cache.get_many(self.keys) if cache is not None else {}
        todo = [item for i, item in enumerate(self.items) if not self.keys or self.keys[i] not in self.cached]
        self.n_todo = len(todo)
        if progress is not None:
            progress.update(len(self.items) - len(todo))
        self.pending = runner.run(_batches(todo, params.batch_size))

    def collect(self) -> dict[str, pd.DataFrame]:
        """Extraction tables of the partition, sorted so the output depends neither on the
        backend nor on the cache; fresh rows go into the cache. Each batch's rows are encoded
        for the cache and moved into columns as it arrives, so no more than one batch's row
        dicts are alive at a time."""
        key_of = dict(zip((sid for sid, _ in self.items), self.keys)) if self.cache is not None else {}
        encoded: list[tuple[str, bytes]] = []
        tables = {name: ColumnRows(columns) for name, columns in TABLES.items()}
        for result in self.pending:
            if self.cache is not None:
                # an article an extractor failed on is not cached: it is retried on the next run
                encoded += [(key_of[sid], encode_entry(rows)) for sid, rows in _by_article([result]).items()
                            if not rows["errors"]]
            for name, table in tables.items():
                table.extend(result[name])
            if self.progress is not None:
                self.progress.update(len(result["outlets"]))  # one outlets row per article
            del result
        if self.cache is not None and self.n_todo:
            self.cache.put_encoded(encoded)
        for result in self.cached.values():
            for name, table in tables.items():
                table.extend(result[name])
        self.cached = {}
        frames = {}
        for name, columns in TABLES.items():
            df = tables.pop(name).frame()
            frames[name] = df.sort_values(sort_keys(columns), kind="stable").reset_index(drop=True)
        return frames


def batch_function(params: ExtractParams):
    """extract_batch with the size limits of params bound, as the backends call it:
    fn(batch, model, batch_size)."""
    return partial(extract_batch, parse_chunk_chars=params.parse_chunk_chars, max_body_chars=params.max_body_chars)


def extract_partition(articles: pd.DataFrame, params: ExtractParams, runner: BatchRunner,
                      cache: ExtractCache | None = None, progress=None) -> dict[str, pd.DataFrame]:
    """Extraction tables of some articles: cached rows where the cache has them, the backend
    for the rest."""
    return _Partition(articles, params, runner, cache, progress).collect()


def extract_articles(articles: pd.DataFrame, params: ExtractParams,
                     cache: ExtractCache | None = None) -> dict[str, pd.DataFrame]:
    """Extraction tables for all articles, in memory (held-out scoring, tests)."""
    with BatchRunner(params, batch_function(params)) as runner:
        return extract_partition(articles, params, runner, cache)


PARTS_INDEX = "_partitions.json"


def _input_units(articles_path: Path, size: int):
    """(input hash or None, loader of the partition's source_id and body) per unit of work: each
    partition file of a partitioned articles folder (its bytes' SHA-256 identifies it), or
    batches of `size` articles of a single Parquet file."""
    files = part_files(articles_path)
    if Path(articles_path).is_dir():
        for f in files:
            data = f.read_bytes()
            yield hashlib.sha256(data).hexdigest(), \
                (lambda data=data: pq.read_table(pa.BufferReader(data), columns=["source_id", "body"]).to_pandas())
        return
    for batch in pq.ParquetFile(files[0]).iter_batches(batch_size=size, columns=["source_id", "body"]):
        yield None, batch.to_pandas


def _previous_parts(out: Path, version: str) -> dict[str, dict]:
    """Partitions of the last run made under this extractor version without errors, by input hash."""
    try:
        index = json.loads((Path(out) / PARTS_INDEX).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(index, dict) or index.get("version") != version:
        return {}
    return {p["input"]: p for p in index.get("parts", []) if p.get("input") and not p.get("errors")}


def _link_part(old: Path, new: Path, part: dict, index: int) -> bool:
    """The last run's output of an unchanged input partition, linked under its new index."""
    names = [(old / name / part_name(part["index"]), new / name / part_name(index)) for name in TABLES
             if name != "errors"]
    if not all(src.is_file() for src, _ in names):
        return False
    for src, dst in names:
        dst.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)
    return True


def extract_to_folder(articles_path: Path, out: Path, params: ExtractParams,
                      cache_dir: Path | None = None) -> tuple[dict[str, int], pd.DataFrame, ExtractCache | None]:
    """Extract the articles partition by partition into out/<table>/part-*.parquet: each partition
    of a partitioned articles folder (or extract.partition_size articles of a single file).
    With a cache, a partition whose input bytes are unchanged since the last run is reused as is
    (hard-linked) and the others take cached rows per article. Returns the row count per table,
    the extraction errors and the cache used (closed)."""
    counts = {name: 0 for name in TABLES if name != "errors"}
    errors = []
    cache = ExtractCache(cache_dir, extractor_version(params)) if cache_dir is not None else None
    previous = _previous_parts(out, cache.version) if cache is not None else {}
    parts: list[dict] = []
    with contextlib.ExitStack() as stack:
        if cache is not None:
            stack.enter_context(cache)
        runner = stack.enter_context(BatchRunner(params, batch_function(params)))
        progress = stack.enter_context(article_progress(count_rows(articles_path), "extract"))
        folder = stack.enter_context(PartitionedOutput(out))

        def write(index: int, input_hash: str | None, partition: _Partition) -> None:
            tables = partition.collect()
            part_errors = tables.pop("errors")
            errors.append(part_errors)
            for name, df in tables.items():
                write_part(folder, name, index, df)
                counts[name] += len(df)
            parts.append({"index": index, "input": input_hash, "keys": partition.keys, "errors": len(part_errors),
                          "rows": {name: len(df) for name, df in tables.items()}})
            del tables, partition
            release_freed_memory()

        index, pending = -1, None
        for index, (input_hash, load) in enumerate(_input_units(articles_path, params.partition_size)):
            old = previous.get(input_hash)
            if old is not None and _link_part(Path(out), folder, old, index):
                cache.mark_seen(old["keys"])
                cache.hits += len(old["keys"])
                progress.update(len(old["keys"]))
                for name, n in old["rows"].items():
                    counts[name] += n
                parts.append({**old, "index": index})
                continue
            # hand the next partition to the workers before collecting this one, so they do
            # not idle while the parent caches and writes
            current = (index, input_hash, _Partition(load(), params, runner, cache, progress))
            if pending is not None:
                write(*pending)
            pending = current
        if pending is not None:
            write(*pending)
        if index < 0:  # no articles: one empty partition keeps the tables readable
            for name, columns in TABLES.items():
                if name != "errors":
                    write_part(folder, name, 0, pd.DataFrame(columns=columns))
        if cache is not None:
            parts.sort(key=lambda p: p["index"])
            write_json(folder / PARTS_INDEX, {"version": cache.version, "parts": parts})
            cache.prune()
    all_errors = pd.concat(errors, ignore_index=True) if errors else pd.DataFrame(columns=ERROR_COLUMNS)
    return counts, all_errors.sort_values("source_id", kind="stable").reset_index(drop=True), cache


@cli_errors("extract")
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", required=True, type=Path,
                    help="articles: the ingest stage's folder of part-*.parquet, or one Parquet file")
    ap.add_argument("--params", default="params.yaml")
    ap.add_argument("--out", required=True, type=Path,
                    help="folder for mentions/figures/claims/outlets, each a folder of part-*.parquet")
    ap.add_argument("--errors", required=True, type=Path, help="CSV of articles an extractor failed on")
    ap.add_argument("--cache", type=Path, default=None,
                    help="folder of per-article results kept between runs (omit for a cold run)")
    args = ap.parse_args(argv)
    try:
        params = load_params(args.params).extract
        counts, errors, cache = extract_to_folder(args.articles, args.out, params, args.cache)
    except (ConfigError, ModelError, WorkerCodeMismatch) as exc:
        print(f"extract: {exc}", file=sys.stderr)
        return 2
    write_csv(args.errors, errors)
    print("extract: " + ", ".join(f"{n} {name}" for name, n in counts.items()))
    if cache is not None:
        print(f"extract: {cache.misses} article(s) parsed, {cache.hits} from the cache")
    if len(errors):
        print(f"extract: WARNING {len(errors)} article(s) could not be fully extracted; see {args.errors}",
              file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
