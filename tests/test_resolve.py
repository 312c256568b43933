import pandas as pd

from pipeline.resolve import (
    build_entities, build_figures, claim_signature, cluster_claims, link_speakers, normalize_name,
)

S = "src-0000000000000001"
T = "src-0000000000000002"


def mentions(rows):
    return pd.DataFrame([{"source_id": s, "start": a, "end": b, "text": t, "label": l,
                          "sentence_index": 0, "roles": r} for s, a, b, t, l, r in rows])


def test_normalize_name_folds_dots_articles_and_possessives():
    assert normalize_name("the U.S.") == normalize_name("US") == "us"
    assert normalize_name("Smith's") == "smith"


def test_abbreviation_and_full_name_are_one_entity():
    ents, ments = build_entities(mentions([(S, 0, 4, "U.S.", "GPE", []), (S, 10, 23, "United States", "GPE", []),
                                           (T, 0, 3, "USA", "GPE", [])]))
    assert ents["entity_id"].tolist() == ["gpe/united-states"]
    assert ents.iloc[0]["n_mentions"] == 3 and ents.iloc[0]["n_sources"] == 2
    assert sorted(ents.iloc[0]["aliases"]) == ["U.S.", "USA"]


def test_surname_joins_full_person_even_if_mistagged():
    ents, ments = build_entities(mentions([(S, 0, 11, "Maria Gomez", "PERSON", ["Finance Minister"]),
                                           (T, 5, 10, "Gomez", "ORG", [])]))
    assert ents["entity_id"].tolist() == ["person/maria-gomez"]
    assert set(ments["entity_id"]) == {"person/maria-gomez"}
    assert ents.iloc[0]["roles"] == ["Finance Minister"]


def test_ambiguous_surname_stays_separate():
    ents, _ = build_entities(mentions([(S, 0, 9, "John Park", "PERSON", []), (S, 20, 29, "Mary Park", "PERSON", []),
                                       (S, 40, 44, "Park", "PERSON", [])]))
    assert "person/park" in set(ents["entity_id"])


def test_mention_ids_are_derived_from_source_and_offsets():
    _, ments = build_entities(mentions([(S, 3, 8, "Japan", "GPE", [])]))
    assert ments.iloc[0]["mention_id"] == f"{S}:m:3-8"


def test_speaker_links_to_person_in_phrase_and_pronoun_to_previous_speaker():
    ments = pd.DataFrame([
        {"source_id": S, "start": 0, "end": 11, "entity_id": "person/maria-gomez"},
        {"source_id": S, "start": 60, "end": 66, "entity_id": "gpe/brazil"},
    ])
    claims = pd.DataFrame([
        {"source_id": S, "start": 20, "speaker": "Maria Gomez", "speaker_start": 0, "speaker_end": 11},
        {"source_id": S, "start": 90, "speaker": "she", "speaker_start": 70, "speaker_end": 73},
        {"source_id": S, "start": 120, "speaker": "Brazilian officials", "speaker_start": 100, "speaker_end": 119},
    ])
    assert link_speakers(claims, ments).tolist() == ["person/maria-gomez", "person/maria-gomez", None]


def test_same_statement_in_two_sources_shares_a_cluster():
    texts = ["Wheat exports will rise next year", "wheat exports will rise next year.",
             "The central bank is done raising rates"]
    clusters = cluster_claims(["a:c:1-2", "b:c:1-2", "b:c:5-9"], [claim_signature(t) for t in texts], 0.6)
    assert clusters == ["a:c:1-2", "a:c:1-2", "b:c:5-9"]


def test_signature_folds_entity_aliases_and_percent_forms():
    a = claim_signature("the US would retain 90% of the profits", [(4, 6, "gpe/united-states")])
    b = claim_signature("the United States would retain 90 percent of profits", [(4, 17, "gpe/united-states")])
    assert a == b == frozenset({"gpe/united-states", "retain", "90", "percent", "profits"})


def test_negation_keeps_statements_apart():
    yes = claim_signature("Tokyo will sign the investment deal this month")
    no = claim_signature("Tokyo will not sign the investment deal this month")
    assert cluster_claims(["a", "b"], [yes, no], 0.9) == ["a", "b"]


def test_figure_takes_innermost_claim_holding_it():
    figs = pd.DataFrame([{"source_id": S, "start": 30, "end": 33, "text": "5%", "value": 5.0, "unit": "percent",
                          "kind": "percent", "qualifier": None, "change": None, "change_group": None,
                          "measure": None, "period": None, "sentence_index": 0}])
    claims = pd.DataFrame({"source_id": [S, S], "start": [10, 25], "end": [80, 40],
                           "claim_id": [f"{S}:c:10-80", f"{S}:c:25-40"]})
    assert build_figures(figs, claims).iloc[0]["claim_id"] == f"{S}:c:25-40"


def test_definite_description_speaker_refers_to_named_organisation():
    ments = pd.DataFrame([
        {"source_id": S, "start": 0, "end": 14, "entity_id": "org/reserve-bank-of-india"},
        {"source_id": S, "start": 30, "end": 38, "entity_id": "org/infosys"},
    ])
    claims = pd.DataFrame([{"source_id": S, "start": 60, "speaker": "The bank", "speaker_start": 50, "speaker_end": 58}])
    assert link_speakers(claims, ments).tolist() == ["org/reserve-bank-of-india"]


def test_it_refers_to_the_last_organisation_speaker():
    ments = pd.DataFrame([
        {"source_id": S, "start": 0, "end": 6, "entity_id": "org/nestle"},
        {"source_id": S, "start": 40, "end": 46, "entity_id": "org/danone"},
    ])
    claims = pd.DataFrame([
        {"source_id": S, "start": 10, "speaker": "Nestle", "speaker_start": 0, "speaker_end": 6},
        {"source_id": S, "start": 70, "speaker": "It", "speaker_start": 60, "speaker_end": 62},
    ])
    assert link_speakers(claims, ments).tolist() == ["org/nestle", "org/nestle"]


def test_age_description_refers_to_the_last_person():
    ments = pd.DataFrame([{"source_id": S, "start": 0, "end": 10, "entity_id": "person/lena-berg"}])
    claims = pd.DataFrame([{"source_id": S, "start": 40, "speaker": "The 61-year-old", "speaker_start": 20,
                            "speaker_end": 35}])
    assert link_speakers(claims, ments).tolist() == ["person/lena-berg"]


def test_contained_quotation_joins_the_longer_quotation():
    texts = ["our plan to rebuild the port", "our plan to rebuild the port, as we promised"]
    sigs = [claim_signature(t) for t in texts]
    assert cluster_claims(["a", "b"], sigs, 0.9, texts, [True, True]) == ["a", "a"]


def test_short_reported_phrase_does_not_chain_unrelated_claims():
    texts = ["it reached agreement with its lenders", "it reached agreement with the union on pay"]
    sigs = [claim_signature(t) for t in texts]
    assert cluster_claims(["a", "b"], sigs, 0.6, texts, [False, False]) == ["a", "b"]


def test_same_wording_about_different_parties_stays_apart():
    a = claim_signature("Acme is issuing a 100 mln dlr eurobond due 1992", [(0, 4, "org/acme")])
    b = claim_signature("Zenith is issuing a 100 mln dlr eurobond due 1992", [(0, 6, "org/zenith")])
    assert cluster_claims(["a", "b"], [a, b], 0.5) == ["a", "b"]


def test_cluster_word_floor_and_posting_cap_come_from_params():
    texts = ["Exports rose sharply", "exports rose sharply."]  # three content words each
    sigs = [claim_signature(t) for t in texts]
    assert cluster_claims(["a", "b"], sigs, 0.6) == ["a", "b"]  # default floor: 4 words
    assert cluster_claims(["a", "b"], sigs, 0.6, min_words=3) == ["a", "a"]
    # a word carried by more claims than the cap is no longer used to find candidates
    many = [frozenset({"tariff", "cars", "japan", f"w{i}"}) for i in range(4)]
    assert cluster_claims(list("abcd"), many, 0.5, max_postings=100) == ["a"] * 4
    assert cluster_claims(list("abcd"), many, 0.5, max_postings=2) == ["a", "a", "c", "d"]
