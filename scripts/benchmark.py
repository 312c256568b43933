"""Benchmark of the real `dvc repro` path on the first N Reuters-21578 articles.

    .venv/bin/python scripts/benchmark.py --n 2000

Builds a temporary copy of the project whose input folder holds the seed articles (so the
evaluate stage has its gold) plus the first N stories of ../shared/corpora/reuters21578.jsonl.gz
as a gzipped JSON Lines dump (id, title, text, published_date), then, in that copy:

0. `dvc repro` of the stages that score fixed gold sets (evaluate_real, agreement,
   evaluate_figures): they read neither the input folder nor any corpus output, so adding
   articles never reruns them; they are timed and printed apart (GOLD_STAGES);
1. `dvc repro` from scratch of everything else (the corpus build: ingest, extract, resolve,
   validate, publish, the seed evaluate, report), serial backend, every stage command wrapped by
   scripts/stage_meter.py (wall seconds and peak RSS of the stage process and its children);
2. bare spaCy `nlp.pipe` over the same accepted bodies, in a fresh process;
3. the extract stage again, cold (no cache), with the process backend and --workers workers;
4. 10 more stories added to the input folder and `dvc repro` again (incremental run);
5. the fixed cost of the corpus build: each stage's process start-up (Python, the stage's module and
   the heavy libraries a cold run imports, the model load for extract), each in a fresh process,
   and DVC's own time (the whole run minus its stages). Together they bound the whole-run ratio
   from below, whatever the stages' work costs.

It prints per-stage wall and CPU seconds, articles/s and words/s, the ratios of the whole pipeline and of
extract to the bare parse, the parallel speedup of extract, peak RSS per process, and the
incremental run as a share of the full one. The corpus is read in place, never copied into
the project; the temporary copy is deleted unless --keep is given.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared/corpora/reuters21578.jsonl.gz"
PROJECT_FILES = ["dvc.yaml", "params.yaml", "seeds", "pipeline", "schemas", "data/gold", "data/eval"]
METER = ROOT / "scripts/stage_meter.py"
CORPUS_FOLDER = "seeds/reuters"
ADDED = 10
# Stages whose inputs are fixed gold sets (data/eval, data/gold), never the corpus.
GOLD_STAGES = ["evaluate_real", "agreement", "evaluate_figures"]
ARTICLES = "data/interim/articles"
# What a cold run of each corpus stage imports before its work starts (module, lazily imported
# libraries). Extract also loads the model, which the bare parse times apart.
STARTUP = {
    "ingest": "import pipeline.ingest",
    "extract": "import pipeline.extract; from pipeline.nlp import load_model; load_model(sys.argv[1])",
    "resolve": "import pipeline.resolve",
    "validate": "import pipeline.validate; from schemas.derive import import_gx; import_gx()",
    "publish": "import pipeline.publish",
    "evaluate": "import pipeline.evaluate.cli",
    "report": "import pipeline.report",
}


def corpus_lines(path: Path, stop: int, start: int = 0) -> list[str]:
    """Stories start..stop-1 of the corpus as JSON Lines records the ingest stage reads:
    id, title, text and the story's date as published_date."""
    lines = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i >= stop:
                break
            if i >= start:
                story = json.loads(line)
                lines.append(json.dumps({"id": story["id"], "title": story["title"], "text": story["text"],
                                         "published_date": story["date"]}, ensure_ascii=False))
    return lines


def write_articles(corpus: Path, folder: Path, start: int, stop: int) -> int:
    """Stories start..stop-1 of the corpus written into folder as one gzipped JSONL dump."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = corpus_lines(corpus, stop, start)
    (folder / f"reuters-{start:05d}.jsonl.gz").write_bytes(gzip.compress(("\n".join(lines) + "\n").encode("utf-8"), mtime=0))
    return len(lines)


def build_project(work: Path, corpus: Path, n: int) -> None:
    for name in PROJECT_FILES:
        src, dst = ROOT / name, work / name
        if src.is_dir():
            shutil.copytree(src, dst, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst)
    write_articles(corpus, work / CORPUS_FOLDER, 0, n)
    stages = yaml.safe_load((work / "dvc.yaml").read_text())
    for name, stage in stages["stages"].items():
        # the evaluation of the real dev/test articles reads the corpora beside the project
        stage["cmd"] = stage["cmd"].replace("--corpora ../shared/corpora", f"--corpora {corpus.parent}")
        stage["cmd"] = (f"{sys.executable} {METER} --record {work / 'stages.jsonl'} --stage {name} -- "
                        + stage["cmd"].replace("python ", f"{sys.executable} ", 1))
    (work / "dvc.yaml").write_text(yaml.safe_dump(stages, sort_keys=False))


def env() -> dict:
    return dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
                GX_ANALYTICS_ENABLED="False", CI="true")


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(cmd: list[str], cwd: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the command and all its descendants)."""
    start, cpu = time.perf_counter(), _cpu()
    done = subprocess.run(cmd, cwd=cwd, env=env(), capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"benchmark: {' '.join(cmd)} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return time.perf_counter() - start, _cpu() - cpu


def records(work: Path) -> list[dict]:
    path = work / "stages.jsonl"
    rows = [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []
    path.unlink(missing_ok=True)
    return rows


BARE_PARSE = """
import sys, time, pandas as pd, spacy
bodies = pd.read_parquet(sys.argv[1], columns=["body"])["body"].tolist()  # a folder of partitions
t = time.perf_counter(); nlp = spacy.load(sys.argv[2]); load = time.perf_counter() - t
t, c = time.perf_counter(), time.process_time()
for _ in nlp.pipe(bodies, batch_size=int(sys.argv[3])):
    pass
print(time.perf_counter() - t, time.process_time() - c, load)
"""


def bare_parse(work: Path, model: str, batch_size: int) -> tuple[float, float, float]:
    """(wall and CPU seconds of nlp.pipe over the accepted bodies, seconds to load the model)."""
    out = subprocess.run([sys.executable, "-c", BARE_PARSE, str(work / ARTICLES), model,
                          str(batch_size)], env=env(), capture_output=True, text=True, check=True)
    parse, parse_cpu, load = map(float, out.stdout.split())
    return parse, parse_cpu, load


def parallel_extract(work: Path, workers: int) -> dict:
    """The extract stage command, cold and with the process backend, into a scratch folder."""
    params = yaml.safe_load((work / "params.yaml").read_text())
    params["extract"].update(backend="process", workers=workers)
    (work / "params-process.yaml").write_text(yaml.safe_dump(params))
    scratch = work / "scratch"
    run([sys.executable, str(METER), "--record", str(work / "stages.jsonl"), "--stage", "extract", "--",
         sys.executable, "-m", "pipeline.extract", "--articles", ARTICLES,
         "--params", "params-process.yaml", "--out", str(scratch / "extracted"),
         "--errors", str(scratch / "errors.csv")], work)
    return records(work)[0]


def startup_costs(work: Path, model: str, rounds: int = 3) -> dict[str, float]:
    """CPU seconds of starting each corpus stage's process with nothing to do: Python, the
    stage's imports (and extract's model load); the least of `rounds` fresh processes."""
    costs = {}
    for stage, code in STARTUP.items():
        costs[stage] = min(run([sys.executable, "-c", f"import sys; {code}", model], work)[1]
                           for _ in range(rounds))
    return costs


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--n", type=int, default=2000, help="first N stories of the corpus")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--skip-parallel", action="store_true",
                    help="do not time the extract stage with --workers process workers (step 3)")
    ap.add_argument("--keep", type=Path, help="build the project copy here and keep it")
    ap.add_argument("--json", type=Path, help="also write the figures as JSON here")
    args = ap.parse_args(argv)
    if not args.corpus.exists():
        print(f"benchmark: corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    with gzip.open(args.corpus, "rt", encoding="utf-8") as fh:
        total = sum(1 for _ in fh)
    if args.n + ADDED > total:
        # the whole corpus: build on all but the last ADDED stories, which the incremental run adds
        print(f"benchmark: the corpus has {total} stories; the first {total - ADDED} are built, the last "
              f"{ADDED} added for the incremental run", file=sys.stderr)
        args.n = total - ADDED
    work = args.keep or Path(tempfile.mkdtemp(prefix="newsclaims-bench-"))
    if args.keep and work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True, exist_ok=True)
    try:
        build_project(work, args.corpus, args.n)
        run(["dvc", "init", "--no-scm", "-q"], work)
        load_before = os.getloadavg()[1]
        gold_total, gold_cpu = run(["dvc", "repro", *GOLD_STAGES], work)
        gold = {r["stage"]: r for r in records(work)}
        full_total, full_cpu = run(["dvc", "repro"], work)
        full = {r["stage"]: r for r in records(work)}
        assert not set(full) & set(GOLD_STAGES), "a gold-set stage reran on the corpus build"
        import pandas as pd
        articles = pd.read_parquet(work / ARTICLES, columns=["n_words"])
        rejects = pd.read_csv(work / "data/reports/rejects.csv")
        validation = json.loads((work / "data/reports/validation.json").read_text())
        quarantine = pd.read_csv(work / "data/reports/quarantine.csv", keep_default_na=False)
        n_articles, n_words = len(articles), int(articles["n_words"].sum())
        params = yaml.safe_load((work / "params.yaml").read_text())["extract"]
        parse, parse_cpu, load = bare_parse(work, params["model"], params["batch_size"])
        par = None if args.skip_parallel else parallel_extract(work, args.workers)
        write_articles(args.corpus, work / CORPUS_FOLDER, args.n, args.n + ADDED)
        incr_total, incr_cpu = run(["dvc", "repro"], work)
        incr = {r["stage"]: r for r in records(work)}
        startup = startup_costs(work, params["model"])
        load_after = os.getloadavg()[1]
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    def ratio(a, b):
        return a / b if b else float("nan")

    print(f"input: first {args.n} Reuters-21578 stories + {len(list((ROOT / 'seeds').glob('*.txt')))} seed "
          f"articles -> {n_articles} accepted, {len(rejects)} rejected "
          f"({ {k: int(v) for k, v in rejects['reason'].value_counts().items()} }), {n_words} words")
    print(f"validate: {validation['articles']}; quarantined articles by first failed check: "
          f"{ {k: int(v) for k, v in quarantine.drop_duplicates('source_id')['check'].value_counts().items()} }")
    print(f"backend serial, batch_size {params['batch_size']}, partition_size {params.get('partition_size')}; "
          f"5-min load average {load_before:.1f} before, {load_after:.1f} after on {os.cpu_count()} CPUs "
          f"(other jobs share the CPU: wall seconds are noisy, CPU seconds much less)")
    print(f"{'stage':9s} {'wall s':>8s} {'CPU s':>8s} {'articles/s':>11s} {'words/s':>9s} {'peak RSS MB':>12s}")
    for stage, r in full.items():
        print(f"{stage:9s} {r['seconds']:8.1f} {r['cpu_seconds']:8.1f} {n_articles / r['seconds']:11.1f} "
              f"{n_words / r['seconds']:9.0f} {r['stage_peak_mb']:12.0f}")
    print(f"{'dvc repro':9s} {full_total:8.1f} {full_cpu:8.1f} {n_articles / full_total:11.1f} "
          f"{n_words / full_total:9.0f}   (corpus build: every stage above, incl. DVC)")
    print(f"gold-set stages (run once before, never rerun by the corpus): dvc repro {' '.join(GOLD_STAGES)} "
          f"{gold_total:.1f} s wall, {gold_cpu:.1f} s CPU ("
          + ", ".join(f"{s} {r['seconds']:.1f}/{r['cpu_seconds']:.1f}" for s, r in gold.items()) + " wall/CPU s)")
    print(f"bare spaCy nlp.pipe over the same bodies: {parse:.1f} s wall, {parse_cpu:.1f} s CPU "
          f"(+ {load:.1f} s model load), {n_articles / parse:.1f} articles/s, {n_words / parse:.0f} words/s")
    extract, extract_cpu = full["extract"]["seconds"], full["extract"]["cpu_seconds"]
    print(f"whole dvc repro / bare parse: {ratio(full_total, parse):.2f}x wall, {ratio(full_cpu, parse_cpu):.2f}x CPU "
          f"(with the gold-set stages too: {ratio(full_total + gold_total, parse):.2f}x wall, "
          f"{ratio(full_cpu + gold_cpu, parse_cpu):.2f}x CPU)")
    print(f"extract / bare parse:         {ratio(extract, parse):.2f}x wall, {ratio(extract_cpu, parse_cpu):.2f}x CPU")
    vp = full["validate"]["seconds"] + full["publish"]["seconds"]
    vp_cpu = full["validate"]["cpu_seconds"] + full["publish"]["cpu_seconds"]
    print(f"validate + publish: {100 * ratio(vp, full_total):.1f}% of the whole run (wall), "
          f"{100 * ratio(vp_cpu, full_cpu):.1f}% (CPU)")
    if par is not None:
        print(f"extract with {args.workers} process workers: {par['seconds']:.1f} s wall ({par['cpu_seconds']:.1f} s CPU) "
              f"-> speedup {ratio(extract, par['seconds']):.2f}x over serial")
    print(f"peak RSS per process: " + ", ".join(f"{s} {r['largest_process_peak_mb']:.0f}" for s, r in full.items())
          + " MB" + ("" if par is None else f"; extract parallel parent {par['stage_peak_mb']:.0f} MB, workers "
                     f"{', '.join(f'{mb:.0f}' for mb in par['child_peaks_mb'][:args.workers])} MB")
          + f"; largest {max(r['largest_process_peak_mb'] for r in full.values()):.0f} MB")
    print(f"incremental: +{ADDED} stories -> dvc repro {incr_total:.1f} s wall = {100 * ratio(incr_total, full_total):.1f}% "
          f"of the full run ({100 * ratio(incr_cpu, full_cpu):.1f}% of its CPU); per stage (wall/CPU s): "
          + ", ".join(f"{s} {r['seconds']:.1f}/{r['cpu_seconds']:.1f}" for s, r in incr.items()))
    dvc_own = full_total - sum(r["seconds"] for r in full.values())
    fixed = sum(startup.values()) + dvc_own
    print(f"fixed cost of the corpus build: stage start-ups {sum(startup.values()):.1f} s CPU ("
          + ", ".join(f"{s} {c:.2f}" for s, c in startup.items()) + f") + DVC's own {dvc_own:.1f} s wall "
          f"= {fixed:.1f} s, {100 * ratio(fixed, parse):.0f}% of the bare parse: the whole run cannot go below "
          f"{1 + ratio(fixed, parse):.2f}x before any stage does its work")
    if args.json:
        args.json.write_text(json.dumps({
            "startup_cpu_s": startup, "dvc_own_s": dvc_own,
            "n": args.n, "articles": n_articles, "words": n_words, "full_total_s": full_total,
            "full_cpu_s": full_cpu, "full": full, "bare_parse_s": parse, "bare_parse_cpu_s": parse_cpu,
            "model_load_s": load, "parallel_extract": par, "gold_total_s": gold_total, "gold_cpu_s": gold_cpu,
            "gold": gold, "incremental_total_s": incr_total,
            "incremental_cpu_s": incr_cpu, "incremental": incr, "validation": validation["articles"],
            "rejects": {k: int(v) for k, v in rejects["reason"].value_counts().items()}, "load_average": [load_before, load_after]},
            indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
