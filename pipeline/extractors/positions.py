"""Finding tokens by attribute without a Token object per token."""
from __future__ import annotations

from spacy.strings import get_string_id
from spacy.tokens import Doc


def token_positions(doc: Doc, attr: str, strings) -> list[int]:
    """Positions, in order, of the tokens whose `attr` ("ORTH", "LOWER", ...) is one of `strings`.

    One pass over the Doc's attribute array: a loop over the Doc itself builds a Token object
    per token, and the extractors looked for a few words that way several times per article."""
    ids = {get_string_id(s) for s in strings}
    if not len(doc) or not ids:
        return []
    return [i for i, value in enumerate(doc.to_array(attr).tolist()) if value in ids]
