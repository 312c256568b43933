"""Streaming ingest: partitioned output, the per-input cache, and partitions that stay put when
articles are added."""
import datetime as dt
import gzip
import json

import pandas as pd
import pandas.testing as pdt
import pytest

from pipeline.ingest import ends_partition, main
from pipeline.ingest_cache import usable
from pipeline.partitions import part_files, read_rows

WORDS = ("harvest wheat exports prices buyers market copper stockpiles warehouses demand wire makers summer "
         "holidays china ministry monday traders shares company jobs budget deficit parliament bank inflation").split()


def story(i: int) -> str:
    """A distinct article body of about 60 words."""
    words = [WORDS[(i * 7 + k * (i % 5 + 1)) % len(WORDS)] for k in range(60)]
    return f"Story number {i} says " + " ".join(words) + f". The figure was {i} percent, officials said."


def write_dump(folder, name, records):
    folder.mkdir(parents=True, exist_ok=True)
    lines = "\n".join(json.dumps(r) for r in records) + "\n"
    (folder / name).write_bytes(gzip.compress(lines.encode(), mtime=0))


def records(start, stop):
    return [{"id": str(i), "title": f"Story {i}", "text": story(i), "published_date": "1987-03-02"}
            for i in range(start, stop)]


def run_ingest(tmp_path, monkeypatch, partition_size=1000, cache=True, out="out/articles", extra=""):
    (tmp_path / "params.yaml").write_text(f"ingest:\n  min_body_words: 5\n  partition_size: {partition_size}\n{extra}")
    monkeypatch.chdir(tmp_path)
    args = ["--inputs", "seeds", "--articles", out, "--rejects", "out/rejects.csv"]
    if cache:
        args += ["--cache", "out/cache"]
    assert main(args) == 0
    return read_rows(tmp_path / out)


@pytest.fixture
def corpus(tmp_path):
    write_dump(tmp_path / "seeds", "a.jsonl.gz", records(0, 40))
    # a syndicated copy of story 3 far from it in the input, so that it lands in another partition
    copy = {"id": "copy", "title": "Copy", "text": story(3) + " Reporting by Jane Doe.", "published_date": "1987-03-03"}
    write_dump(tmp_path / "seeds", "b.jsonl.gz", records(40, 60) + [copy])
    return tmp_path


@pytest.mark.parametrize("size", [1, 7])
def test_partition_size_never_changes_the_articles(corpus, monkeypatch, size):
    whole = run_ingest(corpus, monkeypatch, partition_size=10_000, cache=False, out="out/whole")
    parted = run_ingest(corpus, monkeypatch, partition_size=size, cache=False, out=f"out/p{size}")
    assert len(part_files(corpus / "out/whole")) == 1
    assert len(part_files(corpus / f"out/p{size}")) > 1
    pdt.assert_frame_equal(parted, whole)


def test_near_duplicate_is_found_across_partitions(corpus, monkeypatch):
    articles = run_ingest(corpus, monkeypatch, partition_size=1, cache=False)
    original = articles.loc[articles["path"].str.endswith("a.jsonl.gz#L4"), "source_id"].item()
    copy = articles[articles["external_id"] == "copy"]
    assert copy["duplicate_of"].item() == original


def test_partitions_end_where_the_content_says_and_at_twice_the_size():
    sha = "0" * 64  # hash 0: a boundary for every size
    assert ends_partition(sha, 1000, 1)
    assert not ends_partition("0" * 14 + "1" + "0" * 49, 1000, 5)
    assert ends_partition("0" * 14 + "1" + "0" * 49, 1000, 2000)


def test_second_run_reads_nothing_and_writes_the_same_bytes(corpus, monkeypatch, capsys):
    first = run_ingest(corpus, monkeypatch, partition_size=7)
    before = {p.name: (p.read_bytes(), p.stat().st_ino) for p in part_files(corpus / "out/articles")}
    capsys.readouterr()
    again = run_ingest(corpus, monkeypatch, partition_size=7)
    assert "0 input(s) read, 61 from the cache" in capsys.readouterr().out
    pdt.assert_frame_equal(again, first)
    after = {p.name: (p.read_bytes(), p.stat().st_ino) for p in part_files(corpus / "out/articles")}
    assert after == before  # unchanged partitions are the same files (hard links), not rewrites


def test_added_articles_are_read_alone_and_give_the_from_scratch_output(corpus, monkeypatch, capsys):
    run_ingest(corpus, monkeypatch, partition_size=7)
    before = {p.stat().st_ino for p in part_files(corpus / "out/articles")}
    write_dump(corpus / "seeds", "c.jsonl.gz", records(60, 63))
    capsys.readouterr()
    incremental = run_ingest(corpus, monkeypatch, partition_size=7)
    assert "3 input(s) read, 61 from the cache" in capsys.readouterr().out
    scratch = run_ingest(corpus, monkeypatch, partition_size=7, cache=False, out="out/scratch")
    pdt.assert_frame_equal(incremental, scratch)
    assert [p.read_bytes() for p in part_files(corpus / "out/articles")] == \
        [p.read_bytes() for p in part_files(corpus / "out/scratch")]
    after = {p.stat().st_ino for p in part_files(corpus / "out/articles")}
    assert len(after - before) <= 2  # the last partition and the new one; the rest are kept


def test_a_changed_param_reads_every_input_again(corpus, monkeypatch, capsys):
    run_ingest(corpus, monkeypatch)
    capsys.readouterr()
    articles = run_ingest(corpus, monkeypatch, extra="  languages: [en, de]\n")
    assert "61 input(s) read, 0 from the cache" in capsys.readouterr().out
    assert len(articles) == 61


def test_rejects_are_cached_too(tmp_path, monkeypatch, capsys):
    write_dump(tmp_path / "seeds", "a.jsonl.gz", records(0, 3) + [{"id": "x", "text": "Too short."}])
    run_ingest(tmp_path, monkeypatch)
    first = pd.read_csv(tmp_path / "out/rejects.csv")
    capsys.readouterr()
    run_ingest(tmp_path, monkeypatch)
    assert "0 input(s) read, 4 from the cache" in capsys.readouterr().out
    pdt.assert_frame_equal(pd.read_csv(tmp_path / "out/rejects.csv"), first)
    assert first["reason"].tolist() == ["too_short"]


def test_an_entry_that_refused_a_future_date_holds_only_on_its_own_day():
    day = dt.date(2026, 1, 10)
    stable = {"latest": day.isoformat(), "stable": True}
    bound = {"latest": day.isoformat(), "stable": False}
    assert usable(stable, day) and usable(stable, day + dt.timedelta(days=30))
    assert usable(bound, day) and not usable(bound, day + dt.timedelta(days=1))
    assert not usable(stable, day - dt.timedelta(days=1))  # a clock set back: dates may now be future


def test_an_article_dated_in_the_future_is_read_again_the_next_day(tmp_path, monkeypatch, capsys):
    import pipeline.ingest as ingest

    record = {"id": "f", "text": story(1), "published_date": "2026-06-01"}
    write_dump(tmp_path / "seeds", "a.jsonl.gz", [record] + records(2, 4))

    monkeypatch.setattr(ingest, "today", lambda: dt.date(2026, 5, 31))
    first = run_ingest(tmp_path, monkeypatch)
    assert first.loc[first["external_id"] == "f", "published_date"].isna().item()  # after "today": refused
    monkeypatch.setattr(ingest, "today", lambda: dt.date(2026, 6, 2))
    capsys.readouterr()
    again = run_ingest(tmp_path, monkeypatch)
    assert "1 input(s) read, 2 from the cache" in capsys.readouterr().out
    assert again.loc[again["external_id"] == "f", "published_date"].item() == dt.date(2026, 6, 1)



def _scratch_equal(corpus, monkeypatch, incremental, size):
    scratch = run_ingest(corpus, monkeypatch, partition_size=size, cache=False, out="out/scratch")
    pdt.assert_frame_equal(incremental, scratch)
    assert [p.read_bytes() for p in part_files(corpus / "out/articles")] == \
        [p.read_bytes() for p in part_files(corpus / "out/scratch")]


def test_unchanged_partitions_are_linked_without_reading_their_rows(corpus, monkeypatch):
    from pipeline.ingest_cache import IngestCache

    run_ingest(corpus, monkeypatch, partition_size=7)
    read = []
    articles = IngestCache.articles
    monkeypatch.setattr(IngestCache, "articles", lambda self, keys: read.append(len(keys)) or articles(self, keys))
    write_dump(corpus / "seeds", "c.jsonl.gz", records(60, 63))
    incremental = run_ingest(corpus, monkeypatch, partition_size=7)
    # only the partition the new stories join is built from rows; it holds at most 2 * 7 articles
    assert len(read) <= 1 and sum(read) <= 14
    _scratch_equal(corpus, monkeypatch, incremental, 7)


def _partition_of(folder, external_id):
    for path in part_files(folder):
        part = pd.read_parquet(path)
        if external_id in set(part["external_id"]):
            return part
    raise AssertionError(external_id)


def test_a_partition_whose_duplicate_of_changed_is_rewritten(corpus, monkeypatch):
    first = run_ingest(corpus, monkeypatch, partition_size=7)
    original = first.loc[first["path"].str.endswith("a.jsonl.gz#L4"), "source_id"].item()
    assert first.loc[first["external_id"] == "copy", "duplicate_of"].item() == original
    before = _partition_of(corpus / "out/articles", "copy")
    # story 3 is rewritten: its copy, in another partition whose articles stay the same, is no
    # longer a duplicate of it
    changed = records(0, 40)
    changed[3]["text"] = "An unrelated report about " + " ".join(f"item{k}" for k in range(40)) + "."
    write_dump(corpus / "seeds", "a.jsonl.gz", changed)
    incremental = run_ingest(corpus, monkeypatch, partition_size=7)
    after = _partition_of(corpus / "out/articles", "copy")
    assert after["source_id"].tolist() == before["source_id"].tolist()
    assert after.loc[after["external_id"] == "copy", "duplicate_of"].item() != original
    _scratch_equal(corpus, monkeypatch, incremental, 7)


def test_a_damaged_previous_partition_is_written_again(corpus, monkeypatch):
    run_ingest(corpus, monkeypatch, partition_size=7)
    first = part_files(corpus / "out/articles")[0]
    good = first.read_bytes()
    first.unlink()  # break the hard link the cache could follow, then damage the file
    first.write_bytes(good[:-10] + b"0123456789")
    again = run_ingest(corpus, monkeypatch, partition_size=7)
    assert part_files(corpus / "out/articles")[0].read_bytes() == good
    _scratch_equal(corpus, monkeypatch, again, 7)


def test_jsonl_lines_are_parsed_only_when_the_cache_does_not_know_them(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "seeds"
    folder.mkdir()
    good = [json.dumps(r) for r in records(0, 3)]
    (folder / "a.jsonl").write_text("\n".join(good + ["{not json", "[1, 2]"]) + "\n")
    first = run_ingest(tmp_path, monkeypatch)
    rejects = pd.read_csv(tmp_path / "out/rejects.csv")
    assert rejects["reason"].tolist() == ["invalid_json", "invalid_json"]
    capsys.readouterr()
    again = run_ingest(tmp_path, monkeypatch)
    assert "0 input(s) read, 3 from the cache" in capsys.readouterr().out
    pdt.assert_frame_equal(again, first)
    pdt.assert_frame_equal(pd.read_csv(tmp_path / "out/rejects.csv"), rejects)
    # a changed line is a new input: read (and parsed) again
    changed = json.loads(good[1])
    changed["title"] = "Changed"
    (folder / "a.jsonl").write_text("\n".join([good[0], json.dumps(changed), good[2], "{not json", "[1, 2]"]) + "\n")
    capsys.readouterr()
    third = run_ingest(tmp_path, monkeypatch)
    assert "1 input(s) read, 2 from the cache" in capsys.readouterr().out
    assert third.loc[third["external_id"] == "1", "title"].item() == "Changed"
    scratch = run_ingest(tmp_path, monkeypatch, cache=False, out="out/scratch")
    pdt.assert_frame_equal(third, scratch)
