import pandera.pandas as pa
import pytest

from schemas.tables import TABLES, cross_table_failures
from tests.factories import valid_tables


def failing_columns(table, df):
    with pytest.raises(pa.errors.SchemaErrors) as err:
        TABLES[table].validate(df, lazy=True)
    return set(err.value.failure_cases["column"].dropna())


@pytest.mark.parametrize("table", list(TABLES))
def test_valid_tables_pass(table):
    TABLES[table].validate(valid_tables()[table], lazy=True)


@pytest.mark.parametrize("table,column,bad", [
    ("sources", "date_basis", "guessed"),
    ("sources", "source_id", "article-1"),
    ("sources", "credits", "Ana Silva"),
    ("sources", "published_date", "yesterday"),
    ("entities", "type", "DATE"),
    ("entities", "aliases", None),
    ("mentions", "start", -1),
    ("figures", "kind", "ratio"),
    ("figures", "unit", "dollars"),
    ("figures", "qualifier", "maybe"),
    ("figures", "change", "sideways"),
    ("claims", "kind", "rumour"),
    ("claims", "text", None),
    ("claims", "n_sources", 0),
])
def test_bad_value_fails_naming_the_column(table, column, bad):
    df = valid_tables()[table]
    df[column] = [bad]
    assert column in failing_columns(table, df)


@pytest.mark.parametrize("table,column", [("sources", "source_id"), ("entities", "entity_id"),
                                          ("mentions", "mention_id"), ("figures", "figure_id"),
                                          ("claims", "claim_id")])
def test_duplicate_ids_fail(table, column):
    df = valid_tables()[table]
    df = df.iloc[[0, 0]].reset_index(drop=True)
    assert column in failing_columns(table, df)


def test_missing_column_fails():
    df = valid_tables()["figures"].drop(columns=["unit"])
    with pytest.raises(pa.errors.SchemaErrors, match="unit"):
        TABLES["figures"].validate(df, lazy=True)


def test_valid_tables_have_no_cross_table_failures():
    assert cross_table_failures(valid_tables()) == []


def test_unknown_entity_reference_is_reported():
    tables = valid_tables()
    tables["mentions"]["entity_id"] = ["person/nobody"]
    failures = cross_table_failures(tables)
    assert [(f["table"], f["column"]) for f in failures] == [("mentions", "entity_id")]


def test_offset_beyond_body_is_reported():
    tables = valid_tables()
    tables["figures"]["end"] = [500]
    failures = cross_table_failures(tables)
    assert [(f["table"], f["column"]) for f in failures] == [("figures", "start/end")]


def test_dangling_claim_id_on_figure_is_reported():
    tables = valid_tables()
    tables["figures"]["claim_id"] = ["src-0123456789abcdef:c:1-2"]
    assert [(f["table"], f["column"]) for f in cross_table_failures(tables)] == [("figures", "claim_id")]


@pytest.mark.parametrize("table", ["mentions", "figures", "claims"])
def test_text_that_is_not_the_body_at_its_offsets_is_reported(table):
    tables = valid_tables()
    tables[table]["start"] = tables[table]["start"] + 1  # still inside the body, now off by one character
    failures = cross_table_failures(tables)
    assert [(f["table"], f["column"], f["check"]) for f in failures] == [(table, "text", "text == texts.body[start:end]")]


def test_source_without_a_body_is_reported():
    tables = valid_tables()
    tables["texts"] = tables["texts"].iloc[0:0]
    assert ("texts", "source_id") in [(f["table"], f["column"]) for f in cross_table_failures(tables)]


def test_body_whose_length_is_not_body_chars_is_reported():
    tables = valid_tables()
    tables["texts"]["body"] = tables["texts"]["body"] + " More."
    assert [(f["table"], f["check"]) for f in cross_table_failures(tables)] == [("texts", "len(body) == sources.body_chars")]


def run_fresh(code: str) -> str:
    """stdout of `code` run in a fresh interpreter (imports already made by this test process
    would hide what a stage process loads)."""
    import subprocess
    import sys
    from pathlib import Path

    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          cwd=Path(__file__).resolve().parents[1])
    return done.stdout.strip()


def test_schemas_validate_without_loading_dask():
    # pandera would import dask.dataframe (and scipy) to build a schema; every stage paid ~1 s for it
    out = run_fresh(
        "import sys\n"
        "from schemas.tables import TABLES\n"
        "from tests.factories import valid_tables\n"
        "import pandera.pandas as pa\n"
        "df = valid_tables()['mentions']\n"
        "df['start'] = [-1]\n"
        "try:\n"
        "    TABLES['mentions'].validate(df, lazy=True)\n"
        "    print('accepted')\n"
        "except pa.errors.SchemaErrors as exc:\n"
        "    print(sorted(set(exc.failure_cases['column'].dropna())))\n"
        "print('dask' in sys.modules)\n")
    assert out.splitlines() == ["['start']", "False"]


def test_dask_stays_importable_after_the_schemas():
    out = run_fresh("import schemas.tables\nimport dask.dataframe as dd\nimport pandas as pd\n"
                    "print(int(dd.from_pandas(pd.DataFrame({'a': [1, 2]}), npartitions=1)['a'].sum().compute()))")
    assert out == "3"
