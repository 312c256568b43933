"""spaCy's English stop words, read without importing spaCy.

resolve and validate compare claims and figure measures by their content words. Importing
`spacy.lang.en.stop_words` loads spaCy and thinc first (about 0.8 s of CPU in each of those
processes) for one word list, so the list is read from the installed spaCy's own file instead:
always the same words as `spacy.lang.en.stop_words.STOP_WORDS`.
"""
from __future__ import annotations

import importlib.util
from pathlib import Path


def _spacy_english_stop_words() -> frozenset[str]:
    spec = importlib.util.find_spec("spacy")  # finds the package without importing it
    path = Path(spec.origin).parent / "lang" / "en" / "stop_words.py" if spec and spec.origin else None
    if path is not None and path.is_file():
        file_spec = importlib.util.spec_from_file_location("_newsclaims_spacy_en_stop_words", path)
        module = importlib.util.module_from_spec(file_spec)
        file_spec.loader.exec_module(module)
        words = getattr(module, "STOP_WORDS", None)
        if words:
            return frozenset(words)
    from spacy.lang.en.stop_words import STOP_WORDS  # another layout: the ordinary (slower) import

    return frozenset(STOP_WORDS)


STOP_WORDS = _spacy_english_stop_words()
