"""Unit tests of the figures extractor on hand-written sentences (not from the seeds)."""
from __future__ import annotations

import math
from decimal import Decimal

import pytest

from pipeline.extractors.figures import _scaled, figures_from_doc


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


def test_a_number_without_a_scale_word_keeps_the_value_the_decimal_product_gives():
    for value in (0.0, -0.0, 1.0, 0.1, 3.14159265358979, 136.42, 1e300, 5e-324, -7.5, 2.0 ** 60 + 1, 12, 2 ** 70 + 1,
                  float("inf")):
        expected = float(Decimal(repr(value)) * Decimal("1.0"))
        assert repr(_scaled(value, "")) == repr(expected), value
    assert _scaled(136.42, "billion") == 136420000000.0
    assert math.isnan(_scaled(float("nan"), ""))


def test_every_unit_the_extractor_can_emit_is_in_the_published_vocabulary():
    from pipeline.extractors import figures as F
    from schemas.tables import FIGURE_UNITS_NON_CURRENCY

    emitted = set(F._PERCENT_WORDS.values()) | set(F._DURATION_UNITS.values()) \
        | set(F._UNIT_WORDS.values()) | set(F._UNIT_SYMBOLS.values()) | {"count", "rank", "point", "times"}
    assert emitted <= set(FIGURE_UNITS_NON_CURRENCY)
    assert all(len(code) == 3 and code.isupper() for code in
               set(F._CURRENCY_WORDS.values()) | set(F._CURRENCY_PREFIX.values()))


# --- the extended grammar: sentences written for these tests ------------------------------------

def test_count_keeps_its_counted_noun_as_measure(nlp):
    f = only(nlp, "The bank will close 48 branches next year.")
    assert (f.value, f.unit, f.kind, f.measure) == (48.0, "count", "count", "branches")


@pytest.mark.parametrize("text, figure, value, unit, base_value, base_unit", [
    ("The cable is 3.5 mm thick.", "3.5 mm", 3.5, "millimetre", 0.0035, "metre"),
    ("The parcel weighed 3 lb on the scale.", "3 lb", 3.0, "pound", 1.36077711, "kilogram"),
    ("Its engine produces 250 hp at full throttle.", "250 hp", 250.0, "horsepower", 186424.967896, "watt"),
    ("The motor delivers 400 newton-metres from idle.", "400 newton-metres", 400.0, "newton_metre", 400.0, "newton_metre"),
    ("The train reached 320 km/h on the test track.", "320 km/h", 320.0, "kilometre_per_hour", 88.8888888889, "metre_per_second"),
])
def test_physical_units_keep_the_written_unit_and_get_an_si_base(nlp, text, figure, value, unit, base_value, base_unit):
    f = only(nlp, text)
    assert (f.text, f.value, f.unit, f.kind) == (figure, value, unit, "other")
    assert f.base_unit == base_unit and f.base_value == pytest.approx(base_value, rel=1e-9)
    assert f.unit_text and f.unit_text in f.text


def test_hyphenated_range_gives_two_figures_with_low_and_high(nlp):
    a, b = figures(nlp, "The amplifier handles 50-60 Hz input.")
    assert (a.value, a.unit, b.value, b.unit) == (50.0, "hertz", 60.0, "hertz")
    assert (a.low, a.high) == (b.low, b.high) == (50.0, 60.0)


def test_currency_range_shares_sign_and_scale(nlp):
    a, b = figures(nlp, "The settlement could cost the insurer $4-6 billion.")
    assert (a.value, a.unit, b.value, b.unit) == (4e9, "USD", 6e9, "USD")
    assert (a.low, a.high) == (4e9, 6e9)


def test_range_written_with_to_shares_scale_and_unit(nlp):
    a, b = figures(nlp, "The harvest is forecast at 1.8 to 2.1 mln tonnes.")
    assert (a.value, a.unit, b.value, b.unit) == (1.8e6, "tonne", 2.1e6, "tonne")


def test_word_number_range_end_takes_the_duration(nlp):
    a, b = figures(nlp, "The plant will take three to 5 years to build.")
    assert (a.value, a.unit, b.value, b.unit) == (3.0, "year", 5.0, "year")


@pytest.mark.parametrize("text, value, unit", [
    ("Entry costs 15 euros for adults.", 15.0, "EUR"),
    ("A loaf now costs 95p in the shop.", 0.95, "GBP"),
    ("The state approved Rs 300 crore for roads.", 3e9, "INR"),
    ("The miner bought the mine for A$3bn.", 3e9, "AUD"),
    ("The bank arranged a 300 mln dlr credit.", 3e8, "USD"),
])
def test_money_in_other_currencies_and_wire_forms(nlp, text, value, unit):
    f = only(nlp, text)
    assert (f.value, f.unit, f.kind) == (value, unit, "money")


def test_wire_fraction_is_a_decimal(nlp):
    f = only(nlp, "The bank set its base rate at 9-3/8 pct.")
    assert (f.text, f.value, f.unit) == ("9-3/8 pct", 9.375, "percent")


@pytest.mark.parametrize("text, value, high, unit", [
    ("The storm left tens of thousands of homes without power.", 1e4, 1e5, "count"),
    ("Dozens of shops stayed shut.", 12.0, 100.0, "count"),
    ("The scheme cost taxpayers millions of euros.", 1e6, 1e7, "EUR"),
])
def test_vague_magnitude_is_a_hedged_lower_bound(nlp, text, value, high, unit):
    f = only(nlp, text)
    assert (f.value, f.high, f.unit, f.qualifier) == (value, high, unit, "approximately")


@pytest.mark.parametrize("text, value", [
    ("About a third of the staff work from home.", 100 / 3),
    ("Three in ten voters are undecided.", 30.0),
    ("Nearly half of the orders were cancelled.", 50.0),
])
def test_fractions_and_shares_are_percentages(nlp, text, value):
    f = only(nlp, text)
    assert f.unit == "percent" and f.value == pytest.approx(value, abs=1e-3)


def test_first_half_of_a_year_is_not_a_share(nlp):
    assert figures(nlp, "Sales rose in the first half of the year.") == []


def test_index_move_and_level_are_points(nlp):
    a, b = figures(nlp, "The benchmark index dropped 85 points to 14,210.")
    assert (a.value, a.unit, b.value, b.unit) == (85.0, "point", 14210.0, "point")


def test_match_score_is_two_point_figures(nlp):
    a, b = figures(nlp, "Leeds beat Hull 4-2 on Sunday.")
    assert (a.value, a.unit, b.value, b.unit) == (4.0, "point", 2.0, "point")
    assert a.low is None


@pytest.mark.parametrize("text, value", [
    ("The 8-year-old girl was found safe.", 8.0),
    ("The driver, aged 63, was unhurt.", 63.0),
    ("Maria Lopez, 41, runs the bakery.", 41.0),
])
def test_ages_are_their_own_kind(nlp, text, value):
    f = only(nlp, text)
    assert (f.value, f.unit, f.kind, f.base_unit) == (value, "year", "age", "year")


@pytest.mark.parametrize("text", [
    "For help call 555-867-5309 or visit the office.",
    "Residents made hundreds of 911 calls overnight.",
    "She streams in 1080p on her laptop.",
])
def test_phone_and_emergency_numbers_and_resolutions_are_not_figures(nlp, text):
    assert [f for f in figures(nlp, text) if f.text[:3] in ("555", "867", "911", "108")] == []


def test_earnings_line_amounts_are_money(nlp):
    a, b = figures(nlp, "Net 4.7 mln vs 3.9 mln")
    assert (a.unit, a.kind, b.unit, b.kind) == ("USD", "money", "USD", "money")


def test_multiples(nlp):
    f = only(nlp, "The new chip is 3.5 times faster.")
    assert (f.value, f.unit) == (3.5, "times")


def test_month_name_after_a_percent_is_not_a_date(nlp):
    f = only(nlp, "Rents that rose 12 pct may fall next year.")
    assert (f.text, f.unit) == ("12 pct", "percent")


def test_word_starting_with_am_after_a_number_is_not_a_clock_time(nlp):
    f = only(nlp, "The survey found 3 mln Americans moved last year.")
    assert (f.value, f.unit) == (3e6, "count")


def test_bare_scaled_amount_takes_the_currency_stated_in_its_sentence(nlp):
    a, b = figures(nlp, "The firm paid 40 mln euros for the plant, and its debt stands at 12 mln.")
    assert (b.value, b.unit, b.kind) == (1.2e7, "EUR", "money")


def test_bare_scaled_amount_without_a_currency_in_its_sentence_stays_a_count(nlp):
    f = only(nlp, "Net borrowing through bonds reached 14.2 billion.")
    assert (f.value, f.unit, f.kind) == (1.42e10, "count", "count")


def test_one_with_a_duration_is_a_figure(nlp):
    f = only(nlp, "The bank offered a one-year loan.")
    assert (f.value, f.unit) == (1.0, "year")


def test_set_scores_after_a_win_are_points(nlp):
    found = figures(nlp, "She won 6-2, 4-6, 7-5 in the semi-final.")
    assert [f.value for f in found] == [6, 2, 4, 6, 7, 5] and {f.unit for f in found} == {"point"}


def test_wire_bond_price_moves_are_fractions_of_a_point(nlp):
    a, b = figures(nlp, "The note fell 1/4 point to 99-3/4.")
    assert (a.value, a.unit, b.value, b.unit) == (0.25, "point", 99.75, "point")


def test_a_number_too_long_for_a_float_is_not_a_figure(nlp):
    assert figures(nlp, "The code was " + "9" * 400 + " tonnes long.") == []


@pytest.mark.parametrize("text, unit", [
    ("A Lyon retailer said profit reached 80 mln francs, the French firm said.", "FRF"),
    ("The Geneva bank earned 80 mln francs.", "CHF"),
    ("The Oslo shipowner paid 40 mln crowns for the vessel in Norway.", "NOK"),
    ("The Madrid utility issued bonds worth 9 billion pesetas.", "ESP"),
    ("The Lisbon refinery lost 700 mln escudos.", "PTE"),
    ("The fund was worth 30 mln ecus.", "XEU"),
])
def test_other_currencies_and_currencies_named_by_the_sentence(nlp, text, unit):
    f = only(nlp, text)
    assert (f.unit, f.kind) == (unit, "money")


def test_coffee_bags_and_cotton_bales_are_units(nlp):
    a, b = figures(nlp, "Growers sold 2.5 mln bags of coffee and 400,000 bales of cotton.")
    assert (a.value, a.unit, b.value, b.unit) == (2.5e6, "bag", 4e5, "bale")


def test_twice_as_is_a_multiple_and_hyphenated_fractions_stand_alone(nlp):
    assert [(f.value, f.unit) for f in figures(nlp, "Prices rose twice as fast as wages.")] == [(2.0, "times")]
    f = only(nlp, "A three-quarters majority is required.")
    assert (f.value, f.unit) == (75.0, "percent")


def test_a_million_is_a_number(nlp):
    f = only(nlp, "The app reached a million users.")
    assert (f.value, f.unit) == (1e6, "count")


def test_level_after_a_money_move_is_in_that_currency_but_not_after_a_percent_move(nlp):
    a, b = figures(nlp, "The stock gained 1.25 dlrs to 31-1/2.")
    assert (b.value, b.unit) == (31.5, "USD")
    found = figures(nlp, "The wholesale price index rose 0.3 pct to 102.4.")
    assert [(f.value, f.unit) for f in found] == [(0.3, "percent"), (102.4, "point")]


def test_speed_written_with_per_hour(nlp):
    f = only(nlp, "The storm's winds reached 150 km per hour.")
    assert (f.value, f.unit) == (150.0, "kilometre_per_hour")


# ---- rules written from the dev errors of issue 11 (second round) ------------------------------

def values(found):
    return [(f.value, f.unit) for f in found]


def test_digits_grouped_in_thousands_are_a_count_with_nothing_after_them(nlp):
    found = figures(nlp, "Attendance at the fair was 84,000, up from 61,500 last autumn.")
    assert values(found) == [(84000.0, "count"), (61500.0, "count")]


def test_a_number_compared_with_the_figure_before_it_takes_its_unit(nlp):
    found = figures(nlp, "The mill shipped 4,210 tonnes of pulp in May, against 3,980 a year ago.")
    assert values(found) == [(4210.0, "tonne"), (3980.0, "tonne")]


def test_a_compared_number_takes_the_scale_word_of_the_figure_before_it(nlp):
    found = figures(nlp, "The surplus widened to 4.1 billion euros, up from 2003's 3.6.")
    assert values(found) == [(4.1e9, "EUR"), (3.6e9, "EUR")]


def test_a_compared_number_of_another_size_keeps_no_unit(nlp):
    found = figures(nlp, "The town spent 2.5 mln dlrs on roads compared with 41 the year before.")
    assert values(found) == [(2.5e6, "USD")]


def test_a_scaled_amount_of_a_money_noun_is_money_in_the_sentence_currency(nlp):
    found = figures(nlp, "The utility turned a 45 mln dlr profit in March after a 120 mln loss in February.")
    assert values(found) == [(4.5e7, "USD"), (1.2e8, "USD")]


def test_both_ends_of_a_range_written_with_one_scale_word_are_kept(nlp):
    found = figures(nlp, "Analysts expect 40–45 million subscribers by the end of the year.")
    assert values(found) == [(4e7, "count"), (4.5e7, "count")]
    assert (found[0].low, found[0].high) == (4e7, 4.5e7)


def test_a_score_written_before_its_noun(nlp):
    found = figures(nlp, "Leeds earned a 2-2 draw at Fulham on Sunday.")
    assert values(found) == [(2.0, "point"), (2.0, "point")]


def test_a_team_record_is_counts_not_a_range(nlp):
    found = figures(nlp, "The Flames improved to 11-6-2 with the shutout.")
    assert values(found) == [(11.0, "count"), (6.0, "count"), (2.0, "count")]
    assert all(f.low is None for f in found)


def test_a_level_stated_in_an_index_sentence_is_in_points(nlp):
    found = figures(nlp, "The consumer price index stood at 103.6 in June.")
    assert values(found) == [(103.6, "point")]


def test_a_number_after_an_average_is_not_an_index_level(nlp):
    found = figures(nlp, "Output rose to an average 12,400 bales per week in June from 11,900 in May.")
    assert [f.unit for f in found] == ["bale", "bale"]


@pytest.mark.parametrize("text, value", [
    ("The veteran actor, 67, said he would retire next year.", 67.0),
    ("I'm 58, and I still ride to work every day.", 58.0),
])
def test_ages_after_a_noun_for_a_person_or_said_of_oneself(nlp, text, value):
    f = only(nlp, text)
    assert (f.value, f.unit, f.kind) == (value, "year", "age")


def test_several_hundred_is_a_vague_magnitude_in_the_unit_after_it(nlp):
    f = only(nlp, "The walkers climbed several hundred metres before lunch.")
    assert (f.value, f.unit, f.low, f.high, f.qualifier) == (100.0, "metre", 100.0, 1000.0, "approximately")


def test_a_vague_magnitude_of_a_unit_word_carries_the_unit(nlp):
    f = only(nlp, "The storm dumped millions of tonnes of sand on the coast.")
    assert (f.value, f.unit, f.kind) == (1e6, "tonne", "other")


@pytest.mark.parametrize("text", [
    "She lives on the 5th Avenue side of the park.",
    "Patients with type 1 diabetes joined the trial.",
    "The FTSE 250 index slipped on Friday.",
    "The startup cancelled the contract two weeks later.",
])
def test_labels_names_and_relative_times_are_not_figures(nlp, text):
    assert figures(nlp, text) == []


def test_a_size_written_after_a_product_name_is_a_figure(nlp):
    f = only(nlp, "The Galaxy Tab 10.5-inch model ships next week.")
    assert (f.value, f.unit) == (10.5, "inch")


@pytest.mark.parametrize("text, value, unit", [
    ("The goalkeeper was beaten four times in the first half.", 4.0, "count"),
    ("The new plant is four times the size of the old one.", 4.0, "times"),
])
def test_n_times_is_a_frequency_unless_a_comparison_follows(nlp, text, value, unit):
    f = only(nlp, text)
    assert (f.value, f.unit) == (value, unit)


def test_a_number_word_counts_a_noun_behind_adjectives(nlp):
    f = only(nlp, "The summit brought together seven large emerging economies.")
    assert (f.value, f.unit, f.kind) == (7.0, "count", "count")


@pytest.mark.parametrize("text, value, unit", [
    ("The group holds a 51 pct-owned mining unit.", 51.0, "percent"),
    ("The bank arranged a 300 mln guilder loan.", 3e8, "NLG"),
    ("The screen runs games at 120fps.", 120.0, "frame_per_second"),
    ("The fan peaked at 41 dBA under load.", 41.0, "decibel"),
    ("The smelter has a 90,000 tonne annual capacity.", 90000.0, "tonne_per_year"),
    ("The boxer weighed in at 212 pounds.", 212.0, "pound"),
    ("Growers packed 52,000 boxes of lemons.", 52000.0, "box"),
])
def test_more_units_as_written(nlp, text, value, unit):
    f = only(nlp, text)
    assert (f.value, f.unit) == (value, unit)


def test_pounds_without_a_weight_context_stay_sterling(nlp):
    f = only(nlp, "The ticket cost 45 pounds at the door.")
    assert (f.value, f.unit) == (45.0, "GBP")


@pytest.mark.parametrize("text, figure, value", [
    ("Dealers expect a quarter point cut in the discount rate next week.", "quarter point", 0.25),
    ("The bank raised its key rate by half a percentage point.", "half a percentage point", 0.5),
])
def test_a_fraction_of_a_point_in_a_rate_move_is_percentage_points(nlp, text, figure, value):
    f = only(nlp, text)
    assert (f.text, f.value, f.unit) == (figure, value, "percentage_point")


def test_a_currency_sign_written_after_the_amount(nlp):
    f = only(nlp, "Front-row seats sell for 120,000₩ each.")
    assert (f.text, f.value, f.unit, f.kind) == ("120,000₩", 120000.0, "KRW", "money")


def test_an_earnings_line_comparing_losses_is_money_on_both_sides(nlp):
    found = figures(nlp, "Net loss 2,310,455 vs loss 1,907,118")
    assert values(found) == [(2310455.0, "USD"), (1907118.0, "USD")]


def test_cents_of_a_named_dollar(nlp):
    f = only(nlp, "The board set a duty of 12.5 U.S. cents a pound.")
    assert (f.value, f.unit) == (0.125, "USD")


def test_a_period_heading_an_earnings_table_is_not_a_figure(nlp):
    found = figures(nlp, "BETA MILLS 2ND QTR NET\nNine mths\nShr 41 cts vs 33 cts")
    assert [f.text for f in found if f.kind == "duration"] == []


# --- rules from the dev and dev2 errors (issue 11, fig3); sentences written for these tests ---

@pytest.mark.parametrize("text, unit", [
    ("Growers expect 310 cwts per acre from the late crop.", "hundredweight_per_acre"),
    ("The new variety yields 4.2 tonnes a hectare in dry years.", "tonne_per_hectare"),
    ("Assays showed 1.8 grams per tonne over the first section.", "gram_per_tonne"),
    ("Processors got 1.52 gallons per box from the early oranges.", "gallon_per_box"),
    ("Hummus has about 25 calories per tablespoon.", "calorie_per_tablespoon"),
])
def test_a_yield_or_grade_is_one_rate_unit(nlp, text, unit):
    assert only(nlp, text).unit == unit


def test_a_rate_unit_written_on_one_of_two_compared_figures_belongs_to_both(nlp):
    found = figures(nlp, "The yield was put at 298 cwts per acre, vs 305 cwts a year ago.")
    assert values(found) == [(298.0, "hundredweight_per_acre"), (305.0, "hundredweight_per_acre")]
    found = figures(nlp, "Samples held 0.21 ounce of gold and 3.4 ounces of silver per tonne.")
    assert values(found) == [(0.21, "ounce_per_tonne"), (3.4, "ounce_per_tonne")]


def test_a_rate_outside_the_vocabulary_keeps_its_first_unit(nlp):
    assert only(nlp, "The truck carried 40 bales per trip.").unit == "bale"


def test_bare_list_items_take_the_unit_written_after_the_last(nlp):
    found = figures(nlp, "Shipments to Norway were 12,400, in Finland 8,100, in Iceland 950 and in Ireland 3,300 tonnes.")
    assert values(found) == [(12400.0, "tonne"), (8100.0, "tonne"), (950.0, "tonne"), (3300.0, "tonne")]
    found = figures(nlp, "Dealers quoted one, two, and three-month paper.")
    assert [(f.value, f.unit, f.kind) for f in found] == [(1.0, "month", "duration"), (2.0, "month", "duration"),
                                                           (3.0, "month", "duration")]


def test_list_items_share_the_scale_of_the_last(nlp):
    found = figures(nlp, "Analysts see exports of 7, 8 or 9 mln tonnes.")
    assert values(found) == [(7e6, "tonne"), (8e6, "tonne"), (9e6, "tonne")]


def test_separate_clauses_do_not_share_a_unit(nlp):
    found = figures(nlp, "The 14 delegates left, and 6 tonnes were seized.")
    assert values(found) == [(14.0, "count"), (6.0, "tonne")]


@pytest.mark.parametrize("text, figure, value", [
    ("Police said 23 hard-core protesters were held overnight.", "23", 23.0),
    ("The two senior Japanese negotiators flew home on Sunday.", "two", 2.0),
    ("Floods cut power in 14 Western and central Texas counties.", "14", 14.0),
    ("About a dozen weary young night-shift nurses were sent home.", "a dozen", 12.0),
])
def test_a_count_reaches_its_noun_over_a_run_of_modifiers(nlp, text, figure, value):
    f = only(nlp, text)
    assert (f.text, f.value, f.unit) == (figure, value, "count")


@pytest.mark.parametrize("text", [
    "The storm destroyed one school and damaged 40 homes.",
    "At least one director voted against the merger.",
    "The charity runs three shelters and one clinic.",
])
def test_one_counting_its_noun_is_a_count(nlp, text):
    assert (1.0, "count") in values(figures(nlp, text))


@pytest.mark.parametrize("text", ["One trader said the market was thin.", "One of the tankers was hit."])
def test_one_as_a_determiner_or_pronoun_is_not_a_figure(nlp, text):
    assert figures(nlp, text) == []


@pytest.mark.parametrize("text, value", [
    ("The merger lifts the bank's total branches to 48.", 48.0),
    ("The launch raised the total of licensed operators to 11.", 11.0),
    ("Six clubs will join the field of 24 next year.", 24.0),
])
def test_a_total_reached_is_a_count(nlp, text, value):
    assert (value, "count") in values(figures(nlp, text))


@pytest.mark.parametrize("text, value, unit", [
    ("Officials said Brazil spent about 12 billion U.S.", 12e9, "USD"),
    ("Reserves rose to 4.25 billion N.Z.", 4.25e9, "NZD"),
])
def test_a_dollar_cut_from_its_country_by_the_sentence_end_is_that_dollar(nlp, text, value, unit):
    assert values(figures(nlp, text)) == [(value, unit)]


def test_a_word_number_before_a_country_name_is_not_money(nlp):
    assert all(f.kind != "money" for f in figures(nlp, "Escorts could come from three U.S."))


def test_a_bare_scaled_amount_takes_the_one_currency_its_sentence_names(nlp):
    found = figures(nlp, "The Bundesbank sold dollars at midday, perhaps 150 to 250 mln, traders said.")
    assert values(found) == [(1.5e8, "USD"), (2.5e8, "USD")]
    assert values(figures(nlp, "Dlrs in 1986, down from 4.7 billion in 1985.")) == [(4.7e9, "USD")]
    found = figures(nlp, "Belgian dealers quoted francs at midday as turnover hit 3.2 billion.")
    assert values(found) == [(3.2e9, "BEF")]


def test_a_bare_scaled_amount_stays_a_count_when_two_currencies_are_named(nlp):
    found = figures(nlp, "The yen and sterling traded 2.1 billion between them.")
    assert values(found) == [(2.1e9, "count")]


def test_two_spaces_before_a_scale_word_still_scale_the_amount(nlp):
    found = figures(nlp, "Sight deposits fell 212.4  mln Swiss francs to 6.10 billion.")
    assert values(found) == [(212.4e6, "CHF"), (6.1e9, "CHF")]


@pytest.mark.parametrize("text, value, unit", [
    ("The archive fits on a 640 megabyte disc.", 640.0, "megabyte"),
    ("The wagon has a 31.5 cubic foot cargo bay.", 31.5, "cubic_foot"),
    ("The village lies 40 kms south of the capital.", 40.0, "kilometre"),
    ("Streams are capped at 128 kbps on the free tier.", 128.0, "kilobit_per_second"),
    ("The tremor measured 5.8 on the open-ended Richter scale.", 5.8, "richter"),
])
def test_units_added_to_the_vocabulary(nlp, text, value, unit):
    assert values(figures(nlp, text)) == [(value, unit)]


@pytest.mark.parametrize("text, figure, value", [
    ("She is a four-time world champion.", "four-time", 4.0),
    ("He beat a two time Wimbledon winner in the final.", "two time", 2.0),
])
def test_an_n_time_honour_is_a_multiple(nlp, text, figure, value):
    f = only(nlp, text)
    assert (f.text, f.value, f.unit) == (figure, value, "times")


@pytest.mark.parametrize("text, value", [
    ("The union tabled a seven-point reform plan.", 7.0),
    ("The bike ships with six-spoke rims.", 6.0),
])
def test_a_numbered_plan_or_part_is_a_count(nlp, text, value):
    assert values(figures(nlp, text)) == [(value, "count")]


def test_a_points_move_is_still_points(nlp):
    assert values(figures(nlp, "The index shed 35 points by noon.")) == [(35.0, "point")]


@pytest.mark.parametrize("text, value, unit, qualifier", [
    ("The strike has lasted more than a decade.", 1.0, "decade", "more_than"),
    ("Repairs took a month and a half.", 1.5, "month", None),
    ("The audit ran for nearly a year.", 1.0, "year", "approximately"),
])
def test_a_duration_written_with_a(nlp, text, value, unit, qualifier):
    f = only(nlp, text)
    assert (f.value, f.unit, f.kind, f.qualifier) == (value, unit, "duration", qualifier)


def test_a_duration_with_a_alone_or_pointing_to_a_time_is_not_a_figure(nlp):
    assert figures(nlp, "She joined about a year ago and writes a column a week.") == []


def test_a_or_two_is_a_range_of_two_durations(nlp):
    found = figures(nlp, "The ban could last a week or two.")
    assert [(f.value, f.unit, f.low, f.high) for f in found] == [(1.0, "week", 1.0, 2.0), (2.0, "week", 1.0, 2.0)]


@pytest.mark.parametrize("text, expected", [
    ("Brokers see a shortfall of 31,000/33,000 tonnes.", [(31000.0, "tonne"), (33000.0, "tonne")]),
    ("The yen eased to 139.40/139.50 in late trade.", [(139.4, "JPY"), (139.5, "JPY")]),
    ("Call money was 7.15/7.25 pct.", [(7.15, "percent"), (7.25, "percent")]),
])
def test_a_slash_pair_of_quotes_is_two_figures(nlp, text, expected):
    assert values(figures(nlp, text)) == expected


@pytest.mark.parametrize("text", [
    "The 1987/88 crop was poor.", "The bond rose 17/32 in price.", "The desk is staffed 24/7.",
    "The pound ended at 1.5910/20 against the mark and the dollar.",
])
def test_years_fractions_and_unclear_pairs_are_not_slash_pairs(nlp, text):
    assert not any(f.text.startswith(("1987", "24", "1.5910")) for f in figures(nlp, text))


@pytest.mark.parametrize("text", ["Here are 7 Ways to Cut Your Power Bill.", "Sign up for 5 Things You Need to Know."])
def test_a_list_title_is_not_a_figure(nlp, text):
    assert figures(nlp, text) == []


def test_a_count_of_ways_in_running_text_is_still_a_figure(nlp):
    assert values(figures(nlp, "The adviser listed 7 ways to cut the bill.")) == [(7.0, "count")]


def test_a_wire_stock_price_in_eighths_is_dollars(nlp):
    found = figures(nlp, "Its shares closed at 31-5/8 on Tuesday.")
    assert values(found) == [(31.625, "USD")]


def test_a_number_in_a_year_is_not_odds(nlp):
    found = figures(nlp, "Trade balance +4.1 billion (+3.6 in 1986), made up of:")
    assert all(f.unit != "percent" for f in found)
    assert (0.05, "percent") in values(figures(nlp, "One in 2000 patients is affected."))


def test_a_score_after_a_win_verb_and_the_loser(nlp):
    found = figures(nlp, "Ohio State rolled past Purdue, 38-10, on Saturday.")
    assert values(found) == [(38.0, "point"), (10.0, "point")]


@pytest.mark.parametrize("text", ["The Treasury raised by 0.25 point the coupons on three issues.",
                                  "The bank lifted its base rate by 0.5 point."])
def test_a_point_of_a_coupon_or_rate_is_a_percentage_point(nlp, text):
    assert (0.25 if "0.25" in text else 0.5, "percentage_point") in values(figures(nlp, text))


def test_a_point_of_an_index_stays_a_point_beside_a_rate(nlp):
    found = figures(nlp, "The index fell 3.2 points after the bank cut its prime rate.")
    assert values(found) == [(3.2, "point")]


def test_a_bare_range_before_a_list_item_with_a_currency_shares_it(nlp):
    found = figures(nlp, "Hogs were quoted at 51.00 to 51.50 and sows at 44.00 dlrs.")
    assert values(found) == [(51.0, "USD"), (51.5, "USD"), (44.0, "USD")]


def test_a_number_the_wire_repeats_is_one_figure(nlp):
    assert values(figures(nlp, "Grade averaged 1.2 rpt 1.2 grams a tonne.")) == [(1.2, "gram_per_tonne")]


@pytest.mark.parametrize("text", ["Etapa 3a: Sevilla.", "The model from 2o18 sold out.", "It ships with 4K video."])
def test_digits_glued_to_letters_are_not_a_figure(nlp, text):
    assert figures(nlp, text) == []


def test_digits_glued_to_a_unit_are_still_a_figure(nlp):
    found = figures(nlp, "The camera shoots 30fps at 20mm with 9x zoom.")
    assert values(found) == [(30.0, "frame_per_second"), (20.0, "millimetre"), (9.0, "times")]


def test_two_vague_magnitudes_of_one_noun_are_two_figures(nlp):
    found = figures(nlp, "The cuts came as layoffs of dozens or hundreds of staff at a time.")
    assert [(f.value, f.low, f.high, f.unit) for f in found] == [(12.0, 12.0, 100.0, "count"),
                                                                 (100.0, 100.0, 1000.0, "count")]
    assert values(figures(nlp, "Scores of people gathered.")) == [(20.0, "count")]


def test_wins_out_of_a_total_are_two_counts(nlp):
    found = figures(nlp, "The Celtics have won 9 of their last 10 games.")
    assert values(found) == [(9.0, "count"), (10.0, "count")]


def test_a_grade_per_ton_is_per_short_ton(nlp):
    found = figures(nlp, "The vein grades 0.42 ounce of gold per ton.")
    assert [(f.unit, f.base_unit, round(f.base_value, 2)) for f in found] == [("ounce_per_ton", "gram_per_tonne", 13.12)]


def test_a_quantity_a_week_ago_is_not_a_weekly_rate(nlp):
    found = figures(nlp, "Stocks were 31 mln bushels, compared with 29.5 mln bushels a week ago.")
    assert values(found) == [(31e6, "bushel"), (29.5e6, "bushel")]


def test_hong_kong_dollars_written_hk(nlp):
    assert values(figures(nlp, "The fund was raised to 40 billion H.K. Dlrs.")) == [(40e9, "HKD")]


def test_a_model_number_after_a_ticker_is_not_a_count(nlp):
    assert figures(nlp, "It will rival the Airbus Industrie <AIR> 340 long-range jetliner.") == []


@pytest.mark.parametrize("text", ["The dividend lost one mark.", "The bank bought band one bills."])
def test_one_before_a_unit_or_as_a_label_is_not_a_count(nlp, text):
    assert all(f.unit != "count" or f.value != 1 for f in figures(nlp, text))


def test_a_wire_price_takes_the_currency_of_its_move(nlp):
    found = figures(nlp, "Barclays shares rose 6-1/2p to 510-1/2 in London.")
    assert [f.unit for f in found] == ["GBP", "GBP"]


def test_an_amount_per_share_beside_a_scaled_total_keeps_its_own_scale(nlp):
    found = figures(nlp, "Results exclude a gain of 2.4 mln dlrs or 17 cts a share.")
    assert values(found) == [(2.4e6, "USD"), (0.17, "USD")]


def test_a_stock_split_ratio_is_not_a_figure(nlp):
    assert figures(nlp, "The board declared a 3-for-1 split.") == []


def test_a_placing_is_a_rank(nlp):
    found = figures(nlp, "She finished second in the slalom and he took home first in diving.")
    assert [(f.text, f.value, f.unit) for f in found] == [("second", 2.0, "rank"), ("first", 1.0, "rank")]
    assert figures(nlp, "He was first in line.") == []


def test_a_hash_number_before_its_noun_is_a_rank_and_alone_a_label(nlp):
    found = figures(nlp, "He was the #3 pick, see #4.")
    assert [(f.text, f.value, f.unit) for f in found] == [("#3", 3.0, "rank")]


@pytest.mark.parametrize("text, expected", [
    ("Bolton were beating Crewe 2-1 at half-time.", [(2.0, "point"), (1.0, "point")]),
    ("Ruud needed three sets, defeating Moreno 7-5, 3-6, 6-1.",
     [(3.0, "count"), (7.0, "point"), (5.0, "point"), (3.0, "point"), (6.0, "point"), (6.0, "point"), (1.0, "point")]),
    ("Spain got past Italy 2-0 in the semi-final.", [(2.0, "point"), (0.0, "point")]),
])
def test_scores_after_more_forms_of_winning(nlp, text, expected):
    assert values(figures(nlp, text)) == expected


@pytest.mark.parametrize("text, expected", [
    ("The House passed the measure, 301-120, late on Thursday.", [(301.0, "count"), (120.0, "count")]),
    ("The justices ruled 5-4 against the state.", [(5.0, "count"), (4.0, "count")]),
    ("Council members voted 7-2 to approve the budget.", [(7.0, "count"), (2.0, "count")]),
])
def test_a_vote_tally_is_two_counts(nlp, text, expected):
    assert values(figures(nlp, text)) == expected


def test_team_records_in_brackets_after_the_name_are_counts(nlp):
    found = figures(nlp, "The Falcons (7-3, 5-1) host the Ravens (2-8-1) on Sunday.")
    assert values(found) == [(7.0, "count"), (3.0, "count"), (5.0, "count"), (1.0, "count"),
                             (2.0, "count"), (8.0, "count"), (1.0, "count")]


def test_a_bracketed_pair_after_a_common_word_is_not_a_record(nlp):
    found = figures(nlp, "Read the notes (3-4) before the exam.")
    assert all(f.unit != "count" or f.low is not None for f in found), values(found)
    assert not any(f.kind == "count" and f.low is None and f.value in (3.0, 4.0) for f in found)


@pytest.mark.parametrize("text, value", [
    ("The guard had 9 points and 4 rebounds (13 combined).", 13.0),
    ("Crews cleared the wreckage of 12 in all.", 12.0),
])
def test_a_total_written_after_its_number_is_a_count(nlp, text, value):
    assert (value, "count") in values(figures(nlp, text))


@pytest.mark.parametrize("text, figure, unit", [
    ("The 52,300 deadweight tonnes tanker was refloated.", "52,300 deadweight tonnes", "deadweight_tonne"),
    ("The 61,870-dwt bulker sailed on Monday.", "61,870-dwt", "deadweight_tonne"),
    ("Yards booked 245,000 gross tons of orders in June.", "245,000 gross tons", "gross_ton"),
    ("Orders totalled 1.2 mln CGRT last year.", "1.2 mln CGRT", "cgrt"),
    ("The sample held 0.3 gm of lead.", "0.3 gm", "gram"),
])
def test_ship_tonnages_and_abbreviated_grams(nlp, text, figure, unit):
    f = only(nlp, text)
    assert (f.text, f.unit, f.kind) == (figure, unit, "other")


def test_plain_tons_keep_the_written_unit_and_metric_tons_are_tonnes(nlp):
    a, b = figures(nlp, "Warehouse stocks fell to 84,500 tons from 91,000 metric tons.")
    assert (a.unit, b.unit) == ("ton", "tonne")
    assert a.base_unit == "ton"  # short, long or metric: not converted


def test_a_grade_range_per_ton_shares_the_rate_unit(nlp):
    found = figures(nlp, "Assays showed silver of 40 to 65 grams per ton.")
    assert values(found) == [(40.0, "gram_per_ton"), (65.0, "gram_per_ton")]


def test_roubles_in_a_soviet_sentence_are_soviet_roubles(nlp):
    assert values(figures(nlp, "Soviet grain imports cost 4.1 billion roubles last year.")) == [(4.1e9, "SUR")]
    assert values(figures(nlp, "The Moscow firm raised 300 mln roubles.")) == [(3e8, "RUB")]


def test_european_currency_units_spelled_out_are_ecus(nlp):
    f = only(nlp, "Ministers set a levy of 95 European currency units a tonne.")
    assert (f.value, f.unit, f.kind) == (95.0, "XEU", "money")


@pytest.mark.parametrize("text, figure, value, unit", [
    ("The fund made a 45-mln- U.S.-dlr offer for the mill.", "45-mln- U.S.-dlr", 4.5e7, "USD"),
    ("It arranged a 60-mln-dlr credit.", "60-mln-dlr", 6e7, "USD"),
    ("A 2.5-billion-year-old rock was found.", None, None, None),
    ("Astronomers modelled a 4.6-billion-year history.", "4.6-billion-year", 4.6e9, "year"),
    ("The 35 pct-owner of the miner will vote.", "35 pct", 35.0, "percent"),
])
def test_wire_compounds_joined_by_hyphens(nlp, text, figure, value, unit):
    found = figures(nlp, text)
    if figure is None:
        assert all(f.unit != "count" for f in found), values(found)
        return
    assert [(f.text, f.value, f.unit) for f in found] == [(figure, value, unit)]


def test_a_hyphenated_pound_before_a_noun_is_a_weight(nlp):
    assert values(figures(nlp, "She carried a 20-pound sack up the hill.")) == [(20.0, "pound")]


def test_a_reading_on_the_mercalli_scale_is_in_points(nlp):
    assert (5.0, "point") in values(figures(nlp, "The tremor measured five on the Mercalli scale."))


def test_an_honour_won_several_times_is_a_multiple(nlp):
    assert values(figures(nlp, "The three-time Emmy winning writer spoke.")) == [(3.0, "times")]


def test_the_group_of_a_number_is_a_name(nlp):
    assert figures(nlp, "Finance ministers of the Group of Seven met in Paris.") == []


@pytest.mark.parametrize("text", ["Farmers will not back any one proposal.", "Let me tell you one thing about it."])
def test_one_as_a_determiner_is_not_a_count(nlp, text):
    assert figures(nlp, text) == []


@pytest.mark.parametrize("text, value", [
    ("Officials said 240 migrants, including one child, were returned.", 1.0),
    ("About 70 Germans were on the flight.", 70.0),
    ("The agency issued two sharply worded warnings.", 2.0),
    ("Reports said as many as 80 have been evacuated.", 80.0),
    ("Police said 14 were injured in the blast.", 14.0),
])
def test_counts_of_people_and_things_the_parse_shows(nlp, text, value):
    assert (value, "count") in values(figures(nlp, text))


def test_a_number_in_a_product_name_before_a_verb_is_not_a_count(nlp):
    assert figures(nlp, "Galaxy 7 arrived in shops on Friday.") == []


@pytest.mark.parametrize("text", ["The airline took delivery of its first 777-8 freighter.",
                                  "A 747-4 variant was shown at the show."])
def test_a_model_and_its_variant_are_not_a_range(nlp, text):
    assert figures(nlp, text) == []


@pytest.mark.parametrize("text, expected", [
    ("Shifts ran 120-100 hours a month.", [120.0, 100.0]),
    ("Losses narrowed 150-120 mln dlrs.", [1.5e8, 1.2e8]),
])
def test_a_falling_pair_with_a_unit_is_still_two_figures(nlp, text, expected):
    assert [f.value for f in figures(nlp, text)] == expected


@pytest.mark.parametrize("text, value", [
    ("Imports of steel nearly tripled in the first half.", 3.0),
    ("The chain has doubled its staff since March.", 2.0),
])
def test_a_verb_that_multiplies_states_a_multiple(nlp, text, value):
    assert [(f.value, f.unit, f.text) for f in figures(nlp, text)][0][:2] == (value, "times")


def test_doubling_down_is_an_idiom_not_a_multiple(nlp):
    assert figures(nlp, "The senator kept doubling down on the claim.") == []


def test_a_score_that_moves_is_in_points(nlp):
    found = figures(nlp, "In the reading test, scores climbed from 212 to 236.")
    assert values(found) == [(212.0, "point"), (236.0, "point")]


@pytest.mark.parametrize("text, figure, value, unit", [
    ("The central bank sold 450 mln Lebanese pounds on Monday.", "450 mln Lebanese pounds", 4.5e8, "LBP"),
    ("Bus fares rose to 120 Kenya shillings.", "120 Kenya shillings", 120.0, "KES"),
    ("Kuwait lent it 30 mln Kuwaiti dinars.", "30 mln Kuwaiti dinars", 3e7, "KWD"),
])
def test_a_currency_named_in_words_after_the_amount(nlp, text, figure, value, unit):
    f = only(nlp, text)
    assert (f.text, f.value, f.unit, f.kind) == (figure, value, unit, "money")


def test_a_franc_takes_the_country_its_sentence_names(nlp):
    assert values(figures(nlp, "Luxembourg's budget deficit was 3.2 billion francs.")) == [(3.2e9, "LUF")]


def test_a_count_of_things_of_a_named_maker_is_not_money(nlp):
    assert values(figures(nlp, "The dealer sold 300 Toyota cars in May.")) == [(300.0, "count")]


@pytest.mark.parametrize("text, expected", [
    ("Mills produced 1.2 mln tonnes this year and expect 1.4 mln next year.", [(1.2e6, "tonne"), (1.4e6, "tonne")]),
    ("Yards expect 2.1 mln CGRT in 1988 and 2.4 mln the following year.", [(2.1e6, "cgrt"), (2.4e6, "cgrt")]),
    ("Mills produced 1.2 mln tonnes and sold 3 mln new cars.", [(1.2e6, "tonne"), (3e6, "count")]),
])
def test_a_bare_scaled_amount_takes_the_one_scaled_unit_of_its_sentence(nlp, text, expected):
    assert values(figures(nlp, text)) == expected


@pytest.mark.parametrize("text, figure, value", [
    ("She has coached for 11 NFL seasons.", "11 NFL seasons", 11.0),
    ("He spent four seasons at the club.", "four seasons", 4.0),
])
def test_sports_seasons_are_their_own_unit(nlp, text, figure, value):
    f = only(nlp, text)
    assert (f.text, f.value, f.unit, f.kind) == (figure, value, "season", "duration")


@pytest.mark.parametrize("text", ["Airlines parked their 737 Max jet fleet in March.",
                                  "The carrier flew its first 320 Neo plane on Friday."])
def test_a_model_number_before_a_name_and_a_singular_noun_is_not_a_count(nlp, text):
    assert all(f.value < 100 for f in figures(nlp, text))


def test_a_number_before_a_name_and_a_plural_noun_is_a_count(nlp):
    assert values(figures(nlp, "The plant employs 450 Renault workers.")) == [(450.0, "count")]


def test_a_stat_line_count_before_its_share(nlp):
    found = figures(nlp, "CB Sam Jones 61 92% 4 tackles.")
    assert values(found)[:2] == [(61.0, "count"), (92.0, "percent")]


@pytest.mark.parametrize("text, value, high", [
    ("Thousands marched through the old town on Sunday.", 1000.0, 10000.0),
    ("Rescuers searched for the dozens still missing.", 12.0, 100.0),
])
def test_a_vague_magnitude_standing_alone_is_a_count(nlp, text, value, high):
    f = only(nlp, text)
    assert (f.value, f.unit, f.qualifier, f.high) == (value, "count", "approximately", high)


def test_thousands_upon_thousands_is_not_read_as_two_lone_magnitudes(nlp):
    assert len(figures(nlp, "Thousands upon thousands of birds flew over.")) <= 1


def test_a_unit_after_the_last_item_reaches_items_after_the_place_with_an_article(nlp):
    found = figures(nlp, "Buyers in Spain took 8,000 tonnes, in the Netherlands 4,500 and in Italy 2,000 tonnes.")
    assert values(found) == [(8000.0, "tonne"), (4500.0, "tonne"), (2000.0, "tonne")]


@pytest.mark.parametrize("text, figure", [
    ("Drilling found two-gram-per-tonne ore.", "two-gram-per-tonne"),
    ("Crews mined 5.1-gram-a-tonne rock.", "5.1-gram-a-tonne"),
])
def test_a_grade_written_with_hyphens_is_a_rate(nlp, text, figure):
    f = only(nlp, text)
    assert (f.text, f.unit) == (figure, "gram_per_tonne")


@pytest.mark.parametrize("text, expected", [
    ("Coffee could fall to between 90 and 95 cents a lb.", [0.9, 0.95]),
    ("The dividend was cut from 40 to 30 cents.", [0.4, 0.3]),
    ("Payouts of 20, 25 and 30 cts a share were set.", [0.2, 0.25, 0.3]),
])
def test_bare_numbers_beside_cents_are_cents(nlp, text, expected):
    assert [f.value for f in figures(nlp, text)] == expected


@pytest.mark.parametrize("text, expected", [
    ("The storm killed one and injured 23 in the valley.", [(1.0, "count"), (23.0, "count")]),
    ("Police detained 40 after the match.", [(40.0, "count")]),
])
def test_a_bare_number_counted_by_its_verb(nlp, text, expected):
    assert values(figures(nlp, text)) == expected


def test_a_bare_number_after_a_verb_of_change_is_not_a_count(nlp):
    assert figures(nlp, "Shares rose 14 in early trade.") == []
