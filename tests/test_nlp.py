import spacy

from pipeline.nlp import paragraph_sentences, token_positions


def blank(text):
    return spacy.blank("en")(text)


def sentence_starts(doc):
    return [t.i for t in doc if t.is_sent_start]


def test_the_word_after_a_line_break_starts_a_sentence():
    doc = paragraph_sentences(blank("Oil rose\nGold fell today"))
    gold = next(t.i for t in doc if t.text == "Gold")
    assert gold in sentence_starts(doc)


def test_every_line_of_a_paragraph_break_starts_a_sentence():
    doc = paragraph_sentences(blank("Headline here\n\nThe story begins\nSecond line"))
    starts = sentence_starts(doc)
    assert next(t.i for t in doc if t.text == "The") in starts
    assert next(t.i for t in doc if t.text == "Second") in starts
    assert next(t.i for t in doc if t.text == "story") not in starts


def test_text_without_line_breaks_gets_no_sentence_starts():
    doc = paragraph_sentences(blank("One sentence. And another one."))
    assert sentence_starts(doc) in ([], [0])


def test_a_line_break_at_the_end_of_the_text_is_accepted():
    doc = paragraph_sentences(blank("First line\nLast line\n"))
    assert next(t.i for t in doc if t.text == "Last") in sentence_starts(doc)


def test_token_positions_find_words_in_order():
    doc = blank("the U.S. and the U.K. and the U.S. again")
    assert token_positions(doc, "ORTH", {"U.S.", "U.K."}) == [1, 4, 7]
    assert token_positions(doc, "LOWER", ("THE",)) == []
    assert token_positions(doc, "LOWER", ("the",)) == [0, 3, 6]


def _positions_in_the_attribute_array(doc, attr, strings):
    ids = {doc.vocab.strings[s] for s in strings}
    return [i for i, value in enumerate(doc.to_array(attr).tolist()) if value in ids]


def test_token_positions_of_texts_and_lowercase_forms_are_those_of_the_attribute_arrays():
    doc = blank("The \u0130stanbul CEO, \u03a3\u038a\u03a3\u03a5\u03a6\u039f\u03a3, STRA\u1e9eE and \u212aelvin said "
                "the ceo of ACCORDING-to Co. per se, Per capita, according to \u00c9cole")
    for words in (("the", "ceo"), ("The", "CEO"), ("according", "per"), ("\u03c3\u03af\u03c3\u03c5\u03c6\u03bf\u03c2",),
                  ("i\u0307stanbul", "istanbul"), ("stra\u00dfe", "strasse"), ("kelvin",), ("\u00e9cole", "co."),
                  (",", "-", "Co.", "Per", "\u00c9cole")):
        for attr in ("ORTH", "LOWER"):
            assert token_positions(doc, attr, words) == _positions_in_the_attribute_array(doc, attr, words), (attr, words)
    assert token_positions(doc, "LOWER", ("according", "per")) == _positions_in_the_attribute_array(
        doc, "LOWER", ("according", "per")) != []
    assert token_positions(doc, "LOWER", {"kelvin": 1}) == [t.i for t in doc if t.lower_ == "kelvin"] != []


def test_token_positions_of_an_empty_doc_or_no_words():
    assert token_positions(blank(""), "ORTH", {"x"}) == []
    assert token_positions(blank("a b"), "ORTH", set()) == []


def test_token_texts_are_the_tokens_text_including_spaces_and_line_breaks():
    from pipeline.nlp import token_texts

    doc = blank("Hello  U.S.-based iPhone 11, Calif.\n\nZürich’s “quote” ok ")
    assert token_texts(doc) == [t.text for t in doc]
    assert token_texts(blank("")) == []


def test_doc_text_is_the_docs_text():
    from pipeline.nlp import doc_text

    doc = blank("Oil rose\nGold fell today ")
    assert doc_text(doc) == doc.text


def test_the_lemmatizer_cache_is_emptied_past_its_bound_with_the_same_lemmas(nlp):
    from pipeline.nlp import bound_lemma_cache

    [lemmatizer] = [pipe for name, pipe in nlp.pipeline if name == "lemmatizer"]
    text = "The ministers were raising tariffs while exporters complained about the rulings."
    lemmas = [t.lemma_ for t in nlp(text)]
    assert lemmatizer.cache
    bound_lemma_cache(nlp, max_entries=len(lemmatizer.cache))
    assert lemmatizer.cache  # within the bound: kept
    bound_lemma_cache(nlp, max_entries=1)
    assert not lemmatizer.cache
    assert [t.lemma_ for t in nlp(text)] == lemmas


def test_the_vocabulary_is_transient_only_after_the_warm_up_articles(nlp):
    from pipeline.nlp import transient_vocabulary

    nlp._newsclaims_parsed = 0
    with transient_vocabulary(nlp, 2, warm_articles=3):
        nlp("Blorvex Quintaram arrived.")
    assert "Blorvex" in nlp.vocab.strings  # a warm-up batch keeps its words
    with transient_vocabulary(nlp, 2, warm_articles=3):  # starts at 2 of 3: still warming up
        nlp("Snerdvik Palomtry arrived.")
    assert "Snerdvik" in nlp.vocab.strings
    with transient_vocabulary(nlp, 2, warm_articles=3):
        nlp("Glimbrot Vasquenne arrived.")
    assert "Glimbrot" not in nlp.vocab.strings


def test_the_models_docs_carry_their_text_as_given(nlp):
    from pipeline.nlp import DOC_TEXT_KEY, doc_text

    text = "Zürich  (Reuters) -\n\nOil rose 2%  today. \n"
    for doc in (nlp(text), next(nlp.pipe([text]))):
        assert doc.user_data[DOC_TEXT_KEY] == text == doc.text
        assert doc_text(doc) == doc.text


def test_the_sentence_text_at_an_offset_is_that_sentences_text(nlp):
    from pipeline.nlp import SentenceIndex

    doc = nlp("Oil rose 2% on Monday.  Gold fell.\n\nCopper was flat ")
    index = SentenceIndex(doc)
    for sent in doc.sents:
        for char in (sent.start_char, sent.end_char - 1):
            assert index.text_at(char) == sent.text


def test_token_positions_match_ids_beyond_the_int64_range():
    # string ids are 64-bit hashes, half of them above what a signed integer holds
    words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"]
    doc = blank(" ".join(words))
    from spacy.strings import get_string_id

    assert any(get_string_id(w) >= 2**63 for w in words)
    for word in words:
        assert token_positions(doc, "ORTH", {word}) == [words.index(word)]


def test_the_sentence_of_a_token_is_the_tokens_sentence(nlp):
    from pipeline.nlp import SentenceIndex

    doc = nlp("Oil rose 2% on Monday.  Gold fell.\n\nCopper was flat ")
    index = SentenceIndex(doc)
    for token in doc:
        assert index.sentence_of_token(token.i) == token.sent


def test_a_released_doc_is_freed_without_waiting_for_the_garbage_collector(nlp):
    import gc
    import weakref

    from pipeline.extract import rows_from_doc
    from pipeline.nlp import release_doc

    doc = nlp('Oil rose 2% on Monday, Reuters said. "Prices will rise," Jane Smith of Acme Corp said.')
    rows = rows_from_doc("a1", doc)
    assert rows["claims"] and doc.user_data  # the extractors kept their per-Doc indexes
    alive = weakref.ref(doc)
    release_doc(doc)
    assert not doc.user_data
    gc.disable()
    try:
        del doc
        assert alive() is None
    finally:
        gc.enable()


def test_the_loaded_model_is_left_out_of_garbage_collection(nlp):
    import gc

    # frozen objects are in no generation: a full collection does not walk the model again
    tracked = {id(o) for o in gc.get_objects()}
    assert gc.get_freeze_count() > 0
    assert id(nlp) not in tracked and id(nlp.pipeline) not in tracked
    assert nlp("Oil rose 2% on Monday.").text == "Oil rose 2% on Monday."  # and it still parses
