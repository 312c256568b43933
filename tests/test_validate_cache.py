import random

import pandas as pd
import pytest
import pandas.testing as pdt

from pipeline import validate, validate_cache
from pipeline.config import ValidateParams
from pipeline.validate_cache import ValidateCache, params_version
from tests.factories import SID, valid_tables

PARAMS = ValidateParams(max_quarantined_share=0.5)
VARIANTS = ("ok", "ok", "ok", "percent", "kind", "offsets", "text", "path")


def article(i: int, variant: str) -> dict[str, pd.DataFrame]:
    """The factory article under source id i, broken as `variant` says."""
    sid = f"src-{i:016x}"
    tables = {}
    for name, df in valid_tables().items():
        df = df.copy()
        for col in df.columns:
            df[col] = df[col].map(lambda v: v.replace(SID, sid) if isinstance(v, str) else v)
        tables[name] = df
    tables["sources"]["path"] = f"seeds/{i}.txt"
    tables["sources"]["sha256"] = f"{i:064x}"
    if variant == "percent":
        tables["figures"]["value"] = 5000.0
    elif variant == "kind":
        tables["claims"]["kind"] = "rumour"
    elif variant == "offsets":
        tables["mentions"][["start", "end"]] = [70, 95]  # body_chars is 80
    elif variant == "text":
        tables["claims"]["text"] = "exports fell 5% in April, 2024"
    elif variant == "path":
        tables["sources"]["path"] = "seeds/shared.txt"  # a duplicate path: another unit holds it too
    return tables


def corpus(articles: dict[int, str], one_cluster: bool = True) -> dict[str, pd.DataFrame]:
    """The articles sharing one entity and one figure group, and, if one_cluster, one claim
    cluster (else each claim is its own)."""
    parts = [article(i, v) for i, v in sorted(articles.items())]
    tables = {name: pd.concat([p[name] for p in parts], ignore_index=True) for name in parts[0]}
    n = len(parts)
    tables["entities"] = tables["entities"].iloc[:1].assign(n_mentions=n, n_sources=n)
    tables["figure_groups"] = tables["figure_groups"].iloc[:1]
    if one_cluster:
        tables["claims"]["cluster_id"] = tables["claims"]["claim_id"].min()
        tables["claims"]["n_sources"] = n
    return {t: df.drop(columns=["status"]) if t == "sources" else df for t, df in tables.items()}


def assert_same(got, expected):
    released, quarantine, report = got
    want_released, want_quarantine, want_report = expected
    assert report == want_report
    pdt.assert_frame_equal(quarantine, want_quarantine)
    for name in want_released:
        pdt.assert_frame_equal(released[name], want_released[name], check_dtype=True)


def test_cached_checks_equal_whole_table_checks_as_articles_come_change_and_go(tmp_path):
    rng = random.Random(20261128)
    articles = {i: "ok" for i in range(6)}
    articles[2] = "percent"
    next_id = 6
    for _ in range(4):
        tables = corpus(articles)
        cache = ValidateCache(tmp_path / "cache", params_version(PARAMS))  # a new run of the stage
        got = validate.validate_tables(tables, PARAMS, cache=cache)
        cache.save()
        assert_same(got, validate.validate_tables(tables, PARAMS))
        for _ in range(2):  # add, change or remove articles for the next run
            action = rng.choice(["add", "change", "remove"])
            if action == "add" or len(articles) < 4:
                articles[next_id] = rng.choice(VARIANTS)
                next_id += 1
            elif action == "change":
                articles[rng.choice(sorted(articles))] = rng.choice(VARIANTS)
            else:
                del articles[rng.choice(sorted(articles))]


def test_second_run_rechecks_only_the_units_that_changed(tmp_path):
    articles = {i: "ok" for i in range(8)}
    first = ValidateCache(tmp_path / "cache", params_version(PARAMS))
    validate.validate_tables(corpus(articles, one_cluster=False), PARAMS, cache=first)
    first.save()
    articles[8] = "ok"
    again = ValidateCache(tmp_path / "cache", params_version(PARAMS))
    validate.validate_tables(corpus(articles, one_cluster=False), PARAMS, cache=again)
    # checked again: the new article's unit and those of the entity and the figure group whose
    # counts it changed; every other article's unit is reused
    assert again.misses <= 3 < first.misses
    assert again.hits + again.misses >= first.misses


def test_bad_row_of_a_new_article_is_quarantined_with_its_reason(tmp_path):
    articles = {i: "ok" for i in range(6)}
    cache = ValidateCache(tmp_path / "cache", params_version(PARAMS))
    validate.validate_tables(corpus(articles), PARAMS, cache=cache)
    cache.save()
    articles[6] = "percent"
    cache = ValidateCache(tmp_path / "cache", params_version(PARAMS))
    _, quarantine, report = validate.validate_tables(corpus(articles), PARAMS, cache=cache)
    bad = f"src-{6:016x}"
    assert list(quarantine["source_id"]) == [bad]
    assert quarantine.iloc[0]["check"] == "value: expect_column_values_to_be_between"
    assert report["articles"]["quarantined"] == 1 and report["success"]


def test_params_change_misses_the_cache(tmp_path):
    tables = corpus({i: "ok" for i in range(4)})
    cache = ValidateCache(tmp_path / "cache", params_version(PARAMS))
    validate.validate_tables(tables, PARAMS, cache=cache)
    cache.save()
    other = ValidateParams(max_quarantined_share=0.5, percent_max=100)
    assert params_version(other) != params_version(PARAMS)
    again = ValidateCache(tmp_path / "cache", params_version(other))
    validate.validate_tables(tables, other, cache=again)
    assert again.hits == 0 and again.misses > 0
    again.save()
    assert [p.name for p in (tmp_path / "cache").iterdir()] == [f"{params_version(other)}.json"]


def test_code_or_library_change_misses_the_cache(monkeypatch):
    before = params_version(PARAMS)
    validate_cache.cache_version.cache_clear()
    monkeypatch.setattr(validate_cache, "CODE_FILES", validate_cache.CODE_FILES + ("pipeline/config.py",))
    assert params_version(PARAMS) != before
    validate_cache.cache_version.cache_clear()
    monkeypatch.undo()
    monkeypatch.setattr(validate_cache, "package_version", lambda name: "0.0-other")
    assert params_version(PARAMS) != before
    validate_cache.cache_version.cache_clear()
    monkeypatch.undo()
    assert params_version(PARAMS) == before


def test_damaged_cache_file_is_rebuilt_not_fatal(tmp_path):
    tables = corpus({i: "ok" for i in range(3)})
    path = tmp_path / "cache" / f"{params_version(PARAMS)}.json"
    path.parent.mkdir()
    path.write_text("{not json")
    cache = ValidateCache(tmp_path / "cache", params_version(PARAMS))
    got = validate.validate_tables(tables, PARAMS, cache=cache)
    assert_same(got, validate.validate_tables(tables, PARAMS))


def test_an_articles_unit_is_its_own_rows_whatever_the_other_articles():
    per_article = ("sources", "texts", "mentions", "figures", "claims")
    few = corpus({i: "ok" for i in range(3)}, one_cluster=False)
    more = corpus({i: "ok" for i in range(5)}, one_cluster=False)
    few_units = validate_cache.Units({t: few[t] for t in per_article}, "v")
    more_units = validate_cache.Units({t: more[t] for t in per_article}, "v")
    assert len(few_units.digests) == 3 and len(more_units.digests) == 5  # one unit per article
    assert set(few_units.digests.values()) < set(more_units.digests.values())


def test_row_hashes_do_not_depend_on_how_the_rows_are_sliced(monkeypatch):
    tables = corpus({i: "ok" for i in range(5)})
    whole = {t: validate_cache.row_hashes(df) for t, df in tables.items()}
    monkeypatch.setattr(validate_cache, "HASH_SLICE_ROWS", 2)
    for t, df in tables.items():
        assert list(validate_cache.row_hashes(df)) == list(whole[t])


def test_every_unit_asked_for_gives_every_row_with_its_unit_and_position():
    tables = corpus({i: "ok" for i in range(6)})
    units = validate_cache.Units(tables, "v")
    some = set(list(units.digests)[:3])
    for wanted in (set(units.digests), some):
        sub, origin = units.subset(tables, wanted)
        for table, df in tables.items():
            labels, local = origin[table]
            rows = [units.global_rows(table)[(u, p)] for u, p in zip(labels.tolist(), local.tolist())]
            assert set(labels.tolist()) <= wanted
            assert rows == sorted(rows)  # the rows of the units, in table order
            assert len(rows) == int(pd.Series(units.labels[table]).isin(wanted).sum())
            pdt.assert_frame_equal(sub[table], df.iloc[rows].reset_index(drop=True))


def test_dataset_level_failures_are_reported_as_by_whole_table_checks(tmp_path):
    """A release whose rows all pass but whose whole fails (a dangling reference, too few
    speakers) gets the report of the full checks."""
    tables = corpus({i: "ok" for i in range(4)})
    tables["claims"]["speaker_entity_id"] = "person/nobody"
    tables["claims"]["speaker"] = None
    cache = ValidateCache(tmp_path / "cache", params_version(PARAMS))
    got = validate.validate_tables(tables, PARAMS, cache=cache)
    assert not got[2]["success"]
    assert [f["column"] for f in got[2]["cross_table"]["failures"]] == ["speaker_entity_id"]
    assert [f["column"] for f in got[2]["great_expectations"]["failures"]] == ["speaker"]
    assert_same(got, validate.validate_tables(tables, PARAMS))


def test_released_rows_carry_their_first_pass_hashes_exactly():
    """Rows the release keeps unchanged reuse their hashes; recounted or re-marked rows (the
    quarantined article's sources row, the shared entity, claim cluster and figure group) are
    hashed anew: every hash equals hashing the released table from scratch."""
    tables = corpus({i: "ok" for i in range(5)})
    tables["sources"] = tables["sources"].assign(status="accepted")
    hashes = {t: validate_cache.row_hashes(df) for t, df in tables.items()}
    bad = f"src-{1:016x}"
    carried = {}

    def carry(name, base, released, rows):
        ids = validate_cache.unique_columns(name)
        base_hashes = hashes[name] if rows is None else hashes[name][rows]
        carried[name] = validate_cache.carried_hashes(base, base_hashes, released, ids[0] if ids else None)

    released = validate.release_tables(dict(tables), {bad}, set(), consume=True, on_table=carry)
    for name, df in released.items():
        assert list(carried[name]) == list(validate_cache.row_hashes(df)), name
    assert (released["entities"]["n_sources"] == 4).all()  # a recounted row really was in play


def test_same_cells_tells_apart_what_the_row_hash_tells_apart():
    same = validate_cache.same_cells
    assert list(same(pd.Series([0.0, 1.5, float("nan")]), pd.Series([-0.0, 1.5, float("nan")]))) == [False, True, True]
    assert list(same(pd.Series(["a", None, "b"], dtype="str"), pd.Series(["a", None, "c"], dtype="str"))) == [True, True, False]
    cell = ["x"]
    assert list(same(pd.Series([cell, ["y"]], dtype=object), pd.Series([cell, ["y"]], dtype=object))) == [True, False]
    assert not same(pd.Series([1, 2]), pd.Series([1.0, 2.0])).any()  # another dtype hashes otherwise


def test_release_built_table_by_table_equals_the_release_of_the_whole_tables():
    tables = corpus({i: ("percent" if i == 2 else "ok") for i in range(5)})
    tables["sources"] = tables["sources"].assign(status="accepted")
    bad = {f"src-{2:016x}"}
    whole = validate.release_tables(tables, bad, set())
    given = dict(tables)
    stepwise = validate.release_tables(given, bad, set(), consume=True)
    assert given == {}  # every checked table was handed over
    for name in whole:
        pdt.assert_frame_equal(stepwise[name], whole[name])


def test_quarantine_decided_in_a_cached_unit_still_applies(tmp_path):
    articles = {0: "ok", 1: "kind", 2: "ok", 3: "ok"}
    first = ValidateCache(tmp_path / "cache", params_version(PARAMS))
    want = validate.validate_tables(corpus(articles), PARAMS, cache=first)
    first.save()
    again = ValidateCache(tmp_path / "cache", params_version(PARAMS))
    got = validate.validate_tables(corpus(articles), PARAMS, cache=again)
    assert again.misses == 0 and again.hits > 0  # nothing checked again
    assert list(got[1]["source_id"].unique()) == [f"src-{1:016x}"]
    assert_same(got, want)


def test_cache_file_of_another_shape_is_rebuilt_not_fatal(tmp_path):
    tables = corpus({i: "ok" for i in range(3)})
    path = tmp_path / "cache" / f"{params_version(PARAMS)}.json"
    path.parent.mkdir()
    path.write_text('{"results": [], "units": {"abc": 3}}')  # points at no result
    cache = ValidateCache(tmp_path / "cache", params_version(PARAMS))
    assert cache.get("abc") is None
    assert_same(validate.validate_tables(tables, PARAMS, cache=cache), validate.validate_tables(tables, PARAMS))


def test_release_taken_column_by_column_leaves_the_callers_tables_as_they_were():
    """With `consume`, a table that only loses rows is copied column by column and each checked
    column is dropped: from the stage's own frame, never from the frame the caller passed in."""
    tables = corpus({i: ("percent" if i in (1, 3) else "ok") for i in range(5)})
    tables["sources"] = tables["sources"].assign(status="accepted")
    before = {t: df.copy() for t, df in tables.items()}
    bad = {f"src-{1:016x}", f"src-{3:016x}"}
    stepwise = validate.release_tables(dict(tables), bad, set(), consume=True)
    for name, df in tables.items():
        pdt.assert_frame_equal(df, before[name])
    for name in ("mentions", "figures", "claims"):
        assert not stepwise[name]["source_id"].isin(bad).any()
        kept = before[name][~before[name]["source_id"].isin(bad)].reset_index(drop=True)
        pdt.assert_frame_equal(stepwise[name].drop(columns=["cluster_id", "n_sources", "group_id"], errors="ignore"),
                               kept.drop(columns=["cluster_id", "n_sources", "group_id"], errors="ignore"))


@pytest.mark.parametrize("values", [["b", "a", "c"], ["b", "a", "b"], ["a", None, "b"], ["a", None, None], [None],
                                    [], ["", "a", ""], ["x"] * 3])
def test_has_duplicates_answers_as_pandas_duplicated(values):
    for dtype in ("str", object):
        column = pd.Series(values, dtype=dtype)
        assert validate_cache.has_duplicates(column) == bool(column.duplicated().any()), (values, dtype)
