"""Names the recognizer missed (pipeline.extractors.names), on hand-written sentences."""
from __future__ import annotations

from spacy.tokens import Doc

from pipeline.extractors.names import SPAN_KEY, candidate_spans


def labelled(doc):
    return {(s.text, s.label_) for s in candidate_spans(doc)}


def test_component_stores_candidates_on_the_doc(nlp):
    doc = nlp("Analysts at Brisbane Harbour Securities expect a cut.")
    assert ("Brisbane Harbour Securities", "ORG") in {(s.text, s.label_) for s in doc.spans[SPAN_KEY]}


def test_company_suffix_after_a_dateline_makes_an_organisation(nlp):
    assert ("Pellworth Mining Ltd", "ORG") in labelled(nlp("PERTH, Jan 9 - Pellworth Mining Ltd said it found gold."))


def test_head_noun_alone_is_not_an_organisation(nlp):
    assert not any(text == "Securities" for text, _ in labelled(nlp("Securities fell on Monday.")))


def _parsed(nlp, words, tags, heads, deps):
    """A Doc with a fixed parse and no entities: the recognizer's misses, made certain."""
    return Doc(nlp.vocab, words=words, tags=tags, heads=heads, deps=deps,
               sent_starts=[True] + [False] * (len(words) - 1))


def test_person_after_a_lowercase_position_noun(nlp):
    doc = _parsed(nlp, ["Fans", "cheered", "center", "Kasimir", "Oduya", "."],
                  ["NNS", "VBD", "NN", "NNP", "NNP", "."], [1, 1, 4, 4, 1, 1],
                  ["nsubj", "ROOT", "compound", "compound", "dobj", "punct"])
    assert labelled(doc) == {("Kasimir Oduya", "PERSON")}


def test_capitalised_words_without_a_position_noun_are_no_person(nlp):
    doc = _parsed(nlp, ["Fans", "cheered", "Kasimir", "Oduya", "."],
                  ["NNS", "VBD", "NNP", "NNP", "."], [1, 1, 3, 1, 1],
                  ["nsubj", "ROOT", "compound", "dobj", "punct"])
    assert labelled(doc) == set()
