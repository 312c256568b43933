"""Resolve's article-level results kept between runs, per ingest partition.

Entity resolution reads each article's body for facts that depend on nothing outside the
article: the key of each mention linked within its article (short forms, acronyms in
parentheses), whether a mention starts its sentence, whether its article writes the word in
lowercase, whether "'s" follows it, and the lowercase words of the article
(pipeline.entities.mention_facts and lowercase_vocabulary). They are computed once per ingest
partition and kept in the folder given by the resolve stage's --cache argument, so that adding
articles recomputes only the partitions that changed; the corpus-level rules then run on these
facts without reading the bodies.

An entry is keyed by a hash of what the facts are computed from: the partition's source ids and
bodies (the stage hashes the partition file's bytes, so a hit reads no body) and the identity of
its mentions (offsets, text, label), under a version hash of the code
that computes them (entities.py, this file, the aliases file). Changing any of these misses the
cache; entries not used by a run are deleted at its end, so the folder holds one entry per
partition of the current corpus.
"""
from __future__ import annotations

import hashlib
import shutil
import sys
from dataclasses import asdict
from functools import lru_cache
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.entities import FACT_COLUMNS, lowercase_vocabulary, mention_facts
from pipeline.io import read_parquet, source_fingerprint, write_arrow, write_parquet, write_text
from pipeline.partitions import part_files

CACHE_FORMAT = 1
# What the cached facts are made of: any of these changing makes every entry stale.
CODE_FILES = ("pipeline/entities.py", "pipeline/resolve_cache.py", "pipeline/data/aliases.csv")
MENTION_IDENTITY = ["source_id", "start", "end", "text", "label"]


@lru_cache(maxsize=1)
def cache_version() -> str:
    return source_fingerprint(CODE_FILES, seed=f"format {CACHE_FORMAT}\0")[:32]


def partition_digest(source_ids: list[str], bodies: list[str], mentions: pd.DataFrame) -> str:
    """Hash of the inputs of one partition's facts (articles in their order, mentions in theirs)."""
    digest = hashlib.sha256(cache_version().encode())
    for sid, body in zip(source_ids, bodies):
        digest.update(f"a\0{sid}\0{body}\0".encode("utf-8", "surrogatepass"))
    for row in zip(*(mentions[c].tolist() for c in MENTION_IDENTITY)):
        digest.update(("m\0" + "\0".join(map(str, row)) + "\0").encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:32]


def mentions_digest(mentions: pd.DataFrame) -> bytes:
    """Digest of the identity of these mentions, in their order: pandas' row hashes (a fixed key,
    so they repeat from run to run) of MENTION_IDENTITY, hashed together."""
    if not len(mentions):
        return hashlib.sha256(b"no mentions").digest()
    rows = pd.util.hash_pandas_object(mentions[MENTION_IDENTITY], index=False)
    return hashlib.sha256(rows.to_numpy().tobytes()).digest()


def partition_file_digest(path: Path, mentions: pd.DataFrame) -> str:
    """Hash of the inputs of one partition's facts read from the articles file itself: its bytes
    (its source ids and bodies, and more) and its mentions' identity. A hit needs no body read."""
    digest = hashlib.sha256(cache_version().encode() + b"\0file\0")
    digest.update(Path(path).read_bytes())
    digest.update(mentions_digest(mentions))
    return digest.hexdigest()[:32]


class ResolveCache:
    """Facts of one partition per entry: <digest>.parquet (one row per mention, in the
    partition's mention order) and <digest>.vocab.txt, under folder/<cache_version>/."""

    def __init__(self, folder: Path):
        self.root = Path(folder)
        self.folder = self.root / cache_version()
        self.used: set[str] = set()
        self.hits = self.misses = 0

    def get(self, digest: str) -> tuple[pd.DataFrame, frozenset[str]] | None:
        facts, vocab = self.folder / f"{digest}.parquet", self.folder / f"{digest}.vocab.txt"
        if not (facts.is_file() and vocab.is_file()):
            return None
        try:
            table = read_parquet(facts)
            words = vocab.read_text(encoding="utf-8").split("\n")
        except (OSError, ValueError) as exc:  # a damaged entry is computed again, never fatal
            print(f"resolve: warning: ignoring unreadable cache entry {facts}: {exc}", file=sys.stderr)
            return None
        if list(table.columns) != list(FACT_COLUMNS):
            return None
        self.used.add(digest)
        return table, frozenset(w for w in words if w)

    def put(self, digest: str, facts: pd.DataFrame, vocabulary: frozenset[str]) -> None:
        write_parquet(self.folder / f"{digest}.parquet", facts.reset_index(drop=True))
        write_text(self.folder / f"{digest}.vocab.txt", "\n".join(sorted(vocabulary)))
        self.used.add(digest)

    def prune(self) -> None:
        """Delete the entries of other versions and of partitions this run did not use."""
        if self.root.is_dir():
            for other in self.root.iterdir():
                if other.is_dir() and other != self.folder:
                    shutil.rmtree(other, ignore_errors=True)
        if self.folder.is_dir():
            for path in self.folder.iterdir():
                if path.name.split(".")[0] not in self.used:
                    path.unlink(missing_ok=True)


def cached_mention_facts(articles_path: Path, articles: pd.DataFrame | None, mentions: pd.DataFrame,
                         cache: ResolveCache) -> tuple[pd.DataFrame, frozenset[str]]:
    """(mention_facts of `mentions`, same index; lowercase vocabulary of the corpus), partition by
    partition of the ingest folder, each from the cache when its inputs are unchanged. A mention of
    an article that no partition holds is computed as one with an empty body. With `articles` None
    the bodies are read from each partition in turn, so that the corpus's bodies are never all in
    memory at once."""
    body_of = dict(zip(articles["source_id"], articles["body"])) if articles is not None else None
    facts = pd.DataFrame(index=mentions.index, columns=list(FACT_COLUMNS), dtype=object)
    vocabulary: set[str] = set()
    done = pd.Series(False, index=mentions.index)
    for path in part_files(articles_path):
        if body_of is None:
            # keyed by the file's bytes: the bodies are read only when the facts are computed
            ids = pd.read_parquet(path, columns=["source_id"])["source_id"].tolist()
            bodies = None
        else:
            ids = [sid for sid in pd.read_parquet(path, columns=["source_id"])["source_id"].tolist() if sid in body_of]
            bodies = {sid: body_of[sid] for sid in ids}
        inside = mentions["source_id"].isin(set(ids))
        part = mentions[inside]
        digest = partition_file_digest(path, part) if bodies is None else \
            partition_digest(ids, [bodies[sid] for sid in ids], part)
        hit = cache.get(digest)
        if hit is not None and len(hit[0]) == len(part):
            part_facts, words = hit
            cache.hits += 1
        else:
            if bodies is None:
                part_articles = pd.read_parquet(path, columns=["source_id", "body"])
                bodies = dict(zip(part_articles["source_id"].tolist(), part_articles["body"].tolist()))
                del part_articles
            part_facts, words = mention_facts(part, bodies), lowercase_vocabulary(bodies)
            cache.put(digest, part_facts, words)
            cache.misses += 1
        facts.loc[part.index, list(FACT_COLUMNS)] = part_facts[list(FACT_COLUMNS)].to_numpy(dtype=object)
        vocabulary |= words
        done |= inside
    rest = mentions[~done]
    if len(rest):
        facts.loc[rest.index, list(FACT_COLUMNS)] = mention_facts(rest, {}).to_numpy(dtype=object)
    return facts, frozenset(vocabulary)


# Code the claim clustering state depends on (the link rule and what a claim's features are).
CLUSTER_CODE_FILES = ("pipeline/resolve.py", "pipeline/sanity.py", "pipeline/resolve_cache.py", "pipeline/stop_words.py")
_NO_NUMBERS: frozenset[str] = frozenset()
_SEP = "\x1f"  # between the words of a kept signature (no word holds it: they are [a-z0-9/.,'-])


class ClusterStateStore:
    """The claim clustering state of the last run (pipeline.resolve.cluster_claims_incremental):
    one Parquet file named by a version hash of the clustering code and the resolve params, so a
    state made under other code or params is never read (and is deleted when a new one is saved)."""

    def __init__(self, folder: Path, params):
        version = source_fingerprint(CLUSTER_CODE_FILES, seed=f"format {CACHE_FORMAT}\0{sorted(asdict(params).items())}\0")
        self.folder = Path(folder)
        self.path = self.folder / f"{version[:32]}.parquet"

    def load(self) -> dict | None:
        if not self.path.is_file():
            return None
        try:
            df = read_parquet(self.path)
            state = {cid: (digest, tuple(map(sys.intern, words)), tuple(links))
                     for cid, digest, words, links in zip(df["claim_id"].tolist(), df["digest"].tolist(),
                                                          df["open_words"], df["links"])}
        except (OSError, ValueError, KeyError, TypeError) as exc:  # a damaged state is rebuilt, not fatal
            print(f"resolve: warning: ignoring unreadable clustering state {self.path}: {exc}", file=sys.stderr)
            return None
        # every link names a claim of the state: a state that does not is not the last run's
        if any(link not in state for _, _, links in state.values() for link in links):
            print(f"resolve: warning: ignoring inconsistent clustering state {self.path}", file=sys.stderr)
            return None
        return state

    @property
    def features_path(self) -> Path:
        return self.path.with_name(self.path.stem + ".features.parquet")

    def load_features(self) -> dict | None:
        """The claims' features of the last run (pipeline.resolve.claim_features): claim_id ->
        (feature key, signature, numbers, digest); None if there are none or they cannot be read."""
        if not self.features_path.is_file():
            return None
        try:
            columns = pq.read_table(self.features_path).to_pydict()
            intern = sys.intern
            return {cid: (key, tuple(map(intern, signature.split(_SEP))) if signature else (),
                          frozenset(map(intern, numbers.split(_SEP))) if numbers else _NO_NUMBERS, digest)
                    for cid, key, signature, numbers, digest in
                    zip(columns["claim_id"], columns["key"], columns["signature"], columns["numbers"], columns["digest"])}
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:  # unreadable: computed again
            print(f"resolve: warning: ignoring unreadable claim features {self.features_path}: {exc}", file=sys.stderr)
            return None

    def save(self, state: dict, features: dict | None = None) -> None:
        ids = list(state)
        schema = pa.schema([("claim_id", pa.string()), ("digest", pa.string()),
                            ("open_words", pa.list_(pa.string())), ("links", pa.list_(pa.string()))])
        table = pa.table([ids, [state[c][0] for c in ids], [list(state[c][1]) for c in ids],
                          [list(state[c][2]) for c in ids]], schema=schema)
        self.folder.mkdir(parents=True, exist_ok=True)
        keep = {self.path}
        if features is not None:
            ids = list(features)
            columns = list(zip(*features.values())) if ids else [(), (), (), ()]
            # words joined into one string per claim: a list column costs more to write and read
            # than the clustering it saves
            table_of_features = pa.table(
                [ids, list(columns[0]), [_SEP.join(s) for s in columns[1]], [_SEP.join(sorted(n)) for n in columns[2]],
                 list(columns[3])],
                schema=pa.schema([("claim_id", pa.string()), ("key", pa.string()), ("signature", pa.string()),
                                  ("numbers", pa.string()), ("digest", pa.string())]))
            write_arrow(self.features_path, table_of_features)
            keep.add(self.features_path)
        write_arrow(self.path, table)
        for other in self.folder.glob("*.parquet"):
            if other not in keep:
                other.unlink(missing_ok=True)
