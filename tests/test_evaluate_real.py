"""The evaluate_real stage: reading selected articles from the corpora, checking them, and
scoring dev and test without ever writing test-set error details."""
import gzip
import hashlib
import json
from pathlib import Path

import pytest

from pipeline import evaluate_real as er

ROOT = Path(__file__).resolve().parents[1]
REUTERS_TEXT = ("Acme Corp said on Tuesday its first quarter profit rose 12 pct to 4.5 mln dlrs, "
                "helped by strong demand for its pumps in Canada.\n"
                "\"We expect another good year,\" chairman John Smith said in a statement.")
WEB_TEXT = ("The city council of Springfield voted 7 to 2 on Monday to build a new library.\n\n"
            "Mayor Jane Doe said the library would open in 2021 and cost about $12 million, "
            "paid for by a bond approved by voters last year.")
WEB_ID = "ab" * 32


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def write_corpora(folder: Path, reuters_text: str = REUTERS_TEXT) -> Path:
    (folder / "web-pages").mkdir(parents=True)
    with gzip.open(folder / "reuters21578.jsonl.gz", "wt", encoding="utf-8") as fh:
        for rec in ({"id": "reuters-7", "title": "OTHER", "date": "1987-03-02", "text": "not selected"},
                    {"id": "reuters-8", "title": "ACME PROFIT UP", "date": "1987-03-03", "text": reuters_text}):
            fh.write(json.dumps(rec) + "\n")
    (folder / "web-pages/ground-truth.jsonl").write_text(json.dumps(
        {"id": WEB_ID, "url": "https://example.org/2019/05/06/library", "articleBody": WEB_TEXT}) + "\n",
        encoding="utf-8")
    return folder


def selection(split_of_web: str = "test") -> list[dict]:
    return [{"corpus": "reuters21578", "id": "reuters-8", "stratum": "earnings", "sha256": sha(REUTERS_TEXT),
             "split": "dev"},
            {"corpus": "web-pages", "id": WEB_ID, "stratum": "example.org", "sha256": sha(WEB_TEXT),
             "split": split_of_web}]


def gold(path: str, date: str | None, basis: str, entities: list[str]) -> dict:
    return {"source_path": path,
            "source": {"published_date": date, "date_basis": basis, "credits": [], "cited_outlets": [],
                       "boilerplate": []},
            "entities": [{"name": n, "type": "ORG", "aliases": [], "roles": [], "optional": False} for n in entities],
            "figures": [], "claims": []}


def test_paths_and_gold_names_of_both_corpora():
    reuters, web = selection()
    assert er.source_path(reuters) == "corpora/reuters21578.jsonl.gz#reuters-8"
    assert er.source_path(web) == f"corpora/web-pages/ground-truth.jsonl#{WEB_ID[:16]}"
    assert (er.gold_name(reuters), er.gold_name(web)) == ("reuters-8", f"web-{WEB_ID[:16]}")
    assert er.corpus_of(er.source_path(web)) == "web-pages"


def test_selection_with_unknown_split_is_an_error(tmp_path):
    bad = selection()
    bad[0]["split"] = "train"
    path = tmp_path / "selection.json"
    path.write_text(json.dumps({"articles": bad}), encoding="utf-8")
    with pytest.raises(er.SelectionError, match="split 'train'"):
        er.read_selection(path)


def test_only_selected_records_are_read(tmp_path):
    records = er.read_records(write_corpora(tmp_path), selection())
    assert sorted(records) == [("reuters21578", "reuters-8"), ("web-pages", WEB_ID)]


def test_changed_corpus_text_is_a_clear_error(tmp_path):
    corpora = write_corpora(tmp_path, REUTERS_TEXT.replace("12 pct", "13 pct"))
    records = er.read_records(corpora, selection())
    with pytest.raises(er.SelectionError, match="reuters-8 changed: SHA-256"):
        er.checked_inputs(selection(), records)


def test_metadata_arrives_as_manifest_values():
    reuters, web = selection()
    assert er.manifest_values(reuters, {"title": "T", "date": "1987-03-03"})["published_date"].isoformat() == "1987-03-03"
    assert er.manifest_values(web, {"url": "https://x.org/a"})["url"] == "https://x.org/a"


def test_gold_for_an_article_of_another_split_is_an_error(tmp_path):
    dev_items = [i for i in selection() if i["split"] == "dev"]
    stray = {er.source_path(selection()[1]): gold(er.source_path(selection()[1]), None, "unknown", [])}
    with pytest.raises(er.GoldError, match="not selected in this split"):
        er.evaluate_split(dev_items, {}, stray, None)


def test_stage_scores_both_splits_and_writes_errors_for_dev_only(tmp_path, capsys):
    corpora = write_corpora(tmp_path / "corpora")
    eval_dir = tmp_path / "eval"
    reuters, web = selection()
    (eval_dir / "dev/gold").mkdir(parents=True)
    (eval_dir / "test/gold").mkdir(parents=True)
    (eval_dir / "selection.json").write_text(json.dumps({"articles": selection()}), encoding="utf-8")
    (eval_dir / "dev/gold/reuters-8.json").write_text(json.dumps(
        gold(er.source_path(reuters), "1987-03-03", "manifest", ["Acme Corp"])), encoding="utf-8")
    (eval_dir / "test/gold" / f"web-{WEB_ID[:16]}.json").write_text(json.dumps(
        gold(er.source_path(web), "2019-05-06", "url", ["Springfield"])), encoding="utf-8")
    params = tmp_path / "params.yaml"
    params.write_text("evaluate:\n  bootstrap_resamples: 100\n", encoding="utf-8")
    reports = tmp_path / "reports"
    argv = ["--selection", str(eval_dir / "selection.json"), "--corpora", str(corpora), "--eval-dir", str(eval_dir),
            "--seed-schema", str(ROOT / "data/gold/gold.schema.json"), "--params", str(params),
            "--metrics-dir", str(reports / "metrics"), "--dev-errors", str(reports / "errors/dev.md")]
    assert er.main(argv) == 0
    assert sorted(p.relative_to(reports).as_posix() for p in reports.rglob("*") if p.is_file()) == [
        "errors/dev.md", "metrics/dev.json", "metrics/test.json"]
    dev = json.loads((reports / "metrics/dev.json").read_text())
    test = json.loads((reports / "metrics/test.json").read_text())
    assert dev["n_sources"] == test["n_sources"] == 1
    assert dev["sources"]["fields"]["published_date"] == 1.0  # the Reuters date arrived as metadata
    assert dev["sources"]["fields"]["date_basis"] == 1.0
    assert list(test["by_corpus"]) == ["web-pages"] and "f1_low" in test["entities"]
    out = capsys.readouterr().out
    assert "Springfield" not in out and "library" not in out  # numbers only, never test items
    assert "corpora/reuters21578.jsonl.gz#reuters-8" in (reports / "errors/dev.md").read_text()
