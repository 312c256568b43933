"""report: published tables + validation, rejects, quarantine and metrics -> one offline HTML page.

data/reports/index.html opens from disk with no network: no scripts, no fonts or styles from
elsewhere (a Content-Security-Policy forbids them), charts drawn here as inline SVG. Every text
that comes from an article (titles, names, quotes, sentences, outlet names) is HTML-escaped: it
is untrusted input. The page is a pure function of its inputs, so rebuilds are byte-identical.

It is its own stage after evaluate, not part of publish: the quality section reads the metrics
that evaluate computes from the published tables, so publish cannot write it without a cycle.
"""
from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import math
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipeline.config import ConfigError, load_params
from pipeline.io import cli_errors, write_text

CORE_TABLES = ("sources", "entities", "mentions", "figures", "claims")
OPTIONAL_TABLES = ("texts", "figure_groups")
# Charts use one categorical hue; the accent marks the chart's subject (e.g. the disagreeing values).
BAR = "#4c78a8"
ACCENT = "#e45756"
MUTED = "#9aa5b1"
CONTEXT_CHARS = 160  # characters of sentence kept on each side of a figure in the evidence list


def esc(value) -> str:
    """HTML-escaped text of any value; missing values become an empty string."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return html.escape(str(value), quote=True)


def fmt_number(value: float) -> str:
    """Readable, deterministic number: 550000000000 -> 550 billion, 27.5 -> 27.5."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(value) >= size:
            return f"{value / size:.4g} {word}"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:.4g}"


def fmt_value(value: float, unit: str) -> str:
    unit = unit or ""
    if unit == "percent":
        return fmt_number(value) + "%"
    if re.fullmatch(r"[A-Z]{3}", unit):
        return f"{unit} {fmt_number(value)}"
    return f"{fmt_number(value)} {unit.replace('_', ' ')}".strip()


# ---------------------------------------------------------------- charts (inline SVG)

def hbar_chart(items: list[tuple[str, float]], title: str, value_label: str = "", width: int = 640,
               highlight: set[str] | None = None) -> str:
    """Horizontal bars, one per (label, value), largest first as given; labels are escaped."""
    if not items:
        return f'<p class="empty">No data for “{esc(title)}”.</p>'
    label_w, row_h, pad = min(230, width // 2 - 20), 22, 8
    top = 4
    bar_w = width - label_w - 70
    vmax = max(v for _, v in items) or 1
    height = top + row_h * len(items) + pad
    parts = [f'<svg class="chart" role="img" aria-label="{esc(title)}" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">', f"<title>{esc(title)}</title>"]
    for i, (label, value) in enumerate(items):
        y = top + i * row_h
        w = max(1.0, bar_w * value / vmax)
        max_chars = label_w // 8  # ~7 px per character at the label size, with a margin
        short = label if len(label) <= max_chars else label[:max_chars - 1] + "…"
        colour = ACCENT if highlight and label in highlight else BAR
        parts.append(f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end" class="lbl">{esc(short)}'
                     f"<title>{esc(label)}</title></text>")
        parts.append(f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row_h - 6}" fill="{colour}">'
                     f"<title>{esc(label)}: {esc(fmt_number(value))} {esc(value_label)}</title></rect>")
        parts.append(f'<text x="{label_w + w + 5:.1f}" y="{y + 15}" class="val">{esc(fmt_number(value))}</text>')
    parts.append("</svg>")
    return "".join(parts)


def column_chart(items: list[tuple[str, float]], title: str, width: int = 640) -> str:
    """Vertical bars over an ordered axis (days or months); at most ~12 axis labels are written."""
    if not items:
        return f'<p class="empty">No data for “{esc(title)}”.</p>'
    left, bottom, top, height = 36, 46, 10, 200
    plot_w, plot_h = width - left - 10, height - bottom - top
    vmax = max(v for _, v in items) or 1
    step = plot_w / len(items)
    every = max(1, math.ceil(len(items) / 12))
    parts = [f'<svg class="chart" role="img" aria-label="{esc(title)}" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">', f"<title>{esc(title)}</title>",
             f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="{MUTED}"/>',
             f'<text x="{left - 4}" y="{top + 8}" text-anchor="end" class="val">{esc(fmt_number(vmax))}</text>',
             f'<text x="{left - 4}" y="{top + plot_h}" text-anchor="end" class="val">0</text>']
    for i, (label, value) in enumerate(items):
        h = plot_h * value / vmax
        x = left + i * step
        bar = min(max(1.0, step * 0.8), 48.0)
        parts.append(f'<rect x="{x + (step - bar) / 2:.1f}" y="{top + plot_h - h:.1f}" width="{bar:.1f}" '
                     f'height="{h:.1f}" fill="{BAR}"><title>{esc(label)}: {esc(fmt_number(value))}</title></rect>')
        if i % every == 0:
            cx = x + step / 2
            parts.append(f'<text x="{cx:.1f}" y="{top + plot_h + 14}" text-anchor="end" class="val" '
                         f'transform="rotate(-35 {cx:.1f} {top + plot_h + 14})">{esc(label)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def interval_chart(rows: list[dict], width: int = 640) -> str:
    """Point and 95% interval per metric on a shared 0..1 axis (a forest plot)."""
    if not rows:
        return ""
    label_w, row_h, top = 250, 20, 18
    plot_w = width - label_w - 20
    height = top + row_h * len(rows) + 6
    x = lambda v: label_w + plot_w * min(max(v, 0.0), 1.0)  # noqa: E731
    parts = [f'<svg class="chart" role="img" aria-label="metrics with intervals" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">']
    for tick in (0, 0.25, 0.5, 0.75, 1.0):
        parts.append(f'<line x1="{x(tick):.1f}" y1="{top - 4}" x2="{x(tick):.1f}" y2="{height - 4}" stroke="#e3e7eb"/>')
        parts.append(f'<text x="{x(tick):.1f}" y="{top - 7}" text-anchor="middle" class="val">{tick:g}</text>')
    for i, row in enumerate(rows):
        y = top + i * row_h + row_h / 2
        parts.append(f'<text x="{label_w - 6}" y="{y + 4:.1f}" text-anchor="end" class="lbl">{esc(row["label"])}</text>')
        if row.get("low") is not None and row.get("high") is not None:
            parts.append(f'<line x1="{x(row["low"]):.1f}" y1="{y:.1f}" x2="{x(row["high"]):.1f}" y2="{y:.1f}" '
                         f'stroke="{BAR}" stroke-width="2"/>')
        parts.append(f'<circle cx="{x(row["value"]):.1f}" cy="{y:.1f}" r="4" fill="{BAR}">'
                     f'<title>{esc(row["label"])}: {row["value"]:.4f}</title></circle>')
    parts.append("</svg>")
    return "".join(parts)


# ---------------------------------------------------------------- data shaping (pure functions)

def articles_per_outlet(sources: pd.DataFrame) -> list[tuple[str, float]]:
    publisher = sources["publisher"].fillna("(publisher unknown)")
    counts = publisher.value_counts()
    return sorted(((str(k), float(v)) for k, v in counts.items()), key=lambda kv: (-kv[1], kv[0]))


def articles_per_period(sources: pd.DataFrame) -> tuple[list[tuple[str, float]], str, int]:
    """(bars, unit, undated): per day when the dates span at most 92 days, else per month; the
    axis is continuous (empty days or months are zero bars)."""
    dates = [d for d in sources["published_date"] if isinstance(d, dt.date)]
    undated = int(len(sources) - len(dates))
    if not dates:
        return [], "day", undated
    first, last = min(dates), max(dates)
    if (last - first).days <= 92:
        counts: dict[str, int] = {}
        for d in dates:
            counts[d.isoformat()] = counts.get(d.isoformat(), 0) + 1
        axis = [(first + dt.timedelta(days=i)).isoformat() for i in range((last - first).days + 1)]
        return [(day, float(counts.get(day, 0))) for day in axis], "day", undated
    counts = {}
    for d in dates:
        counts[f"{d.year:04d}-{d.month:02d}"] = counts.get(f"{d.year:04d}-{d.month:02d}", 0) + 1
    axis, y, m = [], first.year, first.month
    while (y, m) <= (last.year, last.month):
        axis.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return [(month, float(counts.get(month, 0))) for month in axis], "month", undated


def top_entities(entities: pd.DataFrame, n: int) -> pd.DataFrame:
    return entities.sort_values(["n_mentions", "n_sources", "entity_id"], ascending=[False, False, True]).head(n)


def top_speakers(claims: pd.DataFrame, entities: pd.DataFrame, n: int) -> pd.DataFrame:
    """Speakers by number of claims; unresolved speakers count under their name as written."""
    names = dict(zip(entities["entity_id"].tolist(), entities["name"].tolist()))
    key = [names.get(e, e) if isinstance(e, str) else (s if isinstance(s, str) else "(no speaker)")
           for e, s in zip(claims["speaker_entity_id"].tolist(), claims["speaker"].tolist())]
    df = pd.DataFrame({"speaker": key, "source_id": claims["source_id"]})
    out = df.groupby("speaker").agg(n_claims=("source_id", "size"), n_sources=("source_id", "nunique")).reset_index()
    return out.sort_values(["n_claims", "n_sources", "speaker"], ascending=[False, False, True]).head(n)


def source_labels(sources: pd.DataFrame) -> dict[str, str]:
    """How a source is named on the page: its publisher, else its title, else its id."""
    out = {}
    # .tolist(): one conversion per column; iterating an Arrow-backed column yields value by value
    for source_id, publisher, title in zip(sources["source_id"].tolist(), sources["publisher"].tolist(),
                                           sources["title"].tolist()):
        if isinstance(publisher, str) and publisher:
            out[source_id] = publisher
        elif isinstance(title, str) and title:
            out[source_id] = title if len(title) <= 60 else title[:58] + "…"
        else:
            out[source_id] = source_id
    return out


def cited_outlets(sources: pd.DataFrame) -> list[tuple[str, float]]:
    counts: dict[str, int] = {}
    for outlets in sources["cited_outlets"]:
        for name in set(outlets if outlets is not None else []):
            counts[name] = counts.get(name, 0) + 1
    return sorted(((k, float(v)) for k, v in counts.items()), key=lambda kv: (-kv[1], kv[0]))


def shared_clusters(claims: pd.DataFrame, sources: pd.DataFrame, n: int) -> list[dict]:
    """Claim clusters carried by two or more sources, widest first, with each source's wording."""
    outlets = source_labels(sources)
    multi = claims[claims["n_sources"] >= 2]
    # only the n widest clusters are shown: pick them before reading their claims
    widest = multi.groupby("cluster_id", sort=True)["n_sources"].first().reset_index()
    widest = widest.assign(neg=-widest["n_sources"]).sort_values(["neg", "cluster_id"]).head(n)
    multi = multi[multi["cluster_id"].isin(set(widest["cluster_id"]))]
    out = []
    for cluster_id, group in multi.groupby("cluster_id", sort=True):
        group = group.sort_values(["source_id", "start"])
        out.append({"cluster_id": cluster_id, "n_sources": int(group["n_sources"].iloc[0]),
                    "claims": [{"outlet": outlets.get(r.source_id, r.source_id), "speaker": r.speaker,
                                "text": r.text, "claim_id": r.claim_id} for r in group.itertuples()]})
    out.sort(key=lambda c: (-c["n_sources"], c["cluster_id"]))
    return out[:n]


def sentence_around(body: str, start: int, end: int) -> tuple[str, str, str]:
    """(before, figure, after) within the sentence holding body[start:end]: cut at the nearest
    sentence end or paragraph break, and at CONTEXT_CHARS on each side."""
    left = max(body.rfind("\n", 0, start), max((m.end() - 1 for m in re.finditer(r"[.!?][\"'”’)]?\s", body[:start])), default=-1))
    right_match = re.search(r"[.!?](?=[\"'”’)]?(\s|$))|\n", body[end:])
    right = end + right_match.end() if right_match else len(body)
    left = max(left + 1, start - CONTEXT_CHARS)
    right = min(right, end + CONTEXT_CHARS)
    before = body[left:start].lstrip()
    after = body[end:right].rstrip()
    return (("… " if left > 0 and left == start - CONTEXT_CHARS else "") + before, body[start:end],
            after + (" …" if right == end + CONTEXT_CHARS else ""))


def _disagree_column(groups: pd.DataFrame) -> str | None:
    for name in groups.columns:
        if "disagree" in name and groups[name].dtype == bool:
            return name
    return None


def disagreements(tables: dict[str, pd.DataFrame]) -> list[dict] | None:
    """Figure groups whose sources report different values, each value with its sentence. None when
    the release has no figure_groups table (or figures carry no group_id)."""
    groups = tables.get("figure_groups")
    figures = tables["figures"]
    if groups is None or "group_id" not in figures.columns:
        return None
    flag = _disagree_column(groups)
    chosen = groups[groups[flag]] if flag else groups[groups["min"] != groups["max"]]
    labels = source_labels(tables["sources"])
    sources = tables["sources"]
    described = {sid: (title, date, url) for sid, title, date, url in
                 zip(*(sources[c].tolist() for c in ("source_id", "title", "published_date", "url")))}
    bodies = dict(zip(tables["texts"]["source_id"].tolist(), tables["texts"]["body"].tolist())) if "texts" in tables else {}
    # one sort of every chosen figure (np.lexsort: stable, so ties keep table order as a sort per group would)
    members = figures[figures["group_id"].isin(set(chosen["group_id"]))].sort_values(
        ["group_id", "value", "source_id", "start"])
    values_of: dict[str, list[dict]] = {}
    for group_id, figure_id, value, unit, text, source_id, start, end in zip(*(
            members[c].tolist() for c in ("group_id", "figure_id", "value", "unit", "text", "source_id", "start", "end"))):
        title, date, url = described.get(source_id, (None, None, None))
        body = bodies.get(source_id)
        values_of.setdefault(group_id, []).append({
            "figure_id": figure_id, "value": value, "unit": unit, "text": text,
            "outlet": labels.get(source_id, source_id), "title": title, "date": date, "url": url,
            "context": sentence_around(body, int(start), int(end)) if body is not None else None,
            "source_id": source_id, "start": int(start), "end": int(end),
        })
    out = []
    for g in chosen.sort_values(["n_sources", "group_id"], ascending=[False, True]).itertuples():
        out.append({"group_id": g.group_id, "measure": g.measure, "unit": g.unit, "n_sources": int(g.n_sources),
                    "min": float(getattr(g, "min")), "max": float(getattr(g, "max")),
                    "values": values_of.get(g.group_id, [])})
    return out


@dataclass(frozen=True)
class MetricRow:
    file: str
    path: str
    value: float
    low: float | None
    high: float | None
    n: str


_POINT_KEYS = ("f1", "precision", "recall")


def metric_rows(name: str, metrics: dict) -> list[MetricRow]:
    """Precision, recall and F1 (and any other score with an interval, `<name>_low`/`<name>_high`)
    from a metrics file of any nesting, in file order. Baselines are left to the metrics files."""
    rows: list[MetricRow] = []

    def walk(node, path):
        if not isinstance(node, dict):
            return
        counts = ", ".join(f"{k} {node[k]}" for k in ("tp", "fp", "fn") if isinstance(node.get(k), (int, float)))
        for key, value in node.items():
            if isinstance(value, dict):
                if key != "baselines":
                    walk(value, path + [key])
                continue
            if not isinstance(value, (int, float)) or isinstance(value, bool) or key.endswith(("_low", "_high")):
                continue
            low, high = node.get(f"{key}_low"), node.get(f"{key}_high")
            if key in _POINT_KEYS or (low is not None and high is not None):
                rows.append(MetricRow(name, ".".join(path + [key]), float(value),
                                      None if low is None else float(low), None if high is None else float(high),
                                      counts if key in _POINT_KEYS else ""))

    walk(metrics, [])
    # overall scores first, breakdowns (by corpus, by kind, ...) after them; file order otherwise
    return sorted(rows, key=lambda r: r.path.count("."))


def read_metrics(paths: list[Path]) -> dict[str, dict]:
    """{display name: parsed json} for each metrics file, or every *.json in a metrics folder."""
    out = {}
    for path in paths:
        files = sorted(path.rglob("*.json")) if path.is_dir() else [path]
        for f in files:
            if f.is_file():
                try:
                    out[f.as_posix()] = json.loads(f.read_text(encoding="utf-8"))
                except json.JSONDecodeError as exc:
                    raise ValueError(f"metrics file {f} is not valid JSON: {exc}") from exc
    return out


# ---------------------------------------------------------------- page

CSS = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#1f2933;
margin:0;background:#f7f8fa}
main{max-width:980px;margin:0 auto;padding:24px 28px 60px;background:#fff}
h1{font-size:26px;margin:0 0 4px}h2{font-size:20px;margin:34px 0 8px;border-bottom:1px solid #e3e7eb;padding-bottom:4px}
h3{font-size:16px;margin:18px 0 6px}.sub{color:#52606d;margin:0 0 12px}
table{border-collapse:collapse;margin:8px 0 12px;font-size:14px}th,td{border-bottom:1px solid #e3e7eb;padding:4px 10px;
text-align:left;vertical-align:top}th{background:#f0f2f5;font-weight:600}td.num,th.num{text-align:right;
font-variant-numeric:tabular-nums}.ok{color:#1e7b34;font-weight:600}.fail{color:#b3261e;font-weight:600}
.empty,.note{color:#52606d;font-style:italic}nav a{margin-right:12px}svg.chart{display:block;max-width:100%;height:auto}
svg .lbl{font-size:12px;fill:#1f2933}svg .val{font-size:11px;fill:#52606d}mark{background:#ffe08a;padding:0 1px}
.evidence li{margin:6px 0}.quote{color:#323f4b}.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(130px,1fr));
gap:8px;margin:10px 0}.card{border:1px solid #e3e7eb;border-radius:6px;padding:8px 10px}.card b{display:block;font-size:22px}
code{font-size:13px;background:#f0f2f5;padding:0 3px;border-radius:3px}a{color:#1f5fa8}
summary{cursor:pointer;color:#1f5fa8;margin:4px 0 10px}
.two{display:grid;grid-template-columns:1fr 1fr;gap:20px}.ci{color:#52606d;font-size:12px}
"""
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def _table(headers: list[str], rows: list[list[str]], numeric: set[int] = frozenset(), cls: str = "", id_: str = "") -> str:
    """Rows are pre-escaped HTML cells."""
    attrs = (f' id="{id_}"' if id_ else "") + (f' class="{cls}"' if cls else "")
    head = "".join(f'<th{" class=num" if i in numeric else ""}>{h}</th>' for i, h in enumerate(headers))
    body = "".join("<tr>" + "".join(f'<td{" class=num" if i in numeric else ""}>{c}</td>' for i, c in enumerate(r)) + "</tr>"
                   for r in rows)
    return f"<table{attrs}><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _safe_url(url) -> str | None:
    return url if isinstance(url, str) and re.match(r"^https?://", url) else None


def section_counts(tables: dict[str, pd.DataFrame], validation: dict) -> str:
    cards = "".join(f'<div class="card"><b>{len(df):,}</b>{esc(name)}</div>' for name, df in tables.items())
    checks = validation.get("great_expectations", {}).get("expectations_per_table", {})
    failures = {s: len(validation.get(s, {}).get("failures", [])) for s in ("pandera", "cross_table", "great_expectations")}
    status = '<span class="ok">passed</span>' if validation.get("success") else '<span class="fail">FAILED</span>'
    rows = [[esc(t), esc(f"{validation.get('row_counts', {}).get(t, len(tables.get(t, [])))}"), esc(checks.get(t, ""))]
            for t in tables if t in validation.get("row_counts", {}) or t in checks]
    articles = validation.get("articles")
    balance = (f"<p>Inputs: {articles.get('inputs', 0):,}; articles accepted {articles.get('accepted', 0):,}, "
               f"quarantined {articles.get('quarantined', 0):,}, rejected {articles.get('rejected', 0):,} "
               '(see <a href="#losses">Rejected and quarantined input</a>).</p>') if isinstance(articles, dict) else ""
    return (f'<h2 id="counts">Tables and validation</h2><div class="grid">{cards}</div>{balance}'
            f"<p>Validation {status}: {failures['pandera']} pandera, {failures['cross_table']} cross-table "
            f"and {failures['great_expectations']} Great Expectations failures. Cross-table checks include "
            "<code>text == texts.body[start:end]</code> for every mention, figure and claim.</p>"
            + _table(["table", "rows validated", "expectations"], rows, {1, 2}))


def section_articles(sources: pd.DataFrame) -> str:
    outlets = articles_per_outlet(sources)
    periods, unit, undated = articles_per_period(sources)
    basis = sources["date_basis"].value_counts().sort_index()
    note = f"{undated} article(s) without a date are not on the time axis. " if undated else ""
    note += "Dates by basis: " + ", ".join(f"{esc(k)} {int(v)}" for k, v in basis.items()) + "."
    return (f'<h2 id="articles">Articles</h2><div class="two"><div><h3>Articles per outlet</h3>'
            + hbar_chart(outlets, "Articles per outlet", "articles", width=460)
            + '<p class="note">The publisher, from the manifest, the record or the page.</p></div>'
            + "<div><h3>Outlets the articles cite or credit</h3>"
            + hbar_chart(cited_outlets(sources), "Articles citing each outlet", "articles", width=460) + "</div></div>"
            + f"<h3>Articles per {unit}</h3>" + column_chart(periods, f"Articles per {unit}")
            + f'<p class="note">{note}</p>')


def section_entities(tables: dict[str, pd.DataFrame], n: int) -> str:
    ents = top_entities(tables["entities"], n)
    speakers = top_speakers(tables["claims"], tables["entities"], n)
    return ('<h2 id="entities">Top entities and speakers</h2><div class="two"><div><h3>Entities by mentions</h3>'
            + hbar_chart([(f"{r.name} ({r.type})", float(r.n_mentions)) for r in ents.itertuples()],
                         "Entities by mentions", "mentions", width=460)
            + "</div><div><h3>Speakers by claims</h3>"
            + hbar_chart([(r.speaker, float(r.n_claims)) for r in speakers.itertuples()], "Speakers by claims", "claims", width=460)
            + "</div></div><details><summary>Entity ids, types and sources</summary>"
            + _table(["entity", "entity_id", "type", "mentions", "sources"],
                     [[esc(r.name), f"<code>{esc(r.entity_id)}</code>", esc(r.type), esc(r.n_mentions), esc(r.n_sources)]
                      for r in ents.itertuples()], {3, 4})
            + "</details>")


def section_clusters(tables: dict[str, pd.DataFrame], n: int) -> str:
    clusters = shared_clusters(tables["claims"], tables["sources"], n)
    if not clusters:
        return '<h2 id="clusters">Claims carried by several outlets</h2><p class="empty">No claim cluster spans two or more sources.</p>'
    rows = []
    for c in clusters:
        wording = "".join(f'<li><b>{esc(x["outlet"])}</b>{" — " + esc(x["speaker"]) if isinstance(x["speaker"], str) else ""}: '
                          f'<span class="quote">“{esc(x["text"])}”</span></li>' for x in c["claims"])
        rows.append([f'<code>{esc(c["cluster_id"])}</code>', esc(c["n_sources"]), f"<ul>{wording}</ul>"])
    return ('<h2 id="clusters">Claims carried by several outlets</h2>'
            f'<p class="sub">{len(clusters)} cluster(s) shown, widest first; each line is one source\'s wording.</p>'
            + _table(["cluster", "sources", "statements"], rows, {1}, id_="clusters-table"))


def section_disagreements(tables: dict[str, pd.DataFrame]) -> str:
    head = '<h2 id="disagree">Where outlets disagree</h2>'
    groups = disagreements(tables)
    if groups is None:
        return (head + '<p class="empty" id="disagree-absent">This release has no <code>figure_groups</code> table '
                "(no cross-source figure groups were published), so disagreements between outlets cannot be shown.</p>")
    if not groups:
        return head + '<p class="empty" id="disagree-none">No figure group has different values across its sources.</p>'
    rows, evidence = [], []
    for g in groups:
        links = []
        for v in g["values"]:
            anchor = "ev-" + re.sub(r"[^A-Za-z0-9_-]", "-", v["figure_id"])
            links.append(f'<a href="#{anchor}">{esc(fmt_value(v["value"], v["unit"]))}</a> <span class="note">{esc(v["outlet"])}</span>')
            if v["context"] is not None:
                before, fig, after = v["context"]
                sentence = f'{esc(before)}<mark>{esc(fig)}</mark>{esc(after)}'
            else:
                sentence = f'<mark>{esc(v["text"])}</mark> <span class="note">(texts not published in this release)</span>'
            url = _safe_url(v["url"])
            title = esc(v["title"]) if isinstance(v["title"], str) else f'<code>{esc(v["source_id"])}</code>'
            where = f'<a href="{esc(url)}">{title}</a>' if url else title
            date = f', {esc(v["date"].isoformat())}' if isinstance(v["date"], dt.date) else ""
            evidence.append(f'<li id="{anchor}"><b>{esc(v["outlet"])}</b>{date} — {where}<br>'
                            f'<span class="quote">{sentence}</span><br><code>{esc(v["source_id"])} [{v["start"]}:{v["end"]}]</code></li>')
        rows.append([esc(g["measure"]), esc(g["unit"]), esc(g["n_sources"]),
                     esc(fmt_value(g["min"], g["unit"])) + " – " + esc(fmt_value(g["max"], g["unit"])),
                     "<br>".join(links)])
    return (head + f'<p class="sub">{len(groups)} measure(s) reported with different values by different sources. '
            "Each value links to the sentence it was read from.</p>"
            + _table(["measure", "unit", "sources", "range", "values (outlet)"], rows, {2}, id_="disagree-table")
            + '<h3>Sentences</h3><ol class="evidence">' + "".join(evidence) + "</ol>")


def section_losses(rejects: pd.DataFrame | None, quarantine: pd.DataFrame | None) -> str:
    out = ['<h2 id="losses">Rejected and quarantined input</h2>']
    if rejects is None:
        out.append('<p class="empty">No rejects file was given.</p>')
    elif rejects.empty:
        out.append("<p>0 input files rejected.</p>")
    else:
        counts = rejects["reason"].value_counts().sort_index()
        out.append(f"<p>{len(rejects)} input file(s) rejected, by reason:</p>"
                   + _table(["reason", "files"], [[esc(k), esc(int(v))] for k, v in counts.items()], {1}))
    if quarantine is None:
        out.append('<p class="empty">This release has no quarantine report (data/reports/quarantine.csv).</p>')
    elif quarantine.empty:
        out.append("<p>0 articles quarantined.</p>")
    else:
        by_check = quarantine.groupby("check")["source_id"].nunique().sort_index() if "check" in quarantine else pd.Series(dtype=int)
        n_sources = quarantine["source_id"].nunique() if "source_id" in quarantine else len(quarantine)
        out.append(f"<p>{n_sources} article(s) quarantined ({len(quarantine)} failed check(s)), by check:</p>"
                   + _table(["check", "articles"], [[esc(k), esc(int(v))] for k, v in by_check.items()], {1}))
    return "".join(out)


def _score(r: MetricRow | None) -> str:
    if r is None:
        return "—"
    interval = f' <span class="ci">[{r.low:.3f}, {r.high:.3f}]</span>' if r.low is not None and r.high is not None else ""
    return f"{r.value:.3f}{interval}"


def quality_table(rows: list[MetricRow]) -> str:
    """One row per scored scope (a table, or a table within a breakdown): P, R, F1, other scores."""
    scopes: dict[str, dict[str, MetricRow]] = {}
    for r in rows:
        scope, _, key = r.path.rpartition(".")
        scopes.setdefault(scope or "(file)", {})[key] = r
    body = []
    for scope, scores in scopes.items():
        others = [f"{esc(k.replace('_', ' '))} {_score(v)}" for k, v in scores.items() if k not in _POINT_KEYS]
        counts = next((v.n for k, v in scores.items() if v.n), "")
        body.append([esc(scope), _score(scores.get("precision")), _score(scores.get("recall")),
                     f"<b>{_score(scores.get('f1'))}</b>" if "f1" in scores else "—", "<br>".join(others), esc(counts)])
    return _table(["scope", "precision", "recall", "F1", "other scores", "counts"], body, {1, 2, 3})


def section_quality(metrics: dict[str, dict]) -> str:
    out = ['<h2 id="quality">Quality</h2>']
    if not metrics:
        return out[0] + '<p class="empty">No metrics files were given.</p>'
    out.append('<p class="sub">Scores against hand-checked gold annotations, one block per metrics file, with '
               "95% intervals in brackets where the file has them (<code>&lt;name&gt;_low</code>/<code>_high</code>). "
               "Baselines stay in the files.</p>")
    for name, data in metrics.items():
        rows = metric_rows(name, data)
        out.append(f"<h3><code>{esc(name)}</code></h3>")
        if not rows:
            out.append('<p class="empty">No precision, recall or F1 in this file.</p>')
            continue
        out.append(interval_chart([{"label": r.path, "value": r.value, "low": r.low, "high": r.high}
                                   for r in rows if r.path.endswith("f1")]))
        overall = [r for r in rows if r.path.count(".") <= 1]
        breakdown = [r for r in rows if r.path.count(".") > 1]
        out.append(quality_table(overall))
        if breakdown:
            out.append(f"<details><summary>Breakdowns ({len(breakdown)} scores)</summary>{quality_table(breakdown)}</details>")
    return "".join(out)


def render(tables: dict[str, pd.DataFrame], validation: dict, rejects: pd.DataFrame | None,
           quarantine: pd.DataFrame | None, metrics: dict[str, dict], version: str, top_n: int) -> str:
    nav = "".join(f'<a href="#{a}">{t}</a>' for a, t in (
        ("counts", "Tables"), ("articles", "Articles"), ("entities", "Entities"), ("clusters", "Shared claims"),
        ("disagree", "Where outlets disagree"), ("losses", "Rejects"), ("quality", "Quality")))
    body = "".join([
        section_counts(tables, validation), section_articles(tables["sources"]), section_entities(tables, top_n),
        section_clusters(tables, top_n), section_disagreements(tables), section_losses(rejects, quarantine),
        section_quality(metrics),
    ])
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>newsclaims {esc(version)} report</title><style>{CSS}</style></head><body><main>"
            f"<h1>newsclaims {esc(version)}</h1>"
            f'<p class="sub">Dataset version {esc(version)} (see CHANGELOG.md). {len(tables["sources"]):,} articles. '
            "Offsets point into <code>texts.body</code>. Built by <code>dvc repro</code>; this page needs no network.</p>"
            f"<nav>{nav}</nav>{body}</main></body></html>\n")


# What the page reads of each published table (None: every column). Of mentions it shows only
# the count; of texts only the bodies of the sources it quotes (see read_tables).
PAGE_COLUMNS = {
    "mentions": [],
    "claims": ["claim_id", "source_id", "start", "text", "speaker", "speaker_entity_id", "cluster_id", "n_sources"],
    "figures": ["figure_id", "source_id", "start", "end", "text", "value", "unit", "group_id"],
}


def read_tables(published: Path) -> dict[str, pd.DataFrame]:
    """The published tables as far as the page reads them: every row (the counts are shown), only
    the columns the page uses, and texts.body only for the sources whose figures the page quotes
    (other bodies are None), so the page costs little more than the tables' size on disk."""
    def read(name: str) -> pd.DataFrame:
        path = published / f"{name}.parquet"
        columns = PAGE_COLUMNS.get(name)
        if columns:
            columns = [c for c in columns if c in pq.read_schema(path).names]
        return pd.read_parquet(path, columns=columns)

    tables = {name: read(name) for name in CORE_TABLES}
    if (published / "figure_groups.parquet").exists():
        tables["figure_groups"] = read("figure_groups")
    if (published / "texts.parquet").exists():
        quoted = set()
        if "figure_groups" in tables and "group_id" in tables["figures"].columns:
            groups = tables["figure_groups"]
            flag = _disagree_column(groups)
            chosen = set(groups.loc[groups[flag] if flag else groups["min"] != groups["max"], "group_id"])
            figures = tables["figures"]
            quoted = set(figures.loc[figures["group_id"].isin(chosen), "source_id"])
        ids = pd.read_parquet(published / "texts.parquet", columns=["source_id"])["source_id"]
        wanted = pa.array(sorted(quoted), type=pa.string())
        bodies = pq.read_table(published / "texts.parquet", columns=["source_id", "body"],
                               filters=pc.field("source_id").isin(wanted)).to_pandas()
        body_of = dict(zip(bodies["source_id"].tolist(), bodies["body"].tolist()))
        tables["texts"] = pd.DataFrame({"source_id": ids, "body": [body_of.get(s) for s in ids]})
    tables = {name: tables[name] for name in (*CORE_TABLES, *OPTIONAL_TABLES) if name in tables}
    # Parquet date32 arrives as datetime.date objects in an object column; keep them as dates
    tables["sources"]["published_date"] = tables["sources"]["published_date"].map(
        lambda v: v if isinstance(v, dt.date) else None).astype(object)
    return tables


def _read_csv(path: Path | None) -> pd.DataFrame | None:
    if path is None or not path.exists():
        return None
    return pd.read_csv(path, dtype=str, keep_default_na=False)


@cli_errors("report")
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--published", required=True, type=Path, help="data/published")
    ap.add_argument("--validation", required=True, type=Path)
    ap.add_argument("--rejects", type=Path)
    ap.add_argument("--quarantine", type=Path, help="quarantine.csv, when the release has one")
    ap.add_argument("--metrics", type=Path, nargs="*", default=[], help="metrics files or folders of them")
    ap.add_argument("--params", default="params.yaml")
    ap.add_argument("--out", required=True, type=Path)
    args = ap.parse_args(argv)
    try:
        params = load_params(args.params).report
    except ConfigError as exc:
        print(f"report: {exc}", file=sys.stderr)
        return 2
    package = json.loads((args.published / "datapackage.json").read_text(encoding="utf-8"))
    page = render(read_tables(args.published), json.loads(args.validation.read_text(encoding="utf-8")),
                  _read_csv(args.rejects), _read_csv(args.quarantine), read_metrics(args.metrics),
                  str(package.get("version", "")), params.top_n)
    write_text(args.out, page)
    print(f"report: {args.out} ({len(page.encode('utf-8')):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
