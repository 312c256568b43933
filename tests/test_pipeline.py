"""End to end: `dvc repro` in a temporary copy of the project: the seeds pipeline, and the
evaluation on the real dev/test articles read from the shared corpora beside the project."""
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from schemas.tables import TABLES, cross_table_failures

ROOT = Path(__file__).resolve().parents[1]
PROJECT_FILES = ["dvc.yaml", "dvc.lock", "params.yaml", "pyproject.toml", "seeds", "pipeline", "schemas",
                 "data/gold", "data/eval"]


def run(cmd, cwd):
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
               GX_ANALYTICS_ENABLED="False")
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def project_copy(work: Path) -> Path:
    """The project's build files copied into `work`, a DVC repository with ../shared beside it
    (the stages read ../shared/corpora, as in a clean clone)."""
    shared = work.parent / "shared"
    if not shared.exists():
        shared.symlink_to(ROOT.parent / "shared")
    for name in PROJECT_FILES:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, work / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            (work / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, work / name)
    assert run(["dvc", "init", "--no-scm", "-q"], work).returncode == 0
    return work


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    work = project_copy(tmp_path_factory.mktemp("project"))
    first = run(["dvc", "repro"], work)
    assert first.returncode == 0, first.stdout + first.stderr
    return work


@pytest.mark.slow
def test_published_tables_pass_the_schemas(built):
    tables = {name: pd.read_parquet(built / "data/published" / f"{name}.parquet") for name in TABLES}
    tables["sources"]["published_date"] = tables["sources"]["published_date"].astype(object)
    for name, df in tables.items():
        assert len(df) > 0, name
        TABLES[name].validate(df, lazy=True)
    assert cross_table_failures(tables) == []
    assert len(tables["sources"]) == len(list((built / "seeds").glob("*.txt")))


@pytest.mark.slow
def test_rebuild_from_scratch_is_byte_identical(built):
    published = snapshot(built / "data/published")
    reports = snapshot(built / "data/reports")
    shutil.rmtree(built / "data/interim")
    shutil.rmtree(built / ".dvc/cache", ignore_errors=True)
    again = run(["dvc", "repro", "-f"], built)
    assert again.returncode == 0, again.stdout + again.stderr
    assert snapshot(built / "data/published") == published
    assert snapshot(built / "data/reports") == reports


@pytest.mark.slow
def test_committed_release_matches_a_fresh_build(built):
    """data/published and the metrics in the repository are what the current code builds (dvc repro
    was committed)."""
    assert snapshot(ROOT / "data/published") == snapshot(built / "data/published")
    assert snapshot(ROOT / "data/reports/metrics") == snapshot(built / "data/reports/metrics")


@pytest.mark.slow
def test_metrics_list_seeds_dev_test_and_agreement(built):
    out = run(["dvc", "metrics", "show", "--json"], built)
    assert out.returncode == 0, out.stderr
    shown = json.dumps(json.loads(out.stdout))
    for name in ("seeds", "dev", "test", "agreement"):
        assert f"data/reports/metrics/{name}.json" in shown
    assert not (built / "data/reports/errors/test.md").exists()
    assert "data/reports/figures_metrics.json" in shown


@pytest.mark.slow
def test_outlets_that_report_different_tariffs_form_one_disagreeing_group(built):
    groups = pd.read_parquet(built / "data/published/figure_groups.parquet")
    tariff = groups[(groups["unit"] == "percent") & groups["values_by_source"].map(
        lambda v: {x.split("=")[1] for x in v} == {"25", "27.5"})]
    assert len(tariff) == 1 and bool(tariff.iloc[0]["disagree"]) and tariff.iloc[0]["n_sources"] >= 2
    package = groups[(groups["unit"] == "USD") & (groups["min"] == 550e9)]
    assert len(package) == 1 and not bool(package.iloc[0]["disagree"]) and package.iloc[0]["n_sources"] >= 2


def working_copy(built: Path, tmp_path: Path) -> Path:
    """A copy of the built project for a test that damages or changes it (the module's build stays
    as it was for the other tests)."""
    work = tmp_path / "project"
    shutil.copytree(built, work, symlinks=True)
    (tmp_path / "shared").symlink_to(ROOT.parent / "shared")  # ../shared as beside a clone
    return work


def inodes(folder: Path) -> dict[str, int]:
    return {p.name: p.stat().st_ino for p in folder.iterdir() if p.is_file()}


@pytest.mark.slow
def test_kill_9_during_repro_leaves_the_release_intact_and_a_rerun_is_identical(built, tmp_path):
    """A machine that dies mid-build (kill -9, no cleanup) must not leave a half-written release."""
    import signal
    import time

    work = working_copy(built, tmp_path)
    release = work / "data/published"
    published, before = snapshot(release), inodes(release)
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
               GX_ANALYTICS_ENABLED="False")
    with open(tmp_path / "repro.log", "w") as log:
        proc = subprocess.Popen(["dvc", "repro", "-f"], cwd=work, env=env, stdout=log,
                                stderr=subprocess.STDOUT, start_new_session=True)
        # kill as soon as publish has replaced its first file: mid-release, before DVC records it
        while proc.poll() is None and inodes(release) == before:
            time.sleep(0.002)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
    seen = (tmp_path / "repro.log").read_text()
    assert "Running stage 'publish'" in seen and proc.returncode == -signal.SIGKILL, seen
    assert inodes(release) != before  # the kill landed while publish was writing
    # every release file is whole (old or new bytes, here the same); at most a hidden partial
    # write is left beside them, which the next publish removes
    after = snapshot(release)
    assert {k: v for k, v in after.items() if not re.fullmatch(r"\..+\.tmp", k)} == published
    again = run(["dvc", "repro"], work)
    assert again.returncode == 0, again.stdout + again.stderr
    assert snapshot(release) == published
    assert not [p for p in (work / "data").rglob("*.tmp")]


@pytest.mark.slow
def test_a_dvc_lock_cut_short_never_yields_a_different_release(built, tmp_path):
    """DVC writes dvc.lock in place, so a kill during that write leaves it cut short. `dvc repro`
    then either stops naming dvc.lock or rebuilds the same release; the README's recovery (delete
    dvc.lock, or `git checkout dvc.lock`, and rerun) rebuilds the same release from the caches."""
    work = working_copy(built, tmp_path)
    published = snapshot(work / "data/published")
    lock = (work / "dvc.lock").read_text()
    (work / "dvc.lock").write_text(lock[: len(lock) // 2])  # cut mid-line, as a kill leaves it
    broken = run(["dvc", "repro"], work)
    assert broken.returncode == 0 or "dvc.lock" in broken.stdout + broken.stderr, broken.stdout + broken.stderr
    if broken.returncode == 0:
        assert snapshot(work / "data/published") == published
    (work / "dvc.lock").unlink()
    again = run(["dvc", "repro"], work)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "extract: 0 article(s) parsed" in again.stdout  # the caches survive a lost lock
    assert snapshot(work / "data/published") == published


@pytest.mark.slow
def test_adding_an_article_parses_only_that_article(built, tmp_path):
    work = working_copy(built, tmp_path)
    (work / "seeds/zz_added.txt").write_text(
        "Port volumes rise\nContainer volumes at the port of Valdora rose 6% in October from a year "
        "earlier, the port authority said on Tuesday, citing stronger demand for machinery imports.\n",
        encoding="utf-8")
    again = run(["dvc", "repro"], work)
    assert again.returncode == 0, again.stdout + again.stderr
    n_seeds = len(list((built / "seeds").glob("*.txt")))
    assert f"1 article(s) parsed, {n_seeds} from the cache" in again.stdout
    assert f"1 input(s) read, {n_seeds} from the cache" in again.stdout
    # validate checks again only the rows of the units that changed
    reused = re.search(r"validate: row checks of (\d+) unit\(s\) reused, (\d+) checked", again.stdout)
    assert reused and int(reused[1]) > 0, again.stdout
    sources = pd.read_parquet(work / "data/published/sources.parquet")
    assert len(sources) == n_seeds + 1
    # ids of the articles that were there before do not move
    for table, key in (("claims", "claim_id"), ("figures", "figure_id"), ("mentions", "mention_id")):
        before = set(pd.read_parquet(built / f"data/published/{table}.parquet")[key])
        assert before <= set(pd.read_parquet(work / f"data/published/{table}.parquet")[key]), table
    added = set(sources.loc[sources["path"] == "seeds/zz_added.txt", "source_id"])
    new_mentions = pd.read_parquet(work / "data/published/mentions.parquet")
    touched = set(new_mentions.loc[new_mentions["source_id"].isin(added), "entity_id"])
    untouched = set(pd.read_parquet(built / "data/published/entities.parquet")["entity_id"]) - touched
    assert untouched <= set(pd.read_parquet(work / "data/published/entities.parquet")["entity_id"])
    # the incremental build is the from-scratch build of the same inputs, byte for byte
    incremental = snapshot(work / "data/published"), snapshot(work / "data/reports")
    shutil.rmtree(work / "data/interim")  # every cache and intermediate table
    scratch = run(["dvc", "repro"], work)
    assert scratch.returncode == 0, scratch.stdout + scratch.stderr
    assert f"{n_seeds + 1} input(s) read, 0 from the cache" in scratch.stdout
    assert (snapshot(work / "data/published"), snapshot(work / "data/reports")) == incremental
