"""The scorer's command line: seed evaluation and annotator agreement."""
import json
from pathlib import Path

import pandas as pd

from pipeline.evaluate import cli
from pipeline.evaluate.scoring import BASELINES
from tests.evaluate_samples import make_gold, make_tables, write_gold_dir

ROOT = Path(__file__).resolve().parents[1]


def write_params(tmp_path: Path) -> Path:
    params = tmp_path / "params.yaml"
    params.write_text("evaluate:\n  claim_match_f1: 0.5\n  bootstrap_resamples: 200\n", encoding="utf-8")
    return params


def published_argv(tmp_path: Path, gold_dir: Path, pub: Path, tag: str = "") -> list[str]:
    return ["published", "--published", str(pub), "--articles", str(tmp_path / "articles.parquet"),
            "--gold", str(gold_dir), "--params", str(write_params(tmp_path)),
            "--metrics", str(tmp_path / f"m{tag}.json"), "--errors", str(tmp_path / f"e{tag}.md")]


def test_bad_gold_file_exits_2_with_message_naming_the_file(tmp_path, capsys):
    bad = make_gold()
    del bad["claims"][0]["speaker"]
    gold_dir = write_gold_dir(tmp_path, {"000_test.json": make_gold(), "001_bad.json": bad})
    assert cli.main(published_argv(tmp_path, gold_dir, tmp_path / "pub")) == 2
    err = capsys.readouterr().err
    assert "001_bad.json" in err and "speaker" in err and "Traceback" not in err
    assert not (tmp_path / "m.json").exists()


def published_tables_and_gold(tmp_path):
    """A published folder, its articles table and a gold folder of one article, in tmp_path."""
    tables, articles = make_tables()
    pub = tmp_path / "published"
    pub.mkdir()
    for name, df in tables.items():
        df.to_parquet(pub / f"{name}.parquet", index=False)
    articles.to_parquet(tmp_path / "articles.parquet", index=False)
    return pub, write_gold_dir(tmp_path, {"000_test.json": make_gold()})


def test_published_writes_deterministic_metrics_and_report(tmp_path, monkeypatch):
    pub, gold_dir = published_tables_and_gold(tmp_path)
    monkeypatch.setattr(cli, "run_baselines", lambda bodies, model, batch_size=16: {
        name: {path: [] for path in bodies} for name in BASELINES})
    outputs = []
    for run_no in range(2):
        assert cli.main(published_argv(tmp_path, gold_dir, pub, str(run_no))) == 0
        outputs.append(((tmp_path / f"m{run_no}.json").read_text(), (tmp_path / f"e{run_no}.md").read_text()))
    assert outputs[0] == outputs[1]
    metrics = json.loads(outputs[0][0])
    assert list(metrics) == sorted(metrics)
    assert metrics["claims"]["f1"] == 1.0 and metrics["baselines"]["claims_quote_marks"]["f1"] == 0.0
    assert metrics["bootstrap"]["resamples"] == 200


def test_published_with_a_cache_scores_as_without_and_reuses_the_baselines(tmp_path, monkeypatch):
    pub, gold_dir = published_tables_and_gold(tmp_path)
    calls = []

    def baselines(bodies, model, batch_size=16):
        calls.append(model)
        return {name: {path: [] for path in bodies} for name in BASELINES}
    monkeypatch.setattr(cli, "run_baselines", baselines)
    assert cli.main(published_argv(tmp_path, gold_dir, pub, "plain")) == 0
    for run_no in range(2):
        argv = published_argv(tmp_path, gold_dir, pub, str(run_no)) + ["--cache", str(tmp_path / "cache")]
        assert cli.main(argv) == 0
        assert (tmp_path / f"m{run_no}.json").read_text() == (tmp_path / "mplain.json").read_text()
        assert (tmp_path / f"e{run_no}.md").read_text() == (tmp_path / "eplain.md").read_text()
    assert len(calls) == 2  # the plain run and the first cached run; the second read the cache


def corpus_gold(path_key: str) -> dict:
    doc = make_gold()
    doc["source_path"] = f"corpora/reuters21578.jsonl.gz#{path_key}"
    return doc


def test_agreement_scores_the_second_annotation_against_the_first(tmp_path, capsys):
    first = {"reuters-1.json": corpus_gold("reuters-1"), "reuters-2.json": corpus_gold("reuters-2")}
    second_doc = corpus_gold("reuters-1")
    second_doc["claims"][0]["speaker"] = "Ryosei Akazawa"
    second_doc["entities"].pop()  # Hayashi not annotated
    second_doc["figures"].append({"text": "Thursday", "value": 1, "unit": "count", "kind": "count",
                                  "measure": None, "qualifier": None, "change": None, "optional": True})
    (tmp_path / "first").mkdir()
    (tmp_path / "second").mkdir()
    for name, doc in first.items():
        (tmp_path / "first" / name).write_text(json.dumps(doc), encoding="utf-8")
    (tmp_path / "second" / "reuters-1.json").write_text(json.dumps(second_doc), encoding="utf-8")
    out = tmp_path / "agreement.json"
    argv = ["agreement", "--first", str(tmp_path / "first"), "--second", str(tmp_path / "second"),
            "--seed-schema", str(ROOT / "data/gold/gold.schema.json"), "--params", str(write_params(tmp_path)),
            "--metrics", str(out)]
    assert cli.main(argv) == 0
    metrics = json.loads(out.read_text())
    assert metrics["articles"] == ["corpora/reuters21578.jsonl.gz#reuters-1"] and metrics["n_sources"] == 1
    assert (metrics["entities"]["tp"], metrics["entities"]["fn"]) == (3, 1)
    assert metrics["figures"]["f1"] == 1.0  # the second annotator's optional extra is no disagreement
    assert metrics["claims"]["f1"] == 1.0 and metrics["claims"]["speaker_accuracy"] == 0.0
    assert "targets" not in metrics and "baselines" not in metrics


def test_agreement_on_an_article_without_first_annotation_is_an_error(tmp_path, capsys):
    for folder, key in (("first", "reuters-1"), ("second", "reuters-2")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / f"{key}.json").write_text(json.dumps(corpus_gold(key)), encoding="utf-8")
    argv = ["agreement", "--first", str(tmp_path / "first"), "--second", str(tmp_path / "second"),
            "--seed-schema", str(ROOT / "data/gold/gold.schema.json"), "--params", str(write_params(tmp_path)),
            "--metrics", str(tmp_path / "a.json")]
    assert cli.main(argv) == 2
    assert "without a first annotation" in capsys.readouterr().err


def test_published_reads_only_the_rows_of_gold_articles(tmp_path):
    tables, articles = make_tables()
    other = "src-00000000000000ff"
    tables["sources"] = pd.concat([tables["sources"], tables["sources"].assign(source_id=other, path="seeds/other.txt")],
                                  ignore_index=True)
    tables["mentions"] = pd.concat([tables["mentions"], tables["mentions"].head(1).assign(
        mention_id="m-other", source_id=other, entity_id="org/elsewhere")], ignore_index=True)
    tables["entities"] = pd.concat([tables["entities"], pd.DataFrame([{"entity_id": "org/elsewhere", "name": "Elsewhere",
                                                                       "type": "ORG", "aliases": []}])], ignore_index=True)
    articles = pd.concat([articles, articles.assign(source_id=other, path="seeds/other.txt")], ignore_index=True)
    pub = tmp_path / "published"
    pub.mkdir()
    for name, df in tables.items():
        df.to_parquet(pub / f"{name}.parquet", index=False)
    articles.to_parquet(tmp_path / "articles.parquet", index=False)
    read, gold_articles = cli.read_gold_tables(pub, tmp_path / "articles.parquet", make_gold_paths())
    assert list(gold_articles["source_id"]) == [tables["sources"]["source_id"][0]]
    assert other not in set(read["mentions"]["source_id"])
    assert "org/elsewhere" not in set(read["entities"]["entity_id"])
    assert len(read["sources"]) == 2  # every source: scoring counts the published sources without gold


def make_gold_paths() -> set[str]:
    return {make_gold()["source_path"]}
