import pandas as pd
import pandas.testing as pdt
import pytest

from pipeline.config import ExtractParams
from pipeline.extract import TABLES, extract_articles

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
