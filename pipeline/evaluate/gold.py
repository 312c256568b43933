"""Loading and validating gold annotation files (one JSON file per article).

Seed gold (data/gold/) validates against data/gold/gold.schema.json. Gold for articles of the
shared corpora (data/eval/) validates against the same schema relaxed in three documented ways
(`corpus_gold_schema`): source_path names a corpus record, date_basis may be `url`, and any
ISO code or snake_case unit is accepted for any kind.
"""
from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pipeline.evaluate.text import norm_path

GOLD_SCHEMA_NAME = "gold.schema.json"
CORPUS_SOURCE_PATH = r"^corpora/(?:reuters21578\.jsonl\.gz#reuters-\d+|web-pages/ground-truth\.jsonl#[0-9a-f]{16})$"
CORPUS_DATE_BASES = ["manifest", "explicit", "url", "unknown"]
CORPUS_UNIT = {"type": "string", "pattern": r"^(?:[A-Z]{3}|[a-z][a-z_]*)$"}


class GoldError(ValueError):
    """A gold file is missing, not JSON, or does not match its JSON schema."""


def is_optional(item: Mapping) -> bool:
    return bool(item.get("optional", False))


def read_schema(path: str | Path) -> dict:
    """A gold JSON schema, checked to be a valid schema."""
    import jsonschema

    path = Path(path)
    if not path.is_file():
        raise GoldError(f"gold schema not found: {path}")
    try:
        schema = json.loads(path.read_text(encoding="utf-8"))
        jsonschema.validators.validator_for(schema).check_schema(schema)
    except json.JSONDecodeError as exc:
        raise GoldError(f"gold schema {path} is not valid JSON: {exc}") from None
    except jsonschema.SchemaError as exc:
        raise GoldError(f"gold schema {path} is not a valid JSON schema: {exc.message}") from None
    return schema


def corpus_gold_schema(seed_schema: Mapping) -> dict:
    """The seed gold schema relaxed for articles of the shared corpora (data/eval/README.md):
    source_path `corpora/<corpus file>#<record id>`, date_basis also `url` (a date read from the
    page address) and `manifest` (Reuters metadata), and any ISO 4217 code or snake_case unit for
    any kind (tonne, barrel, point, ... as the annotation instructions list them)."""
    schema = copy.deepcopy(dict(seed_schema))
    schema["properties"]["source_path"]["pattern"] = CORPUS_SOURCE_PATH
    schema["properties"]["source"]["properties"]["date_basis"]["enum"] = list(CORPUS_DATE_BASES)

    def relax_units(node: Any) -> None:
        if isinstance(node, dict):
            if "unit" in node.get("properties", {}):
                node["properties"]["unit"] = dict(CORPUS_UNIT)
            for value in node.values():
                relax_units(value)
        elif isinstance(node, list):
            for value in node:
                relax_units(value)

    relax_units(schema)
    return schema


def validate_gold_document(doc: Any, schema: Mapping, name: str) -> None:
    """Raise GoldError naming `name` if `doc` does not match the JSON schema."""
    import jsonschema

    validator_cls = jsonschema.validators.validator_for(schema)
    errors = sorted(validator_cls(schema).iter_errors(doc), key=lambda e: (list(e.absolute_path), e.message))
    if errors:
        first = errors[0]
        where = "/".join(str(p) for p in first.absolute_path) or "(top level)"
        more = f" (and {len(errors) - 1} more error(s))" if len(errors) > 1 else ""
        raise GoldError(f"gold file {name} does not match the gold schema: at {where}: {first.message}{more}")


def load_gold_file(path: Path, schema: Mapping) -> dict:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise GoldError(f"gold file {path} is not valid JSON: {exc}") from None
    except UnicodeDecodeError as exc:
        raise GoldError(f"gold file {path} is not UTF-8 text: {exc}") from None
    validate_gold_document(doc, schema, str(path))
    return doc


def load_gold(gold_dir: str | Path, schema: str | Path | Mapping | None = None,
              allow_empty: bool = False) -> dict[str, dict]:
    """Every <stem>.json in gold_dir (except the schema), validated against `schema` (a loaded
    schema, a path, or by default the schema file inside gold_dir), keyed by normalised
    source_path. An empty folder is an error unless `allow_empty`."""
    gold_dir = Path(gold_dir)
    if not gold_dir.is_dir():
        raise GoldError(f"gold directory not found: {gold_dir}")
    if not isinstance(schema, Mapping):
        schema = read_schema(Path(schema) if schema else gold_dir / GOLD_SCHEMA_NAME)
    gold: dict[str, dict] = {}
    origin: dict[str, Path] = {}
    for path in sorted(gold_dir.glob("*.json")):
        if path.name == GOLD_SCHEMA_NAME:
            continue
        doc = load_gold_file(path, schema)
        key = norm_path(doc["source_path"])
        if key in gold:
            raise GoldError(f"gold files {origin[key]} and {path} both annotate source_path {key!r}")
        gold[key] = doc
        origin[key] = path
    if not gold and not allow_empty:
        raise GoldError(f"no gold files (*.json besides {GOLD_SCHEMA_NAME}) in {gold_dir}")
    return gold
