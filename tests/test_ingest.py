import datetime as dt
import gzip
import json
import os

import pandas as pd
import pytest
from factories import ARTICLE_TITLE, article_page

from pipeline.config import IngestParams
from pipeline.ingest import (
    ArticleError, article_from_bytes, decode_article, ingest_files, main, near_duplicates, normalize_text,
    read_manifest,
)

PARAMS = IngestParams(min_body_words=5, near_duplicate_threshold=0.8)
BODY = ("The harvest was the largest in a decade, the farm ministry said on Monday.\n"
        "Wheat exports are expected to rise as prices ease and buyers return to the market.")
OTHER = ("Copper prices fell for a third day as stockpiles in Shanghai warehouses grew, traders said.\n"
         "Demand from wire makers has been weak since the summer holidays ended in China.")


def _reasons(rejects: pd.DataFrame) -> dict:
    return dict(zip(rejects["path"], rejects["reason"]))


def _run(tmp_path, files: dict, params: str = "ingest:\n  min_body_words: 5\n", monkeypatch=None):
    """Run the ingest CLI on a folder of files; returns (exit code, articles, rejects)."""
    seeds = tmp_path / "seeds"
    seeds.mkdir(exist_ok=True)
    for name, content in files.items():
        (seeds / name).parent.mkdir(parents=True, exist_ok=True)
        (seeds / name).write_bytes(content if isinstance(content, bytes) else content.encode())
    (tmp_path / "params.yaml").write_text(params)
    monkeypatch.chdir(tmp_path)
    code = main(["--inputs", "seeds", "--articles", "out/a.parquet", "--rejects", "out/r.csv"])
    articles = pd.read_parquet(tmp_path / "out/a.parquet") if (tmp_path / "out/a.parquet").exists() else None
    rejects = pd.read_csv(tmp_path / "out/r.csv", keep_default_na=False)
    return code, articles, rejects


# ---------------------------------------------------------------- text

def test_bom_and_crlf_are_tolerated():
    text = decode_article("\ufeffLine one.\r\nLine two.".encode("utf-8"))
    assert normalize_text(text) == "Line one.\nLine two."


def test_curly_quotes_and_nbsp_are_normalized():
    assert normalize_text("\u201cYes,\u201d she said\u00a0\u2018today\u2019.") == "\"Yes,\" she said 'today'."


def test_cp1252_article_is_accepted_with_its_encoding():
    raw = ("\u201cThe harvest was the largest in a decade,\u201d the farm minister said on Monday in Zürich.\n"
           "Wheat exports are expected to rise as prices ease \u2014 buyers are returning.").encode("cp1252")
    row = article_from_bytes(raw, "seeds/old.txt", PARAMS)
    assert row["encoding"] == "cp1252" and row["body"].startswith('"The harvest')
    assert "Zürich" in row["body"]


def test_latin1_article_is_accepted():
    raw = ("The café owners in Málaga said prices for coffee had risen by a third since the spring, "
           "and that customers were buying less.").encode("latin-1")
    row = article_from_bytes(raw, "seeds/latin.txt", PARAMS)
    assert "café owners in Málaga" in row["body"] and row["encoding"] in ("cp1252", "latin_1")


def test_bom_crlf_article_has_clean_body_and_utf8_encoding():
    row = article_from_bytes(("\ufeff" + BODY.replace("\n", "\r\n")).encode("utf-8"), "seeds/a.txt", PARAMS)
    assert "\r" not in row["body"] and "\ufeff" not in row["body"] and row["encoding"] == "utf-8"


@pytest.mark.parametrize("raw, reason", [
    (b"", "empty"), (b" \n\t\r\n  ", "empty"), (b"PK\x03\x04\x00\x00 archive", "binary_content"),
    (bytes(range(128, 256)) * 3, "undecodable"), (b"Too short.", "too_short"),
])
def test_unusable_text_is_rejected_with_its_reason(raw, reason):
    with pytest.raises(ArticleError) as err:
        article_from_bytes(raw, "seeds/x.txt", PARAMS)
    assert err.value.reason == reason


def test_article_row_has_offsets_basis_and_counts():
    row = article_from_bytes(("date 2024-01-02\n" + BODY + "\nALSO SEE:").encode(), "seeds/a.txt", PARAMS)
    assert row["date_basis"] == "explicit"
    assert row["body"] == BODY.replace("\n", "\n\n")
    assert row["body_chars"] == len(row["body"])
    assert row["boilerplate_chars"] == len("date 2024-01-02") + len("ALSO SEE:")
    assert row["source_id"].startswith("src-") and len(row["source_id"]) == 20
    assert (row["format"], row["language"]) == ("txt", "en") and 0 < row["language_confidence"] <= 1


def test_manifest_date_wins_over_text():
    row = article_from_bytes(("date 2024-01-02\n" + BODY).encode(), "seeds/a.txt", PARAMS,
                             {"published_date": dt.date(2024, 1, 3), "title": "T"})
    assert row["published_date"] == dt.date(2024, 1, 3) and row["date_basis"] == "manifest"
    assert row["title"] == "T"


def test_japanese_article_is_rejected_as_unsupported_language():
    text = ("日本の赤沢亮正経済再生担当相は木曜日、米国への訪問を急きょ取りやめた。" * 4).encode()
    with pytest.raises(ArticleError) as err:
        article_from_bytes(text, "seeds/ja.txt", IngestParams())
    assert err.value.reason == "unsupported_language" and "'ja'" in err.value.detail


def test_german_article_is_rejected_unless_german_is_accepted():
    text = "Der Weizenpreis stieg am Montag deutlich, teilte das Ministerium in Berlin mit und nannte Gründe.".encode()
    with pytest.raises(ArticleError) as err:
        article_from_bytes(text, "seeds/de.txt", PARAMS)
    assert err.value.reason == "unsupported_language"
    row = article_from_bytes(text, "seeds/de.txt", IngestParams(min_body_words=5, languages=("en", "de")))
    assert row["language"] == "de"


def test_every_file_is_an_article_or_a_reject():
    files = [("seeds/a_ok.txt", BODY.encode()), ("seeds/short.txt", b"Too short."),
             ("seeds/bad.txt", bytes(range(128, 256)) * 3), ("seeds/b_copy.txt", BODY.encode())]
    articles, rejects = ingest_files(files, PARAMS)
    assert list(articles["path"]) == ["seeds/a_ok.txt"]
    assert _reasons(rejects) == {"seeds/short.txt": "too_short", "seeds/bad.txt": "undecodable",
                                 "seeds/b_copy.txt": "duplicate_content"}


def test_syndicated_copy_points_to_the_earlier_article():
    a = " ".join(f"word{i}" for i in range(200))
    b = a + " plus a short local tagline"
    assert near_duplicates([a, b, "something else entirely " * 10], 0.8) == [None, 0, None]


# ---------------------------------------------------------------- HTML

def test_html_page_gives_body_metadata_and_date():
    html = article_page('<meta property="article:published_time" content="2024-09-05T10:00:00Z">')
    row = article_from_bytes(html.encode(), "seeds/page.html", PARAMS)
    assert row["body"].startswith("The central bank left") and "SCRIPTTEXT" not in row["body"]
    assert (row["title"], row["publisher"], row["credits"]) == (ARTICLE_TITLE, "Example News", ["Maria Lopez"])
    assert (row["published_date"], row["date_basis"], row["format"]) == (dt.date(2024, 9, 5), "metadata", "html")
    assert ARTICLE_TITLE in row["boilerplate"]  # the repeated headline is furniture


def test_html_date_falls_back_to_the_url_then_the_text():
    by_url = article_page('<link rel="canonical" href="https://example.org/news/2024/09/05/rates">')
    row = article_from_bytes(by_url.encode(), "seeds/u.html", PARAMS)
    assert (row["published_date"], row["date_basis"], row["url"]) == (
        dt.date(2024, 9, 5), "url", "https://example.org/news/2024/09/05/rates")
    by_text = article_page(body_extra="")
    by_text = by_text.replace("<!-- COMMENTTEXT -->", "<p>Published: Thursday, September 5, 2024</p>")
    row = article_from_bytes(by_text.encode(), "seeds/t.html", PARAMS)
    assert (row["published_date"], row["date_basis"]) == (dt.date(2024, 9, 5), "explicit")


def test_html_date_found_only_in_page_text_is_inferred():
    html = article_page().replace("<footer>Copyright Example News</footer>",
                                  "<footer>Copyright Example News. This page was printed on 12 March 2024.</footer>")
    row = article_from_bytes(html.encode(), "seeds/i.html", PARAMS)
    assert (row["published_date"], row["date_basis"]) == (dt.date(2024, 3, 12), "inferred")


def test_html_in_a_legacy_charset_is_decoded_by_its_declaration():
    html = article_page(charset="windows-1252", paragraphs=[
        "The caf\u00e9 owners said prices had risen \u201csharply\u201d since the spring and customers bought less."] * 3)
    row = article_from_bytes(html.encode("cp1252"), "seeds/p.html", PARAMS)
    assert row["encoding"] == "cp1252" and 'caf\u00e9 owners said prices had risen "sharply"' in row["body"]


def test_html_page_without_article_text_is_rejected():
    with pytest.raises(ArticleError) as err:
        article_from_bytes(b"<html><head><script>var a = 1;</script></head><body></body></html>", "seeds/e.html", PARAMS)
    assert err.value.reason == "no_article_text"


# ---------------------------------------------------------------- manifest

def test_manifest_bad_date_becomes_reject(tmp_path):
    path = tmp_path / "manifest.csv"
    path.write_text("path,title,publisher,url,published_date\na.txt,T,P,http://x,not-a-date\n")
    rows, rejects = read_manifest(path)
    assert rows["a.txt"]["published_date"] is None
    assert rejects[0]["reason"] == "manifest_invalid_value"


def test_manifest_future_date_is_refused(tmp_path):
    path = tmp_path / "manifest.csv"
    path.write_text("path,published_date\na.txt,2031-01-01\n")
    rows, rejects = read_manifest(path, latest=dt.date(2026, 1, 1))
    assert rows["a.txt"]["published_date"] is None and rejects[0]["reason"] == "manifest_invalid_value"


def test_manifest_unknown_columns_traversal_and_duplicates_are_rejects(tmp_path):
    path = tmp_path / "manifest.csv"
    path.write_text("path,title,author\n../etc/passwd,X,Y\n/abs/a.txt,X,Y\nsub/../a.txt,A,B\na.txt,Again,B\n,E,F\n")
    rows, rejects = read_manifest(path, "seeds")
    assert list(rows) == ["seeds/a.txt"] and rows["seeds/a.txt"]["title"] == "A"
    assert [(r["reason"], r["detail"][:7]) for r in rejects] == [
        ("manifest_unknown_column", "column("), ("outside_input", "line 2:"), ("outside_input", "line 3:"),
        ("manifest_invalid_row", "line 5:"), ("manifest_invalid_row", "line 6:")]
    assert [r["path"] for r in rejects] == ["seeds/manifest.csv", "seeds/manifest.csv#L2", "seeds/manifest.csv#L3",
                                            "seeds/manifest.csv", "seeds/manifest.csv"]


def test_manifest_without_path_column_is_invalid(tmp_path):
    path = tmp_path / "manifest.csv"
    path.write_text("file,title\na.txt,T\n")
    assert read_manifest(path)[1][0]["reason"] == "manifest_invalid"


def test_manifest_in_cp1252_with_bom_and_crlf_is_read(tmp_path):
    path = tmp_path / "manifest.csv"
    path.write_bytes(b"\xef\xbb\xbfpath,title\r\na.txt,Caf\xc3\xa9 prices\r\n")
    assert read_manifest(path)[0]["a.txt"]["title"] == "Café prices"
    path.write_bytes("path,title\r\na.txt,\u201cCaf\u00e9\u201d prices in Z\u00fcrich rise\r\n".encode("cp1252"))
    assert read_manifest(path)[0]["a.txt"]["title"] == "\u201cCaf\u00e9\u201d prices in Z\u00fcrich rise"


# ---------------------------------------------------------------- the stage

def test_cli_writes_rejects_for_unsupported_files(tmp_path, monkeypatch):
    code, articles, rejects = _run(tmp_path, {"a.txt": BODY * 3, "b.pdf": b"%PDF-1.4"}, monkeypatch=monkeypatch)
    assert code == 0 and articles["path"].tolist() == ["seeds/a.txt"]
    assert rejects[["path", "reason"]].values.tolist() == [["seeds/b.pdf", "unsupported_file_type"]]


def test_cli_missing_input_folder_is_a_clear_error(tmp_path, capsys):
    assert main(["--inputs", str(tmp_path / "none"), "--articles", "a.parquet", "--rejects", "r.csv"]) == 2
    assert "input folder not found" in capsys.readouterr().err


def test_cli_applies_manifest_and_rejects_rows_without_files(tmp_path, monkeypatch):
    code, articles, rejects = _run(tmp_path, {
        "a.txt": BODY * 3,
        "manifest.csv": "path,title,publisher,url,published_date\n"
                        "a.txt,Wheat harvest,Farm Daily,https://example.org/a,2024-07-01\n"
                        "gone.txt,Missing,Farm Daily,,\n"}, monkeypatch=monkeypatch)
    row = articles.iloc[0]
    assert (row["title"], row["publisher"], row["date_basis"]) == ("Wheat harvest", "Farm Daily", "manifest")
    assert row["published_date"] == dt.date(2024, 7, 1)
    assert rejects[["path", "reason"]].values.tolist() == [["seeds/gone.txt", "manifest_missing_file"]]


def test_folder_of_every_format_builds_with_one_row_per_input(tmp_path, monkeypatch):
    dump = [{"id": "w-1", "text": OTHER, "title": "Copper falls", "url": "https://example.org/c",
             "published_date": "Sept. 5, 2024", "publisher": "Metal Wire"},
            {"title": "no text"},
            {"id": 7, "html": article_page().replace("central bank", "reserve bank")}]
    lines = [json.dumps(d) for d in dump[:2]] + ["{broken", json.dumps(dump[2])]
    code, articles, rejects = _run(tmp_path, {
        "a.txt": BODY,
        "page.html": article_page('<meta property="article:published_time" content="2024-09-05T10:00:00Z">'),
        "old/page2.html.gz": gzip.compress(article_page().replace("Markets", "Traders").replace(
            "central bank", "monetary authority").encode()),
        "dump.jsonl.gz": gzip.compress("\n".join(lines).encode()),
        "manifest.csv": "path,published_date\na.txt,2024-07-01\ndump.jsonl.gz#L4,2024-07-02\n",
    }, monkeypatch=monkeypatch)
    assert code == 0
    got = {r.path: (r.format, r.date_basis, r.external_id if isinstance(r.external_id, str) else None)
           for r in articles.itertuples()}
    assert got == {
        "seeds/a.txt": ("txt", "manifest", None),
        "seeds/dump.jsonl.gz#L1": ("jsonl", "record", "w-1"),
        "seeds/dump.jsonl.gz#L4": ("jsonl", "manifest", "7"),
        "seeds/old/page2.html.gz": ("html", "unknown", None),
        "seeds/page.html": ("html", "metadata", None),
    }
    line1 = articles.set_index("path").loc["seeds/dump.jsonl.gz#L1"]
    assert (line1["title"], line1["publisher"], line1["published_date"]) == ("Copper falls", "Metal Wire", dt.date(2024, 9, 5))
    assert _reasons(rejects) == {"seeds/dump.jsonl.gz#L2": "missing_text", "seeds/dump.jsonl.gz#L3": "invalid_json"}


def test_jsonl_field_names_are_params(tmp_path, monkeypatch):
    params = "ingest:\n  min_body_words: 5\n  jsonl_fields:\n    text: body\n    published_date: date\n"
    code, articles, _ = _run(tmp_path, {"d.jsonl": json.dumps({"body": BODY, "date": "2024-02-03"}) + "\n"},
                             params=params, monkeypatch=monkeypatch)
    assert articles[["path", "date_basis"]].values.tolist() == [["seeds/d.jsonl#L1", "record"]]


def test_oversized_files_and_lines_are_rejected(tmp_path, monkeypatch):
    params = "ingest:\n  min_body_words: 5\n  max_file_bytes: 400\n"
    code, articles, rejects = _run(tmp_path, {
        "a.txt": BODY, "big.txt": BODY * 5,
        "d.jsonl": json.dumps({"text": OTHER}) + "\n" + json.dumps({"text": OTHER * 5}) + "\n"},
        params=params, monkeypatch=monkeypatch)
    assert sorted(articles["path"]) == ["seeds/a.txt", "seeds/d.jsonl#L1"]
    assert _reasons(rejects) == {"seeds/big.txt": "too_large", "seeds/d.jsonl#L2": "too_large"}


def test_symlinks_are_rejected_and_never_read(tmp_path, monkeypatch):
    secret = tmp_path / "secret.txt"
    secret.write_text(OTHER)
    (tmp_path / "seeds").mkdir()
    os.symlink(secret, tmp_path / "seeds" / "link.txt")
    code, articles, rejects = _run(tmp_path, {"a.txt": BODY}, monkeypatch=monkeypatch)
    assert articles["path"].tolist() == ["seeds/a.txt"]
    assert _reasons(rejects) == {"seeds/link.txt": "symlink"}


def test_manifest_traversal_row_is_rejected_at_stage_level(tmp_path, monkeypatch):
    (tmp_path / "outside.txt").write_text(OTHER)
    code, articles, rejects = _run(tmp_path, {"a.txt": BODY, "manifest.csv": "path,title\n../outside.txt,X\n"},
                                   monkeypatch=monkeypatch)
    assert articles["path"].tolist() == ["seeds/a.txt"]
    assert rejects[["path", "reason"]].values.tolist() == [["seeds/manifest.csv#L2", "outside_input"]]


def test_near_duplicate_shingle_size_is_a_param():
    words = [f"word{i}" for i in range(60)]
    a, b = " ".join(words), " ".join(reversed(words))  # same words, no shared 5-word run
    assert near_duplicates([a, b], 0.8, sample_mod=1) == [None, None]
    assert near_duplicates([a, b], 0.8, sample_mod=1, shingle_words=1) == [None, 0]
