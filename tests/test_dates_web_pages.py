"""Publication dates of 32 real web pages (../shared/corpora/web-pages), checked by hand.

Expected dates were read from each page's HTML by a person: the publication date the page
shows its readers (byline date, in the page's own time zone), confirmed against its
metadata; where the page shows none, the date in its published-date markup. The first 32
pages by id outside the evaluation test split (data/eval/selection.json) were taken.
"""
import datetime as dt
import gzip
from pathlib import Path

import pytest

from pipeline.config import IngestParams
from pipeline.ingest import clean_input, inputs_from_bytes, published_date

CORPUS = Path(__file__).resolve().parents[2] / "shared/corpora/web-pages/html"
pytestmark = pytest.mark.skipif(not CORPUS.exists(), reason="../shared/corpora is not beside the repo")

# page id prefix -> date shown on the page (None: the page states no date)
EXPECTED = {
    "042bb7b5feda": "2019-11-19",  # wsj: "Nov. 19, 2019 8:03 am ET"
    "04a6711caa7c": "2019-11-19",  # nytimes opinion, datePublished 11:00 UTC
    "05844573ca7e": "2019-11-20",  # ctpost: "1:39 am EST, Wednesday, November 20, 2019"
    "06ee193de4bd": "2019-11-19",  # slashgear byline "Nov 19, 2019, 10:31 pm CST" (metadata says Nov 20 UTC)
    "076f4f33bf75": "2019-11-19",  # newsnation
    "08f793762792": "2019-11-18",  # cbssports byline "Nov 18, 2019 at 9:24 pm" (metadata 02:24 UTC Nov 19)
    "0d46122928b6": "2019-11-19",  # sportsnet
    "0dd135704572": "2018-10-09",  # theparadigmng
    "0e014df693f1": "2014-09-15",  # theantijunecleaver (modified 2016)
    "0ec95c7261d1": "2018-08-25",  # entermedia.co.kr "기사입력 :[ 2018-08-25 15:24 ]"
    "11ea381ad92b": "2010-10-22",  # autoracing.com.br "sexta-feira, 22 de outubro de 2010" (modified 2019)
    "14cc2a0ca59c": "2019-11-18",  # sciencealert, published_date field only
    "156770d676ce": "2019-11-19",  # thehill, 06:56 EST
    "16c30add7e96": "2019-11-08",  # vox: published Nov 8, byline shows the Nov 13 update
    "1ace8c85aaee": "2019-11-18",  # techcrunch, 20:58 Pacific (04:58 UTC Nov 19)
    "1ee91d1fce65": "2019-11-18",  # polygraph.info
    "1f765c487806": "2019-11-18",  # sputniknews "21:17 18.11.2019"
    "20b2b64916b0": "2017-11-23",  # remember8090.it
    "21486419bb10": "2015-03-30",  # kabarislamia "Maret 30, 2015"
    "232a43fb15ab": "2019-11-18",  # macrumors "Monday November 18, 2019"
    "23aaecd14171": "2018-09-27",  # comoeducarseusfilhos "27/09/2018"
    "287e4d9f4af3": "2019-11-18",  # ign
    "291a8bf33ee4": "2019-11-19",  # crn "November 19, 2019, 07:47 PM EST"
    "2c46804d9db4": "2019-11-19",  # cbsnews
    "2f42ef1d3ea0": "2019-11-14",  # wired "11.14.2019 09:00 AM"
    "30b771a40a4e": "2014-06-21",  # morebikes "21/06/2014"
    "3252222e61fe": "2018-08-23",  # comoeducarseusfilhos "23/08/2018"
    "34a7328535ad": "2018-10-06",  # linknaija
    "358cc4a08045": "2018-08-08",  # linknaija
    "359fee228518": "2019-11-19",  # sciencealert, published_date field only
    "35b158918c67": "2019-11-19",  # cleveland.com "Posted Nov 19, 6:51 AM"
    "360c732d1fdb": "2019-11-20",  # cityam
}
# Measured accuracy on these pages; the test fails if a change makes dates worse.
MIN_CORRECT = 30
CRAWL_DAY = dt.date(2019, 11, 21)  # the benchmark pages were saved in November 2019


def _found_dates() -> dict[str, tuple[str | None, str]]:
    found = {}
    for prefix in EXPECTED:
        (path,) = CORPUS.glob(f"{prefix}*.html.gz")
        item = inputs_from_bytes(path.name, path.read_bytes())[0]
        cleaned = clean_input(item, IngestParams(), latest=CRAWL_DAY)
        day, basis = published_date(cleaned, {}, CRAWL_DAY)
        found[prefix] = (day.isoformat() if day else None, basis)
    return found


def test_hand_checked_page_dates():
    found = _found_dates()
    wrong = {k: (EXPECTED[k], found[k]) for k in EXPECTED if found[k][0] != EXPECTED[k]}
    correct = len(EXPECTED) - len(wrong)
    print(f"dates: {correct}/{len(EXPECTED)} correct; wrong: {wrong}")
    assert correct >= MIN_CORRECT, wrong
