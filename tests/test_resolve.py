from pathlib import Path

import pandas as pd
import pytest

from pipeline.resolve import (
    build_entities, build_figures, claim_signature, cluster_claims, cluster_claims_incremental, link_speakers,
    normalize_name,
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


def test_surname_joins_full_person_of_its_article_even_if_mistagged():
    ents, ments = build_entities(mentions([(S, 0, 11, "Maria Gomez", "PERSON", ["Finance Minister"]),
                                           (S, 30, 35, "Gomez", "ORG", [])]))
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


def test_speaker_links_to_person_in_phrase_or_to_the_referenced_mention():
    ments = pd.DataFrame([
        {"source_id": S, "start": 0, "end": 11, "entity_id": "person/maria-gomez"},
        {"source_id": S, "start": 60, "end": 66, "entity_id": "gpe/brazil"},
    ])
    claims = pd.DataFrame([
        {"source_id": S, "start": 20, "speaker": "Maria Gomez", "speaker_start": 0, "speaker_end": 11,
         "speaker_basis": "name", "speaker_ref_start": 0, "speaker_ref_end": 11},
        {"source_id": S, "start": 90, "speaker": "she", "speaker_start": 70, "speaker_end": 73,
         "speaker_basis": "pronoun", "speaker_ref_start": 0, "speaker_ref_end": 11},
        {"source_id": S, "start": 120, "speaker": "Brazilian officials", "speaker_start": 100, "speaker_end": 119,
         "speaker_basis": "description", "speaker_ref_start": None, "speaker_ref_end": None},
    ])
    assert link_speakers(claims, ments).tolist() == ["person/maria-gomez", "person/maria-gomez", None]


def test_unresolved_pronoun_links_to_no_entity():
    ments = pd.DataFrame([{"source_id": S, "start": 0, "end": 11, "entity_id": "person/maria-gomez"}])
    claims = pd.DataFrame([{"source_id": S, "start": 90, "speaker": "he", "speaker_start": 70, "speaker_end": 72,
                            "speaker_basis": "unresolved", "speaker_ref_start": None, "speaker_ref_end": None}])
    assert link_speakers(claims, ments).tolist() == [None]


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
                          "kind": "percent", "unit_text": "%", "low": None, "high": None, "base_value": 5.0,
                          "base_unit": "percent", "qualifier": None, "change": None, "change_group": None,
                          "measure": None, "period": None, "sentence_index": 0}])
    claims = pd.DataFrame({"source_id": [S, S], "start": [10, 25], "end": [80, 40],
                           "claim_id": [f"{S}:c:10-80", f"{S}:c:25-40"]})
    assert build_figures(figs, claims).iloc[0]["claim_id"] == f"{S}:c:25-40"


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


def test_template_statements_with_other_amounts_stay_apart():
    texts = ["The Bank of England provided 215 mln stg assistance to the money market this morning",
             "The Bank of England provided 315 mln stg assistance to the money market this morning"]
    sigs = [claim_signature(t, [(4, 19, "org/bank-of-england")]) for t in texts]
    assert cluster_claims(["a", "b"], sigs, 0.5, texts, [False, False]) == ["a", "b"]


def test_same_statement_with_the_same_amount_still_clusters():
    texts = ["The Bank of England provided 215 mln stg assistance to the money market this morning",
             "the Bank of England provided 215 mln stg assistance to the money market this morning"]
    sigs = [claim_signature(t, [(4, 19, "org/bank-of-england")]) for t in texts]
    assert cluster_claims(["a", "b"], sigs, 0.5, texts, [False, False]) == ["a", "a"]


def test_numbers_inside_names_keep_statements_apart():
    texts = ["it will appoint a trustee to oversee the Chapter 11 proceedings of the company",
             "it will appoint a trustee to oversee the two-year-old proceedings of the company"]
    sigs = [claim_signature(t) for t in texts]
    assert cluster_claims(["a", "b"], sigs, 0.5, texts, [False, False]) == ["a", "b"]


def test_cluster_word_floor_and_posting_cap_come_from_params():
    texts = ["Exports rose sharply", "exports rose sharply."]  # three content words each
    sigs = [claim_signature(t) for t in texts]
    assert cluster_claims(["a", "b"], sigs, 0.6) == ["a", "b"]  # default floor: 4 words
    assert cluster_claims(["a", "b"], sigs, 0.6, min_words=3) == ["a", "a"]
    # a word carried by more claims than the cap is no longer used to find candidates
    many = [frozenset({"tariff", "cars", "japan", f"w{i}"}) for i in range(4)]
    assert cluster_claims(list("abcd"), many, 0.5, max_postings=100) == ["a"] * 4
    assert cluster_claims(list("abcd"), many, 0.5, max_postings=2) == ["a", "a", "c", "d"]


def test_posting_cap_counts_claims_that_could_never_link():
    # two statements with other numbers fill the cap of every word; the two equal ones after
    # them find no candidates through those words
    texts = ["exports rose sharply in may by 5", "exports rose sharply in may by 6",
             "exports rose sharply in may", "Exports rose sharply in May."]
    sigs = [claim_signature(t) for t in texts]
    assert cluster_claims(list("abcd"), sigs, 0.6, texts, min_words=3, max_postings=2) == list("abcd")
    assert cluster_claims(list("abcd"), sigs, 0.6, texts, min_words=3, max_postings=4) == ["a", "b", "c", "c"]


def _random_claims(rng, n):
    vocab = ["exports", "rose", "tariff", "cars", "japan", "wheat", "bank", "rates", "not", "5", "7", "org/acme"]
    return {f"src-{rng.randrange(10**6):06d}:c:{i}": frozenset(rng.sample(vocab, rng.randint(2, 6))) for i in range(n)}


def test_incremental_clusters_equal_a_from_scratch_run_after_adding_changing_and_removing_claims():
    import random
    rng = random.Random(20261128)
    for _ in range(30):
        claims = _random_claims(rng, 40)
        ids = sorted(claims)
        _, state = cluster_claims_incremental(ids, [claims[c] for c in ids], 0.5, min_words=2, max_postings=3)
        for c in rng.sample(ids, 5):
            del claims[c]  # removed
        for c in rng.sample(sorted(claims), 3):
            claims[c] = claims[c] | {"wheat"}  # changed
        claims.update(_random_claims(rng, 6))  # added, anywhere in the order
        ids = sorted(claims)
        sigs = [claims[c] for c in ids]
        incremental, new_state = cluster_claims_incremental(ids, sigs, 0.5, min_words=2, max_postings=3, previous=state)
        scratch, scratch_state = cluster_claims_incremental(ids, sigs, 0.5, min_words=2, max_postings=3)
        assert incremental == scratch == cluster_claims(ids, sigs, 0.5, min_words=2, max_postings=3)
        assert new_state == scratch_state


def test_incremental_clusters_stay_equal_to_from_scratch_over_chained_runs_with_any_posting_cap():
    # each run starts from the state of the run before; edits move words' first holders across the cap
    import random
    rng = random.Random(20261129)
    for cap in (1, 2, 4, 50):
        claims = _random_claims(rng, 30)
        ids = sorted(claims)
        _, state = cluster_claims_incremental(ids, [claims[c] for c in ids], 0.4, min_words=2, max_postings=cap)
        for _ in range(12):
            for c in rng.sample(sorted(claims), rng.randint(0, 3)):
                del claims[c]
            for c in rng.sample(sorted(claims), rng.randint(0, 2)):
                claims[c] = claims[c] ^ {rng.choice(["wheat", "bank", "5"])}
            claims.update(_random_claims(rng, rng.randint(0, 4)))
            ids = sorted(claims)
            sigs = [claims[c] for c in ids]
            clusters, state = cluster_claims_incremental(ids, sigs, 0.4, min_words=2, max_postings=cap, previous=state)
            scratch, scratch_state = cluster_claims_incremental(ids, sigs, 0.4, min_words=2, max_postings=cap)
            assert clusters == scratch
            assert state == scratch_state


def test_unchanged_claims_far_from_the_added_ones_are_not_compared_again(monkeypatch):
    texts = ["wheat exports will rise next year", "wheat exports will rise next year.",
             "the central bank is done raising rates", "The central bank is done raising rates"]
    ids, sigs = ["a", "b", "c", "d"], [claim_signature(t) for t in texts]
    _, state = cluster_claims_incremental(ids[:3], sigs[:3], 0.6, texts[:3])
    assert state["b"][2] == ("a",)
    # b's links are read from the state, not computed again: a (deliberately) emptied list shows
    state["b"] = (state["b"][0], state["b"][1], ())
    clusters, _ = cluster_claims_incremental(ids, sigs, 0.6, texts, previous=state)
    assert clusters == ["a", "b", "c", "c"]


@pytest.fixture(scope="module")
def seed_stage_inputs(tmp_path_factory):
    """The ingest and extract stages' outputs for the seeds, in partitions of two articles."""
    import yaml

    from pipeline import extract, ingest
    root = Path(__file__).resolve().parents[1]
    work = tmp_path_factory.mktemp("stages")
    params = yaml.safe_load((root / "params.yaml").read_text())
    params["ingest"]["partition_size"] = 2
    (work / "params.yaml").write_text(yaml.safe_dump(params))
    assert ingest.main(["--inputs", str(root / "seeds"), "--params", str(work / "params.yaml"),
                        "--articles", str(work / "articles"), "--rejects", str(work / "rejects.csv")]) == 0
    assert extract.main(["--articles", str(work / "articles"), "--params", str(work / "params.yaml"),
                         "--out", str(work / "extracted"), "--errors", str(work / "errors.csv")]) == 0
    return work


def test_the_stage_writes_the_tables_of_resolve_tables_cold_and_from_its_cache(seed_stage_inputs, tmp_path):
    """The stage resolves step by step, freeing each step's inputs, and reuses its caches: its
    files are byte for byte those of resolve_tables on the whole inputs at once."""
    from pipeline.config import load_params
    from pipeline.io import write_parquet
    from pipeline.partitions import read_table
    from pipeline.resolve import main, read_articles, resolve_tables
    from pipeline.sanity import sanity_report
    work = seed_stage_inputs
    assert len(list((work / "articles").glob("part-*.parquet"))) > 1
    extracted = {name: read_table(work / "extracted", name) for name in ("mentions", "figures", "claims", "outlets")}
    tables = resolve_tables(read_articles(work / "articles"), extracted, load_params(work / "params.yaml").resolve)
    for name, df in tables.items():
        write_parquet(tmp_path / "expected" / f"{name}.parquet", df)
    expected = {p.name: p.read_bytes() for p in (tmp_path / "expected").iterdir()}
    for run, cache in (("cold", ["--cache", str(tmp_path / "cache")]), ("warm", ["--cache", str(tmp_path / "cache")]),
                       ("uncached", [])):
        out = tmp_path / run
        assert main(["--articles", str(work / "articles"), "--extracted", str(work / "extracted"),
                     "--params", str(work / "params.yaml"), "--out", str(out / "resolved"),
                     "--sanity", str(out / "sanity.md"), *cache]) == 0
        assert {p.name: p.read_bytes() for p in (out / "resolved").iterdir()} == expected, run
        assert (out / "sanity.md").read_text(encoding="utf-8") == sanity_report(tables), run


def test_the_stage_from_its_cache_equals_a_from_scratch_build_after_removing_changing_and_adding_articles(
        seed_stage_inputs, tmp_path):
    """Random rounds of edits to the stage's inputs (an ingest partition and its extracted rows
    removed or put back, a body edited, a mention dropped), each resolved with the cache of the
    round before: the files are byte for byte those of resolve_tables on the inputs of the round."""
    import random
    import shutil

    from pipeline.config import load_params
    from pipeline.io import write_parquet
    from pipeline.partitions import read_table
    from pipeline.resolve import main, read_articles, resolve_tables
    from pipeline.sanity import sanity_report
    work = seed_stage_inputs
    articles, extracted = tmp_path / "articles", tmp_path / "extracted"
    shutil.copytree(work / "articles", articles)
    shutil.copytree(work / "extracted", extracted)
    tables = [p.name for p in extracted.iterdir() if p.is_dir()]
    params = load_params(work / "params.yaml").resolve
    removed: dict[str, dict[str, bytes]] = {}
    rng = random.Random(20261128)

    def parts():
        return sorted(p.name for p in articles.glob("part-*.parquet"))

    for round_ in range(6):
        if round_:  # round 0 is the cold run
            edit = rng.choice(["remove", "body", "mention", "restore"] if removed else ["remove", "body", "mention"])
            if edit == "remove" and len(parts()) > 1:
                name = rng.choice(parts())
                removed[name] = {"articles": (articles / name).read_bytes(),
                                 **{t: (extracted / t / name).read_bytes() for t in tables}}
                (articles / name).unlink()
                for t in tables:
                    (extracted / t / name).unlink()
            elif edit == "restore" and removed:
                name = rng.choice(sorted(removed))
                saved = removed.pop(name)
                (articles / name).write_bytes(saved.pop("articles"))
                for t, data in saved.items():
                    (extracted / t / name).write_bytes(data)
            elif edit == "body":
                path = articles / rng.choice(parts())
                df = pd.read_parquet(path)
                row = rng.randrange(len(df))
                # same length, so the extracted offsets still fit: the article written in lowercase
                # (its names are then words it also writes in lowercase) or its possessive "'s" dropped
                df.loc[row, "body"] = rng.choice([
                    lambda body: "".join(c.lower() if len(c.lower()) == 1 else c for c in body),
                    lambda body: body.replace("'s ", "   ")])(df.loc[row, "body"])
                write_parquet(path, df)
            else:
                path = extracted / "mentions" / rng.choice(parts())
                df = pd.read_parquet(path)
                if len(df):
                    write_parquet(path, df.drop(index=rng.randrange(len(df))).reset_index(drop=True))
        inputs = {name: read_table(extracted, name) for name in ("mentions", "figures", "claims", "outlets")}
        expected = resolve_tables(read_articles(articles), inputs, params)
        out = tmp_path / f"round-{round_}"
        assert main(["--articles", str(articles), "--extracted", str(extracted), "--params", str(work / "params.yaml"),
                     "--out", str(out / "resolved"), "--sanity", str(out / "sanity.md"),
                     "--cache", str(tmp_path / "cache")]) == 0
        for name, df in expected.items():
            write_parquet(out / "expected" / f"{name}.parquet", df)
            assert (out / "resolved" / f"{name}.parquet").read_bytes() == \
                (out / "expected" / f"{name}.parquet").read_bytes(), (round_, name)
        assert (out / "sanity.md").read_text(encoding="utf-8") == sanity_report(expected), round_


def test_signatures_given_as_sorted_tuples_give_the_same_clusters_and_state_as_frozensets():
    # build_claims passes sorted tuples (less memory); quotes exercise the verbatim-words test
    import random
    rng = random.Random(20261130)
    for cap in (2, 50):
        claims = _random_claims(rng, 60)
        ids = sorted(claims)
        sets = [claims[c] for c in ids]
        tuples = [tuple(sorted(s)) for s in sets]
        texts = [" ".join(sorted(s)) for s in sets]
        quotes = [rng.random() < 0.5 for _ in ids]
        assert cluster_claims_incremental(ids, tuples, 0.4, texts, quotes, min_words=2, max_postings=cap) == \
            cluster_claims_incremental(ids, sets, 0.4, texts, quotes, min_words=2, max_postings=cap)
        assert cluster_claims_incremental(ids, tuples, 0.4, min_words=2, max_postings=cap) == \
            cluster_claims_incremental(ids, sets, 0.4, min_words=2, max_postings=cap)


def test_claim_signatures_as_sorted_tuples_are_the_sorted_signatures():
    from pipeline.resolve import claim_signatures
    claims = pd.DataFrame({"source_id": ["s1", "s1", "s2"], "start": [0, 30, 0], "end": [29, 60, 25],
                           "text": ["The US would retain 90% of it", "Exports did not rise, Acme said",
                                    "Wheat rose 5 pct in Japan"]})
    mentions = pd.DataFrame({"source_id": ["s1", "s1", "s2"], "start": [4, 52, 19], "end": [6, 56, 24],
                             "entity_id": ["gpe/united-states", "org/acme", "gpe/japan"]})
    sets = claim_signatures(claims, mentions)
    assert claim_signatures(claims, mentions, sorted_tuples=True) == [tuple(sorted(s)) for s in sets]
    assert "gpe/united-states" in sets[0] and "percent" in sets[0] and "not" in sets[1] and "gpe/japan" in sets[2]


def _feature_inputs():
    claims = pd.DataFrame([
        {"claim_id": f"{S}:c:0-60", "source_id": S, "start": 0, "end": 60, "kind": "reported",
         "text": "Acme said exports to Japan rose 5 pct in March, not 7 pct."},
        {"claim_id": f"{S}:c:70-110", "source_id": S, "start": 70, "end": 110, "kind": "direct_quote",
         "text": "We will not cut prices this year at all"},
        {"claim_id": f"{T}:c:0-40", "source_id": T, "start": 0, "end": 40, "kind": "reported",
         "text": "Japan's wheat imports fell three million"},
    ])
    links = pd.DataFrame([{"source_id": S, "start": 0, "end": 4, "entity_id": "org/acme"},
                          {"source_id": S, "start": 21, "end": 26, "entity_id": "gpe/japan"},
                          {"source_id": T, "start": 0, "end": 5, "entity_id": "gpe/japan"}])
    return claims, links


def test_claim_features_taken_from_the_last_run_equal_features_computed_afresh():
    from pipeline.resolve import claim_features

    claims, links = _feature_inputs()
    _, _, _, kept, reused = claim_features(claims, links)
    assert reused == 0
    # an entity renamed inside the first claim, the quote made reported speech, a claim added
    links.loc[0, "entity_id"] = "org/acme-corp"
    claims.loc[1, "kind"] = "reported"
    claims = pd.concat([claims, pd.DataFrame([{"claim_id": f"{T}:c:50-80", "source_id": T, "start": 50, "end": 80,
                                               "kind": "reported", "text": "Exports rose 5 pct in March"}])],
                       ignore_index=True)
    *again, again_kept, reused = claim_features(claims, links, kept)
    *fresh, fresh_kept, _ = claim_features(claims, links)
    assert again == fresh and again_kept == fresh_kept
    assert reused == 1  # only the third claim is as it was


def test_clusters_from_reused_features_equal_clusters_from_scratch():
    from pipeline.config import ResolveParams
    from pipeline.resolve import build_claims_incremental

    claims, links = _feature_inputs()
    raw = claims.drop(columns="claim_id").assign(cue="said", speaker=None, speaker_start=None, speaker_end=None,
                                                 speaker_basis=None, via=None, sentence_index=0)
    raw = pd.concat([raw, raw.assign(source_id="src-0000000000000003")], ignore_index=True)
    three = links.assign(source_id=links["source_id"].replace({S: "src-0000000000000003"}))
    links = pd.concat([links, three], ignore_index=True)
    first, state = build_claims_incremental(raw, links, ResolveParams())
    assert first["n_sources"].max() == 2  # the copies cluster across sources
    again, _ = build_claims_incremental(raw, links, ResolveParams(), state, state.features)
    pd.testing.assert_frame_equal(again, first)


def test_claim_features_round_trip_through_the_store_and_a_damaged_file_is_not_read(tmp_path, capsys):
    from pipeline.config import ResolveParams
    from pipeline.resolve import claim_features
    from pipeline.resolve_cache import ClusterStateStore

    claims, links = _feature_inputs()
    *_, kept, _ = claim_features(claims, links)
    store = ClusterStateStore(tmp_path, ResolveParams())
    store.save({}, kept)
    assert store.load_features() == kept
    store.features_path.write_bytes(b"not parquet")
    assert store.load_features() is None
    assert "unreadable claim features" in capsys.readouterr().err
