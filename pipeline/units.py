"""Physical and time units of figures: the published vocabulary, resolved through pint.

Every non-currency unit name the figures table may carry is declared in
`schemas.tables.MEASUREMENT_UNITS` with the pint expression that defines it. A figure keeps
the unit it was written in (`unit`: "pound", "tonne", "kilometre_per_hour") and also gets its
value in the SI unit of its dimension (`base_value`, `base_unit`: kilogram, metre,
square_metre, cubic_metre, watt, joule, newton_metre, hertz, metre_per_second, day; rates per
day), so "3 lb" and "1.36 kg" compare. Currencies, percents, counts and points never convert.
"""
from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from schemas.tables import BASE_UNITS, MEASUREMENT_UNITS, import_without_dask

_TORQUE_UNITS = frozenset({"newton_metre", "pound_foot"})


@lru_cache(maxsize=1)
def _registry():
    """pint's unit registry, built on the first measurement unit: importing pint and building
    the registry is a few tenths of a second of start-up that a corpus whose figures are only
    money, percents and counts (most news) never needs."""
    pint = import_without_dask("pint")  # its dask-array support is never used here
    return pint.UnitRegistry()


@lru_cache(maxsize=None)
def _quantity_of(unit: str) -> "pint.Quantity | None":
    """One `unit` as a pint quantity, or None when the unit does not convert."""
    expression = MEASUREMENT_UNITS.get(unit)
    if expression is None:
        return None
    return _registry().Quantity(expression)


def convertible(a: str | None, b: str | None) -> bool:
    """True when both units are declared measurement units of the same dimension."""
    if not a or not b:
        return False
    if a == b:
        return True
    qa, qb = _quantity_of(a), _quantity_of(b)
    return qa is not None and qb is not None and qa.dimensionality == qb.dimensionality


def convert(value: float, unit: str, to: str) -> float:
    """`value` in `unit` expressed in `to`; the units must be convertible."""
    if unit == to:
        return value
    return float(value * _factor(unit, to))


@lru_cache(maxsize=None)
def _factor(unit: str, to: str):
    """What a value in `unit` is multiplied by to be in `to` (pint's arithmetic on quantities
    costs far more than the multiplication; a corpus has few unit pairs)."""
    return (_quantity_of(unit) / _quantity_of(to)).to("dimensionless").magnitude


@lru_cache(maxsize=None)
def base_unit(unit: str) -> str:
    """The SI (or per-day) unit a value in `unit` is compared in; the unit itself when it has none."""
    quantity = _quantity_of(unit)
    if quantity is None:
        return unit
    if unit in _TORQUE_UNITS:
        return "newton_metre"  # a torque has the dimension of an energy but is not one
    for name in BASE_UNITS:
        if _quantity_of(name).dimensionality == quantity.dimensionality:
            return name
    return unit


def to_base(value: float, unit: str) -> tuple[float, str]:
    """(value, unit) in the base unit of the unit's dimension, rounded to 12 significant digits
    so the same figure always prints the same number."""
    target = base_unit(unit)
    if target == unit:
        return value, unit
    return float(f"{convert(value, unit, target):.12g}"), target


# --------------------------------------------------------------------------------------------
# currencies named in words
# --------------------------------------------------------------------------------------------
_YEARS_NOTE = re.compile(r"\s*\((?:\d{4})\s*[–—-]\s*(?:\d{4})?\)\s*$")
_ANY_NOTE = re.compile(r"\s*\(.*\)\s*$")
_CURRENCY_TENDER_FROM, _CURRENCY_TENDER_TO = date(1900, 1, 1), date(2100, 1, 1)


def _spellings(phrase: str) -> set[str]:
    """A currency name as news writes it: lower case, "rouble" or "ruble", the singular also as
    a plural ("500 mln Zambian kwacha")."""
    phrase = " ".join(phrase.lower().split())
    forms = {phrase, phrase.replace("ruble", "rouble"), phrase.replace("rouble", "ruble")}
    return forms


@lru_cache(maxsize=1)
def currency_names() -> dict[str, str]:
    """Currency names in English -> ISO 4217 code, from the CLDR data that babel ships: the
    name and its plural ("Lebanese pound(s)", "Soviet rouble(s)", "Belgian franc(s)") and the
    country's name before the currency's noun, as the wire writes it ("Kenya shillings").
    A name that two currencies share goes to the one still issued ("Zambian kwacha" is ZMW,
    not the ZMK of 1968-2012); names of accounting units ("(financial)") are left out."""
    from babel import Locale
    from babel.numbers import get_currency_name, get_territory_currencies

    english = Locale("en")
    candidates: dict[str, list[tuple[bool, str]]] = {}
    nouns: dict[str, tuple[str, str, bool]] = {}  # code -> (singular noun, plural noun, historic)
    for code, name in sorted(english.currencies.items()):
        plural = get_currency_name(code, count=2, locale="en")
        historic = bool(_YEARS_NOTE.search(name))
        if _ANY_NOTE.search(name) and not historic:
            continue  # "Belgian Franc (financial)", "Chinese Yuan (offshore)": not what news quotes
        name, plural = _YEARS_NOTE.sub("", name), _YEARS_NOTE.sub("", plural)
        if len(name.split()) < 2:
            continue  # "Euro" alone is in the figure grammar already
        for phrase in _spellings(name) | _spellings(plural):
            candidates.setdefault(phrase, []).append((historic, code))
        nouns[code] = (name.split()[-1].lower(), plural.split()[-1].lower(), historic)
    for territory, country in sorted(english.territories.items()):
        if not (len(territory) == 2 and territory.isalpha()):
            continue
        for code in get_territory_currencies(territory, start_date=_CURRENCY_TENDER_FROM,
                                             end_date=_CURRENCY_TENDER_TO, tender=True):
            if code in nouns:
                singular, plural, historic = nouns[code]
                for noun in (singular, plural):
                    for phrase in _spellings(f"{country} {noun}"):
                        candidates.setdefault(phrase, []).append((historic, code))
    table: dict[str, str] = {}
    for phrase, codes in candidates.items():
        current = sorted({code for historic, code in codes if not historic})
        every = sorted({code for _, code in codes})
        chosen = current if current else every
        if len(chosen) == 1:  # two current currencies of one name: the text does not say which
            table[phrase] = chosen[0]
    return table


def currency_of_name(phrase: str) -> str | None:
    """The ISO 4217 code of a currency named in words ("Lebanese pounds" -> LBP), or None."""
    return currency_names().get(" ".join(phrase.lower().split()))
