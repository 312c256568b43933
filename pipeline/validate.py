"""validate: resolved tables -> validated tables, quarantine report and validation.json.

One bad article must not hold back a release. Checks run in two passes:

1. Row-level and article-level checks (pandera row checks, the row expectations of the Great
   Expectations suites, offsets within the body, the per-article share of percent figures in
   range, and extraction errors) name the articles they fail on. Those articles are
   quarantined: their rows go to data/reports/quarantine.csv and leave the release, and the
   article keeps its `sources` row with status `quarantined`.
2. The released tables are checked again as a whole. Anything that still fails is a
   dataset-level problem (a missing column, a broken reference, an empty table, too few
   speakers, too many quarantined articles) and fails the build.

Writes deterministic outputs (no run ids or timestamps); validation.json records the SHA-256
of every validated table so `publish` refuses tables that changed after validation.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

from pipeline.config import ConfigError, ValidateParams, load_params
from pipeline.io import (cli_errors, read_csv, read_parquet, release_freed_memory, write_csv, write_json,
                         write_parquet)
from schemas.derive import expectation_suite, import_gx
from pipeline.figure_groups import regroup
from pipeline.validate_cache import (COUNTS_KEY, Units, ValidateCache, carried_hashes, has_duplicates, is_in,
                                     params_version,
                                     unique_columns)
from schemas.tables import (FOREIGN_KEYS, MAY_BE_EMPTY, QUARANTINE_COLUMNS, REPORTS, SOURCE_STATUSES, TABLES, column_names,
                            cross_table_failures, offset_failures, text_mismatches)

CONTENT_TABLES = ("mentions", "figures", "claims")


# ---------------------------------------------------------------- row-level findings

def _finding(table: str, row: int, check: str, value, detail: str = "") -> dict:
    return {"table": table, "row": int(row), "check": check, "value": "" if value is None else str(value)[:200],
            "detail": detail}


def pandera_findings(table: str, df: pd.DataFrame) -> tuple[list[dict], list[dict]]:
    """(row findings, table-level failures) of one table's pandera contract."""
    try:
        TABLES[table].validate(df, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        rows, whole = [], []
        has_row = cases["index"].notna() if "index" in cases else pd.Series(False, index=cases.index)
        for case in cases[has_row].itertuples():
            rows.append(_finding(table, case.index, f"{case.column}: {case.check}", case.failure_case))
        for (column, check), group in cases[~has_row].groupby(["column", "check"], dropna=False, sort=True):
            whole.append({"table": table, "column": None if pd.isna(column) else str(column), "check": str(check),
                          "n_failures": int(len(group)),
                          "examples": sorted({str(v) for v in group["failure_case"]})[:5]})
        return rows, whole
    except (pa.errors.SchemaError, TypeError, ValueError) as exc:
        # a table too malformed to check column by column still gets a readable failure
        return [], [{"table": table, "column": None, "check": "schema", "n_failures": 1, "examples": [str(exc)[:200]]}]
    return [], []


def _gx_frame(df: pd.DataFrame) -> pd.DataFrame:
    # GE cannot hash list cells; list columns are checked by pandera, so pass them as text
    frame = df.reset_index(drop=True)  # copy-on-write: replacing a column leaves `df` as it was
    for col in frame.columns:
        if frame[col].dtype != object:
            continue  # numbers, booleans and pandas strings hold no lists
        if frame[col].map(lambda v: hasattr(v, "__len__") and not isinstance(v, str)).any():
            frame[col] = frame[col].map(lambda v: None if v is None else str(list(v)))
    return frame


def gx_results(tables: dict[str, pd.DataFrame], params: ValidateParams):
    """Great Expectations results per table, with the index of every unexpected row."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    gx = import_gx()
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)  # keep CI logs readable
    out = {}
    for table, df in tables.items():
        # a data source per table, deleted once checked: the context keeps every frame its data
        # sources were given (a whole corpus more memory by the last table); the context itself
        # outlives this call (Great Expectations keeps the last one as its project)
        source = context.data_sources.add_pandas("newsclaims")
        batch_def = source.add_dataframe_asset(table).add_batch_definition_whole_dataframe("all")
        suite = context.suites.add(expectation_suite(table, (params.percent_min, params.percent_max),
                                                     params.percent_mostly, params.speaker_nonnull_min))
        batch = batch_def.get_batch(batch_parameters={"dataframe": _gx_frame(df)})
        out[table] = batch.validate(suite, result_format="COMPLETE").results
        del batch, batch_def, source
        context.data_sources.delete("newsclaims")
        release_freed_memory(collect=False)
    return out


def _row_condition(cfg) -> str | None:
    cond = cfg.kwargs.get("row_condition")
    if isinstance(cond, dict):
        cond = cond.get("pass_through_filter")
    return cond or None


def gx_findings(table: str, df: pd.DataFrame, results, owners: pd.Series) -> list[dict]:
    """Row findings of the row expectations (those that name unexpected rows).

    An expectation with `mostly` below 1 is applied per article: an article fails when less
    than `mostly` of its rows in scope pass (one hyperinflation figure among many is real; an
    article of 1,700 impossible percentages is not)."""
    frame = df.reset_index(drop=True)
    out = []
    for r in results:
        bad = r.result.get("unexpected_index_list")
        if not bad:
            continue
        cfg = r.expectation_config
        column = cfg.kwargs.get("column") or f"{cfg.kwargs.get('column_A')}/{cfg.kwargs.get('column_B')}"
        bad = [int(i) for i in bad]
        mostly = cfg.kwargs.get("mostly")
        if mostly is not None and mostly < 1:
            cond = _row_condition(cfg)
            scope = frame.query(cond, engine="python") if cond else frame
            in_scope = owners.reindex(scope.index).value_counts()
            failing = owners.reindex(bad).value_counts()
            allowed = {o for o, n in failing.items() if n <= (1 - mostly) * in_scope.get(o, 0)}
            share = {o: f"{n} of {in_scope.get(o, 0)} rows in scope fail; mostly={mostly}" for o, n in failing.items()}
            bad = [i for i in bad if owners.get(i) not in allowed]
        else:
            share = {}
        values = frame[cfg.kwargs["column"]] if "column" in cfg.kwargs else None
        for i in bad:
            value = values.iloc[i] if values is not None else frame.iloc[i][cfg.kwargs.get("column_A")]
            out.append(_finding(table, i, f"{column}: {cfg.type}", value, share.get(owners.get(i), "")))
    return out


def row_owners(tables: dict[str, pd.DataFrame], entities: bool = True) -> dict[str, pd.Series]:
    """The article(s) each row of each table belongs to, as a Series of source_id per row
    position; an entity belongs to every article that mentions it (a list; left out unless
    `entities`)."""
    owners = {t: df["source_id"].reset_index(drop=True) for t, df in tables.items() if "source_id" in df}
    if entities and "entities" in tables:
        pairs = tables["mentions"][["entity_id", "source_id"]].drop_duplicates().sort_values(["entity_id", "source_id"])
        by_entity = pairs.groupby("entity_id")["source_id"].agg(list)  # the sorted articles of each entity
        owners["entities"] = tables["entities"]["entity_id"].reset_index(drop=True).map(by_entity)
    return owners


def row_findings(tables: dict[str, pd.DataFrame], gx: dict) -> list[dict]:
    """Every row-level failure of the tables (pandera rows, GE row expectations, offsets, text),
    with its row position in its table."""
    owners = row_owners(tables, entities=False)
    findings = []
    for table, df in tables.items():
        rows, _ = pandera_findings(table, df)
        findings += rows
    for table, df in tables.items():
        if table in gx and (table in owners or table == "entities"):
            # an entity belongs to several articles: no single owner to apply `mostly` per article
            single = owners[table].map(lambda v: v if isinstance(v, str) else None) if table in owners \
                else pd.Series([None] * len(df), dtype=object)
            findings += gx_findings(table, df, gx[table], single)
    for table, rows in offset_failures(tables).items():
        df = tables[table].reset_index(drop=True)
        for i in rows:
            findings.append(_finding(table, i, "start/end: 0 <= start < end <= body_chars",
                                     f"{df.loc[i, 'start']}-{df.loc[i, 'end']}"))
    for table, rows in text_mismatches(tables).items():
        df = tables[table].reset_index(drop=True)
        for i in rows:
            findings.append(_finding(table, i, "text: text == texts.body[start:end]", df.loc[i, "text"]))
    return findings


def quarantine_rows(tables: dict[str, pd.DataFrame], extract_errors: pd.DataFrame, gx: dict) -> pd.DataFrame:
    """quarantine.csv rows: every row-level failure, attributed to its article."""
    return quarantine_from_findings(tables, row_findings(tables, gx), extract_errors)


def quarantine_from_findings(tables: dict[str, pd.DataFrame], findings: list[dict],
                             extract_errors: pd.DataFrame) -> pd.DataFrame:
    owners = row_owners(tables, entities=any(f["table"] == "entities" for f in findings))
    out = []
    for f in findings:
        owner = owners.get(f["table"], pd.Series(dtype=object)).get(f["row"])
        ids = owner if isinstance(owner, list) else [owner]
        df = tables[f["table"]]
        row_id = str(df.iloc[f["row"]][df.columns[0]]) if len(df.columns) else ""
        detail = f"row {row_id}" + (f"; {f['detail']}" if f["detail"] else "")
        for sid in ids:
            if isinstance(sid, str):
                out.append({"source_id": sid, "table": f["table"], "check": f["check"], "value": f["value"],
                            "detail": detail})
    for e in extract_errors.itertuples():
        out.append({"source_id": e.source_id, "table": "articles", "check": str(e.reason), "value": "",
                    "detail": str(e.detail)})
    q = pd.DataFrame(out, columns=QUARANTINE_COLUMNS).astype(str).drop_duplicates()
    q = q.sort_values(QUARANTINE_COLUMNS, kind="stable").reset_index(drop=True)
    return REPORTS["quarantine"].validate(q)


# ---------------------------------------------------------------- checks by unit, cached

# Expectations on a table as a whole; every other expectation of the suites judges rows one by
# one (uniqueness is checked over the whole column apart).
DATASET_EXPECTATIONS = frozenset({"expect_table_row_count_to_be_between", "expect_table_columns_to_match_ordered_list",
                                  "expect_column_proportion_of_non_null_values_to_be_between",
                                  "expect_column_values_to_be_unique"})


def expectation_key(cfg) -> str:
    kwargs = {k: v for k, v in cfg.kwargs.items() if k not in ("result_format", "catch_exceptions")}
    return json.dumps({"type": cfg.type, **kwargs}, sort_keys=True, default=str)


def check_units(sub: dict[str, pd.DataFrame], origin: dict[str, tuple], params: ValidateParams) -> tuple[dict, dict]:
    """({unit: result}, {table: number of expectations}) of the rows of some units checked
    together (`origin`: per table, the unit and the position within it of each row, as two
    arrays; see Units.subset). A result holds the unit's row findings (row = position within
    the unit) and, per row expectation, its unexpected rows and the rows it considered, so the
    checks of the release as a whole can be summed from units."""
    units = np.unique(np.concatenate([labels for labels, _ in origin.values()])).tolist() if origin else []
    # a unit gets its own result once something is found in it; the others share one empty result
    results = defaultdict(lambda: {"findings": [], "unexpected": {}, "considered": {}, "texts": [0, 0]})
    present = {t: df for t, df in sub.items() if len(df)}
    gx = gx_results(present, params) if present else {}
    counts = {t: len(r) for t, r in gx.items()}
    for f in row_findings(sub, gx):
        labels, local = origin[f["table"]]
        results[int(labels[f["row"]])]["findings"].append([f["table"], int(local[f["row"]]), f["check"], f["value"],
                                                           f["detail"]])
    for table, table_results in gx.items():
        frame = sub[table]
        unit_of = origin[table][0]
        for r in table_results:
            cfg = r.expectation_config
            if cfg.type in DATASET_EXPECTATIONS:
                continue
            key = f"{table}\x1f{expectation_key(cfg)}"
            for i in r.result.get("unexpected_index_list") or []:
                unit = int(unit_of[int(i)])
                results[unit]["unexpected"][key] = results[unit]["unexpected"].get(key, 0) + 1
            mostly = cfg.kwargs.get("mostly")
            if mostly is not None and mostly < 1:
                cond = _row_condition(cfg)
                scope = frame.query(cond, engine="python") if cond else frame
                considered = scope[cfg.kwargs["column"]].notna()
                for unit, n in pd.Series(unit_of[scope.index[considered.to_numpy()]].tolist(),
                                         dtype=object).value_counts().items():
                    results[unit]["considered"][key] = int(n)
    # texts of the sources of each unit: missing, or not as long as body_chars says
    if "sources" in sub and "texts" in sub:
        bodies = dict(zip(sub["texts"]["source_id"], sub["texts"]["body"]))
        for unit, sid, chars in zip(origin["sources"][0].tolist(), sub["sources"]["source_id"],
                                    sub["sources"]["body_chars"]):
            if sid not in bodies:
                results[unit]["texts"][0] += 1
            elif len(bodies[sid]) != chars:
                results[unit]["texts"][1] += 1
    nothing = {"findings": [], "unexpected": {}, "considered": {}, "texts": [0, 0]}
    return {u: results.get(u, nothing) for u in units}, counts


def cached_unit_results(tables: dict[str, pd.DataFrame], params: ValidateParams, cache: ValidateCache,
                        hashes: dict[str, np.ndarray] | None = None):
    """(Units of the tables, {unit: result}) with results read from `cache` where a unit's rows
    are unchanged and the rest checked in one go; None when the tables cannot be cut into
    independent units (a malformed table, a duplicate ID across units). `hashes`: row hashes
    already known (see Units)."""
    try:
        units = Units(tables, params_version(params), hashes)
    except KeyError:
        return None
    release_freed_memory(collect=False)  # hashing the rows leaves many small freed strings behind
    if units.duplicates_span_units(tables):
        return None
    out, todo = {}, set()
    for unit, digest in units.digests.items():
        hit = cache.get(digest)
        if hit is not None:
            out[unit] = hit
        else:
            todo.add(unit)
    if todo:
        sub, origin = units.subset(tables, todo)
        computed, counts = check_units(sub, origin, params)
        del sub, origin
        for unit, result in computed.items():
            out[unit] = cache.put(units.digests[unit], result)  # the cache's copy, shared by like units
        del computed
        known = cache.get(COUNTS_KEY) or {}
        cache.put(COUNTS_KEY, {**known, **counts})
    return units, out


def cached_row_findings(tables: dict[str, pd.DataFrame], params: ValidateParams, cache: ValidateCache):
    """(row_findings of the tables from their units (see cached_unit_results), positions in the
    whole tables; the Units); None when the tables cannot be checked by unit."""
    done = cached_unit_results(tables, params, cache)
    if done is None:
        return None
    units, results = done
    findings, positions = [], {}
    for unit in sorted(results):
        for table, local, check, value, detail in results[unit]["findings"]:
            if table not in positions:
                positions[table] = units.global_rows(table)
            findings.append({"table": table, "row": positions[table][(unit, local)], "check": check,
                             "value": value, "detail": detail})
    return findings, units


def expectation_counts(params: ValidateParams, cache: ValidateCache) -> dict[str, int]:
    """Number of expectations of each table's suite (kept in the cache: building the suites
    imports Great Expectations)."""
    known = cache.get(COUNTS_KEY) or {}
    if set(known) >= set(TABLES):
        return {t: known[t] for t in TABLES}
    counts = {t: len(expectation_suite(t, (params.percent_min, params.percent_max), params.percent_mostly,
                                       params.speaker_nonnull_min).expectations) for t in TABLES}
    cache.put(COUNTS_KEY, counts)
    return counts


def release_passes(released: dict[str, pd.DataFrame], params: ValidateParams, cache: ValidateCache,
                   hashes: dict[str, np.ndarray] | None = None):
    """The dataset failures of the release (as dataset_failures) when every check passes, read
    from its units and a few whole-column checks; None when any might fail, so that the caller
    runs the full checks and reports exactly what failed. `hashes`: the released rows' hashes
    where known (see carried_hashes)."""
    done = cached_unit_results(released, params, cache, hashes)
    if done is None:
        return None
    _, results = done
    del done
    release_freed_memory(collect=False)  # the units' digests and row positions
    unexpected, considered = {}, {}
    for result in results.values():
        if result["findings"] or any(result["texts"]):
            return None
        for key, n in result["unexpected"].items():
            unexpected[key] = unexpected.get(key, 0) + n
        for key, n in result["considered"].items():
            considered[key] = considered.get(key, 0) + n
    for key, n in unexpected.items():
        mostly = json.loads(key.split("\x1f", 1)[1]).get("mostly")
        if mostly is None or mostly >= 1 or key not in considered:
            return None
        total = float(considered[key])
        if (total - n) / total < mostly:  # Great Expectations' `mostly` rule
            return None
    for table, df in released.items():
        if list(df.columns) != list(column_names(table)) or (not len(df) and table not in MAY_BE_EMPTY):
            return None
        for col in unique_columns(table):
            if has_duplicates(df[col]):
                return None
        try:
            TABLES[table].validate(df.head(0), lazy=True)  # column types and order
        except (pa.errors.SchemaErrors, pa.errors.SchemaError, TypeError, ValueError):
            return None
    claims = released["claims"]
    if len(claims) and claims["speaker"].notna().mean() < params.speaker_nonnull_min + 1e-9:
        return None
    for (table, column), (ref_table, ref_column) in FOREIGN_KEYS.items():
        if not is_in(released[table][column].dropna(), released[ref_table][ref_column]).all():
            return None  # a broken reference (cross_table_failures names it)
    # offsets need no whole-table pass: they are row checks, and every unit's rows passed them
    return {"pandera": [], "cross_table": [], "great_expectations": [],
            "expectations_per_table": expectation_counts(params, cache)}


# ---------------------------------------------------------------- the release

def release_tables(tables: dict[str, pd.DataFrame], quarantined: set[str], invalid_sources: set[str],
                   consume: bool = False, on_table=None) -> dict[str, pd.DataFrame]:
    """The tables without the quarantined articles' rows; counts that span articles
    (entity mentions and sources, claim cluster sizes) are recounted over what remains.
    A sources row that fails its own checks cannot be published and leaves too.

    The release is built table by table. With `consume`, each checked table leaves `tables` as
    soon as its released table is made, so the checked and the released corpus never coexist
    whole, and a table that only loses rows is taken column by column, each checked column
    freed once its kept rows are copied. `on_table(name, base, released, rows)` sees each table
    before that: `base` holds the checked table's rows `rows` (None: all of them) cell for cell,
    and `released` is made from `base`."""
    out = {}

    def made(name: str, released: pd.DataFrame, base: pd.DataFrame | None = None,
             rows: np.ndarray | None = None) -> None:
        if on_table is not None:
            on_table(name, tables[name] if base is None else base, released, rows)
        out[name] = released
        if consume:
            tables.pop(name, None)
            release_freed_memory(collect=False)  # glibc keeps the freed table otherwise

    def kept(name: str, keep: np.ndarray) -> tuple[pd.DataFrame, np.ndarray | None]:
        """(the checked table's rows `keep`, their positions in it; None: every row)."""
        df = tables[name]
        if keep.all():  # the table itself (no copy under copy-on-write)
            return df.reset_index(drop=True), None
        if not consume:
            return df[keep].reset_index(drop=True), np.flatnonzero(keep)
        # column by column: the checked table and its copy never coexist whole (the caller's
        # frame is left as it was: only a shallow copy loses its columns)
        checked = tables.pop(name).copy(deep=False)
        columns = {}
        for col in list(checked.columns):
            columns[col] = checked[col][keep].reset_index(drop=True)
            del checked[col]
        return pd.DataFrame(columns), np.flatnonzero(keep)

    sources = tables["sources"][~tables["sources"]["source_id"].isin(invalid_sources)].copy()
    sources["status"] = [SOURCE_STATUSES[1] if s in quarantined else SOURCE_STATUSES[0]
                         for s in sources["source_id"]]
    made("sources", sources.reset_index(drop=True))
    # every published source keeps its body (a quarantined one too: its sources row is published)
    texts, rows = kept("texts", is_in(tables["texts"]["source_id"], out["sources"]["source_id"]))
    made("texts", texts, texts, rows)
    del texts
    base, rows = kept("claims", ~tables["claims"]["source_id"].isin(quarantined).to_numpy())
    claims = base
    if quarantined and len(claims):
        claims = claims.copy(deep=False)  # `base` keeps the counts it had
        claims["cluster_id"], claims["n_sources"] = recounted_clusters(claims)
    made("claims", claims, base, rows)
    del claims, base
    base, rows = kept("figures", ~tables["figures"]["source_id"].isin(quarantined).to_numpy())
    figures, groups = regroup(base, tables["figure_groups"])
    made("figures", figures, base, rows)
    made("figure_groups", groups)
    del figures, groups, base
    in_quarantined = tables["mentions"]["source_id"].isin(quarantined).to_numpy()
    touched = set(tables["mentions"].loc[in_quarantined, "entity_id"]) if quarantined else set()
    mentions, rows = kept("mentions", ~in_quarantined)
    del in_quarantined
    made("mentions", mentions, mentions, rows)
    entities = tables["entities"]
    if quarantined:
        entities = entities[is_in(entities["entity_id"], mentions["entity_id"])].copy()
        counts = mentions.groupby("entity_id").agg(n_mentions=("source_id", "size"), n_sources=("source_id", "nunique"))
        entities["n_mentions"] = entities["entity_id"].map(counts["n_mentions"]).astype(int)
        entities["n_sources"] = entities["entity_id"].map(counts["n_sources"]).astype(int)
        # aliases seen only in quarantined articles leave with them
        texts = mentions[mentions["entity_id"].isin(touched)].groupby("entity_id")["text"].agg(set)
        entities["aliases"] = [sorted(a for a in aliases if a in texts.get(eid, set())) if eid in touched
                               else aliases for eid, aliases in zip(entities["entity_id"], entities["aliases"])]
    made("entities", entities.reset_index(drop=True))
    return {t: out[t] for t in TABLES}


def recounted_clusters(claims: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """(cluster_id, n_sources) of the claims once some have left: a cluster is named by its
    smallest claim_id left and counts the distinct sources left in it. On integer codes (a
    groupby over the text columns builds some 30 MB more on the whole corpus); a null ID falls
    back to the groupby, which leaves such a row out of every cluster."""
    ids, clusters, sources = claims["claim_id"], claims["cluster_id"], claims["source_id"]
    if ids.isna().any() or clusters.isna().any() or sources.isna().any():
        first = claims.groupby("cluster_id")["claim_id"].transform("min")
        return first, claims.assign(cluster_id=first).groupby("cluster_id")["source_id"].transform("nunique").astype(int)
    cluster = pd.factorize(clusters)[0]
    claim_rank, sorted_ids = pd.factorize(ids, sort=True)  # ranks in the order `min` compares them
    smallest = np.full(cluster.max() + 1, len(sorted_ids), dtype=np.int64)
    np.minimum.at(smallest, cluster, claim_rank)
    named = smallest[cluster]  # each claim's new cluster, as the rank of the claim_id naming it
    source = pd.factorize(sources)[0].astype(np.int64)
    pairs = np.unique(named * (source.max() + 1) + source)  # distinct (cluster, source)
    n_sources = np.bincount(pairs // (source.max() + 1), minlength=len(sorted_ids))[named]
    return (pd.Series(sorted_ids.take(named), index=claims.index, dtype=ids.dtype, name="cluster_id"),
            pd.Series(n_sources.astype(np.int64), index=claims.index, name="n_sources"))


def dataset_failures(tables: dict[str, pd.DataFrame], gx_by_table: dict) -> dict:
    """Every check on the release as a whole, grouped by tool."""
    pandera = [f for table, df in tables.items() for f in _grouped_pandera(table, df)]
    cross = cross_table_failures(tables)
    gx, counts = [], {}
    for table, results in gx_by_table.items():
        counts[table] = len(results)
        for r in results:
            if r.success:
                continue
            cfg = r.expectation_config
            gx.append({"table": table, "column": cfg.kwargs.get("column"), "check": cfg.type,
                       "n_failures": int(r.result.get("unexpected_count") or 1),
                       "examples": sorted({str(v) for v in (r.result.get("partial_unexpected_list") or [])})[:5]})
    gx.sort(key=lambda f: (f["table"], str(f["column"]), f["check"]))
    return {"pandera": pandera, "cross_table": cross, "great_expectations": gx, "expectations_per_table": counts}


def _grouped_pandera(table: str, df: pd.DataFrame) -> list[dict]:
    rows, whole = pandera_findings(table, df)
    grouped: dict[str, list[str]] = {}
    for f in rows:
        grouped.setdefault(f["check"], []).append(f["value"])
    for check, values in sorted(grouped.items()):
        column, _, name = check.partition(": ")
        whole.append({"table": table, "column": column, "check": name, "n_failures": len(values),
                      "examples": sorted(set(values))[:5]})
    return sorted(whole, key=lambda f: (str(f["column"]), f["check"]))


def rejected_inputs(rejects: pd.DataFrame, accepted_paths: set[str]) -> int:
    """Input files, JSONL lines and manifest rows naming no usable file (a missing file, or one
    outside the folder: '<manifest>#L<n>') that ingest rejected. Notes about the manifest itself
    or about a value of an accepted file's manifest row are not inputs."""
    paths = {str(p) for p in rejects["path"] if Path(str(p)).name != "manifest.csv"}
    return len(paths - accepted_paths)


def validate_tables(tables: dict[str, pd.DataFrame], params: ValidateParams,
                    extract_errors: pd.DataFrame | None = None,
                    rejects: pd.DataFrame | None = None, cache: ValidateCache | None = None
                    ) -> tuple[dict[str, pd.DataFrame], pd.DataFrame, dict]:
    """(released tables, quarantine rows, report) from the resolved tables. With a `cache`, row
    checks run by unit (pipeline.validate_cache), reusing the results of units whose rows did
    not change; without one, over the whole tables. The outputs are the same either way."""
    return _validate({t: tables[t] for t in TABLES}, params, extract_errors, rejects, cache)


def _validate(tables: dict[str, pd.DataFrame], params: ValidateParams, extract_errors: pd.DataFrame | None,
              rejects: pd.DataFrame | None, cache: ValidateCache | None
              ) -> tuple[dict[str, pd.DataFrame], pd.DataFrame, dict]:
    """validate_tables on a dict of the tables that it empties: the checked tables leave it
    once the release is built, so from then on the stage holds only the release."""
    if extract_errors is None:
        extract_errors = pd.DataFrame(columns=["source_id", "reason", "detail"])
    if rejects is None:
        rejects = pd.DataFrame(columns=["path", "reason", "detail"])
    for t in TABLES:
        tables[t] = tables[t].reset_index(drop=True)
    # pass 1 sees every article as accepted; the status is what this stage decides
    tables["sources"] = tables["sources"].assign(status=SOURCE_STATUSES[0])
    done = cached_row_findings(tables, params, cache) if cache is not None else None
    gx, units = None, None
    if done is None:
        gx = gx_results(tables, params)
        findings = row_findings(tables, gx)
    else:
        findings, units = done
    quarantine = quarantine_from_findings(tables, findings, extract_errors)
    quarantined = set(quarantine["source_id"])
    invalid_sources = set(quarantine.loc[quarantine["table"] == "sources", "source_id"])
    del findings, done
    release_freed_memory()  # what the row checks built (Great Expectations' frames and results)
    n_inputs_accepted = len(tables["sources"])
    n_invalid = int(tables["sources"]["source_id"].isin(invalid_sources).sum())
    accepted_paths = set(tables["sources"]["path"])
    released_hashes = {}

    def carry_hashes(name: str, base: pd.DataFrame, released_table: pd.DataFrame, rows: np.ndarray | None) -> None:
        # the release's units are digested from these: rows neither dropped nor changed keep
        # the hash the first pass computed
        ids = unique_columns(name)
        base_hashes = units.hashes[name] if rows is None else units.hashes[name][rows]
        released_hashes[name] = carried_hashes(base, base_hashes, released_table, ids[0] if ids else None)

    # each checked table is dropped once its released table is made
    released = release_tables(tables, quarantined, invalid_sources, consume=True,
                              on_table=carry_hashes if units is not None else None)
    del units
    release_freed_memory(collect=False)  # the checked tables: no cycles
    failures = release_passes(released, params, cache, released_hashes) if cache is not None else None
    del released_hashes
    gx_ran_on_release = failures is None
    if failures is None:  # something fails: the full checks say exactly what
        # with nothing quarantined the release is the checked tables; GE need not run twice
        failures = dataset_failures(released, gx if gx is not None and not quarantined else gx_results(released, params))
    del gx
    release_freed_memory(collect=gx_ran_on_release)
    n_quarantined = int((released["sources"]["status"] == SOURCE_STATUSES[1]).sum()) + n_invalid
    share = n_quarantined / n_inputs_accepted if n_inputs_accepted else 0.0
    dataset = []
    if share > params.max_quarantined_share:
        dataset.append({"table": "sources", "column": "status", "check": "share of quarantined articles",
                        "n_failures": n_quarantined,
                        "examples": [f"{share:.3f} > validate.max_quarantined_share={params.max_quarantined_share}"]})
    n_rejected = rejected_inputs(rejects, accepted_paths)
    counts = {"accepted": n_inputs_accepted - n_quarantined, "quarantined": n_quarantined,
              "rejected": n_rejected, "inputs": n_inputs_accepted + n_rejected}
    report = {
        "success": not (failures["pandera"] or failures["cross_table"] or failures["great_expectations"] or dataset),
        "articles": counts,
        "row_counts": {t: int(len(df)) for t, df in released.items()},
        "pandera": {"failures": failures["pandera"]},
        "cross_table": {"failures": failures["cross_table"]},
        "great_expectations": {"expectations_per_table": failures["expectations_per_table"],
                               "failures": failures["great_expectations"]},
        "dataset": {"failures": dataset},
    }
    return released, quarantine, report


def file_sha256(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def summary(report: dict) -> str:
    lines = []
    for section in ("pandera", "cross_table", "great_expectations", "dataset"):
        for f in report[section]["failures"]:
            lines.append(f"  [{section}] {f['table']}.{f['column']}: {f['check']} failed for "
                         f"{f['n_failures']} value(s), e.g. {', '.join(f['examples'][:3])}")
    return "\n".join(lines)


def counts_line(counts: dict) -> str:
    return ", ".join(f"{counts[k]} {k}" for k in ("accepted", "quarantined", "rejected", "inputs"))


@cli_errors("validate")
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tables", required=True, type=Path, help="folder with the resolved <table>.parquet")
    ap.add_argument("--extract-errors", required=True, type=Path, help="extract_errors.csv of the extract stage")
    ap.add_argument("--rejects", required=True, type=Path, help="rejects.csv of the ingest stage")
    ap.add_argument("--params", default="params.yaml")
    ap.add_argument("--out", required=True, type=Path, help="folder for the validated <table>.parquet")
    ap.add_argument("--quarantine", required=True, type=Path, help="output quarantine.csv")
    ap.add_argument("--report", required=True, type=Path, help="output validation.json")
    ap.add_argument("--cache", type=Path, help="folder of per-unit check results kept between runs")
    args = ap.parse_args(argv)
    try:
        params = load_params(args.params).validate
    except ConfigError as exc:
        print(f"validate: {exc}", file=sys.stderr)
        return 2
    tables = {name: read_parquet(args.tables / f"{name}.parquet") for name in TABLES}
    extract_errors = read_csv(args.extract_errors)
    rejects = read_csv(args.rejects)
    cache = ValidateCache(args.cache, params_version(params)) if args.cache else None
    # the stage hands its tables over (_validate empties the dict): nothing keeps them alive
    released, quarantine, report = _validate(tables, params, extract_errors, rejects, cache)
    if cache is not None:
        cache.save()
        print(f"validate: row checks of {cache.hits} unit(s) reused, {cache.misses} checked")
        del cache
    report["sha256"] = {}
    for name in list(released):
        path = args.out / f"{name}.parquet"
        write_parquet(path, released.pop(name))  # each table freed once written
        report["sha256"][name] = file_sha256(path)
        release_freed_memory(collect=False)  # plain tables: reference counting frees them
    write_csv(args.quarantine, quarantine)
    write_json(args.report, report)
    print("validate: " + counts_line(report["articles"]))
    if len(quarantine):
        print(f"validate: {report['articles']['quarantined']} article(s) quarantined; see {args.quarantine}",
              file=sys.stderr)
    if not report["success"]:
        print("validate: FAILED\n" + summary(report), file=sys.stderr)
        return 1
    print("validate: all released tables pass (" + ", ".join(f"{n} {t}" for t, n in report["row_counts"].items()) + ")")
    return 0


if __name__ == "__main__":
    sys.exit(main())
