"""The offline HTML report: what it shows, that it escapes article text, needs no network and repeats byte for byte."""
import datetime as dt
import json
import re

import pandas as pd
import pytest

from pipeline import report
from pipeline.io import write_json, write_parquet
from tests.factories import BODY, SID, valid_tables

SID2 = "src-fedcba9876543210"
BODY2 = "Tokyo said exports rose 7% in April. <script>alert('x')</script> was in the page."
EVIL = '"><img src=x onerror=alert(1)><script>alert(2)</script>'


def tables_with_disagreement(with_groups: bool = True) -> dict[str, pd.DataFrame]:
    """Two sources reporting the April export rise as 5% and 7%, grouped as one measure."""
    t = valid_tables()
    s2 = t["sources"].iloc[0].to_dict() | {"source_id": SID2, "path": "seeds/b.txt", "sha256": "f" * 64,
                                           "title": EVIL, "publisher": "Daily <b>Bold</b>", "url": "javascript:alert(3)",
                                           "published_date": dt.date(2024, 5, 3), "body_chars": len(BODY2)}
    t["sources"].loc[0, "publisher"] = "Wire & Co"
    t["sources"] = pd.concat([t["sources"], pd.DataFrame([s2])], ignore_index=True)
    t["texts"] = pd.DataFrame([{"source_id": SID, "body": BODY}, {"source_id": SID2, "body": BODY2}])
    f2 = t["figures"].iloc[0].to_dict() | {"figure_id": f"{SID2}:f:24-26", "source_id": SID2, "start": 24, "end": 26,
                                           "text": "7%", "value": 7.0, "claim_id": None}
    t["figures"] = pd.concat([t["figures"], pd.DataFrame([f2])], ignore_index=True)
    if with_groups:
        t["figures"]["group_id"] = ["grp-exports-april", "grp-exports-april"]
        t["figure_groups"] = pd.DataFrame([{"group_id": "grp-exports-april", "measure": "exports <April>", "unit": "percent",
                                            "n_sources": 2, "min": 5.0, "max": 7.0, "disagree": True}])
    else:  # a release built before figure groups existed
        del t["figure_groups"]
        t["figures"] = t["figures"].drop(columns="group_id")
    c2 = t["claims"].iloc[0].to_dict() | {"claim_id": f"{SID2}:c:11-35", "source_id": SID2, "start": 11, "end": 35,
                                          "text": EVIL, "speaker": "Tokyo", "n_sources": 2}
    t["claims"]["n_sources"] = 2
    t["claims"] = pd.concat([t["claims"], pd.DataFrame([c2])], ignore_index=True)
    return t


VALIDATION = {"success": True, "row_counts": {"sources": 2, "claims": 2},
              "articles": {"accepted": 2, "quarantined": 1, "rejected": 3, "inputs": 6},
              "pandera": {"failures": []}, "cross_table": {"failures": []},
              "great_expectations": {"expectations_per_table": {"sources": 21}, "failures": []}}
METRICS = {"data/reports/metrics/test.json": {"claims": {"f1": 0.9, "f1_low": 0.8, "f1_high": 0.95, "precision": 1.0,
                                                         "recall": 0.8, "tp": 8, "fp": 0, "fn": 2},
                                              "baselines": {"claims_quote_marks": {"f1": 0.5}}}}


def page(tables=None, rejects=None, quarantine=None, metrics=METRICS) -> str:
    return report.render(tables or tables_with_disagreement(), VALIDATION, rejects, quarantine, metrics, "1.2.3", 10)


def test_article_text_is_escaped_everywhere():
    html = page()
    assert "<script" not in html and "<img" not in html and "<b>Bold" not in html
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in html
    assert "Daily &lt;b&gt;Bold&lt;/b&gt;" in html


def test_page_loads_nothing_from_anywhere():
    html = page()
    assert not re.search(r"<(script|link|iframe|img|object|embed)\b", html)
    assert not re.search(r"<[^>]*\b(src|srcset|data)\s*=|@import|url\(", html)
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    assert 'href="javascript:' not in html  # only http(s) article links are made into links


def test_disagreement_table_lists_each_value_linked_to_its_sentence():
    html = page()
    table = html[html.index('id="disagree-table"'):html.index("</table>", html.index('id="disagree-table"'))]
    assert "exports &lt;April&gt;" in table and "5%" in table and "7%" in table
    assert "Wire &amp; Co" in table and "Daily &lt;b&gt;Bold&lt;/b&gt;" in table
    for anchor in re.findall(r'href="#(ev-[^"]+)"', table):
        assert f'id="{anchor}"' in html
    assert "exports rose <mark>5%</mark> in April, 2024." in html  # the sentence, cut at its end


def test_disagreement_section_says_when_the_release_has_no_figure_groups():
    html = page(tables_with_disagreement(with_groups=False))
    assert 'id="disagree-absent"' in html and "no <code>figure_groups</code> table" in html
    assert 'id="disagree-table"' not in html


def test_groups_that_agree_are_not_disagreements():
    tables = tables_with_disagreement()
    tables["figure_groups"]["disagree"] = False
    assert 'id="disagree-none"' in page(tables)


def test_quality_shows_intervals_and_leaves_out_baselines():
    html = page()
    assert "claims.f1" in html and "0.900 <span class=\"ci\">[0.800, 0.950]</span>" in html
    assert "claims_quote_marks" not in html


def test_rejects_and_quarantine_are_counted_by_reason():
    rejects = pd.DataFrame({"path": ["a.txt", "b.txt", "c.bin"], "reason": ["too_short", "too_short", "binary_content"],
                            "detail": ["", "", ""]})
    quarantine = pd.DataFrame({"source_id": [SID, SID], "table": ["figures", "claims"],
                               "check": ["unit: str_matches", "end: ge"], "value": ["x", "0"], "detail": ["", ""]})
    html = page(rejects=rejects, quarantine=quarantine)
    assert "3 input file(s) rejected" in html and "<td>too_short</td><td class=num>2</td>" in html
    assert "1 article(s) quarantined (2 failed check(s))" in html
    assert "This release has no quarantine report" in page()


def test_shared_claims_show_each_sources_wording():
    tables = tables_with_disagreement()
    [cluster] = report.shared_clusters(tables["claims"], tables["sources"], 5)
    assert cluster["n_sources"] == 2
    assert [(c["outlet"], c["text"]) for c in cluster["claims"]] == [("Wire & Co", "exports rose 5% in April, 2024"),
                                                                      ("Daily <b>Bold</b>", EVIL)]


def test_articles_per_day_fill_empty_days_and_switch_to_months_over_long_spans():
    sources = pd.DataFrame({"published_date": [dt.date(2024, 5, 1), dt.date(2024, 5, 3), None]})
    bars, unit, undated = report.articles_per_period(sources)
    assert (bars, unit, undated) == ([("2024-05-01", 1.0), ("2024-05-02", 0.0), ("2024-05-03", 1.0)], "day", 1)
    sources = pd.DataFrame({"published_date": [dt.date(2023, 10, 5), dt.date(2024, 2, 1)]})
    bars, unit, _ = report.articles_per_period(sources)
    assert unit == "month" and [b[0] for b in bars] == ["2023-10", "2023-11", "2023-12", "2024-01", "2024-02"]


def test_metric_rows_read_any_nesting_overall_scores_first():
    rows = report.metric_rows("m.json", {"dev": {"figures": {"f1": 0.7, "f1_low": 0.6, "f1_high": 0.8},
                                                 "speaker_accuracy": 0.9, "speaker_accuracy_low": 0.85,
                                                 "speaker_accuracy_high": 0.95, "n_articles": 10}})
    assert [(r.path, r.low, r.high) for r in rows] == [("dev.speaker_accuracy", 0.85, 0.95), ("dev.figures.f1", 0.6, 0.8)]


def _published(tmp_path, tables):
    out = tmp_path / "published"
    for name, df in tables.items():
        write_parquet(out / f"{name}.parquet", df)
    (out / "datapackage.json").write_text(json.dumps({"version": "9.8.7"}))
    write_json(tmp_path / "validation.json", VALIDATION)
    (tmp_path / "metrics").mkdir(exist_ok=True)
    write_json(tmp_path / "metrics" / "test.json", METRICS["data/reports/metrics/test.json"])
    return out


def build_report(tmp_path, tables=None) -> int:
    out = _published(tmp_path, tables or tables_with_disagreement())
    return report.main(["--published", str(out), "--validation", str(tmp_path / "validation.json"),
                        "--metrics", str(tmp_path / "metrics"), "--out", str(tmp_path / "index.html")])


def test_stage_writes_the_same_bytes_twice(tmp_path):
    assert build_report(tmp_path) == 0
    first = (tmp_path / "index.html").read_bytes()
    assert b"newsclaims 9.8.7" in first and b"disagree-table" in first
    assert build_report(tmp_path) == 0
    assert (tmp_path / "index.html").read_bytes() == first


def test_missing_published_tables_give_a_clear_error(tmp_path, capsys):
    write_json(tmp_path / "validation.json", VALIDATION)
    code = report.main(["--published", str(tmp_path / "none"), "--validation", str(tmp_path / "validation.json"),
                        "--out", str(tmp_path / "index.html")])
    assert code == 2 and "input not found" in capsys.readouterr().err
    assert not (tmp_path / "index.html").exists()


@pytest.mark.parametrize("value, unit, shown", [(550e9, "USD", "USD 550 billion"), (27.5, "percent", "27.5%"),
                                                (3, "year", "3 year"), (1234567, "count", "1.235 million count")])
def test_values_are_written_readably(value, unit, shown):
    assert report.fmt_value(value, unit) == shown


def test_counts_show_the_balance_of_inputs():
    assert "Inputs: 6; articles accepted 2, quarantined 1, rejected 3" in page()


def test_page_reads_bodies_only_of_the_sources_it_quotes(tmp_path):
    tables = tables_with_disagreement()
    tables["figure_groups"].loc[0, "disagree"] = False
    tables["figure_groups"].loc[0, "max"] = 5.0
    read = report.read_tables(_published(tmp_path, tables))
    assert read["texts"]["body"].isna().all()
    assert len(read["texts"]) == 2 and len(read["mentions"]) == len(tables["mentions"])


def test_page_reads_the_bodies_of_disagreeing_figures(tmp_path):
    read = report.read_tables(_published(tmp_path, tables_with_disagreement()))
    assert dict(zip(read["texts"]["source_id"], read["texts"]["body"])) == {SID: BODY, SID2: BODY2}
