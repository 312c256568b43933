"""Language identification with py3langid, whose model ships inside its wheel."""
from __future__ import annotations

import functools

from py3langid.langid import MODEL_FILE, LanguageIdentifier


@functools.lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
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
