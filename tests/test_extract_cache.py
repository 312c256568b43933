import shutil
from dataclasses import replace

import pandas as pd
import pandas.testing as pdt
import pytest

import pipeline.extract as extract
from pipeline import extract_cache
from pipeline.config import ExtractParams
from pipeline.extract import TABLES, extract_articles
from pipeline.extract_cache import ExtractCache, article_key, code_fingerprint, extractor_version

PARAMS = ExtractParams(backend="serial", batch_size=2)
BODIES = [
    '"We expect wheat exports to reach 12 million tonnes," Agriculture Minister Ana Silva said on Monday.',
    "According to the central bank, inflation slowed to 3.1% in May from 4.2% in April.",
    "Shares of Acme Corp rose 8% after the company said it would cut 1,200 jobs.",
    "Prime Minister John Carter told parliament the budget deficit would fall to $12 billion next year.",
    "Unemployment rose to 5.4% in March, the statistics office said, up from 5.1% a year earlier.",
]
ARTICLES = pd.DataFrame({"source_id": [f"src-{i:016x}" for i in range(len(BODIES))], "body": BODIES})


@pytest.fixture
def parsed(monkeypatch):
    """source_ids handed to the parser, in order."""
    seen = []
    real = extract.extract_batch

    def counting(batch, model, batch_size=16, **limits):
        seen.extend(sid for sid, _ in batch)
        return real(batch, model, batch_size, **limits)

    monkeypatch.setattr(extract, "extract_batch", counting)
    return seen


@pytest.fixture(scope="module")
def cold():
    return extract_articles(ARTICLES, PARAMS)


def cache_at(path, params=PARAMS):
    return ExtractCache(path, extractor_version(params))


def assert_same_tables(got, expected):
    for name in TABLES:
        pdt.assert_frame_equal(got[name], expected[name], check_dtype=True)


def test_second_run_parses_nothing_and_gives_the_cold_rows(tmp_path, parsed, cold):
    with cache_at(tmp_path) as cache:
        first = extract_articles(ARTICLES, PARAMS, cache)
    assert sorted(parsed) == sorted(ARTICLES["source_id"])
    parsed.clear()
    with cache_at(tmp_path) as cache:
        again = extract_articles(ARTICLES, PARAMS, cache)
        assert (cache.hits, cache.misses) == (len(ARTICLES), 0)
    assert parsed == []
    assert_same_tables(first, cold)
    assert_same_tables(again, cold)


def test_added_articles_are_the_only_ones_parsed(tmp_path, parsed, cold):
    with cache_at(tmp_path) as cache:
        extract_articles(ARTICLES.iloc[:3], PARAMS, cache)
    parsed.clear()
    with cache_at(tmp_path) as cache:
        mixed = extract_articles(ARTICLES, PARAMS, cache)
    assert sorted(parsed) == sorted(ARTICLES["source_id"].iloc[3:])
    assert_same_tables(mixed, cold)


def test_changed_body_is_parsed_again(tmp_path, parsed):
    with cache_at(tmp_path) as cache:
        extract_articles(ARTICLES, PARAMS, cache)
    edited = ARTICLES.copy()
    edited.loc[1, "body"] = "According to the central bank, inflation slowed to 2.9% in June."
    parsed.clear()
    with cache_at(tmp_path) as cache:
        out = extract_articles(edited, PARAMS, cache)
    assert parsed == [edited.loc[1, "source_id"]]
    assert "2.9%" in set(out["figures"]["text"])


def test_execution_params_share_entries_and_output_params_do_not():
    version = extractor_version(PARAMS)
    assert extractor_version(replace(PARAMS, backend="process", workers=8, batch_size=64,
                                     partition_size=7, scheduler_address="tcp://h:8786")) == version
    assert extractor_version(replace(PARAMS, model="en_core_web_md")) != version


def test_editing_an_extractor_changes_the_version(tmp_path, monkeypatch):
    for rel in ("pipeline", "schemas"):
        shutil.copytree(extract_cache._ROOT / rel, tmp_path / rel, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(extract_cache, "_ROOT", tmp_path)
    code_fingerprint.cache_clear()
    try:
        before = extractor_version(PARAMS)
        with open(tmp_path / "pipeline/extractors/figures.py", "a") as fh:
            fh.write("\n# a rule changed\n")
        code_fingerprint.cache_clear()
        assert extractor_version(PARAMS) != before
    finally:
        code_fingerprint.cache_clear()


def test_new_version_re_extracts_everything_and_keeps_no_old_entries(tmp_path, parsed):
    with ExtractCache(tmp_path, "old-code") as cache:
        extract_articles(ARTICLES, PARAMS, cache)
    parsed.clear()
    with ExtractCache(tmp_path, "new-code") as cache:
        extract_articles(ARTICLES, PARAMS, cache)
        assert cache.hits == 0
        cache.prune()
        versions = [v for (v,) in cache.db.execute("SELECT version FROM entries")]
    assert versions == ["new-code"] * len(ARTICLES)
    assert sorted(parsed) == sorted(ARTICLES["source_id"])


def test_prune_drops_articles_no_longer_in_the_corpus(tmp_path):
    with cache_at(tmp_path) as cache:
        extract_articles(ARTICLES, PARAMS, cache)
    with cache_at(tmp_path) as cache:
        extract_articles(ARTICLES.iloc[:2], PARAMS, cache)
        assert cache.prune() == len(ARTICLES) - 2
        keys = {k for (k,) in cache.db.execute("SELECT key FROM entries")}
    assert keys == {article_key(s, b) for s, b in zip(ARTICLES["source_id"][:2], ARTICLES["body"][:2])}


def test_article_an_extractor_failed_on_is_not_cached(tmp_path, monkeypatch):
    bad = ARTICLES["source_id"].iloc[0]
    real = extract.rows_from_doc

    def flaky(source_id, doc):
        if source_id == bad:
            raise ValueError("boom")
        return real(source_id, doc)

    monkeypatch.setattr(extract, "rows_from_doc", flaky)
    with cache_at(tmp_path) as cache:
        out = extract_articles(ARTICLES, PARAMS, cache)
    assert out["errors"]["source_id"].tolist() == [bad]
    with cache_at(tmp_path) as cache:
        cached = cache.get_many([article_key(s, b) for s, b in zip(ARTICLES["source_id"], ARTICLES["body"])])
    assert len(cached) == len(ARTICLES) - 1
    assert article_key(bad, ARTICLES["body"].iloc[0]) not in cached


def test_unreadable_cache_file_is_replaced_not_fatal(tmp_path, capsys, cold):
    (tmp_path / extract_cache.DB_NAME).write_bytes(b"this is not a database" * 100)
    with cache_at(tmp_path) as cache:
        out = extract_articles(ARTICLES, PARAMS, cache)
    assert "unreadable" in capsys.readouterr().err
    assert_same_tables(out, cold)


def _write_parts(folder, parts):
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("part-*.parquet"):
        old.unlink()
    for i, rows in enumerate(parts):
        pd.DataFrame(rows, columns=["source_id", "body"]).to_parquet(folder / f"part-{i:05d}.parquet", index=False)


def _outputs(folder):
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_ino)
            for p in sorted(folder.rglob("part-*.parquet"))}


def test_unchanged_input_partitions_are_reused_whole(tmp_path, parsed):
    from pipeline.extract import extract_to_folder
    from pipeline.partitions import read_table

    rows = list(zip(ARTICLES["source_id"], ARTICLES["body"]))
    articles, out, cache_dir = tmp_path / "articles", tmp_path / "extracted", tmp_path / "cache"
    _write_parts(articles, [rows[:2], rows[2:4]])
    extract_to_folder(articles, out, PARAMS, cache_dir)
    first = _outputs(out)
    parsed.clear()
    _, _, cache = extract_to_folder(articles, out, PARAMS, cache_dir)
    assert parsed == [] and (cache.hits, cache.misses) == (4, 0)
    assert _outputs(out) == first  # the same files, linked: DVC need not hash them again
    # a new article in the second partition: only that partition is looked up, only it parsed
    _write_parts(articles, [rows[:2], rows[2:5]])
    extract_to_folder(articles, out, PARAMS, cache_dir)
    assert parsed == [rows[4][0]]
    assert _outputs(out)["mentions/part-00000.parquet"] == first["mentions/part-00000.parquet"]
    scratch = tmp_path / "scratch"
    extract_to_folder(articles, scratch, PARAMS)
    for name in ("mentions", "figures", "claims", "outlets"):
        pdt.assert_frame_equal(read_table(out, name), read_table(scratch, name))


def test_encoded_entries_read_back_as_the_rows_stored(tmp_path):
    from pipeline.extract_cache import encode_entry

    rows = {name: [] for name in TABLES}
    rows["figures"] = [{"source_id": "a", "start": 3, "value": 2.5, "unit": "USD", "low": None}]
    rows["outlets"] = [{"source_id": "a", "cited_outlets": ["Reuters"]}]
    with cache_at(tmp_path) as cache:
        cache.put_encoded([("k1", encode_entry(rows))])
        cache.put_many([("k2", rows)])
        assert cache.get_many(["k1", "k2"]) == {"k1": rows, "k2": rows}
