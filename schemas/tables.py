"""The published tables, declared once.

Every column has a dtype, nullability, a description and its checks here. The Great
Expectations suites, the Parquet schema, datapackage.json and the README data dictionary
are all generated from these models (see schemas/derive.py).
"""
from __future__ import annotations

import datetime as dt
import functools
import importlib
import sys

import numpy as np
import pandas as pd
import pandera.pandas as pa


def import_without_dask(module: str):
    """Import `module` as if dask were not installed, and return it.

    pandera and pint look for dask when they load: pandera imports dask.dataframe (and with it
    dask.array and much of scipy) to collect dask's Series and Index types when it turns a
    DataFrameModel into a schema, pint imports dask for its dask-array support. That is about
    1 s of CPU in every stage process (dask is installed for extract's dask backend and is never
    used with either). With "dask" blocked for this one import, the module takes its own
    dask-is-absent path; dask itself stays importable for everything else."""
    if module in sys.modules:
        return sys.modules[module]
    hidden = ("dask", "dask.dataframe")
    saved = {name: sys.modules[name] for name in hidden if name in sys.modules}
    for name in hidden:
        sys.modules[name] = None  # an import of it raises ImportError; find_spec gives None
    try:
        return importlib.import_module(module)
    finally:
        for name in hidden:
            if name in saved:
                sys.modules[name] = saved[name]
            else:
                del sys.modules[name]


# our models validate pandas frames only; pandera's dask typing module stays "dask not installed"
import_without_dask("pandera.typing.dask")
from pandera.typing import Series  # noqa: E402  (after the dask typing module above)

# The release version, kept here and nowhere else (datapackage.json, CHANGELOG.md and the report
# read it). Semantic: major = contract change (a published column removed, renamed, retyped or
# made nullable, or the meaning of a table's rows changed; tests/test_release.py enforces the
# columns against schemas/contract/v<major>.json), minor = new articles, tables, columns or better
# extraction, patch = fixes.
# 2: sources.status added; sources also lists quarantined articles (their rows are not published)
# 2.1: figures.unit_text, low, high, base_value, base_unit, group_id; kind 'age'; the figure_groups
#      table (added columns and a new table: a minor version)
DATASET_VERSION = "2.9.0"
SCHEMA_VERSION = int(DATASET_VERSION.split(".")[0])
ENTITY_TYPES = ["PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "LAW", "PRODUCT"]
DATE_BASES = ["manifest", "record", "metadata", "url", "explicit", "inferred", "unknown"]
INPUT_FORMATS = ["txt", "html", "jsonl"]
# Units that convert (published vocabulary): name -> pint expression defining it. A figure's
# `unit` is one of these as written; `base_unit` is the first of BASE_UNITS with its dimension.
MEASUREMENT_UNITS = {
    # time (durations and ages); rates below are per these
    "second": "second", "minute": "minute", "hour": "hour", "day": "day", "week": "week",
    "month": "month", "quarter": "3 * month", "year": "year", "decade": "10 * year",
    "century": "100 * year",
    # mass
    "kilogram": "kilogram", "gram": "gram", "milligram": "milligram", "tonne": "tonne",
    "pound": "pound", "ounce": "ounce", "troy_ounce": "troy_ounce", "short_ton": "short_ton",
    "long_ton": "long_ton", "hundredweight": "hundredweight",
    # length
    "metre": "metre", "millimetre": "millimetre", "centimetre": "centimetre", "kilometre": "kilometre",
    "inch": "inch", "foot": "foot", "yard": "yard", "mile": "mile", "nautical_mile": "nautical_mile",
    "light_year": "light_year",
    # area
    "square_metre": "metre ** 2", "square_kilometre": "kilometre ** 2", "square_foot": "foot ** 2",
    "square_mile": "mile ** 2", "acre": "acre", "hectare": "hectare",
    # volume
    "cubic_metre": "metre ** 3", "cubic_foot": "foot ** 3", "litre": "litre", "millilitre": "millilitre",
    "gallon": "gallon", "barrel": "oil_barrel", "bushel": "bushel",
    # power, energy, torque, frequency, speed
    "watt": "watt", "kilowatt": "kilowatt", "megawatt": "megawatt", "gigawatt": "gigawatt",
    "horsepower": "horsepower", "joule": "joule", "kilowatt_hour": "kilowatt_hour",
    "megawatt_hour": "megawatt_hour", "gigawatt_hour": "gigawatt_hour", "terawatt_hour": "terawatt_hour",
    "newton_metre": "newton * metre", "pound_foot": "pound_force * foot", "hertz": "hertz",
    "kilohertz": "kilohertz", "megahertz": "megahertz", "gigahertz": "gigahertz",
    "metre_per_second": "metre / second", "kilometre_per_hour": "kilometre / hour",
    "mile_per_hour": "mile / hour", "knot": "knot",
}
# Rates of the mass and volume units: "barrel_per_day", "tonne_per_year".
for _amount in ("kilogram", "tonne", "pound", "ounce", "troy_ounce", "cubic_metre", "litre", "gallon",
                "barrel", "bushel", "cubic_foot"):
    for _period in ("day", "week", "month", "year"):
        MEASUREMENT_UNITS[f"{_amount}_per_{_period}"] = f"({MEASUREMENT_UNITS[_amount]}) / {_period}"
# Yields and grades: "234 cwts per acre", "3.1 tonnes a hectare", "0.3 grams a tonne".
MEASUREMENT_UNITS["kilogram_per_hectare"] = "kilogram / hectare"
MEASUREMENT_UNITS["gram_per_tonne"] = "gram / tonne"
for _amount in ("kilogram", "tonne", "pound", "hundredweight"):
    for _area in ("acre", "hectare"):
        MEASUREMENT_UNITS.setdefault(f"{_amount}_per_{_area}", f"({MEASUREMENT_UNITS[_amount]}) / {_area}")
for _amount in ("ounce", "troy_ounce"):
    MEASUREMENT_UNITS[f"{_amount}_per_tonne"] = f"({MEASUREMENT_UNITS[_amount]}) / tonne"
    # a grade "per ton" is per short ton (2,000 lb; North American mines), pint's "ton"
    MEASUREMENT_UNITS[f"{_amount}_per_ton"] = f"({MEASUREMENT_UNITS[_amount]}) / short_ton"
MEASUREMENT_UNITS["gram_per_ton"] = "gram / short_ton"
BASE_UNITS = ["day", "kilogram", "metre", "square_metre", "cubic_metre", "watt", "joule", "hertz",
              "metre_per_second", "kilogram_per_day", "cubic_metre_per_day", "kilogram_per_hectare",
              "gram_per_tonne"]
# Units compared only by name: temperatures (a written degree may be a level or a change),
# index and score points, multiples, and data sizes.
OTHER_UNITS = ["degree_celsius", "degree_fahrenheit", "point", "times", "decibel", "byte", "kilobyte",
               "megabyte", "gigabyte", "terabyte", "bag", "bale", "box", "calorie", "frame_per_second",
               "kilobit_per_second", "megabit_per_second", "gigabit_per_second", "richter", "gallon_per_box",
               "calorie_per_tablespoon", "calorie_per_teaspoon", "calorie_per_cup",
               # a plain "ton" (short, long or metric: the text does not say) and ship tonnages
               # (deadweight: carrying capacity; gross and compensated gross: enclosed volume)
               "ton", "deadweight_tonne", "gross_ton", "cgrt",
               # a sports season: its length differs from sport to sport
               "season"]
FIGURE_KINDS = ["money", "percent", "count", "duration", "rank", "age", "other"]
FIGURE_UNITS_NON_CURRENCY = ["percent", "percentage_point", "basis_point", "count", "rank"] \
    + list(MEASUREMENT_UNITS) + OTHER_UNITS
QUALIFIERS = ["approximately", "at_least", "at_most", "less_than", "more_than", "up_to"]
CHANGES = ["from", "to"]
CLAIM_KINDS = ["direct_quote", "reported"]
SPEAKER_BASES = ["name", "title", "role_noun", "pronoun", "continuation", "description", "unresolved"]
SOURCE_STATUSES = ["accepted", "quarantined"]

# Column metadata: "arrow" is the Parquet type when it is not implied by the dtype.
LIST = {"arrow": "list<string>"}
DATE = {"arrow": "date32"}


def _is_str_list(series: pd.Series) -> pd.Series:
    return series.map(lambda v: isinstance(v, (list, tuple, np.ndarray)) and all(isinstance(x, str) for x in v))


def _is_date_or_null(series: pd.Series) -> pd.Series:
    return series.map(lambda v: v is None or (isinstance(v, float) and np.isnan(v)) or isinstance(v, dt.date))




class _Model(pa.DataFrameModel):
    class Config:
        strict = True
        ordered = True
        coerce = True


class Sources(_Model):
    """One row per article that passed ingest; status says whether its rows are in the release."""
    source_id: Series[str] = pa.Field(unique=True, str_matches=r"^src-[0-9a-f]{16}$",
                                      description="Stable id: 'src-' + the first 16 hex digits of sha256.")
    path: Series[str] = pa.Field(unique=True, description="Input file relative to the repository root (or '<input folder>/<file>' for a folder outside it); '<file>#L<n>' for line n of a JSONL dump.")
    sha256: Series[str] = pa.Field(str_matches=r"^[0-9a-f]{64}$", description="SHA-256 of the raw input bytes: the file (decompressed when gzipped) or the JSONL line.")
    format: Series[str] = pa.Field(isin=INPUT_FORMATS, description="Input format: txt (plain text) | html (a saved web page) | jsonl (a line of a JSON Lines dump).")
    encoding: Series[str] = pa.Field(description="Text encoding the input was decoded from (Python codec name: utf-8, cp1252, latin_1, ...).")
    external_id: Series[str] = pa.Field(nullable=True, description="The article's own id in its input (the JSONL id field), if any.")
    title: Series[str] = pa.Field(nullable=True, description="Headline: from the manifest, the JSONL record, the page metadata, or a headline-like first line.")
    publisher: Series[str] = pa.Field(nullable=True, description="Publisher: from the manifest, the JSONL record or the page's site name.")
    url: Series[str] = pa.Field(nullable=True, description="Original URL: from the manifest, the JSONL record or the page's canonical URL.")
    published_date: Series[object] = pa.Field(nullable=True, metadata=DATE,
                                              description="Publication date (see date_basis for how it is known); never after the day of ingest.")
    date_basis: Series[str] = pa.Field(isin=DATE_BASES, description="Where published_date comes from, first found in this order: manifest | record (the JSONL date field) | metadata (the page's date metadata and markup, via htmldate) | url (a date in the URL) | explicit (a date line in the text) | inferred (a date htmldate finds in the page text) | unknown.")
    credits: Series[object] = pa.Field(metadata=LIST, description="People credited: bylines, contributors, editors.")
    cited_outlets: Series[object] = pa.Field(metadata=LIST, description="News outlets the article cites or is based on.")
    language: Series[str] = pa.Field(str_matches=r"^[a-z]{2,3}$", description="Language of the body (ISO 639 code, one of the accepted ingest.languages), identified by py3langid.")
    language_confidence: Series[float] = pa.Field(ge=0, le=1, description="The identifier's probability for that language; low for terse texts such as tables of figures.")
    n_words: Series[int] = pa.Field(ge=1, description="Word count of the body.")
    body_chars: Series[int] = pa.Field(ge=1, description="Length of the cleaned body in characters; every offset indexes into it.")
    boilerplate_chars: Series[int] = pa.Field(ge=0, description="Characters of page furniture split off the body (teasers, credit lines, date lines, comment prompts).")
    duplicate_of: Series[str] = pa.Field(nullable=True, description="source_id of an earlier near-duplicate (syndicated copy), if any.")
    status: Series[str] = pa.Field(isin=SOURCE_STATUSES, description="accepted: its mentions, figures and claims are published | quarantined: a row or article check failed, its rows are held back and listed in data/reports/quarantine.csv.")

    @pa.check("credits", "cited_outlets", name="is_list_of_strings")
    def _lists(cls, series: Series[object]) -> Series[bool]:
        return _is_str_list(series)

    @pa.check("published_date", name="is_date")
    def _date(cls, series: Series[object]) -> Series[bool]:
        return _is_date_or_null(series)


class Entities(_Model):
    """One row per canonical real-world entity across the corpus."""
    entity_id: Series[str] = pa.Field(unique=True, str_matches=r"^[a-z]+/[a-z0-9-]+$",
                                      description="Stable readable id: '<type>/<slugified name>', e.g. person/ryosei-akazawa.")
    name: Series[str] = pa.Field(description="Canonical name: the fullest form used in the corpus.")
    type: Series[str] = pa.Field(isin=ENTITY_TYPES, description="Entity type (OntoNotes labels).")
    aliases: Series[object] = pa.Field(metadata=LIST, description="Other surface forms merged into this entity.")
    roles: Series[object] = pa.Field(metadata=LIST, description="Titles and descriptions given to it, e.g. 'Commerce Secretary'.")
    n_mentions: Series[int] = pa.Field(ge=1, description="Number of mentions across the corpus.")
    n_sources: Series[int] = pa.Field(ge=1, description="Number of distinct sources that mention it.")

    @pa.check("aliases", "roles", name="is_list_of_strings")
    def _lists(cls, series: Series[object]) -> Series[bool]:
        return _is_str_list(series)


class Mentions(_Model):
    """One row per entity mention."""
    mention_id: Series[str] = pa.Field(unique=True, description="Stable id: '<source_id>:m:<start>-<end>'.")
    entity_id: Series[str] = pa.Field(description="The entity mentioned (entities.entity_id).")
    source_id: Series[str] = pa.Field(description="The article (sources.source_id).")
    start: Series[int] = pa.Field(ge=0, description="Start offset in the body (inclusive).")
    end: Series[int] = pa.Field(ge=1, description="End offset in the body (exclusive).")
    text: Series[str] = pa.Field(description="The mention as written (titles and possessive 's removed).")
    sentence_index: Series[int] = pa.Field(ge=0, description="0-based sentence number in the body.")


class Figures(_Model):
    """One row per numeric quantity."""
    figure_id: Series[str] = pa.Field(unique=True, description="Stable id: '<source_id>:f:<start>-<end>'.")
    source_id: Series[str] = pa.Field(description="The article (sources.source_id).")
    start: Series[int] = pa.Field(ge=0, description="Start offset in the body (inclusive).")
    end: Series[int] = pa.Field(ge=1, description="End offset in the body (exclusive).")
    text: Series[str] = pa.Field(description="The figure as written, e.g. '$550 billion'.")
    value: Series[float] = pa.Field(description="Normalized value in base units: '$550 billion' -> 550000000000.")
    unit: Series[str] = pa.Field(str_matches=rf"^(?:[A-Z]{{3}}|(?:{'|'.join(FIGURE_UNITS_NON_CURRENCY)}))$",
                                 description="The unit the figure is written in: an ISO 4217 currency code, or one of: "
                                 + ", ".join(FIGURE_UNITS_NON_CURRENCY) + ".")
    kind: Series[str] = pa.Field(isin=FIGURE_KINDS, description="money | percent | count | duration | rank | age | other "
                                 "(physical units, index points and scores, multiples).")
    unit_text: Series[str] = pa.Field(nullable=True, description="The unit as written at this figure ('lb', 'mln dlrs' -> 'dlrs', '$', '%'); null when the unit is implied (a count, or an end of a range whose unit is written on the other end).")
    low: Series[float] = pa.Field(nullable=True, description="Lower end of the range the figure belongs to ('$10-20 billion', 'hundreds of thousands'), in `unit`.")
    high: Series[float] = pa.Field(nullable=True, description="Upper end of that range; for a vague magnitude ('millions of') the next order of magnitude.")
    base_value: Series[float] = pa.Field(description="value in base_unit, so figures written in different units compare ('3 lb' and '1.36 kg').")
    base_unit: Series[str] = pa.Field(description="SI unit of the unit's dimension (kilogram, metre, square_metre, cubic_metre, watt, joule, newton_metre, hertz, metre_per_second; day for time; rates per day); the unit itself for currencies, percents, counts and points.")
    qualifier: Series[str] = pa.Field(nullable=True, isin=QUALIFIERS, description="Hedge written before the number: " + ", ".join(QUALIFIERS) + ".")
    change: Series[str] = pa.Field(nullable=True, isin=CHANGES, description="'from' or 'to' when the figure is one end of a from/to change.")
    change_group: Series[str] = pa.Field(nullable=True, description="Links the two ends of one from/to change.")
    measure: Series[str] = pa.Field(nullable=True, description="What is measured, from the parse, e.g. 'tariffs on Japanese cars'.")
    period: Series[str] = pa.Field(nullable=True, description="Time expression the figure refers to, e.g. '2024', 'last year'.")
    sentence_index: Series[int] = pa.Field(ge=0, description="0-based sentence number in the body.")
    claim_id: Series[str] = pa.Field(nullable=True, description="The claim whose statement contains the figure (claims.claim_id).")
    group_id: Series[str] = pa.Field(nullable=True, description="Figures from different sources reporting the same measure of the same subject and period (figure_groups.group_id).")


class Claims(_Model):
    """One row per attributed statement."""
    claim_id: Series[str] = pa.Field(unique=True, description="Stable id: '<source_id>:c:<start>-<end>'.")
    source_id: Series[str] = pa.Field(description="The article (sources.source_id).")
    start: Series[int] = pa.Field(ge=0, description="Start offset of the statement in the body (inclusive).")
    end: Series[int] = pa.Field(ge=1, description="End offset of the statement in the body (exclusive).")
    text: Series[str] = pa.Field(description="The statement only, without the attribution clause or quote marks.")
    kind: Series[str] = pa.Field(isin=CLAIM_KINDS, description="direct_quote (quoted words) | reported (indirect speech).")
    cue: Series[str] = pa.Field(description="Lemma of the reporting verb (say, tell, stress, ...) or 'according to'.")
    speaker: Series[str] = pa.Field(nullable=True, description="The speaker as written; for a pronoun or a definite description that refers back to an unnamed speaker ('a senior official ... he said', '... the official said'), that speaker's words.")
    speaker_entity_id: Series[str] = pa.Field(nullable=True, description="The speaker resolved to an entity (entities.entity_id).")
    speaker_basis: Series[str] = pa.Field(nullable=True, isin=SPEAKER_BASES, description=(
        "How the speaker was resolved: name (named in the phrase or in apposition to it) | title ('the "
        "president', 'the actor', 'the 54-year-old': the person who holds that title or role in the article) | "
        "role_noun ('the company': the organisation so described) | pronoun (he/she/it/they, and 'his office', "
        "'its parent' for the possessor: the most salient earlier speaker or subject of matching kind and "
        "gender) | continuation (a quotation continuing the previous speaker, also into the next paragraph) | "
        "description (an unnamed speaker, or a description no named entity answers to, kept as written) | "
        "unresolved (a pronoun with no antecedent); null when the claim has no speaker."))
    via: Series[str] = pa.Field(nullable=True, description="Outlet the statement was reported through, e.g. 'Reuters' in 'told Reuters'.")
    sentence_index: Series[int] = pa.Field(ge=0, description="0-based sentence number of the statement's start.")
    cluster_id: Series[str] = pa.Field(description="Claims carrying the same statement across sources share it.")
    n_sources: Series[int] = pa.Field(ge=1, description="Distinct sources carrying this cluster.")


class FigureGroups(_Model):
    """One row per measure that two or more sources report: where outlets agree or disagree."""
    group_id: Series[str] = pa.Field(unique=True, str_matches=r"^fg-[0-9a-f]{16}$",
                                     description="Stable id: 'fg-' + 16 hex digits of a hash of the member figure_ids.")
    measure: Series[str] = pa.Field(description="What is measured, as written in the first member figure.")
    unit: Series[str] = pa.Field(description="Unit the values are compared in (figures.base_unit).")
    n_sources: Series[int] = pa.Field(ge=2, description="Distinct sources reporting the measure.")
    n_figures: Series[int] = pa.Field(ge=2, description="Figures in the group.")
    min: Series[float] = pa.Field(description="Smallest reported value (in unit).")
    max: Series[float] = pa.Field(description="Largest reported value (in unit).")
    values_by_source: Series[object] = pa.Field(metadata=LIST, description="'<source_id>=<value>' per figure, sorted: who reports which number.")
    disagree: Series[bool] = pa.Field(description="True when the sources report values that differ by more than rounding.")

    @pa.check("values_by_source", name="is_list_of_strings")
    def _lists(cls, series: Series[object]) -> Series[bool]:
        return _is_str_list(series)


class Texts(_Model):
    """The cleaned body of each source: the text every start/end offset points into."""
    source_id: Series[str] = pa.Field(unique=True, str_matches=r"^src-[0-9a-f]{16}$",
                                      description="The article (sources.source_id).")
    body: Series[str] = pa.Field(description="Cleaned article body; text == body[start:end] for every mention, figure and claim. "
                                             "The text belongs to its publisher.")


TABLES: dict[str, type[_Model]] = {
    "sources": Sources, "entities": Entities, "mentions": Mentions, "figures": Figures, "claims": Claims,
    "figure_groups": FigureGroups,
    "texts": Texts,
}
# Published as Parquet only (bodies are long; CSV would not be read by anyone) and switchable off
# (params.yaml publish.texts) for corpora whose texts may not be redistributed.
PARQUET_ONLY_TABLES = ("texts",)


class Quarantine(_Model):
    """data/reports/quarantine.csv: one row per failed check of a quarantined article."""
    source_id: Series[str] = pa.Field(description="The quarantined article (sources.source_id).")
    table: Series[str] = pa.Field(description="Table of the failing row, or 'articles' when the article as a whole failed (e.g. too_large).")
    check: Series[str] = pa.Field(description="The failed check: '<column>: <check>' or an article-level reason.")
    value: Series[str] = pa.Field(description="The failing value ('' for article-level reasons).")
    detail: Series[str] = pa.Field(description="Id of the failing row and what the check allowed.")


# Reports that are not part of the release but are declared like the tables.
REPORTS: dict[str, type[_Model]] = {"quarantine": Quarantine}
QUARANTINE_COLUMNS = list(Quarantine.to_schema().columns)


@functools.lru_cache(maxsize=None)
def column_names(table: str) -> tuple[str, ...]:
    """Declared column order of a table (building a pandera schema is slow, so cached)."""
    return tuple(TABLES[table].to_schema().columns)


# Tables that may have no rows: a corpus where no two sources report the same measure.
MAY_BE_EMPTY = ("figure_groups",)

# (table, column) -> (referenced table, referenced column)
FOREIGN_KEYS = {
    ("mentions", "source_id"): ("sources", "source_id"),
    ("mentions", "entity_id"): ("entities", "entity_id"),
    ("figures", "source_id"): ("sources", "source_id"),
    ("figures", "claim_id"): ("claims", "claim_id"),
    ("figures", "group_id"): ("figure_groups", "group_id"),
    ("claims", "source_id"): ("sources", "source_id"),
    ("claims", "speaker_entity_id"): ("entities", "entity_id"),
    ("texts", "source_id"): ("sources", "source_id"),
}
OFFSET_TABLES = ("mentions", "figures", "claims")


def cross_table_failures(tables: dict[str, pd.DataFrame]) -> list[dict]:
    """Referential and offset failures across tables, one dict per failing check."""
    failures = []
    for (table, column), (ref_table, ref_column) in FOREIGN_KEYS.items():
        if table not in tables:  # texts are checked only where they are given (text_failures)
            continue
        values = tables[table][column].dropna()
        missing = sorted(set(values) - set(tables[ref_table][ref_column]))
        if missing:
            failures.append({"table": table, "column": column, "check": f"references {ref_table}.{ref_column}",
                             "n_failures": len(missing), "examples": [str(m) for m in missing[:5]]})
    for table, rows in offset_failures(tables).items():
        bad = tables[table].iloc[rows]
        failures.append({"table": table, "column": "start/end", "check": "0 <= start < end <= body_chars",
                         "n_failures": len(bad), "examples": [f"{r.source_id}:{r.start}-{r.end}" for r in bad.head(5).itertuples()]})
    if "texts" in tables:
        failures += text_failures(tables)
    return failures


def text_mismatches(tables: dict[str, pd.DataFrame]) -> dict[str, list[int]]:
    """Row positions, per table, whose text is not texts.body[start:end]. Rows whose offsets fall
    outside the body are offset_failures, not these."""
    bodies = dict(zip(tables["texts"]["source_id"], tables["texts"]["body"]))
    out = {}
    for table in OFFSET_TABLES:
        df = tables[table]
        rows = [i for i, (sid, start, end, text) in enumerate(zip(df["source_id"], df["start"], df["end"], df["text"]))
                if sid in bodies and 0 <= start < end <= len(bodies[sid]) and bodies[sid][int(start):int(end)] != text]
        if rows:
            out[table] = rows
    return out


def text_failures(tables: dict[str, pd.DataFrame]) -> list[dict]:
    """Every source has its body, and text == body[start:end] for every mention, figure and claim."""
    failures = []
    bodies = dict(zip(tables["texts"]["source_id"], tables["texts"]["body"]))
    missing = sorted(set(tables["sources"]["source_id"]) - set(bodies))
    if missing:
        failures.append({"table": "texts", "column": "source_id", "check": "has a row for every source",
                         "n_failures": len(missing), "examples": missing[:5]})
    body_chars = dict(zip(tables["sources"]["source_id"], tables["sources"]["body_chars"]))
    wrong_length = sorted(sid for sid, body in bodies.items() if sid in body_chars and len(body) != body_chars[sid])
    if wrong_length:
        failures.append({"table": "texts", "column": "body", "check": "len(body) == sources.body_chars",
                         "n_failures": len(wrong_length), "examples": wrong_length[:5]})
    for table, rows in text_mismatches(tables).items():
        bad = tables[table].iloc[rows]
        failures.append({"table": table, "column": "text", "check": "text == texts.body[start:end]",
                         "n_failures": len(rows),
                         "examples": [f"{r.source_id}:{r.start}-{r.end} {r.text!r}" for r in bad.head(5).itertuples()]})
    return failures


def offset_failures(tables: dict[str, pd.DataFrame]) -> dict[str, list[int]]:
    """Row positions, per table, whose offsets do not lie within their article's body."""
    sources = tables["sources"].drop_duplicates("source_id")
    body_chars = sources.set_index("source_id")["body_chars"]
    out = {}
    for table in OFFSET_TABLES:
        df = tables[table].reset_index(drop=True)
        limit = pd.to_numeric(df["source_id"].map(body_chars), errors="coerce").astype("float64")
        ok = (df["start"] >= 0) & (df["start"] < df["end"]) & (df["end"] <= limit)
        rows = [int(i) for i in df.index[~ok.fillna(False).astype(bool)]]
        if rows:
            out[table] = rows
    return out
