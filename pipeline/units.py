"""Physical and time units of figures: the published vocabulary, resolved through pint.

Every non-currency unit name the figures table may carry is declared in
`schemas.tables.MEASUREMENT_UNITS` with the pint expression that defines it. A figure keeps
the unit it was written in (`unit`: "pound", "tonne", "kilometre_per_hour") and also gets its
value in the SI unit of its dimension (`base_value`, `base_unit`: kilogram, metre,
square_metre, cubic_metre, watt, joule, newton_metre, hertz, metre_per_second, day; rates per
day), so "3 lb" and "1.36 kg" compare. Currencies, percents, counts and points never convert.
"""
from __future__ import annotations

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
    factor = (_quantity_of(unit) / _quantity_of(to)).to("dimensionless").magnitude
    return float(value * factor)


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
