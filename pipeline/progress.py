"""Progress bars for long stages: articles done and articles/s on a terminal, silent elsewhere.

A bar is shown only when its stream is a terminal and CI is not set, so logs of `dvc repro`
in CI, redirected output and tests stay clean.
"""
from __future__ import annotations

import os
import sys
from typing import Mapping, TextIO

from tqdm import tqdm

_FALSE = ("", "0", "false", "no", "off")


def progress_enabled(stream: TextIO | None = None, environ: Mapping[str, str] | None = None) -> bool:
    stream = sys.stderr if stream is None else stream
    environ = os.environ if environ is None else environ
    if environ.get("CI", "").strip().lower() not in _FALSE:
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def article_progress(total: int, desc: str, stream: TextIO | None = None,
                     environ: Mapping[str, str] | None = None) -> tqdm:
    """A bar counting articles (rate in articles/s); disabled when progress_enabled() is false."""
    stream = sys.stderr if stream is None else stream
    return tqdm(total=total, desc=desc, unit=" articles", file=stream, mininterval=0.5, smoothing=0.05,
                dynamic_ncols=True, disable=not progress_enabled(stream, environ))
