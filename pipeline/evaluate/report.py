"""errors.md: per article, every missed gold item, every spurious predicted row (in its sentence),
wrong attributes of matched pairs and wrong source fields. Written for seed and dev sets only;
the evaluation stage never renders it for the test set.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pipeline.evaluate.match import SCORED_TABLES
from pipeline.evaluate.scoring import BASELINES, TARGETS
from pipeline.evaluate.text import as_list, as_str, is_null, locate, normalize_text, sentence_at


def _q(text: Any) -> str:
    """Inline quoted text for markdown (one line, backticks neutralised)."""
    return '"' + normalize_text(text).replace("`", "'") + '"'


def _fmt(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, list):
        return "[" + ", ".join(_q(v) for v in value) + "]" if value else "[]"
    return _q(value)


def _num(value: Any) -> str:
    if is_null(value):
        return "null"
    v = float(value)
    return str(int(v)) if v.is_integer() and abs(v) < 1e18 else repr(v)


def _pred_context(body: str, item: Mapping) -> str:
    sentence = sentence_at(body, item.get("start"), item.get("end"))
    return f"\n  > {sentence}" if sentence else ""


def _span_context(body: str, span: tuple[int, int] | None) -> str:
    if not body:
        return ""
    if span is None:
        return "\n  > (text not found in the body)" if body else ""
    return f"\n  > {sentence_at(body, *span)}"


def _gold_context(body: str, *texts: Any) -> str:
    for text in texts:
        if not normalize_text(text):
            continue
        span = locate(body, text)
        if span:
            return f"\n  > {sentence_at(body, *span)}"
    return "\n  > (text not found in the body)" if body else ""


def _speaker_str(item: Mapping) -> str:
    speaker = as_str(item.get("speaker"))
    eid = as_str(item.get("speaker_entity_id"))
    parts = [_q(speaker) if speaker else "null"]
    if eid:
        parts.append(f"[{eid}]")
    return " ".join(parts)


def _entity_lines(body: str, result: Mapping) -> list[str]:
    lines = []
    for g in result["missed"]:
        aliases = ", ".join(_q(a) for a in as_list(g.get("aliases")))
        lines.append(f"- missed: {_q(g.get('name'))} ({g.get('type')}; aliases: {aliases or '-'})"
                     + _gold_context(body, g.get("name"), *as_list(g.get("aliases"))))
    for p in result["spurious"]:
        forms = ", ".join(_q(f) for f in p.get("forms", []))
        lines.append(f"- spurious: `{p['key']}` {_q(p.get('name'))} ({p.get('type')}; forms here: {forms})"
                     + _pred_context(body, p))
    for g, p in result["attributes"]["type"]["wrong"]:
        lines.append(f"- wrong type: {_q(g.get('name'))} gold {_fmt(g.get('type'))}, predicted {_fmt(as_str(p.get('type')))} (`{p['key']}`)"
                     + _pred_context(body, p))
    return lines


def _figure_str(item: Mapping) -> str:
    extra = [f"kind {item.get('kind')}"]
    for key in ("change", "qualifier", "measure"):
        if as_str(item.get(key)):
            extra.append(f"{key} {item.get(key)}")
    return f"{_q(item.get('text'))} = {_num(item.get('value'))} {item.get('unit')} ({', '.join(extra)})"


def _figure_lines(body: str, result: Mapping) -> list[str]:
    lines = [f"- missed: {_figure_str(g)}" + _span_context(body, sp) for g, sp in zip(result["missed"], result["missed_spans"])]
    lines += [f"- spurious: `{p['key']}` {_figure_str(p)}" + _pred_context(body, p) for p in result["spurious"]]
    for name in ("kind", "change", "qualifier"):
        for g, p in result["attributes"][name]["wrong"]:
            lines.append(f"- wrong {name}: {_q(g.get('text'))} gold {_fmt(g.get(name))}, predicted {_fmt(as_str(p.get(name)))} (`{p['key']}`)"
                         + _pred_context(body, p))
    return lines


def _claim_lines(body: str, result: Mapping) -> list[str]:
    lines = []
    for g, sp in zip(result["missed"], result["missed_spans"]):
        lines.append(f"- missed: {_q(g.get('text'))} (speaker {_fmt(g.get('speaker'))}, {g.get('kind')}, cue {g.get('cue')})"
                     + _span_context(body, sp))
    for p in result["spurious"]:
        lines.append(f"- spurious: `{p['key']}` {_q(p.get('text'))} (speaker {_speaker_str(p)}, {p.get('kind')}, cue {p.get('cue')})"
                     + _pred_context(body, p))
    for g, p in result["attributes"]["speaker"]["wrong"]:
        lines.append(f"- wrong speaker: gold {_fmt(g.get('speaker'))}, predicted {_speaker_str(p)} (`{p['key']}`)"
                     + _pred_context(body, p))
    for name in ("kind", "cue", "via"):
        for g, p in result["attributes"][name]["wrong"]:
            lines.append(f"- wrong {name}: gold {_fmt(g.get(name))}, predicted {_fmt(as_str(p.get(name)))} for {_q(g.get('text'))} (`{p['key']}`)")
    return lines


def _ci(m: Mapping, key: str) -> str:
    """`0.9123 [0.8800, 0.9400]` when the interval is there, the point value otherwise."""
    if f"{key}_low" in m:
        return f"{m[key]:.4f} [{m[key + '_low']:.4f}, {m[key + '_high']:.4f}]"
    return f"{m[key]:.4f}"


def summary_lines(metrics: Mapping) -> list[str]:
    """The headline numbers of one set as Markdown (95% intervals in brackets)."""
    lines = [
        "| table | precision | recall | F1 | tp | fp | fn | baseline F1 | target F1 |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    base_for = {table: name for name, table in BASELINES.items()}
    for table in SCORED_TABLES:
        m = metrics[table]
        base = metrics.get("baselines", {}).get(base_for[table])
        base_f1 = _ci(base, "f1") if base else "-"
        lines.append(f"| {table} | {_ci(m, 'precision')} | {_ci(m, 'recall')} | {_ci(m, 'f1')} | {m['tp']} | {m['fp']} "
                     f"| {m['fn']} | {base_f1} | {TARGETS[f'{table}_f1']:.2f} |")
    c, f, s = metrics["claims"], metrics["figures"], metrics["sources"]
    lines += [
        "",
        f"- entities: type accuracy {metrics['entities']['type_accuracy']:.4f}",
        f"- claims: speaker accuracy {_ci(c, 'speaker_accuracy')} (target {TARGETS['claims_speaker_accuracy']:.2f}), "
        f"kind accuracy {c['kind_accuracy']:.4f}",
        f"- figures: kind accuracy {f['kind_accuracy']:.4f}, change accuracy {f['change_accuracy']:.4f}",
        f"- sources: field accuracy {_ci(s, 'field_accuracy')} (target {TARGETS['source_field_accuracy']:.2f}); "
        + ", ".join(f"{k} {v:.4f}" for k, v in s["fields"].items()),
    ]
    return lines


def render_errors(metrics: Mapping, context: Mapping, title: str = "Evaluation errors") -> str:
    """errors.md from the metrics and the context returned by scoring.evaluate_published."""
    gold, published = context["gold"], context["predictions"]
    details, source_details, bodies = context["details"], context["source_details"], context["bodies"]
    lines = [f"# {title}", "",
             f"{len(gold)} gold source(s). Gold texts use ASCII quotes; predicted spans are shown in **bold** "
             "inside their sentence, missed gold items with the sentence where their text occurs. "
             "Intervals: 95% bootstrap over articles.", "",
             "## Summary", ""]
    lines += summary_lines(metrics)
    if context["missing"]:
        lines += ["", "## Gold sources without a published source", "",
                  "Every gold item of these sources counts as a false negative.", ""]
        lines += [f"- {p}" for p in context["missing"]]
    for path in sorted(gold):
        pub = published.get(path)
        body = bodies.get(path) or (pub["body"] if pub else "")
        header = f"## {path}" + (f" (`{pub['source_id']}`)" if pub else " (not published)")
        lines += ["", header]
        sections = []
        wrong_fields = [
            f"- {field}: expected {_fmt(r['expected'])}, got " + (_fmt(r["got"]) if pub else "(no published source)")
            for field, r in source_details.get(path, {}).items() if not r["correct"]
        ]
        if wrong_fields:
            sections.append(("Source fields", wrong_fields))
        for table, fn in (("entities", _entity_lines), ("figures", _figure_lines), ("claims", _claim_lines)):
            result = details[path][table]
            table_lines = fn(body, result)
            if table_lines:
                heading = f"{table.capitalize()} (tp {result['tp']}, fp {result['fp']}, fn {result['fn']})"
                sections.append((heading, table_lines))
        if not sections:
            lines += ["", "No errors."]
        for heading, section_lines in sections:
            lines += ["", f"### {heading}", ""] + section_lines
    return "\n".join(lines) + "\n"
