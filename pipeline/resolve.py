"""resolve: extraction output -> the five contract tables.

Mentions merge into corpus-level entities (pipeline.entities), claim speakers link to the
entity of the mention the speaker step resolved them to, figures link to the claims that
contain them, and claims that carry the same statement (same numbers, same parties) across
sources share a cluster. The sanity report of the result (pipeline.sanity) is written alongside.
"""
from __future__ import annotations

import argparse
import hashlib
import re
import sys
from collections import defaultdict
from pathlib import Path

import pandas as pd
from pipeline.stop_words import STOP_WORDS

from pipeline.config import ConfigError, ResolveParams, load_params
from pipeline.entities import build_entities, normalize_name, slugify  # noqa: F401  (re-exported)
from pipeline.figure_groups import group_figures
from pipeline.io import (cli_errors, cycle_collection_paused, read_parquet, release_freed_memory, write_arrow_as_pandas,
                         write_parquet, write_text)
from pipeline.partitions import count_rows, read_arrow_rows, read_rows, read_table
from pipeline.resolve_cache import ClusterStateStore, ResolveCache, cached_mention_facts
from pipeline.sanity import numbers_in, sanity_markdown
from schemas.tables import SOURCE_STATUSES, TABLES, column_names


def link_speakers(claims: pd.DataFrame, mentions: pd.DataFrame) -> pd.Series:
    """Entity id of each claim's speaker.

    The speaker step of extraction (pipeline.extractors.speakers) names the mention a speaker
    refers to (speaker_ref_start/end): its entity is the speaker's. Without such a reference, a
    person named inside the speaker phrase wins ("spokesperson Yoshimasa Hayashi"); any other
    entity only when it heads the phrase ("Kyodo News", not "Japanese" in "Japanese officials").
    """
    by_source: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for sid, start, end, eid in sorted(zip(*(mentions[c].tolist() for c in ("source_id", "start", "end", "entity_id")))):
        by_source[sid].append((start, end, eid))
    has_refs = "speaker_ref_start" in claims.columns
    # plain column lists: itertuples over the corpus's claims cost more than the rule
    none = [None] * len(claims)
    columns = [claims[c].tolist() if c in claims.columns else none
               for c in ("source_id", "speaker_start", "speaker_end", "speaker_basis", "speaker_ref_start",
                         "speaker_ref_end")]
    result: dict = {}
    for index, source_id, speaker_start, speaker_end, speaker_basis, ref_start, ref_end in zip(claims.index, *columns):
        ms = by_source.get(source_id, [])
        entity = None
        if has_refs and pd.notna(ref_start):
            s, e = int(ref_start), int(ref_end)
            covering = [m for m in ms if m[0] <= s and e <= m[1]] or [m for m in ms if s <= m[0] < e]
            entity = covering[0][2] if covering else None
        elif pd.notna(speaker_start) and (not has_refs or speaker_basis in (None, "name")
                                          or pd.isna(speaker_basis)):
            inside = [m for m in ms if speaker_start <= m[0] < speaker_end]
            persons = [m for m in inside if m[2].startswith("person/")]
            heads = [m for m in inside if m[1] >= speaker_end]
            if persons:
                entity = persons[-1][2]
            elif heads:
                entity = heads[-1][2]
        result[index] = entity
    return pd.Series(result, dtype=object).reindex(claims.index)


_NEGATIONS = frozenset({"no", "not", "never", "none", "nor", "neither", "n't", "without"})
_CONTENT_STOP_WORDS = frozenset(STOP_WORDS) - _NEGATIONS
_NUMBER_WORDS = frozenset(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety "
    "hundred thousand million billion trillion mln bln half quarter third".split())
_UNIT_WORDS = {"%": " percent ", "pct": "percent", "per cent": "percent"}
_NO_WORDS: frozenset[str] = frozenset()


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
    words = []
    for t in _SIGNATURE_TOKEN.findall(lowered):
        if t == "pct":
            t = "percent"
        elif "," in t:
            t = t.replace(",", "")
        if t not in _CONTENT_STOP_WORDS:
            words.append(sys.intern(t))  # a corpus's signatures repeat a few thousand words, one string each
    return frozenset(words)


_SIGNATURE_TOKEN = re.compile(r"[a-z]+/[a-z0-9-]+|\d+(?:[.,]\d+)*|[a-z]+(?:'t)?")


def claim_entity_spans(claims: pd.DataFrame, mentions: pd.DataFrame) -> list[list[tuple[int, int, str]]]:
    """The entity mentions inside each claim: (start, end, entity_id), offsets within the claim."""
    spans: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for sid, start, end, eid in zip(*(mentions[c].tolist() for c in ("source_id", "start", "end", "entity_id"))):
        spans[sid].append((start, end, eid))
    return [[(s - start, e - start, eid) for s, e, eid in spans.get(sid, ()) if s >= start and e <= end]
            for sid, start, end in zip(*(claims[c].tolist() for c in ("source_id", "start", "end")))]


def claim_signatures(claims: pd.DataFrame, mentions: pd.DataFrame,
                     sorted_tuples: bool = False) -> list[frozenset[str]] | list[tuple[str, ...]]:
    """claim_signature of each claim; as sorted tuples if `sorted_tuples` (a quarter of the
    memory of a frozenset's hash table: the corpus's signatures were resolve's largest object)."""
    out = []
    for text, inside in zip(claims["text"].tolist(), claim_entity_spans(claims, mentions)):
        signature = claim_signature(text, inside)
        out.append(tuple(sorted(signature)) if sorted_tuples else signature)
    return out


def quote_words(text: str, quote: bool) -> frozenset[str]:
    """The verbatim words of a quotation (none for reported speech: paraphrase is not verbatim)."""
    # the words are interned and the empty sets one object: there is one set per claim
    return frozenset(map(sys.intern, re.findall(r"[a-z0-9]+", text.lower()))) or _NO_WORDS if quote else _NO_WORDS


def claim_numbers(signature: tuple[str, ...] | frozenset[str], text: str | None) -> frozenset[str]:
    """The numbers a claim carries: number tokens and words of its signature, and the numbers
    written in its text (pipeline.sanity.numbers_in)."""
    return frozenset(map(sys.intern, [t for t in signature if t[0].isdigit() or t in _NUMBER_WORDS]
                         + (list(numbers_in(text)) if text is not None else []))) or _NO_WORDS


def feature_key(text: str, quote: bool, spans: list[tuple[int, int, str]]) -> str:
    """Hash of everything a claim's clustering features are computed from."""
    parts = [text, "q" if quote else ""] + [f"{s}:{e}:{eid}" for s, e, eid in spans]
    return hashlib.sha1("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:20]


def claim_features(claims: pd.DataFrame, mentions: pd.DataFrame, previous: dict | None = None
                   ) -> tuple[list[tuple[str, ...]], list[frozenset[str]], list[str], dict, int]:
    """(signature as a sorted tuple, numbers, feature digest) of each claim, the features to keep
    for the next run (claim_id -> (feature_key, signature, numbers, digest)), and how many were
    taken from `previous`: the last run's features, reused for a claim whose text, kind and
    entity spans are as then (the features are a function of these alone)."""
    ids, texts = claims["claim_id"].tolist(), claims["text"].tolist()
    quotes = (claims["kind"] == "direct_quote").tolist()
    signatures, numbers, digests, kept, reused = [], [], [], {}, 0
    for cid, text, quote, spans in zip(ids, texts, quotes, claim_entity_spans(claims, mentions)):
        key = feature_key(text, quote, spans)
        held = previous.get(cid) if previous else None
        if held is not None and held[0] == key:
            _, signature, nums, digest = held
            reused += 1
        else:
            signature = tuple(sorted(claim_signature(text, spans)))
            nums = claim_numbers(signature, text)
            digest = _feature_digest(signature, nums, quote, quote_words(text, quote))
        signatures.append(signature)
        numbers.append(nums)
        digests.append(digest)
        kept[cid] = (key, signature, nums, digest)
    return signatures, numbers, digests, kept, reused


class ClusterState(dict):
    """What clustering found per claim, kept for the next run: claim_id -> (digest of the claim's
    features, its open words, the claim_ids of the earlier claims it links to). The claims'
    features (claim_features' fourth result) are kept beside it as its `features`."""

    features: dict | None = None


def _feature_digest(signature: frozenset[str] | tuple[str, ...], numbers: frozenset[str], quote: bool,
                    words: frozenset[str]) -> str:
    """`signature` may be given sorted already (a tuple): it is then not sorted again."""
    text = "\x1f".join(signature if isinstance(signature, tuple) else sorted(signature)) + "\x1e" + "\x1f".join(sorted(numbers)) + "\x1e" + \
        ("q" if quote else "") + "\x1e" + "\x1f".join(sorted(words))
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:20]


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
    return cluster_claims_incremental(claim_ids, signatures, threshold, texts, quotes, min_words, max_postings)[0]


def cluster_claims_incremental(claim_ids: list[str], signatures: list[frozenset[str]] | list[tuple[str, ...]],
                               threshold: float,
                               texts: list[str] | None = None, quotes: list[bool] | None = None,
                               min_words: int = ResolveParams.claim_cluster_min_words,
                               max_postings: int = ResolveParams.max_postings,
                               previous: ClusterState | None = None, numbers: list[frozenset[str]] | None = None,
                               digests: list[str] | None = None) -> tuple[list[str], ClusterState | None]:
    """(cluster_claims, the state for the next run). With the `previous` run's state (same
    params and code), only the claims that are new, changed, or hold other words open than before
    are compared again, with their candidates and with the later claims that have them as one.
    Every other claim keeps, from the state, its links to claims that are not compared again: the
    pair is tested as before and gives what it gave. The clusters and state are those of a run
    without state. `signatures` may be given as sorted tuples (claim_signatures(sorted_tuples=True)),
    which take far less memory than frozensets: the same clusters. `numbers` and `digests`
    (claim_numbers and _feature_digest of each claim, as claim_features gives them) are computed
    here when not given."""
    quotes = quotes or [False] * len(claim_ids)
    # each signature as a sorted tuple: the pair test below makes a set of one side only
    signatures = [s if type(s) is tuple else tuple(sorted(s)) for s in signatures]
    # the verbatim words are compared between two quotations only
    words = [quote_words(t, q) for t, q in zip(texts, quotes)] if texts else [frozenset(s) for s in signatures]
    if numbers is None:
        numbers = [claim_numbers(toks, texts[i] if texts else None) for i, toks in enumerate(signatures)]
    # per-claim parts of the tests below, computed once rather than once per candidate pair
    sizes = [len(toks) for toks in signatures]
    negations = [_NEGATIONS.intersection(toks) or _NO_WORDS for toks in signatures]
    entities = [frozenset(t for t in toks if "/" in t) or _NO_WORDS for toks in signatures]
    n_words = [len(w) for w in words]
    # A link needs equal negations and equal numbers, so each word's postings are kept per
    # (negations, numbers) class and a claim looks only into its own class: the same pairs pass
    # as when every posting is tried, but the numbers of most statements differ, so far fewer
    # are tried. The cap still counts every claim carrying the word: words in more than
    # max_postings claims ("said", "pct") carry no signal and make the search quadratic;
    # near-identical claims still share their rarer words.
    classes: dict[tuple, int] = {}
    klass = [classes.setdefault((negations[i], numbers[i]), len(classes)) for i in range(len(signatures))]
    del classes
    members_of: list[list[int]] = [[] for _ in range(max(klass, default=-1) + 1)]
    n_postings: dict[str, int] = defaultdict(int)
    open_words: list[tuple[str, ...]] = []
    keep_state = len(set(claim_ids)) == len(claim_ids)
    given_digests, digests = digests, []
    for i, toks in enumerate(signatures):  # each sorted already
        if keep_state:
            digests.append(given_digests[i] if given_digests is not None else
                           _feature_digest(toks, numbers[i], quotes[i], words[i]))
        open_here = [t for t in toks if n_postings[t] < max_postings]
        open_here = toks if len(open_here) == len(toks) else tuple(open_here)  # most: the signature itself
        open_words.append(open_here)
        members_of[klass[i]].append(i)
        for t in open_here:
            n_postings[t] += 1
    del n_postings

    def linked_pair(i: int, j: int, words_i: frozenset[str]) -> bool:
        """Whether claims i and j, candidates of each other, link (the test is symmetric);
        `words_i`: the set of claim i's signature."""
        both_quotes = quotes[i] and quotes[j]
        if not both_quotes and min(sizes[i], sizes[j]) / max(sizes[i], sizes[j]) < threshold:
            return False  # Jaccard is at most the ratio of the sizes
        if entities[i] and entities[j] and entities[i] != entities[j]:
            return False  # the same wording about different parties is a different statement
        shared = len(words_i.intersection(signatures[j]))
        union = sizes[i] + sizes[j] - shared
        contained = both_quotes and min(n_words[i], n_words[j]) >= min_words \
            and (words[i] <= words[j] or words[j] <= words[i])
        return (union >= min_words and shared / union >= threshold) or contained

    def links(i: int, postings: dict[str, list[int]]) -> list[int]:
        """The earlier claims that claim i links to; `postings`: word -> claims of i's class
        holding it open, in order."""
        candidates = set()
        for t in open_words[i]:
            for j in postings[t]:
                if j >= i:
                    break
                candidates.add(j)
        words_i = frozenset(signatures[i])
        return [j for j in sorted(candidates) if linked_pair(i, j, words_i)]

    index = {cid: i for i, cid in enumerate(claim_ids)}
    if previous is None or not keep_state:
        recompute = set(range(len(claim_ids)))
    else:
        # A claim's candidates are the earlier claims of its class that hold one of its open words
        # open. For two claims whose features (so class and link test) and open words are both as
        # in the last run, whether they are candidates and whether they link is as then: such a
        # claim keeps its links to such claims from the state. Only its pairs with the other
        # claims (new, changed, or with other open words: a word's first `max_postings` holders
        # moved) are tested again, from their side below. Claims are in the same order in both runs.
        recompute = {i for i, cid in enumerate(claim_ids)
                     if cid not in previous or previous[cid][0] != digests[i] or previous[cid][1] != open_words[i]}
    # The postings of one class at a time, and only of classes with a claim to compare: a class's
    # postings are all its claims' candidates, and the corpus's postings at once were the largest
    # object of the stage.
    linked: dict[int, list[int]] = {}
    later_links: dict[int, set[int]] = defaultdict(set)  # kept claim -> recomputed earlier claims it links to
    for members in members_of:
        todo = [i for i in members if i in recompute]
        if not todo:
            continue
        postings: dict[str, list[int]] = defaultdict(list)
        for i in members:
            for t in open_words[i]:
                postings[t].append(i)
        for i in todo:
            linked[i] = links(i, postings)
            if len(todo) == len(members):
                continue
            # the later kept claims that have i as a candidate
            later = {k for t in open_words[i] for k in postings[t] if k > i and k not in recompute}
            words_i = frozenset(signatures[i])
            for k in later:
                if linked_pair(i, k, words_i):
                    later_links[k].add(i)
        del postings
    del members_of
    parent = list(range(len(claim_ids)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    state = ClusterState() if keep_state else None
    for i, cid in enumerate(claim_ids):
        if i in linked:
            targets = linked[i]
        else:  # kept: its links to kept claims, and those the recomputed claims found
            targets = [j for j in map(index.get, previous[cid][2]) if j is not None and j not in recompute]
            if i in later_links:
                targets = sorted(later_links[i].union(targets))
        for j in targets:
            parent[find(i)] = find(j)
        if state is not None:
            state[cid] = (digests[i], open_words[i], tuple(claim_ids[j] for j in targets))
    members = defaultdict(list)
    for i, claim_id in enumerate(claim_ids):
        members[find(i)].append(claim_id)
    first = {root: min(m) for root, m in members.items()}
    return [first[find(i)] for i in range(len(claim_ids))], state


def build_claims(raw_claims: pd.DataFrame, mentions: pd.DataFrame, params: ResolveParams) -> pd.DataFrame:
    return build_claims_incremental(raw_claims, mentions, params)[0]


def build_claims_incremental(raw_claims: pd.DataFrame, mentions: pd.DataFrame, params: ResolveParams,
                             previous: ClusterState | None = None, features: dict | None = None
                             ) -> tuple[pd.DataFrame, ClusterState | None]:
    """(claims table, clustering state for the next run, with the claims' features as its
    `features`); see cluster_claims_incremental, and claim_features for `features` (the last
    run's)."""
    c = raw_claims.copy(deep=False)  # columns are added or replaced, never changed in place
    c["claim_id"] = c["source_id"] + ":c:" + c["start"].astype(str) + "-" + c["end"].astype(str)
    c["speaker_entity_id"] = link_speakers(c, mentions) if len(c) else pd.Series(dtype=object)
    if "speaker_basis" not in c.columns:
        c["speaker_basis"] = pd.Series(None, index=c.index, dtype=object)
    c["speaker_basis"] = c["speaker_basis"].astype(object).where(c["speaker_basis"].notna(), None)
    signatures, numbers, digests, kept, _ = claim_features(c, mentions, features)
    clusters, state = cluster_claims_incremental(
        c["claim_id"].tolist(), signatures, params.claim_cluster_threshold, c["text"].tolist(),
        (c["kind"] == "direct_quote").tolist(), min_words=params.claim_cluster_min_words,
        max_postings=params.max_postings, previous=previous, numbers=numbers, digests=digests)
    del signatures, numbers, digests
    if state is not None:
        state.features = kept
    c["cluster_id"] = pd.Series(clusters, index=c.index, dtype=object)
    c["n_sources"] = c.groupby("cluster_id")["source_id"].transform("nunique") if len(c) else pd.Series(dtype=int)
    return c[list(column_names("claims"))].sort_values(["source_id", "start", "end"]).reset_index(drop=True), state


def build_figures(raw_figures: pd.DataFrame, claims: pd.DataFrame) -> pd.DataFrame:
    f = raw_figures.copy(deep=False)  # columns are added, never changed in place
    f["figure_id"] = f["source_id"] + ":f:" + f["start"].astype(str) + "-" + f["end"].astype(str)
    spans: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for sid, start, end, cid in zip(*(claims[c].tolist() for c in ("source_id", "start", "end", "claim_id"))):
        spans[sid].append((start, end, cid))
    claim_ids = []
    for sid, start, end in zip(*(f[c].tolist() for c in ("source_id", "start", "end"))):
        holding = [(e - s, s, cid) for s, e, cid in spans.get(sid, ()) if s <= start and end <= e]
        claim_ids.append(min(holding)[2] if holding else None)  # the innermost claim holding it
    f["claim_id"] = pd.Series(claim_ids, index=f.index, dtype=object)
    f["group_id"] = pd.Series(None, index=f.index, dtype=object)  # set by group_figures across sources
    return f[list(column_names("figures"))].sort_values(["source_id", "start", "end"]).reset_index(drop=True)


def build_sources(articles: pd.DataFrame, outlets: pd.DataFrame) -> pd.DataFrame:
    s = articles.copy()
    body_outlets = dict(zip(outlets["source_id"], outlets["cited_outlets"]))
    s["cited_outlets"] = [sorted(set(list(a)) | set(list(body_outlets.get(sid, []))))
                          for sid, a in zip(s["source_id"].tolist(), s["boilerplate_outlets"])]
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
                   params: ResolveParams, facts: pd.DataFrame | None = None,
                   vocabulary: frozenset[str] | None = None) -> dict[str, pd.DataFrame]:
    """The contract tables. `facts` and `vocabulary` (pipeline.resolve_cache) stand in for what
    entity resolution reads of the bodies when given; the tables are the same either way."""
    return resolve_tables_incremental(articles, extracted, params, facts, vocabulary)[0]


def resolve_tables_incremental(articles: pd.DataFrame, extracted: dict[str, pd.DataFrame],
                               params: ResolveParams, facts: pd.DataFrame | None = None,
                               vocabulary: frozenset[str] | None = None, clusters: ClusterState | None = None
                               ) -> tuple[dict[str, pd.DataFrame], ClusterState | None]:
    """(resolve_tables, the claim clustering state for the next run), reusing the last run's
    clustering state `clusters` where claims did not change."""
    if facts is not None:
        entities, mentions = build_entities(extracted["mentions"], facts=facts, vocabulary=vocabulary)
    else:
        bodies = dict(zip(articles["source_id"], articles["body"])) if "body" in articles.columns else None
        entities, mentions = build_entities(extracted["mentions"], bodies)
    claims, cluster_state = build_claims_incremental(extracted["claims"], mentions, params, clusters)
    figures = build_figures(extracted["figures"], claims)
    figure_groups, figures["group_id"] = group_figures(figures, mentions, params.figure_group_threshold)
    tables = {
        "sources": build_sources(articles, extracted["outlets"]),
        "entities": entities,
        "mentions": mentions,
        "figures": figures,
        "claims": claims,
        "figure_groups": figure_groups,
        "texts": articles[["source_id", "body"]].sort_values("source_id").reset_index(drop=True),
    }
    return tables, cluster_state


@cli_errors("resolve")
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", required=True, type=Path)
    ap.add_argument("--extracted", required=True, type=Path, help="folder written by the extract stage")
    ap.add_argument("--params", default="params.yaml")
    ap.add_argument("--out", required=True, type=Path)
    ap.add_argument("--sanity", type=Path, help="Markdown report of the top entities, clusters and speakers")
    ap.add_argument("--cache", type=Path, help="folder of per-partition results kept between runs")
    args = ap.parse_args(argv)
    try:
        params = load_params(args.params).resolve
    except ConfigError as exc:
        print(f"resolve: {exc}", file=sys.stderr)
        return 2
    with cycle_collection_paused():
        return _resolve(args, params)


def _resolve(args: argparse.Namespace, params: ResolveParams) -> int:
    """resolve_tables_incremental, step by step: each table is written as soon as it is final, and
    each step reads only the inputs it needs and drops them when done, so that the peak memory is
    that of the largest step rather than of every table at once. The tables are the same."""
    n_sources = count_rows(args.articles)
    raw_mentions = read_table(args.extracted, "mentions")
    if args.cache and n_sources:
        cache = ResolveCache(args.cache / "facts")
        facts, vocabulary = cached_mention_facts(args.articles, None, raw_mentions, cache)
        cache.prune()
        print(f"resolve: article-level results of {cache.hits} partition(s) reused, {cache.misses} computed")
        entities, mentions = build_entities(raw_mentions, facts=facts, vocabulary=vocabulary)
        del facts, vocabulary
    else:
        texts = read_rows(args.articles, columns=["source_id", "body"])
        entities, mentions = build_entities(raw_mentions, dict(zip(texts["source_id"], texts["body"])))
        del texts
    del raw_mentions
    written = {"entities": len(entities), "mentions": len(mentions)}
    write_parquet(args.out / "mentions.parquet", mentions)
    write_parquet(args.out / "entities.parquet", entities)
    # what the sanity report reads of the entities (not their aliases and roles)
    entity_counts = entities[["entity_id", "name", "type", "n_mentions", "n_sources"]]
    del entities
    # what claims and figures read of the mentions
    mention_links = mentions[["source_id", "start", "end", "entity_id", "sentence_index"]]
    del mentions
    release_freed_memory()

    store = ClusterStateStore(args.cache / "claim_clusters", params) if args.cache else None
    previous = store.load() if store else None
    features = store.load_features() if store else None
    claims, state = build_claims_incremental(read_table(args.extracted, "claims"), mention_links, params, previous,
                                             features)
    if store and state is not None:
        store.save(state, state.features)
        print(f"resolve: claim clusters {'updated from the last run' if previous else 'computed from scratch'}")
    del state, previous, features
    release_freed_memory()
    written["claims"] = len(claims)
    write_parquet(args.out / "claims.parquet", claims)
    if args.sanity:
        n_figures = count_rows(args.extracted / "figures")
        write_text(args.sanity, sanity_markdown(entity_counts, claims, n_sources=n_sources,
                                                n_mentions=written["mentions"], n_figures=n_figures))
    claim_spans = claims[["source_id", "start", "end", "claim_id"]]
    del entity_counts, claims
    release_freed_memory()

    figures = build_figures(read_table(args.extracted, "figures"), claim_spans)
    del claim_spans
    figure_groups, figures["group_id"] = group_figures(figures, mention_links, params.figure_group_threshold)
    del mention_links
    written.update(figures=len(figures), figure_groups=len(figure_groups))
    write_parquet(args.out / "figures.parquet", figures)
    write_parquet(args.out / "figure_groups.parquet", figure_groups)
    del figures, figure_groups
    release_freed_memory()

    sources = build_sources(read_rows(args.articles, columns=[c for c in ARTICLE_COLUMNS if c != "body"]),
                            read_table(args.extracted, "outlets"))
    written["sources"] = len(sources)
    write_parquet(args.out / "sources.parquet", sources)
    del sources
    # sorted and written in Arrow: the same file as of the sorted frame, at a fraction of the memory
    texts = read_arrow_rows(args.articles, columns=["source_id", "body"]).sort_by("source_id")
    written["texts"] = texts.num_rows
    write_arrow_as_pandas(args.out / "texts.parquet", texts)
    del texts
    print("resolve: " + ", ".join(f"{written[name]} {name}" for name in TABLE_ORDER))
    return 0


# The order of resolve_tables' tables, in which the stage reports their sizes.
TABLE_ORDER = ("sources", "entities", "mentions", "figures", "claims", "figure_groups", "texts")


if __name__ == "__main__":
    sys.exit(main())
