"""extract: articles -> raw mentions, figures, claims and cited outlets per article.

Each body is parsed once with spaCy and every extractor reads that Doc. Extraction is a pure
function of (article, model name), so the same code runs in-process, in a process pool or on
a Dask cluster (params: extract.backend, extract.workers, extract.batch_size).
"""
from __future__ import annotations

import argparse
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict
from pathlib import Path

import pandas as pd

from pipeline.config import ConfigError, ExtractParams, load_params
from pipeline.extractors.claims import claims_from_doc
from pipeline.extractors.figures import figures_from_doc
from pipeline.extractors.mentions import mentions_from_doc
from pipeline.extractors.outlets import cited_outlets_from_doc
from pipeline.io import cli_errors, read_parquet, write_csv, write_parquet
from pipeline.nlp import ModelError, load_model

MENTION_COLUMNS = ["source_id", "start", "end", "text", "label", "sentence_index", "roles"]
FIGURE_COLUMNS = ["source_id", "start", "end", "text", "value", "unit", "kind", "unit_text", "low", "high",
                  "base_value", "base_unit", "qualifier", "change", "change_group", "measure", "period",
                  "sentence_index"]
CLAIM_COLUMNS = ["source_id", "start", "end", "text", "kind", "cue", "speaker", "speaker_start",
                 "speaker_end", "via", "sentence_index"]
OUTLET_COLUMNS = ["source_id", "cited_outlets"]
ERROR_COLUMNS = ["source_id", "error"]
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


def extract_batch(batch: list[tuple[str, str]], model: str, batch_size: int = 16) -> dict[str, list[dict]]:
    """Extract a list of (source_id, body) with the named model; pure apart from the model cache."""
    nlp = load_model(model)
    out: dict[str, list[dict]] = {name: [] for name in TABLES}
    bodies = (body for _, body in batch)
    for (source_id, _), doc in zip(batch, nlp.pipe(bodies, batch_size=batch_size)):
        try:
            rows = rows_from_doc(source_id, doc)
        except Exception as exc:  # one odd article must not sink the corpus; it is reported
            out["errors"].append({"source_id": source_id, "error": f"{type(exc).__name__}: {exc}"})
            out["outlets"].append({"source_id": source_id, "cited_outlets": []})
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
        futures = client.map(extract_batch, batches, model=params.model, batch_size=params.batch_size, pure=False)
        return client.gather(futures)


def extract_articles(articles: pd.DataFrame, params: ExtractParams) -> dict[str, pd.DataFrame]:
    """Extraction tables for all articles, sorted so the output does not depend on the backend."""
    items = list(zip(articles["source_id"], articles["body"]))
    batches = _batches(items, params.batch_size)
    if params.backend == "serial" or len(batches) <= 1:
        results = [extract_batch(b, params.model, params.batch_size) for b in batches]
    elif params.backend == "process":
        load_model(params.model)  # fail fast with a clear message before forking
        with ProcessPoolExecutor(max_workers=params.workers) as pool:
            results = list(pool.map(extract_batch, batches, [params.model] * len(batches),
                                    [params.batch_size] * len(batches)))
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
