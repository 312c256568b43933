"""Unit tests of the figures extractor on hand-written sentences (not from the seeds)."""
from __future__ import annotations

import pytest

from pipeline.extractors.figures import figures_from_doc


def figures(nlp, text):
    doc = nlp(text)
    found = figures_from_doc(doc, "src-test")
    for f in found:  # every figure's offsets slice its text out of the body exactly
        assert doc.text[f.start:f.end] == f.text
    return found


def only(nlp, text):
    found = figures(nlp, text)
    assert len(found) == 1, [f.text for f in found]
    return found[0]


@pytest.mark.parametrize("text, figure, value, unit", [
    ("Quarterly revenue at the miner climbed to $3.4 billion.", "$3.4 billion", 3.4e9, "USD"),
    ("The club paid €80 million for the striker.", "€80 million", 8e7, "EUR"),
    ("The exporter booked a profit of 120 million euros.", "120 million euros", 1.2e8, "EUR"),
])
def test_money_is_normalized_to_base_units_and_iso_code(nlp, text, figure, value, unit):
    f = only(nlp, text)
    assert (f.text, f.value, f.unit, f.kind) == (figure, value, unit, "money")


@pytest.mark.parametrize("text, figure, qualifier", [
    ("The transfer fee could reach as much as £95 million.", "£95 million", "up_to"),
    ("Turnout was at least 62 percent.", "62 percent", "at_least"),
    ("The mill employs about 4,500 workers.", "4,500", "approximately"),
    ("Exporters shipped more than 500,000 tonnes of corn.", "500,000 tonnes", "more_than"),
])
def test_qualifier_is_recorded_and_kept_out_of_the_text(nlp, text, figure, qualifier):
    f = only(nlp, text)
    assert (f.text, f.qualifier) == (figure, qualifier)


def test_percentage_points_are_not_percent(nlp):
    f = only(nlp, "The ruling party's vote share fell 3 percentage points.")
    assert (f.value, f.unit, f.kind) == (3.0, "percentage_point", "percent")


def test_from_to_change_is_paired(nlp):
    a, b = figures(nlp, "The deposit rate rose from 3.5% to 3.75% after the meeting.")
    assert (a.text, a.change, b.text, b.change) == ("3.5%", "from", "3.75%", "to")
    assert a.change_group is not None and a.change_group == b.change_group


def test_to_from_change_with_time_phrase_between(nlp):
    a, b = figures(nlp, "Unemployment fell to 4.1% in May from 4.3% a year earlier.")
    assert (a.value, a.change, b.value, b.change) == (4.1, "to", 4.3, "from")
    assert a.change_group == b.change_group


def test_one_ended_change_is_not_a_pair(nlp):
    f = only(nlp, "Parliament voted to cut the levy on fertiliser to 5 percent.")
    assert f.change is None and f.change_group is None


def test_bare_number_takes_the_unit_of_its_range_partner(nlp):
    a, b = figures(nlp, "Core inflation slowed from 1.2 to 0.7 percent.")
    assert (a.text, a.unit, a.kind) == ("1.2", "percent", "percent")
    assert (b.text, b.unit) == ("0.7 percent", "percent")


def test_physical_unit_is_part_of_the_figure_and_measure_is_the_commodity(nlp):
    f = only(nlp, "Brazil exported 9 million tonnes of soybeans.")
    assert (f.text, f.value, f.unit, f.kind) == ("9 million tonnes", 9e6, "tonne", "other")
    assert f.measure == "soybeans"


def test_hyphenated_duration(nlp):
    f = only(nlp, "The midfielder signed a five-year contract with the club.")
    assert (f.text, f.value, f.unit, f.kind) == ("five-year", 5.0, "year", "duration")


def test_count_of_a_following_noun(nlp):
    f = only(nlp, "The carmaker will cut 1,200 jobs.")
    assert (f.value, f.unit, f.kind, f.measure) == (1200.0, "count", "count", "jobs")


def test_superlative_ordinal_is_a_rank(nlp):
    f = only(nlp, "Argentina is the world's third-largest exporter of corn.")
    assert (f.text, f.value, f.unit, f.kind) == ("third", 3.0, "rank", "rank")


@pytest.mark.parametrize("text", [
    "The election was held on May 5 and again in 2021.",      # calendar date, year
    "Polls opened at 10:30 a.m. in the capital.",             # clock time
    "The airline grounded its Airbus A320 fleet at Gate 12.",  # names containing numbers
    "One analyst expects the bank to hold rates.",            # "one" as a determiner
])
def test_dates_times_and_names_are_not_figures(nlp, text):
    assert figures(nlp, text) == []


def test_sentence_index_counts_sentences_of_the_body(nlp):
    found = figures(nlp, "The index closed higher. Wheat futures rose 2% in Chicago.")
    assert [(f.text, f.sentence_index) for f in found] == [("2%", 1)]


def test_physical_rate_keeps_its_period(nlp):
    fig = figures(nlp, "The refinery will process 400,000 barrels a day once expanded.")[0]
    assert (fig.value, fig.unit, fig.text) == (400000.0, "barrel_per_day", "400,000 barrels a day")


def test_duration_followed_by_ago_is_not_a_figure(nlp):
    assert figures(nlp, "The mine closed three years ago after a flood.") == []


def test_over_a_duration_is_not_a_qualifier(nlp):
    fig = figures(nlp, "The lender will repay the loan over five years.")[0]
    assert (fig.unit, fig.qualifier) == ("year", None)


def test_clock_time_with_zone_and_shirt_numbers_are_not_figures(nlp):
    assert [f.text for f in figures(nlp, "Trading resumed at 1415 GMT, and the striker took the No. 9 shirt.")] == []


def test_to_from_pair_across_a_target_year(nlp):
    figs = figures(nlp, "The utility aims to raise solar's share to 40% by 2035 from 12% today.")
    assert [(f.text, f.change) for f in figs] == [("40%", "to"), ("12%", "from")]


def test_to_from_pair_across_a_describing_phrase(nlp):
    figs = figures(nlp, "The club lowered its bid to $30 million from an earlier offer of $45 million.")
    assert [(f.text, f.change) for f in figs] == [("$30 million", "to"), ("$45 million", "from")]


def test_bare_end_of_a_change_takes_the_unit_of_the_other_end(nlp):
    figs = figures(nlp, "Soybean crushings fell to 2.3 mln tonnes from 2.9 mln a year earlier.")
    assert [(f.value, f.unit, f.change) for f in figs] == [(2300000.0, "tonne", "to"), (2900000.0, "tonne", "from")]


def test_country_named_dollars_get_their_own_code(nlp):
    figs = figures(nlp, "The utility raised 4.5 billion Taiwan dlrs and 300 mln Canadian dollars.")
    assert [f.unit for f in figs] == ["TWD", "CAD"]


def test_cents_and_pence_are_hundredths_of_the_currency(nlp):
    figs = figures(nlp, "Earnings were 55 cts a share, and the shares closed at 212 pence.")
    assert [(f.value, f.unit, f.kind) for f in figs] == [(0.55, "USD", "money"), (2.12, "GBP", "money")]


def test_every_unit_the_extractor_can_emit_is_in_the_published_vocabulary():
    from pipeline.extractors import figures as F
    from schemas.tables import FIGURE_UNITS_NON_CURRENCY

    emitted = set(F._PERCENT_WORDS.values()) | set(F._DURATION_UNITS.values()) \
        | set(F._UNIT_WORDS.values()) | set(F._UNIT_SYMBOLS.values()) | {"count", "rank", "point", "times"}
    assert emitted <= set(FIGURE_UNITS_NON_CURRENCY)
    assert all(len(code) == 3 and code.isupper() for code in
               set(F._CURRENCY_WORDS.values()) | set(F._CURRENCY_PREFIX.values()))
