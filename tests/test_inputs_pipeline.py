"""End to end on real input kinds: a folder of .txt, .html, .html.gz and .jsonl.gz files with
a manifest, given to `dvc repro` through the dvc.yaml `input_dir` variable, in a temporary
copy of the project. Every input file or line is a published source or a reject."""
import gzip
import json
import re
import shutil

import pandas as pd
import pytest
from factories import ARTICLE_PARAGRAPHS, article_page
from test_pipeline import ROOT, project_copy, run

from schemas.tables import TABLES, cross_table_failures

def _write_inputs(folder):
    shutil.copytree(ROOT / "seeds", folder)  # five .txt articles
    (folder / "rates.html").write_text(article_page(
        '<meta property="article:published_time" content="2024-09-05T10:00:00Z">'), encoding="utf-8")
    other = [p.replace("central bank", "reserve bank").replace("Thursday", "Tuesday") for p in ARTICLE_PARAGRAPHS]
    (folder / "saved").mkdir()
    (folder / "saved" / "reserve.html.gz").write_bytes(gzip.compress(article_page(
        '<link rel="canonical" href="https://example.org/2024/03/12/reserve-bank">', charset="windows-1252",
        paragraphs=other).encode("cp1252")))
    records = [{"id": "a1", "title": "Copper falls", "published_date": "Sept. 5, 2024",
                "text": "Copper prices fell for a third day as stockpiles in Shanghai warehouses grew, traders "
                        "said on Thursday.\nDemand from wire makers has been weak since the summer holidays "
                        "ended in China, and analysts expect prices to stay low until the end of the year."}]
    lines = [json.dumps(records[0]), "{not json", json.dumps({"text": "日本の赤沢亮正経済再生担当相は木曜日、米国への訪問を急きょ取りやめた。" * 3})]
    (folder / "dump.jsonl.gz").write_bytes(gzip.compress("\n".join(lines).encode()))
    (folder / "manifest.csv").write_text("path,publisher,published_date\nrates.html,Example Wire,2024-09-06\n"
                                         "missing.txt,Nobody,\n")


@pytest.mark.slow
def test_mixed_input_folder_builds_and_accounts_for_every_input(tmp_path):
    work = tmp_path / "project"
    work.mkdir()
    project_copy(work)
    _write_inputs(work / "inputs")
    dvc_yaml = work / "dvc.yaml"
    dvc_yaml.write_text(re.sub(r"input_dir: \S+", "input_dir: inputs", dvc_yaml.read_text()))
    out = run(["dvc", "repro", "publish"], work)
    assert out.returncode == 0, out.stdout + out.stderr
    sources = pd.read_parquet(work / "data/published/sources.parquet")
    rejects = pd.read_csv(work / "data/reports/rejects.csv")
    got = dict(zip(sources["path"], zip(sources["format"], sources["encoding"], sources["date_basis"])))
    assert {k: v for k, v in got.items() if not k.endswith(".txt")} == {
        "inputs/rates.html": ("html", "utf-8", "manifest"),
        "inputs/saved/reserve.html.gz": ("html", "cp1252", "url"),
        "inputs/dump.jsonl.gz#L1": ("jsonl", "utf-8", "record"),
    }
    assert sum(p.endswith(".txt") for p in sources["path"]) == 5
    assert dict(zip(rejects["path"], rejects["reason"])) == {
        "inputs/dump.jsonl.gz#L2": "invalid_json", "inputs/dump.jsonl.gz#L3": "unsupported_language",
        "inputs/missing.txt": "manifest_missing_file"}
    tables = {name: pd.read_parquet(work / "data/published" / f"{name}.parquet") for name in TABLES}
    tables["sources"]["published_date"] = tables["sources"]["published_date"].astype(object)
    for name, df in tables.items():
        TABLES[name].validate(df, lazy=True)
    assert cross_table_failures(tables) == []
