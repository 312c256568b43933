import pandas as pd
import pandas.testing as pdt

from pipeline import resolve_cache
from pipeline.entities import build_entities, lowercase_vocabulary, mention_facts
from pipeline.resolve_cache import ResolveCache, cached_mention_facts

BODIES = {
    "src-a": "Exports rose. The exports of Acme (ACME) grew.\nMoody's said Acme's outlook is stable.",
    "src-b": "Northgate Exploration Ltd said Northgate will drill. Bird flu hit the bird farms.",
    "src-c": "Moody's Investors rated Acme. Exports fell in March, officials said.",
}


def at(sid: str, text: str, nth: int = 0) -> int:
    pos = -1
    for _ in range(nth + 1):
        pos = BODIES[sid].index(text, pos + 1)
    return pos


def mentions(bodies: dict[str, str]) -> pd.DataFrame:
    rows = []
    for sid, text, label, nth in [("src-a", "Exports", "ORG", 0), ("src-a", "Acme", "ORG", 0), ("src-a", "ACME", "ORG", 0),
                                  ("src-a", "Moody's", "ORG", 0), ("src-a", "Acme", "ORG", 1),
                                  ("src-b", "Northgate Exploration Ltd", "ORG", 0), ("src-b", "Northgate", "ORG", 1),
                                  ("src-b", "Bird", "PERSON", 0), ("src-c", "Moody's", "ORG", 0),
                                  ("src-c", "Acme", "ORG", 0), ("src-c", "Exports", "ORG", 0)]:
        if sid in bodies:
            start = at(sid, text, nth)
            rows.append({"source_id": sid, "start": start, "end": start + len(text), "text": text, "label": label,
                         "sentence_index": 0, "roles": []})
    return pd.DataFrame(rows).sort_values(["source_id", "start", "end"]).reset_index(drop=True)


def write_partitions(folder, partitions: list[list[str]], bodies: dict[str, str] = BODIES):
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("part-*.parquet"):
        old.unlink()
    for i, ids in enumerate(partitions):
        pd.DataFrame({"source_id": ids, "body": [bodies[s] for s in ids]}).to_parquet(folder / f"part-{i:05d}.parquet")
    return pd.DataFrame({"source_id": [s for ids in partitions for s in ids],
                         "body": [bodies[s] for ids in partitions for s in ids]})


def test_cached_facts_are_the_facts_read_from_the_bodies(tmp_path):
    articles = write_partitions(tmp_path / "articles", [["src-a"], ["src-b", "src-c"]])
    m = mentions(BODIES)
    for _ in range(2):  # computed, then read back from the cache
        facts, vocabulary = cached_mention_facts(tmp_path / "articles", articles, m, ResolveCache(tmp_path / "cache"))
        expected = mention_facts(m, BODIES)
        assert facts.astype(object).values.tolist() == expected.astype(object).values.tolist()
        assert vocabulary == lowercase_vocabulary(BODIES)


def test_second_run_reuses_every_unchanged_partition(tmp_path):
    articles = write_partitions(tmp_path / "articles", [["src-a"], ["src-b", "src-c"]])
    cached_mention_facts(tmp_path / "articles", articles, mentions(BODIES), ResolveCache(tmp_path / "cache"))
    again = ResolveCache(tmp_path / "cache")
    cached_mention_facts(tmp_path / "articles", articles, mentions(BODIES), again)
    assert (again.hits, again.misses) == (2, 0)


def test_a_changed_body_recomputes_only_its_partition(tmp_path):
    articles = write_partitions(tmp_path / "articles", [["src-a"], ["src-b", "src-c"]])
    cached_mention_facts(tmp_path / "articles", articles, mentions(BODIES), ResolveCache(tmp_path / "cache"))
    edited = dict(BODIES, **{"src-c": BODIES["src-c"].replace("officials said", "officials told reporters")})
    articles = write_partitions(tmp_path / "articles", [["src-a"], ["src-b", "src-c"]], edited)
    cache = ResolveCache(tmp_path / "cache")
    facts, vocabulary = cached_mention_facts(tmp_path / "articles", articles, mentions(edited), cache)
    assert (cache.hits, cache.misses) == (1, 1)
    assert "reporters" in vocabulary


def test_a_code_change_misses_and_prune_drops_the_old_version(tmp_path, monkeypatch):
    articles = write_partitions(tmp_path / "articles", [["src-a"], ["src-b", "src-c"]])
    cached_mention_facts(tmp_path / "articles", articles, mentions(BODIES), ResolveCache(tmp_path / "cache"))
    monkeypatch.setattr(resolve_cache, "cache_version", lambda: "another-version")
    cache = ResolveCache(tmp_path / "cache")
    cached_mention_facts(tmp_path / "articles", articles, mentions(BODIES), cache)
    cache.prune()
    assert (cache.hits, cache.misses) == (0, 2)
    assert [p.name for p in (tmp_path / "cache").iterdir()] == ["another-version"]


def test_entries_of_removed_partitions_are_pruned(tmp_path):
    articles = write_partitions(tmp_path / "articles", [["src-a"], ["src-b", "src-c"]])
    cached_mention_facts(tmp_path / "articles", articles, mentions(BODIES), ResolveCache(tmp_path / "cache"))
    fewer = {s: BODIES[s] for s in ("src-a",)}
    articles = write_partitions(tmp_path / "articles", [["src-a"]], fewer)
    cache = ResolveCache(tmp_path / "cache")
    cached_mention_facts(tmp_path / "articles", articles, mentions(fewer), cache)
    cache.prune()
    assert len(list(cache.folder.glob("*.parquet"))) == 1


def test_entities_from_cached_facts_equal_a_from_scratch_build_after_adding_and_removing(tmp_path):
    cache_dir = tmp_path / "cache"
    for partitions in ([["src-a"], ["src-b"]], [["src-a"], ["src-b", "src-c"]], [["src-a"], ["src-c"]]):
        bodies = {s: BODIES[s] for ids in partitions for s in ids}
        articles = write_partitions(tmp_path / "articles", partitions, bodies)
        m = mentions(bodies)
        cache = ResolveCache(cache_dir)
        facts, vocabulary = cached_mention_facts(tmp_path / "articles", articles, m, cache)
        cache.prune()
        incremental = build_entities(m, facts=facts, vocabulary=vocabulary)
        scratch = build_entities(m, bodies)
        pdt.assert_frame_equal(incremental[0], scratch[0])
        pdt.assert_frame_equal(incremental[1], scratch[1])


def test_clustering_state_round_trips_and_other_params_never_read_it(tmp_path):
    from pipeline.config import ResolveParams
    from pipeline.resolve_cache import ClusterStateStore
    state = {"src-a:c:1-9": ("d1", ("exports", "rose"), ()), "src-b:c:4-20": ("d2", ("exports",), ("src-a:c:1-9",))}
    ClusterStateStore(tmp_path, ResolveParams()).save(state)
    assert ClusterStateStore(tmp_path, ResolveParams()).load() == state
    other = ClusterStateStore(tmp_path, ResolveParams(claim_cluster_threshold=0.7))
    assert other.load() is None
    other.save({})
    assert [p.name for p in tmp_path.iterdir()] == [other.path.name]


def test_the_stage_path_reuses_entries_by_the_partition_files_and_recomputes_a_changed_one(tmp_path):
    # articles None: the stage's path, keyed by the partition file's bytes (no body read on a hit)
    write_partitions(tmp_path / "articles", [["src-a"], ["src-b", "src-c"]])
    cached_mention_facts(tmp_path / "articles", None, mentions(BODIES), ResolveCache(tmp_path / "cache"))
    again = ResolveCache(tmp_path / "cache")
    facts, vocabulary = cached_mention_facts(tmp_path / "articles", None, mentions(BODIES), again)
    assert (again.hits, again.misses) == (2, 0)
    assert facts.astype(object).values.tolist() == mention_facts(mentions(BODIES), BODIES).astype(object).values.tolist()
    edited = dict(BODIES, **{"src-c": BODIES["src-c"].replace("officials said", "officials told reporters")})
    write_partitions(tmp_path / "articles", [["src-a"], ["src-b", "src-c"]], edited)
    third = ResolveCache(tmp_path / "cache")
    facts, vocabulary = cached_mention_facts(tmp_path / "articles", None, mentions(edited), third)
    assert (third.hits, third.misses) == (1, 1) and "reporters" in vocabulary
    assert vocabulary == lowercase_vocabulary(edited)


def test_a_damaged_cache_entry_is_computed_again_not_fatal(tmp_path, capsys):
    write_partitions(tmp_path / "articles", [["src-a"], ["src-b", "src-c"]])
    cached_mention_facts(tmp_path / "articles", None, mentions(BODIES), ResolveCache(tmp_path / "cache"))
    entries = sorted(ResolveCache(tmp_path / "cache").folder.glob("*.parquet"))
    entries[0].write_bytes(b"not parquet")  # damaged
    entries[1].write_bytes(entries[1].read_bytes()[:40])  # cut short
    cache = ResolveCache(tmp_path / "cache")
    facts, vocabulary = cached_mention_facts(tmp_path / "articles", None, mentions(BODIES), cache)
    assert (cache.hits, cache.misses) == (0, 2)
    assert facts.astype(object).values.tolist() == mention_facts(mentions(BODIES), BODIES).astype(object).values.tolist()
    assert vocabulary == lowercase_vocabulary(BODIES)
    assert "unreadable cache entry" in capsys.readouterr().err


def test_a_damaged_or_inconsistent_clustering_state_is_not_read(tmp_path):
    from pipeline.config import ResolveParams
    from pipeline.resolve_cache import ClusterStateStore
    store = ClusterStateStore(tmp_path, ResolveParams())
    store.save({"src-a:c:1-9": ("d1", ("exports",), ())})
    store.path.write_bytes(store.path.read_bytes()[:30])
    assert store.load() is None
    pd.DataFrame({"claim_id": ["src-a:c:1-9"]}).to_parquet(store.path)  # another table's columns
    assert store.load() is None
    store.save({"src-b:c:4-20": ("d2", ("exports",), ("src-a:c:1-9",))})  # links a claim it does not hold
    assert store.load() is None
