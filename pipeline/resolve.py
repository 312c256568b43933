"""resolve: extraction output -> the five contract tables.

Mentions merge into corpus-level entities (aliases, abbreviations, surnames), claim speakers
link to entities, figures link to the claims that contain them, and claims that carry the
same statement across sources share a cluster.
"""
from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

import pandas as pd
from spacy.lang.en.stop_words import STOP_WORDS

from pipeline.config import ConfigError, ResolveParams, load_params
from pipeline.io import cli_errors, read_parquet, write_parquet
from pipeline.partitions import read_table
from schemas.tables import SOURCE_STATUSES, TABLES, column_names

# Type priority when a surface form is tagged differently across mentions.
_TYPE_PRIORITY = ["PERSON", "GPE", "ORG", "NORP", "LOC", "FAC", "EVENT", "LAW", "PRODUCT"]
# Well-known alternative names, keyed by normalized form; value is the canonical name.
ALIASES = {
    "us": "United States", "usa": "United States", "united states": "United States",
    "united states of america": "United States", "america": "United States",
    "uk": "United Kingdom", "britain": "United Kingdom", "great britain": "United Kingdom",
    "united kingdom": "United Kingdom", "eu": "European Union", "european union": "European Union",
    "un": "United Nations", "united nations": "United Nations", "prc": "China",
    "peoples republic of china": "China", "uae": "United Arab Emirates",
    "south korea": "South Korea", "republic of korea": "South Korea", "rok": "South Korea",
}


def normalize_name(text: str) -> str:
    """Comparison key of a surface form: case, dots, articles and possessives folded."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"'s?$", "", text)
    text = text.replace(".", "").replace("'", "")
    text = re.sub(r"[-‐–]", " ", text)
    text = re.sub(r"^the\s+", "", text)
    return re.sub(r"\s+", " ", text).strip()


def slugify(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "unnamed"


def _canonical_key(key: str) -> str:
    return normalize_name(ALIASES[key]) if key in ALIASES else key


def entity_keys(mentions: pd.DataFrame) -> pd.Series:
    """The entity key of every mention: aliases folded, surnames joined to full names."""
    keys = mentions["text"].map(normalize_name).map(_canonical_key)
    labels = defaultdict(Counter)
    for key, label in zip(keys, mentions["label"]):
        labels[key][label] += 1
    # A one-word key that is the surname of exactly one multi-word PERSON joins that person,
    # whatever the tagger called the short form ("Hayashi" tagged ORG).
    persons = [k for k, c in labels.items() if len(k.split()) > 1 and c.most_common(1)[0][0] == "PERSON"]
    by_last = defaultdict(set)
    for k in persons:
        by_last[k.split()[-1]].add(k)
    mapping = {}
    for k in labels:
        if len(k.split()) == 1 and len(by_last.get(k, ())) == 1:
            mapping[k] = next(iter(by_last[k]))
    return keys.map(lambda k: mapping.get(k, k))


def _entity_type(labels: list[str]) -> str:
    counts = Counter(labels)
    if "PERSON" in counts and counts["PERSON"] * 3 >= sum(counts.values()):
        return "PERSON"  # short forms of names are often mis-tagged; one full PERSON form wins
    best = max(counts.values())
    return min((l for l, c in counts.items() if c == best), key=_TYPE_PRIORITY.index)


def _alias_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for alias_key, name in ALIASES.items():
        names.setdefault(_canonical_key(alias_key), name)
    return names


_ALIAS_NAMES = _alias_names()  # entity key -> well-known name, built once instead of per entity


def _canonical_name(key: str, texts: list[str]) -> str:
    if key in _ALIAS_NAMES:
        return _ALIAS_NAMES[key]
    forms = Counter(re.sub(r"^the\s+", "", t, flags=re.IGNORECASE) for t in texts)
    # the fullest form, then the most frequent, then alphabetical for determinism
    return sorted(forms, key=lambda f: (-len(f.split()), -forms[f], f))[0]


def build_entities(raw_mentions: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(entities, mentions) with stable ids, from the raw extracted mentions."""
    m = raw_mentions.copy()
    m["key"] = entity_keys(m) if len(m) else pd.Series(dtype=str)
    # one pass over plain columns: a pandas group per entity costs ~1 ms, and there are as
    # many entities as a tenth of the mentions
    groups: dict[str, tuple[list, list, set, set]] = {}
    for key, text, label, source_id, roles in zip(m["key"], m["text"], m["label"], m["source_id"], m["roles"]):
        group = groups.get(key)
        if group is None:
            group = groups[key] = ([], [], set(), set())
        group[0].append(label)
        group[1].append(text)
        group[2].add(source_id)
        group[3].update(roles)
    rows = []
    key_to_id = {}
    for key in sorted(groups):
        labels, texts, sources, roles = groups[key]
        etype = _entity_type(labels)
        name = _canonical_name(key, texts)
        entity_id = f"{etype.lower()}/{slugify(name)}"
        key_to_id[key] = entity_id
        aliases = sorted({t for t in texts if t != name})
        rows.append({"entity_id": entity_id, "name": name, "type": etype, "aliases": aliases,
                     "roles": sorted(roles), "n_mentions": len(labels), "n_sources": len(sources)})
    entities = pd.DataFrame(rows, columns=list(column_names("entities")))
    # two keys can slug to one id (e.g. "U.S.-Japan" and "US Japan"): merge them
    if entities["entity_id"].duplicated().any():
        entities = (entities.groupby("entity_id", sort=True)
                    .agg(name=("name", "first"), type=("type", "first"),
                         aliases=("aliases", lambda s: sorted({a for l in s for a in l})),
                         roles=("roles", lambda s: sorted({a for l in s for a in l})),
                         n_mentions=("n_mentions", "sum"), n_sources=("n_sources", "max"))
                    .reset_index())
    entities = entities.sort_values("entity_id").reset_index(drop=True)
    m["entity_id"] = m["key"].map(key_to_id)
    m["mention_id"] = m["source_id"] + ":m:" + m["start"].astype(str) + "-" + m["end"].astype(str)
    mentions = m[list(column_names("mentions"))].sort_values(["source_id", "start", "end"])
    # n_sources after a merge must count distinct sources, not the max
    counts = mentions.groupby("entity_id")["source_id"].nunique()
    entities["n_sources"] = entities["entity_id"].map(counts).astype(int)
    return entities, mentions.reset_index(drop=True)


# Heads of definite descriptions that refer back to an organisation or a person.
_ORG_NOUNS = frozenset(
    "bank company club firm group ministry government agency airline carrier lender insurer team "
    "party union council committee commission department regulator fund exchange association "
    "administration authority organisation organization board court league federation business "
    "manufacturer maker producer retailer operator utility institute university".split())
_PERSON_NOUNS = frozenset(
    "minister president secretary chief executive ceo chairman chairwoman coach manager governor "
    "spokesman spokeswoman spokesperson official economist analyst leader senator lawmaker "
    "ambassador envoy founder director premier candidate player striker midfielder".split())


def _referent(speaker: str, before: list[tuple[int, int, str]], last_speaker: dict[str, str]) -> str | None:
    """The entity a pronoun or definite description speaker refers back to, if any."""
    words = speaker.lower().split()
    if not words:
        return None
    head = words[-1]
    if head in ("he", "she") or (words[0] in ("the", "this") and
                                  (head in _PERSON_NOUNS or re.fullmatch(r"\d+-year-old", head))):
        persons = [m[2] for m in before if m[2].startswith("person/")]
        return last_speaker.get("person") or (persons[-1] if persons else None)
    if head == "it" or (words[0] in ("the", "this") and head in _ORG_NOUNS):
        orgs = [m[2] for m in before if m[2].startswith("org/")]
        if not orgs:
            return None
        named = [o for o in orgs if head in o.split("/", 1)[1].split("-")]
        if named:  # "the bank" -> the organisation whose name has "bank" in it
            return Counter(named).most_common(1)[0][0]
        if last_speaker.get("org"):
            return last_speaker["org"]
        counts = Counter(orgs)  # the organisation the article is about so far
        return max(reversed(orgs), key=lambda o: counts[o])
    return None


def link_speakers(claims: pd.DataFrame, mentions: pd.DataFrame) -> pd.Series:
    """Entity id of each claim's speaker.

    A person named inside the speaker phrase wins ("spokesperson Yoshimasa Hayashi"); any
    other entity only when it heads the phrase ("Kyodo News", not "Japanese" in "Japanese
    officials"). A pronoun or a definite description ("she", "the bank", "the 54-year-old")
    refers back to the last person or organisation speaker, else to one mentioned before it.
    """
    by_source: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for sid, start, end, eid in sorted(zip(mentions["source_id"], mentions["start"], mentions["end"],
                                           mentions["entity_id"])):
        by_source[sid].append((start, end, eid))
    result: dict = {}
    last_speaker: dict[tuple[str, str], str] = {}
    for claim in claims.sort_values(["source_id", "start"]).itertuples():
        ms = by_source.get(claim.source_id, [])
        entity = None
        if pd.notna(claim.speaker_start):
            inside = [m for m in ms if m[0] >= claim.speaker_start and m[1] <= claim.speaker_end]
            persons = [m for m in inside if m[2].startswith("person/")]
            heads = [m for m in inside if m[1] == claim.speaker_end]
            if persons:
                entity = persons[-1][2]
            elif heads:
                entity = heads[-1][2]
            elif not inside:
                before = [m for m in ms if m[1] <= claim.speaker_start]
                last = {kind: last_speaker[(claim.source_id, kind)] for kind in ("person", "org")
                        if (claim.source_id, kind) in last_speaker}
                entity = _referent(str(claim.speaker), before, last)
        if entity and entity.split("/")[0] in ("person", "org"):
            last_speaker[(claim.source_id, entity.split("/")[0])] = entity
        result[claim.Index] = entity
    return pd.Series(result, dtype=object).reindex(claims.index)


_NEGATIONS = frozenset({"no", "not", "never", "none", "nor", "neither", "n't", "without"})
_CONTENT_STOP_WORDS = frozenset(STOP_WORDS) - _NEGATIONS
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
    least `min_words` words) are linked, transitively; so is a quotation of `min_words`+ words
    whose words are all in another quotation ("our money to invest" in "our money to invest,
    as we like"): quoted words are verbatim, paraphrase is not. Words carried by more than
    `max_postings` claims are not used to find candidates. The id is the smallest member
    claim_id, so it does not depend on row order."""
    words = [frozenset(re.findall(r"[a-z0-9]+", t.lower())) for t in texts] if texts else signatures
    quotes = quotes or [False] * len(claim_ids)
    parent = list(range(len(claim_ids)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

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
            if entities[i] and entities[j] and not entities[i] & entities[j]:
                continue  # the same wording about different parties is a different statement
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
    return f[list(column_names("figures"))].sort_values(["source_id", "start", "end"]).reset_index(drop=True)


def build_sources(articles: pd.DataFrame, outlets: pd.DataFrame) -> pd.DataFrame:
    s = articles.copy()
    body_outlets = dict(zip(outlets["source_id"], outlets["cited_outlets"]))
    s["cited_outlets"] = [sorted(set(list(a)) | set(list(body_outlets.get(sid, []))))
                          for sid, a in zip(s["source_id"], s["boilerplate_outlets"])]
    s["credits"] = s["credits"].map(list)
    s["status"] = SOURCE_STATUSES[0]  # the validate stage quarantines articles that fail row checks
    return s[list(column_names("sources"))].sort_values("source_id").reset_index(drop=True)


# Resolve needs every extracted column but only these of the articles: not the page furniture
# split off the bodies. The bodies are read only to be passed on as the texts table (validate
# checks every offset against them). cited_outlets and status are made here.
ARTICLE_COLUMNS = [c for c in column_names("sources") if c not in ("cited_outlets", "status")] + ["boilerplate_outlets", "body"]


def read_articles(path: Path) -> pd.DataFrame:
    return read_parquet(path, columns=ARTICLE_COLUMNS)


def resolve_tables(articles: pd.DataFrame, extracted: dict[str, pd.DataFrame],
                   params: ResolveParams) -> dict[str, pd.DataFrame]:
    entities, mentions = build_entities(extracted["mentions"])
    claims = build_claims(extracted["claims"], mentions, params)
    return {
        "sources": build_sources(articles, extracted["outlets"]),
        "entities": entities,
        "mentions": mentions,
        "figures": build_figures(extracted["figures"], claims),
        "claims": claims,
        "texts": articles[["source_id", "body"]].sort_values("source_id").reset_index(drop=True),
    }


@cli_errors("resolve")
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", required=True, type=Path)
    ap.add_argument("--extracted", required=True, type=Path, help="folder written by the extract stage")
    ap.add_argument("--params", default="params.yaml")
    ap.add_argument("--out", required=True, type=Path)
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
    print("resolve: " + ", ".join(f"{len(df)} {name}" for name, df in tables.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
