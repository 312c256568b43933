import datetime as dt

from factories import ARTICLE_TITLE, article_page

from pipeline.html_pages import extract_page, page_date

LATEST = dt.date(2026, 1, 1)


def test_article_text_and_metadata_are_extracted():
    page = extract_page(article_page())
    assert "The central bank left its main interest rate unchanged" in page.text
    assert (page.title, page.sitename, page.authors) == (ARTICLE_TITLE, "Example News", ["Maria Lopez"])


def test_scripts_styles_comments_and_navigation_are_not_kept():
    text = extract_page(article_page()).text
    for junk in ("SCRIPTTEXT", "STYLETEXT", "COMMENTTEXT", "Copyright Example News", "Home"):
        assert junk not in text


def test_page_without_article_text_gives_none():
    assert extract_page("<html><head><script>var a = 1;</script></head><body><!-- x --></body></html>") is None


def test_metadata_date_is_found_without_reading_the_url():
    html = article_page('<meta property="article:published_time" content="2024-09-05T10:00:00Z">'
                        '<link rel="canonical" href="https://example.org/2020/01/01/story">')
    assert page_date(html, LATEST, extensive=False) == dt.date(2024, 9, 5)
    assert page_date(article_page('<link rel="canonical" href="https://example.org/2020/01/01/story">'),
                     LATEST, extensive=False) is None


def test_page_date_never_after_the_latest_day():
    html = article_page('<meta property="article:published_time" content="2031-09-05T10:00:00Z">')
    assert page_date(html, LATEST, extensive=True) != dt.date(2031, 9, 5)


def test_ingest_starts_without_the_web_page_libraries():
    # a corpus of text files or JSON Lines never pays for trafilatura's and htmldate's imports
    import subprocess
    import sys

    code = "import sys, pipeline.ingest; print(sorted({'trafilatura', 'htmldate'} & set(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
