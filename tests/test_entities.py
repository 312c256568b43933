import csv

import pandas as pd
import pytest

from pipeline.entities import ALIASES_PATH, article_keys, build_entities, entity_key, slugify

S = "src-0000000000000001"
T = "src-0000000000000002"


def mentions(rows):
    return pd.DataFrame([{"source_id": s, "start": a, "end": a + len(t), "text": t, "label": l,
                          "sentence_index": 0, "roles": r} for s, a, t, l, r in rows])


def at(body: str, text: str, nth: int = 0) -> int:
    pos = -1
    for _ in range(nth + 1):
        pos = body.index(text, pos + 1)
    return pos


def _alias_rows():
    with open(ALIASES_PATH, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(line for line in fh if not line.startswith("#")))


@pytest.mark.parametrize("row", _alias_rows(), ids=lambda r: r["alias"])
def test_alias_entry_resolves_to_its_canonical_entity(row):
    # each alias, found in its example sentence, is the canonical entity of the aliases file
    body = row["example"]
    start = at(body, row["alias"])
    ents, ments = build_entities(mentions([(S, start, row["alias"], row["type"], [])]), {S: body})
    assert ments["entity_id"].tolist() == [f"{row['type'].lower()}/{slugify(row['name'])}"]
    assert ents.iloc[0]["name"] == row["name"]


def test_short_company_name_joins_its_full_name_in_the_article():
    body = "Northgate Exploration Ltd said workers returned. Northgate produced gold."
    ents, ments = build_entities(mentions([(S, 0, "Northgate Exploration Ltd", "ORG", []),
                                           (S, at(body, "Northgate", 1), "Northgate", "PERSON", [])]), {S: body})
    assert ents["entity_id"].tolist() == ["org/northgate-exploration-ltd"]
    assert ents.iloc[0]["aliases"] == ["Northgate"]


def test_head_word_joins_the_one_institution_it_shortens():
    body = "The Bank of France held no tender. At the tenders the Bank injects liquidity."
    keys = article_keys([(4, 19, "Bank of France", "ORG"), (at(body, "Bank", 1), at(body, "Bank", 1) + 4, "Bank", "ORG")])
    assert keys == ["bank of france", "bank of france"]


def test_surname_goes_to_the_full_name_introduced_before_it():
    body = "CEO Tim Cook spoke. Cook said so. Hosting Cook was a dream."
    rows = [(4, 12, "Tim Cook", "PERSON"), (20, 24, "Cook", "PERSON"), (34, 46, "Hosting Cook", "PERSON")]
    assert article_keys(rows, body)[1] == "tim cook"


def test_country_is_not_short_for_a_company_named_after_it():
    rows = [(0, 5, "Japan", "GPE"), (20, 34, "Japan Airlines", "ORG")]
    assert article_keys(rows) == ["japan", "japan airlines"]


def test_acronym_in_parentheses_joins_the_name_before_it():
    body = "the Ministry of Trade, Industry and Energy (MOTIE) said. MOTIE added."
    name = "Ministry of Trade, Industry and Energy"
    rows = [(4, 4 + len(name), name, "ORG"), (at(body, "MOTIE"), at(body, "MOTIE") + 5, "MOTIE", "ORG"),
            (at(body, "MOTIE", 1), at(body, "MOTIE", 1) + 5, "MOTIE", "ORG")]
    keys = article_keys(rows, body)
    assert keys[1] == keys[2] == keys[0]


def test_acronym_joins_a_name_of_the_article_with_its_initials():
    rows = [(0, 22, "Asian Development Bank", "ORG"), (60, 63, "ADB", "ORG")]
    assert article_keys(rows) == ["asian development bank", "asian development bank"]


def test_company_suffix_stays_in_the_key_and_makes_the_entity_an_organisation():
    assert entity_key("Japan Inc") != entity_key("Japan")
    ents, _ = build_entities(mentions([(S, 0, "Carson Pirie Scott and Co", "ORG", []),
                                       (S, 40, "Carson", "PERSON", []), (S, 60, "Carson", "PERSON", [])]))
    assert ents["entity_id"].tolist() == ["org/carson-pirie-scott-and-co"]


def test_type_is_the_majority_of_the_mentions():
    ents, _ = build_entities(mentions([(S, 0, "Mason Rudolph", "ORG", []), (S, 30, "Rudolph", "PERSON", []),
                                       (S, 50, "Rudolph", "PERSON", [])]))
    assert ents["entity_id"].tolist() == ["person/mason-rudolph"]


def test_capitalised_common_word_at_sentence_starts_is_not_an_entity():
    bodies = {S: "Exports rose 5 pct. Exports of cars fell.", T: "Japan said exports would rise."}
    ents, ments = build_entities(mentions([(S, 0, "Exports", "ORG", []), (S, 20, "Exports", "ORG", []),
                                           (T, 0, "Japan", "GPE", [])]), bodies)
    assert ents["entity_id"].tolist() == ["gpe/japan"]
    assert len(ments) == 1


def test_name_opening_a_result_line_is_kept_even_if_also_a_word():
    bodies = {S: "Late games.\nHawks 3, Rangers 1: Ruiz scored twice.", T: "Two hawks circled the field."}
    ents, _ = build_entities(mentions([(S, 12, "Hawks", "ORG", []), (S, 22, "Rangers", "ORG", [])]), bodies)
    assert "org/hawks" in ents["entity_id"].tolist()


def test_name_used_inside_a_sentence_is_kept_even_if_also_a_word():
    bodies = {S: "Cook said sales rose. Sales rose, Cook said.", T: "They cook rice."}
    ents, _ = build_entities(mentions([(S, 0, "Cook", "PERSON", []), (S, at(bodies[S], "Cook", 1), "Cook", "PERSON", [])]),
                             bodies)
    assert ents["entity_id"].tolist() == ["person/cook"]


def test_surname_in_another_article_stays_apart_without_a_shared_role():
    ents, ments = build_entities(mentions([(S, 0, "John Baker", "PERSON", ["Treasury Secretary"]),
                                           (T, 0, "Baker", "PERSON", ["coach"])]))
    assert sorted(ents["entity_id"]) == ["person/baker", "person/john-baker"]


def test_surname_in_another_article_joins_when_the_role_agrees():
    ents, ments = build_entities(mentions([(S, 0, "John Baker", "PERSON", ["Treasury Secretary"]),
                                           (T, 0, "Baker", "PERSON", ["Treasury Secretary"])]))
    assert ents["entity_id"].tolist() == ["person/john-baker"]


def test_entity_ids_do_not_change_when_unrelated_articles_are_added():
    article = [(S, 0, "Maria Gomez", "PERSON", ["Finance Minister"]), (S, 30, "Gomez", "PERSON", []),
               (S, 50, "Fed", "ORG", []), (S, 70, "Petrobras", "ORG", [])]
    unrelated = [(T, 0, "Luis Gomez", "PERSON", ["striker"]), (T, 20, "Gomez", "PERSON", []),
                 (T, 40, "Federal Reserve Bank of Dallas", "ORG", []), (T, 80, "Acme Inc", "ORG", [])]
    _, alone = build_entities(mentions(article))
    _, together = build_entities(mentions(article + unrelated))
    assert together[together["source_id"] == S]["entity_id"].tolist() == alone["entity_id"].tolist()


def test_entities_do_not_depend_on_the_row_order_of_the_mentions():
    # "Gomez" follows two full names, so neither is the one it stands for, whatever the row order
    rows = [(S, 0, "Maria Gomez", "PERSON", ["Finance Minister"]), (S, 12, "Luis Gomez", "PERSON", []),
            (S, 30, "Gomez", "PERSON", []), (S, 60, "Luis Gomez", "PERSON", []),
            (S, 80, "Chase Manhattan Bank", "ORG", []), (S, 110, "Bank", "ORG", []),
            (T, 0, "Gomez", "PERSON", ["striker"]), (T, 20, "Acme Inc", "ORG", []),
            (T, 40, "Acme", "ORG", []), (T, 60, "Trump", "ORG", []), (T, 70, "Donald Trump", "PERSON", [])]
    ents, ments = build_entities(mentions(rows))
    shuffled = mentions(rows[::-1])
    ents2, ments2 = build_entities(shuffled)
    pd.testing.assert_frame_equal(ents2, ents)
    pd.testing.assert_frame_equal(ments2, ments)


def test_full_name_tagged_person_outweighs_a_mistagged_surname():
    ents, _ = build_entities(mentions([(S, 0, "Donald Trump", "PERSON", []), (S, 30, "Trump", "ORG", []),
                                       (S, 50, "Trump", "ORG", [])]))
    assert ents["entity_id"].tolist() == ["person/donald-trump"]


def test_head_noun_of_a_named_organisation_joins_it():
    rows = [(0, 21, "Chase Manhattan Bank", "ORG"), (40, 44, "Bank", "ORG")]
    assert article_keys(rows) == ["chase manhattan bank", "chase manhattan bank"]


def test_company_name_with_suffix_joins_the_bare_name_of_another_article():
    ents, ments = build_entities(mentions([(S, 0, "General Motors Corp", "ORG", []),
                                           (T, 0, "General Motors", "ORG", []), (T, 40, "General Motors", "ORG", [])]))
    assert ents["entity_id"].tolist() == ["org/general-motors"]
    assert ents["n_sources"].tolist() == [2] and ents["aliases"].tolist() == [["General Motors Corp"]]


def test_company_suffix_does_not_join_a_place_of_another_article():
    ents, _ = build_entities(mentions([(S, 0, "Japan Inc", "ORG", []), (T, 0, "Japan", "GPE", [])]))
    assert sorted(ents["entity_id"]) == ["gpe/japan", "org/japan-inc"]


def test_name_keeps_its_own_apostrophe_s_only_when_always_written_with_it():
    body = "Moody's said it cut the rating. Moody's rating is now B. West Germany's said. West Germany rose."
    ents, _ = build_entities(mentions([(S, at(body, "Moody's"), "Moody's", "ORG", []),
                                       (S, at(body, "Moody", 1), "Moody", "ORG", []),
                                       (S, at(body, "West Germany's"), "West Germany's", "GPE", []),
                                       (S, at(body, "West Germany", 1), "West Germany", "GPE", [])]), {S: body})
    assert sorted(ents["name"]) == ["Moody's", "West Germany"]


def test_name_only_ever_written_as_a_possessive_keeps_no_apostrophe_s():
    body = "Narendra Modi's visit began. Modi's aides said so."
    ents, _ = build_entities(mentions([(S, at(body, "Narendra Modi"), "Narendra Modi", "PERSON", []),
                                       (S, at(body, "Modi", 1), "Modi", "PERSON", [])]), {S: body})
    assert ents["name"].tolist() == ["Narendra Modi"]


def test_one_word_person_written_in_lowercase_in_its_own_article_is_not_an_entity():
    body = "Officials said Bird flu had spread. The bird was found on a farm owned by Alder."
    ents, _ = build_entities(mentions([(S, at(body, "Bird"), "Bird", "PERSON", []),
                                       (S, at(body, "Alder"), "Alder", "PERSON", [])]), {S: body})
    assert ents["name"].tolist() == ["Alder"]


def test_company_named_by_a_common_word_is_kept():
    body = "Shares of Apple rose after the apple harvest report."
    ents, _ = build_entities(mentions([(S, at(body, "Apple"), "Apple", "ORG", [])]), {S: body})
    assert ents["name"].tolist() == ["Apple"]


def test_comma_inside_a_company_name_does_not_split_the_entity():
    ents, _ = build_entities(mentions([(S, 0, "Goldman, Sachs and Co", "ORG", []),
                                       (T, 0, "Goldman Sachs", "ORG", [])]))
    assert ents["entity_id"].tolist() == ["org/goldman-sachs"]


def test_plural_of_a_nationality_is_the_same_group_entity():
    body = "A Ukrainian official met the visiting Ukrainians in Kyiv."
    rows = [(2, 11, "Ukrainian", "NORP"), (at(body, "Ukrainians"), at(body, "Ukrainians") + 10, "Ukrainians", "NORP")]
    assert article_keys(rows, body) == ["ukrainian", "ukrainian"]


def test_plural_in_ans_folds_even_alone_so_articles_share_the_entity():
    ents, _ = build_entities(mentions([(S, 0, "African Americans", "NORP", []), (T, 0, "African American", "NORP", [])]))
    assert ents["entity_id"].tolist() == ["norp/african-american"] and ents.iloc[0]["n_sources"] == 2


def test_group_word_in_is_keeps_its_s_without_its_singular_in_the_article():
    # "Artemis" (a programme the tagger typed NORP) is not the plural of "Artemi"
    assert article_keys([(10, 17, "Artemis", "NORP")]) == ["artemis"]


def test_swiss_is_not_a_plural():
    body = "The Swiss franc rose. Swiss banks said so."
    assert article_keys([(4, 9, "Swiss", "NORP"), (22, 27, "Swiss", "NORP")], body) == ["swiss", "swiss"]


def test_party_plural_and_adjective_join_the_party_member_word():
    body = "Democratic candidates met. The Democrats on stage agreed with the Democrat who led."
    rows = [(0, 10, "Democratic", "NORP"), (at(body, "Democrats"), at(body, "Democrats") + 9, "Democrats", "NORP"),
            (at(body, "Democrat "), at(body, "Democrat ") + 8, "Democrat", "NORP")]
    assert article_keys(rows, body) == ["democrat"] * 3


def test_surname_joins_a_full_name_written_with_a_generational_suffix():
    body = "James P. Kennedy Jr., the U.S. attorney, spoke. Kennedy said the case was closed."
    rows = [(0, 19, "James P. Kennedy Jr.", "PERSON"), (at(body, "Kennedy", 1), at(body, "Kennedy", 1) + 7, "Kennedy", "PERSON")]
    assert article_keys(rows, body) == ["james p kennedy jr", "james p kennedy jr"]


def test_one_person_written_with_a_short_first_name_and_a_middle_initial_is_one_entity():
    body = "Patrick W. Carlineo pleaded guilty. Pat Carlineo, 55, lives in Addison. Patrick Carlineo Jr. was sentenced."
    rows = [(0, 19, "Patrick W. Carlineo", "PERSON"), (at(body, "Pat Carlineo"), at(body, "Pat Carlineo") + 12, "Pat Carlineo", "PERSON"),
            (at(body, "Patrick Carlineo Jr."), at(body, "Patrick Carlineo Jr.") + 20, "Patrick Carlineo Jr.", "PERSON")]
    assert set(article_keys(rows, body)) == {"patrick w carlineo"}


def test_two_people_with_one_surname_and_different_first_names_stay_apart():
    body = "Joe Biden spoke. Hunter Biden sat on the board."
    rows = [(0, 9, "Joe Biden", "PERSON"), (17, 29, "Hunter Biden", "PERSON")]
    assert article_keys(rows, body) == ["joe biden", "hunter biden"]


def test_surname_spelled_one_letter_differently_joins_the_full_name():
    body = "President Volodymyr Zelenskiy met envoys. Zelensky said he would act."
    rows = [(10, 29, "Volodymyr Zelenskiy", "PERSON"), (at(body, "Zelensky "), at(body, "Zelensky ") + 8, "Zelensky", "PERSON")]
    assert article_keys(rows, body) == ["volodymyr zelenskiy", "volodymyr zelenskiy"]


def test_short_surnames_one_letter_apart_are_different_people():
    body = "John Mayer sang. Meyer said it was loud."
    rows = [(0, 10, "John Mayer", "PERSON"), (17, 22, "Meyer", "PERSON")]
    assert article_keys(rows, body) == ["john mayer", "meyer"]


def test_generic_head_noun_alone_is_not_an_entity():
    body = "Investors said the Street expected a cut. The Bank did not comment."
    ents, _ = build_entities(mentions([(S, at(body, "Street"), "Street", "GPE", []), (S, at(body, "Bank"), "Bank", "ORG", [])]),
                             {S: body})
    assert ents.empty


def test_generic_head_noun_that_shortens_a_name_of_its_article_is_kept():
    body = "The Bank of Norway held rates. The Bank said inflation was easing."
    ents, ments = build_entities(mentions([(S, 4, "Bank of Norway", "ORG", []), (S, at(body, "Bank", 1), "Bank", "ORG", [])]),
                                 {S: body})
    assert ents["entity_id"].tolist() == ["org/bank-of-norway"] and len(ments) == 2


def test_inner_words_of_an_organisation_name_join_it():
    body = "The American Grain Growers Federation testified. Grain Growers experts went to Ottawa."
    rows = [(4, 38, "American Grain Growers Federation", "ORG"), (at(body, "Grain Growers", 1), at(body, "Grain Growers", 1) + 13, "Grain Growers", "ORG")]
    assert article_keys(rows, body) == ["american grain growers federation"] * 2


def test_name_at_the_end_of_a_fused_span_is_not_its_short_form():
    body = "NASA picked Starship, Blue Origin and others. Blue Origin said it was pleased."
    rows = [(12, 32, "Starship, Blue Origin", "ORG"), (at(body, "Blue Origin", 1), at(body, "Blue Origin", 1) + 11, "Blue Origin", "ORG")]
    assert article_keys(rows, body)[1] == "blue origin"


def test_misspelt_company_name_joins_the_spelling_written_first():
    body = "Welt Fargon and Co agreed to buy the unit. Welts Fargon said the deal adds assets."
    rows = [(0, 18, "Welt Fargon and Co", "ORG"), (at(body, "Welts Fargon"), at(body, "Welts Fargon") + 12, "Welts Fargon", "ORG")]
    assert article_keys(rows, body) == ["welt fargon and co"] * 2


def test_acronym_joins_a_company_name_written_with_its_suffix():
    body = "The National Association of Grain Brokers Inc fined him. NAGB's board agreed."
    rows = [(4, 45, "National Association of Grain Brokers Inc", "ORG"), (at(body, "NAGB"), at(body, "NAGB") + 4, "NAGB", "ORG")]
    assert article_keys(rows, body)[1] == "national association of grain brokers inc"


def test_acronym_joins_the_name_it_spells_not_a_longer_name_it_opens():
    body = "Northern Bottling Works Ltd opened NBW Retail, its new unit. NBW said sales rose."
    rows = [(0, 27, "Northern Bottling Works Ltd", "ORG"), (at(body, "NBW Retail"), at(body, "NBW Retail") + 10, "NBW Retail", "ORG"),
            (at(body, "NBW", 1), at(body, "NBW", 1) + 3, "NBW", "ORG")]
    assert article_keys(rows, body) == ["northern bottling works ltd", "nbw retail", "northern bottling works ltd"]


def test_acronym_without_a_spelled_out_name_joins_the_name_it_opens():
    body = "NBW Retail opened a store. NBW said sales rose."
    rows = [(0, 10, "NBW Retail", "ORG"), (at(body, "NBW", 1), at(body, "NBW", 1) + 3, "NBW", "ORG")]
    assert article_keys(rows, body) == ["nbw retail", "nbw retail"]


def test_name_split_at_its_and_joins_the_whole_name_of_the_article():
    body = "Fees rose at Parks and Wildlife Service. Later Parks and Wildlife Service said no."
    second = at(body, "Parks", 1)
    rows = [(13, 39, "Parks and Wildlife Service", "ORG"), (second, second + 5, "Parks", "ORG"),
            (second + 10, second + 26, "Wildlife Service", "ORG")]
    assert article_keys(rows, body) == ["parks and wildlife service"] * 3


def test_two_names_joined_by_and_stay_two_when_never_written_together():
    body = "Acme Foods and Wildlife Service signed a deal."
    rows = [(0, 10, "Acme Foods", "ORG"), (15, 31, "Wildlife Service", "ORG")]
    assert article_keys(rows, body) == ["acme foods", "wildlife service"]


def test_country_prefix_of_a_long_institution_name_is_folded_in_its_key():
    assert entity_key("U.S. Capitol Police") == entity_key("Capitol Police") == "capitol police"


def test_country_prefix_of_a_one_word_name_stays_in_its_key():
    # "U.S. Steel" is not any "Steel"
    assert entity_key("U.S. Steel") == "us steel"


def test_capitals_lead_in_word_written_in_lowercase_elsewhere_is_not_an_entity():
    bodies = {S: "SPEND a day at the fair. ATTEND the talk.", T: "Visitors spend more and attend talks. NASA said so."}
    ents, _ = build_entities(mentions([(S, 0, "SPEND", "ORG", []), (S, at(bodies[S], "ATTEND"), "ATTEND", "ORG", []),
                                       (T, at(bodies[T], "NASA"), "NASA", "ORG", [])]), bodies)
    assert ents["entity_id"].tolist() == ["org/nasa"]


def test_mentions_grouped_by_key_keep_row_order_and_first_appearance_of_keys():
    # the rules read a key's mentions in row order ("the first form seen"), keys in order of appearance
    from pipeline.entities import _by_key

    rows = [("b", S, 5, "Beta", ["speaker"]), ("a", T, 1, "Alpha", []), ("b", T, 9, "Beta Corp", []),
            ("a", S, 2, "alpha", ["quoted", "speaker"]), ("c", S, 7, "Gamma", [])]
    m = pd.DataFrame([{"key": k, "source_id": s, "start": a, "end": a + len(t), "text": t, "label": "ORG",
                       "roles": r, "initial": False, "lower_in_article": False, "apostrophe_s_after": i == 2}
                      for i, (k, s, a, t, r) in enumerate(rows)])
    groups = _by_key(m)
    assert list(groups) == ["b", "a", "c"]
    assert groups["b"].text == ["Beta", "Beta Corp"] and groups["b"].source_id == [S, T]
    assert groups["a"].roles == [[], ["quoted", "speaker"]] and groups["a"].start == [1, 2]
    assert groups["b"].apostrophe_s_after == [False, True]
    assert all(isinstance(v, int) for v in groups["a"].end)
    assert _by_key(m.iloc[:0]) == {}


def test_abbreviation_of_a_compound_name_joins_it():
    rows = [(0, 11, "Lufthansa", "ORG"), (30, 32, "LH", "ORG")]
    assert article_keys(rows) == ["lufthansa", "lufthansa"]


def test_abbreviation_whose_letter_only_ends_the_name_stays_apart():
    rows = [(0, 6, "Google", "ORG"), (30, 32, "GE", "ORG")]
    assert article_keys(rows) == ["google", "ge"]


def test_company_written_with_two_suffixes_is_one_company():
    rows = [(0, 18, "Harbor Freight Inc.", "ORG"), (40, 68, "Harbor Freight Incorporated", "ORG")]
    assert article_keys(rows) == ["harbor freight inc", "harbor freight inc"]


def test_initials_join_the_full_name_with_that_first_letter():
    rows = [(0, 14, "Martha Okafor", "PERSON"), (30, 44, "M. A. Okafor", "PERSON"), (50, 60, "P. Okafor", "PERSON")]
    keys = article_keys(rows)
    assert keys[1] == keys[0] == "martha okafor" and keys[2] != keys[0]


def test_brand_alone_does_not_join_its_product():
    rows = [(0, 6, "Zorvo", "ORG"), (20, 34, "Zorvo Beam 4", "PRODUCT")]
    assert article_keys(rows) == ["zorvo", "zorvo beam 4"]


def test_product_named_without_its_brand_joins_the_full_name():
    rows = [(0, 18, "Zorvo Beam Mini", "PRODUCT"), (40, 49, "Beam Mini", "ORG")]
    assert article_keys(rows) == ["zorvo beam mini", "zorvo beam mini"]


def test_name_opened_by_an_acronym_joins_the_spelled_out_name():
    rows = [(0, 30, "Andean Trade Council Secretariat", "ORG"), (50, 63, "ATC Secretariat", "ORG")]
    assert article_keys(rows) == ["andean trade council secretariat"] * 2


def test_acronym_with_more_letters_of_a_word_joins_the_name_it_spells():
    body = "Delegates of the International Sugar Organization met. The ISUO talks went on."
    name = "International Sugar Organization"
    rows = [(at(body, name), at(body, name) + len(name), name, "ORG"), (at(body, "ISUO"), at(body, "ISUO") + 4, "ISUO", "GPE")]
    assert article_keys(rows, body)[1] == "international sugar organization"


def test_acronym_whose_letters_skip_a_word_joins_no_name():
    body = "Delegates of the International Sugar Organization met. The IXO talks went on."
    name = "International Sugar Organization"
    rows = [(at(body, name), at(body, name) + len(name), name, "ORG"), (at(body, "IXO"), at(body, "IXO") + 3, "IXO", "ORG")]
    assert article_keys(rows, body)[1] == "ixo"


def test_the_administration_alone_is_not_an_entity():
    body = "The senator urged the Administration to act on prices."
    ents, _ = build_entities(mentions([(S, at(body, "Administration"), "Administration", "ORG", [])]), {S: body})
    assert ents.empty


def test_written_lowercase_is_the_word_with_no_word_character_or_hyphen_beside_it():
    import random
    import re

    from pipeline.entities import _written_lowercase_in
    assert _written_lowercase_in("the apple fell", "apple")
    assert not _written_lowercase_in("pineapple and apple-pie, apples, apple_x, apple2", "apple")
    assert _written_lowercase_in("apple", "apple") and _written_lowercase_in("(apple)", "apple")
    assert not _written_lowercase_in("\u00e9apple", "apple")  # a non-ASCII letter is a word character
    rng = random.Random(7)
    alphabet = "ab -_\u00e9.2"
    for _ in range(3000):
        body = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        word = "".join(rng.choice("ab") for _ in range(rng.randint(1, 3)))
        expected = re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", body) is not None
        assert _written_lowercase_in(body, word) == expected, (body, word)


def test_a_possessive_short_form_joins_the_company_it_opens():
    rows = [(0, 30, "Halloran's Ratings Service Inc", "ORG"), (90, 100, "Halloran's", "ORG")]
    keys = article_keys(rows)
    assert keys[1] == keys[0]


def test_a_short_form_joins_a_company_written_with_and_without_its_suffix():
    rows = [(0, 31, "Brookfield Guard Services Inc", "ORG"), (60, 87, "Brookfield Guard Services", "ORG"),
            (120, 136, "Brookfield Guard", "ORG")]
    keys = article_keys(rows)
    assert keys[2] == keys[1] == keys[0]


def test_a_short_form_of_two_different_companies_stays_apart():
    rows = [(0, 22, "Brookfield Guard Corp", "ORG"), (40, 66, "Brookfield Guard Trust Ltd", "ORG"),
            (120, 136, "Brookfield Guard", "ORG")]
    assert article_keys(rows)[2] == "brookfield guard"


def _keys_of(body, named):
    """article_keys of (text, label) mentions found in order in `body`."""
    rows, pos = [], 0
    for text, label in named:
        start = body.index(text, pos)
        rows.append((start, start + len(text), text, label))
        pos = start + 1
    return article_keys(rows, body)


def test_short_form_of_several_names_stands_for_the_company_with_a_suffix():
    body = ("Harwick Industries Inc said it will close the Harwick Marine plant. "
            "Harwick said the plant had lost money.")
    keys = _keys_of(body, [("Harwick Industries Inc", "ORG"), ("Harwick Marine", "ORG"), ("Harwick", "PERSON")])
    assert keys[2] == "harwick industries inc"


def test_short_form_of_several_companies_stands_for_the_one_named_first():
    body = ("Tolland Holdings Corp expects higher spending, said the head of its unit, Tolland Trucks Corp. "
            "Tolland intends to cut costs.")
    keys = _keys_of(body, [("Tolland Holdings Corp", "ORG"), ("Tolland Trucks Corp", "ORG"), ("Tolland", "PERSON")])
    assert keys[2] == "tolland holdings corp"


def test_short_form_with_its_own_suffixed_name_stands_for_that_name():
    body = "Brenmore Bedding Co of Ohio Inc sold plants to Brenmore Inc. Brenmore said the deal closed."
    keys = _keys_of(body, [("Brenmore Bedding Co of Ohio Inc", "ORG"), ("Brenmore Inc", "ORG"), ("Brenmore", "ORG")])
    assert keys[2] == "brenmore inc"


def test_short_form_stays_apart_when_a_person_shares_it():
    body = "Vance Motor Co hired Paul Vance. Vance Parts Corp agreed. Vance said he was pleased."
    keys = _keys_of(body, [("Vance Motor Co", "ORG"), ("Paul Vance", "PERSON"), ("Vance Parts Corp", "ORG"),
                           ("Vance", "PERSON")])
    assert keys[3] != "vance motor co"


def _rows(body, forms):
    """(start, end, text, label) of each (text, label, nth occurrence) in `body`."""
    return [(at(body, t, n), at(body, t, n) + len(t), t, label) for t, label, n in forms]


def test_maker_named_before_its_service_stays_apart_from_it():
    # "Orbix" alone first, then its "Orbix Cloud" service: the maker and the service are two entities
    body = "Orbix entered the market last year. Its Orbix Cloud service now has rivals, and Orbix said so."
    rows = _rows(body, [("Orbix", "ORG", 0), ("Orbix Cloud", "ORG", 0), ("Orbix", "ORG", 2)])
    assert article_keys(rows, body) == ["orbix", "orbix cloud", "orbix"]


def test_short_name_after_the_full_name_still_joins_it():
    body = "Delmar Freight Lines carried the cargo. Delmar said it would carry more."
    rows = _rows(body, [("Delmar Freight Lines", "ORG", 0), ("Delmar", "ORG", 1)])
    assert article_keys(rows, body) == ["delmar freight lines", "delmar freight lines"]


def test_company_named_before_its_name_with_a_suffix_is_one_company():
    body = "Kestrel raised prices. Kestrel Holdings Inc said demand was strong."
    rows = _rows(body, [("Kestrel", "ORG", 0), ("Kestrel Holdings Inc", "ORG", 0)])
    keys = article_keys(rows, body)
    assert keys[0] == keys[1]


def test_company_named_before_a_subsidiary_named_after_a_region_stays_apart():
    body = "Kestrel raised prices. Kestrel North America Inc. said demand was strong."
    rows = _rows(body, [("Kestrel", "ORG", 0), ("Kestrel North America Inc.", "ORG", 0)])
    keys = article_keys(rows, body)
    assert keys[0] != keys[1]


def test_institution_named_before_its_name_with_its_head_noun_is_one_body():
    body = "Ports Authority staff met on Monday. The Ports Authority Department later said no."
    rows = _rows(body, [("Ports Authority", "ORG", 0), ("Ports Authority Department", "ORG", 0)])
    keys = article_keys(rows, body)
    assert keys[0] == keys[1]


def test_product_line_named_before_its_model_still_joins_it():
    body = "Zenbuds sold well. The new Zenbuds Max came out in May."
    rows = _rows(body, [("Zenbuds", "PRODUCT", 0), ("Zenbuds Max", "PRODUCT", 0)])
    keys = article_keys(rows, body)
    assert keys[0] == keys[1]


def test_name_run_on_with_a_common_noun_still_joins_its_short_form():
    body = "Fields of Amber sold well. The Fields of Amber series ended in May."
    rows = _rows(body, [("Fields of Amber", "ORG", 0), ("Fields of Amber series", "ORG", 0)])
    keys = article_keys(rows, body)
    assert keys[0] == keys[1]
