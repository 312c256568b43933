import pytest

from pipeline.units import base_unit, convertible, currency_of_name, to_base
from schemas.tables import BASE_UNITS, MEASUREMENT_UNITS


def test_pounds_and_kilograms_compare_in_the_base_unit():
    assert to_base(3, "pound") == (1.36077711, "kilogram")
    assert to_base(1.36, "kilogram") == (1.36, "kilogram")


def test_rates_and_durations_have_per_day_bases():
    value, unit = to_base(1, "barrel_per_day")
    assert unit == "cubic_metre_per_day" and abs(value - 0.158987) < 1e-5
    assert to_base(2, "week") == (14.0, "day")


def test_torque_is_not_an_energy():
    assert base_unit("pound_foot") == "newton_metre"
    assert base_unit("kilowatt_hour") == "joule"


def test_units_outside_the_vocabulary_keep_their_name():
    assert to_base(3, "point") == (3, "point")
    assert not convertible("USD", "EUR")


def test_every_declared_unit_has_a_base_in_the_vocabulary():
    for unit in MEASUREMENT_UNITS:
        assert base_unit(unit) in BASE_UNITS + ["newton_metre"], unit


def test_yields_and_grades_compare_in_their_base_units():
    assert to_base(1, "tonne_per_hectare") == (1000.0, "kilogram_per_hectare")
    assert convertible("hundredweight_per_acre", "tonne_per_hectare")
    value, unit = to_base(1, "ounce_per_tonne")
    assert unit == "gram_per_tonne" and abs(value - 28.3495) < 1e-3


def test_units_convert_without_loading_dask():
    # pint imports dask (its dask-array support) unless told it is absent: ~0.2 s of extract's start-up
    import subprocess
    import sys
    from pathlib import Path

    out = subprocess.run([sys.executable, "-c", "import sys\nfrom pipeline.units import to_base\n"
                          "print(to_base(3.0, 'pound'), 'dask' in sys.modules)"],
                         capture_output=True, text=True, check=True, cwd=Path(__file__).resolve().parents[1])
    assert out.stdout.strip() == "(1.36077711, 'kilogram') False"


def test_grams_per_short_ton_convert_to_grams_per_tonne():
    value, unit = to_base(1, "gram_per_ton")
    assert unit == "gram_per_tonne" and abs(value - 1.10231) < 1e-4


def test_a_plain_ton_and_ship_tonnages_do_not_convert():
    for unit in ("ton", "deadweight_tonne", "gross_ton", "cgrt"):
        assert to_base(5, unit) == (5, unit)
        assert not convertible(unit, "tonne")


@pytest.mark.parametrize("phrase, code", [
    ("Lebanese pounds", "LBP"), ("Soviet roubles", "SUR"), ("Soviet rubles", "SUR"), ("Belgian franc", "BEF"),
    ("Kenya shillings", "KES"), ("Kuwaiti dinars", "KWD"), ("Zambian kwacha", "ZMW"), ("Irish pounds", "IEP"),
])
def test_currencies_named_in_words_have_their_iso_code(phrase, code):
    assert currency_of_name(phrase) == code


def test_words_that_name_no_currency_have_no_code():
    assert currency_of_name("Toyota cars") is None
    assert currency_of_name("pounds") is None  # the noun alone does not say which pound
def test_pint_is_loaded_only_for_a_measurement_unit():
    # money, percents and counts (most news figures) never need pint's import and registry
    import subprocess
    import sys
    from pathlib import Path

    code = ("import sys\nfrom pipeline.units import to_base\nbefore = 'pint' in sys.modules\n"
            "print(before, to_base(5.0, 'percent'), 'pint' in sys.modules, to_base(3.0, 'pound'), 'pint' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[1])
    assert out.stdout.strip() == "False (5.0, 'percent') False (1.36077711, 'kilogram') True"


def test_a_conversion_gives_the_same_value_every_time_it_is_asked():
    from pipeline.units import convert

    first = convert(3, "pound", "kilogram")
    assert convert(3, "pound", "kilogram") == first == 1.3607771100000003
    assert convert(2.5, "mile", "metre") == 4023.36
