import json

import pandas as pd
import pytest

from pipeline import validate
from pipeline.config import ValidateParams
from pipeline.io import read_csv, write_csv, write_parquet
from tests.factories import SID, valid_tables

PARAMS = ValidateParams()


def corpus(n: int) -> dict[str, pd.DataFrame]:
    """n copies of the factory article under distinct source ids, sharing one entity."""
    parts = {name: [] for name in valid_tables()}
    for i in range(n):
        sid = f"src-{i:016x}"
        for name, df in valid_tables().items():
            df = df.copy()
            for col in df.columns:
                df[col] = df[col].map(lambda v: v.replace(SID, sid) if isinstance(v, str) else v)
            if name == "sources":
                df["path"] = f"seeds/{i}.txt"
                df["sha256"] = f"{i:064x}"
            parts[name].append(df)
    tables = {name: pd.concat(dfs, ignore_index=True) for name, dfs in parts.items()}
    tables["entities"] = tables["entities"].iloc[:1].assign(n_mentions=n, n_sources=n)
    tables["figure_groups"] = tables["figure_groups"].iloc[:1]  # one group across the copies
    tables["claims"]["cluster_id"] = tables["claims"]["claim_id"].min()
    tables["claims"]["n_sources"] = n
    return tables


def run(tables, params=PARAMS, **kw):
    tables = {t: df.drop(columns=["status"]) if t == "sources" else df for t, df in tables.items()}
    return validate.validate_tables(tables, params, **kw)


@pytest.fixture(scope="module")
def clean():
    return run(corpus(6))


def test_valid_tables_pass_and_every_article_is_accepted(clean):
    released, quarantine, report = clean
    assert report["success"], validate.summary(report)
    assert quarantine.empty
    assert set(released["sources"]["status"]) == {"accepted"}
    assert report["articles"] == {"accepted": 6, "quarantined": 0, "rejected": 0, "inputs": 6}
    assert all(n > 0 for n in report["great_expectations"]["expectations_per_table"].values())


PERCENT, KIND, OFFSETS, TOO_LARGE = (f"src-{i:016x}" for i in (2, 0, 3, 4))


@pytest.fixture(scope="module")
def mixed():
    """Ten articles, four with a different row- or article-level failure."""
    tables = corpus(10)
    tables["figures"].loc[tables["figures"]["source_id"] == PERCENT, "value"] = 5000.0
    tables["claims"].loc[0, "kind"] = "rumour"  # KIND holds the cluster's smallest claim_id
    tables["mentions"].loc[3, ["start", "end"]] = [70, 95]  # body_chars is 80
    errors = pd.DataFrame([{"source_id": TOO_LARGE, "reason": "too_large", "detail": "body has 3000000 characters"}])
    return run(tables, ValidateParams(max_quarantined_share=0.5), extract_errors=errors)


def test_mixed_failures_quarantine_their_articles_not_the_corpus(mixed):
    released, quarantine, report = mixed
    assert report["success"], validate.summary(report)
    assert set(quarantine["source_id"]) == {PERCENT, KIND, OFFSETS, TOO_LARGE}
    status = dict(zip(released["sources"]["source_id"], released["sources"]["status"]))
    assert sorted(s for s, v in status.items() if v == "quarantined") == sorted({PERCENT, KIND, OFFSETS, TOO_LARGE})
    assert report["articles"] == {"accepted": 6, "quarantined": 4, "rejected": 0, "inputs": 10}


def test_quarantined_rows_leave_the_release(mixed):
    released, _, _ = mixed
    for table in ("mentions", "figures", "claims"):
        assert not {PERCENT, KIND, OFFSETS, TOO_LARGE} & set(released[table]["source_id"])
        assert len(released[table]) == 6


def test_impossible_percentages_are_reported_with_check_and_value(mixed):
    _, quarantine, _ = mixed
    row = quarantine[quarantine["source_id"] == PERCENT].iloc[0]
    assert (row["table"], row["check"], row["value"]) == ("figures", "value: expect_column_values_to_be_between", "5000.0")
    assert row["detail"].startswith(f"row {PERCENT}:f:33-35")


def test_offsets_outside_the_body_and_extraction_errors_are_reported(mixed):
    _, quarantine, _ = mixed
    got = {(r.source_id, r.table, r.check) for r in quarantine.itertuples()}
    assert (OFFSETS, "mentions", "start/end: 0 <= start < end <= body_chars") in got
    assert (TOO_LARGE, "articles", "too_large") in got
    assert (KIND, "claims", "kind: isin(['direct_quote', 'reported'])") in got


def test_counts_spanning_articles_are_recounted_without_the_quarantined(mixed):
    released, _, _ = mixed
    assert released["entities"].loc[0, "n_mentions"] == 6 and released["entities"].loc[0, "n_sources"] == 6
    claims = released["claims"]
    assert set(claims["cluster_id"]) == {claims["claim_id"].min()} and set(claims["n_sources"]) == {6}


def test_rare_extreme_percent_in_a_long_article_passes_when_mostly_allows_it():
    tables = valid_tables()
    many = pd.concat([tables["figures"]] * 1000, ignore_index=True)
    many["figure_id"] = [f"{SID}:f:{i}" for i in range(len(many))]
    many.loc[0, "value"] = 20000.0  # "inflation soared to over 20,000 pct a year"
    tables["figures"] = many
    _, quarantine, report = run(tables, ValidateParams(percent_mostly=0.99))
    assert report["success"] and quarantine.empty


def test_too_many_quarantined_articles_fail_the_build():
    tables = corpus(4)
    tables["figures"]["value"] = [5000.0, 5000.0, 1.0, 1.0]
    _, _, report = run(tables)
    assert not report["success"]
    assert report["dataset"]["failures"][0]["check"] == "share of quarantined articles"


def test_dangling_reference_is_a_dataset_failure():
    tables = corpus(6)
    tables["claims"]["speaker_entity_id"] = "person/nobody"
    _, quarantine, report = run(tables)
    assert not report["success"]
    assert [(f["table"], f["column"]) for f in report["cross_table"]["failures"]] == [("claims", "speaker_entity_id")]


def test_empty_table_fails():
    tables = corpus(6)
    tables["claims"] = tables["claims"].iloc[0:0]
    tables["figures"]["claim_id"] = None
    _, _, report = run(tables)
    checks = {(f["table"], f["check"]) for f in report["great_expectations"]["failures"]}
    assert ("claims", "expect_table_row_count_to_be_between") in checks


def test_too_few_speakers_is_a_dataset_failure():
    tables = corpus(6)
    tables["claims"]["speaker"] = None
    tables["claims"]["speaker_entity_id"] = None
    _, quarantine, report = run(tables)
    assert quarantine.empty and not report["success"]
    assert [f["column"] for f in report["great_expectations"]["failures"]] == ["speaker"]


def test_rejected_inputs_count_files_not_manifest_notes():
    rejects = pd.DataFrame({"path": ["seeds/a.bin", "gone.txt", "seeds/manifest.csv", "seeds/0.txt"],
                            "reason": ["binary_content", "manifest_missing_file", "manifest_invalid_row",
                                       "manifest_invalid_value"], "detail": ["", "", "", ""]})
    assert validate.rejected_inputs(rejects, {"seeds/0.txt"}) == 2


def test_cli_writes_release_quarantine_hashes_and_prints_counts(tmp_path, capsys):
    tables = corpus(6)
    tables["figures"].loc[1, "value"] = 5000.0
    for name, df in tables.items():
        write_parquet(tmp_path / "resolved" / f"{name}.parquet", df.drop(columns=["status"], errors="ignore"))
    write_csv(tmp_path / "errors.csv", pd.DataFrame(columns=["source_id", "reason", "detail"]))
    write_csv(tmp_path / "rejects.csv", pd.DataFrame([{"path": "seeds/=x.txt", "reason": "empty", "detail": ""}]))
    (tmp_path / "params.yaml").write_text("{}\n")
    code = validate.main(["--tables", str(tmp_path / "resolved"), "--extract-errors", str(tmp_path / "errors.csv"),
                          "--rejects", str(tmp_path / "rejects.csv"), "--params", str(tmp_path / "params.yaml"),
                          "--out", str(tmp_path / "validated"), "--quarantine", str(tmp_path / "quarantine.csv"),
                          "--report", str(tmp_path / "validation.json")])
    assert code == 0
    assert "5 accepted, 1 quarantined, 1 rejected, 7 inputs" in capsys.readouterr().out
    report = json.loads((tmp_path / "validation.json").read_text())
    for name in tables:
        assert report["sha256"][name] == validate.file_sha256(tmp_path / "validated" / f"{name}.parquet")
    assert set(read_csv(tmp_path / "quarantine.csv")["source_id"]) == {"src-0000000000000001"}


def test_cli_fails_with_readable_summary(tmp_path, capsys):
    tables = corpus(2)
    tables["entities"]["entity_id"] = "person/somebody-else"  # every mention now dangles
    for name, df in tables.items():
        write_parquet(tmp_path / "resolved" / f"{name}.parquet", df.drop(columns=["status"], errors="ignore"))
    write_csv(tmp_path / "errors.csv", pd.DataFrame(columns=["source_id", "reason", "detail"]))
    write_csv(tmp_path / "rejects.csv", pd.DataFrame(columns=["path", "reason", "detail"]))
    (tmp_path / "params.yaml").write_text("{}\n")
    code = validate.main(["--tables", str(tmp_path / "resolved"), "--extract-errors", str(tmp_path / "errors.csv"),
                          "--rejects", str(tmp_path / "rejects.csv"), "--params", str(tmp_path / "params.yaml"),
                          "--out", str(tmp_path / "validated"), "--quarantine", str(tmp_path / "quarantine.csv"),
                          "--report", str(tmp_path / "validation.json")])
    assert code == 1
    assert "mentions.entity_id" in capsys.readouterr().err
    assert json.loads((tmp_path / "validation.json").read_text())["success"] is False


def test_text_that_is_not_its_body_slice_quarantines_the_article_and_bodies_stay_published():
    tables = corpus(4)
    wrong = "src-0000000000000001"
    tables["claims"].loc[tables["claims"]["source_id"] == wrong, "text"] = "exports fell 5% in April, 2024"
    released, quarantine, report = run(tables, ValidateParams(max_quarantined_share=0.5))
    assert report["success"], validate.summary(report)
    assert set(quarantine["source_id"]) == {wrong}
    assert quarantine.iloc[0]["check"] == "text: text == texts.body[start:end]"
    assert sorted(released["texts"]["source_id"]) == sorted(released["sources"]["source_id"])


@pytest.mark.parametrize("dtype", ["str", object])
def test_is_in_answers_as_pandas_isin_for_string_columns_with_nulls(dtype):
    values = pd.Series(["e-1", "e-2", None, "e-3", "e-1"], dtype=dtype)
    for allowed in (["e-2", "e-1"], ["e-2", None, "e-9"], [], [None]):
        allowed = pd.Series(allowed, dtype=dtype)
        assert validate.is_in(values, allowed).tolist() == values.isin(allowed).tolist()


def test_validate_tables_leaves_the_callers_tables_as_they_were():
    tables = {t: df.drop(columns=["status"]) if t == "sources" else df for t, df in corpus(3).items()}
    before = {t: df.copy() for t, df in tables.items()}
    ids = {t: id(df) for t, df in tables.items()}
    validate.validate_tables(tables, PARAMS)
    assert {t: id(df) for t, df in tables.items()} == ids
    for t, df in before.items():
        pd.testing.assert_frame_equal(tables[t], df)


def test_great_expectations_keeps_no_checked_frame_alive():
    # its context outlives the call: holding the checked frames would keep a copy of the corpus
    import gc

    import great_expectations  # noqa: F401
    tables = corpus(2)

    def frames() -> int:
        gc.collect()
        return sum(isinstance(o, pd.DataFrame) for o in gc.get_objects())
    before = frames()
    results = validate.gx_results(tables, PARAMS)
    assert set(results) == set(tables) and frames() == before


def _clusters_by_groupby(claims: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    first = claims.groupby("cluster_id")["claim_id"].transform("min")
    return first, claims.assign(cluster_id=first).groupby("cluster_id")["source_id"].transform("nunique").astype(int)


@pytest.mark.parametrize("seed", range(5))
def test_recounted_clusters_name_each_cluster_by_its_smallest_claim_left_and_count_its_sources(seed):
    import numpy as np
    rng = np.random.default_rng(seed)
    n = 300
    claims = pd.DataFrame({
        "claim_id": pd.array([f"src-{rng.integers(0, 40):02d}:c:{i * 7 % 1000}-{i}" for i in range(n)], dtype="str"),
        "source_id": pd.array([f"src-{rng.integers(0, 40):02d}" for _ in range(n)], dtype="str"),
        "cluster_id": pd.array([f"src-{rng.integers(0, 9):02d}:c:{rng.integers(0, 30)}-0" for _ in range(n)], dtype="str"),
    })
    claims.loc[5, "claim_id"] = claims.loc[6, "claim_id"]  # a duplicate ID: the clusters it names merge
    left = claims.sample(frac=0.7, random_state=seed).reset_index(drop=True)  # some claims left the release
    cluster_id, n_sources = validate.recounted_clusters(left)
    want_cluster, want_sources = _clusters_by_groupby(left)
    pd.testing.assert_series_equal(cluster_id, want_cluster, check_names=False)
    pd.testing.assert_series_equal(n_sources, want_sources, check_names=False)


def test_recounted_clusters_with_a_null_claim_id_answer_as_the_groupby():
    claims = pd.DataFrame({"claim_id": pd.array(["b", None, "c"], dtype="str"),
                           "source_id": pd.array(["s1", "s2", "s2"], dtype="str"),
                           "cluster_id": pd.array(["x", "x", "y"], dtype="str")})
    cluster_id, n_sources = validate.recounted_clusters(claims)
    assert cluster_id.tolist() == ["b", "b", "c"] and n_sources.tolist() == [2, 2, 1]
