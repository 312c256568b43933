"""Language identification with py3langid, whose model ships inside its wheel."""
from __future__ import annotations

import functools
import hashlib
import lzma
import os
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path

import numpy as np
from py3langid.langid import MODEL_DIR, MODEL_FILE, RAW_FLOOR, LanguageIdentifier, visit_counts
from py3langid.modelio import _to_array

from pipeline.io import package_version

# The decoded copy's entry holding the depth of the model's automaton (ArrayWalkIdentifier).
DEPTH_KEY = "automaton_depth"
# Where a decoded copy of the model is kept (see keep_decoded_model); None: decode the packaged file.
_decoded_folder: Path | None = None


def keep_decoded_model(folder: Path | None) -> None:
    """Keep the model decoded in `folder` (an uncompressed .npz, no pickle) and load it from there.
    The packaged model is LZMA-compressed: decoding it costs about half a second, which a rerun
    that reads a few new inputs would otherwise pay every time (ingest keeps it in its cache)."""
    global _decoded_folder
    _decoded_folder = Path(folder) if folder is not None else None
    _identifier.cache_clear()


def _model_path() -> Path:
    path = Path(MODEL_FILE)
    return path if path.is_absolute() else MODEL_DIR / path


def decoded_model_path(folder: Path) -> Path:
    """The decoded copy's name says which packaged model it is (py3langid version, file hash)."""
    digest = hashlib.sha256(_model_path().read_bytes()).hexdigest()[:16]
    return Path(folder) / f"langid-{package_version('py3langid')}-{digest}-{DEPTH_KEY}.npz"


def _write_decoded(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    for old in path.parent.glob("langid-*.npz"):  # copies of other models
        old.unlink()
    with tempfile.TemporaryFile(suffix=".npz") as raw:
        with lzma.open(_model_path()) as src:
            shutil.copyfileobj(src, raw, length=1 << 20)
        raw.seek(0)
        with np.load(raw, allow_pickle=False) as data:
            arrays = {name: data[name] for name in data.files}
    # computed once with the copy: it takes longer than loading the model
    arrays[DEPTH_KEY] = np.array(automaton_depth(np.asarray(_to_array(arrays["nextmove"])),
                                                 np.asarray(_to_array(arrays["nextmove_row"])).astype(np.int64) << 8))
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        with open(tmp, "wb") as fh:
            np.savez(fh, **arrays)
        os.chmod(tmp, 0o644)  # mkstemp creates 0600
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def automaton_depth(next_move: np.ndarray, row_base: np.ndarray) -> int:
    """The largest number of bytes from the start state to any state of the model's automaton
    (breadth first, one level at a time; states share rows, so each row is read once)."""
    seen = np.zeros(len(row_base), dtype=bool)
    seen[0] = True
    frontier, depth = np.array([0]), 0
    while True:
        rows = np.unique(row_base[frontier])
        reached = next_move[(rows[:, None] + np.arange(256)).ravel()]
        frontier = np.unique(reached[~seen[reached]])
        if not len(frontier):
            return depth
        seen[frontier] = True
        depth += 1


class ArrayWalkIdentifier(LanguageIdentifier):
    """py3langid's identifier whose byte n-gram automaton is walked with array operations.

    py3langid walks its automaton byte by byte in Python: about half of the ingest stage's
    work. The automaton's state after a byte is the node of the longest suffix of the text read
    so far that its trie holds (Aho-Corasick), and no node is deeper than `depth` bytes, so the
    state at byte i is the state reached from the start over bytes i-depth+1..i alone. That is
    `depth` array steps over every position at once. The features are counted in the order of
    their first occurrence, as py3langid's Counter does, so the scores are the same floats."""

    __slots__ = ("_next_move", "_row_base", "_outputs", "_depth")
    # below this many bytes py3langid's own walk is the cheaper one
    MIN_BYTES = 64

    @classmethod
    def of(cls, identifier: LanguageIdentifier, depth: int | None = None) -> "ArrayWalkIdentifier":
        fast = cls(identifier.nb_ptc, identifier.nb_pc, identifier.nb_classes, identifier.tk_nextmove,
                   identifier.tk_output, norm_probs=identifier._norm_probs, tk_row=identifier.tk_row)
        fast._next_move = np.asarray(identifier.tk_nextmove)
        fast._row_base = np.asarray(identifier.tk_row).astype(np.int64) << 8
        fast._outputs = np.asarray(identifier.tk_output, dtype=np.int64)
        fast._depth = automaton_depth(fast._next_move, fast._row_base) if depth is None else int(depth)
        return fast

    def feature_counts(self, data: bytes) -> dict[int, int] | None:
        """{feature: occurrences} of the encoded text, in first-occurrence order; None if none."""
        if len(data) < self.MIN_BYTES:
            return visit_counts(self.tk_nextmove, self._rowbase, self.tk_output, data)
        text = np.frombuffer(data, dtype=np.uint8).astype(np.int64)
        n = len(text)
        states = np.zeros(n, dtype=np.int64)
        for back in range(min(self._depth, n) - 1, -1, -1):
            # the state at byte i after bytes i-back..i: positions before `back` start later
            states[back:] = self._next_move[self._row_base[states[back:]] + text[:n - back]]
        features = self._outputs[states]
        features = features[features >= 0]
        if not len(features):
            return None
        values, first, counts = np.unique(features, return_index=True, return_counts=True)
        order = np.argsort(first, kind="stable")
        return dict(zip(values[order].tolist(), counts[order].tolist()))

    def _raw_score(self, text):
        visits = self.feature_counts(text)
        if visits:
            return self._sparse_score(visits, self.nb_ptc)
        # as py3langid: no features scores 0.0 under norm_probs, RAW_FLOOR otherwise
        return np.full(len(self.nb_classes), 0.0 if self._norm_probs else RAW_FLOOR, dtype=np.float32)


def _identifier_from(path: Path) -> LanguageIdentifier:
    """The identifier py3langid's from_model_file builds, from the decoded copy (the same arrays
    and conversions as py3langid.modelio.load_model, without the LZMA step)."""
    with np.load(path, allow_pickle=False) as data:
        ptc, pc, classes = data["ptc"], data["pc"], data["classes"].tolist()
        nextmove, row, output = _to_array(data["nextmove"]), _to_array(data["nextmove_row"]), data["out_feat"].tolist()
        depth = int(data[DEPTH_KEY]) if DEPTH_KEY in data.files else None
    identifier = LanguageIdentifier(np.asarray(ptc), np.asarray(pc), classes, nextmove, output, norm_probs=True, tk_row=row)
    return ArrayWalkIdentifier.of(identifier, depth)


@functools.lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    if _decoded_folder is not None:
        path = decoded_model_path(_decoded_folder)
        for attempt in (1, 2):
            try:
                if not path.is_file():
                    _write_decoded(path)
                return _identifier_from(path)
            except (OSError, ValueError, KeyError, zipfile.BadZipFile, EOFError) as exc:
                # a damaged copy is written again once; a cache never fails the build
                print(f"language: decoded model {path} unusable ({exc}); "
                      f"{'rewriting it' if attempt == 1 else 'using the packaged model'}", file=sys.stderr)
                path.unlink(missing_ok=True)
    return ArrayWalkIdentifier.of(LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True))


def identify_language(text: str, accepted: tuple, min_probability: float) -> tuple[str, float, bool]:
    """(language, probability, accepted?) of a text.

    The most probable language wins when it is accepted. Otherwise the text is still taken
    in the likeliest accepted language when the identifier gives that language at least
    `min_probability`: terse texts (wire earnings tables, lists of figures) leave the
    identifier unsure between many languages, while a real foreign-language article gives
    every other language a vanishing probability.
    """
    ranked = _identifier().rank(text)
    top, top_p = ranked[0]
    if top in accepted:
        return top, float(top_p), True
    probs = dict(ranked)
    best = max(accepted, key=lambda lang: probs.get(lang, 0.0))
    if probs.get(best, 0.0) >= min_probability:
        return best, float(probs[best]), True
    return top, float(top_p), False
