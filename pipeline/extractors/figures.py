"""Numeric quantities in a Doc: money, percentages, counts, durations, ranks.

A regular grammar finds the number expressions in the text (currency symbols and codes,
scale words, unit words, number words); the parse then supplies what the number measures,
its qualifier, its period and from/to pairs. Calendar dates, years, clock times and numbers
that are part of names are not figures.
"""
from __future__ import annotations

import bisect
import math
from decimal import Decimal
import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from pipeline.extractors.gates import Gated, Prescanned, folded_text
from pipeline.nlp import EntityIndex, SentenceIndex, doc_text
from pipeline.units import currency_of_name, to_base
from schemas.tables import FIGURE_UNITS_NON_CURRENCY, MEASUREMENT_UNITS

PUBLISHED_UNITS = frozenset(FIGURE_UNITS_NON_CURRENCY)

_WORD_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}
_WORD_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
              "seventy": 70, "eighty": 80, "ninety": 90}
_WORD_OTHER = {"a dozen": 12, "dozen": 12, "a hundred": 100, "hundred": 100, "a thousand": 1000,
               "a million": 1e6, "a billion": 1e9, "a trillion": 1e12}
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "fifteenth": 15,
    "twentieth": 20,
}
_SCALES = {
    "thousand": 1e3, "k": 1e3, "million": 1e6, "mln": 1e6, "mn": 1e6, "m": 1e6,
    "billion": 1e9, "bln": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12,
    "tln": 1e12, "crore": 1e7, "crores": 1e7, "lakh": 1e5, "lakhs": 1e5,
}
_SCALE_NAMES = {1e3: "thousand", 1e5: "lakh", 1e6: "million", 1e7: "crore", 1e9: "billion", 1e12: "trillion"}
_CURRENCY_PREFIX = {
    "us$": "USD", "u.s.$": "USD", "$": "USD", "a$": "AUD", "au$": "AUD", "c$": "CAD",
    "ca$": "CAD", "hk$": "HKD", "s$": "SGD", "nz$": "NZD", "r$": "BRL", "€": "EUR",
    "£": "GBP", "¥": "JPY", "₹": "INR", "rs": "INR", "rs.": "INR", "₩": "KRW",
}
_CURRENCY_CODES = ("USD", "EUR", "GBP", "JPY", "CNY", "INR", "KRW", "CHF", "CAD", "AUD",
                   "HKD", "SGD", "RMB")
_CURRENCY_WORDS = {
    "u.s. dollars": "USD", "us dollars": "USD", "dollars": "USD", "dollar": "USD", "dlrs": "USD", "dlr": "USD",
    "euros": "EUR", "euro": "EUR", "pounds sterling": "GBP", "pounds": "GBP", "pound": "GBP",
    "stg": "GBP", "sterling": "GBP", "yen": "JPY", "yuan": "CNY", "renminbi": "CNY",
    "rupees": "INR", "rupee": "INR", "won": "KRW", "swiss francs": "CHF", "swiss franc": "CHF",
    "french francs": "FRF", "french franc": "FRF", "belgian francs": "BEF", "belgian franc": "BEF",
    "francs": "CHF", "marks": "DEM", "guilders": "NLG", "lire": "ITL",
    "pesetas": "ESP", "peseta": "ESP", "schillings": "ATS", "escudos": "PTE", "drachmas": "GRD",
    "swedish crowns": "SEK", "swedish kronor": "SEK", "kronor": "SEK", "danish crowns": "DKK",
    "danish kroner": "DKK", "norwegian crowns": "NOK", "norwegian kroner": "NOK", "crowns": "SEK",
    "rand": "ZAR", "riyals": "SAR", "riyal": "SAR", "dirhams": "AED", "rupiah": "IDR", "ringgit": "MYR",
    "baht": "THB", "shekels": "ILS", "zlotys": "PLN", "zloty": "PLN", "roubles": "RUB", "rubles": "RUB",
    "ecus": "XEU", "ecu": "XEU", "european currency units": "XEU", "european currency unit": "XEU", "naira": "NGN", "pesos": "MXN", "mexican pesos": "MXN",
    "philippine pesos": "PHP", "argentine pesos": "ARS", "chilean pesos": "CLP", "deutsche marks": "DEM",
    "d-marks": "DEM", "dutch guilders": "NLG", "italian lire": "ITL", "hong kong dollars": "HKD",
    # singular after a scale: "a 200 mln guilder loan" ("mark" and "crown" are left out: "the
    # 20,000 mark" is a milestone)
    "guilder": "NLG", "franc": "CHF", "lira": "ITL", "peso": "MXN",
    "schilling": "ATS", "escudo": "PTE", "drachma": "GRD", "dirham": "AED", "shekel": "ILS", "rouble": "RUB",
    "ruble": "RUB",
}
# A currency word shared by several countries takes the one its sentence names.
_CURRENCY_BY_CONTEXT = {
    "franc": ((r"\b(?:French|France|Paris)\b", "FRF"), (r"\b(?:Belgian|Belgium|Brussels)\b", "BEF"),
              (r"\b(?:Swiss|Switzerland|Zurich|Geneva|Berne|Basle|Basel)\b", "CHF")),
    "francs": ((r"\b(?:French|France|Paris)\b", "FRF"), (r"\b(?:Belgian|Belgium|Brussels)\b", "BEF"),
               (r"\b(?:Swiss|Switzerland|Zurich|Geneva|Berne|Basle|Basel)\b", "CHF")),
    "crowns": ((r"\b(?:Danish|Denmark|Copenhagen)\b", "DKK"), (r"\b(?:Norwegian|Norway|Oslo)\b", "NOK"),
               (r"\b(?:Swedish|Sweden|Stockholm)\b", "SEK")),
    # the Soviet Union's rouble has its own (withdrawn) ISO 4217 code
    "roubles": ((r"\b(?:Soviets?|USSR|U\.S\.S\.R\.)", "SUR"),), "rubles": ((r"\b(?:Soviets?|USSR|U\.S\.S\.R\.)", "SUR"),),
    "rouble": ((r"\b(?:Soviets?|USSR|U\.S\.S\.R\.)", "SUR"),), "ruble": ((r"\b(?:Soviets?|USSR|U\.S\.S\.R\.)", "SUR"),),
    "pesos": ((r"\b(?:Philippine|Philippines|Manila)\b", "PHP"), (r"\b(?:Argentin\w*|Buenos Aires)\b", "ARS"),
              (r"\b(?:Chile\w*|Santiago)\b", "CLP"), (r"\b(?:Colombia\w*|Bogota)\b", "COP"),
              (r"\b(?:Mexic\w*)\b", "MXN")),
}
# Hundredth parts of a currency, written after the number.
_SUBUNITS = {"cents": "USD", "cent": "USD", "cts": "USD", "pence": "GBP", "euro cents": "EUR",
             "u.s. cents": "USD", "us cents": "USD", "canadian cents": "CAD", "australian cents": "AUD"}
_CURRENCY_WORDS.update(_SUBUNITS)
# "Taiwan dlrs", "Canadian dollars": a country name fixes which dollar.
for _country, _code in {"canadian": "CAD", "australian": "AUD", "hong kong": "HKD", "h.k.": "HKD", "singapore": "SGD",
                        "taiwan": "TWD", "new zealand": "NZD", "n.z.": "NZD", "u.s.": "USD", "us": "USD"}.items():
    for _word in ("dollars", "dollar", "dlrs", "dlr"):
        _CURRENCY_WORDS[f"{_country} {_word}"] = _code
        _CURRENCY_WORDS[f"{_country}-{_word}"] = _code  # the wire's "a 104-mln- U.S.-dlr bid"
_PERCENT_WORDS = {
    "%": "percent", "percent": "percent", "per cent": "percent", "pct": "percent",
    "percentage points": "percentage_point", "percentage point": "percentage_point",
    "pct points": "percentage_point", "basis points": "basis_point", "basis point": "basis_point",
    "bps": "basis_point",
}
_DURATION_UNITS = {
    "second": "second", "minute": "minute", "hour": "hour", "day": "day", "week": "week",
    "month": "month", "quarter": "quarter", "year": "year", "decade": "decade", "century": "century",
    "sec": "second", "min": "minute", "hr": "hour", "yr": "year", "mth": "month", "wk": "week",
}
# Unit words and symbols written after a number -> the published unit (schemas MEASUREMENT_UNITS
# or OTHER_UNITS). Words match in any case; symbols and abbreviations only as written, since
# "MW" is a megawatt and "mW" would not be.
_UNIT_WORDS = {
    # a plain "ton" may be short, long or metric: kept as written ("ton", compared by name)
    "tonnes": "tonne", "tonne": "tonne", "tons": "ton", "ton": "ton", "metric tons": "tonne",
    "metric ton": "tonne", "metric tonnes": "tonne", "short tons": "short_ton", "long tons": "long_ton",
    "kilograms": "kilogram", "kilogram": "kilogram", "kilos": "kilogram", "kilo": "kilogram",
    "grams": "gram", "gram": "gram", "milligrams": "milligram", "milligram": "milligram",
    "pounds": "pound", "pound": "pound", "ounces": "ounce", "ounce": "ounce", "troy ounces": "troy_ounce",
    "troy ounce": "troy_ounce",
    "metres": "metre", "metre": "metre", "meters": "metre", "meter": "metre",
    "millimetres": "millimetre", "millimetre": "millimetre", "millimeters": "millimetre", "millimeter": "millimetre",
    "centimetres": "centimetre", "centimetre": "centimetre", "centimeters": "centimetre", "centimeter": "centimetre",
    "kilometres": "kilometre", "kilometre": "kilometre", "kilometers": "kilometre", "kilometer": "kilometre",
    "inches": "inch", "inch": "inch", "feet": "foot", "foot": "foot", "yards": "yard", "yard": "yard",
    "miles": "mile", "mile": "mile", "nautical miles": "nautical_mile",
    "square metres": "square_metre", "square meters": "square_metre", "square kilometres": "square_kilometre",
    "square kilometers": "square_kilometre", "square feet": "square_foot", "square foot": "square_foot",
    "square miles": "square_mile", "acres": "acre", "acre": "acre", "hectares": "hectare", "hectare": "hectare",
    "cubic metres": "cubic_metre", "cubic meters": "cubic_metre", "cubic feet": "cubic_foot",
    "litres": "litre", "litre": "litre", "liters": "litre", "liter": "litre", "gallons": "gallon", "gallon": "gallon",
    "barrels": "barrel", "barrel": "barrel", "bushels": "bushel", "bushel": "bushel",
    "watts": "watt", "watt": "watt", "kilowatts": "kilowatt", "kilowatt": "kilowatt", "megawatts": "megawatt",
    "megawatt": "megawatt", "gigawatts": "gigawatt", "gigawatt": "gigawatt", "horsepower": "horsepower",
    "kilowatt hours": "kilowatt_hour", "kilowatt-hours": "kilowatt_hour", "megawatt hours": "megawatt_hour",
    "gigawatt hours": "gigawatt_hour", "terawatt hours": "terawatt_hour",
    "newton-metres": "newton_metre", "newton metres": "newton_metre", "newton-meters": "newton_metre",
    "newton meters": "newton_metre", "pound-feet": "pound_foot", "lb-ft": "pound_foot",
    "hertz": "hertz", "kilohertz": "kilohertz", "megahertz": "megahertz", "gigahertz": "gigahertz",
    "kilometres per hour": "kilometre_per_hour", "kilometers per hour": "kilometre_per_hour",
    "kilometres an hour": "kilometre_per_hour", "kilometers an hour": "kilometre_per_hour",
    "miles per hour": "mile_per_hour", "miles an hour": "mile_per_hour", "knots": "knot",
    "degrees celsius": "degree_celsius", "degree celsius": "degree_celsius", "degrees centigrade": "degree_celsius",
    "degrees fahrenheit": "degree_fahrenheit", "degree fahrenheit": "degree_fahrenheit",
    "gigabytes": "gigabyte", "terabytes": "terabyte", "megabytes": "megabyte", "decibels": "decibel",
    "bags": "bag", "bales": "bale", "hundredweight": "hundredweight", "cwts": "hundredweight", "cwt": "hundredweight",
    "boxes": "box", "calories": "calorie", "kilocalories": "calorie", "light-years": "light_year",
    "light years": "light_year", "light-year": "light_year", "frames per second": "frame_per_second",
    "megabyte": "megabyte", "gigabyte": "gigabyte", "terabyte": "terabyte", "cubic foot": "cubic_foot",
    "cubic metre": "cubic_metre", "cubic meter": "cubic_metre", "kilobits per second": "kilobit_per_second",
    "megabits per second": "megabit_per_second", "gigabits per second": "gigabit_per_second",
    # ship tonnages: a carrying capacity or an enclosed volume, not the mass of a thing
    "deadweight tonnes": "deadweight_tonne", "deadweight tonne": "deadweight_tonne", "deadweight tons": "deadweight_tonne",
    "deadweight ton": "deadweight_tonne", "dead weight tonnes": "deadweight_tonne", "dead weight tons": "deadweight_tonne",
    "gross tons": "gross_ton", "gross ton": "gross_ton", "gross tonnes": "gross_ton", "gross registered tons": "gross_ton",
    "gross registered tonnes": "gross_ton", "compensated gross registered tons": "cgrt",
    "compensated gross tons": "cgrt", "compensated gross tonnes": "cgrt",
}
_UNIT_SYMBOLS = {
    "b/d": "barrel_per_day", "mm": "millimetre", "cm": "centimetre", "km": "kilometre", "kg": "kilogram", "mg": "milligram",
    "lb": "pound", "lbs": "pound", "oz": "ounce", "ft": "foot", "sq ft": "square_foot", "sq km": "square_kilometre",
    "hp": "horsepower", "bhp": "horsepower", "Nm": "newton_metre", "Hz": "hertz", "kHz": "kilohertz",
    "MHz": "megahertz", "GHz": "gigahertz", "kW": "kilowatt", "MW": "megawatt", "GW": "gigawatt",
    "kWh": "kilowatt_hour", "MWh": "megawatt_hour", "GWh": "gigawatt_hour", "TWh": "terawatt_hour",
    "km/h": "kilometre_per_hour", "kph": "kilometre_per_hour", "mph": "mile_per_hour",
    "°C": "degree_celsius", "ºC": "degree_celsius", "°F": "degree_fahrenheit", "ºF": "degree_fahrenheit",
    "GB": "gigabyte", "TB": "terabyte", "MB": "megabyte", "dB": "decibel", "dBA": "decibel", "dBa": "decibel", "bpd": "barrel_per_day",
    "fps": "frame_per_second", "kcal": "calorie", "kms": "kilometre", "kbps": "kilobit_per_second",
    "Kbps": "kilobit_per_second", "Mbps": "megabit_per_second", "Gbps": "gigabit_per_second",
    "gm": "gram", "gms": "gram", "dwt": "deadweight_tonne", "DWT": "deadweight_tonne", "gt": "gross_ton",
    "grt": "gross_ton", "GRT": "gross_ton", "cgrt": "cgrt", "CGRT": "cgrt",
}
# The second unit of a yield, grade or serving: "234 cwts per acre", "0.3 grams a tonne",
# "1.47 gallons per box", "four calories per tablespoon". The compound is published only when
# it is in the unit vocabulary (schemas.tables).
_PER_UNIT_WORDS = {
    "acre": "acre", "acres": "acre", "hectare": "hectare", "hectares": "hectare", "ha": "hectare",
    "tonne": "tonne", "metric ton": "tonne", "ton": "ton", "short ton": "ton", "box": "box", "tablespoon": "tablespoon",
    "teaspoon": "teaspoon", "cup": "cup",
}
_QUALIFIERS = (
    ("as much as", "up_to"), ("as many as", "up_to"), ("as high as", "up_to"), ("up to", "up_to"),
    ("no more than", "at_most"), ("at most", "at_most"), ("not more than", "at_most"),
    ("at least", "at_least"), ("no less than", "at_least"), ("a minimum of", "at_least"),
    ("more than", "more_than"), ("over", "more_than"), ("above", "more_than"),
    ("just over", "more_than"), ("upwards of", "more_than"), ("in excess of", "more_than"),
    ("less than", "less_than"), ("fewer than", "less_than"), ("under", "less_than"),
    ("below", "less_than"), ("just under", "less_than"),
    ("about", "approximately"), ("around", "approximately"), ("roughly", "approximately"),
    ("approximately", "approximately"), ("some", "approximately"), ("nearly", "approximately"),
    ("almost", "approximately"), ("close to", "approximately"), ("an estimated", "approximately"),
    ("estimated", "approximately"), ("approx.", "approximately"), ("circa", "approximately"),
)
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun",
           "jul", "aug", "sep", "sept", "oct", "nov", "dec")

_QUALIFIER_WORDS = frozenset(w for phrase, _ in _QUALIFIERS for w in phrase.split())





def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_PER_UNIT_RE = re.compile(
    rf"(?:\s+of\s+[a-z]+(?:\s+[a-z]+)?)?(?:\s*|-)(?:\bper[\s-]+|\ba[\s-]+|/\s?)(?P<per>{_alternation(_PER_UNIT_WORDS)})\b",
    re.IGNORECASE)
_DURATION_AFTER_RE = re.compile(rf"[- ](?:{_alternation(_DURATION_UNITS)})s?\b", re.IGNORECASE)
_UNIT_RE = re.compile(
    rf"(?:\s|-)?(?:(?P<word>(?i:{_alternation(_UNIT_WORDS)}))|(?P<symbol>{_alternation(_UNIT_SYMBOLS)}))(?![\w°])"
)
_RATE_RE = re.compile(r" (?:per|a|an|/) ?(hour|day|week|month|year)\b(?!\s+(?:ago|earlier|before|later)\b)"
                      r"|/(hour|day|week|month|year|yr|d)\b"
                      r"| (annual|yearly|daily|weekly|monthly)\b")
# A sentence about body or load weight reads "pounds" as a mass, not as sterling.
_WEIGHT_CONTEXT_RE = re.compile(r"\b(?:weigh\w*|weight|heavier|lighter|overweight|obese)\b", re.IGNORECASE)
# A dollar's country at the very end of a sentence: the wire's "U.S. dlrs" cut by the splitter.
_CUT_CURRENCY_RE = re.compile(r"\s(U\.S\.|N\.Z\.|Canadian|Australian|Hong Kong|Singapore|Taiwan|New Zealand)\s*$")
_SYMBOL_AFTER_RE = re.compile(r"\s?([€£¥₹₩])")
_RATE_ADJECTIVES = {"annual": "year", "yearly": "year", "daily": "day", "weekly": "week", "monthly": "month"}
_INDEX_RE = re.compile(r"\b(?:index|indices|indexes|average|Nikkei|Dow|FTSE|Hang Seng|DAX|CAC|S&P|Nasdaq|"
                       r"Sensex|Nifty|STOXX|Stoxx|Topix|TOPIX|Kospi|KOSPI)\b")
# A level reached or stated: "fell 0.4 pct to 99.7", "registered 174.2", "a high of 40,816.38".
_LEVEL_BEFORE_RE = re.compile(r"\b(?:at|of|is|was|registered|equals|equalled|reached|hit)\s+$")
_INDEX_NAME_RE = re.compile(r"\b(?:index|indices|indexes|Nikkei|Dow|FTSE|Hang Seng|DAX|CAC|S&P|Nasdaq|"
                            r"Sensex|Nifty|STOXX|Stoxx|Topix|TOPIX|Kospi|KOSPI)\b")
# "intercepted three times": a frequency (a count), unless a comparison follows ("three times as
# large", "three times the size", "three times higher").
_COMPARISON_AFTER_TIMES_RE = re.compile(r"\s+(?:as|more|less|the|that|what|its|their|over|\w+er)\b", re.IGNORECASE)
# "three-time author", "a five time NBA champion", "two-time Olympic gold medallist".
_TIME_HONOUR_RE = re.compile(
    r"(?P<time>[\s-]time)\s+(?:[A-Za-z][\w.&'-]*\s+){0,3}(?:[a-z-]*(?:champion|winner|medall?ist|author|nominee|"
    r"all-star|finalist|mvp|olympian|holder|pro\s+bowler|winning|nominated)|MVP|All-Star|Olympian|Pro\s+Bowler)s?\b")
_POINTS_OF_A_PLAN_RE = re.compile(r"\s+(?:[a-z]+\s+)?(?:plan|programme|program|agenda|proposal|strategy|charter|"
                                  r"checklist|blueprint|platform|list|formula|manifesto)s?\b")
# A point of a coupon or an interest rate is a percentage point (not an index or a price point).
_RATE_POINT_CONTEXT_RE = re.compile(r"\b(?:coupons?|(?:interest|discount|prime|lending|base|repo|key|policy|deposit|"
                                    r"mortgage|overnight|bank)\s+rates?)\b", re.IGNORECASE)
_RICHTER_RE = re.compile(r"\s+(?:on|in)\s+the\s+(?:[\w-]+\s+){0,2}Richter\b", re.IGNORECASE)
# A reading on an intensity scale of points: "registered six on the 12-point Mercalli scale".
_MERCALLI_RE = re.compile(r"\s+(?:on|in)\s+the\s+(?:[\w-]+\s+){0,3}Mercalli\b", re.IGNORECASE)
_AGE_RE = re.compile(r"[\s-]?(?:year|yr)s?[\s-]old\b", re.IGNORECASE)
_TIMES_RE = re.compile(r"(?:\s?times\b|x(?![\w-]))", re.IGNORECASE)
_POINTS_RE = re.compile(r"[\s-]?(?:points?|pts?\.?)(?![\w-])", re.IGNORECASE)
_WORD_NUMBER = (
    rf"(?:(?:{_alternation(_WORD_TENS)})(?:-(?:{_alternation(k for k in _WORD_UNITS if _WORD_UNITS[k] < 10)}))?"
    rf"|{_alternation(_WORD_OTHER)}|{_alternation(_WORD_UNITS)})"
)
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+"
_FIGURE_RE = re.compile(
    rf"""
    (?:(?<![\w$€£¥₹.,/:\-–])|(?<=\d[-–]))
    (?P<sign>(?<![\d])[-−])?
    (?:(?P<cur_pre>US\$|U\.S\.\s?\$|AU?\$|CA?\$|HK\$|S\$|NZ\$|R\$|\$|€|£|¥|₹|₩|Rs\.?\s?|(?:{'|'.join(_CURRENCY_CODES)})\s?))?
    (?:(?P<mixed>\d{{1,3}}[-\s]\d{{1,2}}/\d{{1,2}}(?![\d/]))
       |(?P<frac>\d{{1,2}}/(?:2|4|8|16|32|64)(?=\s?(?:points?|pct|percent|%|dlrs?|cents?|cts)\b))
       |(?P<num>{_DIGITS})|(?P<wnum>\b{_WORD_NUMBER}\b))
    (?:
        (?P<ordsuf>st|nd|rd|th)\b
      | (?:(?:\s{{0,2}}|-(?=(?:trillion|billion|million|bln|mln)\b))(?P<scale>trillion|billion|million|thousand|crores?|lakhs?|tln|tn|bln|bn|mln|mn)\b
         |(?P<short_scale>[mbk])\b|(?P<pence>p)\b)?
        (?:(?:\s?|-\s?(?!pounds?\b)(?=[a-z]))(?P<suffix>{_alternation(list(_PERCENT_WORDS) + list(_CURRENCY_WORDS))})
           (?!\w|-(?!(?:owned|held|controlled|denominated|owners?|holders?|stake)\b)))?
    )
    """,
    re.VERBOSE | re.IGNORECASE,
)
_RANK_WORDS = ("largest", "biggest", "highest", "lowest", "smallest", "most", "least", "best", "worst", "fastest",
               "richest", "busiest", "top", "place", "position", "spot")
_ORDINAL_RANK_RE = Gated(re.compile(
    rf"\b(?P<word>{_alternation(_ORDINALS)})[- ](?:{'|'.join(_RANK_WORDS)})\b",
    re.IGNORECASE,
), _ORDINALS, _RANK_WORDS)
# A placing: "finished second in the slalom", "took home first in diving", "came third".
_PLACING_RE = Gated(re.compile(
    rf"\b(?:finish(?:ed|es|ing)?|plac(?:ed|es|ing)|c(?:a|o)me|took(?:\s+home)?|ranked)\s+"
    rf"(?P<word>{_alternation(_ORDINALS)})\s+(?:in|at|on|overall|among|behind|place)\b", re.IGNORECASE),
    ["finish", "plac", "came", "come", "took", "ranked"], _ORDINALS)
# "the #1 enemy", "the #3 pick": a rank before its noun ("#3" alone stays a label).
_HASH_RANK_RE = Gated(re.compile(r"(?<![\w#])(?P<word>#[1-9]\d?)\s+(?=[a-z])"), ["#"])
# A short time phrase between the two ends of "rose to Y in March from X" / "to Y last
# year, up from X": a preposition or determiner and at most two words, no digits.
_TIME_PHRASE = r"(?:\s+(?:in|on|at|by|during|over|for|last|this|a|the)(?:\s+[a-z.]+){1,2}(?<!\bfrom))?"
_DATE_PROXIMITY_RE = re.compile(rf"(?:\b(?:{'|'.join(_MONTHS)})\.?\s*$)", re.IGNORECASE)


@dataclass
class Figure:
    start: int
    end: int
    text: str
    value: float
    unit: str
    kind: str
    qualifier: str | None = None
    change: str | None = None
    change_group: str | None = None
    measure: str | None = None
    period: str | None = None
    sentence_index: int = 0
    explicit_unit: bool = True
    keep_if_bare: bool = True
    unit_text: str | None = None
    low: float | None = None
    high: float | None = None
    base_value: float | None = None
    base_unit: str | None = None
    scale: float = 1.0
    statement_amount: bool = False
    wire_price: bool = False  # a bare wire price in eighths ("closed at 19-3/4"): dollars unless a neighbour says
    in_subunits: bool = False  # a bare number that took cents or pence from a neighbour (its value is divided)


def _number_value(m: re.Match) -> float | None:
    if m.group("mixed"):  # wire fractions: "7-3/4" is 7.75
        whole, numerator, denominator = re.split(r"[-\s/]", m.group("mixed"))
        return int(whole) + int(numerator) / int(denominator) if int(denominator) else None
    if m.group("frac"):  # "3/4 point"
        numerator, denominator = m.group("frac").split("/")
        return int(numerator) / int(denominator)
    if m.group("num"):
        return float(m.group("num").replace(",", ""))
    word = m.group("wnum").lower()
    if word in _WORD_OTHER:
        return float(_WORD_OTHER[word])
    if word in _WORD_UNITS:
        return float(_WORD_UNITS[word])
    tens, _, unit = word.partition("-")
    return float(_WORD_TENS[tens] + (_WORD_UNITS[unit] if unit else 0))


def _scaled(value: float, scale: str) -> float:
    """value times its scale word, in decimal so 136.42 billion is exactly 136420000000."""
    factor = _SCALES.get(scale, 1.0)
    if factor == 1.0 and math.isfinite(value):
        return float(value)  # no scale word (most numbers): the decimal product is the value itself
    return float(Decimal(repr(value)) * Decimal(repr(factor)))


def _token_at(doc: Doc, char: int) -> Token | None:
    """The token covering character `char`, or the first one after it."""
    starts = doc.user_data.get("_token_starts")
    if starts is None:
        starts = doc.user_data["_token_starts"] = doc.to_array("IDX").tolist() if len(doc) else []
    i = bisect.bisect_right(starts, char) - 1
    if i >= 0 and doc[i].idx + len(doc[i].text) > char:
        return doc[i]
    return doc[i + 1] if i + 1 < len(doc) else None


def _next_word(doc: Doc, end: int) -> Token | None:
    """The first word token starting at or after `end` (skipping a joining hyphen)."""
    tok = _token_at(doc, end)
    while tok is not None and (tok.idx < end or tok.text == "-" or tok.is_space):
        if tok.i + 1 >= len(doc):
            return None
        tok = doc[tok.i + 1]
    return tok


def _is_year(value: float, m: re.Match) -> bool:
    raw = m.group("num") or ""
    return (len(raw) == 4 and raw.isdigit() and 1800 <= value <= 2100
            and not m.group("cur_pre") and not m.group("suffix") and not m.group("scale"))


_CAPITALISED_RE = re.compile(r"\b[A-Z][a-z]+\b")
_CAPITALISED_PAIR_RE = re.compile(r"(?=\b([A-Z][a-z]+\s[A-Z][a-z]+)\b)")


def _currency_in_context(word: str, sentence: str) -> str:
    """The currency of a currency word; a word several countries use ("francs") takes the
    country its sentence names."""
    code = next((code for pattern, code in _CURRENCY_BY_CONTEXT.get(word, ()) if re.search(pattern, sentence)), None)
    if code is None and word in _CURRENCY_BY_CONTEXT:
        # any other country the sentence names whose currency has this name: "Luxembourg" + "francs"
        countries = _CAPITALISED_RE.findall(sentence) + _CAPITALISED_PAIR_RE.findall(sentence)
        named = {currency_of_name(f"{country} {word}") for country in countries} - {None}
        code = named.pop() if len(named) == 1 else None
    return code or _CURRENCY_WORDS[word]


def _classify(doc: Doc, text: str, m: re.Match, value: float) -> tuple[str, str, float, int, str | None] | None:
    """(kind, unit, value, end, unit as written) of a match, or None when it is not a figure.
    `text` is doc.text, passed in because spaCy rebuilds it on every access."""
    end = m.end()
    scale = (m.group("scale") or m.group("short_scale") or "").lower()
    if m.group("short_scale") and not m.group("cur_pre"):
        return None  # "5 m" is metres or a model name, "$5m" is money
    value = _scaled(value, scale)
    suffix = (m.group("suffix") or "").lower()
    if m.group("ordsuf"):
        return "rank", "rank", value, end, None
    if m.group("cur_pre"):
        pre = m.group("cur_pre").strip().lower()
        unit = _CURRENCY_PREFIX.get(pre) or pre.upper().replace("RMB", "CNY")
        return "money", unit, value, end, m.group("cur_pre").strip()
    if m.group("pence"):  # "85p": pence are hundredths of a pound
        return "money", "GBP", float(Decimal(repr(value)) / 100), end, "p"
    if suffix in _PERCENT_WORDS:
        return "percent", _PERCENT_WORDS[suffix], value, end, m.group("suffix")
    if suffix in _CURRENCY_WORDS:
        if suffix in _SUBUNITS:  # "55 cts" is 0.55 dollars: values are in the main unit
            return "money", _CURRENCY_WORDS[suffix], float(Decimal(repr(value)) / 100), end, m.group("suffix")
        currency = _CURRENCY_WORDS[suffix]
        if suffix in ("pounds", "pound") and not scale and _WEIGHT_CONTEXT_RE.search(SentenceIndex.of(doc).text_at(m.start())):
            return "other", "pound", value, end, m.group("suffix")  # "he weighed 243 pounds"
        if suffix in _CURRENCY_BY_CONTEXT:
            currency = _currency_in_context(suffix, SentenceIndex.of(doc).text_at(m.start()))
        return "money", currency, value, end, m.group("suffix")
    after = text[end:end + 40]
    cut = _CUT_CURRENCY_RE.match(after)
    if cut and m.group("num") and \
            SentenceIndex.of(doc).sentence_at(m.start()).end_char <= end + len(cut.group(0).rstrip()):
        # "reserves fell to 7.13 billion N.Z." where the sentence splitter cut "N.Z. dlrs" in two
        return "money", _CURRENCY_WORDS[f"{cut.group(1).lower()} dlrs"], value, end + len(cut.group(0).rstrip()), cut.group(1)
    symbol_after = _SYMBOL_AFTER_RE.match(after)
    if symbol_after:  # "60,000₩", "25 €": the currency sign written after the amount
        return "money", _CURRENCY_PREFIX[symbol_after.group(1)], value, end + symbol_after.end(), symbol_after.group(1)
    named = _CURRENCY_NAME_AFTER_RE.match(after)
    if named:  # "5 mln Lebanese pounds", "200 Kenya shillings": a currency named in words
        words = named.group("name").split()
        for first in range(len(words)):
            code = currency_of_name(" ".join(words[first:] + [named.group("noun")]))
            if code:
                return "money", code, value, end + named.end(), " ".join(words[first:] + [named.group("noun")])
    season = _SEASONS_RE.match(after)
    if season and not scale:  # "for 17 NBA seasons": a sports season is its own unit of time
        return "duration", "season", value, end + season.end(), season.group("season")
    age = _AGE_RE.match(after)
    if age and not scale:
        return "age", "year", value, end + age.end(), None  # "a 12-year-old", "70-year-old woman"
    unit_match = _UNIT_RE.match(after)
    if unit_match:
        written = unit_match.group("word") or unit_match.group("symbol")
        unit = _UNIT_WORDS.get(written.lower()) if unit_match.group("word") else _UNIT_SYMBOLS[written]
        unit_end = end + unit_match.end()
        rate = _RATE_RE.match(text[unit_end:unit_end + 12])
        if rate:  # a rate: "barrels per day", "tonnes a year", "kg/yr"
            written_period = rate.group(1) or rate.group(2) or rate.group(3)
            period = {"yr": "year", "d": "day", **_RATE_ADJECTIVES}.get(written_period, written_period)
            if f"{unit}_per_{period}" in MEASUREMENT_UNITS:
                return "other", f"{unit}_per_{period}", value, unit_end + rate.end(), written
        per = _PER_UNIT_RE.match(text, unit_end)
        if per and f"{unit}_per_{_PER_UNIT_WORDS[per.group('per').lower()]}" in PUBLISHED_UNITS:
            # a yield or grade: "234 cwts per acre", "2.1 ounces of silver per ton"
            compound = f"{unit}_per_{_PER_UNIT_WORDS[per.group('per').lower()]}"
            return "other", compound, value, unit_end if " of " in per.group(0) else per.end(), written
        return "other", unit, value, unit_end, written
    times = _TIMES_RE.match(after)
    if times and m.group("wnum") and times.group(0).strip().lower() == "times" \
            and not _COMPARISON_AFTER_TIMES_RE.match(after[times.end():]):
        return "count", "count", value, end, None  # "was intercepted three times"
    if times and not (times.group(0).strip().lower() == "times" and re.match(r"\s+(?:a|an|per|each|every)\b", after[times.end():])):
        return "other", "times", value, end + times.end(), times.group(0).strip()  # "2.5 times", "9x"
    honours = _TIME_HONOUR_RE.match(after)
    if honours:  # "a three-time author", "five time NBA champion": a multiple
        return "other", "times", value, end + honours.end("time"), honours.group("time").strip(" -")
    points = _POINTS_RE.match(after)
    if points and _POINTS_OF_A_PLAN_RE.match(after, points.end()):
        return "count", "count", value, end, None  # "a nine-point peace plan" counts its points
    if points and points.group(0).strip(" -").lower().startswith("point"):
        sentence = SentenceIndex.of(doc).text_at(m.start())
        if _RATE_POINT_CONTEXT_RE.search(sentence) and not _INDEX_NAME_RE.search(sentence) \
                and not _PRICE_WORD_RE.search(sentence):
            # "cut by 0.60 point six-monthly coupons", "raised its prime rate by 0.5 point"
            return "percent", "percentage_point", value, end + points.end(), points.group(0).strip(" -")
    if points:
        return "other", "point", value, end + points.end(), points.group(0).strip(" -")
    if _RICHTER_RE.match(after):  # "registered 7.0 on the Richter scale"
        return "other", "richter", value, end, None
    if _MERCALLI_RE.match(after):
        return "other", "point", value, end, None
    if m.group("num") and m.group("num").isdigit() and not scale and _STAT_SHARE_AFTER_RE.match(after):
        return "count", "count", value, end, None  # a stat line "LB Joe Smith 74 100%": snaps and their share
    total = _TOTAL_AFTER_RE.match(after)
    if total and not scale:
        return "count", "count", value, end + total.end(), None  # "(10 combined)", "12 in all."
    nxt = _next_word(doc, end)
    if nxt is None:
        return None
    word = nxt.lower_
    lemma = nxt.lemma_.lower()
    for unit_word in (lemma, word.rstrip("s")):
        if unit_word in _DURATION_UNITS:
            return "duration", _DURATION_UNITS[unit_word], value, nxt.idx + len(nxt.text), nxt.text
    if after.startswith("-") and nxt.is_lower and nxt.i + 1 < len(doc) and doc[nxt.i + 1].pos_ == "NOUN":
        return "count", "count", value, end, None  # "seven-spoke wheels", "a four-game homestand"
    if _is_model_number(doc, m, nxt, value):
        return None  # "its popular 737 Max jet", "about 400 737 Max jets": a model, not a count
    if nxt.ent_type_ == "NORP" and nxt.tag_ in ("NNPS", "NNS"):
        return "count", "count", value, end, None  # "300 Indians", "two Britons": people counted
    if nxt.pos_ in ("NOUN", "PROPN") and not nxt.is_title or (nxt.pos_ == "NOUN"):
        if nxt.lower_ in _MONTHS or nxt.ent_type_ == "DATE" and nxt.pos_ == "PROPN":
            return None
        return "count", "count", value, end, None
    if nxt.pos_ == "ADJ" and nxt.i + 1 < len(doc) and doc[nxt.i + 1].pos_ == "NOUN" \
            and nxt.lower_ not in ("next", "last", "previous", "following", "same"):
        return "count", "count", value, end, None  # "19,000 new jobs" (not "1.4 mln next year")
    if nxt.pos_ == "ADV" and nxt.dep_ == "advmod" and nxt.i + 2 < len(doc) \
            and (doc[nxt.i + 1].pos_ == "ADJ" or doc[nxt.i + 1].tag_ == "VBN") and doc[nxt.i + 2].pos_ == "NOUN":
        return "count", "count", value, end, None  # "two highly critical reports"
    number = _token_at(doc, max(m.start(), end - 1))
    if number is not None and _counted_by_its_verb(number) and not scale:
        return "count", "count", value, end, None  # "killed 12", "sent 17 to hospital"
    if number is not None and number.dep_ in ("nsubj", "nsubjpass") and number.head.pos_ == "VERB" \
            and number.head.i > number.i and not scale \
            and (number.dep_ == "nsubjpass" or _qualifier(text, m.start())[0] is not None) \
            and not (number.i > 0 and doc[number.i - 1].pos_ == "PROPN"):
        return "count", "count", value, end, None  # "as many as 200 have been killed", "12 were hurt"
    number = _token_at(doc, max(m.start(), end - 1))
    if number is not None and number.dep_ == "nummod" and number.head.pos_ == "NOUN" \
            and 0 < number.head.i - number.i <= 6 and number.head.is_lower \
            and doc[number.i + 1].pos_ in ("ADJ", "NOUN", "VERB") \
            and all((t.is_alpha or t.text == "-") and not t.like_num and t.pos_ in _MODIFIER_POS
                    and (t.is_lower or t.text == "-" or t.pos_ in ("ADJ", "PROPN"))
                    for t in doc[number.i + 1:number.head.i]):
        # "six leading industrialized democracies", "37 super-giant fields", "two top German
        # officials", "18 Northern and central California counties"
        return "count", "count", value, end, None
    if re.match(r"\s+or\s+(?:more|so)\b", after):
        return "count", "count", value, end, None  # "a million or more Uighurs"
    if re.match(r"\s+of\s+(?:the|its|their|his|her|our|these|those|them|[A-Z])", after) and not scale:
        return "count", "count", value, end, None  # "seven of the assists", "25,000 of its vans"
    before = text[max(0, m.start() - 50):m.start()]
    if not scale and _TOTAL_BEFORE_RE.search(before):
        # "taking the total to 54", "a total of 39", "its total banks to 13", "the total of
        # commercial providers to 14", "join the field of 20"
        return "count", "count", value, end, None
    if nxt.pos_ == "PROPN" and nxt.is_title:
        i = nxt.i
        while i < len(doc) and i - nxt.i < 4 and doc[i].pos_ == "PROPN" and doc[i].is_title:
            i += 1
        while i < len(doc) and doc[i].pos_ == "ADJ" and doc[i].is_lower:
            i += 1
        if i < len(doc) and doc[i].pos_ == "NOUN" and doc[i].is_lower and i > nxt.i:
            return "count", "count", value, end, None  # "179,200 France Fund common shares"
    if m.group("num") and re.search(r"\b(?:from|to)\s+$", before) and _SCORE_SUBJECT_RE.search(SentenceIndex.of(doc).text_at(end)):
        return "other", "point", value, end, None  # "scores jumped from 2395 to 2623"
    if m.group("num") and (re.search(r"\bto\s+$", before) and _INDEX_RE.search(SentenceIndex.of(doc).text_at(end))
                           or _LEVEL_BEFORE_RE.search(before) and _INDEX_NAME_RE.search(SentenceIndex.of(doc).text_at(end))):
        return "other", "point", value, end, None  # "the price index fell 0.4 pct to 99.7", "the index is 218"
    return None


# A total written after its number, its noun left out: "7 tackles, 3 assists (10 combined)".
_TOTAL_AFTER_RE = re.compile(r"\s+(?:combined|in\s+all|in\s+total|total|overall)(?=\s*[).,;:]|\s*$)", re.IGNORECASE)
# A score that moves ("scores jumped from 2395 to 2623", "her score rose to 92"); "scores of" is a vague count.
_SCORE_SUBJECT_RE = re.compile(r"\bscores?\b(?!\s+of\b)", re.IGNORECASE)
# Capitalised words and a lower-case noun after a number: "Lebanese pounds", "Papua New Guinean kina".
_CURRENCY_NAME_AFTER_RE = re.compile(r"\s+(?P<name>(?:[A-Z][\w'’.&-]*\s+){1,3})(?P<noun>[a-z]+)\b")
_SEASONS_RE = re.compile(r"(?:\s+[A-Z][\w.-]*){0,2}[\s-]+(?P<season>seasons?)\b")
# A count and its share in a sports stat line: "Joe Smith 74 100% 7 tackles".
_STAT_SHARE_AFTER_RE = re.compile(r"\s+\d{1,3}(?:\.\d+)?\s?%")
_MODIFIER_POS = frozenset({"ADJ", "NOUN", "PROPN", "VERB", "CCONJ", "PUNCT", "ADV"})
# "taking the total to 54", "a total of 39", "its total banks to 13", "the total of commercial
# providers to 14", "join the field of 20"
_CLOCK_AFTER_RE = re.compile(r"[:/]\d")
_AM_PM_RE = re.compile(r"\s?(?:a\.m\.|p\.m\.|am\b|pm\b)", re.IGNORECASE)
_TIME_ZONE_RE = re.compile(r"\s?(?:GMT|UTC|ET|EST|EDT|BST|CET|CEST|JST|IST|local time)\b")
_NUMBER_SIGN_BEFORE_RE = re.compile(r"(?:\bNo\.|#)\s?$")
_GROUP_OF_BEFORE_RE = re.compile(r"\bGroup\s+of\s$")
_RELATIVE_TIME_RE = re.compile(r"\s+(?:ago|later|earlier)\b")
_SPAN_WORD_BEFORE_RE = re.compile(r"\b(?:over|under|above|below)\s$")
_TOTAL_BEFORE_RE = re.compile(r"\b(?:[Tt]otal\s+(?:of\s+|to\s+|at\s+)|(?:total|number|field)\s+(?:of\s+)?(?:[a-z-]+\s+){1,3}to\s+"
                              r"|(?:the|a)\s+field\s+of\s+)$")
_PRICE_WORD_RE = re.compile(r"\bprices?\b", re.IGNORECASE)
_ONE_LABEL_RE = re.compile(r"\b(?:band|class|grade|round)\s$")
_LIST_AFTER_ONE_RE = re.compile(r"\s+(?:and|or|to)\s+(?:a\s+)?\w")
_MONTH_AFTER_RE = re.compile(rf"\s?(?:{'|'.join(_MONTHS)})\b", re.IGNORECASE)
_TICKER_BEFORE_RE = re.compile(r"<[A-Z][A-Z.]*>\s$")
_LIST_TITLE_RE = re.compile(r"\s+(?:[A-Z][a-z]+\s+){0,2}(?:Things|Tips|Ways|Reasons|Steps|Signs|Lessons|Facts|"
                            r"Questions|Mistakes|Rules|Secrets|Ideas|Habits|Tricks|Myths|Takeaways|Strategies|"
                            r"Hacks)\b")
_LABEL_WORD_RE = re.compile(r"\b(?:type|phase|stage|category|tier|version|chapter|level|season|episode|volume|"
                            r"gate|terminal|platform|route|highway|channel|flight|room)\s$")


# Verbs whose bare number object counts people (or things) the sentence has named: "the fire
# killed one and sent 17 to hospital", "police arrested 14".
_COUNTING_VERBS = frozenset(
    "kill injure wound hurt arrest detain hire employ evacuate rescue send hospitalise hospitalize sack deport "
    "free release execute infect sicken strand displace".split())


def _counted_by_its_verb(number: Token) -> bool:
    return number.dep_ == "dobj" and number.head.pos_ == "VERB" and number.head.lemma_.lower() in _COUNTING_VERBS


def _is_model_number(doc: Doc, m: re.Match, nxt: Token, value: float) -> bool:
    """A plain number of three or four digits before a capitalised name is a model ("737 Max")
    when the noun after the name is singular though the number is not one ("its 737 Max jet"),
    or when a count stands right before it ("400 737 Max jets")."""
    raw = m.group("num") or ""
    if not (raw.isdigit() and 3 <= len(raw) <= 4 and value >= 100) or m.group("scale") or m.group("suffix"):
        return False
    if not (nxt.pos_ == "PROPN" and nxt.is_title and nxt.ent_type_ not in ("NORP", "GPE")):
        return False
    number = _token_at(doc, m.start())
    if number is not None and number.i > 0 and doc[number.i - 1].like_num:
        return True
    i = nxt.i
    while i < len(doc) and i - nxt.i < 3 and doc[i].pos_ == "PROPN" and doc[i].is_title:
        i += 1
    return i < len(doc) and doc[i].tag_ == "NN"


def _is_upper_name(tok: Token) -> bool:
    """An all-capital word of a name ("STOXX", "FTSE"), not a capitalised sentence ("SALES ROSE")."""
    if not (tok.is_upper and tok.is_alpha and len(tok.text) > 1):
        return False
    sent = tok.sent
    return sum(t.is_lower for t in sent) > sum(t.is_upper for t in sent)


def _excluded_context(doc: Doc, text: str, start: int, end: int, m: re.Match) -> bool:
    """Dates, clock times and numbers inside names are not figures."""
    before = text[max(0, start - 12):start]
    after = text[end:end + 3]
    if _DATE_PROXIMITY_RE.search(before):
        return True  # "July 31", "Aug. 28-30"
    if m.group("num") and not (m.group("suffix") or m.group("scale") or m.group("cur_pre")) and \
            _MONTH_AFTER_RE.match(text, end) and \
            text[end:end + 10].strip()[:1].isupper():
        return True  # "28 August"
    if text.startswith("-for-", end):
        return True  # "a 2-for-1 split": a ratio of shares, not a quantity
    if _CLOCK_AFTER_RE.match(after) or _AM_PM_RE.match(text[end:end + 6]) or _TIME_ZONE_RE.match(text[end:end + 12]):
        return True  # clock times: "10:30", "6 p.m.", "1030 GMT"
    if _NUMBER_SIGN_BEFORE_RE.search(before):
        return True  # "No. 8" is a label, not a quantity
    if _GROUP_OF_BEFORE_RE.search(before) and not (m.group("suffix") or m.group("scale") or m.group("cur_pre")):
        return True  # "the Group of Five", "G-7": the name of a club of countries
    if m.group("num") and not (m.group("suffix") or m.group("scale") or m.group("cur_pre")) \
            and text[start - 2:start - 1] == ">" and _TICKER_BEFORE_RE.search(text, max(0, start - 14), start):
        return True  # "Boeing Co <BA> 747 jetliner": a model number after the company's ticker
    if m.group("num") and not (m.group("cur_pre") or m.group("suffix") or m.group("scale")) \
            and _LIST_TITLE_RE.match(text, end):
        return True  # "5 Tips to Enjoy ...", "10 Things in Tech": a list's title
    if m.group("num") and not (m.group("cur_pre") or m.group("suffix") or m.group("scale")) and _LABEL_WORD_RE.search(before) \
            and not _UNIT_RE.match(text[end:end + 40]):
        return True  # "type 2 diabetes", "phase 3 trials": a label, not a quantity
    if m.group("num") and not (m.group("cur_pre") or m.group("suffix") or m.group("scale")) and "," not in m.group("num"):
        prev = _token_at(doc, start - 2) if start >= 2 else None
        place = prev is not None and prev.ent_type_ == "GPE" and prev.i > 0 and prev.nbor(-1).lower_ in ("in", "for", "from", "at")
        if prev is not None and not place and prev.idx + len(prev.text) == start - 1 and (prev.is_title or _is_upper_name(prev)) \
                and not prev.is_sent_start and prev.lower_ not in _QUALIFIER_WORDS and not _UNIT_RE.match(text[end:end + 40]) \
                and not _STAT_SHARE_AFTER_RE.match(text, end):
            return True  # "Section 232", "Boeing 737", "STOXX 600" (but "iPad Pro 12.9-inch" is a size)
    return False


_QUALIFIER_RES = [(re.compile(rf"(?:^|\W){re.escape(phrase)}\s$"), phrase, qualifier) for phrase, qualifier in _QUALIFIERS]
# Matches where any one of _QUALIFIER_RES does: most numbers have no qualifier, and one search
# rules them all out (the first match in _QUALIFIERS order is still the one that counts).
_ANY_QUALIFIER_RE = re.compile(rf"(?:^|\W)(?:{'|'.join(re.escape(phrase) for phrase, _ in _QUALIFIERS)})\s$")


def _qualifier(text: str, start: int) -> tuple[str | None, int]:
    before = text[max(0, start - 20):start].lower()
    if not _ANY_QUALIFIER_RE.search(before):
        return None, start
    for pattern, phrase, qualifier in _QUALIFIER_RES:
        if pattern.search(before):
            return qualifier, start - len(phrase) - 1
    return None, start


def _noun_phrase(head: Token, exclude: range) -> str | None:
    """Compact text of a noun with its left modifiers and one prepositional complement."""
    left = [t for t in head.lefts if t.dep_ in ("compound", "amod", "nmod", "nummod")
            and t.i not in exclude and not t.like_num]
    start = min([t.i for t in left] + [head.i])
    # keep only the contiguous run of modifiers next to the head
    while start < head.i and (start in exclude or head.doc[start].dep_ in ("det", "poss", "punct", "case")):
        start += 1
    end = head.i + 1
    for child in head.rights:
        if child.dep_ == "prep" and child.lower_ in ("on", "of", "for", "from", "to", "in") and child.i == end:
            objs = [c for c in child.children if c.dep_ == "pobj"]
            if objs and objs[0].i not in exclude:
                sub = list(objs[0].subtree)
                last = max(t.i for t in sub)
                if last - head.i <= 8:
                    end = last + 1
            break
    tokens = [t for t in head.doc[start:end] if t.i not in exclude]
    while tokens and (tokens[0].dep_ in ("det", "poss", "case") or tokens[0].is_punct):
        tokens = tokens[1:]
    while tokens and tokens[-1].is_punct:
        tokens = tokens[:-1]
    if not tokens or tokens[-1].pos_ == "PRON" or all(t.pos_ == "PRON" for t in tokens):
        return None
    return "".join(t.text_with_ws for t in tokens).strip() or None


def measure_of(span: Span) -> str | None:
    """What a figure measures, read off the dependency parse (None when unclear)."""
    doc = span.doc
    inside = range(span.start, span.end)
    root = span.root
    head = root.head
    # "a 15% tariff on cars", "$550 billion investment package"
    if head.i not in inside and head.i > root.i and head.pos_ in ("NOUN", "PROPN"):
        return _noun_phrase(head, inside)
    # "19,000 jobs": the counted noun directly follows
    if span.end < len(doc) and doc[span.end].pos_ == "NOUN" and doc[span.end].head.i in inside:
        return _noun_phrase(doc[span.end], inside)
    # "9 million tonnes of soybeans", "$2 billion of bonds": the unit's "of" complement
    if span.end < len(doc) and doc[span.end].lower_ == "of" and doc[span.end].dep_ == "prep" \
            and doc[span.end].head.i in inside:
        objs = [c for c in doc[span.end].children if c.dep_ == "pobj" and c.pos_ in ("NOUN", "PROPN")]
        if objs:
            return _noun_phrase(objs[0], inside)
    # "a levy of 25%": figure is the object of "of" on a noun
    if root.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ in ("NOUN", "PROPN"):
        return _noun_phrase(head.head, inside)
    # "imports totaling $192 billion": verb clause on a noun
    verb = head.head if root.dep_ == "pobj" and head.dep_ in ("prep", "agent", "dative") else head
    if verb.pos_ in ("VERB", "AUX"):
        if verb.dep_ in ("acl", "relcl") and verb.head.pos_ in ("NOUN", "PROPN"):
            return _noun_phrase(verb.head, inside)
        for child in verb.children:
            if child.dep_ in ("dobj",) and child.i not in inside and child.pos_ in ("NOUN", "PROPN"):
                return _noun_phrase(child, inside)
            if child.dep_ == "dobj" and child.pos_ == "PRON" and verb.dep_ in ("advcl", "conj", "xcomp") \
                    and verb.head.pos_ == "VERB":
                # "reduce tariffs on cars, lowering them from 27.5% to 15%": "them" is the tariffs
                objects = [c for c in verb.head.children if c.dep_ == "dobj" and c.pos_ in ("NOUN", "PROPN")]
                if objects:
                    return _noun_phrase(objects[0], inside)
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass") and child.pos_ in ("NOUN", "PROPN") and child.i not in inside:
                return _noun_phrase(child, inside)
    return None


def period_of(span: Span) -> str | None:
    """The nearest date expression in the figure's sentence, if close to it."""
    sent = span.sent
    best, best_distance = None, 9
    for ent in EntityIndex.of(span.doc).within(sent.start, sent.end):
        if ent.label_ != "DATE":
            continue
        if ent.start < span.end and ent.end > span.start or any(t.like_num for t in ent) and \
                not re.search(r"\b(?:1[89]|20)\d\d\b", ent.text):
            continue  # overlaps the figure, or is a quantity ("a year earlier" is fine, "3 mln" is not)
        distance = ent.start - span.end if ent.start >= span.end else span.start - ent.end + 3
        if distance < best_distance:
            best, best_distance = ent.text, distance
    return best


_RANGE_RE = re.compile(r"^\s*(?:to|and|-|–|—)\s*$", re.IGNORECASE)
_VERSUS_RE = re.compile(r"^\s*(?:vs\.?|versus|compared with|compared to|against)"
                        r"(?:\s+(?:\d{4}'s|(?:a|the)\s+year-?earlier|last\s+year's|the\s+previous))?"
                        r"(?:\s+(?:loss|profit))?\s*$", re.IGNORECASE)  # "Net loss 1.2 mln vs loss 800,000"


_HYPHEN_RANGE_RE = re.compile(r"^[-–]$")
_BETWEEN_RE = re.compile(r"\bbetween\s+$", re.IGNORECASE)
_AND_RE = re.compile(r"^\s*(?:and|or)\s*$", re.IGNORECASE)


def _set_unit(target: Figure, source: Figure) -> None:
    """`target`, a bare number, takes the unit of `source`; a bare number beside cents or pence
    counts cents too ("between 70 and 80 cents" is 0.70 to 0.80 dollars: values are in the main
    unit)."""
    if source.kind == "money" and not target.explicit_unit and (source.in_subunits or source.unit_text
                                                                and (source.unit_text.lower() in _SUBUNITS or source.unit_text == "p")):
        target.value, target.in_subunits = float(Decimal(repr(target.value)) / 100), True
    target.unit, target.kind, target.explicit_unit = source.unit, source.kind, True


def _share_scale(a: Figure, b: Figure) -> None:
    """"3.2 to 3.5 mln tonnes", "$10-20 billion": the scale word written on one end applies to
    the other end when that one has none and is of a comparable size."""
    if a.scale == 1.0 and b.scale > 1.0 and abs(a.value) < 1000 and abs(a.value) * b.scale <= abs(b.value) * 10:
        a.value, a.scale = _scaled(a.value, _SCALE_NAMES[b.scale]), b.scale
    elif b.scale == 1.0 and a.scale > 1.0 and abs(b.value) < 1000 and abs(b.value) * a.scale >= abs(a.value) / 10:
        b.value, b.scale = _scaled(b.value, _SCALE_NAMES[a.scale]), a.scale


def _propagate_units(figures: list[Figure], text: str) -> None:
    """A bare number shares the unit of the number it is paired with.

    In a range the unit (and scale) is written once after the second number ("from 1.2 to
    0.7 percent", "between 5 and 10 percent", "3.2 to 3.5 mln tonnes", "20-40 Hz") or the
    currency before the first ("$10-20 billion"); in a comparison after the first ("5.4 mln
    dlrs vs 3.2 mln"); in a list joined by "and"/"or" after the last ("one and two months").
    A scaled amount ("136 billion") never becomes a percentage. The two ends of a range (not
    of a from/to change) get `low` and `high`.
    """
    for a, b in zip(figures, figures[1:]):
        between = text[a.end:b.start]
        before = text[max(0, a.start - 40):a.start]
        hyphen = _HYPHEN_RANGE_RE.match(between) is not None
        between_and = _AND_RE.match(between) is not None and _BETWEEN_RE.search(before) is not None
        record = hyphen and a.explicit_unit and b.explicit_unit and a.kind == b.kind == "count"  # "8-8-4"
        if (_RANGE_RE.match(between) or between_and) and a.kind not in ("age", "rank") and b.kind not in ("age", "rank") \
                and not record:
            is_change = re.search(r"\bfrom\s+(?:\w+\s+){0,2}$", before, re.IGNORECASE) and not hyphen
            written_once = hyphen or between_and or not a.explicit_unit
            if not a.explicit_unit and b.explicit_unit:
                if not (a.keep_if_bare and b.kind == "percent"):
                    _set_unit(a, b)
            elif a.explicit_unit and not b.explicit_unit and (hyphen or a.kind == "money" and a.unit_text
                                                              and not a.unit_text[-1:].isalpha()):
                _set_unit(b, a)  # "$10-20 billion": the currency sign is written on the first end
            elif a.explicit_unit and not b.explicit_unit and a.kind != "percent" and not hyphen \
                    and re.match(r"^\s*to\s*$", between) and not is_change:
                _set_unit(b, a)  # "fell 120 points to 27,934", "rose 2.50 dlrs to 45-1/4": a move and the level
                # it reached (after a percent move the level is in another unit: "fell 0.4 pct to 99.7")
            if a.unit == b.unit and written_once and a.unit != "point":
                _share_scale(a, b)  # also in a change: "from the 4.1 to 4.2 mln tonnes"
                if a.keep_if_bare or b.keep_if_bare:
                    a.keep_if_bare = b.keep_if_bare = True  # "350–375 million": both ends or neither
            if a.unit == b.unit and written_once and not is_change and a.unit != "point":
                a.low = b.low = min(a.value, b.value)
                a.high = b.high = max(a.value, b.value)
        elif _AND_RE.match(between) and not a.explicit_unit and not a.keep_if_bare and b.explicit_unit \
                and b.kind in ("duration", "other"):
            _set_unit(a, b)  # "one and two months", "three or four miles"
        elif _VERSUS_RE.match(between) and a.explicit_unit and not b.explicit_unit:
            if not (b.keep_if_bare and a.kind == "percent"):
                _set_unit(b, a)
                _share_scale(a, b)  # "1.5 billion stg vs 1985's 1.2"


# Between two items of a list: a comma, "and"/"or", optionally a short place phrase that
# introduces the next item ("37,800, in West Germany 20,000 ... and in Denmark 1,750 tonnes").
_LIST_JOIN_RE = re.compile(r"^\s*(?:,\s*(?:(?:and|or)\s+)?|(?:and|or)\s+)"
                           r"(?:(?:in|for|at|from)\s+(?:the\s+)?[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)?\s+"
                           r"|(?:[A-Za-z][\w-]*\s+){1,2}(?:at|to)\s+)?$")
# "at 67.00 to 67.50 and heifers at 66.00 dlrs": the range end before a list item it shares with.
_BARE_RANGE_RE = re.compile(r"^\s*(?:to|-|–)\s*$")
# Two figures compared or listed, the rate unit written on one: "234 cwts per acre, vs 243
# cwts", "0.046 ounce of gold and 2.1 ounces of silver per ton".
_RATE_PAIR_RE = re.compile(r"^(?:\s+of\s+[a-z]+(?:\s+[a-z]+)?)?\s*,?\s*(?:and|or|vs\.?|versus|against|"
                           r"compared\s+(?:with|to)|from|to)\s+(?:(?:a|the|last\s+year's)\s+)?$", re.IGNORECASE)


def _distribute_list_units(figures: list[Figure], text: str) -> None:
    """A unit written once after the last item of a list belongs to every bare number of the
    list ("two, three, and six-month deposits", "in Belgium 18,500, in Spain 5,800 and in
    Denmark 1,750 tonnes"); a rate unit written on one of two listed or compared figures of the
    same unit belongs to both ("234 cwts per acre, vs 243 cwts")."""
    for i in range(len(figures) - 1, 0, -1):
        a, b = figures[i - 1], figures[i]
        if a.sentence_index != b.sentence_index:
            continue
        between = text[a.end:b.start]
        joined = _LIST_JOIN_RE.match(between) or _BARE_RANGE_RE.match(between) and a.scale == b.scale
        if b.explicit_unit and b.kind in ("duration", "other", "money") and joined \
                and (not a.explicit_unit and a.kind == "count" or a.unit == b.unit) \
                and not (b.scale > 1.0 and a.scale == 1.0 and "," in a.text):
            _set_unit(a, b)
            if a.unit_text is None and a.scale == 1.0 < b.scale and abs(a.value) < 1000 \
                    and abs(a.value) * b.scale <= abs(b.value) * 10:
                a.value, a.scale = _scaled(a.value, _SCALE_NAMES[b.scale]), b.scale  # "4, 5 or 6 mln tonnes"
            a.keep_if_bare = True
        elif a.explicit_unit and b.explicit_unit and a.kind == b.kind == "other" and _RATE_PAIR_RE.match(between):
            if b.unit.startswith(f"{a.unit}_per_"):
                a.unit = b.unit
            elif a.unit.startswith(f"{b.unit}_per_"):
                b.unit = a.unit


def _link_changes(figures: list[Figure], text: str, source_id: str) -> None:
    """Mark "from X to Y" and "to Y from X" pairs within a sentence."""
    for a, b in zip(figures, figures[1:]):
        if a.sentence_index != b.sentence_index or a.change or b.change:
            continue
        before_a = text[max(0, a.start - 40):a.start].lower()
        between = text[a.end:b.start].lower()
        if re.search(r"\bfrom\s+(?:\w+\s+){0,2}$", before_a) and re.fullmatch(r"\s*(?:(?:down|up)\s+)?to\s+(?:\w+\s+)?", between):
            a.change, b.change = "from", "to"
        elif re.search(r"\bto\s+(?:(?:a|an|the|record|new|about|around|nearly)\s+){0,2}$", before_a) \
                and re.fullmatch(rf"(?:{_TIME_PHRASE}|\s+(?:this|last|next)\s+\w+|\s+by\s+\d{{4}})\s*,?\s*(?:down |up )?from\s+"
                                 r"(?:(?:a|an|the|its|their|original|initial|previous|earlier|revised|offer|"
                                 r"estimate|forecast|level|of|about|around)\s+){0,5}", between):
            a.change, b.change = "to", "from"
        else:
            continue
        group = f"{source_id}:{min(a.start, b.start)}-{max(a.end, b.end)}"
        a.change_group = b.change_group = group


def _share_units_within_changes(figures: list[Figure]) -> None:
    """The two ends of a change measure one thing: "to 6.5 mln tonnes from 7.1 mln" gives the
    bare end the unit written on the other."""
    groups: dict[str, list[Figure]] = {}
    for fig in figures:
        if fig.change_group:
            groups.setdefault(fig.change_group, []).append(fig)
    for pair in groups.values():
        bare = [f for f in pair if not f.explicit_unit]
        written = [f for f in pair if f.explicit_unit]
        if len(bare) == 1 and len(written) == 1:
            _set_unit(bare[0], written[0])


# "hundreds of thousands of pounds", "millions of voters", "dozens of jobs": the lower bound,
# with the next order of magnitude as `high`.
_VAGUE_BOUNDS = {"dozens": (12, 100), "scores": (20, 100), "tens": (10, 100), "hundreds": (100, 1000),
                 "thousands": (1e3, 1e4), "millions": (1e6, 1e7), "billions": (1e9, 1e10), "trillions": (1e12, 1e13)}
_VAGUE_RE = Gated(re.compile(
    r"\b(?P<outer>dozens|scores|tens|hundreds|thousands|millions|billions|trillions)"
    r"(?:\s+of\s+(?P<inner>thousands|millions|billions))?\s+of\s+(?P<noun>[a-z][a-z-]*)", re.IGNORECASE),
    ["dozens", "scores", "tens", "hundreds", "thousands", "millions", "billions", "trillions"])
# A vague magnitude standing for people or things it does not name: "thousands marched", "the
# hundreds trapped" ("scores" and "tens" have other senses; "of", "or", "to" are the forms above).
_VAGUE_ALONE_RE = Gated(re.compile(r"(?<![\w-])(?P<outer>dozens|hundreds|thousands|millions)\b(?!\s+(?:of|or|to|upon)\b|-)",
                                   re.IGNORECASE), ["dozens", "hundreds", "thousands", "millions"])
_VAGUE_ALTERNATIVE_RE = re.compile(r"\b(?P<first>dozens|scores|tens|hundreds|thousands|millions|billions)\s+(?:or|to)\s+$",
                                   re.IGNORECASE)
# Wins (or attempts) out of a total: "have won 12 of 13", "made 7 of 11 field goals".
_WON_OF_RE = Prescanned(re.compile(
    r"(?<![\w.,])(?P<a>\d{1,3})\s+of\s+(?:(?:their|its|his|her|the|our)\s+)?(?:last\s+)?(?P<b>\d{1,3})(?![\d.,%])",
    re.IGNORECASE), re.compile(r"\d\s+of\s", re.IGNORECASE))
_WON_VERB_RE = re.compile(r"\b(?:won|lost|win|wins|winning|losing|made|hit|converted|completed|saved|took)\s+$",
                          re.IGNORECASE)
# "several hundred", "a few thousand": the base as the lower bound, ten times it as `high`.
_SEVERAL_BASES = {"dozen": 12, "hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9}
_SEVERAL_RE = Gated(re.compile(
    r"\b(?:several|a\s+few)\s+(?P<base>dozen|hundred|thousand|million|billion)\b(?!\s+(?:of\s+)?(?:thousands|millions|billions)\b)"
    r"(?:\s+(?P<unit>[a-z][a-z-]*)\b)?", re.IGNORECASE), ["several", "few"], ["dozen", "hundred", "thousand", "million", "billion"])
_FRACTIONS = {"half": 50.0, "halves": 50.0, "third": 100 / 3, "thirds": 100 / 3, "quarter": 25.0,
              "quarters": 25.0, "fifth": 20.0, "fifths": 20.0, "tenth": 10.0, "tenths": 10.0}
_FRACTION_RE = Gated(re.compile(
    r"\b(?P<num>a|one|two|three|four)(?:-(?P<den_h>half|thirds?|quarters?|fifths?|tenths?)\b"
    r"| (?P<den>half|thirds?|quarters?|fifths?|tenths?)\s+(?=of\b|the\b))"
    r"|(?<!\w)(?P<half>half)\s+(?=of\b|the\b|a\b|an\b|its\b|their\b)", re.IGNORECASE),
    ["half", "third", "quarter", "fifth", "tenth"])
# A fraction of a percentage point: written so ("half a percentage point"), or a point of a
# rate move ("a quarter point cut", "a half-point hike").
_POINT_FRACTIONS = {"quarter": 0.25, "half": 0.5, "three-quarters": 0.75, "three-quarter": 0.75}
_FRACTION_POINT_RE = Gated(re.compile(
    r"\b(?P<frac>quarter|half|three-quarters?)(?:\s+(?:of\s+)?an?)?[-\s](?P<unit>(?P<pct>percentage[-\s])?point)\b",
    re.IGNORECASE), ["quarter", "half"], ["point"])
_RATE_MOVE_RE = re.compile(r"\s+(?:\w+\s+)?(?:cut|cuts|hike|hikes|rise|rises|increase|increases|reduction|drop|fall|"
                           r"decline|move|easing|tightening)\b", re.IGNORECASE)
# A verb that multiplies: the multiple it states.
_MULTIPLIED = {"doubl": 2.0, "tripl": 3.0, "trebl": 3.0, "quadrupl": 4.0}
_MULTIPLIED_RE = Gated(re.compile(r"\b(?P<verb>doubl|tripl|trebl|quadrupl)(?:ed|ing)\b(?![-\s]+down\b)", re.IGNORECASE),
                       ["doubl", "tripl", "trebl", "quadrupl"])
_TWICE_RE = Gated(re.compile(r"\b(?:twice|thrice)\b(?=\s+(?:as|the|that|its|their|what|more|higher|larger|bigger)\b)",
                             re.IGNORECASE), ["twice", "thrice"])
# "one in five", "3 out of 10". The lookahead only restates what the rest requires (a word, then
# "in" or "out"): it rejects most words before the alternation of number words is tried (2x faster).
_ONE_IN_RE = Prescanned(re.compile(rf"(?<![\d.,])\b(?=\w+\s+(?:in|out)\s)(?P<num>{_alternation(_WORD_UNITS)}|\d+)\s+(?:in|out\s+of)\s+(?P<den>\d+|{_alternation(_WORD_UNITS)}|{_alternation(_WORD_TENS)})\b",
                        re.IGNORECASE),
                        re.compile(rf"\s(?:in|out\s+of)\s+(?:\d|{_alternation(_WORD_UNITS)}|{_alternation(_WORD_TENS)})", re.IGNORECASE))
# A score: two numbers joined by a dash, at most 30 characters (no digit, stop or semicolon)
# after a word of winning, losing or scoring ("won 3-1", "rolled past Purdue, 38-10"). The
# pair is found first and the word looked for before it: scanning for the pair is cheaper.
_SCORE_PAIR_RE = re.compile(r"(?<![\d.])(?P<a>\d{1,3})[-–](?P<b>\d{1,3})(?![\d/%-])")
_SCORE_WORD_BEFORE_RE = re.compile(
    r"\b(?:won|win|wins|winning|beat|beats|beating|beaten|lost|lose|loses|losing|defeated|defeat|defeats|defeating|"
    r"drew|draw|victory|win over|loss|"
    r"lead|led|leads|trail|trailed|score[sd]?|result|level|levels|levelled|leveled|series|edged|routed|topped|"
    r"downed|blanked|outlasted|crushed|thrashed|held\s+off|pulled\s+away\s+from|"
    r"(?:rolled|rallied|cruised|got|eased|swept|breezed|powered|romped|stormed|slipped|squeezed)\s+past)"
    r"\b[^.;\d]{0,30}$",
    re.IGNORECASE)
# The score written before what it decided: "a 1-1 draw", "their 3-0 win".
_SCORE_NOUN_RE = re.compile(
    r"(?<![\w.,/-])(?P<a>\d{1,2})[-–](?P<b>\d{1,2})\s+(?:home\s+|away\s+)?"
    r"(?:draw|win|victory|defeat|loss|tie|lead|triumph|thrashing|rout)\b", re.IGNORECASE)
# A team's record of wins, losses (and ties): "improved to 8-8-4", "fell to 5-3": counts.
_RECORD_RE = re.compile(
    r"\b(?:improved|fell|dropped|moved|evened|climbed|slipped|went)\s+to\s+"
    r"(?P<a>\d{1,2})[-–](?P<b>\d{1,2})(?:[-–](?P<c>\d{1,2}))?(?![\d/%-])", re.IGNORECASE)
# A vote's tally counts votes: "passed the bill, 89-6", "the court ruled 5-4", "by a vote of 52-48".
_TALLY_WORD_BEFORE_RE = re.compile(
    r"\b(?:vote[ds]?|voting|passed|approved|rejected|adopted|defeated\s+the\s+(?:bill|motion|measure)|"
    r"ruled|confirmed|ballot)\b[^.;\d]{0,20}$", re.IGNORECASE)
# A team's records in brackets after its name: "The Eagles (6-5, 3-4)", "Leeds (8-2-1)": counts.
_BRACKETED_RECORDS_RE = re.compile(
    r"(?<=[A-Za-z] )\((?P<records>\d{1,2}[-–]\d{1,2}(?:[-–]\d{1,2})?(?:,\s*\d{1,2}[-–]\d{1,2}(?:[-–]\d{1,2})?)*)\)")
_RECORD_NUMBER_RE = re.compile(r"\d{1,2}")
_DIGIT_DASH_DIGIT = re.compile(r"\d[-–]\d")
_SCORE_CHAIN_RE = re.compile(r"(?:,\s*|\s+and\s+)(?P<a>\d{1,2})[-–](?P<b>\d{1,2})(?![\d/%-])")
_PHONE_RE = Prescanned(re.compile(r"(?:\(\d{3}\)\s?|\b\d{3}[-.\s])\d{3}[-.]\d{4}\b|\b\d{3}-\d{4}\b"),
                       re.compile(r"\d{3}[-.]\d{4}"))
_EMERGENCY_RE = Gated(re.compile(r"\b(?:911|999|112)\s+(?:calls?|emergency|dispatch\w*|operators?|services?|lines?)\b",
                                 re.IGNORECASE), ["911", "999", "112"])
_AGED_RE = re.compile(r"\b(?:aged|age)\s+$", re.IGNORECASE)
_PREFIX_OF_FRACTION = frozenset({"first", "second", "third", "fourth", "last", "latter", "former", "other", "the"})


# "more than a decade", "a year and a half", "a year or two": a duration written with "a".
_A_DURATION_RE = re.compile(
    r"\b(?P<a>an?)\s+(?P<unit>year|decade|month|week|day|hour|century)"
    r"(?:(?P<half>\s+and\s+a\s+half)|\s+or\s+(?P<or>two|three))?\b(?!\s+(?:ago|later|earlier|before|after)\b)",
    re.IGNORECASE)
_A_DURATION_QUALIFIER_RE = re.compile(
    r"\b(?P<qualifier>more\s+than|less\s+than|nearly|almost|about|around|roughly|over|under|at\s+least|"
    r"up\s+to|within|just\s+over|just\s+under)\s+$", re.IGNORECASE)
# Two quotes of one thing written "bid/offer" or "low/high": "28,000/29,000 tonnes", "147.90/148.00".
_SLASH_PAIR_RE = Gated(re.compile(r"(?<![\w.,/$])(?P<a>\d{1,3}(?:,\d{3})+|\d+\.\d+)/(?P<b>\d{1,3}(?:,\d{3})+|\d+\.\d+)(?![\w/]|\.\d)"),
                       ["/"])
_PERCENT_AFTER_RE = re.compile(rf"\s?(?P<word>{_alternation(_PERCENT_WORDS)})(?!\w)", re.IGNORECASE)
_CURRENCY_AFTER_RE = re.compile(rf"\s(?P<word>{_alternation(_CURRENCY_WORDS)})(?!\w)", re.IGNORECASE)


def _slash_pair_unit(text: str, end: int, sentence: str) -> tuple[str, str, int, str | None] | None:
    """(kind, unit, end of the unit, unit as written) of a slash pair: the unit written after it,
    else the one currency its sentence names ("the yen firmed to 147.90/148.00"); None when
    neither says."""
    after = text[end:end + 40]
    for pattern, kind, table in ((_PERCENT_AFTER_RE, "percent", _PERCENT_WORDS),
                                 (_CURRENCY_AFTER_RE, "money", _CURRENCY_WORDS)):
        written = pattern.match(after)
        if written and written.group("word").lower() not in _SUBUNITS:
            return kind, table[written.group("word").lower()], end + written.end(), written.group("word")
    unit_match = _UNIT_RE.match(after)
    if unit_match:
        written = unit_match.group("word") or unit_match.group("symbol")
        unit = _UNIT_WORDS.get(written.lower()) if unit_match.group("word") else _UNIT_SYMBOLS[written]
        return "other", unit, end + unit_match.end(), written
    currencies = {_currency_in_context(w.lower(), sentence) for w in _NAMED_CURRENCY_RE.findall(sentence)}
    if len(currencies) == 1:
        return "money", currencies.pop(), end, None
    return None


def _phrase_figures(doc: Doc, text: str, sentences: SentenceIndex) -> list[Figure]:
    """Figures written as phrases: vague magnitudes, fractions and shares, match scores."""
    out: list[Figure] = []
    folded = folded_text(doc)
    for m in _VAGUE_RE.finditer(text, folded):
        low, high = _VAGUE_BOUNDS[m.group("outer").lower()]
        if m.group("inner"):
            inner_low = _VAGUE_BOUNDS[m.group("inner").lower()][0]
            low, high = low * inner_low, high * inner_low
        noun = m.group("noun").lower()
        if noun in _CURRENCY_WORDS:
            kind, unit = "money", _CURRENCY_WORDS[noun]
        elif noun in _UNIT_WORDS:  # "thousands of light-years", "millions of tonnes"
            kind, unit = "other", _UNIT_WORDS[noun]
        elif noun in ("the", "a", "an", "them", "these", "those", "its", "their", "his", "her"):
            kind, unit = "count", "count"
            noun = ""
        else:
            kind, unit = "count", "count"
        end = m.end("noun") if noun else m.end("inner") if m.group("inner") else m.end("outer")
        start = m.start()
        out.append(Figure(start=start, end=end, text=text[start:end], value=float(low), unit=unit, kind=kind,
                          qualifier="approximately", sentence_index=sentences.index_of(start),
                          unit_text=m.group("noun") if kind != "count" else None, low=float(low), high=float(high)))
        before = _VAGUE_ALTERNATIVE_RE.search(text, max(0, start - 20), start)
        if before:  # "scores or hundreds of workers": the first magnitude counts the same noun
            alt_low, alt_high = _VAGUE_BOUNDS[before.group("first").lower()]
            out.append(Figure(start=before.start("first"), end=before.end("first"), text=before.group("first"),
                              value=float(alt_low), unit=unit, kind=kind, qualifier="approximately",
                              sentence_index=sentences.index_of(start), low=float(alt_low), high=float(alt_high)))
    vague_taken = [(f.start, f.end) for f in out]
    for m in _VAGUE_ALONE_RE.finditer(text, folded):  # "thousands marched", "among the hundreds trapped"
        if _overlaps(m.start(), m.end(), vague_taken) or _VAGUE_ALTERNATIVE_RE.match(text, m.start()):
            continue
        low, high = _VAGUE_BOUNDS[m.group("outer").lower()]
        out.append(Figure(start=m.start(), end=m.end(), text=m.group(0), value=float(low), unit="count", kind="count",
                          qualifier="approximately", sentence_index=sentences.index_of(m.start()),
                          low=float(low), high=float(high)))
    for m in _WON_OF_RE.finditer(text):  # "have won 12 of 13", "completed 21 of 30 passes"
        if int(m.group("a")) > int(m.group("b")) or not _WON_VERB_RE.search(text, max(0, m.start() - 12), m.start()):
            continue
        for group in ("a", "b"):
            out.append(Figure(start=m.start(group), end=m.end(group), text=m.group(group), value=float(m.group(group)),
                              unit="count", kind="count", sentence_index=sentences.index_of(m.start(group))))
    for m in _SEVERAL_RE.finditer(text, folded):  # "several hundred calories", "a few thousand dollars"
        base = _SEVERAL_BASES[m.group("base").lower()]
        start, end = m.start(), m.end("base")
        kind, unit, unit_text = "count", "count", None
        written = m.group("unit")
        if written and written.lower() in _CURRENCY_WORDS and written.lower() not in _SUBUNITS:
            kind, unit, unit_text = "money", _CURRENCY_WORDS[written.lower()], written
        elif written and written.lower() in _UNIT_WORDS:
            kind, unit, unit_text = "other", _UNIT_WORDS[written.lower()], written
        if unit_text:
            end = m.end("unit")
        out.append(Figure(start=start, end=end, text=text[start:end], value=float(base), unit=unit, kind=kind,
                          qualifier="approximately", sentence_index=sentences.index_of(start), unit_text=unit_text,
                          low=float(base), high=float(base * 10)))
    for m in _FRACTION_POINT_RE.finditer(text, folded):  # "a quarter point cut", "half a percentage point"
        if not (m.group("pct") or _RATE_MOVE_RE.match(text, m.end())):
            continue
        start, end = m.start("frac"), m.end()
        out.append(Figure(start=start, end=end, text=text[start:end], value=_POINT_FRACTIONS[m.group("frac").lower()],
                          unit="percentage_point", kind="percent", sentence_index=sentences.index_of(start),
                          unit_text=m.group("unit")))
    for m in _A_DURATION_RE.finditer(text):
        hedge = _A_DURATION_QUALIFIER_RE.search(text, max(0, m.start() - 16), m.start())
        if not (hedge or m.group("half") or m.group("or")):
            continue  # "a year" alone is optional (or a rate: "a profile a week")
        unit = _DURATION_UNITS[m.group("unit").lower()]
        start, end = m.start("a"), m.end("half") if m.group("half") else m.end("unit")
        written = re.sub(r"\s+", " ", hedge.group("qualifier").lower()) if hedge else None
        qualifier = None if written in (None, "over", "within", "under") else dict(_QUALIFIERS)[written]
        out.append(Figure(start=start, end=end, text=text[start:end], value=1.5 if m.group("half") else 1.0,
                          unit=unit, kind="duration", qualifier=qualifier, sentence_index=sentences.index_of(start),
                          unit_text=m.group("unit")))
        if m.group("or"):  # "a year or two": the second end of the range
            high = float(_WORD_UNITS[m.group("or").lower()])
            out[-1].low, out[-1].high = 1.0, high
            out.append(Figure(start=m.start("or"), end=m.end("or"), text=m.group("or"), value=high, unit=unit,
                              kind="duration", sentence_index=sentences.index_of(start), unit_text=m.group("unit"),
                              low=1.0, high=high))
    for m in _SLASH_PAIR_RE.finditer(text, folded):
        a, b = m.group("a"), m.group("b")
        if ("," in a) != ("," in b) or a.partition(".")[2].__len__() != b.partition(".")[2].__len__():
            continue  # "1985/86", "29/32", "24/7" are not two quotes
        unit = _slash_pair_unit(text, m.end(), sentences.text_at(m.start()))
        if unit is None:
            continue
        kind, unit_name, unit_end, unit_text = unit
        for group, fig_end in (("a", m.end("a")), ("b", unit_end)):
            start = m.start(group)
            out.append(Figure(start=start, end=fig_end, text=text[start:fig_end],
                              value=float(m.group(group).replace(",", "")), unit=unit_name, kind=kind,
                              sentence_index=sentences.index_of(start), unit_text=unit_text))
    durations = [(f.start, f.end) for f in out]
    points_taken = [(f.start, f.end) for f in out if f.unit == "percentage_point"]
    for m in _FRACTION_RE.finditer(text, folded):
        if _overlaps(m.start(), m.end(), points_taken + durations):
            continue
        if m.group("half"):
            prev = text[max(0, m.start() - 8):m.start()].split()
            if prev and prev[-1].lower() in _PREFIX_OF_FRACTION | {"a", "and", "one"}:
                continue  # "the first half of", "a half", "one and a half"
            value = 50.0
        else:
            count = 1 if m.group("num").lower() in ("a", "one") else _WORD_UNITS[m.group("num").lower()]
            den = m.group("den") or m.group("den_h")
            if count > 1 and not den.lower().endswith("s") or count == 1 and den.lower().endswith("s"):
                continue  # "two third", "one thirds": not a fraction
            value = count * _FRACTIONS[den.lower()]
        start = m.start()
        end = m.end("half") if m.group("half") else m.end("den") if m.group("den") else m.end("den_h")
        out.append(Figure(start=start, end=end, text=text[start:end], value=round(value, 4), unit="percent",
                          kind="percent", sentence_index=sentences.index_of(start)))
    for m in _TWICE_RE.finditer(text, folded):  # "twice as fast", "twice the size": a multiple
        start, end = m.start(), m.end()
        out.append(Figure(start=start, end=end, text=text[start:end], value=2.0 if m.group(0).lower() == "twice" else 3.0,
                          unit="times", kind="other", sentence_index=sentences.index_of(start)))
    for m in _MULTIPLIED_RE.finditer(text, folded):  # "almost quadrupled", "doubled its sales": a multiple
        start, end = m.start(), m.end()
        out.append(Figure(start=start, end=end, text=text[start:end], value=_MULTIPLIED[m.group("verb").lower()],
                          unit="times", kind="other", qualifier=_qualifier(text, start)[0],
                          sentence_index=sentences.index_of(start)))
    for m in _ONE_IN_RE.finditer(text):
        num_word = m.group("num").lower()
        num = int(num_word) if num_word.isdigit() else _WORD_UNITS[num_word]
        den_word = m.group("den").lower()
        den = int(den_word) if den_word.isdigit() else _WORD_UNITS.get(den_word) or _WORD_TENS.get(den_word)
        if not den or num >= den or den_word.isdigit() and len(den_word) == 4 and 1800 <= den <= 2100 \
                and not re.match(r"\s+[a-z]", text[m.end():m.end() + 2]):
            continue  # "(+12.8 in 1985)": a year, not odds ("one in 2000 patients" is)
        start, end = m.start(), m.end()
        out.append(Figure(start=start, end=end, text=text[start:end], value=round(100 * num / den, 4), unit="percent",
                          kind="percent", sentence_index=sentences.index_of(start)))
    if not _DIGIT_DASH_DIGIT.search(text):
        return out  # records and scores below are all "<digits>-<digits>"; most texts have none
    for m in _RECORD_RE.finditer(text):
        for group in ("a", "b", "c"):
            if m.group(group) is None:
                continue
            start, end = m.start(group), m.end(group)
            out.append(Figure(start=start, end=end, text=text[start:end], value=float(m.group(group)),
                              unit="count", kind="count", sentence_index=sentences.index_of(start)))
    out += _bracketed_records(doc, text, sentences)
    taken = [(f.start, f.end) for f in out]
    for m in _SCORE_PAIR_RE.finditer(text):  # a vote's tally: two counts
        if _overlaps(m.start("a"), m.end("b"), taken) \
                or not _TALLY_WORD_BEFORE_RE.search(text, max(0, m.start() - 42), m.start()):
            continue
        taken.append((m.start("a"), m.end("b")))
        for group in ("a", "b"):
            start, end = m.start(group), m.end(group)
            out.append(Figure(start=start, end=end, text=text[start:end], value=float(m.group(group)),
                              unit="count", kind="count", sentence_index=sentences.index_of(start)))
    scores_after_a_word = [m for m in _SCORE_PAIR_RE.finditer(text)
                           if _SCORE_WORD_BEFORE_RE.search(text, max(0, m.start() - 52), m.start())]
    for m in scores_after_a_word + list(_SCORE_NOUN_RE.finditer(text)):
        if _overlaps(m.start("a"), m.end("b"), taken):
            continue
        taken.append((m.start("a"), m.end("b")))
        scores = [m]
        while True:  # set scores follow one another: "won 6-4, 3-6, 7-5"
            more = _SCORE_CHAIN_RE.match(text, scores[-1].end())
            if not more:
                break
            scores.append(more)
        for score in scores:
            for group in ("a", "b"):
                start, end = score.start(group), score.end(group)
                out.append(Figure(start=start, end=end, text=text[start:end], value=float(score.group(group)),
                                  unit="point", kind="other", sentence_index=sentences.index_of(start)))
    return out


def _bracketed_records(doc: Doc, text: str, sentences: SentenceIndex) -> list[Figure]:
    """Win-loss(-tie) records in brackets right after a team's name ("The Eagles (6-5, 3-4)
    beat the Huskies (4-7, 3-4)"): one count per number. The word before the bracket must be
    capitalised (a name), so "(pp. 3-4)" or "children (aged 6-8)" are not records."""
    out: list[Figure] = []
    for m in _BRACKETED_RECORDS_RE.finditer(text):
        name = _token_at(doc, m.start() - 2)
        if name is None or not name.text[:1].isupper() or not (name.pos_ == "PROPN" or not name.is_sent_start):
            continue
        for number in _RECORD_NUMBER_RE.finditer(m.group("records")):
            start, end = m.start("records") + number.start(), m.start("records") + number.end()
            out.append(Figure(start=start, end=end, text=text[start:end], value=float(number.group(0)),
                              unit="count", kind="count", sentence_index=sentences.index_of(start)))
    return out


# "up from 1985's 2.2", "against 6,813 a year ago", "from 596,740 in the same month": a number
# compared with the figure before it, its unit left unwritten.
_COMPARED_BEFORE_RE = re.compile(
    r"\b(?:from|vs\.?|versus|against|compared\s+(?:with|to))\s+"
    r"(?:(?:\d{4}'s|last\s+year's|a\s+year\s+earlier|the\s+previous\s+year's|an?|the|its|their|about|around|some|"
    r"an\s+estimated|a\s+provisional|a\s+revised|loss|profit)\s+)*$", re.IGNORECASE)


def _elliptical_units(figures: list[Figure], text: str) -> None:
    """A bare number compared with the figure just before it in its sentence takes that figure's
    unit (and scale word) when the two are of a comparable size (within a factor of ten)."""
    for a, b in zip(figures, figures[1:]):
        if b.explicit_unit or not a.explicit_unit or a.sentence_index != b.sentence_index \
                or a.kind not in ("money", "other", "count", "percent") or b.kind != "count":
            continue
        if not _COMPARED_BEFORE_RE.search(text[a.end:b.start]) or (b.scale > 1.0 and a.kind == "percent"):
            continue
        value, scale = b.value, b.scale
        _share_scale(a, b)
        lo, hi = sorted((abs(a.value), abs(b.value)))
        if lo == 0 or hi / lo > 10:
            b.value, b.scale = value, scale
            continue
        _set_unit(b, a)


# Nouns of amounts of money: "a 556 mln deficit", "a 1.8 billion surplus".
_MONEY_NOUNS = frozenset(
    "deficit deficits surplus surpluses profit profits loss losses revenue revenues sales debt debts budget income "
    "earnings investment investments loan loans bid offer fine fines spending costs cost payment payments fund "
    "funds financing credit credits reserves turnover capital package aid subsidy subsidies".split())


# Currency words that name their currency wherever they stand ("pound", "won", "marks",
# "crowns", "rand" also have other senses and are left out).
_NAMED_CURRENCY_RE = re.compile(
    r"\b(dlrs|dollars|yen|stg|sterling|euros|francs|guilders|lire|pesetas|yuan|rupees|roubles|rubles|"
    r"schillings|drachmas|escudos|ringgit|baht|rupiah|riyals|dirhams|shekels)\b", re.IGNORECASE)


def _elliptical_currency(figures: list[Figure], doc: Doc) -> None:
    """A bare scaled amount in a sentence that states money is money in that currency:
    "rose by 3.10 billion Swiss francs to 10.53 billion", "a 68 mln dlr surplus compared with a
    556 mln deficit" (a scaled count of a money noun)."""
    for i, fig in enumerate(figures):
        if fig.scale == 1.0:
            continue
        if fig.explicit_unit:
            nxt = _next_word(doc, fig.end) if fig.kind == "count" and fig.unit_text is None else None
            if nxt is None or nxt.lower_ not in _MONEY_NOUNS:
                continue
        money = [f for f in figures if f.kind == "money" and f.sentence_index == fig.sentence_index and f.explicit_unit]
        currencies = {f.unit for f in money}
        if not money and fig.kind == "count" and not fig.explicit_unit:
            # "bought dollars this morning, possibly 200 to 300 mln": the currency is named,
            # not written on an amount
            sentence = SentenceIndex.of(doc).text_at(fig.start)
            currencies = {_currency_in_context(w.lower(), sentence) for w in _NAMED_CURRENCY_RE.findall(sentence)}
            if len(currencies) == 1:
                fig.unit, fig.kind, fig.explicit_unit = currencies.pop(), "money", True
            continue
        if len(currencies) == 1:
            fig.unit, fig.kind, fig.explicit_unit = money[0].unit, "money", True


def _elliptical_measurement(figures: list[Figure], doc: Doc) -> None:
    """A bare scaled amount with nothing counted after it, in a sentence that states one scaled
    physical quantity, is in that quantity's unit: "orders of 3.3 mln CGRT in the year to March
    and 3.1 mln the following year", "output of 1.2 mln tonnes this year and 1.4 mln next"."""
    for fig in figures:
        if fig.scale == 1.0 or fig.explicit_unit or fig.kind != "count":
            continue
        nxt = _next_word(doc, fig.end)
        if nxt is not None and nxt.pos_ in ("NOUN", "PROPN", "ADJ") and nxt.ent_type_ != "DATE" \
                and nxt.lower_ not in ("next", "last", "previous", "following"):
            continue  # "3.1 mln new cars" counts its noun ("1.4 mln next year" does not)
        stated = {(f.unit, f.kind) for f in figures if f.sentence_index == fig.sentence_index and f.explicit_unit
                  and f.kind == "other" and f.scale > 1.0}
        if len(stated) == 1:
            (fig.unit, fig.kind), fig.explicit_unit = stated.pop(), True


# A wire earnings line: "Net 5.4 mln vs 3.2 mln", "Oper shr loss 53 cts", "Revs 80.1 mln vs 57.2 mln".
_EARNINGS_LABEL = (
    r"^\s*(?:(?:oper|operating|net|gross|pretax|pre-tax|qtr|qtly|quarterly|annual|year|yr|nine|six|mths|"
    r"1st|2nd|3rd|4th|first|second|third|fourth|shr|loss|profit|group|consolidated|attributable)\s+)*"
    r"(?:net|revs|revenues?|sales|profits?|loss|income|earnings|assets|deposits|loans|turnover|"
    r"backlog|shareholders'? equity)")
_EARNINGS_LINE_RE = re.compile(_EARNINGS_LABEL + r"(?:\s+(?:loss|profit))?\s+(?=[\d(])", re.IGNORECASE)
_EARNINGS_VS_RE = re.compile(_EARNINGS_LABEL + r"\b.{0,60}\bvs\b", re.IGNORECASE)
_SHARES_RE = re.compile(r"\b(?:shrs?|shs|shares)\s+(?:outstanding\s+)?$|^\s*(?:avg\s+|average\s+)?(?:shrs?|shs|shares)\b",
                        re.IGNORECASE)


def _statement_currency(figures: list[Figure]) -> None:
    """Amounts in a wire earnings line are money: in the one currency the article states
    elsewhere, else in US dollars (Reuters' convention for these tables)."""
    bare = [f for f in figures if f.statement_amount and not f.explicit_unit]
    if not bare:
        return
    currencies = {f.unit for f in figures if f.kind == "money" and f.explicit_unit}
    currency = currencies.pop() if len(currencies) == 1 else "USD"
    for fig in bare:
        fig.unit, fig.kind, fig.explicit_unit = currency, "money", True


_ONE_DETERMINER_BEFORE_RE = re.compile(r"\b(?:any|every|each|no)\s$", re.IGNORECASE)
_ONE_QUALIFIED_RE = re.compile(r"\b(?:at\s+least|only|just|exactly|at\s+most|no\s+more\s+than|more\s+than)\s+$",
                               re.IGNORECASE)


def _one_states_a_count(doc: Doc, text: str, start: int, end: int) -> bool:
    """"one" counting its noun, not a determiner ("one analyst said") or pronoun ("one of the"):
    hedged ("at least one LME member"), the object of a verb ("destroyed one oil platform"), or
    listed with other counts ("two hospitals and one clinic")."""
    tok = _token_at(doc, start)
    if tok is not None and tok.lower_ == "one" and _counted_by_its_verb(tok):
        return True  # "the fire killed one"
    if tok is None or tok.lower_ != "one" or tok.dep_ != "nummod" or tok.head.pos_ != "NOUN" or tok.head.i <= tok.i:
        return False
    head = tok.head
    if head.lower_ in _CURRENCY_WORDS or head.lower_ in _UNIT_WORDS or head.lemma_.lower() in ("mark", "crown", "point") \
            or _LABEL_WORD_RE.search(text[max(0, start - 12):start]) or _ONE_LABEL_RE.search(text, max(0, start - 8), start):
        return False  # "lost one mark", "band one bills": a unit or a label, not a count
    if _ONE_DETERMINER_BEFORE_RE.search(text, max(0, start - 8), start) or head.lemma_.lower() in ("thing", "way"):
        return False  # "any one system", "tell me one thing": a determiner, not a count
    if _ONE_QUALIFIED_RE.search(text[max(0, start - 20):start]) or head.dep_ == "dobj" \
            or head.dep_ == "pobj" and head.head.lower_ == "including":
        return True  # "destroyed one platform", "300 people, including one woman"
    partners = [head.head] if head.dep_ == "conj" else []
    partners += [c for c in head.children if c.dep_ == "conj"]
    return any(p.like_num or any(c.dep_ == "nummod" and c.like_num for c in p.children) for p in partners)


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)


def figures_from_doc(doc: Doc, source_id: str = "") -> list[Figure]:
    """Every numeric quantity in the Doc, in text order."""
    text = doc_text(doc)
    sentences = SentenceIndex.of(doc)
    found: list[Figure] = _phrase_figures(doc, text, sentences)
    taken: list[tuple[int, int]] = [(f.start, f.end) for f in found]
    blocked = [(m.start(), m.end()) for m in _PHONE_RE.finditer(text)] + \
              [(m.start(), m.start() + 3) for m in _EMERGENCY_RE.finditer(text, folded_text(doc))]
    excluded_ends: set[int] = set()
    for m in _FIGURE_RE.finditer(text):
        value = _number_value(m)
        if value is None or not math.isfinite(value):
            continue  # a digit string too long for a float is not a quantity
        start, end = m.start(), m.end()
        if _overlaps(start, end, taken) or _overlaps(start, end, blocked):
            continue
        if start >= 2 and text[start - 1] in "-–" and start - 1 in excluded_ends:
            excluded_ends.add(end)
            continue  # the second end of an excluded range: "1986-87", "Aug. 28-30"
        if m.group("sign"):
            value = -value
        if m.group("wnum") and not (m.group("scale") or m.group("suffix")):
            if value <= 1 and not _LIST_AFTER_ONE_RE.match(text, end) and not _DURATION_AFTER_RE.match(text, end) \
                    and not _one_states_a_count(doc, text, start, end):
                continue  # "one order", "zero": not quantities worth a row ("one-year", "one and two weeks" are)
        repeated = _REPEATED_RE.match(text, end)
        if repeated and text.startswith(m.group(0).strip(), repeated.end()):
            continue  # "0.3 rpt 0.3 grams": the wire repeats a number to confirm it; one figure
        if m.group("num") and not (m.group("scale") or m.group("suffix") or m.group("cur_pre") or m.group("ordsuf")
                                   or m.group("pence") or m.group("short_scale")) \
                and text[end:end + 1].isascii() and text[end:end + 1].isalpha() and not _GLUED_UNIT_RE.match(text, end):
            continue  # "3a etapa", "2o15", "Q160": digits glued to letters are a code or a typo
        if m.group("pence") and (m.group("cur_pre") or m.group("scale") or abs(value) in (360, 480, 720, 1080, 1440, 2160)):
            continue  # "1080p" is a video resolution
        if _is_year(abs(value), m) or _excluded_context(doc, text, start, end, m):
            excluded_ends.add(end)
            continue
        variant = _VARIANT_AFTER_RE.match(text, end)
        if variant and m.group("num") and not (m.group("scale") or m.group("suffix") or m.group("cur_pre")) \
                and m.group("num").isdigit() and value >= 100 and int(variant.group(1)) < value \
                and not _UNIT_AFTER_VARIANT_RE.match(text, variant.end()) and not _UNIT_RE.match(text[variant.end():variant.end() + 40]):
            excluded_ends.add(end)
            continue  # "the 787-9 jet", "a 747-8": a model and its variant, not a range (ranges rise)
        classified = _classify(doc, text, m, abs(value))
        if classified is None and m.group("num") and not m.group("scale") and _AGED_RE.search(text[max(0, start - 6):start]):
            classified = ("age", "year", abs(value), end, None)  # "aged 54"
        if classified is None and m.group("num") and not m.group("scale") and _is_apposed_age(doc, text, start, end, abs(value)):
            classified = ("age", "year", abs(value), end, None)  # "Assange, 47, ..."
        if classified is None and m.group("num") and not m.group("scale") and _SELF_AGE_RE.search(text[max(0, start - 8):start]) \
                and re.match(r"(?:[,.;!?]|\s+(?:and|now|today)\b)", text[end:end + 7]):
            classified = ("age", "year", abs(value), end, None)  # "I'm 74 and ..."
        if classified is not None and classified[0] == "rank" and _names_follow(doc, end):
            continue  # "6th Avenue", "21st Century Fox": an ordinal inside a name
        explicit = classified is not None
        keep_bare = statement_line = wire_price = False
        if classified is None:
            if m.group("ordsuf"):
                continue
            # A bare number ("1.2 to 0.7 percent", "3.2 mln vs ...", "five to 10 years") may
            # inherit the unit of a neighbour; a bare scaled amount without one stays a count.
            scale = (m.group("scale") or "").lower()
            classified = ("count", "count", _scaled(abs(value), scale), end, None)
            # a scaled amount, or digits grouped in thousands ("53,000", "1,859,421"), is a
            # quantity even with nothing after it: years, codes and labels are not grouped
            keep_bare = (bool(scale) or "," in (m.group("num") or "")) and not m.group("wnum")
            sentence_text = sentences.text_at(start)
            shares = _SHARES_RE.search(text[max(0, start - 25):start]) or _SHARES_RE.match(sentence_text)
            if m.group("num") and not shares and (_EARNINGS_LINE_RE.match(sentence_text) or _EARNINGS_VS_RE.match(sentence_text)):
                keep_bare, statement_line = True, True  # "Net 567,000 vs 432,000": an amount of money
            wire_price = bool(m.group("mixed")) and _STOCK_PRICE_RE.search(sentence_text) is not None
            keep_bare = keep_bare or wire_price
        kind, unit, magnitude, unit_end, unit_text = classified
        if not math.isfinite(magnitude):
            continue
        if kind in ("duration", "other", "age") or kind in ("money", "percent") and unit_end > end:
            end = unit_end  # "four years", "19,000 tonnes": the unit word is part of the figure
        if kind == "duration" and sentences.text_at(start).strip() == text[start:end]:
            continue  # "Six mths" on a line of its own heads an earnings table: a period, not a figure
        if kind == "duration" and _RELATIVE_TIME_RE.match(text, end):
            continue  # "two years ago", "two months later" point to a time, they do not measure one
        value = -magnitude if value < 0 else magnitude
        qualifier, _ = _qualifier(text, start)
        if kind in ("duration", "age") and qualifier in ("more_than", "less_than") and \
                _SPAN_WORD_BEFORE_RE.search(text[max(0, start - 7):start].lower()):
            qualifier = None  # "over three years" spans a period; it does not hedge the number
        found.append(Figure(start=start, end=end, text=text[start:end], value=float(value), unit=unit,
                            kind=kind, qualifier=qualifier, sentence_index=sentences.index_of(start),
                            explicit_unit=explicit, keep_if_bare=explicit or keep_bare, unit_text=unit_text,
                            statement_amount=statement_line, wire_price=wire_price,
                            scale=_SCALES.get((m.group("scale") or m.group("short_scale") or "").lower(), 1.0)))
        taken.append((start, end))
    folded = folded_text(doc)
    for m in list(_ORDINAL_RANK_RE.finditer(text, folded)) + list(_PLACING_RE.finditer(text, folded)) \
            + list(_HASH_RANK_RE.finditer(text, folded)):
        start, end = m.start("word"), m.end("word")
        if any(s <= start < e for s, e in taken):
            continue
        word = m.group("word").lower().lstrip("#")
        found.append(Figure(start=start, end=end, text=text[start:end],
                            value=float(_ORDINALS[word] if word in _ORDINALS else int(word)), unit="rank", kind="rank",
                            sentence_index=sentences.index_of(start)))
    found.sort(key=lambda f: f.start)
    _propagate_units(found, text)
    _distribute_list_units(found, text)
    _elliptical_units(found, text)
    found = [f for f in found if f.explicit_unit or f.keep_if_bare]
    _elliptical_currency(found, doc)
    _elliptical_measurement(found, doc)
    _statement_currency(found)
    for fig in found:
        if fig.wire_price and not fig.explicit_unit:  # "the stock closed at 19-3/4": a wire price in dollars
            fig.unit, fig.kind, fig.explicit_unit = "USD", "money", True
    _link_changes(found, text, source_id)
    _share_units_within_changes(found)
    for fig in found:
        fig.base_value, fig.base_unit = (fig.value, fig.unit) if fig.kind == "age" else to_base(fig.value, fig.unit)
        span = doc.char_span(fig.start, fig.end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        fig.measure = (_change_measure(span) if fig.change else None) or measure_of(span)
        fig.period = period_of(span)
    _share_measures(found)
    return found


def _share_measures(figures: list[Figure]) -> None:
    """The two ends of a range or of a from/to change measure one thing: the end whose
    measure the parse found lends it to the other ("3.2 to 3.5 mln tonnes of sorghum")."""
    for a, b in zip(figures, figures[1:]):
        if a.low is not None and a.low == b.low and a.high == b.high and a.unit == b.unit and a.change is None:
            a.measure = b.measure or a.measure  # the first end of a range sits before its unit
            b.measure = b.measure or a.measure
        elif a.change_group is not None and a.change_group == b.change_group:
            a.measure, b.measure = a.measure or b.measure, b.measure or a.measure


_CHANGE_VERBS = frozenset(
    "cut reduce lower raise increase lift hike rise fall drop decline climb slash boost trim ease tighten "
    "grow shrink jump slip slide fall plunge soar revise".split())


def _change_measure(span: Span) -> str | None:
    """What a from/to change changes: the object (or passive subject) of the nearest change verb
    before it in the sentence ("lower tariffs on Japanese cars to 15% from 27.5%", "the tariff on
    autos will be reduced from 25% to 15%"); a subject for intransitive ones ("exports rose")."""
    sent = SentenceIndex.of(span.doc).sentence_at(span.start_char)
    for tok in reversed(span.doc[sent.start:span.start]):
        if tok.pos_ not in ("VERB", "AUX") or tok.lemma_.lower() not in _CHANGE_VERBS:
            continue
        inside = range(span.start, span.end)
        for deps in (("dobj", "nsubjpass"), ("nsubj",)):
            for child in tok.children:
                if child.dep_ in deps and child.pos_ in ("NOUN", "PROPN"):
                    return _noun_phrase(child, inside)
                if child.dep_ in deps and child.pos_ == "PRON" and tok.dep_ in ("advcl", "conj", "xcomp"):
                    objects = [c for c in tok.head.children if c.dep_ in ("dobj", "nsubjpass") and c.pos_ in ("NOUN", "PROPN")]
                    if objects:
                        return _noun_phrase(objects[0], inside)
        return None
    return None


# A wire stock price in eighths, with no currency written: dollars.
_STOCK_PRICE_RE = re.compile(r"\b(?:stock|shares?|share\s+price)\b[^.;]{0,60}\b(?:closed|opened|traded|rose|fell|"
                             r"ended|was|at|to)\b", re.IGNORECASE)
_VARIANT_AFTER_RE = re.compile(r"[-–](\d{1,3})(?![\d.,%/])")
_UNIT_AFTER_VARIANT_RE = re.compile(
    rf"[- ]?(?:{_alternation(list(_PERCENT_WORDS) + list(_CURRENCY_WORDS) + list(_DURATION_UNITS) + list(_SCALES))})s?\b",
    re.IGNORECASE)
_REPEATED_RE = re.compile(r"\s+(?:rpt|repeat)\s+", re.IGNORECASE)
# Letters glued to digits that still make a quantity: "30fps", "9x", "20mm", "12yr", "5pts".
_GLUED_UNIT_RE = re.compile(rf"(?:{_alternation(_UNIT_SYMBOLS)}|{_alternation(_UNIT_WORDS)}|x|times|pts?|yrs?|"
                            rf"{_alternation(_DURATION_UNITS)}s?)(?![A-Za-z])", re.IGNORECASE)
_SELF_AGE_RE = re.compile(r"\b(?:I'm|I’m|I am)\s$")
# Nouns for people: "the former star, 42, was voted off" gives an age like a name does.
_PERSON_NOUNS = frozenset(
    "star actor actress singer rapper player striker goalkeeper quarterback pitcher coach manager man woman boy "
    "girl mother father son daughter wife husband widow resident driver victim suspect officer teacher student "
    "author founder executive chief president senator governor mayor lawmaker candidate defendant patient "
    "veteran artist musician comedian host model designer chef pilot soldier worker farmer".split())


def _names_follow(doc: Doc, end: int) -> bool:
    nxt = _next_word(doc, end)
    return nxt is not None and nxt.idx == end + 1 and nxt.pos_ == "PROPN" and nxt.is_title


def _is_apposed_age(doc: Doc, text: str, start: int, end: int, value: float) -> bool:
    """"Assange, 47, ..." : a number between commas right after a person's name (or a noun for
    a person: "the star, 42,") is an age."""
    if not (1 <= value <= 120) or text[end:end + 1] != "," or text[max(0, start - 2):start] != ", ":
        return False
    name = _token_at(doc, start - 3)
    return name is not None and (name.ent_type_ == "PERSON" or name.pos_ == "PROPN" and name.is_title
                                 or name.lower_ in _PERSON_NOUNS)
