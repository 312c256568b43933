import datetime as dt

import pandas as pd
import pytest

from pipeline.config import IngestParams
from pipeline.ingest import (
    ArticleError, article_from_bytes, credit_line, decode_article, ingest_files, main,
    near_duplicates, normalize_text, read_manifest, split_furniture,
)

PARAMS = IngestParams(min_body_words=5, near_duplicate_threshold=0.8)
BODY = ("The harvest was the largest in a decade, the farm ministry said on Monday.\n"
        "Wheat exports are expected to rise as prices ease and buyers return to the market.")


def test_bom_and_crlf_are_tolerated():
    text = decode_article("\ufeffLine one.\r\nLine two.".encode("utf-8"))
    assert normalize_text(text) == "Line one.\nLine two."


def test_curly_quotes_and_nbsp_are_normalized():
    assert normalize_text("\u201cYes,\u201d she said\u00a0\u2018today\u2019.") == "\"Yes,\" she said 'today'."


def test_invalid_utf8_is_an_article_error():
    with pytest.raises(ArticleError) as err:
        decode_article(b"caf\xe9 au lait")
    assert err.value.reason == "not_utf8"


def test_binary_content_is_rejected():
    with pytest.raises(ArticleError) as err:
        decode_article(b"PK\x03\x04\x00\x00")
    assert err.value.reason == "binary_content"


def test_date_line_is_boilerplate_and_sets_date():
    f = split_furniture([" date 2024-03-05 Grain prices climb", "Second paragraph here."])
    assert f.published_date == dt.date(2024, 3, 5)
    assert f.body_lines[0] == "Grain prices climb"
    assert any("2024-03-05" in b for b in f.blocks)


def test_teaser_list_runs_to_the_end_as_one_block():
    lines = ["Para one of the story.", "Para two of the story.", "Related stories", "09:15",
             "Markets", "A teaser about something else entirely.", "Leave a comment"]
    f = split_furniture(lines)
    assert f.body_lines == ["Para one of the story.", "Para two of the story."]
    assert f.blocks[0].startswith("Related stories\n09:15")
    assert f.blocks[-1] == "Leave a comment"


def test_contributor_line_gives_credit():
    assert credit_line("— Maria Lopez and Tom Baker contributed to this article.") == (["Maria Lopez", "Tom Baker"], [])


def test_agency_editing_line_gives_outlet_and_editor():
    names, outlets = credit_line("AFP with additional input and editing by Sara Kim")
    assert names == ["Sara Kim"] and outlets == ["AFP"]


def test_reporting_by_line_gives_all_names():
    names, _ = credit_line("(Reporting by Ana Silva in Brasilia; Editing by Mark Heinrich)")
    assert names == ["Ana Silva", "Mark Heinrich"]


def test_based_on_report_line_cites_outlet():
    assert credit_line("Based On BBC Report") == ([], ["BBC"])


def test_ordinary_sentence_is_not_a_credit_line():
    assert credit_line("The minister said by Friday the plan would be ready.") is None


def test_article_row_has_offsets_basis_and_counts():
    row = article_from_bytes(("date 2024-01-02\n" + BODY + "\nALSO SEE:").encode(), "seeds/a.txt", PARAMS)
    assert row["date_basis"] == "explicit"
    assert row["body"] == BODY.replace("\n", "\n\n")
    assert row["body_chars"] == len(row["body"])
    assert row["boilerplate_chars"] == len("date 2024-01-02") + len("ALSO SEE:")
    assert row["source_id"].startswith("src-") and len(row["source_id"]) == 20


def test_manifest_date_wins_over_text(tmp_path):
    row = article_from_bytes(("date 2024-01-02\n" + BODY).encode(), "seeds/a.txt", PARAMS,
                             {"published_date": dt.date(2024, 1, 3), "title": "T"})
    assert row["published_date"] == dt.date(2024, 1, 3) and row["date_basis"] == "manifest"
    assert row["title"] == "T"


def test_every_file_is_an_article_or_a_reject():
    files = [("seeds/a_ok.txt", BODY.encode()), ("seeds/short.txt", b"Too short."),
             ("seeds/bad.txt", b"\xff\xfe\xfa"), ("seeds/b_copy.txt", BODY.encode())]
    articles, rejects = ingest_files(files, PARAMS)
    assert list(articles["path"]) == ["seeds/a_ok.txt"]
    assert dict(zip(rejects["path"], rejects["reason"])) == {
        "seeds/short.txt": "too_short", "seeds/bad.txt": "not_utf8", "seeds/b_copy.txt": "duplicate_content"}


def test_non_english_body_is_rejected():
    text = "Der Weizenpreis stieg am Montag deutlich, teilte das Ministerium in Berlin mit und nannte Gründe."
    with pytest.raises(ArticleError) as err:
        article_from_bytes(text.encode(), "seeds/de.txt", PARAMS)
    assert err.value.reason == "unsupported_language"


def test_syndicated_copy_points_to_the_earlier_article():
    a = " ".join(f"word{i}" for i in range(200))
    b = a + " plus a short local tagline"
    assert near_duplicates([a, b, "something else entirely " * 10], 0.8) == [None, 0, None]


def test_manifest_bad_date_becomes_reject(tmp_path):
    path = tmp_path / "manifest.csv"
    path.write_text("path,title,publisher,url,published_date\na.txt,T,P,http://x,not-a-date\n")
    rows, rejects = read_manifest(path)
    assert rows["a.txt"]["published_date"] is None
    assert rejects[0]["reason"] == "manifest_invalid_value"


def test_cli_writes_rejects_for_unsupported_files(tmp_path, monkeypatch):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.txt").write_text(BODY * 3)
    (seeds / "b.pdf").write_bytes(b"%PDF-1.4")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "params.yaml").write_text("ingest:\n  min_body_words: 5\n")
    assert main(["--seeds", "seeds", "--articles", "out/a.parquet", "--rejects", "out/r.csv"]) == 0
    rejects = pd.read_csv(tmp_path / "out/r.csv")
    assert rejects.to_dict("records") == [{"path": "seeds/b.pdf", "reason": "unsupported_file_type",
                                           "detail": "expected a .txt article, got '.pdf'"}]
    assert pd.read_parquet(tmp_path / "out/a.parquet")["path"].tolist() == ["seeds/a.txt"]


def test_cli_missing_seed_folder_is_a_clear_error(tmp_path, capsys):
    assert main(["--seeds", str(tmp_path / "none"), "--articles", "a.parquet", "--rejects", "r.csv"]) == 2
    assert "seeds folder not found" in capsys.readouterr().err


def test_wire_dateline_is_boilerplate_and_cites_the_agency():
    f = split_furniture(["OSLO, Feb. 3 (AFP) - Norway's wealth fund posted a record return.", "More text."])
    assert f.body_lines[0] == "Norway's wealth fund posted a record return."
    assert f.blocks == ["OSLO, Feb. 3 (AFP) -"] and f.outlets == ["AFP"]


def test_published_line_under_a_byline_gives_the_date():
    f = split_furniture(["By Jo Park", "Published: October 8, 2024 at 6:45 p.m. ET", "Story text here."])
    assert f.published_date == dt.date(2024, 10, 8)
    assert f.body_lines == ["Story text here."]
    assert "Published: October 8, 2024 at 6:45 p.m. ET" in f.blocks


def test_cli_applies_manifest_and_rejects_rows_without_files(tmp_path, monkeypatch):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.txt").write_text(BODY * 3)
    (seeds / "manifest.csv").write_text(
        "path,title,publisher,url,published_date\n"
        "a.txt,Wheat harvest,Farm Daily,https://example.org/a,2024-07-01\n"
        "gone.txt,Missing,Farm Daily,,\n")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "params.yaml").write_text("ingest:\n  min_body_words: 5\n")
    assert main(["--seeds", "seeds", "--articles", "a.parquet", "--rejects", "r.csv"]) == 0
    row = pd.read_parquet(tmp_path / "a.parquet").iloc[0]
    assert (row["title"], row["publisher"], row["date_basis"]) == ("Wheat harvest", "Farm Daily", "manifest")
    assert row["published_date"] == dt.date(2024, 7, 1)
    assert pd.read_csv(tmp_path / "r.csv")[["path", "reason"]].values.tolist() == [["gone.txt", "manifest_missing_file"]]
