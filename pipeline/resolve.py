"""resolve: extraction output -> the five contract tables.

Mentions merge into corpus-level entities (pipeline.entities), claim speakers link to the
entity of the mention the speaker step resolved them to, figures link to the claims that
contain them, and claims that carry the same statement (same numbers, same parties) across
sources share a cluster. The sanity report of the result (pipeline.sanity) is written alongside.
"""
from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from pathlib import Path

import pandas as pd
from pipeline.stop_words import STOP_WORDS

from pipeline.config import ConfigError, ResolveParams, load_params
from pipeline.entities import build_entities, normalize_name, slugify  # noqa: F401  (re-exported)
from pipeline.figure_groups import group_figures
from pipeline.io import cli_errors, read_parquet, write_parquet, write_text
from pipeline.partitions import read_rows, read_table
from pipeline.sanity import numbers_in, sanity_report
from schemas.tables import SOURCE_STATUSES, TABLES, column_names


def link_speakers(claims: pd.DataFrame, mentions: pd.DataFrame) -> pd.Series:
    """Entity id of each claim's speaker.

    The speaker step of extraction (pipeline.extractors.speakers) names the mention a speaker
    refers to (speaker_ref_start/end): its entity is the speaker's. Without such a reference, a
    person named inside the speaker phrase wins ("spokesperson Yoshimasa Hayashi"); any other
    entity only when it heads the phrase ("Kyodo News", not "Japanese" in "Japanese officials").
    """
    by_source: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for sid, start, end, eid in sorted(zip(mentions["source_id"], mentions["start"], mentions["end"],
                                           mentions["entity_id"])):
        by_source[sid].append((start, end, eid))
    has_refs = "speaker_ref_start" in claims.columns
    result: dict = {}
    for claim in claims.itertuples():
        ms = by_source.get(claim.source_id, [])
        entity = None
        if has_refs and pd.notna(claim.speaker_ref_start):
            s, e = int(claim.speaker_ref_start), int(claim.speaker_ref_end)
            covering = [m for m in ms if m[0] <= s and e <= m[1]] or [m for m in ms if s <= m[0] < e]
            entity = covering[0][2] if covering else None
        elif pd.notna(claim.speaker_start) and (not has_refs or claim.speaker_basis in (None, "name")
                                                or pd.isna(claim.speaker_basis)):
            inside = [m for m in ms if claim.speaker_start <= m[0] < claim.speaker_end]
            persons = [m for m in inside if m[2].startswith("person/")]
            heads = [m for m in inside if m[1] >= claim.speaker_end]
            if persons:
                entity = persons[-1][2]
            elif heads:
                entity = heads[-1][2]
        result[claim.Index] = entity
    return pd.Series(result, dtype=object).reindex(claims.index)


_NEGATIONS = frozenset({"no", "not", "never", "none", "nor", "neither", "n't", "without"})
_CONTENT_STOP_WORDS = frozenset(STOP_WORDS) - _NEGATIONS
_NUMBER_WORDS = frozenset(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety "
    "hundred thousand million billion trillion mln bln half quarter third".split())
_UNIT_WORDS = {"%": " percent ", "pct": "percent", "per cent": "percent"}


def claim_signature(text: str, entity_spans: list[tuple[int, int, str]] = ()) -> frozenset[str]:
    """Content words of a statement with entity mentions replaced by their entity ids, so that
    "the US would retain 90% of the profits" and "the United States would secure 90 percent of
    profits" share "gpe/united-states", "90", "percent" and "profits". Negations count."""
    pieces, pos = [], 0
    for start, end, entity_id in sorted(entity_spans):
        if start < pos:
            continue
        pieces += [text[pos:start], f" {entity_id} "]
        pos = end
    pieces.append(text[pos:])
    lowered = "".join(pieces).lower().replace("%", " percent ").replace("per cent", "percent")
    tokens = re.findall(r"[a-z]+/[a-z0-9-]+|\d+(?:[.,]\d+)*|[a-z]+(?:'t)?", lowered)
    tokens = ("percent" if t == "pct" else t.replace(",", "") for t in tokens)
    return frozenset(t for t in tokens if t not in _CONTENT_STOP_WORDS)


def claim_signatures(claims: pd.DataFrame, mentions: pd.DataFrame) -> list[frozenset[str]]:
    spans: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for sid, start, end, eid in zip(mentions["source_id"], mentions["start"], mentions["end"], mentions["entity_id"]):
        spans[sid].append((start, end, eid))
    out = []
    for sid, start, end, text in zip(claims["source_id"], claims["start"], claims["end"], claims["text"]):
        inside = [(s - start, e - start, eid) for s, e, eid in spans.get(sid, ()) if s >= start and e <= end]
        out.append(claim_signature(text, inside))
    return out


def cluster_claims(claim_ids: list[str], signatures: list[frozenset[str]], threshold: float,
                   texts: list[str] | None = None, quotes: list[bool] | None = None,
                   min_words: int = ResolveParams.claim_cluster_min_words,
                   max_postings: int = ResolveParams.max_postings) -> list[str]:
    """Cluster id per claim: claims whose signatures overlap (Jaccard >= threshold over at
    least `min_words` words) and that carry the same numbers and, when both name any, the same
    entities are linked, transitively; so is a quotation of `min_words`+ words whose words are
    all in another quotation ("our money to invest" in "our money to invest, as we like"):
    quoted words are verbatim, paraphrase is not. Words carried by more than `max_postings`
    claims are not used to find candidates. The id is the smallest member claim_id, so it does
    not depend on row order."""
    words = [frozenset(re.findall(r"[a-z0-9]+", t.lower())) for t in texts] if texts else signatures
    quotes = quotes or [False] * len(claim_ids)
    parent = list(range(len(claim_ids)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    numbers = [frozenset(t for t in toks if t[0].isdigit() or t in _NUMBER_WORDS) | (numbers_in(texts[i]) if texts else frozenset())
               for i, toks in enumerate(signatures)]
    # per-claim parts of the tests below, computed once rather than once per candidate pair
    sizes = [len(toks) for toks in signatures]
    negations = [toks & _NEGATIONS for toks in signatures]
    entities = [frozenset(t for t in toks if "/" in t) for toks in signatures]
    n_words = [len(w) for w in words]
    index = defaultdict(list)
    for i, toks in enumerate(signatures):
        # words in more than max_postings claims ("said", "pct") carry no signal and make
        # the search quadratic; near-identical claims still share their rarer words
        candidates = {j for t in toks if len(index[t]) < max_postings for j in index[t]}
        for j in candidates:
            if find(i) == find(j):
                continue  # already linked
            both_quotes = quotes[i] and quotes[j]
            if not both_quotes and min(sizes[i], sizes[j]) / max(sizes[i], sizes[j]) < threshold:
                continue  # Jaccard is at most the ratio of the sizes
            if negations[i] != negations[j]:
                continue  # "will sign" and "will not sign" are different statements
            if entities[i] and entities[j] and entities[i] != entities[j]:
                continue  # the same wording about different parties is a different statement
            if numbers[i] != numbers[j]:
                continue  # a template with other amounts ("provided 215 mln stg") is another fact
            shared = len(toks & signatures[j])
            union = sizes[i] + sizes[j] - shared
            contained = both_quotes and min(n_words[i], n_words[j]) >= min_words \
                and (words[i] <= words[j] or words[j] <= words[i])
            if (union >= min_words and shared / union >= threshold) or contained:
                parent[find(i)] = find(j)
        for t in toks:
            if len(index[t]) < max_postings:
                index[t].append(i)
    members = defaultdict(list)
    for i, claim_id in enumerate(claim_ids):
        members[find(i)].append(claim_id)
    first = {root: min(m) for root, m in members.items()}
    return [first[find(i)] for i in range(len(claim_ids))]


def build_claims(raw_claims: pd.DataFrame, mentions: pd.DataFrame, params: ResolveParams) -> pd.DataFrame:
    c = raw_claims.copy()
    c["claim_id"] = c["source_id"] + ":c:" + c["start"].astype(str) + "-" + c["end"].astype(str)
    c["speaker_entity_id"] = link_speakers(c, mentions) if len(c) else pd.Series(dtype=object)
    if "speaker_basis" not in c.columns:
        c["speaker_basis"] = pd.Series(None, index=c.index, dtype=object)
    c["speaker_basis"] = c["speaker_basis"].astype(object).where(c["speaker_basis"].notna(), None)
    clusters = cluster_claims(list(c["claim_id"]), claim_signatures(c, mentions), params.claim_cluster_threshold,
                              list(c["text"]), list(c["kind"] == "direct_quote"),
                              min_words=params.claim_cluster_min_words, max_postings=params.max_postings)
    c["cluster_id"] = pd.Series(clusters, index=c.index, dtype=object)
    c["n_sources"] = c.groupby("cluster_id")["source_id"].transform("nunique") if len(c) else pd.Series(dtype=int)
    return c[list(column_names("claims"))].sort_values(["source_id", "start", "end"]).reset_index(drop=True)


def build_figures(raw_figures: pd.DataFrame, claims: pd.DataFrame) -> pd.DataFrame:
    f = raw_figures.copy()
    f["figure_id"] = f["source_id"] + ":f:" + f["start"].astype(str) + "-" + f["end"].astype(str)
    spans: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for sid, start, end, cid in zip(claims["source_id"], claims["start"], claims["end"], claims["claim_id"]):
        spans[sid].append((start, end, cid))
    claim_ids = []
    for sid, start, end in zip(f["source_id"], f["start"], f["end"]):
        holding = [(e - s, s, cid) for s, e, cid in spans.get(sid, ()) if s <= start and end <= e]
        claim_ids.append(min(holding)[2] if holding else None)  # the innermost claim holding it
    f["claim_id"] = pd.Series(claim_ids, index=f.index, dtype=object)
    f["group_id"] = pd.Series(None, index=f.index, dtype=object)  # set by group_figures across sources
    return f[list(column_names("figures"))].sort_values(["source_id", "start", "end"]).reset_index(drop=True)


def build_sources(articles: pd.DataFrame, outlets: pd.DataFrame) -> pd.DataFrame:
    s = articles.copy()
    body_outlets = dict(zip(outlets["source_id"], outlets["cited_outlets"]))
    s["cited_outlets"] = [sorted(set(list(a)) | set(list(body_outlets.get(sid, []))))
                          for sid, a in zip(s["source_id"], s["boilerplate_outlets"])]
    s["credits"] = s["credits"].map(list)
    s["status"] = SOURCE_STATUSES[0]  # the validate stage quarantines articles that fail row checks
    return s[list(column_names("sources"))].sort_values("source_id").reset_index(drop=True)


# Resolve needs every extracted column and these of the articles; the bodies are read for the
# entity rules that look at the text around a mention (an acronym in parentheses after its
# name, a capitalised word that only starts sentences), and passed on as the texts table.
# cited_outlets and status are made here.
ARTICLE_COLUMNS = [c for c in column_names("sources") if c not in ("cited_outlets", "status")] \
    + ["boilerplate_outlets", "body"]


def read_articles(path: Path) -> pd.DataFrame:
    """The columns resolve needs of the ingest stage's articles (partitions or one file)."""
    return read_rows(path, columns=ARTICLE_COLUMNS)


def resolve_tables(articles: pd.DataFrame, extracted: dict[str, pd.DataFrame],
                   params: ResolveParams) -> dict[str, pd.DataFrame]:
    bodies = dict(zip(articles["source_id"], articles["body"])) if "body" in articles.columns else None
    entities, mentions = build_entities(extracted["mentions"], bodies)
    claims = build_claims(extracted["claims"], mentions, params)
    figures = build_figures(extracted["figures"], claims)
    figure_groups, figures["group_id"] = group_figures(figures, mentions, params.figure_group_threshold)
    return {
        "sources": build_sources(articles, extracted["outlets"]),
        "entities": entities,
        "mentions": mentions,
        "figures": figures,
        "claims": claims,
        "figure_groups": figure_groups,
        "texts": articles[["source_id", "body"]].sort_values("source_id").reset_index(drop=True),
    }


@cli_errors("resolve")
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", required=True, type=Path)
    ap.add_argument("--extracted", required=True, type=Path, help="folder written by the extract stage")
    ap.add_argument("--params", default="params.yaml")
    ap.add_argument("--out", required=True, type=Path)
    ap.add_argument("--sanity", type=Path, help="Markdown report of the top entities, clusters and speakers")
    args = ap.parse_args(argv)
    try:
        params = load_params(args.params).resolve
    except ConfigError as exc:
        print(f"resolve: {exc}", file=sys.stderr)
        return 2
    extracted = {name: read_table(args.extracted, name) for name in ("mentions", "figures", "claims", "outlets")}
    tables = resolve_tables(read_articles(args.articles), extracted, params)
    for name, df in tables.items():
        write_parquet(args.out / f"{name}.parquet", df)
    if args.sanity:
        write_text(args.sanity, sanity_report(tables))
    print("resolve: " + ", ".join(f"{len(df)} {name}" for name, df in tables.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
