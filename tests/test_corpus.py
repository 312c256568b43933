"""Robustness on the first 150 real Reuters-21578 articles (../shared/corpora), fed to ingest as
one JSON Lines dump as a user would: every line is accounted for, no extractor fails, the
tables validate.

This is a robustness check, not a quality measure: some extraction rules were written after
reading pipeline output on Reuters articles. Quality is measured on the frozen test split of
data/eval/ (see data/eval/README.md)."""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from benchmark import DEFAULT_CORPUS, corpus_lines  # noqa: E402

from pipeline.config import load_params  # noqa: E402
from pipeline.extract import extract_articles  # noqa: E402
from pipeline.ingest import ingest_files  # noqa: E402
from pipeline.resolve import resolve_tables  # noqa: E402
from pipeline.validate import summary, validate_tables  # noqa: E402

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not DEFAULT_CORPUS.exists(), reason="../shared/corpora is not beside the repo")]


@pytest.fixture(scope="module")
def corpus_run():
    params = load_params("params.yaml")
    lines = corpus_lines(DEFAULT_CORPUS, 150)
    dump = [("reuters/first-150.jsonl", ("\n".join(lines) + "\n").encode("utf-8"))]
    articles, rejects = ingest_files(dump, params.ingest)
    files = [f"reuters/first-150.jsonl#L{i}" for i in range(1, len(lines) + 1)]
    extracted = extract_articles(articles, params.extract)
    tables = resolve_tables(articles, extracted, params.resolve)
    _, quarantine, report = validate_tables(tables, params.validate, extracted["errors"], rejects)
    return files, articles, rejects, extracted, tables, report, quarantine


def test_every_file_is_a_source_or_a_reject(corpus_run):
    files, articles, rejects, *_ = corpus_run
    assert len(articles) + len(rejects) == len(files) == 150
    assert set(articles["path"]) | set(rejects["path"]) == set(files)
    assert set(articles["date_basis"]) == {"record"}  # the dump's published_date field
    assert set(rejects["reason"]) <= {"too_short", "duplicate_content", "empty"}


def test_no_extractor_fails(corpus_run):
    assert corpus_run[3]["errors"].empty, corpus_run[3]["errors"].to_dict("records")


def test_corpus_tables_validate(corpus_run):
    report = corpus_run[5]
    assert report["success"], summary(report)


def test_every_file_is_accepted_quarantined_or_rejected(corpus_run):
    files, report, quarantine = corpus_run[0], corpus_run[5], corpus_run[6]
    counts = report["articles"]
    assert counts["accepted"] + counts["quarantined"] + counts["rejected"] == counts["inputs"] == len(files)
    assert counts["quarantined"] == quarantine["source_id"].nunique()


def test_wire_figures_are_found(corpus_run):
    figures = corpus_run[4]["figures"]
    assert {"USD", "percent"} <= set(figures["unit"])
    assert (figures["kind"] == "money").sum() > 50
