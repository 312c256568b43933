"""Finding tokens by attribute, and reading their text, without a Token object per token."""
from __future__ import annotations

import functools

import numpy
from spacy.strings import get_string_id
from spacy.tokens import Doc


def token_positions(doc: Doc, attr: str, strings) -> list[int]:
    """Positions, in order, of the tokens whose `attr` ("ORTH", "LOWER", ...) is one of `strings`.

    One pass over the Doc's attribute array: a loop over the Doc itself builds a Token object
    per token, and the extractors looked for a few words that way several times per article.
    The text and its lowercase form (Token.lower_ is Token.text.lower()) are read from the
    token texts instead: on news-length Docs a loop over those is quicker than building the
    array and comparing it once per word."""
    wanted = frozenset(strings)
    if not wanted or not len(doc):
        return []
    if attr in ("ORTH", "LOWER") and all(isinstance(s, str) for s in wanted):
        if attr == "ORTH":
            return word_positions(doc, wanted.__contains__)
        return word_positions(doc, lambda word: word.lower() in wanted)
    ids = {get_string_id(s) for s in wanted}
    values = doc.to_array(attr)
    # each id as a uint64 like the array (numpy compares uint64 with a Python int as floats)
    found = functools.reduce(numpy.logical_or, (values == numpy.uint64(i) for i in ids))
    return numpy.flatnonzero(found).tolist()


def word_positions(doc: Doc, keep) -> list[int]:
    """Positions, in order, of the tokens whose text `keep` accepts, read from the token texts:
    a rule that wants a few word forms then builds Tokens of those only. It still tests its whole
    condition on them, so a gate that lets more words through changes nothing (tests/test_names.py
    runs the name rules ungated). On news-length Docs this loop is quicker than spaCy's attribute
    arrays; Token.lower_ is Token.text.lower()."""
    return [i for i, word in enumerate(token_texts(doc)) if keep(word)]


def doc_memo(doc: Doc, key: str, make):
    """`make(doc)`, computed once per Doc and kept in `doc.user_data[key]` (pipeline.nlp's
    release_doc drops these once the Doc's rows are made)."""
    value = doc.user_data.get(key)
    if value is None:
        value = doc.user_data[key] = make(doc)
    return value


# user_data key of the Doc text: set by pipeline.nlp's make_doc when a text is tokenized, else
# by the first doc_text call.
DOC_TEXT_KEY = "newsclaims.text"


def doc_text(doc: Doc) -> str:
    """`doc.text`, built once per Doc: spaCy joins every token again on each access, which
    made extraction quadratic in article length. The pipeline never changes a Doc's tokens
    after tokenization, so the components and the extractors share this one copy (a Doc
    joined from parse chunks is a new Doc: Doc.from_docs does not copy these string keys)."""
    text = doc.user_data.get(DOC_TEXT_KEY)
    if text is None:
        text = doc.user_data[DOC_TEXT_KEY] = doc.text
    return text


def token_texts(doc: Doc) -> list[str]:
    """The text of every token, sliced from the Doc text by each token's offset and length:
    `[t.text for t in doc]` builds a Token object per token (kept once per Doc)."""
    texts = doc.user_data.get("newsclaims.token_texts")
    if texts is None:
        text = doc_text(doc)
        pairs = doc.to_array(["IDX", "LENGTH"]).tolist() if len(doc) else []
        texts = doc.user_data["newsclaims.token_texts"] = [text[start:start + n] for start, n in pairs]
    return texts
