"""Leave-one-batch-out cross-validation of the fine-tuned recognizer (scripts/train_ner.py) on dev.

For each of the five dev batches (the first 16 articles, then the batches of seeds 20261130,
20261202, 20261204, 20261206) the ner is trained on the other four (+ rehearsal), and the held-out
batch is scored with the full pipeline (evaluate_real.evaluate_split) once with the fine-tuned model
and once with the stock model. Only dev articles are read or scored.

    python scripts/cv_ner.py --out /tmp/ner7/cv_e4.json [--epochs 4 --rehearsal 200 ...]
"""
from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import dataclasses  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import train_ner  # noqa: E402
from pipeline.config import load_params  # noqa: E402
from pipeline.evaluate.gold import corpus_gold_schema, load_gold, read_schema  # noqa: E402
from pipeline.evaluate_real import evaluate_split, read_records, read_selection, source_path  # noqa: E402

BATCHES = (None, 20261130, 20261202, 20261204, 20261206)
METRICS = ("entities", "claims", "figures")


def batch_name(batch) -> str:
    return "first" if batch is None else str(batch)


def summary(metrics: dict) -> dict:
    """Counts per corpus (so folds can be pooled) and the fold's own scores."""
    out = {}
    for corpus, m in metrics["by_corpus"].items():
        row = {k: {c: m[k][c] for c in ("tp", "fp", "fn", "f1")} for k in METRICS}
        row["speaker_accuracy"] = m["claims"]["speaker_accuracy"]
        row["type_accuracy"] = m["entities"]["type_accuracy"]
        out[corpus] = row
    return out


def evaluate_batch(items, records, gold, params, model: str) -> dict:
    params = dataclasses.replace(params, extract=dataclasses.replace(params.extract, model=model))
    metrics, _ = evaluate_split(items, records, gold, params)
    return summary(metrics)


def pooled(folds: list[dict], key: str) -> dict:
    out = {}
    for corpus in ("reuters21578", "web-pages"):
        row = {}
        for k in METRICS:
            tp = sum(f[key][corpus][k]["tp"] for f in folds)
            fp = sum(f[key][corpus][k]["fp"] for f in folds)
            fn = sum(f[key][corpus][k]["fn"] for f in folds)
            row[k] = round(2 * tp / (2 * tp + fp + fn), 4) if tp else 0.0
        # speaker accuracy is over matched claims: weight each fold by its matched claims
        w = [f[key][corpus]["claims"]["tp"] for f in folds]
        row["speaker"] = round(sum(f[key][corpus]["speaker_accuracy"] * n for f, n in zip(folds, w)) / sum(w), 4)
        out[corpus] = row
    return out


def markdown_table(result: dict) -> str:
    """Per fold and pooled scores, tuned vs stock, per corpus."""
    short = {"reuters21578": "R", "web-pages": "W"}
    lines = ["| held out | corpus | entities stock → tuned | claims stock → tuned | speaker stock → tuned | figures stock → tuned |",
             "|---|---|---|---|---|---|"]
    for fold in result["folds"]:
        for corpus in ("reuters21578", "web-pages"):
            s, t = fold["stock"][corpus], fold["tuned"][corpus]
            cells = [f"{s[k]['f1']:.3f} → {t[k]['f1']:.3f}" for k in ("entities", "claims")]
            cells.append(f"{s['speaker_accuracy']:.3f} → {t['speaker_accuracy']:.3f}")
            cells.append(f"{s['figures']['f1']:.3f} → {t['figures']['f1']:.3f}")
            lines.append(f"| {fold['held_out']} | {short[corpus]} | " + " | ".join(cells) + " |")
    for corpus in ("reuters21578", "web-pages"):
        s, t = result["pooled"]["stock"][corpus], result["pooled"]["tuned"][corpus]
        cells = [f"**{s[k]:.4f} → {t[k]:.4f}**" for k in ("entities", "claims", "speaker", "figures")]
        lines.append(f"| pooled | {short[corpus]} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True, type=Path)
    ap.add_argument("--corpora", type=Path, default=ROOT.parent / "shared/corpora")
    ap.add_argument("--models", type=Path, default=Path("/tmp/ner7/models"))
    ap.add_argument("--stock", type=Path, help="JSON of a previous run whose stock scores are reused")
    defaults = train_ner.TrainSettings()
    for field, value in dataclasses.asdict(defaults).items():
        ap.add_argument(f"--{field.replace('_', '-')}", type=type(value), default=value)
    ap.add_argument("--table", action="store_true", help="print the markdown table of --out (an earlier run) and stop")
    args = ap.parse_args(argv)
    if args.table:
        print(markdown_table(json.loads(args.out.read_text())), end="")
        return 0
    settings = train_ner.TrainSettings(**{f: getattr(args, f) for f in dataclasses.asdict(defaults)})
    params = load_params(ROOT / "params.yaml")
    selection = read_selection(ROOT / "data/eval/selection.json")
    schema = corpus_gold_schema(read_schema(ROOT / "data/gold/gold.schema.json"))
    all_gold = load_gold(ROOT / "data/eval/dev/gold", schema, allow_empty=True)
    stock_prev = json.loads(args.stock.read_text())["folds"] if args.stock else None
    folds = []
    for n, batch in enumerate(BATCHES):
        items = [i for i in selection if i["split"] == "dev" and i.get("batch") == batch]
        records = read_records(args.corpora, items)
        gold = {source_path(i): all_gold[source_path(i)] for i in items}
        nlp, info = train_ner.train_from_dev(ROOT, args.corpora, [batch], settings, params.extract.model, params)
        model_dir = args.models / f"{settings.epochs}e_{settings.rehearsal}r_{settings.learn_rate}_{batch_name(batch)}"
        model_dir.parent.mkdir(parents=True, exist_ok=True)
        nlp.to_disk(model_dir)
        del nlp
        started = time.time()
        fold = {"held_out": batch_name(batch), "train": info,
                "tuned": evaluate_batch(items, records, gold, params, str(model_dir)),
                "stock": stock_prev[n]["stock"] if stock_prev else evaluate_batch(items, records, gold, params, params.extract.model)}
        fold["eval_seconds"] = round(time.time() - started, 1)
        folds.append(fold)
        print(json.dumps({"held_out": fold["held_out"], "train_seconds": info["train_seconds"],
                          "tuned": {c: {k: fold["tuned"][c][k]["f1"] for k in METRICS} for c in fold["tuned"]},
                          "stock": {c: {k: fold["stock"][c][k]["f1"] for k in METRICS} for c in fold["stock"]}}),
              flush=True)
    result = {"settings": dataclasses.asdict(settings), "folds": folds,
              "pooled": {"tuned": pooled(folds, "tuned"), "stock": pooled(folds, "stock")}}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result["pooled"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
