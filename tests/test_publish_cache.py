"""publish's store of CSV text of runs of rows: the bytes are always write_csv's."""
import random
import sqlite3

import pandas as pd

from pipeline import publish, publish_cache
from pipeline.io import csv_safe_frame, write_csv, write_json, write_parquet
from pipeline.publish_cache import CsvRunCache, row_runs
from pipeline.validate import file_sha256
from tests.factories import valid_tables


def frame(rng, n):
    """Rows like a published table's: text needing quotes or a formula escape, nulls, floats, ints."""
    words = ["plain", "with, comma", 'a "quote"', "line\r\nbreak", "=SUM(A1)", "ünï", "", None]
    return pd.DataFrame({
        "id": [f"src-{rng.randrange(10**6):06d}" for _ in range(n)],
        "text": [rng.choice(words) for _ in range(n)],
        "value": [rng.choice([1.5, 0.1, 1e16, 2e-7, float("nan"), 3.0]) for _ in range(n)],
        "start": [rng.randrange(1000) for _ in range(n)],
    }).sort_values("id").reset_index(drop=True)


def written(tmp_path, df, name="t.csv"):
    write_csv(tmp_path / name, df)
    return (tmp_path / name).read_bytes()


def cached(cache, df):
    return b"".join(cache.table_text(csv_safe_frame(df)))


def test_text_from_the_store_is_the_csv_writer_bytes_after_adding_changing_and_removing_rows(tmp_path, monkeypatch):
    monkeypatch.setattr(publish_cache, "CHUNK_BITS", 2)  # short runs, so that edits hit some and miss others
    rng = random.Random(11)
    df = frame(rng, 300)
    cache = CsvRunCache(tmp_path / "cache")
    assert cached(cache, df) == written(tmp_path, df)
    assert cache.hits == 0 and cache.misses == len({key for _, _, key in row_runs(csv_safe_frame(df))})
    for _ in range(5):
        df = df.drop(index=rng.sample(list(df.index), 7))
        df.loc[rng.sample(list(df.index), 3), "text"] = "changed, now"
        df = pd.concat([df, frame(rng, 9)]).sort_values("id").reset_index(drop=True)
        cache.hits = cache.misses = 0
        assert cached(cache, df) == written(tmp_path, df)
        assert cache.hits > 0 and cache.misses > 0
    assert cached(CsvRunCache(tmp_path / "cache"), df.iloc[:0]) == written(tmp_path, df.iloc[:0])


def test_a_code_or_pandas_change_misses_and_prune_drops_the_old_entries(tmp_path, monkeypatch):
    df = frame(random.Random(2), 50)
    cache = CsvRunCache(tmp_path / "cache")
    cached(cache, df)
    cache.close()
    publish_cache.cache_version.cache_clear()
    monkeypatch.setattr(publish_cache, "package_version", lambda name: "other")
    try:
        cache = CsvRunCache(tmp_path / "cache")
        assert cached(cache, df) == written(tmp_path, df)
        assert cache.hits == 0 and cache.misses > 0
        cache.prune()
        versions = {v for (v,) in cache.db.execute("SELECT version FROM entries")}
        assert versions == {cache.version}
    finally:
        cache.close()
        publish_cache.cache_version.cache_clear()


def test_a_damaged_entry_is_formatted_again_not_published(tmp_path, capsys):
    df = frame(random.Random(3), 200)
    cache = CsvRunCache(tmp_path / "cache")
    cached(cache, df)
    cache.db.execute("UPDATE entries SET text = CAST('x,1\r\n' AS BLOB)")  # every entry damaged
    cache.db.commit()
    cache.hits = cache.misses = 0
    assert cached(cache, df) == written(tmp_path, df)
    assert cache.hits == 0
    assert "damaged cache entry" in capsys.readouterr().err


def test_an_unreadable_store_file_starts_an_empty_one(tmp_path, capsys):
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / CsvRunCache.db_name).write_bytes(b"not a database" * 100)
    df = frame(random.Random(4), 20)
    assert cached(CsvRunCache(tmp_path / "cache"), df) == written(tmp_path, df)
    assert "unreadable" in capsys.readouterr().err


def publish_with_cache(tmp_path, tables, cache):
    src = tmp_path / "validated"
    hashes = {}
    for name, df in tables.items():
        write_parquet(src / f"{name}.parquet", df)
        hashes[name] = file_sha256(src / f"{name}.parquet")
    write_json(tmp_path / "validation.json", {"success": True, "sha256": hashes})
    (tmp_path / "params.yaml").write_text("publish:\n  texts: true\n")
    out = tmp_path / ("out-cached" if cache else "out")
    args = ["--tables", str(src), "--validation", str(tmp_path / "validation.json"),
            "--params", str(tmp_path / "params.yaml"), "--out", str(out)]
    assert publish.main(args + (["--cache", str(tmp_path / "cache")] if cache else [])) == 0
    return {p.name: p.read_bytes() for p in out.iterdir()}


def test_the_stage_with_its_cache_publishes_the_bytes_it_publishes_without(tmp_path, capsys):
    tables = valid_tables()
    assert publish_with_cache(tmp_path, tables, cache=True) == publish_with_cache(tmp_path, tables, cache=False)
    tables["claims"] = tables["claims"].assign(text=tables["claims"]["text"] + " (updated)")
    assert publish_with_cache(tmp_path, tables, cache=True) == publish_with_cache(tmp_path, tables, cache=False)
    assert "run(s) of rows reused" in capsys.readouterr().out
    assert sqlite3.connect(tmp_path / "cache" / CsvRunCache.db_name).execute(
        "SELECT count(*) FROM entries").fetchone()[0] > 0
