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
from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier
from py3langid.modelio import _to_array

from pipeline.io import package_version

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
    return Path(folder) / f"langid-{package_version('py3langid')}-{digest}.npz"


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


def _identifier_from(path: Path) -> LanguageIdentifier:
    """The identifier py3langid's from_model_file builds, from the decoded copy (the same arrays
    and conversions as py3langid.modelio.load_model, without the LZMA step)."""
    with np.load(path, allow_pickle=False) as data:
        ptc, pc, classes = data["ptc"], data["pc"], data["classes"].tolist()
        nextmove, row, output = _to_array(data["nextmove"]), _to_array(data["nextmove_row"]), data["out_feat"].tolist()
    return LanguageIdentifier(np.asarray(ptc), np.asarray(pc), classes, nextmove, output, norm_probs=True, tk_row=row)


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
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


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
