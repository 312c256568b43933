"""evaluate_figures: the figure extractor (and quantulum3 beside it) on labelled corpus sentences.

Each sentence of data/eval/figures is parsed on its own and run through `figures_from_doc`;
predictions are matched to the labels of the sentence one-to-one. Two scores:
- value: the prediction's value is within REL_TOL of the label's (or of the label's value
  converted to the prediction's unit, when the two units convert: "3 lb" vs "1.36 kg");
- value+unit: the same, and the units are equal or convert to each other through pint
  (currencies only by equal ISO code).
Optional labels are neither missed nor spurious. Each end of a range is its own figure.
P/R/F1 per split and per corpus, with 95% bootstrap intervals over sentences.

Splits: `--sentences`/`--labels` take one or more dev sets, paired in order; every sentence of
the first is split "dev" whatever split its line names (the set's old test split was retired to
dev: its aggregate was looked at while rules changed), of the second "dev2", and so on. With more
than one dev set, "dev_all" scores them together. Every dev sentence's errors are written. The
test split is a separate, freshly labelled set given by `--test-sentences` and `--test-labels`;
it is reported as aggregate numbers only, its per-sentence results are never written.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

import numpy as np

from pipeline.config import ConfigError, load_params
from pipeline.evaluate.match import maximum_matching
from pipeline.io import cli_errors, write_json, write_text
from pipeline.nlp import ModelError, load_model
from pipeline.units import convert, convertible

REL_TOL = 0.005         # labels round ("two-thirds" 66.67); conversions round ("1.36 kg")
N_BOOTSTRAP = 1000
BOOTSTRAP_SEED = 20261129
ERRORS_SPLIT = "dev"    # the first dev set; later ones are dev2, dev3, ... (all have errors written)
TEST_SPLIT = "test"
COMBINED_DEV = "dev_all"  # every dev set scored together, when there are several
SCORES = ("value", "value_unit")
SYSTEMS = ("newsclaims", "quantulum3")


class EvalSetError(ValueError):
    """The sentences or labels file is missing or malformed."""


# --------------------------------------------------------------------------------------------
# inputs
# --------------------------------------------------------------------------------------------

def _read_jsonl(path: Path) -> list[dict]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError as exc:
        raise EvalSetError(f"file not found: {path}") from exc
    rows = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise EvalSetError(f"{path}:{n}: not valid JSON ({exc.msg})") from exc
    return rows


def _label_files(labels: Path) -> list[Path]:
    if labels.is_dir():
        return sorted(labels.glob("*.jsonl"))
    if labels.is_file():
        return [labels]
    raise EvalSetError(f"labels not found: {labels}")


def load_eval_set(sentences_path: Path, labels_dir: Path, split: str | None = None) -> list[dict]:
    """Sentences with their label list under "labels", in file order. `labels_dir` is a folder
    of *.jsonl label files or one such file; `split`, when given, is the split of every sentence
    (the split named in the sentence line is then ignored)."""
    sentences = _read_jsonl(sentences_path)
    labels: dict[str, list] = {}
    for path in _label_files(labels_dir):
        for row in _read_jsonl(path):
            if "sid" not in row or not isinstance(row.get("figures"), list):
                raise EvalSetError(f"{path}: every line needs 'sid' and a 'figures' list")
            labels[row["sid"]] = row["figures"]
    out = []
    for s in sentences:
        missing = {"sid", "split", "corpus", "text"} - set(s)
        if missing:
            raise EvalSetError(f"{sentences_path}: sentence without {sorted(missing)}")
        if s["sid"] not in labels:
            raise EvalSetError(f"sentence {s['sid']} has no labels in {labels_dir}")
        out.append({**s, **({"split": split} if split else {}), "labels": labels[s["sid"]]})
    return out


def dev_split_name(n: int) -> str:
    """The split of the n-th dev set (0-based): "dev", then "dev2", "dev3", ..."""
    return ERRORS_SPLIT if n == 0 else f"{ERRORS_SPLIT}{n + 1}"


def is_dev_split(split: str) -> bool:
    """A split whose per-sentence errors may be written (every dev set, never the test set)."""
    return split == ERRORS_SPLIT or re.fullmatch(rf"{ERRORS_SPLIT}(?:[2-9]|[1-9]\d+)", split) is not None


def load_splits(dev_sentences: Path | Sequence[Path], dev_labels: Path | Sequence[Path],
                test_sentences: Path | None = None, test_labels: Path | None = None) -> list[dict]:
    """The dev sets in order (the first scored as "dev", the next as "dev2", ...) followed by
    the test set, if given (all scored as test). The n-th labels path belongs to the n-th
    sentences file. A sentence id in two sets is an error: results are keyed by sid."""
    if (test_sentences is None) != (test_labels is None):
        raise EvalSetError("give both --test-sentences and --test-labels, or neither")
    dev_sentences = [dev_sentences] if isinstance(dev_sentences, (str, Path)) else list(dev_sentences)
    dev_labels = [dev_labels] if isinstance(dev_labels, (str, Path)) else list(dev_labels)
    if len(dev_sentences) != len(dev_labels) or not dev_sentences:
        raise EvalSetError(f"give one labels path per sentences file ({len(dev_sentences)} sentences files, "
                           f"{len(dev_labels)} labels paths)")
    sentences: list[dict] = []
    for n, (sentences_path, labels_path) in enumerate(zip(dev_sentences, dev_labels)):
        dev = load_eval_set(Path(sentences_path), Path(labels_path), split=dev_split_name(n))
        shared = {s["sid"] for s in sentences} & {s["sid"] for s in dev}
        if shared:
            raise EvalSetError(f"{len(shared)} sentence ids are in two dev sets ({sentences_path})")
        sentences += dev
    if test_sentences is not None:
        test = load_eval_set(test_sentences, test_labels, split=TEST_SPLIT)
        shared = {s["sid"] for s in sentences} & {s["sid"] for s in test}
        if shared:
            raise EvalSetError(f"{len(shared)} sentence ids are in both the dev and the test set")
        sentences += test
    return sentences


# --------------------------------------------------------------------------------------------
# predictions
# --------------------------------------------------------------------------------------------

def newsclaims_predictions(texts: Sequence[str], model: str, batch_size: int = 32) -> list[list[dict]]:
    """The figure extractor's output for each sentence parsed standalone."""
    from pipeline.extractors.figures import figures_from_doc

    nlp = load_model(model)
    out = []
    for doc in nlp.pipe(texts, batch_size=batch_size):
        out.append([{"text": f.text, "value": f.value, "unit": f.unit, "kind": f.kind, "start": f.start}
                    for f in figures_from_doc(doc)])
    return out


# quantulum3 names its units in words; these map them to the vocabulary of the labels.
_QUANTULUM_UNITS = {
    "percentage": "percent", "percentage point": "percentage_point", "basis point": "basis_point",
    "dimensionless": "count", "metric ton": "tonne", "tonne": "tonne", "pound-mass": "pound",
    "short ton": "short_ton", "long ton": "long_ton", "troy ounce": "troy_ounce", "ounce": "ounce",
    "barrel": "barrel", "oil barrel": "barrel", "barrel per day": "barrel_per_day",
    "meter": "metre", "kilometre per hour": "kilometre_per_hour", "mile per hour": "mile_per_hour",
    "degree Celsius": "degree_celsius", "degree fahrenheit": "degree_fahrenheit",
    "degree Fahrenheit": "degree_fahrenheit", "newton metre": "newton_metre", "foot": "foot",
    "point": "point", "times": "times",
}
_QUANTULUM_CURRENCY_NAMES = {"dollar": "USD", "euro": "EUR", "pound sterling": "GBP", "yen": "JPY",
                             "penny": "GBP", "cent": "USD"}
_QUANTULUM_SUBUNITS = {"penny", "cent"}


def quantulum_unit(name: str, entity: str, currency_code: str | None) -> str:
    """The label vocabulary's name for a quantulum3 unit (how it is mapped is recorded here):
    currencies by their ISO code (dollar -> USD); percentage -> percent; dimensionless numbers
    -> count; physical units by name in snake_case singular British spelling (kilometre per
    hour -> kilometre_per_hour), which pint then converts like ours."""
    if entity == "currency":
        return currency_code or _QUANTULUM_CURRENCY_NAMES.get(name, name)
    if name in _QUANTULUM_UNITS:
        return _QUANTULUM_UNITS[name]
    snake = re.sub(r"[\s-]+", "_", name.strip().lower()).replace("meter", "metre").replace("liter", "litre")
    return snake


def quantulum_predictions(texts: Sequence[str]) -> list[list[dict]]:
    """quantulum3's quantities per sentence, computed in a child process with a fixed hash seed:
    quantulum3 iterates sets when it resolves units, so its output varies with the seed."""
    env = dict(os.environ, PYTHONHASHSEED="0")
    proc = subprocess.run([sys.executable, "-c", "import json, sys; from pipeline.evaluate_figures import "
                           "quantulum_predictions_here as q; print(json.dumps(q(json.load(sys.stdin))))"],
                          input=json.dumps(list(texts)), capture_output=True, text=True, env=env, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"quantulum3 failed: {proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else proc.returncode}")
    return json.loads(proc.stdout)


def quantulum_predictions_here(texts: Sequence[str]) -> list[list[dict]]:
    """quantulum3's quantities per sentence; a range (value +- uncertainty) is two figures, one
    per end, as in the labels; pence and cents are hundredths of their currency."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # it warns that its optional classifier is not installed
        from quantulum3 import parser
    out = []
    for text in texts:
        preds = []
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            quantities = parser.parse(text)
        for q in quantities:
            unit = quantulum_unit(q.unit.name, q.unit.entity.name, getattr(q.unit, "currency_code", None))
            value = float(q.value) / (100 if q.unit.name in _QUANTULUM_SUBUNITS else 1)
            ends = [value] if not q.uncertainty else [value - q.uncertainty, value + q.uncertainty]
            for v in ends:
                preds.append({"text": q.surface, "value": v, "unit": unit, "start": q.span[0]})
        out.append(preds)
    return out


# --------------------------------------------------------------------------------------------
# matching and scoring
# --------------------------------------------------------------------------------------------

def _close(a: float, b: float, rel_tol: float = REL_TOL) -> bool:
    return abs(a - b) <= rel_tol * max(abs(a), abs(b)) or a == b


def _unit(x: Mapping) -> str:
    return str(x.get("unit") or "")


def units_match(gold_unit: str, pred_unit: str) -> bool:
    """Equal names, or measurement units pint converts between (currencies: equal codes only)."""
    return gold_unit.casefold() == pred_unit.casefold() or convertible(gold_unit, pred_unit)


def value_match(gold: Mapping, pred: Mapping, rel_tol: float = REL_TOL) -> bool:
    gv, pv = float(gold["value"]), float(pred["value"])
    if _close(gv, pv, rel_tol):
        return True
    gu, pu = _unit(gold), _unit(pred)
    return gu != pu and convertible(gu, pu) and _close(convert(gv, gu, pu), pv, rel_tol)


def value_unit_match(gold: Mapping, pred: Mapping, rel_tol: float = REL_TOL) -> bool:
    gu, pu = _unit(gold), _unit(pred)
    if gu.casefold() == pu.casefold():
        return _close(float(gold["value"]), float(pred["value"]), rel_tol)
    return convertible(gu, pu) and _close(convert(float(gold["value"]), gu, pu), float(pred["value"]), rel_tol)


MATCHERS: dict[str, Callable[[Mapping, Mapping], bool]] = {"value": value_match, "value_unit": value_unit_match}


def match_sentence(gold: Sequence[Mapping], pred: Sequence[Mapping],
                   matches: Callable[[Mapping, Mapping], bool]) -> list[tuple[int, int]]:
    """A maximum one-to-one matching of labels to predictions (augmenting paths), required
    labels first so an optional label never takes a prediction a required one needs."""
    edges = {gi: [pi for pi, p in enumerate(pred) if matches(g, p)] for gi, g in enumerate(gold)}
    order = sorted(range(len(gold)), key=lambda gi: (bool(gold[gi].get("optional")), gi))
    return maximum_matching(edges, order)


def sentence_counts(gold: Sequence[Mapping], pred: Sequence[Mapping],
                    matches: Callable[[Mapping, Mapping], bool]) -> dict:
    """tp/fp/fn of one sentence plus the unmatched items; optional labels count for nothing."""
    pairs = match_sentence(gold, pred, matches)
    matched_g = {gi for gi, _ in pairs}
    matched_p = {pi for _, pi in pairs}
    return {
        "tp": sum(1 for gi, _ in pairs if not gold[gi].get("optional")),
        "fp": len(pred) - len(matched_p),
        "fn": sum(1 for gi, g in enumerate(gold) if gi not in matched_g and not g.get("optional")),
        "missed": [g for gi, g in enumerate(gold) if gi not in matched_g and not g.get("optional")],
        "spurious": [p for pi, p in enumerate(pred) if pi not in matched_p],
    }


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def summarize(counts: np.ndarray, n_bootstrap: int = N_BOOTSTRAP, seed: int = BOOTSTRAP_SEED) -> dict:
    """P/R/F1 of summed per-sentence (tp, fp, fn) rows, with 95% percentile bootstrap
    intervals from resampling sentences (fixed seed: the same inputs give the same numbers)."""
    tp, fp, fn = (int(x) for x in counts.sum(axis=0))
    p, r, f = prf(tp, fp, fn)
    out = {"tp": tp, "fp": fp, "fn": fn, "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}
    if len(counts):
        rng = np.random.default_rng(seed)
        samples = counts[rng.integers(0, len(counts), size=(n_bootstrap, len(counts)))].sum(axis=1)
        stats = np.array([prf(*row) for row in samples])
        for i, name in enumerate(("precision", "recall", "f1")):
            lo, hi = np.percentile(stats[:, i], [2.5, 97.5])
            out[f"{name}_ci95"] = [round(float(lo), 4), round(float(hi), 4)]
    return out


def score(sentences: Sequence[Mapping], predictions: Sequence[Sequence[Mapping]]) -> tuple[dict, list[dict]]:
    """(metrics by split -> {all, <corpus>} -> score -> P/R/F1, per-sentence results). With
    several dev splits, COMBINED_DEV scores all their sentences together."""
    results = []
    for s, pred in zip(sentences, predictions):
        results.append({"sid": s["sid"], "split": s["split"], "corpus": s["corpus"],
                        **{name: sentence_counts(s["labels"], pred, m) for name, m in MATCHERS.items()}})
    by_split = {split: [r for r in results if r["split"] == split] for split in sorted({r["split"] for r in results})}
    dev_splits = [split for split in by_split if is_dev_split(split)]
    if len(dev_splits) > 1:
        by_split[COMBINED_DEV] = [r for r in results if r["split"] in dev_splits]
    metrics: dict = {}
    for split, in_split in by_split.items():
        groups = {"all": in_split}
        for corpus in sorted({r["corpus"] for r in in_split}):
            groups[corpus] = [r for r in in_split if r["corpus"] == corpus]
        metrics[split] = {
            group: {"n_sentences": len(rows),
                    **{name: summarize(np.array([[r[name]["tp"], r[name]["fp"], r[name]["fn"]] for r in rows],
                                                dtype=np.int64).reshape(-1, 3)) for name in SCORES}}
            for group, rows in groups.items()}
    return metrics, results


# --------------------------------------------------------------------------------------------
# report
# --------------------------------------------------------------------------------------------

def _fig(x: Mapping) -> str:
    return f"`{x.get('text')}` = {x.get('value'):g} {x.get('unit')}"


def render_dev_errors(sentences: Sequence[Mapping], results: Mapping[str, Sequence[Mapping]],
                      metrics: Mapping) -> str:
    """Markdown of the dev splits' misses and spurious figures (value+unit), per system and
    dev split.

    Only dev-split sentences (`is_dev_split`) are ever rendered."""
    lines = ["# Figures evaluation: dev errors (value+unit matching)", "",
             "Generated by `pipeline/evaluate_figures.py`. Test-split errors are never written.", ""]
    dev_splits = sorted({s["split"] for s in sentences if is_dev_split(s["split"])},
                        key=lambda split: (len(split), split))
    summary_splits = dev_splits + ([COMBINED_DEV] if len(dev_splits) > 1 else [])
    for system in SYSTEMS:
        for split in summary_splits:
            m = metrics[system].get(split, {}).get("all", {})
            if m:
                lines.append(f"- {system} {split} ({m['n_sentences']} sentences): value F1 {m['value']['f1']:.4f}, "
                             f"value+unit F1 {m['value_unit']['f1']:.4f}")
    text_of = {s["sid"]: s["text"] for s in sentences if is_dev_split(s["split"])}
    for system in SYSTEMS:
        lines += ["", f"## {system}"]
        for split in dev_splits:
            lines += ["", f"### {split}", ""]
            for r in results[system]:
                if r["split"] != split:
                    continue
                vu = r["value_unit"]
                if not vu["missed"] and not vu["spurious"]:
                    continue
                lines.append(f"- **{r['sid']}** ({r['corpus']}): {text_of[r['sid']]}")
                lines += [f"  - missed {_fig(g)}" for g in vu["missed"]]
                lines += [f"  - spurious {_fig(p)}" for p in vu["spurious"]]
    return "\n".join(lines) + "\n"


def evaluate_figures(sentences: Sequence[Mapping], model: str,
                     systems: Iterable[str] = SYSTEMS) -> tuple[dict, dict]:
    texts = [s["text"] for s in sentences]
    producers = {"newsclaims": lambda: newsclaims_predictions(texts, model), "quantulum3": lambda: quantulum_predictions(texts)}
    metrics, results = {}, {}
    for system in systems:
        metrics[system], results[system] = score(sentences, producers[system]())
    return metrics, results


@cli_errors("evaluate_figures")
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sentences", required=True, type=Path, nargs="+",
                    help="dev sentence files: the first scored as dev, the next as dev2, ...")
    ap.add_argument("--labels", required=True, type=Path, nargs="+",
                    help="dev labels, one per sentences file in the same order: a .jsonl file or a folder of them")
    ap.add_argument("--test-sentences", type=Path, help="test sentences (all scored as test; aggregate only)")
    ap.add_argument("--test-labels", type=Path, help="test labels: a .jsonl file or a folder of them")
    ap.add_argument("--params", default="params.yaml")
    ap.add_argument("--metrics", required=True, type=Path)
    ap.add_argument("--errors", required=True, type=Path, help="markdown of dev-split errors")
    args = ap.parse_args(argv)
    try:
        model = load_params(args.params).extract.model
        sentences = load_splits(args.sentences, args.labels, args.test_sentences, args.test_labels)
        metrics, results = evaluate_figures(sentences, model)
    except (ConfigError, EvalSetError, ModelError) as exc:
        print(f"evaluate_figures: {exc}", file=sys.stderr)
        return 2
    write_json(args.metrics, metrics)
    write_text(args.errors, render_dev_errors(sentences, results, metrics))
    for system in SYSTEMS:
        for split, groups in metrics[system].items():
            a = groups["all"]
            print(f"evaluate_figures: {system} {split}: value F1 {a['value']['f1']:.4f} {a['value']['f1_ci95']}, "
                  f"value+unit F1 {a['value_unit']['f1']:.4f} {a['value_unit']['f1_ci95']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
