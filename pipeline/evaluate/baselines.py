"""Baselines scored with the same scorer: what a researcher gets from spaCy alone.

* entities_spacy_raw: every NER span of the entity labels, each distinct surface text one entity;
* figures_spacy_numeric: MONEY / PERCENT / QUANTITY / CARDINAL spans with naively parsed values;
* claims_quote_marks: text between paired double quotes, speaker the nearest PERSON.

Only the bodies of articles with gold are parsed, once each.
"""
from __future__ import annotations

import hashlib
import json
import re
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from pipeline.evaluate.predictions import InputError

BASELINE_ENTITY_LABELS = ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "LAW", "PRODUCT")
BASELINE_FIGURE_LABELS = ("MONEY", "PERCENT", "QUANTITY", "CARDINAL")


def baseline_entities_from_doc(doc) -> list[dict]:
    """Every NER span of the baseline labels; each distinct surface text is its own entity."""
    seen: dict[str, dict] = {}
    for ent in doc.ents:
        if ent.label_ not in BASELINE_ENTITY_LABELS:
            continue
        if ent.text not in seen:
            seen[ent.text] = {"key": ent.text, "name": ent.text, "type": ent.label_, "forms": [ent.text],
                              "start": ent.start_char, "end": ent.end_char}
    return list(seen.values())


_MULTIPLIERS = (("trillion", 1e12), ("billion", 1e9), ("million", 1e6))


def parse_number_naive(text: str) -> float | None:
    """First number in the text, times million/billion/trillion if the word appears."""
    m = re.search(r"\d[\d,]*(?:\.\d+)?|\.\d+", text)
    if not m:
        return None
    try:
        value = float(m.group().replace(",", ""))
    except ValueError:
        return None
    lowered = text.lower()
    for word, factor in _MULTIPLIERS:
        if re.search(rf"\b{word}\b", lowered):
            return value * factor
    return value


def baseline_figure_from_text(text: str) -> dict:
    lowered = text.lower()
    if "$" in text or "dollar" in lowered:
        unit, kind = "USD", "money"
    elif "%" in text or "percent" in lowered:
        unit, kind = "percent", "percent"
    else:
        unit, kind = "count", "count"
    return {"text": text, "value": parse_number_naive(text), "unit": unit, "kind": kind,
            "change": None, "qualifier": None}


def baseline_figures_from_doc(doc) -> list[dict]:
    """spaCy MONEY/PERCENT/QUANTITY/CARDINAL spans as figures with naively parsed values."""
    out = []
    for ent in doc.ents:
        if ent.label_ in BASELINE_FIGURE_LABELS:
            item = baseline_figure_from_text(ent.text)
            item.update({"key": f"{ent.label_.lower()}-{ent.start_char}", "start": ent.start_char, "end": ent.end_char})
            out.append(item)
    return out


def quote_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the text between paired double quotes, paired within a paragraph.

    A curly opening quote always opens, a curly closing quote always closes, a straight quote
    closes when one is open and opens otherwise."""
    spans = []
    open_at: int | None = None
    for i, ch in enumerate(text):
        if ch == "\n":
            open_at = None
        elif ch == "\u201c":
            open_at = i + 1
        elif ch == "\u201d" or (ch == '"' and open_at is not None):
            if open_at is not None and text[open_at:i].strip():
                spans.append((open_at, i))
            open_at = None
        elif ch == '"':
            open_at = i + 1
    return spans


def baseline_claims_from_doc(doc) -> list[dict]:
    """Every text between paired double quotes is a direct quote; speaker is the nearest PERSON
    entity (outside the quote) in the sentence(s) of the quote or the sentence before."""
    text = doc.text
    sents = [(s.start_char, s.end_char) for s in doc.sents]
    persons = [e for e in doc.ents if e.label_ == "PERSON"]
    out = []
    for start, end in quote_spans(text):
        s_first = next((i for i, (a, b) in enumerate(sents) if a <= start < b), 0)
        s_last = next((i for i, (a, b) in enumerate(sents) if a < end <= b), s_first)
        lo = sents[max(0, s_first - 1)][0] if sents else 0
        hi = sents[s_last][1] if sents else len(text)
        best = None
        for e in persons:
            if e.start_char < lo or e.end_char > hi or (e.start_char < end and e.end_char > start):
                continue
            distance = start - e.end_char if e.end_char <= start else e.start_char - end
            if best is None or distance < best[0]:
                best = (distance, e.text)
        speaker = best[1] if best else None
        out.append({"key": f"quote-{start}", "text": text[start:end].strip(), "speaker": speaker,
                    "speaker_entity_id": None, "speaker_names": [], "kind": "direct_quote",
                    "cue": None, "via": None, "start": start, "end": end})
    return out


BASELINE_FUNCTIONS = {
    "entities_spacy_raw": baseline_entities_from_doc,
    "figures_spacy_numeric": baseline_figures_from_doc,
    "claims_quote_marks": baseline_claims_from_doc,
}


def baseline_predictions_from_docs(docs: Mapping[str, Any]) -> dict[str, dict[str, list[dict]]]:
    """baseline name -> path -> items, from already parsed Docs keyed by path."""
    return {name: {path: fn(doc) for path, doc in sorted(docs.items())} for name, fn in BASELINE_FUNCTIONS.items()}


def run_baselines(bodies: Mapping[str, str], model: str, batch_size: int = 16) -> dict[str, dict[str, list[dict]]]:
    """Parse each body once with the installed spaCy package `model` and run every baseline."""
    import spacy

    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise InputError(f"spaCy model {model!r} is not installed: {exc}") from None
    paths = sorted(bodies)
    docs = dict(zip(paths, nlp.pipe((bodies[p] for p in paths), batch_size=batch_size)))
    return baseline_predictions_from_docs(docs)


BASELINES_CACHE_FILE = "baselines.json"
BASELINES_CACHE_FORMAT = 1


def baselines_key(bodies: Mapping[str, str], model: str) -> str:
    """What the baseline predictions are a function of: the bodies (by path), this module's
    code, the spaCy model and the versions of spaCy and thinc (batch size changes nothing)."""
    from pipeline.io import package_version  # noqa: PLC0415 (keeps this module light for the tests)

    parts = {"format": BASELINES_CACHE_FORMAT, "code": hashlib.sha256(Path(__file__).read_bytes()).hexdigest(),
             "model": model, "model_version": package_version(model), "spacy": package_version("spacy"),
             "thinc": package_version("thinc"), "bodies": {p: bodies[p] for p in sorted(bodies)}}
    return hashlib.sha256(json.dumps(parts, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def cached_baselines(bodies: Mapping[str, str], model: str, cache: Path | None,
                     compute: Callable[[], dict[str, dict[str, list[dict]]]]) -> dict[str, dict[str, list[dict]]]:
    """compute() (run_baselines of `bodies` under `model`), read from `cache` (a folder kept between runs) when the gold bodies, the
    code and the model are those of the last run: the evaluate stage reruns whenever the
    corpus changes, but its baselines depend only on the few gold articles, so a run that adds
    articles to the corpus need not load spaCy at all."""
    if cache is None:
        return compute()
    from pipeline.io import write_text  # noqa: PLC0415

    key = baselines_key(bodies, model)
    path = Path(cache) / BASELINES_CACHE_FILE
    if path.is_file():
        try:
            stored = json.loads(path.read_text(encoding="utf-8"))
            if stored.get("key") == key:
                return stored["predictions"]
        except (OSError, ValueError, AttributeError, KeyError) as exc:  # a damaged cache is rebuilt
            print(f"evaluate: warning: ignoring unreadable cache {path}: {exc}", file=sys.stderr)
    predictions = compute()
    write_text(path, json.dumps({"key": key, "predictions": predictions}, sort_keys=True, ensure_ascii=False))
    return predictions


