"""Names the recognizer missed (pipeline.extractors.names), on hand-written sentences."""
from __future__ import annotations

import re

from spacy.tokens import Doc

from pipeline.extractors import names
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


# Sentences for the rules that read only some tokens as Tokens (names.word_positions and
# token_positions): at the Doc's edges, with Unicode digits (Arabic-Indic digits are \d,
# superscripts are not) and with every form the gates look for.
GATED_RULE_SENTENCES = [
    "CEO Amendment 5 passed, and the First Amendment and the 14th Amendment protect speech, said the CEO",
    "T-Mobile CEO John Legere and Rolls-Royce chairman Ian Davis met analysts of the S&P 500 index and the STOXX 600 Index.",
    "(AP) Members of the GATT (General Agreement on Tariffs and Trade) met the WHO (",
    "It is a Twitter-like site with a Kafka-esque process, she said -",
    "The new Ascom Myco 2 which ships soon and the gorgeous LC 500 grand tourer were shown with the Zeta \u0665\u0660\u0660 model.",
    "Users of my6sense and 9to5Toys read the Nova \u00b2\u2075 index and the Acme \u0663\u0660\u0660 index; 2019 was good for web3labs",
    "500 index",
    "According to a paper published in the journal Nature Astronomy on Monday, the team found water.",
    "American Kevin Mould and Australian Timothy Weeks, both professors at the university, were freed. "
    "Mould and Weeks were abducted in August 2016.",
    "Traders bought the S&P 500 index",
    "(",
    "On Wall Street, the Dow Jones Industrial Average fell 102 points.",
]


def _every_position(doc, *_):
    return list(range(len(doc)))


def test_rules_gated_by_word_form_find_what_they_find_reading_every_token(nlp, monkeypatch):
    gated = [labelled(nlp(text)) for text in GATED_RULE_SENTENCES]
    monkeypatch.setattr(names, "word_positions", _every_position)
    monkeypatch.setattr(names, "token_positions", _every_position)
    assert [labelled(nlp(text)) for text in GATED_RULE_SENTENCES] == gated
    found = set().union(*gated)
    assert {("First Amendment", "LAW"), ("S&P 500", "ORG"), ("STOXX 600", "ORG"), ("Twitter", "ORG"), ("LC 500", "PRODUCT"),
            ("General Agreement on Tariffs and Trade", "ORG"), ("my6sense", "ORG"), ("web3labs", "ORG"),
            ("Acme \u0663\u0660\u0660", "ORG"), ("Nature Astronomy", "ORG"), ("Timothy Weeks", "PERSON"), ("Weeks", "PERSON"),
            ("Wall Street", "LOC")} <= found


def test_gated_rules_find_their_forms_next_to_the_docs_first_and_last_tokens(nlp):
    assert [s.text for s in names.numbered_indexes(nlp("Traders bought the S&P 500 index"))] == ["S&P 500"]
    assert [s.text for s in names._numbered_amendments(nlp("First Amendment rights matter"))] == ["First Amendment"]
    acronym = Doc(nlp.vocab, words=["XY", "(", "Xeno", "Yard", ")"], spaces=[True, False, True, False, False])
    assert [s.text for s in names.acronym_expansions(acronym)] == ["Xeno Yard"]
    likened = Doc(nlp.vocab, words=["It", "was", "Kafka", "-", "esque"], spaces=[True, True, False, False, False],
                  sent_starts=[True, False, False, False, False])
    assert [s.text for s in names.likened_names(likened)] == ["Kafka"]
    title = Doc(nlp.vocab, words=["He", "met", "Tesla", "CEO", "Elon"], tags=["PRP", "VBD", "NNP", "NN", "NNP"],
                ents=["O", "O", "O", "O", "B-PERSON"])
    assert [s.text for s in names._companies_before_titles(title)] == ["Tesla"]


def test_a_tokens_lowercase_form_is_its_text_lowercased_as_the_word_gates_read_it(nlp):
    doc = nlp("The \u0130stanbul CEO, \u03a3\u038a\u03a3\u03a5\u03a6\u039f\u03a3 and STRA\u1e9eE met the FOUNDER of \u212aelvin Ltd.")
    assert [t.lower_ for t in doc] == [t.text.lower() for t in doc]


def test_short_numbers_are_the_words_of_decimal_digits_the_rules_match(nlp):
    words = ["7", "42", "2019", "12345", "\u0663\u0660\u0660", "\u00b2\u2075", "1.5", "3rd", "-4", "\u00bd"]
    doc = Doc(nlp.vocab, words=words)
    for low in (1, 2):
        assert names._short_numbers(doc, low) == [i for i, w in enumerate(words) if re.fullmatch(rf"\d{{{low},4}}", w)]


def _parsed(nlp, words, tags, heads, deps):
    """A Doc with a fixed parse and no entities: the recognizer's misses, made certain."""
    return Doc(nlp.vocab, words=words, tags=tags, heads=heads, deps=deps,
               sent_starts=[True] + [False] * (len(words) - 1))


def test_person_after_a_lowercase_position_noun(nlp):
    doc = _parsed(nlp, ["Fans", "cheered", "center", "Kasimir", "Oduya", "."],
                  ["NNS", "VBD", "NN", "NNP", "NNP", "."], [1, 1, 4, 4, 1, 1],
                  ["nsubj", "ROOT", "compound", "compound", "dobj", "punct"])
    assert labelled(doc) == {("Kasimir Oduya", "PERSON")}


def test_capitalised_subject_words_the_article_writes_in_lowercase_are_no_person(nlp):
    doc = _parsed(nlp, ["Record", "Profits", "rose", "as", "profits", "rose", "."],
                  ["NNP", "NNP", "VBD", "IN", "NNS", "VBD", "."], [1, 2, 2, 5, 5, 2, 2],
                  ["compound", "nsubj", "ROOT", "mark", "nsubj", "advcl", "punct"])
    assert labelled(doc) == set()


def test_two_capitalised_words_acting_as_subject_are_a_person(nlp):
    doc = _parsed(nlp, ["Tavi", "Raskin", "made", "25", "saves", "."],
                  ["NNP", "NNP", "VBD", "CD", "NNS", "."], [1, 2, 2, 4, 2, 2],
                  ["compound", "nsubj", "ROOT", "nummod", "dobj", "punct"])
    assert labelled(doc) == {("Tavi Raskin", "PERSON")}


def test_capitalised_plural_after_the_is_a_team(nlp):
    doc = _parsed(nlp, ["They", "beat", "the", "Hornets", "again", "."],
                  ["PRP", "VBD", "DT", "NNPS", "RB", "."], [1, 1, 3, 1, 1, 1],
                  ["nsubj", "ROOT", "det", "dobj", "advmod", "punct"])
    assert labelled(doc) == {("Hornets", "ORG")}


def test_capitalised_word_after_in_is_a_place_unless_a_date(nlp):
    doc = _parsed(nlp, ["He", "met", "her", "in", "Lviv", "in", "March", "."],
                  ["PRP", "VBD", "PRP", "IN", "NNP", "IN", "NNP", "."], [1, 1, 1, 1, 3, 1, 5, 1],
                  ["nsubj", "ROOT", "dobj", "prep", "pobj", "prep", "pobj", "punct"])
    assert labelled(doc) == {("Lviv", "GPE")}


def test_lowercase_i_before_a_capital_is_a_product_name(nlp):
    found = labelled(nlp("Developers are writing custom iOS apps for hospitals."))
    assert ("iOS", "PRODUCT") in found


def test_product_name_keeps_its_model_number(nlp):
    assert ("iPhone 11", "PRODUCT") in labelled(nlp("She upgraded to an iPhone 11 last month."))


def test_unit_or_molecule_written_with_a_small_prefix_is_not_a_product(nlp):
    found = labelled(nlp("The plant uses 5 kWh per tonne and the mRNA vaccine is stored cold."))
    assert not any(text in ("kWh", "mRNA") for text, _ in found)


def test_capitalised_word_something_is_posted_on_is_a_platform(nlp):
    assert ("Twitter", "ORG") in labelled(nlp("Omar posted a letter on Twitter Tuesday."))


def test_word_after_on_that_the_article_writes_in_lowercase_is_not_a_platform(nlp):
    found = labelled(nlp("He relied on Luck that night, and luck held."))
    assert not any(text == "Luck" for text, _ in found)


def test_numbered_step_after_on_is_not_a_platform(nlp):
    assert not any(text == "Day" for text, _ in labelled(nlp("Do not throw yourself in the deep end on Day 1 of the course.")))


def test_one_word_name_told_something_is_an_outlet(nlp):
    doc = nlp("\"The results were clear,\" Dempsey told Tidewire by email.")
    assert ("Tidewire", "ORG") in labelled(doc)


def test_platform_with_an_inner_capital_after_on(nlp):
    doc = nlp("The minister answered critics in a post on WeChat on Monday.")
    assert ("WeChat", "ORG") in labelled(doc)


def test_model_designations_are_products(nlp):
    doc = nlp("The airline ordered 50 Airbus A350-900 jets and cancelled its A330neo order; the A380 stays.")
    assert {("A350-900", "PRODUCT"), ("A330neo", "PRODUCT"), ("A380", "PRODUCT")} <= labelled(doc)


def test_years_and_one_digit_codes_are_not_model_designations(nlp):
    doc = nlp("Unlike the FY2020 plan, the G7 summit backed the M3 target.")
    assert not {text for text, label in labelled(doc) if label == "PRODUCT"}


def test_numbered_amendment_is_a_law(nlp):
    doc = nlp("\"The First Amendment right to free speech carries responsibilities,\" Kennedy said, "
              "citing the 14th Amendment too.")
    assert {("First Amendment", "LAW"), ("14th Amendment", "LAW")} <= labelled(doc)


def test_named_shopping_days_are_events(nlp):
    doc = nlp("Retailers expect record sales on Black Friday and Cyber Monday, while Alibaba's Singles Day sales grew.")
    assert {("Cyber Monday", "EVENT"), ("Singles Day", "EVENT")} <= labelled(doc)


def test_weekday_after_a_two_word_name_is_a_date_not_a_named_day(nlp):
    doc = nlp("\"We need more beds,\" Kovac told the Argus Courier Monday afternoon.")
    assert not {text for text, label in labelled(doc) if label == "EVENT"}


def test_plain_dates_and_a_surname_day_are_not_events(nlp):
    doc = nlp("Sales rose on Monday, March 3, and in the Fourth Quarter, Jim Day said last week.")
    assert not {text for text, label in labelled(doc) if label == "EVENT"}


def test_journal_named_after_the_word_journal_is_an_organisation(nlp):
    doc = nlp("According to a paper published in the journal Nature Astronomy on Monday, the team found water.")
    assert ("Nature Astronomy", "ORG") in labelled(doc)


def test_surname_taken_for_a_date_is_the_person(nlp):
    doc = nlp("American Kevin Mould and Australian Timothy Weeks, both professors at the university, were freed. "
              "Mould and Weeks were abducted in August 2016.")
    found = labelled(doc)
    assert ("Timothy Weeks", "PERSON") in found and ("Weeks", "PERSON") in found


def test_date_words_after_a_number_are_no_surname(nlp):
    doc = nlp("Sales rose for three Weeks, said Jim Harlow.")
    assert not {text for text, label in labelled(doc) if "Weeks" in text}


def test_company_written_before_an_executive_title_and_a_name(nlp):
    doc = nlp("Good morning.\n\nT-Mobile CEO John Legere is stepping down in May 2020.")
    assert ("T-Mobile", "ORG") in labelled(doc)


def test_number_and_name_before_a_noun_is_a_model(nlp):
    doc = nlp("Sales were hit by two crashes of its popular 737 Max jet, and five 787 Dreamliner sales followed.")
    assert {("737 Max", "PRODUCT"), ("787 Dreamliner", "PRODUCT")} <= labelled(doc)


def test_counted_people_and_units_are_not_models(nlp):
    doc = nlp("Apple employs about 450 Dreamers, and he told about 500 Japanese businessmen that the car has "
              "540 Nm of torque.")
    assert not {text for text, label in labelled(doc) if label == "PRODUCT"}


def test_number_inside_a_longer_model_name_is_not_cut_out(nlp):
    doc = nlp("No doubt the LC 500 Convertible looks very stylish, the reviewer said.")
    assert ("500 Convertible", "PRODUCT") not in labelled(doc)


def test_priced_line_is_a_product_candidate(nlp):
    doc = nlp("Gifts under $50.\n\nBolt Mini Speaker 2 for $45\n\nPaid for $45 at the store.\n")
    assert ("Bolt Mini Speaker 2", "PRODUCT") in labelled(doc)
    assert not any(text.startswith("Paid") for text, _ in labelled(doc))


def test_capitalised_words_and_a_model_number_name_a_product(nlp):
    doc = nlp("The nurses carry the Vexa Pulse 3 which vibrates when an alarm goes off.")
    assert ("Vexa Pulse 3", "PRODUCT") in labelled(doc)


def test_numbered_things_and_amounts_are_no_models(nlp):
    doc = nlp("The miner filed for Chapter 11 protection and now pays Rs 300 fees to creditors.")
    assert not any(label == "PRODUCT" for _, label in labelled(doc))


def test_counts_after_a_name_and_hyphenated_standards_are_no_models(nlp):
    doc = nlp("Eastside (2-0): Marlow 14 points. The laptop supports Wi-Fi 6 routers well.")
    assert not any(label == "PRODUCT" for _, label in labelled(doc))


def test_priced_line_drops_the_call_to_buy(nlp):
    doc = nlp("Deals of the week.\n\nGet Lumo Desk Lamp for $30\n")
    assert ("Lumo Desk Lamp", "PRODUCT") in labelled(doc)


def test_wire_company_tag_is_an_organisation_but_a_bare_ticker_is_not(nlp):
    doc = nlp("The fund sold its stake to <Harvel Mills> and <HVM> shares fell.")
    assert ("Harvel Mills", "ORG") in labelled(doc)
    assert not any(text == "HVM" for text, _ in labelled(doc))


def test_spelled_out_acronym_in_parentheses_is_an_organisation(nlp):
    doc = nlp("Ministers met at the WMO (World Meteorological Organization) in Geneva on the IT (information technology) plan.")
    assert ("World Meteorological Organization", "ORG") in labelled(doc)
    assert not any(text == "information technology" for text, _ in labelled(doc))


def test_proper_nouns_ending_in_an_event_word_name_an_event(nlp):
    doc = nlp("After clinching the doubles title in the WTA Finals, the pair flew home to Paris.")
    assert ("WTA Finals", "EVENT") in labelled(doc)


def test_event_words_after_an_attached_name_are_no_event_of_their_own(nlp):
    doc = nlp("The leaders met for the 12th Brazil–Chile Annual Summit in Santiago.")
    assert ("Annual Summit", "EVENT") not in labelled(doc)


def test_name_before_a_capitalised_street_word_is_a_place(nlp):
    assert ("Wall Street", "LOC") in labelled(nlp("Wall Street analysts had expected a loss of 12 cents a share."))
    assert ("Wall Street", "LOC") in labelled(nlp("On Wall Street, the Dow Jones Industrial Average fell 102 points."))


def test_street_name_that_a_longer_name_goes_on_from_is_no_place(nlp):
    doc = nlp("He wrote for the Wall Street Journal for years.")
    assert not any(s.text == "Wall Street" for s in names.street_names(doc))


def test_number_after_initials_joined_by_ampersand_names_an_index(nlp):
    found = labelled(nlp("Shares of the retailer are up 39 percent this year while the S&P 500 is up 24.5 percent."))
    assert ("S&P 500", "ORG") in found
    assert ("S&P 500", "ORG") in labelled(nlp("The S&P 500 fell sharply on Tuesday as oil prices slid."))


def test_long_journal_name_tagged_as_a_work_is_a_publication(nlp):
    words = "It appears in the journal Annals of the Royal Society of Tropical Medicine today .".split()
    ents = ["O"] * 5 + ["B-WORK_OF_ART"] + ["I-WORK_OF_ART"] * 7 + ["O", "O"]
    doc = Doc(nlp.vocab, words=words, ents=ents)
    assert [s.text for s in names._publications_tagged_as_works(doc)] == ["Annals of the Royal Society of Tropical Medicine"]


def test_names_of_a_result_opening_a_line_are_teams(nlp):
    doc = nlp("Results from Tuesday night.\n\nFlames 4, Thunder 2: Sean Monahan scored twice and Calgary won.\n\n"
              "Red Wings 3, Lightning 1: Dylan Larkin scored the winner.")
    assert {s.text for s in names.result_teams(doc)} == {"Flames", "Thunder", "Red Wings", "Lightning"}
    assert ("Lightning", "ORG") in labelled(doc)


def test_figures_in_a_sentence_are_no_result(nlp):
    doc = nlp("Exports rose 12, imports fell 3, and Canada gained.")
    assert names.result_teams(doc) == []


def test_nationality_adjective_the_recognizer_missed_is_a_nationality(nlp):
    doc = _parsed(nlp, ["Peruvian", "zinc", "output", "fell", "."], ["JJ", "NN", "NN", "VBD", "."],
                  [2, 2, 3, 3, 3], ["amod", "compound", "nsubj", "ROOT", "punct"])
    assert [s.text for s in names.nationality_adjectives(doc)] == ["Peruvian"]
    assert ("Peruvian", "NORP") in labelled(doc)


def test_capitalised_adjective_without_a_nationality_ending_is_no_nationality(nlp):
    doc = _parsed(nlp, ["Strong", "zinc", "output", "rose", "."], ["JJ", "NN", "NN", "VBD", "."],
                  [2, 2, 3, 3, 3], ["amod", "compound", "nsubj", "ROOT", "punct"])
    assert names.nationality_adjectives(doc) == []


def test_nationality_run_into_a_works_title_is_still_a_nationality(nlp):
    doc = Doc(nlp.vocab, words=["Peruvian", "March", "output", "fell", "."], tags=["JJ", "NNP", "NN", "VBD", "."],
              heads=[2, 2, 3, 3, 3], deps=["compound", "compound", "nsubj", "ROOT", "punct"],
              ents=["B-WORK_OF_ART", "I-WORK_OF_ART", "O", "O", "O"], sent_starts=[True, False, False, False, False])
    assert [s.text for s in names.nationality_adjectives(doc)] == ["Peruvian"]
