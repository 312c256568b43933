"""The corpus-level sanity report: what a researcher sees first in the published tables.

Written by the resolve stage (data/reports/sanity.md) so that junk at the top of the tables
(table abbreviations typed as entities, datelines, template statements clustered together) is
seen without opening the Parquet files.
"""
from __future__ import annotations

import re

import pandas as pd

N_ENTITIES = 50
N_CLUSTERS = 20
N_SPEAKERS = 25


def _cell(text) -> str:
    text = "" if text is None or (isinstance(text, float) and pd.isna(text)) else str(text)
    text = re.sub(r"\s+", " ", text).replace("|", "\\|")
    return text if len(text) <= 90 else text[:87] + "..."


def numbers_in(text: str) -> frozenset[str]:
    """Every number written in a statement, names included ("G-7", "Chapter 11"): statements
    that differ here are different facts (resolve clusters only statements that agree)."""
    return frozenset(n.replace(",", "") for n in re.findall(r"\d+(?:[.,]\d+)*", text))


_numbers = numbers_in


def sanity_report(tables: dict[str, pd.DataFrame]) -> str:
    """Markdown: the most-mentioned entities, the largest claim clusters (and whether any joins
    statements with different numbers), the most common speakers and how they were resolved."""
    return sanity_markdown(tables["entities"], tables["claims"], n_sources=len(tables["sources"]),
                           n_mentions=len(tables["mentions"]), n_figures=len(tables["figures"]))


def sanity_markdown(entities: pd.DataFrame, claims: pd.DataFrame, *, n_sources: int, n_mentions: int,
                    n_figures: int) -> str:
    """sanity_report from the two tables it reads and the sizes of the others (the resolve stage
    writes and frees the other tables before the report is made)."""
    lines = ["# Sanity report", "",
             f"{n_sources} sources, {len(entities)} entities, {n_mentions} mentions, "
             f"{len(claims)} claims, {n_figures} figures.", "",
             f"## Top {N_ENTITIES} entities by mentions", "",
             "| # | entity_id | name | type | mentions | sources |", "|---|---|---|---|---|---|"]
    top = entities.sort_values(["n_mentions", "entity_id"], ascending=[False, True]).head(N_ENTITIES)
    for rank, e in enumerate(top.itertuples(), 1):
        lines.append(f"| {rank} | `{e.entity_id}` | {_cell(e.name)} | {e.type} | {e.n_mentions} | {e.n_sources} |")
    lines += ["", f"## Largest claim clusters (top {N_CLUSTERS} by sources)", ""]
    mixed = 0
    if len(claims):
        groups = claims.groupby("cluster_id")
        sizes = groups.agg(n_sources=("source_id", "nunique"), n_claims=("claim_id", "size")).reset_index()
        # number sets of the clusters of several claims (a single claim has one)
        several = set(sizes.loc[sizes["n_claims"] > 1, "cluster_id"])
        number_sets: dict[str, set] = {}
        in_several = claims["cluster_id"].isin(several).to_numpy()  # the texts of those claims only
        for cluster, text in zip(claims["cluster_id"][in_several].tolist(), claims["text"][in_several].tolist()):
            number_sets.setdefault(cluster, set()).add(_numbers(text))
        sizes["number_sets"] = [len(number_sets[c]) if c in several else 1 for c in sizes["cluster_id"].tolist()]
        mixed = int((sizes.loc[sizes["n_claims"] > 1, "number_sets"] > 1).sum())
        lines += [f"Multi-claim clusters whose statements carry different numbers: {mixed}.", "",
                  "| cluster_id | sources | claims | distinct number sets | a statement |", "|---|---|---|---|---|"]
        biggest = sizes[sizes["n_claims"] > 1].sort_values(["n_sources", "n_claims", "cluster_id"],
                                                           ascending=[False, False, True]).head(N_CLUSTERS)
        first_text = groups["text"].first()
        for c in biggest.itertuples():
            lines.append(f"| `{c.cluster_id}` | {c.n_sources} | {c.n_claims} | {c.number_sets} | "
                         f"{_cell(first_text[c.cluster_id])} |")
    lines += ["", f"## Most common speakers (top {N_SPEAKERS})", "",
              "| speaker (entity, else as written) | claims | sources | how resolved |", "|---|---|---|---|"]
    if len(claims):
        who = claims["speaker_entity_id"].where(claims["speaker_entity_id"].notna(),
                                                claims["speaker"].str.lower())
        # the columns read below, not a copy of every column (the texts) of the corpus's claims
        frame = claims[[c for c in ("claim_id", "source_id", "speaker_basis") if c in claims.columns]]
        frame = frame.assign(who=who).dropna(subset=["who"])
        basis = frame["speaker_basis"].fillna("none") if "speaker_basis" in frame else pd.Series("n/a", index=frame.index)
        frame = frame.assign(basis=basis)
        stats = frame.groupby("who").agg(n=("claim_id", "size"), sources=("source_id", "nunique"))
        stats = stats.sort_values(["n", "sources"], ascending=False).head(N_SPEAKERS)
        for who_, row in stats.iterrows():
            bases = frame.loc[frame["who"] == who_, "basis"].value_counts()
            how = ", ".join(f"{b} {n}" for b, n in sorted(bases.items(), key=lambda kv: (-kv[1], kv[0])))
            lines.append(f"| {_cell(who_)} | {row['n']} | {row['sources']} | {how} |")
        lines += ["", "Speaker resolution: " + ", ".join(
            f"{b} {n}" for b, n in sorted(claims.get("speaker_basis", pd.Series(dtype=object))
                                          .fillna("none").value_counts().items()))]
    return "\n".join(lines) + "\n"
