"""extract: articles -> raw mentions, figures, claims and cited outlets per article.

Each body is parsed once with spaCy and every extractor reads that Doc. Extraction is a pure
function of (article, model name), so the same code runs in-process, in a process pool or on
a Dask cluster (params: extract.backend, extract.workers, extract.batch_size).
"""
from __future__ import annotations

import argparse
import re
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict
from pathlib import Path

import pandas as pd
from spacy.tokens import Doc

from pipeline.config import ConfigError, ExtractParams, load_params
from pipeline.extractors.claims import claims_from_doc
from pipeline.extractors.figures import figures_from_doc
from pipeline.extractors.mentions import mentions_from_doc
from pipeline.extractors.outlets import cited_outlets_from_doc
from pipeline.io import cli_errors, read_parquet, write_csv, write_parquet
from pipeline.nlp import ModelError, load_model

MENTION_COLUMNS = ["source_id", "start", "end", "text", "label", "sentence_index", "roles"]
FIGURE_COLUMNS = ["source_id", "start", "end", "text", "value", "unit", "kind", "qualifier", "change",
                  "change_group", "measure", "period", "sentence_index"]
CLAIM_COLUMNS = ["source_id", "start", "end", "text", "kind", "cue", "speaker", "speaker_start",
                 "speaker_end", "via", "sentence_index"]
OUTLET_COLUMNS = ["source_id", "cited_outlets"]
ERROR_COLUMNS = ["source_id", "reason", "detail"]
TABLES = {"mentions": MENTION_COLUMNS, "figures": FIGURE_COLUMNS, "claims": CLAIM_COLUMNS,
          "outlets": OUTLET_COLUMNS, "errors": ERROR_COLUMNS}


def rows_from_doc(source_id: str, doc) -> dict[str, list[dict]]:
    """All extractor output for one parsed article, as plain rows."""
    claims = claims_from_doc(doc)
    out = {
        "mentions": [{"source_id": source_id, **asdict(m)} for m in mentions_from_doc(doc)],
        "figures": [{"source_id": source_id, **{k: v for k, v in asdict(f).items() if k in FIGURE_COLUMNS}}
                    for f in figures_from_doc(doc, source_id)],
        "claims": [{"source_id": source_id, **asdict(c)} for c in claims],
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
    doc = Doc.from_docs(docs, ensure_whitespace=False)
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
    for source_id, doc in parse_articles(nlp, parseable, parse_chunk_chars, batch_size):
        if isinstance(doc, Exception):
            fail(source_id, "parse_error", f"{type(doc).__name__}: {doc}")
            continue
        try:
            rows = rows_from_doc(source_id, doc)
        except Exception as exc:  # one odd article must not sink the corpus; it is reported
            fail(source_id, "extraction_error", f"{type(exc).__name__}: {exc}")
            continue
        for name, table_rows in rows.items():
            out[name].extend(table_rows)
    return out


def _batches(items: list, size: int) -> list[list]:
    return [items[i:i + size] for i in range(0, len(items), size)]


def _run_dask(batches: list, params: ExtractParams) -> list[dict]:
    from dask.distributed import Client, LocalCluster

    with LocalCluster(n_workers=params.workers, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        futures = client.map(extract_batch, batches, model=params.model, batch_size=params.batch_size,
                             parse_chunk_chars=params.parse_chunk_chars, max_body_chars=params.max_body_chars,
                             pure=False)
        return client.gather(futures)


def extract_articles(articles: pd.DataFrame, params: ExtractParams) -> dict[str, pd.DataFrame]:
    """Extraction tables for all articles, sorted so the output does not depend on the backend."""
    items = list(zip(articles["source_id"], articles["body"]))
    batches = _batches(items, params.batch_size)
    if params.backend == "serial" or len(batches) <= 1:
        results = [extract_batch(b, params.model, params.batch_size, params.parse_chunk_chars,
                                 params.max_body_chars) for b in batches]
    elif params.backend == "process":
        load_model(params.model)  # fail fast with a clear message before forking
        with ProcessPoolExecutor(max_workers=params.workers) as pool:
            n = len(batches)
            results = list(pool.map(extract_batch, batches, [params.model] * n, [params.batch_size] * n,
                                    [params.parse_chunk_chars] * n, [params.max_body_chars] * n))
    else:
        results = _run_dask(batches, params)
    tables = {}
    for name, columns in TABLES.items():
        rows = [row for result in results for row in result[name]]
        df = pd.DataFrame(rows, columns=columns)
        keys = ["source_id", "start", "end"] if "start" in columns else ["source_id"]
        tables[name] = df.sort_values(keys, kind="stable").reset_index(drop=True)
    return tables


@cli_errors("extract")
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", required=True, type=Path)
    ap.add_argument("--params", default="params.yaml")
    ap.add_argument("--out", required=True, type=Path, help="folder for mentions/figures/claims/outlets.parquet")
    ap.add_argument("--errors", required=True, type=Path, help="CSV of articles an extractor failed on")
    args = ap.parse_args(argv)
    try:
        params = load_params(args.params).extract
        tables = extract_articles(read_parquet(args.articles), params)
    except (ConfigError, ModelError) as exc:
        print(f"extract: {exc}", file=sys.stderr)
        return 2
    errors = tables.pop("errors")
    for name, df in tables.items():
        write_parquet(args.out / f"{name}.parquet", df)
    write_csv(args.errors, errors)
    print("extract: " + ", ".join(f"{len(df)} {name}" for name, df in tables.items()))
    if len(errors):
        print(f"extract: WARNING {len(errors)} article(s) could not be fully extracted; see {args.errors}",
              file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
