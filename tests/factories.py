"""Small, valid instances of the published tables for schema and stage tests."""
import datetime as dt

import pandas as pd

SID = "src-0123456789abcdef"
# Every offset below indexes into this body: body[0:9] == "Ana Silva", body[33:35] == "5%".
BODY = "Ana Silva said that exports rose 5% in April, 2024. Officials expect more later."


def valid_tables() -> dict[str, pd.DataFrame]:
    sources = pd.DataFrame([{
        "source_id": SID, "path": "seeds/a.txt", "sha256": "0123456789abcdef" * 4, "format": "txt",
        "encoding": "utf-8", "external_id": None, "title": None,
        "publisher": None, "url": None, "published_date": dt.date(2024, 5, 1), "date_basis": "explicit",
        "credits": ["Ana Silva"], "cited_outlets": ["Reuters"], "language": "en", "language_confidence": 0.99, "n_words": 12,
        "body_chars": 80, "boilerplate_chars": 0, "duplicate_of": None, "status": "accepted",
    }])
    entities = pd.DataFrame([{
        "entity_id": "person/ana-silva", "name": "Ana Silva", "type": "PERSON", "aliases": ["Silva"],
        "roles": ["trade minister"], "n_mentions": 1, "n_sources": 1,
    }])
    mentions = pd.DataFrame([{
        "mention_id": f"{SID}:m:0-9", "entity_id": "person/ana-silva", "source_id": SID, "start": 0,
        "end": 9, "text": "Ana Silva", "sentence_index": 0,
    }])
    claims = pd.DataFrame([{
        "claim_id": f"{SID}:c:20-50", "source_id": SID, "start": 20, "end": 50,
        "text": "exports rose 5% in April, 2024", "kind": "reported", "cue": "say", "speaker": "Ana Silva",
        "speaker_entity_id": "person/ana-silva", "speaker_basis": "name", "via": None, "sentence_index": 0,
        "cluster_id": f"{SID}:c:20-50", "n_sources": 1,
    }])
    figures = pd.DataFrame([{
        "figure_id": f"{SID}:f:33-35", "source_id": SID, "start": 33, "end": 35, "text": "5%",
        "value": 5.0, "unit": "percent", "kind": "percent", "unit_text": "%", "low": None, "high": None,
        "base_value": 5.0, "base_unit": "percent", "qualifier": None, "change": None,
        "change_group": None, "measure": "exports", "period": "April", "sentence_index": 0,
        "claim_id": f"{SID}:c:20-50", "group_id": "fg-0123456789abcdef",
    }])
    figure_groups = pd.DataFrame([{
        "group_id": "fg-0123456789abcdef", "measure": "exports", "unit": "percent", "n_sources": 2,
        "n_figures": 2, "min": 5.0, "max": 5.5, "values_by_source": [f"{SID}=5", "src-fedcba9876543210=5.5"],
        "disagree": True,
    }])
    texts = pd.DataFrame([{"source_id": SID, "body": BODY}])
    return {"sources": sources, "entities": entities, "mentions": mentions, "figures": figures, "claims": claims,
            "figure_groups": figure_groups, "texts": texts}


ARTICLE_PARAGRAPHS = [
    "The central bank left its main interest rate unchanged on Thursday, saying inflation was easing more "
    "slowly than it had expected earlier in the year and that wages were still rising fast.",
    "Economists had been divided before the meeting, with about half of those polled expecting a cut of a "
    "quarter of a percentage point to support a weakening housing market.",
    "The governor told reporters that the board would look at the data from month to month and did not want "
    "to commit to any particular path for borrowing costs.",
    "Markets reacted calmly to the decision. The currency rose slightly against the dollar while government "
    "bond yields were little changed by the end of the trading day.",
]
ARTICLE_TITLE = "Central bank holds rates as inflation eases slowly"


def article_page(head: str = "", body_extra: str = "", charset: str = "utf-8",
                 paragraphs: list[str] | None = None) -> str:
    """A saved news page: metadata, a script, a style, an HTML comment, navigation, the
    article (headline + paragraphs) and a footer."""
    ps = "".join(f"<p>{p}</p>" for p in (ARTICLE_PARAGRAPHS if paragraphs is None else paragraphs))
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="{charset}">
<title>{ARTICLE_TITLE} | Example News</title>
<meta property="og:title" content="{ARTICLE_TITLE}"><meta property="og:site_name" content="Example News">
<meta name="author" content="Maria Lopez">{head}
<style>p {{ color: red; }} .x {{ content: "STYLETEXT"; }}</style>
<script>var x = "SCRIPTTEXT"; document.write("SCRIPTTEXT");</script></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>{ARTICLE_TITLE}</h1><!-- COMMENTTEXT -->{ps}{body_extra}</article>
<footer>Copyright Example News</footer></body></html>"""
