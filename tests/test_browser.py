"""The report in a real browser (opt-in: `./dev test -m browser`; needs Debian's chromium package).

Opens data/reports/index.html and a report with a known disagreement in headless Chromium, fails
on any console error or failed request, checks the tables and charts render, and saves a
screenshot of the release's report to data/reports/index.png.
"""
import os
import shutil
from pathlib import Path

import pytest

from tests.test_report import build_report

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "data/reports/index.html"
SCREENSHOT = ROOT / "data/reports/index.png"


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    executable = os.environ.get("NEWSCLAIMS_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not executable:
        pytest.fail("no chromium found: install Debian's package (apt-get install -y chromium) "
                    "or set NEWSCLAIMS_CHROMIUM to a Chromium binary")
    with sync_playwright() as p:
        # --no-sandbox: CI and the dev machines run as root, where Chromium's sandbox cannot start
        b = p.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        yield b
        b.close()


def open_page(browser, path: Path):
    """The page and the problems it reported: console errors, uncaught errors, failed requests."""
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    problems = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url}"))
    page.goto(path.resolve().as_uri())
    page.wait_for_load_state("load")
    return page, problems


def expected_disagreements() -> int:
    """Disagreeing figure groups in the committed release (0 when it has no figure_groups table)."""
    path = ROOT / "data/published/figure_groups.parquet"
    if not path.exists():
        return 0
    import pandas as pd
    return int(pd.read_parquet(path)["disagree"].sum())


def rendered_charts(page) -> list[dict]:
    return page.eval_on_selector_all(
        "svg.chart", "els => els.map(e => ({w: e.getBoundingClientRect().width, h: e.getBoundingClientRect().height,"
                     " marks: e.querySelectorAll('rect, circle').length}))")


def test_disagreement_table_renders_with_linked_sentences(browser, tmp_path):
    assert build_report(tmp_path) == 0
    page, problems = open_page(browser, tmp_path / "index.html")
    table = page.locator("#disagree-table")
    assert table.is_visible()
    assert table.locator("tbody tr").count() == 1
    links = table.locator("a")
    assert links.count() == 2
    links.first.click()
    target = page.locator(links.first.get_attribute("href"))
    assert target.is_visible() and "5%" in target.locator("mark").inner_text()
    assert page.evaluate("() => document.querySelectorAll('script').length") == 0  # escaped, not run
    assert problems == []


def test_release_report_renders_without_errors(browser):
    assert REPORT.exists(), "run dvc repro first"
    page, problems = open_page(browser, REPORT)
    charts = rendered_charts(page)
    assert len(charts) >= 4 and all(c["w"] > 100 and c["h"] > 20 and c["marks"] > 0 for c in charts), charts
    for section in ("counts", "articles", "entities", "clusters", "disagree", "losses", "quality"):
        assert page.locator(f"#{section}").is_visible(), section
    disagree = page.locator("#disagree-table, #disagree-absent, #disagree-none")
    assert disagree.count() == 1 and disagree.is_visible()
    if expected_disagreements():
        rows = page.locator("#disagree-table tbody tr")
        assert rows.count() == expected_disagreements()
        assert page.locator(".evidence mark").count() >= 2 * rows.count()  # every value shown in its sentence
    page.screenshot(path=str(SCREENSHOT), full_page=True)
    assert problems == []
    assert SCREENSHOT.stat().st_size > 10_000
