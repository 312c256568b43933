"""Figures that different sources report for the same measure: where outlets agree or disagree.

Two figures from different sources report the same quantity when
- they are of the same kind, in the same base unit (so "3 lb" meets "1.36 kg") and play the
  same role in a change (both the old value "from", both the new value "to", or neither);
- their measure phrases agree: Jaccard of content words >= threshold ("tariffs on Japanese
  cars" / "tariffs on Japanese automobiles"), and a one-word measure only the same word;
- their subject agrees: the party named right after the figure ("90% to the United States"),
  else the one named nearest before it in its sentence, is the same, or is the other figure's
  sentence topic (the party its sentence names first, before the figure: "Japan's negotiator
  cancelled a visit to the United States ... to finalise a $550 billion investment package"
  is about Japan's package as much as the United States'); a nationality and its country are
  one party ("a $550 billion Japanese investment package" is Japan's);
- their periods agree: when both name years, they share one.
Pairs link transitively; every linked set spanning two or more sources is a group. A group
`disagree`s when its values differ by more than rounding (DISAGREE_REL_TOL of the largest).
"""
from __future__ import annotations

import hashlib
import re
import sys
from collections import Counter, defaultdict
from functools import lru_cache

import pandas as pd
from pipeline.stop_words import STOP_WORDS

from pipeline.entities import slugify
from schemas.tables import column_names

DISAGREE_REL_TOL = 0.005
_MAX_POSTINGS = 200     # a word in more measures than this ("percent") carries no signal
# Words that name a unit or a scale, not a measure ("dlrs", "mths", "mln"): a parse that gives
# only these as the measure says nothing about what is measured.
_UNIT_WORDS = frozenset(
    "dlr dlrs dollar dollars pct percent cent cents cts mln bln billion million thousand mths months month "
    "year years yr yrs day days week weeks stg yen tonne tonnes ton tons point points shr shrs vs".split())
_AFTER_CHARS = 12       # "90% to the United States": a recipient named right after the figure
_YEAR_RE = re.compile(r"\b(?:1[89]|20)\d\d\b")
_NO_WORDS: frozenset[str] = frozenset()
_NO_SUBJECT = object()  # an entity that is never a figure's subject


def measure_words(measure: str | None) -> frozenset[str]:
    """Content words of a measure phrase, plural folded: "the tariffs on Japanese cars" ->
    {tariff, japanese, car}."""
    if not isinstance(measure, str):
        return frozenset()
    words = re.findall(r"[a-z]+", measure.lower().replace("'s", ""))
    out = set()
    for w in words:
        if w in STOP_WORDS or len(w) < 2 or w in _UNIT_WORDS:
            continue
        if len(w) > 3 and w.endswith("ies"):
            w = w[:-3] + "y"
        elif len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
            w = w[:-1]
        out.add(sys.intern(w))
    # interned words and one empty set: there is one set per figure of the corpus
    return frozenset(out) or _NO_WORDS


@lru_cache(maxsize=1)
def country_of_demonym() -> dict[str, str]:
    """Slug of a nationality word -> slug of its country ("japanese" -> "japan"), from the
    countryinfo tables; a demonym of several countries ("american", "chinese") names the most
    populous of them."""
    from countryinfo import all_countries

    best: dict[str, tuple[int, str]] = {}
    for country in all_countries():
        demonym, name = country.demonym(), country.name()
        if not demonym or not name:
            continue
        population = int(country.population() or 0)
        key = slugify(demonym)
        if key not in best or population > best[key][0]:
            best[key] = (population, slugify(name))
    return {key: name for key, (_, name) in best.items()}


def party(entity_id: str) -> str:
    """The party an entity stands for in a figure's subject: a nationality (NORP "Japanese")
    is its country (GPE "Japan"); any other entity is itself."""
    kind, _, name = entity_id.partition("/")
    if kind == "norp":
        country = country_of_demonym().get(name)
        if country:
            return f"gpe/{country}"
    return entity_id


def subject_entities(figures: pd.DataFrame, mentions: pd.DataFrame) -> list[str | None]:
    return [subject for subject, _ in subjects_and_topics(figures, mentions)]


def subjects_and_topics(figures: pd.DataFrame, mentions: pd.DataFrame) -> list[tuple[str | None, str | None]]:
    """Party each figure is about: the entity named right after it ("90% to the United States",
    "10% to Japan"), else the one named nearest before it in its sentence (None if none), with
    a nationality read as its country (`party`)."""
    by_sentence: dict[tuple[str, int], list[tuple[int, int, str]]] = defaultdict(list)
    party_of: dict[str, object] = {}  # one string per party, not one per mention
    for sid, sent, start, end, eid in zip(*(mentions[c].tolist() for c in ("source_id", "sentence_index", "start",
                                                                          "end", "entity_id"))):
        eid = str(eid)
        subject = party_of.get(eid)
        if subject is None:
            # "cts" tagged as an organisation in an earnings table is no subject
            subject = party_of[eid] = _NO_SUBJECT if eid.split("/")[-1] in _UNIT_WORDS else party(eid)
        if subject is not _NO_SUBJECT:
            by_sentence[(sid, int(sent))].append((int(start), int(end), subject))
    for spans in by_sentence.values():
        spans.sort()
    out: list[tuple[str | None, str | None]] = []
    for sid, sent, start, end in zip(*(figures[c].tolist() for c in ("source_id", "sentence_index", "start", "end"))):
        spans = by_sentence.get((sid, int(sent)), [])
        after = [eid for s, _, eid in spans if int(end) <= s <= int(end) + _AFTER_CHARS]
        before = [(e, eid) for _, e, eid in spans if e <= int(start)]
        if after:
            out.append((after[0], None))  # a recipient named right after the figure governs it
        else:
            out.append((max(before)[1] if before else None, min(before)[1] if before else None))
    return out


def _years(period) -> frozenset[str]:
    return frozenset(_YEAR_RE.findall(period)) or _NO_WORDS if isinstance(period, str) else _NO_WORDS


def _group_id(figure_ids: list[str]) -> str:
    return "fg-" + hashlib.sha256("\n".join(sorted(figure_ids)).encode()).hexdigest()[:16]


def _disagree(values: list[float]) -> bool:
    lo, hi = min(values), max(values)
    return hi - lo > DISAGREE_REL_TOL * max(abs(lo), abs(hi))


def group_figures(figures: pd.DataFrame, mentions: pd.DataFrame, threshold: float) -> tuple[pd.DataFrame, pd.Series]:
    """(figure_groups table, group_id of each figure row: None when it is in no group)."""
    f = figures.reset_index(drop=True)
    words_of: dict[str, frozenset[str]] = {}  # a corpus repeats its measure phrases
    words = [(words_of[m] if m in words_of else words_of.setdefault(m, measure_words(m))) if isinstance(m, str)
             else measure_words(m) for m in f["measure"].tolist()]
    subject_topic = subjects_and_topics(f, mentions)
    subjects = [s for s, _ in subject_topic]
    # one set object per distinct pair: membership is all that is read of them
    party_sets: dict[tuple, frozenset] = {}
    parties = [party_sets.setdefault((s, t), frozenset({s, t} - {None})) for s, t in subject_topic]
    years = [_years(p) for p in f["period"].tolist()]
    block_of: dict[tuple, tuple] = {}  # one tuple per distinct block
    blocks = [block_of.setdefault(block, block) for block in
              ((k, u, c if isinstance(c, str) else "")
               for k, u, c in zip(f["kind"].tolist(), f["base_unit"].tolist(), f["change"].tolist()))]
    # a number per source (only equality is read in the pairs loop): not one string per figure
    sources = pd.factorize(f["source_id"])[0].tolist()
    parent = list(range(len(f)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    # A figure without a subject links to nothing, so the postings list only figures with one;
    # the cap still counts every figure carrying the word (the pairs tried are the same).
    # A link needs a shared party: j's parties hold i's subject, or j's subject is i's topic (or
    # the other way round, the same pairs). So each word's postings are kept per party (a figure
    # under its subject and its topic) and per subject, and a figure looks only into those of its
    # subject and topic: the pairs tried that can pass are those of trying every posting. A word
    # past the cap is never read again, so its later holders are counted, not posted.
    n_postings: dict[tuple, int] = defaultdict(int)
    by_party: dict[tuple, list[int]] = defaultdict(list)
    by_subject: dict[tuple, list[int]] = defaultdict(list)
    for i in range(len(f)):
        if not words[i] or blocks[i][0] == "rank":
            continue
        keys = [(blocks[i], w) for w in words[i]]
        if not subjects[i]:
            for key in keys:
                n_postings[key] += 1
            continue
        subject, topic = subject_topic[i]
        candidates = set()
        for key in keys:
            if n_postings[key] < _MAX_POSTINGS:
                candidates.update(by_party.get((key, subject), ()))
                if topic is not None and topic != subject:
                    candidates.update(by_subject.get((key, topic), ()))
        for j in sorted(candidates):
            if sources[i] == sources[j]:
                continue
            if not subjects[i] or not subjects[j] or \
                    subjects[i] != subjects[j] and subjects[i] not in parties[j] and subjects[j] not in parties[i]:
                continue  # "the same subject": both name it
            if years[i] and years[j] and not years[i] & years[j]:
                continue
            union = words[i] | words[j]
            if min(len(words[i]), len(words[j])) == 1 and words[i] != words[j]:
                continue  # "debt" would chain "foreign debt" to "commercial debt"
            if len(words[i] & words[j]) / len(union) >= threshold:
                parent[find(i)] = find(j)
        for key in keys:
            n_postings[key] += 1
            if n_postings[key] <= _MAX_POSTINGS:
                for p in parties[i]:
                    by_party[(key, p)].append(i)
                by_subject[(key, subject)].append(i)
    del n_postings, by_party, by_subject, words, subject_topic, subjects, parties, years, blocks
    members: dict[int, list[int]] = defaultdict(list)
    for i in range(len(f)):
        members[find(i)].append(i)
    groups_members = [idx for idx in members.values() if len({sources[i] for i in idx}) >= 2]
    del members
    # plain values of the grouped figures only, read after the pairs loop (the whole columns as
    # Python objects were the largest part of the step's peak memory)
    grouped = sorted(i for idx in groups_members for i in idx)
    sources, figure_ids, base_values, measures_of, base_units = (
        dict(zip(grouped, f[c].take(grouped).tolist()))
        for c in ("source_id", "figure_id", "base_value", "measure", "base_unit"))
    rows, group_of = [], [None] * len(f)
    for idx in groups_members:
        ids = [str(figure_ids[i]) for i in idx]
        gid = _group_id(ids)
        values = [float(base_values[i]) for i in idx]
        measures = Counter(str(measures_of[i]) for i in idx)
        measure = sorted(measures, key=lambda m: (-measures[m], len(m), m))[0]
        for i in idx:
            group_of[i] = gid
        rows.append({
            "group_id": gid, "measure": measure, "unit": str(base_units[idx[0]]),
            "n_sources": len({sources[i] for i in idx}), "n_figures": len(idx),
            "min": min(values), "max": max(values),
            "values_by_source": sorted(f"{sources[i]}={float(base_values[i]):.12g}" for i in idx),
            "disagree": _disagree(values),
        })
    groups = pd.DataFrame(rows, columns=list(column_names("figure_groups")))
    groups = groups.sort_values("group_id").reset_index(drop=True)
    return groups, pd.Series(group_of, index=figures.index, dtype=object)


def regroup(figures: pd.DataFrame, groups: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(figures, figure_groups) after some figures were removed (quarantined articles): each
    group is recounted over the figures left, and a group left with one source dissolves."""
    f = figures.copy(deep=False)  # copy-on-write: the new group_id column leaves `figures` as it was
    members = f.loc[f["group_id"].notna().to_numpy(), ["group_id", "source_id"]]  # two columns, not whole rows
    n_sources = members.groupby("group_id")["source_id"].nunique()
    keep = set(n_sources[n_sources >= 2].index)
    f["group_id"] = f["group_id"].where(f["group_id"].isin(keep), None)
    rows = []
    # (source_id, base_value) of each group's figures in table order, from plain lists (a
    # DataFrame per group cost more than the rest of the stage's release step)
    by_group: dict[str, list[tuple]] = defaultdict(list)
    grouped = f["group_id"].notna().to_numpy()  # only grouped figures are listed (the corpus in Python objects otherwise)
    for gid, source, value in zip(f["group_id"][grouped].tolist(), f["source_id"][grouped].tolist(),
                                  f["base_value"][grouped].tolist()):
        if isinstance(gid, str):
            by_group[gid].append((source, value))
    for group in groups[groups["group_id"].isin(keep)].to_dict("records"):
        m = by_group[group["group_id"]]
        values = [float(v) for _, v in m]
        rows.append({**group, "n_sources": len({s for s, _ in m if not pd.isna(s)}), "n_figures": len(m),
                     "min": min(values), "max": max(values),
                     "values_by_source": sorted(f"{s}={float(v):.12g}" for s, v in m),
                     "disagree": _disagree(values)})
    out = pd.DataFrame(rows, columns=list(column_names("figure_groups")))
    return f, out.sort_values("group_id").reset_index(drop=True)
