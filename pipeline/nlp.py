"""Loading the spaCy model once per process, with paragraph-aware sentence splitting."""
from __future__ import annotations

import bisect
import contextlib
import gc
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc

from pipeline.attribute_table import use_table_attribute_ruler
import pipeline.extractors.names  # noqa: F401  (registers the name_candidates component)
import pipeline.extractors.lines  # noqa: F401  (registers the non_prose_lines and wire_dateline_entities components)
from pipeline.extractors.positions import DOC_TEXT_KEY, doc_memo, doc_text, token_positions, token_texts  # noqa: F401  (re-exported for extractors)
from schemas.tables import ENTITY_TYPES  # noqa: F401  (the contract's types; re-exported for extractors)


class ModelError(RuntimeError):
    """The configured spaCy model package is not installed."""


@Language.component("paragraph_sentences")
def paragraph_sentences(doc: Doc) -> Doc:
    """A line break always ends a sentence: paragraphs and headlines never merge."""
    text = doc_text(doc)
    if "\n" not in text or len(doc) < 2:
        return doc
    starts = doc.to_array("IDX").tolist()
    # the token whose text or trailing whitespace holds each line break (found from the break's
    # offset, not by building a Token per token); the token after it starts a sentence
    broken, pos = set(), text.find("\n")
    while pos != -1:
        broken.add(bisect.bisect_right(starts, pos) - 1)
        pos = text.find("\n", pos + 1)
    for i in sorted(broken):
        if 0 <= i < len(doc) - 1:
            doc[i + 1].is_sent_start = True
    return doc


def _keeping_text(make_doc):
    """The model's make_doc, also keeping the text it was given as the Doc's text (see doc_text):
    spaCy's tokenizer never alters the text (`doc.text == text`), while `doc.text` joins a Token
    per token again, and that join for every article was about 1% of the parse."""
    def make(text: str) -> Doc:
        doc = make_doc(text)
        doc.user_data[DOC_TEXT_KEY] = text
        return doc
    return make


@lru_cache(maxsize=2)
def load_model(name: str) -> Language:
    """The installed spaCy package `name`; nothing is downloaded at run time."""
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelError(
            f"spaCy model '{name}' is not installed; install the project "
            f"(pip install -e .) which pins it, or set extract.model in params.yaml"
        ) from exc
    nlp.make_doc = _keeping_text(nlp.make_doc)
    # the model's attribute ruler, same annotations by table lookups (a tenth of the parse less)
    use_table_attribute_ruler(nlp)
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("paragraph_sentences", before="parser")
    if "ner" in nlp.pipe_names:  # the dateline's place and date are fixed before names are found
        nlp.add_pipe("wire_dateline_entities", before="ner")
    if "ner" in nlp.pipe_names:  # doc.spans["name_candidates"]: names the recognizer missed
        nlp.add_pipe("name_candidates", after="ner")
    nlp.add_pipe("non_prose_lines", last=True)  # doc.spans["non_prose"]: tables, datelines, headlines
    # The model and the imports live as long as the process. Every full garbage collection
    # walked all their objects again (about 0.12 s each, most of the extract stage's collection
    # time); frozen, the collector skips them, and forked workers do not copy their pages.
    gc.freeze()
    return nlp


# Articles a process parses before its batches run in memory zones (transient_vocabulary).
WARM_ARTICLES = 2_000


def transient_vocabulary(nlp: Language, n_articles: int, warm_articles: int | None = None):
    """A context for parsing and extracting `n_articles`: after the process's first
    `warm_articles` (default WARM_ARTICLES) it is spaCy's memory zone, else a plain context.

    Every word the model has not seen adds a lexeme and strings to the shared vocabulary, which
    then grew with the corpus for the life of the process; in a memory zone spaCy drops what
    was added when the zone ends (nothing made in it may outlive it: the rows are plain values).
    But spaCy's tokenizer does not fill its cache inside a zone, and tokenizing the whole
    Reuters corpus in zones from the first article took 4.5 times as long; the words of the
    first few thousand articles fill the cache and the vocabulary with the common words, after
    which zones cost little. The output is the same either way."""
    warm = WARM_ARTICLES if warm_articles is None else warm_articles
    parsed = getattr(nlp, "_newsclaims_parsed", 0)
    nlp._newsclaims_parsed = parsed + n_articles
    return nlp.memory_zone() if parsed >= warm else contextlib.nullcontext()


def release_doc(doc: Doc) -> None:
    """Drop the caches the components and extractors keep in `doc.user_data` once the Doc's
    rows are made. Some of them hold Spans of the Doc (the sentence and entity indexes), which
    puts the Doc in a reference cycle: it was freed, with its token arrays and tensor, only at
    the next full garbage collection, and the extract process grew by 40-90 MB within each
    partition of articles waiting for one."""
    doc.user_data.clear()


# Entries of spaCy's lemmatizer cache kept between batches (about 300 bytes each).
LEMMA_CACHE_ENTRIES = 50_000


def bound_lemma_cache(nlp: Language, max_entries: int = LEMMA_CACHE_ENTRIES) -> None:
    """Empty the rule lemmatizer's cache once it holds more than `max_entries` entries.

    spaCy's Lemmatizer memoizes the lemmas of every (word, tag, morphology) it has seen in a
    dict it never empties (memory zones do not cover it), so over a corpus of new words the
    extract process grew with the number of articles. The cache is a pure memo: emptying it
    changes no lemma, only makes the next few batches look words up again."""
    for _, pipe in nlp.pipeline:
        cache = getattr(pipe, "cache", None)
        if isinstance(pipe, Lemmatizer) and isinstance(cache, dict) and len(cache) > max_entries:
            cache.clear()


class SentenceIndex:
    """Sentence number of any character offset in a Doc.

    `SentenceIndex.of(doc)` builds it once per Doc and shares it between the extractors.
    """

    def __init__(self, doc: Doc):
        self.text = doc_text(doc)  # the one cached copy of the Doc text (see doc_text)
        self.sents = list(doc.sents)
        self.starts = [s.start_char for s in self.sents]
        self.token_starts = [s.start for s in self.sents]

    @classmethod
    def of(cls, doc: Doc) -> "SentenceIndex":
        return doc_memo(doc, "newsclaims.sentences", cls)

    def index_of(self, char: int) -> int:
        return max(0, bisect.bisect_right(self.starts, char) - 1)

    def sentence_at(self, char: int):
        return self.sents[self.index_of(char)]

    def sentence_of_token(self, i: int):
        """The sentence holding token `i` (`doc[i].sent`, which walks the Doc to find it)."""
        return self.sents[max(0, bisect.bisect_right(self.token_starts, i) - 1)]

    def text_at(self, char: int) -> str:
        """`sentence_at(char).text`, sliced from the Doc text: a Span joins a Token per token on
        every `.text`, and the figure rules ask for the sentence of nearly every number."""
        sent = self.sents[self.index_of(char)]
        return self.text[sent.start_char:sent.end_char]


class EntityIndex:
    """The Doc's entities (sorted, non-overlapping), searchable by token position.

    `doc.ents` builds a new tuple of Spans on every access; lookups per figure or claim over
    it were quadratic in article length."""

    def __init__(self, doc: Doc):
        self.ents = tuple(doc.ents)
        self.starts = [e.start for e in self.ents]

    @classmethod
    def of(cls, doc: Doc) -> "EntityIndex":
        return doc_memo(doc, "newsclaims.ents", cls)

    def within(self, start: int, end: int) -> list:
        """Entities lying wholly inside tokens [start, end)."""
        i = bisect.bisect_left(self.starts, start)
        out = []
        while i < len(self.ents) and self.ents[i].start < end:
            if self.ents[i].end <= end:
                out.append(self.ents[i])
            i += 1
        return out

    def at(self, token_i: int):
        """The entity containing token `token_i`, or None."""
        i = bisect.bisect_right(self.starts, token_i) - 1
        if i >= 0 and self.ents[i].end > token_i:
            return self.ents[i]
        return None
