"""Figure groups on small hand-made tables (not the seeds)."""
import pandas as pd

from pipeline.figure_groups import group_figures, measure_words, subject_entities

COLUMNS = ["figure_id", "source_id", "start", "end", "kind", "base_unit", "base_value", "change", "measure",
           "period", "sentence_index"]


def figures(rows):
    out = []
    for i, (source, value, unit, measure, *rest) in enumerate(rows):
        change = rest[0] if rest else None
        period = rest[1] if len(rest) > 1 else None
        kind = "money" if unit.isupper() else "percent" if unit == "percent" else "other"
        out.append({"figure_id": f"{source}:f:{i}", "source_id": source, "start": 10, "end": 15, "kind": kind,
                    "base_unit": unit, "base_value": value, "change": change, "measure": measure, "period": period,
                    "sentence_index": 0})
    return pd.DataFrame(out, columns=COLUMNS)


def mentions(rows=()):
    return pd.DataFrame([{"source_id": s, "sentence_index": 0, "start": a, "end": b, "entity_id": e}
                         for s, a, b, e in rows], columns=["source_id", "sentence_index", "start", "end", "entity_id"])


EU = mentions([("src-a", 0, 5, "org/eu"), ("src-b", 0, 5, "org/eu")])


def test_two_outlets_giving_different_values_for_one_measure_disagree():
    groups, ids = group_figures(figures([("src-a", 12.0, "percent", "duty on imported steel"),
                                         ("src-b", 10.0, "percent", "duties on imported steel")]), EU, 0.5)
    assert len(groups) == 1 and bool(groups.iloc[0]["disagree"])
    assert (groups.iloc[0]["min"], groups.iloc[0]["max"], groups.iloc[0]["n_sources"]) == (10.0, 12.0, 2)
    assert ids.notna().all() and ids.nunique() == 1


def test_same_value_in_two_units_agrees_through_base_units():
    # "3 lb" and "1.36 kg" both arrive as kilograms in base_value
    groups, _ = group_figures(figures([("src-a", 1.36077711, "kilogram", "weight of the new phone"),
                                       ("src-b", 1.36, "kilogram", "new phone weight")]), EU, 0.5)
    assert len(groups) == 1 and not bool(groups.iloc[0]["disagree"])


def test_figures_of_one_source_alone_form_no_group():
    groups, ids = group_figures(figures([("src-a", 5.0, "percent", "growth forecast"),
                                         ("src-a", 6.0, "percent", "growth forecast")]), mentions(), 0.5)
    assert groups.empty and ids.isna().all()


def test_different_units_measures_or_change_roles_stay_apart():
    rows = [("src-a", 5.0, "percent", "wage growth"), ("src-b", 5.0, "USD", "wage growth"),
            ("src-c", 5.0, "percent", "steel output"), ("src-d", 5.0, "percent", "wage growth", "from")]
    m = mentions([(s, 0, 5, "gpe/france") for s in ("src-a", "src-b", "src-c", "src-d")])
    groups, _ = group_figures(figures(rows), m, 0.5)
    assert groups.empty


def test_different_named_subjects_stay_apart():
    rows = [("src-a", 2.1, "percent", "quarterly GDP growth"), ("src-b", 1.4, "percent", "quarterly GDP growth")]
    m = mentions([("src-a", 0, 6, "gpe/france"), ("src-b", 0, 7, "gpe/germany")])
    groups, _ = group_figures(figures(rows), m, 0.5)
    assert groups.empty


def test_different_years_stay_apart():
    rows = [("src-a", 2.1, "percent", "GDP growth", None, "2023"), ("src-b", 1.4, "percent", "GDP growth", None, "2024")]
    groups, _ = group_figures(figures(rows), EU, 0.5)
    assert groups.empty


def test_figures_without_a_named_subject_form_no_group():
    rows = [("src-a", 25.0, "percent", "levy on cars"), ("src-b", 15.0, "percent", "levy on cars")]
    assert group_figures(figures(rows), mentions(), 0.5)[0].empty
    m = mentions([("src-a", 0, 5, "gpe/japan"), ("src-b", 0, 5, "gpe/japan")])
    assert len(group_figures(figures(rows), m, 0.5)[0]) == 1


def test_recipient_named_right_after_the_figure_is_its_subject():
    f = figures([("src-a", 90.0, "percent", "profits")])
    m = mentions([("src-a", 0, 4, "org/acme"), ("src-a", 20, 25, "gpe/japan")])
    assert subject_entities(f, m) == ["gpe/japan"]


def test_group_id_depends_on_members_not_row_order():
    rows = [("src-a", 12.0, "percent", "duty on imported steel"), ("src-b", 10.0, "percent", "duty on imported steel")]
    a, _ = group_figures(figures(rows), EU, 0.5)
    b, _ = group_figures(figures(rows).iloc[::-1], EU, 0.5)
    assert len(a) == 1
    assert list(a["group_id"]) == list(b["group_id"])


def test_measure_words_fold_plurals_and_drop_function_words():
    assert measure_words("the tariffs on Japanese cars") == {"tariff", "japanese", "car"}


def test_a_one_word_measure_does_not_chain_two_longer_ones():
    rows = [("src-a", 108e9, "USD", "foreign debt"), ("src-b", 70e9, "USD", "debt"),
            ("src-c", 68e9, "USD", "commercial debt")]
    m = mentions([(s, 0, 5, "gpe/brazil") for s in ("src-a", "src-b", "src-c")])
    assert group_figures(figures(rows), m, 0.5)[0].empty


def test_an_entity_named_like_a_unit_is_no_subject():
    f = figures([("src-a", 0.12, "USD", "dividend")])
    assert subject_entities(f, mentions([("src-a", 0, 3, "org/cts")])) == [None]


def test_a_group_left_with_one_source_dissolves_and_the_rest_are_recounted():
    from pipeline.figure_groups import regroup

    rows = [("src-a", 12.0, "percent", "duty on imported steel"), ("src-b", 10.0, "percent", "duty on imported steel"),
            ("src-c", 10.0, "percent", "duty on imported steel")]
    m = mentions([(s, 0, 5, "org/eu") for s in ("src-a", "src-b", "src-c")])
    f = figures(rows)
    groups, f["group_id"] = group_figures(f, m, 0.5)
    left, regrouped = regroup(f[f["source_id"] != "src-a"], groups)
    assert len(regrouped) == 1 and not bool(regrouped.iloc[0]["disagree"]) and regrouped.iloc[0]["n_sources"] == 2
    left, regrouped = regroup(f[f["source_id"] == "src-a"], groups)
    assert regrouped.empty and left["group_id"].isna().all()



def test_regroup_leaves_the_figures_it_was_given_as_they_were():
    from pipeline.figure_groups import regroup

    rows = [("src-a", 12.0, "percent", "duty on imported steel"), ("src-b", 10.0, "percent", "duty on imported steel")]
    m = mentions([(s, 0, 5, "org/eu") for s in ("src-a", "src-b")])
    f = figures(rows)
    groups, f["group_id"] = group_figures(f, m, 0.5)
    given = f[f["source_id"] != "src-a"].reset_index(drop=True)
    before = given.copy()
    left, regrouped = regroup(given, groups)
    assert regrouped.empty and left["group_id"].isna().all()  # the group dissolved in the copy only
    pd.testing.assert_frame_equal(given, before)

def test_a_nationality_and_its_country_are_one_subject():
    # "a $40 billion German stimulus plan" (NORP right after the figure) and "Germany's $40
    # billion stimulus plan" (GPE before it) report one quantity
    rows = [("src-a", 4e10, "USD", "German stimulus plan"), ("src-b", 4e10, "USD", "stimulus plan")]
    m = mentions([("src-a", 16, 22, "norp/german"), ("src-b", 0, 7, "gpe/germany")])
    groups, _ = group_figures(figures(rows), m, 0.5)
    assert len(groups) == 1 and groups.iloc[0]["n_sources"] == 2


def test_nationalities_of_different_countries_stay_apart():
    rows = [("src-a", 4e10, "USD", "stimulus plan"), ("src-b", 4e10, "USD", "stimulus plan")]
    m = mentions([("src-a", 16, 22, "norp/german"), ("src-b", 16, 22, "norp/french")])
    groups, _ = group_figures(figures(rows), m, 0.5)
    assert groups.empty


def test_party_reads_a_demonym_as_its_most_populous_country():
    from pipeline.figure_groups import party

    assert party("norp/japanese") == "gpe/japan"
    assert party("norp/american") == "gpe/united-states"
    assert party("norp/chinese") == "gpe/china"
    assert party("norp/democrats") == "norp/democrats"  # not a nationality
    assert party("org/japan-airlines") == "org/japan-airlines"


def test_a_subject_that_is_the_other_sentences_topic_agrees():
    # src-a: "Canada's finance minister flew to Mexico to sign a $2 billion aid package"
    #        (topic Canada, nearest party Mexico); src-b: "a $2 billion Canadian aid package"
    rows = [("src-a", 2e9, "USD", "aid package"), ("src-b", 2e9, "USD", "Canadian aid package")]
    m = mentions([("src-a", 0, 6, "gpe/canada"), ("src-a", 7, 9, "gpe/mexico"), ("src-b", 16, 24, "norp/canadian")])
    groups, _ = group_figures(figures(rows), m, 0.5)
    assert len(groups) == 1


def test_a_party_named_elsewhere_in_the_sentence_but_not_first_does_not_make_a_subject():
    # src-a names Mexico, then Canada, then the figure: its subject is Canada, its topic Mexico;
    # src-b's figure is Brazil's
    rows = [("src-a", 2e9, "USD", "aid package"), ("src-b", 2e9, "USD", "aid package")]
    m = mentions([("src-a", 0, 3, "gpe/mexico"), ("src-a", 4, 8, "gpe/canada"), ("src-b", 0, 6, "gpe/brazil")])
    groups, _ = group_figures(figures(rows), m, 0.5)
    assert groups.empty


def test_figures_without_a_subject_still_count_towards_the_posting_cap(monkeypatch):
    from pipeline import figure_groups
    monkeypatch.setattr(figure_groups, "_MAX_POSTINGS", 2)
    rows = [("src-c", 20.0, "percent", "levy on cars"), ("src-d", 20.0, "percent", "levy on cars"),
            ("src-a", 25.0, "percent", "levy on cars"), ("src-b", 15.0, "percent", "levy on cars")]
    m = mentions([("src-a", 0, 5, "gpe/japan"), ("src-b", 0, 5, "gpe/japan")])
    assert group_figures(figures(rows), m, 0.5)[0].empty  # "levy" and "cars" are in too many measures
    assert len(group_figures(figures(rows[2:]), m, 0.5)[0]) == 1


def test_groups_are_those_of_testing_every_pair_of_figures():
    # random figures with subjects and topics (a party named before, another nearer, or one right
    # after); under the posting cap the groups must be the linked sets of an all-pairs test
    import random

    from pipeline.figure_groups import _years, subjects_and_topics
    rng = random.Random(7)
    parties = ["gpe/japan", "norp/japanese", "gpe/united-states", "org/eu", "org/acme"]
    measures = ["tariffs on cars", "tariff on japanese cars", "car tariffs", "steel duty", "duty", "debt",
                "foreign debt", "exports of wheat", None]
    for _ in range(20):
        rows, spans = [], []
        for i in range(30):
            source = f"src-{rng.randrange(6)}"
            start = 40
            rows.append({"figure_id": f"{source}:f:{i}", "source_id": source, "start": start, "end": start + 5,
                         "kind": "percent", "base_unit": "percent", "base_value": float(rng.randrange(3)),
                         "change": rng.choice([None, "to"]), "measure": rng.choice(measures),
                         "period": rng.choice([None, "2019", "2020"]), "sentence_index": i})
            for _ in range(rng.randrange(3)):
                at = rng.choice([0, 20, 47])
                spans.append((source, i, at, at + 4, rng.choice(parties)))
        figs = pd.DataFrame(rows, columns=COLUMNS)
        ments = pd.DataFrame(spans, columns=["source_id", "sentence_index", "start", "end", "entity_id"])
        _, ids = group_figures(figs, ments, 0.5)
        subject_topic = subjects_and_topics(figs, ments)
        words = [measure_words(m) for m in figs["measure"]]
        parent = list(range(len(figs)))

        def find(i):
            while parent[i] != i:
                i = parent[i]
            return i
        for i in range(len(figs)):
            for j in range(i):
                (si, ti), (sj, tj) = subject_topic[i], subject_topic[j]
                yi, yj = _years(rows[i]["period"]), _years(rows[j]["period"])
                if rows[i]["source_id"] == rows[j]["source_id"] or not words[i] or not words[j] \
                        or rows[i]["change"] != rows[j]["change"] or not si or not sj \
                        or si not in {sj, tj} and sj not in {si, ti} or yi and yj and not yi & yj \
                        or min(len(words[i]), len(words[j])) == 1 and words[i] != words[j] \
                        or len(words[i] & words[j]) / len(words[i] | words[j]) < 0.5:
                    continue
                parent[find(i)] = find(j)
        expected: dict[int, set] = {}
        for i in range(len(figs)):
            expected.setdefault(find(i), set()).add(i)
        expected_sets = {frozenset(m) for m in expected.values() if len({rows[i]["source_id"] for i in m}) > 1}
        got: dict[str, set] = {}
        for i, gid in enumerate(ids):
            if gid is not None:
                got.setdefault(gid, set()).add(i)
        assert {frozenset(m) for m in got.values()} == expected_sets
